use tencent_action::tencent_action;

// ams and vm both have DescribeTasks at 2020-12-29.
#[tencent_action(version = "2020-12-29", response = serde_json::Value)]
pub struct DescribeTasks {}

fn main() {}

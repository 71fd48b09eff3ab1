use tencent_action::tencent_action;

#[tencent_action(service = "widgets", service = "cvm", version = "2017-03-12", response = serde_json::Value)]
pub struct DescribeThings {}

fn main() {}

use tencent_action::tencent_action;

#[tencent_action(service = "widgets", version = "2017-03-12", response = serde_json::Value, idempotent = true)]
pub struct DescribeThings {}

fn main() {}

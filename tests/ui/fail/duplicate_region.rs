use tencent_action::tencent_action;

#[tencent_action(service = "widgets", version = "2017-03-12", response = serde_json::Value, regions = ["ap-guangzhou", "ap-guangzhou"])]
pub struct DescribeThings {}

fn main() {}

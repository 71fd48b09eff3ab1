use tencent_action::tencent_action;

#[tencent_action(service = "iotexplorer", version = "2019-4-23")]
pub struct DescribeThings {}

fn main() {}

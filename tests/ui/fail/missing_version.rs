use tencent_action::tencent_action;

#[tencent_action(service = "iotexplorer")]
pub struct DescribeThings {}

fn main() {}

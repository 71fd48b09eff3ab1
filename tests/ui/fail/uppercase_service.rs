use tencent_action::tencent_action;

#[tencent_action(service = "IoTExplorer", version = "2019-04-23")]
pub struct DescribeThings {}

fn main() {}

use tencent_action::tencent_action;

#[tencent_action(service = "iotexplorer", version = "2019-04-23")]
pub enum DescribeThings {
    A,
}

fn main() {}

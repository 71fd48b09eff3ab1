use tencent_action::tencent_action;

#[tencent_action(service = "widgets", version = "2019-04-23", rate_limt = 20)]
pub struct DescribeThings {}

fn main() {}

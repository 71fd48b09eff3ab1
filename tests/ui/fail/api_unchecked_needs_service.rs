use tencent_action::tencent_action;

#[tencent_action(name = "DescribeNewThings", version = "2019-04-23", unchecked)]
pub struct DescribeNewThings {}

fn main() {}

use tencent_action::tencent_action;

pub struct NotSerde;

#[tencent_action(service = "widgets", version = "2017-03-12", response = NotSerde)]
pub struct DescribeThings {}

fn main() {}

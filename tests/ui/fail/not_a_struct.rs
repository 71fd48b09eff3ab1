use tencent_action::tencent_action;

#[tencent_action(service = "iotexplorer", version = "2019-04-23")]
fn describe_things() {}

fn main() {}

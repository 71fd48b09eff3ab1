use tencent_action::tencent_action;

#[tencent_action(servce = "iotexplorer", version = "23-04-2019")]
pub struct DescribeThings {
    #[tc(unique)]
    pub name: String,
}

// The struct is still emitted, so using it causes no further errors.
fn use_it(t: DescribeThings) -> String {
    t.name
}

fn main() {}

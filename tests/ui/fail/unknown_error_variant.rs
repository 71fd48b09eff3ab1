use tencent_action::tencent_action;

#[tencent_action(service = "widgets", version = "2017-03-12", response = serde_json::Value, errors(Exists = "InvalidParameter.Exists"))]
pub struct DescribeThings {}

fn check(e: DescribeThingsError) -> bool {
    matches!(e, DescribeThingsError::Missing)
}

fn main() {}

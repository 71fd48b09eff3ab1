use tencent_action::{tencent_action, tencent_model};

#[tencent_model]
pub struct Filter {
    pub name: String,
    pub valuess: Vec<String>,
}

#[tencent_action(service = "cvm", version = "2017-03-12", response = serde_json::Value)]
pub struct DescribeInstances {
    pub filters: Option<Vec<Filter>>,
}

fn main() {}

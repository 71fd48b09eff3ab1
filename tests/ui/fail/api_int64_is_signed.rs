use tencent_action::tencent_action;

#[tencent_action(service = "cvm", version = "2017-03-12", response = serde_json::Value)]
pub struct DescribeInstances {
    pub offset: Option<u64>,
    pub limit: Option<f64>,
    pub instance_ids: Option<Vec<i64>>,
}

fn main() {}

use tencent_action::{tencent_action, tencent_model};

#[tencent_model]
pub struct Placement {
    pub zone: String,
    pub project_id: Option<String>,
    pub host_ids: Option<String>,
}

#[tencent_action(service = "cvm", version = "2017-03-12", response = serde_json::Value)]
pub struct RunInstances {
    pub placement: Option<Placement>,
}

fn main() {}

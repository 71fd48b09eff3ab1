use tencent_action::tencent_action;

// A plain serde struct cannot stand for an object: the checks need #[tencent_model].
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
pub struct Placement {
    pub zone: String,
}

#[tencent_action(service = "cvm", version = "2017-03-12", response = serde_json::Value)]
pub struct RunInstances {
    pub placement: Option<Placement>,
    pub system_disk: Option<String>,
}

fn main() {}

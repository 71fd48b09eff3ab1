use tencent_action::{tencent_action, tencent_model};

#[tencent_model]
pub struct ImageRef {
    pub id: String,
}

#[tencent_action(service = "cvm", version = "2017-03-12", response = serde_json::Value)]
pub struct RunInstances {
    pub image_id: Option<ImageRef>,
}

fn main() {}

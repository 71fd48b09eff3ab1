#[tencent_action(crate = "my_runtime", service = "cvm", version = "2017-03-12", response = serde_json::Value)]
pub struct RunInstances {
    pub client_token: Option<String>,
    pub r#type: String,
}

use tencent_action::tencent_action;

#[tencent_action(service = "widgets", version = "2017-03-12", response = serde_json::Value)]
pub struct RunThings {
    pub client_token: u64,
}

fn main() {}

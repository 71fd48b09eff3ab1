use tencent_action::tencent_model;

#[tencent_model]
pub struct Thing {
    #[tc(secret = true)]
    pub password: String,
}

fn main() {}

use tencent_action::tencent_model;

#[tencent_model]
pub struct Thing {
    #[tc(rename = "")]
    pub name: String,
}

fn main() {}

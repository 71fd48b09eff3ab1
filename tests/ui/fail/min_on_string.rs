use tencent_action::tencent_model;

#[tencent_model]
pub struct Thing {
    #[tc(min = 1)]
    pub name: String,
}

fn main() {}

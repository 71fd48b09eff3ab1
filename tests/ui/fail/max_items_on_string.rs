use tencent_action::tencent_model;

#[tencent_model]
pub struct Thing {
    #[tc(max_items = 10)]
    pub name: String,
}

fn main() {}

use tencent_action::tencent_model;

#[tencent_model]
pub struct Thing {
    #[tc(min_items = 5, max_items = 2)]
    pub tags: Vec<String>,
}

fn main() {}

use tencent_action::tencent_model;

#[tencent_model]
pub struct Thing {
    #[tc(unique)]
    pub tags: std::collections::BTreeSet<String>,
}

fn main() {}

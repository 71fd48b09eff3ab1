use tencent_action::tencent_model;

#[tencent_model]
pub struct Thing {
    #[tc(min_len = 1)]
    pub count: Option<i64>,
}

fn main() {}

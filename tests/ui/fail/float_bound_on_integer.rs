use tencent_action::tencent_model;

#[tencent_model]
pub struct Thing {
    #[tc(max = 0.5)]
    pub count: u32,
}

fn main() {}

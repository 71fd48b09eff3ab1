use tencent_action::tencent_model;

#[tencent_model]
pub struct Opaque {}

#[tencent_model]
pub struct Thing {
    #[tc(max_len = 3)]
    pub value: Opaque,
}

fn main() {}

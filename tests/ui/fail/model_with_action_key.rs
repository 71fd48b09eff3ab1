use tencent_action::tencent_model;

#[tencent_model(service = "cvm")]
pub struct Thing {}

fn main() {}

use tencent_action::tencent_model;

#[tencent_model(service = "widgets")]
pub struct Thing {}

fn main() {}

mod runtime {
    pub use tencent_action as tc;
}

use tencent_action::{ErrorCode, tencent_action, tencent_model};

#[tencent_model(crate = "crate::runtime::tc")]
pub struct Item {
    pub name: String,
}

#[tencent_action(
    crate = "crate::runtime::tc",
    service = "widgets",
    version = "2017-03-12",
    errors(Exists = "InvalidParameter.Exists", Limit = "LimitExceeded")
)]
pub struct CreateItem {
    pub item: Item,
    pub client_token: Option<String>,
}

#[tencent_model(crate = "crate::runtime::tc")]
pub struct CreateItemResponse {}

fn main() {
    assert_eq!(CreateItemError::Exists.code(), "InvalidParameter.Exists");
    assert_eq!(CreateItemError::from_code("LimitExceeded"), Some(CreateItemError::Limit));
}

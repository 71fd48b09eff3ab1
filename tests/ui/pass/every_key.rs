use tencent_action::{Action, tencent_action, tencent_model};

#[tencent_model]
pub struct Item {
    #[tc(rename = "ID", min_len = 1, max_len = 64)]
    pub id: String,
    #[tc(min = -5, max = 5)]
    pub score: i32,
    #[tc(min = 0, max = 1.5)]
    pub weight: f64,
    #[tc(secret)]
    pub token: Option<String>,
}

#[tencent_action(
    service = "widgets",
    name = "DescribeItems",
    version = "2017-03-12",
    response = DescribeItemsOutput,
    regions = ["ap-guangzhou", "ap-shanghai-fsi"],
    rate_limit = 20,
    idempotent
)]
pub struct ListItems {
    #[tc(min_items = 1, max_items = 10)]
    pub items: Vec<Item>,
    #[tc(unique, max_items = 10)]
    pub names: Option<Vec<String>>,
    #[tc(min_items = 0, max_items = 3)]
    pub tags: Option<std::collections::BTreeMap<String, String>>,
}

#[tencent_model]
pub struct DescribeItemsOutput {
    pub total: Option<u64>,
}

fn main() {
    assert_eq!(ListItems::NAME, "DescribeItems");
    assert_eq!(ListItems::REGIONS.len(), 2);
    assert!(ListItems::IDEMPOTENT);
}

#[tencent_action(servce = "cvm", version = "2017-3-12")]
pub struct DescribeThings {
    #[tc(max_items = 3)]
    pub name: String,
}

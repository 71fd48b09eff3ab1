#[tencent_model]
pub struct TrtcParams {
    pub sdk_app_id: i64,
    #[tc(secret)]
    pub user_sig: String,
    #[tc(secret)]
    pub private_key: Option<String>,
    #[tc(min = 0.5, max = 2)]
    pub ratio: Option<f64>,
    pub children: Option<Vec<Child>>,
}

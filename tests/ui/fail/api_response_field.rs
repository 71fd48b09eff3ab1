use tencent_action::{tencent_action, tencent_model};

#[tencent_action(service = "cvm", version = "2017-03-12")]
pub struct DescribeZones {}

#[tencent_model]
pub struct DescribeZonesResponse {
    pub total_count: Option<u64>,
    pub zone_sett: Option<Vec<ZoneInfo>>,
}

#[tencent_model]
pub struct ZoneInfo {
    pub zone: String,
}

fn main() {}

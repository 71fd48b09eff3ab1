//! Declarations the API definition accepts: the short form (service inferred), some optional
//! members only, nested models (also recursive ones), `serde_json::Value` anywhere, a response
//! with a few of its fields, `unchecked` for an action the definition lacks, and a service the
//! definition does not know.

use tencent_action::{Action, tencent_action, tencent_model};

#[tencent_action(name = "CreateTRTCSignaturesWithRoomId", version = "2019-04-23")]
pub struct CreateTrtcSignaturesWithRoomId {
    #[tc(rename = "TRTCUserIds", unique, min_items = 1, max_items = 10)]
    pub trtc_user_ids: Vec<String>,
    #[tc(min_len = 1)]
    pub room_id: String,
}

#[tencent_model]
pub struct CreateTrtcSignaturesWithRoomIdResponse {
    #[tc(rename = "TRTCParamList")]
    pub trtc_param_list: Option<Vec<TrtcParams>>,
}

#[tencent_model]
pub struct TrtcParams {
    pub sdk_app_id: i64,
    pub user_id: String,
    pub user_sig: String,
}

#[tencent_model]
pub struct Filter {
    pub name: String,
    pub values: Vec<String>,
}

#[tencent_action(service = "cvm", version = "2017-03-12", response = serde_json::Value)]
pub struct DescribeInstances {
    pub filters: Option<Vec<Filter>>,
    pub limit: Option<i32>,
    pub instance_ids: Option<Vec<std::borrow::Cow<'static, str>>>,
}

// Placement is used in responses too: its required Zone may be optional here.
#[tencent_model]
pub struct Placement {
    pub zone: Option<String>,
    pub project_id: Option<i64>,
}

#[tencent_action(service = "cvm", version = "2017-03-12", response = serde_json::Value)]
pub struct RunInstances {
    pub placement: Option<Placement>,
    pub system_disk: Option<serde_json::Value>,
    pub instance_count: Option<i64>,
}

#[tencent_action(service = "cvm", version = "2017-03-12")]
pub struct DescribeZones {}

#[tencent_model]
pub struct DescribeZonesResponse {
    pub total_count: Option<u32>,
    pub zone_set: Option<Vec<ZoneInfo>>,
}

#[tencent_model]
pub struct ZoneInfo {
    pub zone: String,
    pub zone_state: String,
}

#[tencent_action(service = "cvm", version = "2017-03-12", response = serde_json::Value, unchecked)]
pub struct DescribeFutureThings {
    pub anything: Option<u8>,
}

#[tencent_action(service = "widgets", version = "2024-01-01", response = serde_json::Value)]
pub struct RunWidget {
    pub name: String,
}

fn main() {
    assert_eq!(CreateTrtcSignaturesWithRoomId::SERVICE, "iotexplorer");
    assert_eq!(CreateTrtcSignaturesWithRoomId::NAME, "CreateTRTCSignaturesWithRoomId");
    assert_eq!(DescribeFutureThings::SERVICE, "cvm");
    assert_eq!(RunWidget::SERVICE, "widgets");
}

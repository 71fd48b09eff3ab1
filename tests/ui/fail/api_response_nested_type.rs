use tencent_action::{tencent_action, tencent_model};

#[tencent_action(name = "CreateTRTCSignaturesWithRoomId", version = "2019-04-23", response = Signatures)]
pub struct CreateRoom {
    #[tc(rename = "TRTCUserIds")]
    pub trtc_user_ids: Vec<String>,
    pub room_id: String,
}

#[tencent_model]
pub struct Signatures {
    #[tc(rename = "TRTCParamList")]
    pub trtc_param_list: Option<Vec<TrtcParams>>,
}

#[tencent_model]
pub struct TrtcParams {
    pub sdk_app_id: String,
    pub user_id: String,
    pub user_sig: bool,
}

fn main() {}

use tencent_action::tencent_action;

#[tencent_action(service = "iotexplorer", name = "CreateTRTCSignaturesWithRoomId", version = "2019-04-24")]
pub struct CreateRoom {
    #[tc(rename = "TRTCUserIds")]
    pub trtc_user_ids: Vec<String>,
    pub room_id: String,
}

fn main() {}

use tencent_action::tencent_action;

#[tencent_action(name = "CreateTRTCSignaturesWithRoomId", version = "2019-04-23")]
pub struct CreateRoom {
    #[tc(rename = "TRTCUserIds")]
    pub trtc_user_ids: Option<Vec<String>>,
    pub room_id: Option<String>,
}

fn main() {}

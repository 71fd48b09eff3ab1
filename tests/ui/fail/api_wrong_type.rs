use tencent_action::tencent_action;

#[tencent_action(name = "CreateTRTCSignaturesWithRoomId", version = "2019-04-23")]
pub struct CreateRoom {
    #[tc(rename = "TRTCUserIds")]
    pub trtc_user_ids: String,
    pub room_id: u64,
}

fn main() {}

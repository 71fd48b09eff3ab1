use tencent_action::tencent_action;

#[tencent_action(name = "CreateTRTCSignaturesWithRoomId", version = "2019-04-23")]
pub struct CreateRoom {
    #[tc(rename = "TRTCUserIds")]
    pub trtc_user_ids: Vec<String>,
    #[tc(rename = "RoomID")]
    pub room_id: String,
}

fn main() {}

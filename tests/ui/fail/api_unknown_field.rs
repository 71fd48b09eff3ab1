use tencent_action::tencent_action;

#[tencent_action(name = "CreateTRTCSignaturesWithRoomId", version = "2019-04-23")]
pub struct CreateRoom {
    #[tc(rename = "TRTCUserIds")]
    pub trtc_user_ids: Vec<String>,
    pub room_id: String,
    pub user_sigs: Option<Vec<String>>,
    pub rom_id: Option<String>,
}

fn main() {}

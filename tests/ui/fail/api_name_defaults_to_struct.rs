use tencent_action::tencent_action;

// The action name defaults to the struct's name, which differs from the API's in case.
#[tencent_action(version = "2019-04-23")]
pub struct CreateTrtcSignaturesWithRoomId {
    #[tc(rename = "TRTCUserIds")]
    pub trtc_user_ids: Vec<String>,
    pub room_id: String,
}

fn main() {}

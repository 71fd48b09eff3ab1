use tencent_action::tencent_model;

#[tencent_model]
pub struct Thing {
    pub room_id: String,
    #[tc(rename = "RoomId")]
    pub room: String,
}

fn main() {}

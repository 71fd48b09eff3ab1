#[tencent_action(
    name = "CreateTRTCSignaturesWithRoomId",
    version = "2019-04-23",
    regions = ["ap-guangzhou", "ap-shanghai"],
    rate_limit = 20,
    errors(RoomIdExist = "InvalidParameter.RoomIdExist")
)]
pub struct CreateTrtcSignaturesWithRoomId {
    #[tc(rename = "TRTCUserIds", unique, min_items = 1, max_items = 10)]
    pub trtc_user_ids: Vec<String>,
    #[tc(min_len = 1)]
    pub room_id: String,
}

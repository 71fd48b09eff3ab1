//! IoT Explorer API version 2019-04-23.

use crate::{tencent_action, tencent_model};

/// Creates TRTC call parameters for users entering a room (`CreateTRTCSignaturesWithRoomId`).
///
/// Offered in ap-bangkok, ap-guangzhou, ap-shanghai, ap-shanghai-fsi, eu-frankfurt and
/// na-ashburn; limited to 20 requests per second. Its documented error codes are
/// [`CreateTrtcSignaturesWithRoomIdError`].
///
/// ```no_run
/// use tencent_action::iotexplorer::v20190423::CreateTrtcSignaturesWithRoomId;
/// # async fn run() -> Result<(), tencent_action::Error> {
/// let client = tencent_action::Client::from_env()?;
/// let req = CreateTrtcSignaturesWithRoomId {
///     trtc_user_ids: vec!["alice".into(), "bob".into()],
///     room_id: "room1".into(),
/// };
/// let out = client.send(&req).await?;
/// for params in out.trtc_param_list.iter().flatten() {
///     println!("{} joins {} with app {}", params.user_id, params.str_room_id, params.sdk_app_id);
/// }
/// # Ok(()) }
/// ```
///
/// Matching the documented errors:
///
/// ```no_run
/// use tencent_action::iotexplorer::v20190423::{CreateTrtcSignaturesWithRoomId, CreateTrtcSignaturesWithRoomIdError as E};
/// # async fn run(client: tencent_action::Client, req: CreateTrtcSignaturesWithRoomId) {
/// match client.send(&req).await {
///     Ok(out) => println!("{}", out.request_id()),
///     Err(err) => match E::of(&err) {
///         Some(E::RoomIdExist) => println!("pick another room"),
///         Some(other) => println!("{}: {err}", tencent_action::ErrorCode::code(other)),
///         None => println!("{err}"),
///     },
/// }
/// # }
/// ```
#[tencent_action(
    name = "CreateTRTCSignaturesWithRoomId",
    version = "2019-04-23",
    regions = ["ap-bangkok", "ap-guangzhou", "ap-shanghai", "ap-shanghai-fsi", "eu-frankfurt", "na-ashburn"],
    rate_limit = 20,
    errors(
        RoomIdExist = "InvalidParameter.RoomIdExist",
        UserIdOverLimit = "InvalidParameter.UserIdOverLimit",
        TrtcServiceNotOpen = "UnsupportedOperation.TRTCServiceNotOpen",
    )
)]
pub struct CreateTrtcSignaturesWithRoomId {
    /// The TRTC user ids entering the room: 1 to 10, no repeats.
    #[tc(rename = "TRTCUserIds", unique, min_items = 1, max_items = 10)]
    pub trtc_user_ids: Vec<String>,
    /// The room id, e.g. `room1`.
    #[tc(min_len = 1)]
    pub room_id: String,
}

/// The result of [`CreateTrtcSignaturesWithRoomId`].
///
/// ```
/// use tencent_action::iotexplorer::v20190423::CreateTrtcSignaturesWithRoomIdResponse;
/// let r: CreateTrtcSignaturesWithRoomIdResponse = serde_json::from_str(r#"{"TRTCParamList": null}"#).unwrap();
/// assert!(r.trtc_param_list.is_none());
/// ```
#[tencent_model]
pub struct CreateTrtcSignaturesWithRoomIdResponse {
    /// One entry per user; may be `null`.
    #[tc(rename = "TRTCParamList")]
    pub trtc_param_list: Option<Vec<TrtcParams>>,
}

/// The parameters one user needs to enter a TRTC room.
///
/// `Debug` redacts `UserSig` and `PrivateKey`.
///
/// ```
/// use tencent_action::iotexplorer::v20190423::TrtcParams;
/// let p: TrtcParams = serde_json::from_str(r#"{"SdkAppId":1400000000,"UserId":"alice","UserSig":"eJw-sig","StrRoomId":"room1","PrivateKey":"eJw-key"}"#).unwrap();
/// assert_eq!(p.sdk_app_id, 1400000000);
/// assert!(!format!("{p:?}").contains("eJw-sig"));
/// ```
#[tencent_model]
pub struct TrtcParams {
    /// The TRTC application id.
    pub sdk_app_id: i64,
    /// The user id.
    pub user_id: String,
    /// The user's signature for entering TRTC.
    #[tc(secret)]
    pub user_sig: String,
    /// The room id, as a string.
    pub str_room_id: String,
    /// The user's room permission key.
    #[tc(secret)]
    pub private_key: String,
}

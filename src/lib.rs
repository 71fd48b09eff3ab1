//! Call Tencent Cloud API 3.0 from Rust: declare an action on a plain struct, and get
//! validation, TC3-HMAC-SHA256 signing, dispatch and a typed response.
//!
//! ```no_run
//! use tencent_action::{tencent_action, tencent_model, Client};
//!
//! #[tencent_action(name = "CreateTRTCSignaturesWithRoomId", version = "2019-04-23")]   // service inferred: iotexplorer
//! pub struct CreateRoom {
//!     #[tc(rename = "TRTCUserIds", unique, min_items = 1, max_items = 10)]
//!     pub trtc_user_ids: Vec<String>,
//!     #[tc(min_len = 1)]
//!     pub room_id: String,                    // wire name: RoomId
//! }
//!
//! #[tencent_model]
//! pub struct CreateRoomResponse {             // the default response type: <Struct>Response
//!     #[tc(rename = "TRTCParamList")]
//!     pub trtc_param_list: Option<Vec<tencent_action::iotexplorer::v20190423::TrtcParams>>,
//! }
//!
//! # async fn run() -> Result<(), tencent_action::Error> {
//! let client = Client::from_env()?;
//! let req = CreateRoom { trtc_user_ids: vec!["alice".into()], room_id: "room1".into() };
//! let out = client.send(&req).await?;
//! println!("{} {:?}", out.request_id(), out.trtc_param_list);
//! # Ok(()) }
//! ```
//!
//! # Declaring actions
//!
//! [`tencent_action`](macro@tencent_action) documents every key and
//! [`tencent_model`](macro@tencent_model) every field attribute, each with an example. Rules of
//! nested models apply to every element of a `Vec` of them, and failures name the full wire
//! path:
//!
//! ```
//! use tencent_action::{tencent_action, tencent_model, Action};
//! use tencent_action::validate::Validate;
//!
//! #[tencent_model]
//! pub struct Filter {
//!     #[tc(min_len = 1)]
//!     pub name: String,
//!     #[tc(max_items = 5)]
//!     pub values: Vec<String>,
//! }
//!
//! #[tencent_action(service = "cvm", version = "2017-03-12", response = serde_json::Value)]
//! pub struct DescribeInstances {
//!     pub filters: Option<Vec<Filter>>,
//!     #[tc(min = 0, max = 100)]
//!     pub limit: Option<i64>,
//! }
//!
//! let req = DescribeInstances {
//!     filters: Some(vec![Filter { name: "zone".into(), values: vec![] }, Filter { name: "".into(), values: vec![] }]),
//!     limit: Some(101),
//! };
//! let err = req.validate().unwrap_err();
//! assert_eq!(err.to_string(), "Filters.1.Name must be at least 1 character long (it is 0); Limit must be at most 100 (it is 101)");
//! assert_eq!(DescribeInstances::NAME, "DescribeInstances");
//! ```
#![warn(missing_docs)]

extern crate self as tencent_action;

pub use tencent_action_core::*;
#[doc = include_str!("docs/tencent_action.md")]
pub use tencent_action_macros::tencent_action;
#[doc = include_str!("docs/tencent_model.md")]
pub use tencent_action_macros::tencent_model;

pub mod iotexplorer;

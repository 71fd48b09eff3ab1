//! Every action of IoT Explorer (`iotexplorer`) API version 2019-04-23: 268 actions, their
//! responses and the 153 models they use, declared with `#[tencent_action]` and
//! `#[tencent_model]` by `tencent-action-gen` from the official spec, plus
//! [`for_each_action`](iotexplorer_v20190423::for_each_action), which hands every action type
//! to a visitor.
//!
//! The module is generated and checked in; `tests/it/up_to_date.rs` fails when it no longer
//! matches the spec and the generator, and regenerates it with `TENCENT_ACTION_REGENERATE=1`.
//!
//! ```
//! use tencent_action::{Action, Model};
//! use tencent_action_catalog::iotexplorer_v20190423::{self as iot, ActionVisitor};
//!
//! let req = iot::DescribeDevice {
//!     product_id: "ABCDEFGHIJ".into(),
//!     device_name: "dev01".into(),
//!     device_id: None,
//! };
//! assert_eq!(iot::DescribeDevice::NAME, "DescribeDevice");
//! assert_eq!(
//!     serde_json::to_string(&req).unwrap(),
//!     r#"{"ProductId":"ABCDEFGHIJ","DeviceName":"dev01"}"#
//! );
//!
//! struct Count(usize);
//! impl ActionVisitor for Count {
//!     fn visit<A: Action + Model>(&mut self) {
//!         self.0 += 1;
//!     }
//! }
//! let mut count = Count(0);
//! iot::for_each_action(&mut count);
//! assert_eq!(count.0, 268);
//! ```

pub mod iotexplorer_v20190423;

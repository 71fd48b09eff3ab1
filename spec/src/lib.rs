//! A compact index of the official Tencent Cloud API 3.0 definition: every service, version
//! and action, the members of every request, response and shared object (wire name, type,
//! required), and the documented example output of each action.
//!
//! It is built from the `api.json` and `examples.json` files that the PyPI package `tccli`
//! ships (the version in `TCCLI_VERSION`), by `spec/build-index.sh`. The macros of
//! `tencent-action` check declarations against it at compile time; the emulator answers any
//! action from it. Each service version is decompressed on first use.
//!
//! ```
//! // Which services have an action of that name at that version?
//! assert_eq!(
//!     tencent_action_spec::services_with_action("CreateTRTCSignaturesWithRoomId", "2019-04-23"),
//!     ["iotexplorer"]
//! );
//! let iot = tencent_action_spec::service("iotexplorer", "2019-04-23").unwrap();
//! let input = iot.input("CreateTRTCSignaturesWithRoomId").unwrap();
//! assert!(input.member("RoomId").unwrap().required);
//! ```

mod index;
mod lookup;
mod model;
mod suggest;
mod text;

pub use index::{IndexEntry, write_index};
pub use lookup::{
    action_names, actions_at, example_output, service, service_versions, services_with_action,
    versions,
};
pub use model::{Action, Member, Object, Service, Type, Usage};
pub use suggest::closest;

/// The `tccli` version the index was built from.
///
/// ```
/// assert!(tencent_action_spec::TCCLI_VERSION.starts_with("3."));
/// ```
pub const TCCLI_VERSION: &str = include_str!("../TCCLI_VERSION").trim_ascii();

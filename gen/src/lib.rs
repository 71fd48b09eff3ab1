//! Generates `#[tencent_action]` declarations from the official machine-readable spec of a
//! Tencent Cloud API 3.0 service version: the spec index of `tencent-action-spec` ([`index_spec`],
//! no descriptions), or the `api.json` that the `tccli` package ships for every service at
//! `tccli/services/SERVICE/VERSION/api.json` (its descriptions become doc comments). Both give
//! the same code but for the doc comments.
//!
//! ```
//! use tencent_action_gen::{Options, Selection, Style, generate_spec, index_spec};
//!
//! let spec = index_spec("cvm", "2017-03-12")?;
//! let selection = Selection::Actions(vec!["DescribeZones".into()]);
//! let rust = generate_spec(&spec, &Options::new(selection, Style::Macro))?;
//! assert!(rust.contains("#[tencent_action(service = \"cvm\", version = \"2017-03-12\")]"));
//! # Ok::<(), tencent_action_gen::GenError>(())
//! ```
//!
//! ```no_run
//! use tencent_action_gen::{generate, Selection, Style};
//!
//! let api_json = std::fs::read_to_string("iotexplorer-2019-04-23/api.json")?;
//! let selection = Selection::Actions(vec!["CreateTRTCSignaturesWithRoomId".into()]);
//! let rust = generate(&api_json, &selection, Style::Macro)?;
//! std::fs::write("src/iotexplorer.rs", rust)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Each action becomes a request struct named after it (`CreateTRTCSignaturesWithRoomId` →
//! `CreateTrtcSignaturesWithRoomId`, acronyms folded) and a `<Struct>Response` model (the
//! spec's output object without `RequestId`); the shared objects they use become models,
//! emitted once each in alphabetical order. The output is `rustfmt`-clean as generated.
//!
//! | spec `type` / `member` | Rust type |
//! |---|---|
//! | `int` / `int64` | `i64` |
//! | `int` / `uint64` | `u64` |
//! | `int` / `int32`, `uint32`, `int`, `integer` | `i32`, `u32`, `i64`, `i64` |
//! | `float` / `float`, `double` | `f64` |
//! | `bool` / `bool` | `bool` |
//! | `string` / `string`, `date`, `datetime`, `datetime_iso`, `timestamp` | `String` |
//! | `binary` / `binary` | `String` (base64 in JSON) |
//! | `object` / an object with members | the model |
//! | `object` / an object without members, `json`, anything unknown | `serde_json::Value` |
//! | `list` / any of the above | `Vec<T>` |
//!
//! A member is `Option<T>` when it may be missing: in requests unless `required`; in
//! responses unless `output_required` and not `value_allowed_null`; in models used both ways
//! unless both hold; always when `disabled`. An object that contains itself (directly or
//! through other objects, not through a list) holds itself in a `Box`. String members named
//! like credentials (`…SecretKey`, `…PrivateKey`, `…Psk`, `…Token` but `ClientToken`,
//! `UserSig`, …) get `#[tc(secret)]`, so `Debug` redacts them.
#![warn(missing_docs)]

mod doc;
mod emit;
mod error;
mod from_index;
mod generate;
mod index;
mod names;
mod options;
mod plan;
mod spec;

pub use doc::doc_lines;
pub use error::GenError;
pub use from_index::{index_spec, spec_of_service};
pub use generate::{
    TypeMapping, generate, generate_spec, generate_with, parse_spec, type_mappings,
    type_mappings_of,
};
pub use index::{example_outputs, read_services, schema_of};
pub use names::{field_ident, pascal_case, snake, upper_camel, words};
pub use options::{Options, Selection, Style};
pub use plan::{RESERVED_TYPE_NAMES, is_secret};
pub use spec::{ActionSpec, ApiSpec, MemberSpec, Metadata, ObjectSpec};

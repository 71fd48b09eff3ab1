//! A local Tencent Cloud API 3.0 endpoint, and a test double to rely on.
//!
//! Mocks accept anything; the real cloud costs money and cannot be made to fail on cue. The
//! emulator sits between: it verifies TC3-HMAC-SHA256 signatures the way the service does
//! (same steps, same error codes, in the official envelope with HTTP 200), enforces what an
//! action declares, and misbehaves on demand.
//!
//! - **Built in**: IoT Explorer's `CreateTRTCSignaturesWithRoomId` (service `iotexplorer`,
//!   version `2019-04-23`), issuing real TRTC `UserSig`s and `PrivateMapKey`s (see
//!   [`usersig`]); STS `AssumeRole` and `AssumeRoleWithWebIdentity` (`sts`, `2018-08-13`); the
//!   CVM instance metadata credential endpoints. Temporary credentials they issue work like
//!   the service's: `X-TC-Token` must match, and once expired they get
//!   `AuthFailure.TokenFailure`.
//! - **Every other action of the API** (the default `spec` feature): an action with no
//!   handler of its own, of any service version in the spec index (`tencent-action-spec`,
//!   about 300 service versions and 16,000 actions), is answered from the official definition.
//!   The service is the one the request was signed for (the credential scope's, as the cloud
//!   takes the host's), the version `X-TC-Version`. Parameters are checked against the
//!   action's request at any depth (required members, no unknown ones, JSON types: strings
//!   and dates as strings, `int64` and `uint64` as integers, `float` as numbers, `bool`,
//!   objects, lists; from a GET query, text that spells the type), and the answer is the
//!   documented example output with a fresh RequestId, or, where none is documented, every
//!   member of the response with an empty value of its type (`""`, `0`, `false`, `[]`, dates
//!   at 1970-01-01, nested objects likewise, `null` for a recursive one). Any region is
//!   accepted.
//! - **Your actions**: [`EmulatorBuilder::handle`] serves any action declared with
//!   `#[tencent_action]` through a typed handler, enforcing its regions, required members,
//!   types and `#[tc(...)]` rules before the handler runs; [`EmulatorBuilder::handle_json`]
//!   serves anything as JSON.
//! - **Rate limits** per SecretId and action, with exact one-second-window semantics (see
//!   [`EmulatorBuilder::rate_limit`]).
//! - **Faults** ([`Fault`]): latency, connections closed or reset, HTTP 502/503, malformed,
//!   truncated or oversized bodies, `InternalError`, `RequestLimitExceeded`, a skewed clock.
//! - **A record of every request** ([`RunningEmulator::records`], `GET /__emulator/requests`):
//!   action, SecretId, region, verdict, fault, whether the handler ran, timing.
//! - **HTTPS** with a certificate made at start ([`EmulatorBuilder::tls`]).
//! - **Bounded against its clients**: a connection that sends no request head within
//!   [`DEFAULT_HEADER_READ_TIMEOUT`] (30 s, [`EmulatorBuilder::header_read_timeout`]) is closed,
//!   as is one whose TLS handshake takes over 10 s; at most [`DEFAULT_MAX_CONNECTIONS`] (1024,
//!   [`EmulatorBuilder::max_connections`]) are served at once, further ones waiting in the
//!   listener's queue; and a record keeps at most [`MAX_RECORD_TEXT`] bytes of each string
//!   taken from a request ([`MAX_RECORD_BYTES`] in all), so the log of the last
//!   [`MAX_RECORDS`] requests stays within tens of megabytes whatever their headers.
//!
//! Calls go to `/` by POST (JSON body, `Content-Type: application/json`) or GET (flattened,
//! form-encoded query). A call is checked in this order; the first failure is answered:
//!
//! | check | error code |
//! |---|---|
//! | method is GET or POST | `UnsupportedProtocol` |
//! | `Authorization` present, a TC3-HMAC-SHA256 header | `AuthFailure.InvalidAuthorization` |
//! | `X-TC-Timestamp` present, an integer | `MissingParameter`, `InvalidParameter` |
//! | timestamp within 300 s of the server clock | `AuthFailure.SignatureExpire` (the message gives the server time) |
//! | scope date is the timestamp's UTC date, scope service is the action's | `AuthFailure.SignatureFailure` |
//! | SecretId known | `AuthFailure.SecretIdNotFound` |
//! | temporary credentials: `X-TC-Token` is theirs, and they have not expired | `AuthFailure.TokenFailure` |
//! | `content-type` and `host` signed, every signed header sent | `AuthFailure.InvalidAuthorization` |
//! | signature over method, raw query, signed headers and body (or `UNSIGNED-PAYLOAD`); a signed `host` as received, or, when it carries a port, the host name without it (as the official Node.js SDK signs; the service, on port 443, never sees the difference) | `AuthFailure.SignatureFailure` |
//! | `X-TC-Action`, `X-TC-Version` present; version and action exist (a handler's, else the spec index's; an unknown action's message suggests the closest names) | `MissingParameter`, `NoSuchVersion`, `InvalidAction` |
//! | the action's rate limit for this SecretId | `RequestLimitExceeded` (not processed) |
//! | `X-TC-Region` present and offered | `MissingParameter`, `UnsupportedRegion` |
//! | parameters: JSON, present, known, typed, valid | `InvalidParameter`, `MissingParameter`, `UnknownParameter`, `InvalidParameterValue`, and the action's own codes |
//! | from the spec index: required members present, every member known, every value of its type, at any depth (`Filters.0.Name`) | `MissingParameter`, `UnknownParameter`, `InvalidParameterValue` |
//!
//! `AssumeRoleWithWebIdentity` skips the signature checks (the SDKs send
//! `Authorization: SKIP`).
//!
//! A signature mismatch's message shows the canonical request and the string to sign computed
//! here, byte for byte, between `The canonical request here was:\n` and `\nand the string to
//! sign:\n`, so it can be diffed against what the client signed
//! (`PreparedRequest::signed().canonical_request()` in `tencent-action`). Keys and tokens never
//! appear in messages or records.
//!
//! `GET /__emulator/stats` answers `{"requests_seen": N}`: every request that reached the
//! server except those to this page and the next. `GET /__emulator/requests[?limit=N]`
//! answers the last N (default 100) [`RequestRecord`]s as `{"requests": [...]}`.
//!
//! The `tencent-action-emulator` binary needs the default `cli` feature (argument parsing,
//! the multi-thread runtime, stop signals). A program that embeds the emulator can leave it
//! out with `default-features = false`: the library works on any tokio runtime. That leaves
//! out the default `spec` feature too (the index adds a few megabytes); without it, only the
//! built-in and registered actions are served.
//!
//! ```
//! use tencent_action_emulator::Emulator;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::io::Result<()> {
//! let emulator = Emulator::builder()
//!     .credential("AKIDEXAMPLE", "secret-key")
//!     .start("127.0.0.1:0")
//!     .await?;
//! println!("point TENCENTCLOUD_ENDPOINT at {}", emulator.url());
//! assert_eq!(emulator.requests_seen(), 0);
//! emulator.shutdown().await;
//! # Ok(())
//! # }
//! ```
#![warn(missing_docs)]

mod action;
mod builder;
mod clock;
mod credentials;
mod emulator;
mod envelope;
mod faults;
mod handlers;
mod metadata;
mod params;
mod random;
mod ratelimit;
mod records;
mod registry;
mod reply;
mod running;
mod server;
#[cfg(feature = "spec")]
mod spec_actions;
mod state;
mod sts;
mod tls;
mod trtc;
pub mod usersig;
mod verify;

pub use crate::builder::{DEFAULT_SDK_APP_ID, EmulatorBuilder};
pub use crate::emulator::Emulator;
pub use crate::faults::{DEFAULT_OVERSIZE, Fault, FaultKind, FaultSyntaxError};
pub use crate::handlers::Reject;
pub use crate::records::{
    MAX_RECORD_BYTES, MAX_RECORD_SIGNED_HEADERS, MAX_RECORD_TEXT, MAX_RECORDS, RequestRecord,
    Verdict,
};
pub use crate::running::RunningEmulator;
pub use crate::server::{REQUESTS_PATH, STATS_PATH};
pub use crate::state::{
    DEFAULT_HEADER_READ_TIMEOUT, DEFAULT_MAX_CONNECTIONS, DEFAULT_METADATA_ROLE,
};

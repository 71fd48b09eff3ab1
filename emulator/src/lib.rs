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

mod catalog;
mod clock;
mod credentials;
mod envelope;
mod faults;
mod handlers;
mod metadata;
mod params;
mod random;
mod ratelimit;
mod records;
mod reply;
mod server;
#[cfg(feature = "spec")]
mod spec_actions;
mod sts;
mod tls;
mod trtc;
pub mod usersig;
mod verify;

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;
use tencent_action_core::Action;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::catalog::{ActionSpec, Registry};
use crate::clock::Clock;
use crate::credentials::CredentialStore;
use crate::faults::Faults;
use crate::ratelimit::RateLimiter;
use crate::records::Records;
use crate::server::Shared;
use crate::tls::TlsIdentity;
use crate::trtc::Trtc;
use crate::usersig::TrtcApp;

/// How long a client may take to send a request's head before its connection is closed,
/// unless [`EmulatorBuilder::header_read_timeout`] says otherwise. A TLS handshake has its own
/// limit of 10 s.
///
/// ```
/// assert_eq!(tencent_action_emulator::DEFAULT_HEADER_READ_TIMEOUT.as_secs(), 30);
/// ```
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// How many connections are served at once, unless [`EmulatorBuilder::max_connections`] says
/// otherwise; further ones wait in the listener's queue.
///
/// ```
/// assert_eq!(tencent_action_emulator::DEFAULT_MAX_CONNECTIONS, 1024);
/// ```
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;

pub use crate::faults::{DEFAULT_OVERSIZE, Fault, FaultKind, FaultSyntaxError};
pub use crate::handlers::Reject;
pub use crate::records::{
    MAX_RECORD_BYTES, MAX_RECORD_SIGNED_HEADERS, MAX_RECORD_TEXT, MAX_RECORDS, RequestRecord,
    Verdict,
};

/// The SDKAppID the emulator issues credentials for unless told otherwise.
///
/// ```
/// assert_eq!(tencent_action_emulator::DEFAULT_SDK_APP_ID, 1400000000);
/// ```
pub const DEFAULT_SDK_APP_ID: i64 = 1_400_000_000;

/// The path of the request counter.
///
/// ```
/// assert_eq!(tencent_action_emulator::STATS_PATH, "/__emulator/stats");
/// ```
pub const STATS_PATH: &str = server::STATS_PATH;

/// The path of the request log.
///
/// ```
/// assert_eq!(tencent_action_emulator::REQUESTS_PATH, "/__emulator/requests");
/// ```
pub const REQUESTS_PATH: &str = server::REQUESTS_PATH;

/// The role name the instance metadata endpoint reports unless told otherwise.
///
/// ```
/// assert_eq!(tencent_action_emulator::DEFAULT_METADATA_ROLE, "emulator-role");
/// ```
pub const DEFAULT_METADATA_ROLE: &str = metadata::DEFAULT_ROLE;

/// How long [`RunningEmulator::shutdown`] lets open requests finish before it stops the server.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// A configured emulator, ready to [`start`](Emulator::start) or [`serve`](Emulator::serve).
///
/// `Debug` shows SecretIds, never keys.
///
/// ```
/// let emulator = tencent_action_emulator::Emulator::builder().credential("AKID", "key").build();
/// assert!(!format!("{emulator:?}").contains("\"key\""));
/// ```
pub struct Emulator {
    shared: Shared,
    tls: Option<Result<TlsIdentity, String>>,
}

impl fmt::Debug for Emulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut secret_ids: Vec<&str> = self.shared.credentials.long_term_ids().collect();
        secret_ids.sort_unstable();
        f.debug_struct("Emulator")
            .field("secret_ids", &secret_ids)
            .field("trtc_app", &self.shared.trtc.app)
            .field("tls", &self.tls.is_some())
            .finish_non_exhaustive()
    }
}

/// Configures an [`Emulator`].
///
/// ```
/// use tencent_action_emulator::Emulator;
/// let emulator = Emulator::builder()
///     .credential("AKID1", "key1")
///     .credential("AKID2", "key2")
///     .sdk_app_id(1400000001)
///     .build();
/// ```
#[derive(Clone)]
pub struct EmulatorBuilder {
    credentials: HashMap<String, String>,
    sdk_app_id: i64,
    sdk_secret_key: Option<String>,
    log_requests: bool,
    actions: Vec<ActionSpec>,
    rate_limits: HashMap<String, Option<u32>>,
    rate_limit_grace: Duration,
    faults: Vec<Fault>,
    clock_offset: i64,
    manual_clock: bool,
    credential_ttl: Option<Duration>,
    metadata_role: String,
    header_read_timeout: Duration,
    max_connections: usize,
    /// Makes the HTTPS identity, when serving HTTPS. Only [`tls`](Self::tls) names the
    /// function, so a program that never asks for HTTPS links none of the certificate and TLS
    /// server code.
    tls: Option<fn() -> Result<TlsIdentity, String>>,
}

impl fmt::Debug for EmulatorBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let actions: Vec<String> = self
            .actions
            .iter()
            .map(|a| format!("{}:{}:{}", a.service, a.version, a.name))
            .collect();
        f.debug_struct("EmulatorBuilder")
            .field("secret_ids", &self.credentials.keys().collect::<Vec<_>>())
            .field("sdk_app_id", &self.sdk_app_id)
            .field("log_requests", &self.log_requests)
            .field("actions", &actions)
            .field("rate_limits", &self.rate_limits)
            .field("faults", &self.faults)
            .field("clock_offset", &self.clock_offset)
            .field("manual_clock", &self.manual_clock)
            .field("header_read_timeout", &self.header_read_timeout)
            .field("max_connections", &self.max_connections)
            .field("header_read_timeout", &self.header_read_timeout)
            .field("max_connections", &self.max_connections)
            .field("tls", &self.tls.is_some())
            .finish_non_exhaustive()
    }
}

impl Emulator {
    /// A fresh random SecretId and SecretKey from the operating system's generator, for an
    /// emulator that should accept only the program that started it (give the pair to both
    /// [`EmulatorBuilder::credential`] and the client).
    ///
    /// ```
    /// let (secret_id, secret_key) = tencent_action_emulator::Emulator::random_credential();
    /// assert!(secret_id.starts_with("AKIDLOCAL") && secret_id.len() == 41);
    /// assert_eq!(secret_key.len(), 40);
    /// assert_ne!(tencent_action_emulator::Emulator::random_credential().1, secret_key);
    /// let builder = tencent_action_emulator::Emulator::builder().credential(secret_id, secret_key);
    /// ```
    pub fn random_credential() -> (String, String) {
        let mut bytes = [0u8; 36];
        random::fill(&mut bytes);
        let (id, key) = bytes.split_at(16);
        (
            format!("AKIDLOCAL{}", tencent_action_core::verifier::hex(id)),
            tencent_action_core::verifier::hex(key),
        )
    }

    /// A builder with no credentials, SDKAppID [`DEFAULT_SDK_APP_ID`], a random TRTC key, the
    /// built-in actions, no faults and the system clock.
    ///
    /// ```
    /// let builder = tencent_action_emulator::Emulator::builder();
    /// ```
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder {
            credentials: HashMap::new(),
            sdk_app_id: DEFAULT_SDK_APP_ID,
            sdk_secret_key: None,
            log_requests: false,
            actions: Vec::new(),
            rate_limits: HashMap::new(),
            rate_limit_grace: ratelimit::DEFAULT_GRACE,
            faults: Vec::new(),
            clock_offset: 0,
            manual_clock: false,
            credential_ttl: None,
            metadata_role: metadata::DEFAULT_ROLE.to_owned(),
            header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            tls: None,
        }
    }

    /// The PEM certificate of the authority that signed the HTTPS certificate, when built with
    /// [`tls(true)`](EmulatorBuilder::tls).
    ///
    /// ```
    /// let emulator = tencent_action_emulator::Emulator::builder().tls(true).build();
    /// assert!(emulator.ca_pem().unwrap().starts_with("-----BEGIN CERTIFICATE-----"));
    /// ```
    pub fn ca_pem(&self) -> Option<&str> {
        match &self.tls {
            Some(Ok(identity)) => Some(&identity.ca_pem),
            _ => None,
        }
    }

    /// The TLS handshake, or the error that prevented making one.
    fn acceptor(&self) -> std::io::Result<Option<Arc<dyn server::Secure>>> {
        match &self.tls {
            None => Ok(None),
            Some(Ok(identity)) => Ok(Some(Arc::clone(&identity.acceptor))),
            Some(Err(why)) => Err(std::io::Error::other(why.clone())),
        }
    }

    /// Binds `addr` (e.g. `"127.0.0.1:0"` for any free port) and serves on the current tokio
    /// runtime until [`RunningEmulator::shutdown`] or until every handle is dropped.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let running = tencent_action_emulator::Emulator::builder()
    ///     .credential("AKID", "key")
    ///     .build()
    ///     .start("127.0.0.1:0")
    ///     .await?;
    /// assert_ne!(running.addr().port(), 0);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn start(self, addr: &str) -> std::io::Result<RunningEmulator> {
        let acceptor = self.acceptor()?;
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let ca_pem = self.ca_pem().map(str::to_owned);
        let shared = Arc::new(self.shared);
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(server::serve(
            listener,
            Arc::clone(&shared),
            acceptor,
            async {
                // Resolves on an explicit stop and when the last handle is dropped.
                let _ = stopped.await;
            },
        ));
        Ok(RunningEmulator {
            inner: Arc::new(Handle {
                addr,
                ca_pem,
                shared,
                stop: Mutex::new(Some(stop)),
                task: Mutex::new(Some(task)),
            }),
        })
    }

    /// Serves on `listener` until `shutdown` resolves, then lets open requests finish.
    ///
    /// ```no_run
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let listener = tokio::net::TcpListener::bind("127.0.0.1:9000").await?;
    /// let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    /// # drop(stop);
    /// tencent_action_emulator::Emulator::builder()
    ///     .credential("AKID", "key")
    ///     .build()
    ///     .serve(listener, async { let _ = stopped.await; })
    ///     .await
    /// # }
    /// ```
    pub async fn serve(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let acceptor = self.acceptor()?;
        server::serve(listener, Arc::new(self.shared), acceptor, shutdown).await
    }
}

impl EmulatorBuilder {
    /// Adds a known SecretId and its SecretKey; may be called several times.
    ///
    /// ```
    /// let b = tencent_action_emulator::Emulator::builder().credential("AKID", "key");
    /// ```
    pub fn credential(
        mut self,
        secret_id: impl Into<String>,
        secret_key: impl Into<String>,
    ) -> Self {
        self.credentials.insert(secret_id.into(), secret_key.into());
        self
    }

    /// The SDKAppID of the TRTC application the credentials are for
    /// (default [`DEFAULT_SDK_APP_ID`]).
    ///
    /// ```
    /// let b = tencent_action_emulator::Emulator::builder().sdk_app_id(1400000001);
    /// ```
    pub fn sdk_app_id(mut self, id: i64) -> Self {
        self.sdk_app_id = id;
        self
    }

    /// The TRTC application's secret key that signs UserSigs and PrivateKeys, so they can be
    /// checked with [`usersig::TrtcApp::verify`]; by default a random key per emulator.
    ///
    /// ```
    /// use tencent_action_emulator::{usersig::TrtcApp, Emulator};
    /// let b = Emulator::builder().sdk_secret_key("0123abcd");
    /// let app = TrtcApp::new(tencent_action_emulator::DEFAULT_SDK_APP_ID, "0123abcd");
    /// ```
    pub fn sdk_secret_key(mut self, key: impl Into<String>) -> Self {
        self.sdk_secret_key = Some(key.into());
        self
    }

    /// Prints one line per request on stderr ([`RequestRecord::log_line`]): time, action,
    /// SecretId, verdict, fault, whether the handler ran, latency, RequestId.
    ///
    /// ```
    /// let b = tencent_action_emulator::Emulator::builder().log_requests(true);
    /// ```
    pub fn log_requests(mut self, on: bool) -> Self {
        self.log_requests = on;
        self
    }

    /// Serves an action declared with `#[tencent_action]` through a typed handler.
    ///
    /// Before the handler runs, the emulator enforces the declaration as the service would,
    /// whatever the client checked: the declared `regions` (`MissingParameter` without
    /// `X-TC-Region`, `UnsupportedRegion` outside them), required members (`MissingParameter`
    /// naming the member, e.g. `Placement.Zone`), types (`InvalidParameter`), no undeclared
    /// members (`UnknownParameter`) and the `#[tc(...)]` rules (`InvalidParameterValue`
    /// naming each field and rule). The action's `rate_limit` applies per SecretId. A
    /// [`Reject`] becomes the error envelope; a panic becomes `InternalError`. Registering an
    /// action that is already served (even a built-in one) replaces it.
    ///
    /// With `tencent-action`:
    ///
    /// ```text
    /// #[tencent_action(service = "cvm", version = "2017-03-12", regions = ["ap-guangzhou"], unchecked)]
    /// pub struct DescribeWidget { #[tc(min_len = 1)] pub widget_id: String }
    ///
    /// #[tencent_model]
    /// pub struct DescribeWidgetResponse { pub name: String }
    ///
    /// let emulator = Emulator::builder()
    ///     .handle::<DescribeWidget>(|req| Ok(DescribeWidgetResponse { name: format!("widget {}", req.widget_id) }))
    ///     .start("127.0.0.1:0").await?;
    /// ```
    ///
    /// The same with the traits implemented by hand:
    ///
    /// ```
    /// # use tencent_action_core::validate::{FieldPath, Validate, Violations};
    /// use tencent_action_emulator::{Emulator, Reject};
    ///
    /// #[derive(serde::Serialize, serde::Deserialize)]
    /// struct DescribeWidget {
    ///     #[serde(rename = "WidgetId")]
    ///     widget_id: String,
    /// }
    /// # impl Validate for DescribeWidget {
    /// #     fn validate_at(&self, _: Option<&FieldPath<'_>>, _: &mut Violations) {}
    /// # }
    /// impl tencent_action_core::Action for DescribeWidget {
    ///     const SERVICE: &'static str = "cvm";
    ///     const NAME: &'static str = "DescribeWidget";
    ///     const VERSION: &'static str = "2017-03-12";
    ///     const REGIONS: &'static [&'static str] = &["ap-guangzhou"];
    ///     type Response = serde_json::Value;
    ///     type ErrorCode = std::convert::Infallible;
    /// }
    ///
    /// let emulator = Emulator::builder()
    ///     .credential("AKID", "key")
    ///     .handle::<DescribeWidget>(|req| match req.widget_id.as_str() {
    ///         "w-1" => Ok(serde_json::json!({ "Name": "first" })),
    ///         other => Err(Reject::resource_not_found(format!("No widget `{other}`."))),
    ///     })
    ///     .build();
    /// ```
    pub fn handle<A>(
        mut self,
        handler: impl Fn(A) -> Result<A::Response, Reject> + Send + Sync + 'static,
    ) -> Self
    where
        A: Action + DeserializeOwned + 'static,
        A::Response: Serialize,
    {
        self.actions.push(handlers::typed::<A, _>(handler));
        self
    }

    /// Serves any action with a handler on JSON: it gets the parameters as a JSON object (from
    /// a GET query, every value is a string) and answers the `Response` fields as a JSON
    /// object (`RequestId` is added). Signatures are verified; nothing else is checked.
    ///
    /// ```
    /// use serde_json::json;
    /// use tencent_action_emulator::{Emulator, Reject};
    ///
    /// let emulator = Emulator::builder()
    ///     .credential("AKID", "key")
    ///     .handle_json("cvm", "2017-03-12", "DescribeZones", |params| {
    ///         if params.get("Offset").is_some() {
    ///             return Err(Reject::new("UnknownParameter", "Offset is not supported here."));
    ///         }
    ///         Ok(json!({ "TotalCount": 1, "ZoneSet": [{ "Zone": "ap-guangzhou-3" }] }))
    ///     })
    ///     .build();
    /// ```
    pub fn handle_json(
        mut self,
        service: &str,
        version: &str,
        action: &str,
        handler: impl Fn(serde_json::Value) -> Result<serde_json::Value, Reject> + Send + Sync + 'static,
    ) -> Self {
        self.actions
            .push(handlers::json(service, version, action, handler));
        self
    }

    /// Sets an action's request-rate limit per SecretId, replacing the declared one (20/s for
    /// `CreateTRTCSignaturesWithRoomId`, `rate_limit = N` for typed handlers); `None` (or 0)
    /// lifts it.
    ///
    /// A call is answered `RequestLimitExceeded`, and not processed, when N calls by the same
    /// SecretId to the same action were already accepted within the last second less the
    /// [grace](Self::rate_limit_grace) (950 ms by default). Of any K calls arriving within
    /// that window exactly min(K, N) are accepted; a client spacing its calls 1/N s apart is
    /// never throttled. With a [manual clock](Self::manual_clock) the window moves only with
    /// [`RunningEmulator::advance_clock`].
    ///
    /// ```
    /// let b = tencent_action_emulator::Emulator::builder()
    ///     .rate_limit("CreateTRTCSignaturesWithRoomId", 5)
    ///     .rate_limit("DescribeZones", None);
    /// ```
    pub fn rate_limit(
        mut self,
        action: impl Into<String>,
        per_second: impl Into<Option<u32>>,
    ) -> Self {
        self.rate_limits.insert(action.into(), per_second.into());
        self
    }

    /// How much of the rate-limit second is forgiven for transit jitter (default 50 ms): the
    /// window is one second minus this. Zero makes it exactly one second.
    ///
    /// ```
    /// let b = tencent_action_emulator::Emulator::builder().rate_limit_grace(std::time::Duration::ZERO);
    /// ```
    pub fn rate_limit_grace(mut self, grace: Duration) -> Self {
        self.rate_limit_grace = grace;
        self
    }

    /// Injects a fault from the start; see [`Fault`]. Faults can also be added and cleared
    /// while running ([`RunningEmulator::inject`]).
    ///
    /// ```
    /// use tencent_action_emulator::{Emulator, Fault, FaultKind};
    /// let b = Emulator::builder()
    ///     .fault(Fault::new(FaultKind::ServiceUnavailable).times(2))
    ///     .fault("latency:2s@AssumeRole".parse().unwrap());
    /// ```
    pub fn fault(mut self, fault: Fault) -> Self {
        self.faults.push(fault);
        self
    }

    /// Sets the server's clock off by `seconds` (positive: ahead). Beyond 300 s, correctly
    /// signed requests get `AuthFailure.SignatureExpire`, whose message states the server
    /// time so clients can correct their skew.
    ///
    /// ```
    /// let b = tencent_action_emulator::Emulator::builder().clock_offset(-600);
    /// ```
    pub fn clock_offset(mut self, seconds: i64) -> Self {
        self.clock_offset = seconds;
        self
    }

    /// Makes the service clock (which ages temporary credentials and slides rate-limit
    /// windows) stand still except when [`RunningEmulator::advance_clock`] moves it, so that
    /// expiry and throttling happen exactly when a test says. Signature timestamps are still
    /// checked against the system clock.
    ///
    /// ```
    /// let b = tencent_action_emulator::Emulator::builder().manual_clock(true);
    /// ```
    pub fn manual_clock(mut self, manual: bool) -> Self {
        self.manual_clock = manual;
        self
    }

    /// How long issued temporary credentials (STS, instance metadata) live, whatever
    /// `DurationSeconds` asks for; by default what it asks for (7200 s if nothing), and 7200 s
    /// for instance metadata.
    ///
    /// ```
    /// let b = tencent_action_emulator::Emulator::builder()
    ///     .temporary_credential_ttl(std::time::Duration::from_secs(2));
    /// ```
    pub fn temporary_credential_ttl(mut self, ttl: Duration) -> Self {
        self.credential_ttl = Some(ttl);
        self
    }

    /// The CAM role the instance metadata endpoint reports (default
    /// [`DEFAULT_METADATA_ROLE`]).
    ///
    /// ```
    /// let b = tencent_action_emulator::Emulator::builder().metadata_role("CVM_QcsRole");
    /// ```
    pub fn metadata_role(mut self, role: impl Into<String>) -> Self {
        self.metadata_role = role.into();
        self
    }

    /// Serves HTTPS with a certificate for `localhost` and `127.0.0.1`, signed by an authority
    /// made at build time: trust [`RunningEmulator::ca_pem`].
    ///
    /// How long a client may take to send a request's head, counted from the connection's
    /// start (or the TLS handshake's end) and from the end of each answer on a kept-alive
    /// connection; a connection that sends nothing, or its head too slowly, is closed.
    /// Default: [`DEFAULT_HEADER_READ_TIMEOUT`].
    ///
    /// ```
    /// let b = tencent_action_emulator::Emulator::builder()
    ///     .header_read_timeout(std::time::Duration::from_secs(5));
    /// ```
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = timeout;
        self
    }

    /// How many connections are served at once; a further one waits in the listener's queue
    /// until one closes. Default: [`DEFAULT_MAX_CONNECTIONS`]; 0 counts as 1.
    ///
    /// ```
    /// let b = tencent_action_emulator::Emulator::builder().max_connections(64);
    /// ```
    pub fn max_connections(mut self, max: usize) -> Self {
        self.max_connections = max;
        self
    }

    /// ```
    /// let b = tencent_action_emulator::Emulator::builder().tls(true);
    /// ```
    pub fn tls(mut self, on: bool) -> Self {
        self.tls = on.then_some(tls::generate);
        self
    }

    /// The configured emulator.
    ///
    /// ```
    /// let emulator = tencent_action_emulator::Emulator::builder().credential("AKID", "key").build();
    /// ```
    pub fn build(self) -> Emulator {
        let key = self.sdk_secret_key.unwrap_or_else(random::hex_key);
        let mut registry = Registry::builtin();
        for action in self.actions {
            registry.register(action);
        }
        Emulator {
            shared: Shared {
                credentials: CredentialStore::new(self.credentials, self.credential_ttl),
                registry,
                trtc: Trtc::new(TrtcApp::new(self.sdk_app_id, key)),
                clock: Clock::new(self.manual_clock, self.clock_offset),
                faults: Faults::new(self.faults),
                limiter: RateLimiter::new(self.rate_limit_grace, self.rate_limits),
                records: Records::default(),
                requests_seen: Default::default(),
                metadata_role: self.metadata_role,
                log_requests: self.log_requests,
                header_read_timeout: self.header_read_timeout,
                max_connections: self.max_connections,
            },
            tls: self.tls.map(|generate| generate()),
        }
    }

    /// Builds and [starts](Emulator::start) in one step.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let running = tencent_action_emulator::Emulator::builder()
    ///     .credential("AKID", "key")
    ///     .start("127.0.0.1:0")
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn start(self, addr: &str) -> std::io::Result<RunningEmulator> {
        self.build().start(addr).await
    }
}

/// A started emulator. Cheap to clone; the server stops on [`shutdown`](Self::shutdown), or once
/// every clone is dropped.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let running = tencent_action_emulator::Emulator::builder()
///     .credential("AKID", "key")
///     .start("127.0.0.1:0")
///     .await?;
/// let url = running.url();
/// assert!(url.starts_with("http://127.0.0.1:"));
/// running.shutdown().await;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct RunningEmulator {
    inner: Arc<Handle>,
}

/// Dropping the last handle drops `stop`, which ends the server.
struct Handle {
    addr: SocketAddr,
    ca_pem: Option<String>,
    shared: Arc<Shared>,
    stop: Mutex<Option<oneshot::Sender<()>>>,
    task: Mutex<Option<JoinHandle<std::io::Result<()>>>>,
}

impl fmt::Debug for RunningEmulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RunningEmulator")
            .field("url", &self.url())
            .field("requests_seen", &self.requests_seen())
            .finish()
    }
}

impl RunningEmulator {
    /// The bound address.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let running = tencent_action_emulator::Emulator::builder().start("127.0.0.1:0").await?;
    /// assert!(running.addr().ip().is_loopback());
    /// # Ok(())
    /// # }
    /// ```
    pub fn addr(&self) -> SocketAddr {
        self.inner.addr
    }

    /// The base URL, `http://ADDR` (`https://ADDR` with TLS), for `TENCENTCLOUD_ENDPOINT` or a
    /// client's endpoint.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let running = tencent_action_emulator::Emulator::builder().start("127.0.0.1:0").await?;
    /// assert_eq!(running.url(), format!("http://{}", running.addr()));
    /// # Ok(())
    /// # }
    /// ```
    pub fn url(&self) -> String {
        let scheme = if self.inner.ca_pem.is_some() {
            "https"
        } else {
            "http"
        };
        format!("{scheme}://{}", self.inner.addr)
    }

    /// The PEM certificate of the authority that signed the HTTPS certificate, when serving
    /// TLS.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let running = tencent_action_emulator::Emulator::builder().tls(true).start("127.0.0.1:0").await?;
    /// assert!(running.url().starts_with("https://"));
    /// assert!(running.ca_pem().unwrap().contains("BEGIN CERTIFICATE"));
    /// # Ok(())
    /// # }
    /// ```
    pub fn ca_pem(&self) -> Option<&str> {
        self.inner.ca_pem.as_deref()
    }

    /// How many HTTP requests reached the server: any path, any outcome, except requests to
    /// [`STATS_PATH`] and [`REQUESTS_PATH`].
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let running = tencent_action_emulator::Emulator::builder().start("127.0.0.1:0").await?;
    /// assert_eq!(running.requests_seen(), 0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn requests_seen(&self) -> u64 {
        self.inner.shared.requests_seen()
    }

    /// Every recorded request, oldest first (the last [`MAX_RECORDS`]).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let running = tencent_action_emulator::Emulator::builder().start("127.0.0.1:0").await?;
    /// let throttled = running
    ///     .records()
    ///     .iter()
    ///     .filter(|r| r.verdict.code() == Some("RequestLimitExceeded"))
    ///     .count();
    /// assert_eq!(throttled, 0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn records(&self) -> Vec<RequestRecord> {
        self.inner.shared.records.all()
    }

    /// How many times the handler of `action` ran (built-in, registered or the spec index's),
    /// so a test can show a request was processed once, or not at all.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let running = tencent_action_emulator::Emulator::builder().start("127.0.0.1:0").await?;
    /// assert_eq!(running.processed("CreateTRTCSignaturesWithRoomId"), 0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn processed(&self, action: &str) -> u64 {
        self.inner.shared.records.processed(action)
    }

    /// Adds a fault while running; it applies from the next request on.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// use tencent_action_emulator::{Fault, FaultKind};
    /// let running = tencent_action_emulator::Emulator::builder().start("127.0.0.1:0").await?;
    /// running.inject(Fault::new(FaultKind::Reset).action("CreateTRTCSignaturesWithRoomId").times(1));
    /// assert_eq!(running.faults().len(), 1);
    /// # Ok(())
    /// # }
    /// ```
    pub fn inject(&self, fault: Fault) {
        self.inner.shared.faults.add(fault);
    }

    /// The faults in force (spent ones are gone).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let running = tencent_action_emulator::Emulator::builder().start("127.0.0.1:0").await?;
    /// assert!(running.faults().is_empty());
    /// # Ok(())
    /// # }
    /// ```
    pub fn faults(&self) -> Vec<Fault> {
        self.inner.shared.faults.list()
    }

    /// Removes every fault.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let running = tencent_action_emulator::Emulator::builder().start("127.0.0.1:0").await?;
    /// running.inject("503".parse().unwrap());
    /// running.clear_faults();
    /// assert!(running.faults().is_empty());
    /// # Ok(())
    /// # }
    /// ```
    pub fn clear_faults(&self) {
        self.inner.shared.faults.clear();
    }

    /// Moves the service clock forward: temporary credentials age, rate-limit windows slide.
    /// Signature timestamps are unaffected (the client's clock is taken to have moved too).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let running = tencent_action_emulator::Emulator::builder().manual_clock(true).start("127.0.0.1:0").await?;
    /// running.advance_clock(std::time::Duration::from_secs(3));
    /// # Ok(())
    /// # }
    /// ```
    pub fn advance_clock(&self, by: Duration) {
        self.inner.shared.clock.advance(by);
    }

    /// Sets the server's clock off by `seconds` from now on (see
    /// [`EmulatorBuilder::clock_offset`]).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let running = tencent_action_emulator::Emulator::builder().start("127.0.0.1:0").await?;
    /// running.set_clock_offset(3600);
    /// assert_eq!(running.clock_offset(), 3600);
    /// # Ok(())
    /// # }
    /// ```
    pub fn set_clock_offset(&self, seconds: i64) {
        self.inner.shared.clock.set_offset(seconds);
    }

    /// The server clock's offset, in seconds.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let running = tencent_action_emulator::Emulator::builder().clock_offset(-5).start("127.0.0.1:0").await?;
    /// assert_eq!(running.clock_offset(), -5);
    /// # Ok(())
    /// # }
    /// ```
    pub fn clock_offset(&self) -> i64 {
        self.inner.shared.clock.offset_secs()
    }

    /// Sets an action's rate limit from now on (see [`EmulatorBuilder::rate_limit`]).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let running = tencent_action_emulator::Emulator::builder().start("127.0.0.1:0").await?;
    /// running.set_rate_limit("CreateTRTCSignaturesWithRoomId", 2);
    /// # Ok(())
    /// # }
    /// ```
    pub fn set_rate_limit(&self, action: &str, per_second: impl Into<Option<u32>>) {
        self.inner
            .shared
            .limiter
            .set_limit(action, per_second.into());
    }

    /// How many temporary credentials were issued (STS and instance metadata), so a test can
    /// check a client refreshes once per expiry.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let running = tencent_action_emulator::Emulator::builder().start("127.0.0.1:0").await?;
    /// assert_eq!(running.credentials_issued(), 0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn credentials_issued(&self) -> u64 {
        self.inner.shared.credentials.issued_count()
    }

    /// Stops accepting connections, lets open requests finish (for a few seconds at most) and
    /// returns once the server has stopped. Stops the server for every clone of this handle.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let running = tencent_action_emulator::Emulator::builder().start("127.0.0.1:0").await?;
    /// let addr = running.addr();
    /// running.shutdown().await;
    /// assert!(tokio::net::TcpStream::connect(addr).await.is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn shutdown(self) {
        let stop = self
            .inner
            .stop
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(stop) = stop {
            let _ = stop.send(());
        }
        let task = self
            .inner
            .task
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(mut task) = task
            && tokio::time::timeout(SHUTDOWN_GRACE, &mut task)
                .await
                .is_err()
        {
            task.abort();
            let _ = task.await;
        }
    }
}

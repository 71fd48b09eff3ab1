//! [`EmulatorBuilder`](crate::EmulatorBuilder): what an [`Emulator`](crate::Emulator) serves and
//! how it behaves, and [`Emulator::builder`](crate::Emulator::builder), which starts one.

use std::collections::HashMap;
use std::fmt;
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;
use tencent_action_core::Action;

use crate::action::ActionSpec;
use crate::clock::Clock;
use crate::credentials::CredentialStore;
use crate::emulator::Emulator;
use crate::faults::{Fault, Faults};
use crate::handlers::{self, Reject};
use crate::random;
use crate::ratelimit::{DEFAULT_GRACE, RateLimiter};
use crate::records::Records;
use crate::registry::Registry;
use crate::running::RunningEmulator;
use crate::state::{
    DEFAULT_HEADER_READ_TIMEOUT, DEFAULT_MAX_CONNECTIONS, DEFAULT_METADATA_ROLE, Shared, Trtc,
};
use crate::tls::{self, TlsIdentity};
use crate::usersig::TrtcApp;

/// The SDKAppID the emulator issues credentials for unless told otherwise.
pub const DEFAULT_SDK_APP_ID: i64 = 1_400_000_000;

/// Configures an [`Emulator`](crate::Emulator).
///
/// ```
/// use tencent_action_emulator::Emulator;
///
/// let builder = Emulator::builder()
///     .credential("AKID1", "key1")
///     .credential("AKID2", "key2");
/// // A builder is a configuration: clone it for several emulators alike.
/// let (first, second) = (builder.clone().build(), builder.build());
/// let shown = format!("{first:?} {second:?}");
/// assert!(shown.contains("AKID2") && !shown.contains("key1"));
/// ```
#[derive(Clone)]
pub struct EmulatorBuilder {
    /// SecretIds and SecretKeys in the order first given; a SecretId given again keeps its
    /// place and takes the new key.
    credentials: Vec<(String, String)>,
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
            .field(
                "secret_ids",
                &self
                    .credentials
                    .iter()
                    .map(|(id, _)| id)
                    .collect::<Vec<_>>(),
            )
            .field("sdk_app_id", &self.sdk_app_id)
            .field("log_requests", &self.log_requests)
            .field("actions", &actions)
            .field("rate_limits", &self.rate_limits)
            .field("faults", &self.faults)
            .field("clock_offset", &self.clock_offset)
            .field("manual_clock", &self.manual_clock)
            .field("header_read_timeout", &self.header_read_timeout)
            .field("max_connections", &self.max_connections)
            .field("tls", &self.tls.is_some())
            .finish_non_exhaustive()
    }
}

impl Emulator {
    /// A builder with no credentials, SDKAppID [`DEFAULT_SDK_APP_ID`](crate::DEFAULT_SDK_APP_ID), a
    /// random TRTC key, the built-in actions, no faults and the system clock.
    ///
    /// ```
    /// use serde_json::json;
    /// use tencent_action_emulator::Emulator;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let emulator = Emulator::builder()
    ///     .credential("AKIDEXAMPLE", "secret-key")
    ///     .handle_json("cvm", "2017-03-12", "DescribeZones", |_| {
    ///         Ok(json!({ "TotalCount": 1, "ZoneSet": [{ "Zone": "ap-guangzhou-3" }] }))
    ///     })
    ///     .start("127.0.0.1:0")
    ///     .await?;
    /// let client = emulator.client_builder().build()?;
    /// let zones = client
    ///     .call_json("cvm", "2017-03-12", "DescribeZones", json!({}))
    ///     .await?
    ///     .into_inner();
    /// assert_eq!(zones["ZoneSet"][0]["Zone"], "ap-guangzhou-3");
    /// # Ok(())
    /// # }
    /// ```
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder {
            credentials: Vec::new(),
            sdk_app_id: DEFAULT_SDK_APP_ID,
            sdk_secret_key: None,
            log_requests: false,
            actions: Vec::new(),
            rate_limits: HashMap::new(),
            rate_limit_grace: DEFAULT_GRACE,
            faults: Vec::new(),
            clock_offset: 0,
            manual_clock: false,
            credential_ttl: None,
            metadata_role: DEFAULT_METADATA_ROLE.to_owned(),
            header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            tls: None,
        }
    }
}

impl EmulatorBuilder {
    /// Adds a known SecretId and its SecretKey; may be called several times.
    ///
    /// ```
    /// use serde_json::json;
    /// use tencent_action_core::{Credential, RetryPolicy, codes};
    /// use tencent_action_emulator::Emulator;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let emulator = Emulator::builder()
    ///     .credential("AKIDEXAMPLE", "secret-key")
    ///     .start("127.0.0.1:0")
    ///     .await?;
    /// let stranger = emulator
    ///     .client_builder()
    ///     .credential(Credential::new("AKIDSTRANGER", "other-key")?)
    ///     .retry(RetryPolicy::none())
    ///     .build()?;
    /// let params = json!({ "RoleArn": "qcs::cam::uin/1:roleName/r", "RoleSessionName": "s" });
    /// let refused = stranger
    ///     .call_json("sts", "2018-08-13", "AssumeRole", params)
    ///     .await
    ///     .unwrap_err();
    /// assert_eq!(refused.code(), Some(codes::SECRET_ID_NOT_FOUND));
    /// # Ok(())
    /// # }
    /// ```
    pub fn credential(
        mut self,
        secret_id: impl Into<String>,
        secret_key: impl Into<String>,
    ) -> Self {
        let (secret_id, secret_key) = (secret_id.into(), secret_key.into());
        match self.credentials.iter_mut().find(|(id, _)| *id == secret_id) {
            Some((_, key)) => *key = secret_key,
            None => self.credentials.push((secret_id, secret_key)),
        }
        self
    }

    /// The SDKAppID of the TRTC application the credentials are for
    /// (default [`DEFAULT_SDK_APP_ID`](crate::DEFAULT_SDK_APP_ID)); see
    /// [`sdk_secret_key`](Self::sdk_secret_key).
    pub fn sdk_app_id(mut self, id: i64) -> Self {
        self.sdk_app_id = id;
        self
    }

    /// The TRTC application's secret key that signs UserSigs and PrivateKeys, so they can be
    /// checked with [`usersig::TrtcApp::verify`](crate::usersig::TrtcApp::verify); by default a
    /// random key per emulator.
    ///
    /// ```
    /// use serde_json::json;
    /// use tencent_action_emulator::{Emulator, usersig::TrtcApp};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let emulator = Emulator::builder()
    ///     .credential("AKIDEXAMPLE", "secret-key")
    ///     .sdk_app_id(1400000001)
    ///     .sdk_secret_key("0123abcd")
    ///     .start("127.0.0.1:0")
    ///     .await?;
    /// let client = emulator.client_builder().region("ap-guangzhou").build()?;
    /// let params = json!({ "TRTCUserIds": ["alice"], "RoomId": "room-1" });
    /// let answer = client
    ///     .call_json("iotexplorer", "2019-04-23", "CreateTRTCSignaturesWithRoomId", params)
    ///     .await?
    ///     .into_inner();
    /// let user_sig = answer["TRTCParamList"][0]["UserSig"].as_str().unwrap_or_default();
    /// // The TRTC application's key checks what the emulator issued.
    /// let decoded = TrtcApp::new(1400000001, "0123abcd").verify(user_sig)?;
    /// assert_eq!(decoded.identifier, "alice");
    /// # Ok(())
    /// # }
    /// ```
    pub fn sdk_secret_key(mut self, key: impl Into<String>) -> Self {
        self.sdk_secret_key = Some(key.into());
        self
    }

    /// Prints one line per request on stderr
    /// ([`RequestRecord::log_line`](crate::RequestRecord::log_line)): time, action, SecretId,
    /// verdict, fault, whether the handler ran, latency, RequestId.
    pub fn log_requests(mut self, on: bool) -> Self {
        self.log_requests = on;
        self
    }

    /// Serves an action declared with `#[tencent_action]` through a typed handler.
    ///
    /// Before the handler runs, the emulator enforces the declaration as the service would,
    /// whatever the client checked: the declared `regions` (`MissingParameter` without
    /// `X-TC-Region`, `UnsupportedRegion` outside them), required members (`MissingParameter`
    /// naming the member, e.g. `Placement.Zone`), types (`InvalidParameter`), no undeclared members
    /// (`UnknownParameter`) and the `#[tc(...)]` rules (`InvalidParameterValue` naming each field
    /// and rule). The action's `rate_limit` applies per SecretId. A [`Reject`](crate::Reject)
    /// becomes the error envelope; a panic becomes `InternalError`. Registering an action that is
    /// already served (even a built-in one) replaces it.
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
    /// use tencent_action_core::{RetryPolicy, codes};
    /// use tencent_action_emulator::{Emulator, Reject};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let emulator = Emulator::builder()
    ///     .credential("AKIDEXAMPLE", "secret-key")
    ///     .handle_json("cvm", "2017-03-12", "DescribeZones", |params| {
    ///         if params.get("Offset").is_some() {
    ///             return Err(Reject::new(codes::UNKNOWN_PARAMETER, "Offset is not supported here."));
    ///         }
    ///         Ok(json!({ "TotalCount": 1, "ZoneSet": [{ "Zone": "ap-guangzhou-3" }] }))
    ///     })
    ///     .start("127.0.0.1:0")
    ///     .await?;
    /// let client = emulator.client_builder().retry(RetryPolicy::none()).build()?;
    /// let zones = |params| client.call_json("cvm", "2017-03-12", "DescribeZones", params);
    /// assert_eq!(zones(json!({})).await?.into_inner()["TotalCount"], 1);
    /// let rejected = zones(json!({ "Offset": 1 })).await.unwrap_err();
    /// assert_eq!(rejected.code(), Some(codes::UNKNOWN_PARAMETER));
    /// # Ok(())
    /// # }
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
    /// [`RunningEmulator::advance_clock`](crate::RunningEmulator::advance_clock).
    ///
    /// ```
    /// use serde_json::json;
    /// use tencent_action_core::{RetryPolicy, codes};
    /// use tencent_action_emulator::Emulator;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let emulator = Emulator::builder()
    ///     .credential("AKIDEXAMPLE", "secret-key")
    ///     .handle_json("cvm", "2017-03-12", "DescribeZones", |_| Ok(json!({ "TotalCount": 0 })))
    ///     .rate_limit("DescribeZones", 1)
    ///     .start("127.0.0.1:0")
    ///     .await?;
    /// let client = emulator.client_builder().retry(RetryPolicy::none()).build()?;
    /// let zones = || client.call_json("cvm", "2017-03-12", "DescribeZones", json!({}));
    /// zones().await?;
    /// let throttled = zones().await.unwrap_err();
    /// assert_eq!(throttled.code(), Some(codes::REQUEST_LIMIT_EXCEEDED));
    /// assert_eq!(emulator.processed("DescribeZones"), 1);
    /// # Ok(())
    /// # }
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
    pub fn rate_limit_grace(mut self, grace: Duration) -> Self {
        self.rate_limit_grace = grace;
        self
    }

    /// Injects a fault from the start; see [`Fault`](crate::Fault). Faults can also be added and
    /// cleared while running ([`RunningEmulator::inject`](crate::RunningEmulator::inject)).
    ///
    /// ```
    /// use serde_json::json;
    /// use tencent_action_core::{Error, RetryPolicy};
    /// use tencent_action_emulator::{Emulator, Fault, FaultKind};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let emulator = Emulator::builder()
    ///     .credential("AKIDEXAMPLE", "secret-key")
    ///     .handle_json("cvm", "2017-03-12", "DescribeZones", |_| Ok(json!({ "TotalCount": 0 })))
    ///     .fault(Fault::new(FaultKind::ServiceUnavailable).action("DescribeZones").times(1))
    ///     .start("127.0.0.1:0")
    ///     .await?;
    /// let client = emulator.client_builder().retry(RetryPolicy::none()).build()?;
    /// let zones = || client.call_json("cvm", "2017-03-12", "DescribeZones", json!({}));
    /// assert!(matches!(zones().await, Err(Error::Response(r)) if r.status == 503));
    /// // The fault was for one call only.
    /// zones().await?;
    /// # Ok(())
    /// # }
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
    /// use serde_json::json;
    /// use tencent_action_emulator::Emulator;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let emulator = Emulator::builder()
    ///     .credential("AKIDEXAMPLE", "secret-key")
    ///     .handle_json("cvm", "2017-03-12", "DescribeZones", |_| Ok(json!({ "TotalCount": 0 })))
    ///     .clock_offset(-600)
    ///     .start("127.0.0.1:0")
    ///     .await?;
    /// let client = emulator.client_builder().build()?;
    /// // The first attempt is refused as expired; the client takes the server's time from the
    /// // message and signs again.
    /// client.call_json("cvm", "2017-03-12", "DescribeZones", json!({})).await?;
    /// assert!((client.clock_offset() + 600).abs() <= 2);
    /// # Ok(())
    /// # }
    /// ```
    pub fn clock_offset(mut self, seconds: i64) -> Self {
        self.clock_offset = seconds;
        self
    }

    /// Makes the service clock (which ages temporary credentials and slides rate-limit
    /// windows) stand still except when
    /// [`RunningEmulator::advance_clock`](crate::RunningEmulator::advance_clock) moves it, so
    /// that expiry and throttling happen exactly when a test says. Signature timestamps are
    /// still checked against the system clock.
    pub fn manual_clock(mut self, manual: bool) -> Self {
        self.manual_clock = manual;
        self
    }

    /// How long issued temporary credentials (STS, instance metadata) live, whatever
    /// `DurationSeconds` asks for; by default what it asks for (7200 s if nothing), and 7200 s
    /// for instance metadata.
    pub fn temporary_credential_ttl(mut self, ttl: Duration) -> Self {
        self.credential_ttl = Some(ttl);
        self
    }

    /// The CAM role the instance metadata endpoint reports (default
    /// [`DEFAULT_METADATA_ROLE`](crate::DEFAULT_METADATA_ROLE)).
    pub fn metadata_role(mut self, role: impl Into<String>) -> Self {
        self.metadata_role = role.into();
        self
    }

    /// How long a client may take to send a request's head, counted from the connection's
    /// start (or the TLS handshake's end) and from the end of each answer on a kept-alive
    /// connection; a connection that sends nothing, or its head too slowly, is closed.
    /// Default: [`DEFAULT_HEADER_READ_TIMEOUT`](crate::DEFAULT_HEADER_READ_TIMEOUT).
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = timeout;
        self
    }

    /// How many connections are served at once; a further one waits in the listener's queue
    /// until one closes. Default: [`DEFAULT_MAX_CONNECTIONS`](crate::DEFAULT_MAX_CONNECTIONS);
    /// 0 counts as 1.
    pub fn max_connections(mut self, max: usize) -> Self {
        self.max_connections = max;
        self
    }

    /// Serves HTTPS with a certificate for `localhost` and `127.0.0.1`, signed by an authority
    /// made at build time: trust [`RunningEmulator::ca_pem`](crate::RunningEmulator::ca_pem),
    /// as [`RunningEmulator::client_builder`](crate::RunningEmulator::client_builder) does.
    pub fn tls(mut self, on: bool) -> Self {
        self.tls = on.then_some(tls::generate);
        self
    }

    /// The configured emulator.
    ///
    /// ```
    /// use tencent_action_emulator::Emulator;
    ///
    /// let emulator = Emulator::builder().credential("AKIDEXAMPLE", "secret-key").tls(true).build();
    /// // Made without a runtime: the authority to trust is known before the server starts.
    /// let ca_pem = emulator.ca_pem().expect("built with tls(true)");
    /// assert!(ca_pem.starts_with("-----BEGIN CERTIFICATE-----"));
    /// ```
    pub fn build(self) -> Emulator {
        let first_credential = self.credentials.first().cloned();
        let key = self.sdk_secret_key.unwrap_or_else(random::hex_key);
        let mut registry = Registry::builtin();
        for action in self.actions {
            registry.register(action);
        }
        Emulator {
            shared: Shared {
                credentials: CredentialStore::new(
                    self.credentials.into_iter().collect(),
                    self.credential_ttl,
                ),
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
            registry,
            first_credential,
            tls: self.tls.map(|generate| generate()),
        }
    }

    /// Builds and [starts](crate::Emulator::start) in one step.
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

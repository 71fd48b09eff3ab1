//! The client: validates, signs and sends actions, and parses their responses.

mod builder;
mod call;
mod endpoint;
pub(crate) mod envelope;
mod pacing;
pub(crate) mod query;
mod retry;
#[cfg(feature = "redis")]
mod shared;
mod tls;

pub use builder::{
    ClientBuilder, DEFAULT_REQUEST_CLIENT, ENDPOINT_VAR, RATE_LIMIT_REDIS_VAR, REGION_VAR,
};
pub use endpoint::{DEFAULT_ROOT_DOMAIN, Endpoint, ResolvedEndpoint};
pub(crate) use envelope::parse_envelope;
pub use pacing::{ActionLimit, RateLimiting};
pub(crate) use query::{encode_query, flatten_params};
pub use retry::RetryPolicy;

/// The TLS configuration of this crate's HTTP clients, trusting the platform's roots.
pub(crate) fn tls_config() -> Result<rustls::ClientConfig, Error> {
    tls::client_config(&[])
}
#[cfg(feature = "redis")]
pub use shared::{RedisRateLimiter, RedisUnavailable};

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use bytes::Bytes;

use crate::credential::ProvideCredential;
use crate::sign::{Payload, SignedRequest, SigningRequest, sign_with_cache};
use crate::validate::{Rule, Violations};
use crate::{Action, Error, HttpMethod, Response};

/// `X-TC-Language`: the language of error messages.
///
/// ```
/// assert_eq!(tencent_action_core::Language::EnUs.as_str(), "en-US");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    /// Simplified Chinese, `zh-CN`.
    ZhCn,
    /// English, `en-US`.
    EnUs,
}

impl Language {
    /// The header value.
    ///
    /// ```
    /// assert_eq!(tencent_action_core::Language::ZhCn.as_str(), "zh-CN");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Language::ZhCn => "zh-CN",
            Language::EnUs => "en-US",
        }
    }
}

/// A Tencent Cloud API 3.0 client. Cheap to clone: clones share one connection pool, the
/// rate limiters and the clock-skew correction.
///
/// ```no_run
/// # async fn run() -> Result<(), tencent_action_core::Error> {
/// let client = tencent_action_core::Client::from_env()?;
/// let out = client
///     .call_json("cvm", "2017-03-12", "DescribeZones", serde_json::json!({}))
///     .await?;
/// println!("{} {}", out.request_id(), *out);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Client {
    inner: Arc<Inner>,
    retry: RetryPolicy,
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    /// `None` for an anonymous client (unsigned requests).
    credentials: Option<Arc<dyn ProvideCredential>>,
    region: Option<String>,
    endpoint: Endpoint,
    language: Option<Language>,
    /// `X-TC-RequestClient`; `None` when the name is not a valid header value (it is then not
    /// sent).
    request_client: Option<reqwest::header::HeaderValue>,
    method: HttpMethod,
    unsigned_payload: bool,
    max_response_bytes: usize,
    /// The HTTP client's timeout of one request, body included.
    timeout: std::time::Duration,
    pacer: pacing::Pacer,
    keys: crate::sign::SigningKeyCache,
    /// The resolved endpoint of each service called so far.
    targets: std::sync::RwLock<Vec<Arc<Target>>>,
    /// Seconds to add to the local clock to get the server's, learnt from
    /// `AuthFailure.SignatureExpire`.
    clock_offset: AtomicI64,
}

/// The identity of the action a call sends.
#[derive(Debug, Clone, Copy)]
struct Call<'a> {
    service: &'a str,
    version: &'a str,
    action: &'a str,
    idempotent: bool,
    rate_limit: Option<u32>,
}

/// Where the calls of one service go: the resolved endpoint and its URL, parsed once.
#[derive(Debug)]
struct Target {
    service: String,
    endpoint: ResolvedEndpoint,
    url: reqwest::Url,
    /// The `Host` header: the signed host.
    host: reqwest::header::HeaderValue,
}

/// Services whose endpoints are kept per client; calls to further services resolve theirs
/// each time.
const KEPT_TARGETS: usize = 32;

/// What a call sends: a JSON body (POST) or a query (GET).
#[derive(Debug, Clone)]
struct Params {
    body: Bytes,
    query: String,
}

impl Client {
    /// A builder with defaults; see [`ClientBuilder`].
    ///
    /// ```
    /// use tencent_action_core::{Client, Credential};
    /// let client = Client::builder()
    ///     .credential(Credential::new("AKIDEXAMPLE", "secret").unwrap())
    ///     .region("ap-guangzhou")
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(client.region(), Some("ap-guangzhou"));
    /// ```
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from the environment: `TENCENTCLOUD_SECRET_ID`/`_SECRET_KEY`/`_TOKEN`
    /// or the profile file, `TENCENTCLOUD_REGION`, `TENCENTCLOUD_ENDPOINT`, and rate limits shared
    /// through Redis when `TENCENTCLOUD_RATE_LIMIT_REDIS` is set ([`ClientBuilder::from_env`]).
    ///
    /// ```
    /// match tencent_action_core::Client::from_env() {
    ///     Ok(client) => println!("region {:?}", client.region()),
    ///     Err(err) => println!("{err}"),
    /// }
    /// ```
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::from_env()?.build()
    }

    /// The region requests are sent for.
    ///
    /// ```
    /// # let client = tencent_action_core::Client::builder().credential(tencent_action_core::Credential::new("A", "k").unwrap()).build().unwrap();
    /// assert_eq!(client.region(), None);
    /// ```
    pub fn region(&self) -> Option<&str> {
        self.inner.region.as_deref()
    }

    /// The same client (same pool, limiters and clock correction) with another retry policy,
    /// for the calls made through it.
    ///
    /// ```
    /// # let client = tencent_action_core::Client::builder().credential(tencent_action_core::Credential::new("A", "k").unwrap()).build().unwrap();
    /// let once = client.with_retry(tencent_action_core::RetryPolicy::none());
    /// assert_eq!(once.retry_policy().attempts(), 1);
    /// assert_eq!(client.retry_policy().attempts(), 3);
    /// ```
    pub fn with_retry(&self, policy: RetryPolicy) -> Client {
        Client {
            inner: self.inner.clone(),
            retry: policy,
        }
    }

    /// The retry policy of calls made through this handle.
    ///
    /// ```
    /// # let client = tencent_action_core::Client::builder().credential(tencent_action_core::Credential::new("A", "k").unwrap()).build().unwrap();
    /// assert_eq!(client.retry_policy(), tencent_action_core::RetryPolicy::default());
    /// ```
    pub fn retry_policy(&self) -> RetryPolicy {
        self.retry
    }

    /// The correction, in seconds, applied to the local clock when signing; learnt from the
    /// server when it answers `AuthFailure.SignatureExpire`.
    ///
    /// ```
    /// # let client = tencent_action_core::Client::builder().credential(tencent_action_core::Credential::new("A", "k").unwrap()).build().unwrap();
    /// assert_eq!(client.clock_offset(), 0);
    /// ```
    pub fn clock_offset(&self) -> i64 {
        self.inner.clock_offset.load(Ordering::Relaxed)
    }

    /// Validates, signs and sends an action; returns its typed response.
    ///
    /// Validation (the declared rules and regions) runs first: a request that breaks a rule
    /// returns [`Error::Validation`] and sends nothing. An empty `ClientToken` is filled with a
    /// fresh unique token, kept for every attempt of the call. Failed attempts are retried
    /// according to the [`RetryPolicy`], and each action is paced to its declared rate limit.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), tencent_action_core::Error> {
    /// # use tencent_action_core::{Action, Client};
    /// # fn action() -> impl Action { todo!() as MyAction }
    /// # #[derive(serde::Serialize)] struct MyAction;
    /// # impl tencent_action_core::validate::Validate for MyAction { fn validate_at(&self, _: Option<&tencent_action_core::validate::FieldPath<'_>>, _: &mut tencent_action_core::validate::Violations) {} }
    /// # impl Action for MyAction { const SERVICE: &'static str = "cvm"; const NAME: &'static str = "X"; const VERSION: &'static str = "2017-03-12"; type Response = serde_json::Value; type ErrorCode = std::convert::Infallible; }
    /// let client = Client::from_env()?;
    /// let out = client.send(&action()).await?;
    /// println!("{}", out.request_id());
    /// # Ok(()) }
    /// ```
    pub async fn send<A: Action>(&self, action: &A) -> Result<Response<A::Response>, Error> {
        let params = self.params_of(action)?;
        self.execute(&Self::call_of::<A>(), &params, parse_envelope)
            .await
    }

    /// Everything [`send`](Self::send) does before the network for one attempt: validates,
    /// serializes and signs, and returns the request that would be sent.
    ///
    /// ```
    /// # #[derive(serde::Serialize)] struct Ping { #[serde(rename = "ClientToken")] token: String }
    /// # impl tencent_action_core::validate::Validate for Ping { fn validate_at(&self, _: Option<&tencent_action_core::validate::FieldPath<'_>>, _: &mut tencent_action_core::validate::Violations) {} }
    /// # impl tencent_action_core::Action for Ping { const SERVICE: &'static str = "cvm"; const NAME: &'static str = "Ping"; const VERSION: &'static str = "2017-03-12"; type Response = serde_json::Value; type ErrorCode = std::convert::Infallible;
    /// #   fn client_token_missing(&self) -> bool { self.token.is_empty() } }
    /// # tokio_test_block_on(async {
    /// let client = tencent_action_core::Client::builder()
    ///     .credential(tencent_action_core::Credential::new("AKID", "key").unwrap())
    ///     .build()
    ///     .unwrap();
    /// let prepared = client.prepare(&Ping { token: String::new() }).await.unwrap();
    /// assert_eq!(prepared.url(), "https://cvm.tencentcloudapi.com/");
    /// let body: serde_json::Value = serde_json::from_slice(prepared.body()).unwrap();
    /// assert_eq!(body["ClientToken"].as_str().unwrap().len(), 32);
    /// # });
    /// # fn tokio_test_block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(f)
    /// # }
    /// ```
    pub async fn prepare<A: Action>(&self, action: &A) -> Result<PreparedRequest, Error> {
        let params = self.params_of(action)?;
        let credential = self.credential().await?;
        self.sign_call(&Self::call_of::<A>(), &params, credential.as_deref())
    }

    /// Validates an action as [`send`](Self::send) would, without sending it.
    ///
    /// ```
    /// # let client = tencent_action_core::Client::builder().credential(tencent_action_core::Credential::new("A", "k").unwrap()).build().unwrap();
    /// # #[derive(serde::Serialize)] struct Ping;
    /// # impl tencent_action_core::validate::Validate for Ping { fn validate_at(&self, _: Option<&tencent_action_core::validate::FieldPath<'_>>, _: &mut tencent_action_core::validate::Violations) {} }
    /// # impl tencent_action_core::Action for Ping { const SERVICE: &'static str = "cvm"; const NAME: &'static str = "Ping"; const VERSION: &'static str = "2017-03-12"; const REGIONS: &'static [&'static str] = &["ap-guangzhou"]; type Response = serde_json::Value; type ErrorCode = std::convert::Infallible; }
    /// let err = client.check(&Ping).unwrap_err();
    /// assert!(err.to_string().contains("Region is required"));
    /// ```
    pub fn check<A: Action>(&self, action: &A) -> Result<(), Error> {
        let mut violations = Violations::default();
        if !A::REGIONS.is_empty() {
            let region = self.region();
            if !region.is_some_and(|r| A::REGIONS.contains(&r)) {
                violations.push_named(
                    "Region",
                    Rule::Region {
                        region: region.map(str::to_owned),
                        allowed: A::REGIONS,
                    },
                );
            }
        }
        action.validate_at(None, &mut violations);
        violations.into_result().map_err(Error::from)
    }

    /// Waits for a turn of an action's rate limiter and takes it, as a call does before it is
    /// sent, but sends nothing: for work that must keep to an action's limit, and to measure
    /// pacing. `rate_limit` is the limit to apply unless the client's
    /// [`RateLimiting`] overrides it (`None`: only an override applies). The wait is bounded
    /// by the client's retry deadline ([`RetryPolicy::deadline`]).
    ///
    /// ```
    /// # tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap().block_on(async {
    /// use tencent_action_core::{Client, Credential};
    /// let client = Client::builder().credential(Credential::new("AKID", "key")?).build()?;
    /// client.take_turn("cvm", "2017-03-12", "DescribeZones", Some(20)).await?;
    /// let started = std::time::Instant::now();
    /// client.take_turn("cvm", "2017-03-12", "DescribeZones", Some(20)).await?;
    /// assert!(started.elapsed() >= std::time::Duration::from_millis(40));
    /// # Ok::<(), tencent_action_core::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn take_turn(
        &self,
        service: &str,
        version: &str,
        action: &str,
        rate_limit: Option<u32>,
    ) -> Result<(), Error> {
        let deadline = self.retry.deadline_from_now();
        let credential = self.credential().await?;
        let key = pacing::TurnKey {
            secret_id: credential.as_deref().map_or("", |c| c.secret_id()),
            service,
            version,
            action,
        };
        match self.inner.pacer.pace(&key, rate_limit, deadline).await {
            Ok(()) => Ok(()),
            Err(pacing::PaceError::Shared(error)) => Err(error),
            Err(pacing::PaceError::Deadline) => Err(Error::Transport {
                what: format!("a turn of {action}"),
                kind: crate::TransportKind::Timeout,
                source: "the turn would come after the deadline".into(),
            }),
        }
    }

    /// Calls any action without a declaration: parameters and response as JSON. It is not
    /// known to be idempotent, so only failures that cannot have been processed are retried.
    ///
    /// ```no_run
    /// # async fn run(client: tencent_action_core::Client) -> Result<(), tencent_action_core::Error> {
    /// let out = client
    ///     .call_json("iotexplorer", "2019-04-23", "CreateTRTCSignaturesWithRoomId",
    ///         serde_json::json!({"TRTCUserIds": ["alice"], "RoomId": "room1"}))
    ///     .await?;
    /// println!("{}", out["TRTCParamList"]);
    /// # Ok(()) }
    /// ```
    pub async fn call_json(
        &self,
        service: &str,
        version: &str,
        action: &str,
        params: serde_json::Value,
    ) -> Result<Response<serde_json::Value>, Error> {
        let call = Call {
            service,
            version,
            action,
            idempotent: false,
            rate_limit: None,
        };
        let params = self.params_of_json(&params)?;
        self.execute(&call, &params, parse_json_envelope).await
    }

    fn call_of<A: Action>() -> Call<'static> {
        Call {
            service: A::SERVICE,
            version: A::VERSION,
            action: A::NAME,
            idempotent: A::IDEMPOTENT,
            rate_limit: A::RATE_LIMIT,
        }
    }

    /// Validates and serializes an action; fills an empty `ClientToken`.
    fn params_of<A: Action>(&self, action: &A) -> Result<Params, Error> {
        self.check(action)?;
        if action.client_token_missing() {
            let mut params = serde_json::to_value(action).map_err(Error::Serialize)?;
            if let Some(map) = params.as_object_mut() {
                map.insert(CLIENT_TOKEN.to_owned(), fresh_client_token()?.into());
            }
            return self.params_of_json(&params);
        }
        match self.inner.method {
            HttpMethod::Post => Ok(Params {
                body: serde_json::to_vec(action).map_err(Error::Serialize)?.into(),
                query: String::new(),
            }),
            HttpMethod::Get => {
                let params = serde_json::to_value(action).map_err(Error::Serialize)?;
                self.params_of_json(&params)
            }
        }
    }

    /// Parameters given as JSON, as a body or a query depending on the method.
    fn params_of_json(&self, params: &serde_json::Value) -> Result<Params, Error> {
        Ok(match self.inner.method {
            HttpMethod::Post => Params {
                body: serde_json::to_vec(params).map_err(Error::Serialize)?.into(),
                query: String::new(),
            },
            HttpMethod::Get => Params {
                body: Bytes::new(),
                query: encode_query(&flatten_params(params)),
            },
        })
    }

    /// The credential for the next attempt; `None` for an anonymous client.
    async fn credential(&self) -> Result<Option<Arc<crate::Credential>>, Error> {
        match &self.inner.credentials {
            Some(provider) => match provider.ready() {
                Some(credential) => Ok(Some(credential)),
                None => provider.provide().await.map(Some),
            },
            None => Ok(None),
        }
    }

    /// The credential at hand without waiting, when there is one (always for a fixed
    /// credential or none): what [`credential`](Self::credential) gives, without its future.
    fn credential_now(&self) -> Option<Result<Option<Arc<crate::Credential>>, Error>> {
        match &self.inner.credentials {
            None => Some(Ok(None)),
            Some(provider) => provider.ready().map(|credential| Ok(Some(credential))),
        }
    }

    /// Resolves the endpoint and signs one attempt, at the local time corrected for skew
    /// (or, without a credential, marks it `Authorization: SKIP`).
    fn sign_call(
        &self,
        call: &Call<'_>,
        params: &Params,
        credential: Option<&crate::Credential>,
    ) -> Result<PreparedRequest, Error> {
        let inner = &*self.inner;
        let target = self.target(call.service)?;
        let now = crate::sign::unix_now()
            .ok_or_else(|| Error::Config("the system clock is before 1970".to_owned()))?;
        let timestamp = now + self.clock_offset();
        let mut req = SigningRequest::new(
            call.service,
            call.action,
            call.version,
            target.endpoint.host(),
            timestamp,
        );
        req.method = inner.method;
        req.content_type = inner.method.content_type();
        req.query = &params.query;
        req.region = inner.region.as_deref();
        req.language = inner.language.map(Language::as_str);
        req.payload = if inner.unsigned_payload && inner.method == HttpMethod::Post {
            Payload::Unsigned
        } else {
            Payload::Bytes(&params.body)
        };
        let signed = match credential {
            Some(credential) => sign_with_cache(&req, credential, &self.inner.keys)?,
            None => crate::sign::unsigned(&req),
        };
        // For GET, the endpoint's URL with the query exactly as signed (an already-encoded
        // query is kept as it is); a POST goes to the endpoint's URL itself.
        let url_with_query = (!params.query.is_empty()).then(|| {
            let mut url = target.url.clone();
            url.set_query(Some(&params.query));
            url
        });
        Ok(PreparedRequest {
            method: inner.method,
            target,
            url_with_query,
            signed,
            body: params.body.clone(),
        })
    }

    /// The endpoint of a service, resolved once per client.
    fn target(&self, service: &str) -> Result<Arc<Target>, Error> {
        let inner = &*self.inner;
        let read = |targets: &[Arc<Target>]| {
            targets
                .iter()
                .find(|target| target.service == service)
                .cloned()
        };
        let full = {
            let targets = inner.targets.read().unwrap_or_else(|e| e.into_inner());
            if let Some(target) = read(&targets) {
                return Ok(target);
            }
            targets.len() >= KEPT_TARGETS
        };
        let endpoint = inner.endpoint.resolve(service, inner.region.as_deref())?;
        let url = reqwest::Url::parse(endpoint.url())
            .map_err(|e| Error::Config(format!("endpoint `{}`: {e}", endpoint.url())))?;
        let host = reqwest::header::HeaderValue::from_str(endpoint.host())
            .map_err(|e| Error::Config(format!("host `{}`: {e}", endpoint.host())))?;
        let target = Arc::new(Target {
            service: service.to_owned(),
            endpoint,
            url,
            host,
        });
        if full {
            // Nothing more is kept: no need to hold up the readers.
            return Ok(target);
        }
        let mut targets = inner.targets.write().unwrap_or_else(|e| e.into_inner());
        if let Some(existing) = read(&targets) {
            return Ok(existing);
        }
        if targets.len() < KEPT_TARGETS {
            targets.push(target.clone());
        }
        Ok(target)
    }
}

/// A signed request ready to send: what [`Client::prepare`] returns. `Debug` redacts the token
/// and shows the body's length only (it may carry secret fields).
///
/// ```
/// fn show(p: &tencent_action_core::PreparedRequest) {
///     println!("{} {}\n{}", p.method().as_str(), p.url(), p.signed().canonical_request());
/// }
/// ```
#[derive(Clone)]
pub struct PreparedRequest {
    method: HttpMethod,
    target: Arc<Target>,
    /// The endpoint's URL with the query, for GET.
    url_with_query: Option<reqwest::Url>,
    signed: SignedRequest,
    body: Bytes,
}

impl std::fmt::Debug for PreparedRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PreparedRequest")
            .field("method", &self.method)
            .field("url", &self.target.endpoint.url())
            .field("action", &self.action())
            .field("signed", &self.signed)
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl PreparedRequest {
    /// POST or GET.
    ///
    /// ```
    /// # fn f(p: &tencent_action_core::PreparedRequest) { let _ = p.method(); }
    /// ```
    pub fn method(&self) -> HttpMethod {
        self.method
    }

    /// The URL, with the query for GET.
    ///
    /// ```
    /// # fn f(p: &tencent_action_core::PreparedRequest) { let _ = p.url(); }
    /// ```
    pub fn url(&self) -> &str {
        self.url_with_query
            .as_ref()
            .unwrap_or(&self.target.url)
            .as_str()
    }

    /// The action, as sent in `X-TC-Action`.
    ///
    /// ```
    /// # fn f(p: &tencent_action_core::PreparedRequest) { let _ = p.action(); }
    /// ```
    pub fn action(&self) -> &str {
        self.signed.header("X-TC-Action").unwrap_or_default()
    }

    /// The headers and every signing artefact.
    ///
    /// ```
    /// # fn f(p: &tencent_action_core::PreparedRequest) { let _ = p.signed().string_to_sign(); }
    /// ```
    pub fn signed(&self) -> &SignedRequest {
        &self.signed
    }

    /// The body (empty for GET).
    ///
    /// ```
    /// # fn f(p: &tencent_action_core::PreparedRequest) { let _ = p.body().len(); }
    /// ```
    pub fn body(&self) -> &[u8] {
        &self.body
    }
}

/// The wire name of the idempotency token.
const CLIENT_TOKEN: &str = "ClientToken";

/// A fresh idempotency token: 128 random bits in hex.
fn fresh_client_token() -> Result<String, Error> {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes)
        .map_err(|e| Error::Config(format!("no randomness for a ClientToken: {e}")))?;
    Ok(crate::sign::hex(&bytes))
}

/// The JSON envelope with `RequestId` taken out of the body.
fn parse_json_envelope(status: u16, body: &[u8]) -> Result<Response<serde_json::Value>, Error> {
    let response: Response<serde_json::Value> = parse_envelope(status, body)?;
    let (mut value, request_id) = response.into_parts();
    if let Some(map) = value.as_object_mut() {
        map.shift_remove("RequestId");
    }
    Ok(Response::new(value, request_id))
}

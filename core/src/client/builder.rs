//! Configuration of a [`Client`].

use std::sync::Arc;
use std::time::Duration;

use super::pacing::Pacer;
use super::{Client, Inner, Language, RateLimiting, RetryPolicy};
use crate::credential::provider::StaticCredential;
use crate::credential::{Credential, DefaultCredentialChain, ProvideCredential, env_var};
use crate::{Endpoint, Error, HttpMethod};

/// The region variable.
pub const REGION_VAR: &str = "TENCENTCLOUD_REGION";
/// The endpoint-override variable: a full URL that replaces the service host.
pub const ENDPOINT_VAR: &str = "TENCENTCLOUD_ENDPOINT";

/// The shared-rate-limit variable: a `redis://` URL whose Redis holds the rate limiters, so
/// every process using it keeps to the limits together (`RedisRateLimiter`, the `redis` feature).
pub const RATE_LIMIT_REDIS_VAR: &str = "TENCENTCLOUD_RATE_LIMIT_REDIS";

/// Default `X-TC-RequestClient`.
pub const DEFAULT_REQUEST_CLIENT: &str = concat!("tencent-action/", env!("CARGO_PKG_VERSION"));

/// Builds a [`Client`]. Every setting has a default but the credential; the setters below are
/// shown together here.
///
/// ```
/// use std::time::Duration;
/// use tencent_action_core::{Client, Credential, HttpMethod, Language, RateLimiting, RetryPolicy};
/// let client = Client::builder()
///     .credential(Credential::new("AKIDEXAMPLE", "secret").unwrap())
///     .region("ap-guangzhou")
///     .endpoint("http://127.0.0.1:9000")
///     .language(Language::EnUs)
///     .request_client("my-app/1.0")
///     .method(HttpMethod::Get)
///     .connect_timeout(Duration::from_secs(3))
///     .timeout(Duration::from_secs(30))
///     .max_response_bytes(1 << 20)
///     .retry(RetryPolicy::default().deadline(Duration::from_secs(10)))
///     .rate_limiting(RateLimiting::Off)
///     .build()
///     .unwrap();
/// assert_eq!(client.region(), Some("ap-guangzhou"));
/// ```
///
/// Inside Tencent Cloud's network, the internal root domain and regional hosts:
///
/// ```
/// use tencent_action_core::{Client, Credential, Endpoint};
/// let client = Client::builder()
///     .credential(Credential::new("AKIDEXAMPLE", "secret").unwrap())
///     .endpoint_config(Endpoint::root_domain("internal.tencentcloudapi.com"))
///     .build();
/// assert!(client.is_ok());
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct ClientBuilder {
    credentials: Option<Arc<dyn ProvideCredential>>,
    region: Option<String>,
    endpoint: Endpoint,
    endpoint_url: Option<String>,
    language: Option<Language>,
    request_client: String,
    method: HttpMethod,
    unsigned_payload: bool,
    connect_timeout: Duration,
    timeout: Duration,
    max_response_bytes: usize,
    retry: RetryPolicy,
    rate_limiting: RateLimiting,
    anonymous: bool,
    root_certificates: Vec<Vec<u8>>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            credentials: None,
            region: None,
            endpoint: Endpoint::default(),
            endpoint_url: None,
            language: None,
            request_client: DEFAULT_REQUEST_CLIENT.to_owned(),
            method: HttpMethod::Post,
            unsigned_payload: false,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(60),
            max_response_bytes: 32 * 1024 * 1024,
            retry: RetryPolicy::default(),
            rate_limiting: RateLimiting::default(),
            anonymous: false,
            root_certificates: Vec::new(),
        }
    }
}

impl ClientBuilder {
    /// Fixed credentials.
    pub fn credential(mut self, credential: Credential) -> Self {
        self.credentials = Some(Arc::new(StaticCredential(Arc::new(credential))));
        self
    }

    /// A provider asked for credentials before each request (for temporary credentials).
    ///
    /// ```
    /// use tencent_action_core::{Client, DefaultCredentialChain};
    /// if let Ok(provider) = DefaultCredentialChain::provider() {
    ///     assert!(Client::builder().credential_provider(provider).build().is_ok());
    /// }
    /// ```
    pub fn credential_provider(mut self, provider: Arc<dyn ProvideCredential>) -> Self {
        self.credentials = Some(provider);
        self
    }

    /// The region sent as `X-TC-Region`, e.g. `ap-guangzhou`.
    ///
    /// ```
    /// use tencent_action_core::{Client, Credential};
    /// let client = Client::builder()
    ///     .credential(Credential::new("AKID", "k").unwrap())
    ///     .region("ap-shanghai")
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(client.region(), Some("ap-shanghai"));
    /// ```
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// A full URL (`http://127.0.0.1:9000`) or host that replaces every service host; its
    /// authority is the signed host. A malformed URL makes [`build`](Self::build) fail.
    ///
    /// ```
    /// use tencent_action_core::{Client, Credential};
    /// let builder = Client::builder().credential(Credential::new("AKID", "k").unwrap());
    /// assert!(builder.clone().endpoint("http://127.0.0.1:9000").build().is_ok());
    /// let err = builder.endpoint("http://127.0.0.1:9000/path").build().unwrap_err();
    /// assert!(err.to_string().contains("remove the path"));
    /// ```
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint_url = Some(endpoint.into());
        self
    }

    /// Endpoint resolution in full (root-domain override, regional hosts).
    pub fn endpoint_config(mut self, endpoint: Endpoint) -> Self {
        self.endpoint = endpoint;
        self.endpoint_url = None;
        self
    }

    /// `X-TC-Language` for error messages (`zh-CN` or `en-US`).
    pub fn language(mut self, language: Language) -> Self {
        self.language = Some(language);
        self
    }

    /// `X-TC-RequestClient`, identifying the caller in Tencent Cloud's logs.
    pub fn request_client(mut self, name: impl Into<String>) -> Self {
        self.request_client = name.into();
        self
    }

    /// POST (JSON body, the default) or GET (flattened query).
    pub fn method(mut self, method: HttpMethod) -> Self {
        self.method = method;
        self
    }

    /// Sign `UNSIGNED-PAYLOAD` instead of the body hash (POST only).
    pub fn unsigned_payload(mut self, unsigned: bool) -> Self {
        self.unsigned_payload = unsigned;
        self
    }

    /// How long to wait for a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long a request may take from sending to the last byte of the response (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The largest response body accepted (default 32 MiB); larger ones are an error.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// How failed calls are retried (default: [`RetryPolicy::default`]); override per call
    /// with [`Client::with_retry`].
    ///
    /// ```
    /// use tencent_action_core::{Client, Credential, RetryPolicy};
    /// let client = Client::builder()
    ///     .credential(Credential::new("AKID", "k").unwrap())
    ///     .retry(RetryPolicy::none())
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(client.retry_policy().attempts(), 1);
    /// ```
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Client-side pacing of actions to their rate limits (default: the declared limits).
    pub fn rate_limiting(mut self, rate_limiting: RateLimiting) -> Self {
        self.rate_limiting = rate_limiting;
        self
    }

    /// Trusts another certificate authority (PEM) besides the system's, e.g. a local
    /// emulator's or a corporate proxy's. A malformed PEM makes [`build`](Self::build) fail.
    ///
    /// ```
    /// use tencent_action_core::{Client, Credential};
    /// let err = Client::builder()
    ///     .credential(Credential::new("AKID", "k").unwrap())
    ///     .add_root_certificate_pem("not a certificate")
    ///     .build()
    ///     .unwrap_err();
    /// assert!(err.to_string().contains("certificate"));
    /// ```
    pub fn add_root_certificate_pem(mut self, pem: impl AsRef<[u8]>) -> Self {
        self.root_certificates.push(pem.as_ref().to_vec());
        self
    }

    /// Sends requests unsigned (`Authorization: SKIP`), for the few actions that take no
    /// credential, such as STS `AssumeRoleWithWebIdentity`.
    ///
    /// ```
    /// let client = tencent_action_core::Client::builder().anonymous().build().unwrap();
    /// # let _ = client;
    /// ```
    pub fn anonymous(mut self) -> Self {
        self.anonymous = true;
        self
    }

    /// Limits shared through the Redis at `TENCENTCLOUD_RATE_LIMIT_REDIS` when it is set
    /// (with the current limits, `RedisUnavailable::PaceLocally`
    /// and the default timeout); unchanged when it is not. A malformed URL is an error, and so
    /// is the variable set in a build without the `redis` feature.
    ///
    /// ```
    /// // With the variable unset, nothing changes.
    /// # if std::env::var_os("TENCENTCLOUD_RATE_LIMIT_REDIS").is_none() {
    /// let builder = tencent_action_core::Client::builder().shared_rate_limiting_from_env().unwrap();
    /// # let _ = builder;
    /// # }
    /// ```
    pub fn shared_rate_limiting_from_env(self) -> Result<Self, Error> {
        let Some(url) = env_var(RATE_LIMIT_REDIS_VAR) else {
            return Ok(self);
        };
        #[cfg(feature = "redis")]
        {
            let limiter = crate::RedisRateLimiter::new(&url).map_err(|e| match e {
                Error::Config(message) => {
                    Error::Config(format!("{RATE_LIMIT_REDIS_VAR}: {message}"))
                }
                other => other,
            })?;
            let limits = self.rate_limiting.clone();
            Ok(self.rate_limiting(limits.shared(limiter)))
        }
        #[cfg(not(feature = "redis"))]
        {
            let _ = url;
            Err(Error::Config(format!(
                "{RATE_LIMIT_REDIS_VAR} is set, but this build cannot share rate limits: enable \
                 the `redis` feature of tencent-action (or tencent-action-core), or unset it"
            )))
        }
    }

    /// Region from `TENCENTCLOUD_REGION`, endpoint from `TENCENTCLOUD_ENDPOINT`, credentials
    /// from the default chain (environment → profile file), when present, and rate limits
    /// shared through the Redis at `TENCENTCLOUD_RATE_LIMIT_REDIS` when it is set
    /// ([`shared_rate_limiting_from_env`](Self::shared_rate_limiting_from_env)).
    ///
    /// ```
    /// use tencent_action_core::ClientBuilder;
    /// match ClientBuilder::from_env().and_then(|builder| builder.build()) {
    ///     Ok(client) => println!("region {:?}", client.region()),
    ///     Err(e) => eprintln!("{}", tencent_action_core::Report(&e)),
    /// }
    /// ```
    pub fn from_env() -> Result<Self, Error> {
        let mut builder = ClientBuilder::default().shared_rate_limiting_from_env()?;
        if let Some(region) = env_var(REGION_VAR) {
            builder = builder.region(region);
        }
        if let Some(endpoint) = env_var(ENDPOINT_VAR) {
            Endpoint::url(&endpoint).map_err(|e| Error::Config(format!("{ENDPOINT_VAR}: {e}")))?;
            builder = builder.endpoint(endpoint);
        }
        if let Some(credential) = DefaultCredentialChain::find()? {
            builder = builder.credential(credential);
        }
        Ok(builder)
    }

    /// Builds the client with its connection pool. Without a credential, the default chain
    /// is used ([`DefaultCredentialChain::provider`]).
    ///
    /// ```
    /// let client = tencent_action_core::Client::builder().build();
    /// assert!(client.is_ok() || client.unwrap_err().to_string().contains("credentials"));
    /// ```
    pub fn build(self) -> Result<Client, Error> {
        let endpoint = match &self.endpoint_url {
            Some(url) => Endpoint::url(url)?,
            None => self.endpoint,
        };
        let credentials = match self.credentials {
            Some(provider) => Some(provider),
            None if self.anonymous => None,
            None => Some(DefaultCredentialChain::provider()?),
        };
        // The TLS configuration names its provider: the process default is the application's.
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(super::tls::client_config(&self.root_certificates)?)
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            // A redirect is an error: following it would hand the signed headers, the token
            // and (307, 308) the body to another host.
            .redirect(reqwest::redirect::Policy::none());
        let http = http
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                credentials,
                region: self.region,
                endpoint,
                language: self.language,
                request_client: reqwest::header::HeaderValue::from_str(&self.request_client).ok(),
                method: self.method,
                unsigned_payload: self.unsigned_payload,
                max_response_bytes: self.max_response_bytes,
                timeout: self.timeout,
                pacer: Pacer::new(self.rate_limiting),
                keys: crate::sign::SigningKeyCache::default(),
                targets: Default::default(),
                clock_offset: std::sync::atomic::AtomicI64::new(0),
            }),
            retry: self.retry,
        })
    }
}

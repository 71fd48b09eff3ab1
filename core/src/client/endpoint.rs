//! Where requests go: `SERVICE.tencentcloudapi.com`, the regional host, a root-domain override,
//! or a full URL that replaces the service host (`TENCENTCLOUD_ENDPOINT`).

use crate::Error;

/// The root domain of Tencent Cloud API 3.0.
pub const DEFAULT_ROOT_DOMAIN: &str = "tencentcloudapi.com";

/// How the client chooses the endpoint of each call.
///
/// ```
/// use tencent_action_core::Endpoint;
/// let e = Endpoint::default();
/// assert_eq!(e.resolve("cvm", Some("ap-guangzhou")).unwrap().url(), "https://cvm.tencentcloudapi.com/");
/// assert_eq!(e.resolve("cvm", Some("ap-shanghai-fsi")).unwrap().host(), "cvm.ap-shanghai-fsi.tencentcloudapi.com");
/// let local = Endpoint::url("http://127.0.0.1:9000").unwrap();
/// assert_eq!(local.resolve("cvm", None).unwrap().host(), "127.0.0.1:9000");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    /// `https://SERVICE.ROOT/`, or `https://SERVICE.REGION.ROOT/` when `regional` is set or the
    /// region is a financial (`-fsi`) one.
    Service {
        /// The root domain, `tencentcloudapi.com` unless overridden
        /// (e.g. `internal.tencentcloudapi.com`).
        root_domain: String,
        /// Always use the regional host.
        regional: bool,
    },
    /// One fixed base URL for every service (an emulator, a proxy). Its authority is the signed
    /// host.
    Url {
        /// `http` or `https`.
        scheme: String,
        /// `host[:port]` exactly as sent in `Host`.
        host: String,
    },
}

impl Default for Endpoint {
    fn default() -> Self {
        Endpoint::Service {
            root_domain: DEFAULT_ROOT_DOMAIN.to_owned(),
            regional: false,
        }
    }
}

/// The URL and signed host of one call.
///
/// ```
/// let r = tencent_action_core::Endpoint::default().resolve("iotexplorer", None).unwrap();
/// assert_eq!(r.host(), "iotexplorer.tencentcloudapi.com");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedEndpoint {
    url: String,
    host: String,
}

impl ResolvedEndpoint {
    /// The URL to send to (path `/`).
    ///
    /// ```
    /// let r = tencent_action_core::Endpoint::default().resolve("cvm", None).unwrap();
    /// assert!(r.url().ends_with(".com/"));
    /// ```
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The `Host` header, which is signed.
    ///
    /// ```
    /// let r = tencent_action_core::Endpoint::default().resolve("cvm", None).unwrap();
    /// assert_eq!(r.host(), "cvm.tencentcloudapi.com");
    /// ```
    pub fn host(&self) -> &str {
        &self.host
    }
}

impl Endpoint {
    /// A fixed endpoint from a full URL (`http://127.0.0.1:9000`) or a bare host
    /// (`iotexplorer.ap-guangzhou.tencentcloudapi.com`, taken as HTTPS).
    ///
    /// ```
    /// use tencent_action_core::Endpoint;
    /// assert!(Endpoint::url("http://127.0.0.1:9000/").is_ok());
    /// assert!(Endpoint::url("http://127.0.0.1:9000/v2").is_err());
    /// assert!(Endpoint::url("ftp://x").is_err());
    /// ```
    pub fn url(text: &str) -> Result<Self, Error> {
        let text = text.trim();
        let full = if text.contains("://") {
            text.to_owned()
        } else {
            format!("https://{text}")
        };
        let bad = |why: &str| Error::Config(format!("endpoint `{text}`: {why}"));
        let url = reqwest::Url::parse(&full).map_err(|e| bad(&e.to_string()))?;
        if url.scheme() != "http" && url.scheme() != "https" {
            return Err(bad("the scheme must be http or https"));
        }
        if url.path() != "/" {
            return Err(bad("API 3.0 is served at path `/`; remove the path"));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(bad("remove the query or fragment"));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(bad("credentials do not belong in the URL"));
        }
        let host = url.host_str().ok_or_else(|| bad("no host"))?;
        let host = match url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        };
        Ok(Endpoint::Url {
            scheme: url.scheme().to_owned(),
            host,
        })
    }

    /// The service endpoints under another root domain.
    ///
    /// ```
    /// use tencent_action_core::Endpoint;
    /// let e = Endpoint::root_domain("internal.tencentcloudapi.com");
    /// assert_eq!(e.resolve("cvm", None).unwrap().host(), "cvm.internal.tencentcloudapi.com");
    /// ```
    pub fn root_domain(root: impl Into<String>) -> Self {
        Endpoint::Service {
            root_domain: root.into(),
            regional: false,
        }
    }

    /// The endpoint of `service` in `region`.
    ///
    /// ```
    /// use tencent_action_core::Endpoint;
    /// let e = Endpoint::Service { root_domain: "tencentcloudapi.com".into(), regional: true };
    /// assert_eq!(e.resolve("cvm", Some("ap-bangkok")).unwrap().host(), "cvm.ap-bangkok.tencentcloudapi.com");
    /// assert!(e.resolve("cvm", None).is_err());
    /// ```
    pub fn resolve(&self, service: &str, region: Option<&str>) -> Result<ResolvedEndpoint, Error> {
        match self {
            Endpoint::Url { scheme, host } => Ok(ResolvedEndpoint {
                url: concat(&[scheme, "://", host, "/"]),
                host: host.clone(),
            }),
            Endpoint::Service {
                root_domain,
                regional,
            } => {
                let fsi = region.is_some_and(|r| r.ends_with("-fsi"));
                let host = if *regional || fsi {
                    let region = region.ok_or_else(|| {
                        Error::Config("a regional endpoint needs a region".to_owned())
                    })?;
                    concat(&[service, ".", region, ".", root_domain])
                } else {
                    concat(&[service, ".", root_domain])
                };
                Ok(ResolvedEndpoint {
                    url: concat(&["https://", &host, "/"]),
                    host,
                })
            }
        }
    }
}

/// Joins string parts with one allocation.
fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

//! Credentials of the CAM role bound to a CVM instance, from the instance metadata service.

use std::time::Duration;

use serde::Deserialize;

use super::refresh::{Fetch, FetchFuture, Refreshing, Temporary};
use super::{Credential, CredentialError, env_var};
use crate::Error;

/// The metadata service of CVM instances.
pub const DEFAULT_METADATA_ENDPOINT: &str = "http://metadata.tencentyun.com";
/// Overrides the metadata service's address (e.g. a local emulator).
pub const METADATA_ENDPOINT_VAR: &str = "TENCENTCLOUD_METADATA_ENDPOINT";

const ROLE_PATH: &str = "/latest/meta-data/cam/security-credentials/";

/// Temporary credentials of the instance's CAM role, cached and refreshed before they expire.
///
/// ```no_run
/// use std::sync::Arc;
/// use tencent_action_core::{Client, CvmRoleCredentials};
/// let client = Client::builder()
///     .credential_provider(Arc::new(CvmRoleCredentials::new()))
///     .region("ap-guangzhou")
///     .build()
///     .unwrap();
/// ```
#[derive(Debug)]
pub struct CvmRoleCredentials {
    inner: Refreshing<MetadataService>,
}

#[derive(Debug)]
struct MetadataService {
    endpoint: String,
    role: Option<String>,
    http: reqwest::Client,
}

#[derive(Deserialize)]
struct RoleCredentials {
    #[serde(rename = "TmpSecretId")]
    tmp_secret_id: String,
    #[serde(rename = "TmpSecretKey")]
    tmp_secret_key: String,
    #[serde(rename = "Token")]
    token: String,
    #[serde(rename = "ExpiredTime")]
    expired_time: i64,
    #[serde(rename = "Code")]
    code: Option<String>,
}

impl Default for CvmRoleCredentials {
    fn default() -> Self {
        Self::new()
    }
}

impl CvmRoleCredentials {
    /// The metadata service at `TENCENTCLOUD_METADATA_ENDPOINT`, else
    /// `http://metadata.tencentyun.com`; the role is discovered.
    pub fn new() -> Self {
        let endpoint =
            env_var(METADATA_ENDPOINT_VAR).unwrap_or_else(|| DEFAULT_METADATA_ENDPOINT.to_owned());
        Self::with_endpoint(endpoint)
    }

    /// A metadata service at another address (`http://127.0.0.1:9000`).
    pub fn with_endpoint(endpoint: impl Into<String>) -> Self {
        // Plain HTTP to the metadata service; the TLS configuration is only there so that
        // reqwest needs no process-wide crypto provider.
        let mut http = reqwest::Client::builder();
        if let Ok(tls) = crate::client::tls_config() {
            http = http.tls_backend_preconfigured(tls);
        }
        let http = http
            .connect_timeout(Duration::from_secs(1))
            .timeout(Duration::from_secs(5))
            .no_proxy()
            .build()
            .unwrap_or_default();
        CvmRoleCredentials {
            inner: Refreshing::new(MetadataService {
                endpoint: endpoint.into().trim_end_matches('/').to_owned(),
                role: None,
                http,
            }),
        }
    }

    /// Uses this role instead of discovering it.
    pub fn role(self, role: impl Into<String>) -> Self {
        CvmRoleCredentials {
            inner: Refreshing::new(MetadataService {
                role: Some(role.into()),
                ..self.inner.into_parts()
            }),
        }
    }

    /// How many times credentials were fetched from the metadata service.
    ///
    /// ```
    /// assert_eq!(tencent_action_core::CvmRoleCredentials::new().fetch_count(), 0);
    /// ```
    pub fn fetch_count(&self) -> u64 {
        self.inner.fetches()
    }

    /// Whether the metadata service answers with a role: `Ok(false)` when it cannot be reached
    /// or no role is bound (not on CVM), an error when it answers something unexpected.
    pub(crate) async fn is_available(&self) -> Result<bool, Error> {
        match self.inner.source().role_name().await {
            Ok(_) => Ok(true),
            Err(Probe::Absent) => Ok(false),
            Err(Probe::Broken(e)) => Err(e),
        }
    }
}

enum Probe {
    Absent,
    Broken(Error),
}

impl MetadataService {
    fn broken(&self, reason: String) -> Error {
        Error::Credential(CredentialError::Provider(format!(
            "CVM metadata service {}: {reason}",
            self.endpoint
        )))
    }

    async fn role_name(&self) -> Result<String, Probe> {
        if let Some(role) = &self.role {
            return Ok(role.clone());
        }
        let url = format!("{}{ROLE_PATH}", self.endpoint);
        let response = match self.http.get(&url).send().await {
            Ok(response) => response,
            Err(e) if e.is_connect() || e.is_timeout() => return Err(Probe::Absent),
            Err(e) => return Err(Probe::Broken(self.broken(e.to_string()))),
        };
        if response.status() == reqwest::StatusCode::NOT_FOUND {
            return Err(Probe::Absent);
        }
        if !response.status().is_success() {
            return Err(Probe::Broken(
                self.broken(format!("HTTP {} for {ROLE_PATH}", response.status())),
            ));
        }
        let text = response
            .text()
            .await
            .map_err(|e| Probe::Broken(self.broken(e.to_string())))?;
        match text.lines().map(str::trim).find(|l| !l.is_empty()) {
            Some(role) => Ok(role.to_owned()),
            None => Err(Probe::Absent),
        }
    }
}

impl Fetch for MetadataService {
    fn fetch(&self) -> FetchFuture<'_> {
        Box::pin(async move {
            let role = self.role_name().await.map_err(|probe| match probe {
                Probe::Absent => self.broken("no CAM role is bound to this instance".to_owned()),
                Probe::Broken(e) => e,
            })?;
            let url = format!("{}{ROLE_PATH}{role}", self.endpoint);
            let response = self
                .http
                .get(&url)
                .send()
                .await
                .map_err(|e| self.broken(e.to_string()))?;
            let status = response.status();
            let body = response
                .bytes()
                .await
                .map_err(|e| self.broken(e.to_string()))?;
            if !status.is_success() {
                return Err(self.broken(format!("HTTP {status} for role `{role}`")));
            }
            let parsed: RoleCredentials = serde_json::from_slice(&body)
                .map_err(|e| self.broken(format!("unexpected answer for role `{role}`: {e}")))?;
            if let Some(code) = parsed.code.as_deref()
                && code != "Success"
            {
                return Err(self.broken(format!("role `{role}` answered Code {code}")));
            }
            let credential = Credential::new(parsed.tmp_secret_id, parsed.tmp_secret_key)?
                .with_token(parsed.token)?;
            Ok(Temporary {
                credential,
                expires_at: parsed.expired_time,
            })
        })
    }
}

super::refresh::provide_through_refreshing!(CvmRoleCredentials);

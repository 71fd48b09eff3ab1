//! Temporary credentials from STS: `AssumeRole` with a long-term key, and
//! `AssumeRoleWithWebIdentity` with an OIDC token (TKE workload identity). Both actions are
//! declared with `#[tencent_action]` like any other.

use tencent_action_macros::{tencent_action, tencent_model};

use super::refresh::{Fetch, FetchFuture, Refreshing, Temporary};
use super::{Credential, CredentialError, env_var};
use crate::{Client, Error};

/// STS `AssumeRole`: temporary credentials of a CAM role, requested with a long-term key.
#[tencent_action(crate = "crate", service = "sts", version = "2018-08-13")]
pub struct AssumeRole {
    /// The role, `qcs::cam::uin/UIN:roleName/NAME`.
    #[tc(min_len = 1)]
    pub role_arn: String,
    /// A name for the session, shown in audit logs.
    #[tc(min_len = 2, max_len = 128)]
    pub role_session_name: String,
    /// Lifetime in seconds (default 7200).
    #[tc(min = 0, max = 43200)]
    pub duration_seconds: Option<u64>,
}

/// The result of [`AssumeRole`] and [`AssumeRoleWithWebIdentity`].
#[tencent_model(crate = "crate")]
pub struct AssumeRoleResponse {
    /// The temporary credentials.
    pub credentials: StsCredentials,
    /// When they expire, Unix seconds.
    pub expired_time: i64,
    /// When they expire, ISO 8601.
    pub expiration: Option<String>,
}

/// Temporary credentials as STS returns them. `Debug` redacts the key and token.
#[tencent_model(crate = "crate")]
pub struct StsCredentials {
    /// The session token, sent as `X-TC-Token`.
    #[tc(secret)]
    pub token: String,
    /// The temporary SecretId.
    pub tmp_secret_id: String,
    /// The temporary SecretKey.
    #[tc(secret)]
    pub tmp_secret_key: String,
}

/// STS `AssumeRoleWithWebIdentity`: temporary credentials of a CAM role for an OIDC identity
/// token; the request itself is not signed.
#[tencent_action(
    crate = "crate",
    service = "sts",
    version = "2018-08-13",
    response = AssumeRoleResponse
)]
pub struct AssumeRoleWithWebIdentity {
    /// The identity provider's id.
    pub provider_id: String,
    /// The OIDC token.
    #[tc(secret, min_len = 1)]
    pub web_identity_token: String,
    /// The role, `qcs::cam::uin/UIN:roleName/NAME`.
    #[tc(min_len = 1)]
    pub role_arn: String,
    /// A name for the session.
    #[tc(min_len = 2, max_len = 128)]
    pub role_session_name: String,
    /// Lifetime in seconds (an int64 in the API definition).
    pub duration_seconds: Option<i64>,
}

fn temporary(out: AssumeRoleResponse) -> Result<Temporary, Error> {
    let c = out.credentials;
    let credential = Credential::new(c.tmp_secret_id, c.tmp_secret_key)?.with_token(c.token)?;
    Ok(Temporary {
        credential,
        expires_at: out.expired_time,
    })
}

/// Temporary credentials from STS `AssumeRole`, cached and refreshed before they expire.
///
/// ```no_run
/// use std::sync::Arc;
/// use tencent_action_core::{Client, Credential, StsAssumeRoleCredentials};
/// let base = Credential::new("AKID...", "...").unwrap();
/// let sts = Client::builder().credential(base).region("ap-guangzhou").build().unwrap();
/// let provider = StsAssumeRoleCredentials::new(sts, "qcs::cam::uin/100000000001:roleName/app", "my-app");
/// let client = Client::builder().credential_provider(Arc::new(provider)).region("ap-guangzhou").build().unwrap();
/// ```
#[derive(Debug)]
pub struct StsAssumeRoleCredentials {
    inner: Refreshing<AssumeRoleSource>,
}

#[derive(Debug)]
struct AssumeRoleSource {
    sts: Client,
    request: AssumeRole,
}

impl Fetch for AssumeRoleSource {
    fn fetch(&self) -> FetchFuture<'_> {
        Box::pin(async move { temporary(self.sts.send(&self.request).await?.into_inner()) })
    }
}

impl StsAssumeRoleCredentials {
    /// Assumes `role_arn` through `sts`, a client with the long-term key (and a region, or an
    /// endpoint).
    ///
    /// ```
    /// # let sts = tencent_action_core::Client::builder().credential(tencent_action_core::Credential::new("A", "k").unwrap()).build().unwrap();
    /// let p = tencent_action_core::StsAssumeRoleCredentials::new(sts, "qcs::cam::uin/1:roleName/r", "session");
    /// assert_eq!(p.fetch_count(), 0);
    /// ```
    pub fn new(sts: Client, role_arn: impl Into<String>, session_name: impl Into<String>) -> Self {
        StsAssumeRoleCredentials {
            inner: Refreshing::new(AssumeRoleSource {
                sts,
                request: AssumeRole {
                    role_arn: role_arn.into(),
                    role_session_name: session_name.into(),
                    duration_seconds: None,
                },
            }),
        }
    }

    /// Requests credentials valid this long.
    ///
    /// See the example on [`StsAssumeRoleCredentials::new`].
    pub fn duration_seconds(self, seconds: u64) -> Self {
        let mut source = self.inner.into_parts();
        source.request.duration_seconds = Some(seconds);
        StsAssumeRoleCredentials {
            inner: Refreshing::new(source),
        }
    }

    /// How many times credentials were requested from STS.
    ///
    /// ```
    /// # let sts = tencent_action_core::Client::builder().credential(tencent_action_core::Credential::new("A", "k").unwrap()).build().unwrap();
    /// assert_eq!(tencent_action_core::StsAssumeRoleCredentials::new(sts, "r", "s").fetch_count(), 0);
    /// ```
    pub fn fetch_count(&self) -> u64 {
        self.inner.fetches()
    }
}

super::refresh::provide_through_refreshing!(StsAssumeRoleCredentials);

/// The TKE workload-identity variables.
pub const TKE_REGION_VAR: &str = "TKE_REGION";
/// The identity provider's id.
pub const TKE_PROVIDER_ID_VAR: &str = "TKE_PROVIDER_ID";
/// The file holding the OIDC token (re-read at each refresh).
pub const TKE_WEB_IDENTITY_TOKEN_FILE_VAR: &str = "TKE_WEB_IDENTITY_TOKEN_FILE";
/// The role to assume.
pub const TKE_ROLE_ARN_VAR: &str = "TKE_ROLE_ARN";

/// Temporary credentials for a TKE workload: `AssumeRoleWithWebIdentity` with the OIDC token
/// from `TKE_WEB_IDENTITY_TOKEN_FILE`, cached and refreshed before they expire.
///
/// ```
/// // Absent unless all four TKE_* variables are set.
/// if std::env::var_os("TKE_ROLE_ARN").is_none() {
///     assert!(tencent_action_core::OidcRoleCredentials::from_env().unwrap().is_none());
/// }
/// ```
#[derive(Debug)]
pub struct OidcRoleCredentials {
    inner: Refreshing<WebIdentitySource>,
}

#[derive(Debug)]
struct WebIdentitySource {
    sts: Client,
    provider_id: String,
    token_file: String,
    role_arn: String,
    session_name: String,
}

impl Fetch for WebIdentitySource {
    fn fetch(&self) -> FetchFuture<'_> {
        Box::pin(async move {
            let token = std::fs::read_to_string(&self.token_file).map_err(|e| {
                Error::Credential(CredentialError::Provider(format!(
                    "cannot read the OIDC token {}: {e}",
                    self.token_file
                )))
            })?;
            let request = AssumeRoleWithWebIdentity {
                provider_id: self.provider_id.clone(),
                web_identity_token: token.trim().to_owned(),
                role_arn: self.role_arn.clone(),
                role_session_name: self.session_name.clone(),
                duration_seconds: None,
            };
            temporary(self.sts.send(&request).await?.into_inner())
        })
    }
}

impl OidcRoleCredentials {
    /// From `TKE_REGION`, `TKE_PROVIDER_ID`, `TKE_WEB_IDENTITY_TOKEN_FILE`, `TKE_ROLE_ARN`:
    /// `Ok(None)` when none is set, an error when only some are. STS is called at
    /// `TENCENTCLOUD_ENDPOINT` when that is set.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use tencent_action_core::{Client, OidcRoleCredentials};
    /// if let Ok(Some(oidc)) = OidcRoleCredentials::from_env() {
    ///     let client = Client::builder().credential_provider(Arc::new(oidc)).build();
    ///     assert!(client.is_ok());
    /// }
    /// ```
    pub fn from_env() -> Result<Option<Self>, Error> {
        let vars = [
            TKE_REGION_VAR,
            TKE_PROVIDER_ID_VAR,
            TKE_WEB_IDENTITY_TOKEN_FILE_VAR,
            TKE_ROLE_ARN_VAR,
        ];
        let values: Vec<Option<String>> = vars.iter().map(|v| env_var(v)).collect();
        if values.iter().all(Option::is_none) {
            return Ok(None);
        }
        let missing: Vec<&str> = vars
            .iter()
            .zip(&values)
            .filter(|(_, v)| v.is_none())
            .map(|(name, _)| *name)
            .collect();
        if !missing.is_empty() {
            return Err(Error::Credential(CredentialError::Provider(format!(
                "TKE workload identity is half configured: {} not set",
                missing.join(", ")
            ))));
        }
        let [
            Some(region),
            Some(provider_id),
            Some(token_file),
            Some(role_arn),
        ] = <[Option<String>; 4]>::try_from(values).unwrap_or_default()
        else {
            return Ok(None);
        };
        let mut sts = Client::builder().region(region).anonymous();
        if let Some(endpoint) = env_var(crate::ENDPOINT_VAR) {
            sts = sts.endpoint(endpoint);
        }
        let sts = sts.build()?;
        Ok(Some(Self::new(sts, provider_id, token_file, role_arn)))
    }

    /// Assumes `role_arn` with the token in `token_file` through `sts` (a client built with
    /// [`ClientBuilder::anonymous`](crate::ClientBuilder::anonymous), since the request is not
    /// signed).
    ///
    /// ```
    /// let sts = tencent_action_core::Client::builder().anonymous().region("ap-guangzhou").build().unwrap();
    /// let p = tencent_action_core::OidcRoleCredentials::new(sts, "provider", "/var/run/token", "qcs::cam::uin/1:roleName/r");
    /// assert_eq!(p.fetch_count(), 0);
    /// ```
    pub fn new(
        sts: Client,
        provider_id: impl Into<String>,
        token_file: impl Into<String>,
        role_arn: impl Into<String>,
    ) -> Self {
        OidcRoleCredentials {
            inner: Refreshing::new(WebIdentitySource {
                sts,
                provider_id: provider_id.into(),
                token_file: token_file.into(),
                role_arn: role_arn.into(),
                session_name: format!("tencent-action-{}", std::process::id()),
            }),
        }
    }

    /// How many times credentials were requested from STS.
    ///
    /// ```
    /// let sts = tencent_action_core::Client::builder().anonymous().build().unwrap();
    /// assert_eq!(tencent_action_core::OidcRoleCredentials::new(sts, "p", "f", "r").fetch_count(), 0);
    /// ```
    pub fn fetch_count(&self) -> u64 {
        self.inner.fetches()
    }
}

super::refresh::provide_through_refreshing!(OidcRoleCredentials);

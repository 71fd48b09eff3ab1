//! Credentials and where they come from: explicit values, the environment, the profile file,
//! the CVM role, STS and TKE OIDC, and the default chain of them.

mod chain;
mod cvm;
mod env;
mod profile;
pub(crate) mod provider;
mod refresh;
mod sts;

pub use chain::DefaultCredentialChain;
pub use cvm::{CvmRoleCredentials, DEFAULT_METADATA_ENDPOINT, METADATA_ENDPOINT_VAR};
pub use env::EnvCredentials;
pub use profile::ProfileCredentials;
pub use provider::{CredentialFuture, ProvideCredential};
pub use sts::{
    AssumeRole, AssumeRoleResponse, AssumeRoleWithWebIdentity, OidcRoleCredentials,
    StsAssumeRoleCredentials, StsCredentials, TKE_PROVIDER_ID_VAR, TKE_REGION_VAR,
    TKE_ROLE_ARN_VAR, TKE_WEB_IDENTITY_TOKEN_FILE_VAR,
};

use zeroize::Zeroizing;

/// A Tencent Cloud API key: SecretId, SecretKey and, for temporary credentials, a token.
///
/// `Debug` shows the SecretId only; the key and token are zeroized when dropped.
///
/// ```
/// use tencent_action_core::Credential;
/// let cred = Credential::new("AKIDEXAMPLE", "very-secret").unwrap();
/// assert_eq!(cred.secret_id(), "AKIDEXAMPLE");
/// assert!(!format!("{cred:?}").contains("very-secret"));
/// assert!(Credential::new("AKID", " padded ").is_err());
/// ```
#[derive(Clone)]
pub struct Credential {
    secret_id: String,
    secret_key: Zeroizing<String>,
    token: Option<Zeroizing<String>>,
}

/// Why a credential was rejected or could not be found. Never contains a secret.
///
/// ```
/// use tencent_action_core::{Credential, CredentialError};
/// let err = Credential::new("", "key").unwrap_err();
/// assert!(matches!(err, CredentialError::Empty { field: "SecretId" }));
/// assert_eq!(err.to_string(), "SecretId is empty");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialError {
    /// A value is empty.
    #[error("{field} is empty")]
    Empty {
        /// `SecretId`, `SecretKey` or `Token`.
        field: &'static str,
    },
    /// A value starts or ends with whitespace, usually a copy-paste accident.
    #[error("{field} has leading or trailing whitespace (check how it was copied)")]
    Whitespace {
        /// `SecretId`, `SecretKey` or `Token`.
        field: &'static str,
    },
    /// One of a pair of environment variables is set without the other.
    #[error("{set} is set but {missing} is not")]
    IncompleteEnvironment {
        /// The variable that is set.
        set: &'static str,
        /// The variable that is missing.
        missing: &'static str,
    },
    /// The profile file exists but could not be read or lacks a value.
    #[error("profile file {path}: {reason}")]
    Profile {
        /// Path of the file.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
    /// No source had credentials.
    #[error(
        "no credentials found: set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY, or write them to {profile_path} ([default] secret_id, secret_key)"
    )]
    NotFound {
        /// Where the profile file was looked for.
        profile_path: String,
    },
    /// Any other provider failure.
    #[error("{0}")]
    Provider(String),
}

fn checked(field: &'static str, value: String) -> Result<String, CredentialError> {
    if value.is_empty() {
        Err(CredentialError::Empty { field })
    } else if value.trim() != value {
        Err(CredentialError::Whitespace { field })
    } else {
        Ok(value)
    }
}

impl Credential {
    /// A long-term credential. Rejects empty and whitespace-padded values.
    ///
    /// ```
    /// use tencent_action_core::Credential;
    /// assert!(Credential::new("AKID", "key").is_ok());
    /// assert!(Credential::new("AKID", "").is_err());
    /// ```
    pub fn new(
        secret_id: impl Into<String>,
        secret_key: impl Into<String>,
    ) -> Result<Self, CredentialError> {
        let secret_key = Zeroizing::new(secret_key.into());
        let secret_id = checked("SecretId", secret_id.into())?;
        if secret_key.is_empty() {
            return Err(CredentialError::Empty { field: "SecretKey" });
        }
        if secret_key.trim() != secret_key.as_str() {
            return Err(CredentialError::Whitespace { field: "SecretKey" });
        }
        Ok(Credential {
            secret_id,
            secret_key,
            token: None,
        })
    }

    /// Adds the session token of temporary credentials (sent as `X-TC-Token`).
    ///
    /// ```
    /// use tencent_action_core::Credential;
    /// let cred = Credential::new("AKID", "key").unwrap().with_token("session").unwrap();
    /// assert_eq!(cred.token(), Some("session"));
    /// ```
    pub fn with_token(mut self, token: impl Into<String>) -> Result<Self, CredentialError> {
        let token = Zeroizing::new(token.into());
        if token.is_empty() {
            return Err(CredentialError::Empty { field: "Token" });
        }
        if token.trim() != token.as_str() {
            return Err(CredentialError::Whitespace { field: "Token" });
        }
        self.token = Some(token);
        Ok(self)
    }

    /// The SecretId (not a secret: it is sent in every `Authorization` header).
    ///
    /// ```
    /// assert_eq!(tencent_action_core::Credential::new("AKID", "k").unwrap().secret_id(), "AKID");
    /// ```
    pub fn secret_id(&self) -> &str {
        &self.secret_id
    }

    /// The SecretKey. Handle with care: never log it.
    ///
    /// ```
    /// assert_eq!(tencent_action_core::Credential::new("AKID", "k").unwrap().secret_key(), "k");
    /// ```
    pub fn secret_key(&self) -> &str {
        &self.secret_key
    }

    /// The session token of temporary credentials.
    ///
    /// ```
    /// assert_eq!(tencent_action_core::Credential::new("AKID", "k").unwrap().token(), None);
    /// ```
    pub fn token(&self) -> Option<&str> {
        self.token.as_ref().map(|t| t.as_str())
    }
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credential")
            .field("secret_id", &self.secret_id)
            .field("secret_key", &"<redacted>")
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// Reads an environment variable, treating an empty value as unset.
pub(crate) fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

//! The default chain: environment, then profile file.

use std::sync::Arc;

use super::provider::StaticCredential;
use super::{Credential, CredentialError, EnvCredentials, ProfileCredentials, ProvideCredential};

/// Environment → profile file, as the official SDKs resolve credentials. A source that is
/// absent is skipped; a source that is present but broken is an error, not skipped.
///
/// ```
/// use tencent_action_core::DefaultCredentialChain;
/// match DefaultCredentialChain::resolve() {
///     Ok(cred) => println!("using {}", cred.secret_id()),
///     Err(err) => println!("{err}"),
/// }
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct DefaultCredentialChain;

impl DefaultCredentialChain {
    /// The first credential found, or [`CredentialError::NotFound`] naming where it looked.
    ///
    /// ```
    /// let _ = tencent_action_core::DefaultCredentialChain::resolve();
    /// ```
    pub fn resolve() -> Result<Credential, CredentialError> {
        Self::find()?.ok_or_else(|| CredentialError::NotFound {
            profile_path: ProfileCredentials::from_env().path().display().to_string(),
        })
    }

    /// Like [`resolve`](Self::resolve), but `Ok(None)` when no source has credentials.
    ///
    /// ```
    /// let _ = tencent_action_core::DefaultCredentialChain::find();
    /// ```
    pub fn find() -> Result<Option<Credential>, CredentialError> {
        if let Some(credential) = EnvCredentials::load()? {
            return Ok(Some(credential));
        }
        ProfileCredentials::from_env().load()
    }

    /// The resolved credential as a provider for [`ClientBuilder::credential_provider`](crate::ClientBuilder::credential_provider).
    ///
    /// ```
    /// let _ = tencent_action_core::DefaultCredentialChain::provider();
    /// ```
    pub fn provider() -> Result<Arc<dyn ProvideCredential>, CredentialError> {
        Ok(Arc::new(StaticCredential(Arc::new(Self::resolve()?))))
    }
}

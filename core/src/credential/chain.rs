//! The default chain: environment, profile file, CVM role, TKE OIDC.

use std::sync::Arc;

use super::provider::StaticCredential;
use super::{
    Credential, CredentialError, CredentialFuture, CvmRoleCredentials, EnvCredentials,
    OidcRoleCredentials, ProfileCredentials, ProvideCredential,
};
use crate::Error;

/// Environment → profile file → CVM role (instance metadata) → TKE OIDC, as the official SDKs
/// resolve credentials. A source that is absent is skipped; a source that is present but broken
/// is an error, not skipped.
///
/// ```
/// use tencent_action_core::DefaultCredentialChain;
/// match DefaultCredentialChain::find() {
///     Ok(Some(cred)) => println!("using {}", cred.secret_id()),
///     Ok(None) => println!("no key in the environment or profile"),
///     Err(err) => println!("{err}"),
/// }
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct DefaultCredentialChain;

impl DefaultCredentialChain {
    /// The long-term key from the environment or the profile file, or
    /// [`CredentialError::NotFound`] naming where it looked.
    ///
    /// ```
    /// use tencent_action_core::{CredentialError, DefaultCredentialChain};
    /// match DefaultCredentialChain::resolve() {
    ///     Ok(credential) => println!("using {}", credential.secret_id()),
    ///     Err(not_found @ CredentialError::NotFound { .. }) => eprintln!("{not_found}"),
    ///     Err(other) => eprintln!("a source is broken: {other}"),
    /// }
    /// ```
    pub fn resolve() -> Result<Credential, CredentialError> {
        Self::find()?.ok_or_else(not_found)
    }

    /// Like [`resolve`](Self::resolve), but `Ok(None)` when neither source has a key.
    ///
    /// ```
    /// use tencent_action_core::DefaultCredentialChain;
    /// if let Ok(None) = DefaultCredentialChain::find() {
    ///     eprintln!("no key in the environment or the profile file");
    /// }
    /// ```
    pub fn find() -> Result<Option<Credential>, CredentialError> {
        if let Some(credential) = EnvCredentials::load()? {
            return Ok(Some(credential));
        }
        ProfileCredentials::from_env().load()
    }

    /// The whole chain as a provider: a key from the environment or profile file now, else the
    /// CVM role or TKE OIDC, probed at the first call and refreshed from then on.
    ///
    /// ```
    /// use tencent_action_core::{Client, DefaultCredentialChain};
    /// let provider = DefaultCredentialChain::provider().expect("no source is broken");
    /// let client = Client::builder().credential_provider(provider).region("ap-guangzhou").build();
    /// assert!(client.is_ok());
    /// ```
    pub fn provider() -> Result<Arc<dyn ProvideCredential>, CredentialError> {
        Ok(match Self::find()? {
            Some(credential) => Arc::new(StaticCredential(Arc::new(credential))),
            None => Arc::new(TemporaryChain::default()),
        })
    }
}

fn not_found() -> CredentialError {
    CredentialError::NotFound {
        profile_path: ProfileCredentials::from_env().path().display().to_string(),
    }
}

/// The refreshing sources of the chain, probed once at the first call.
#[derive(Debug, Default)]
struct TemporaryChain {
    resolved: tokio::sync::OnceCell<Arc<dyn ProvideCredential>>,
}

impl TemporaryChain {
    async fn resolve(&self) -> Result<&Arc<dyn ProvideCredential>, Error> {
        self.resolved
            .get_or_try_init(|| async {
                let cvm = CvmRoleCredentials::new();
                if cvm.is_available().await? {
                    return Ok(Arc::new(cvm) as Arc<dyn ProvideCredential>);
                }
                if let Some(oidc) = OidcRoleCredentials::from_env()? {
                    return Ok(Arc::new(oidc) as Arc<dyn ProvideCredential>);
                }
                Err(Error::Credential(not_found()))
            })
            .await
    }
}

impl ProvideCredential for TemporaryChain {
    fn provide(&self) -> CredentialFuture<'_> {
        Box::pin(async move { self.resolve().await?.provide().await })
    }

    fn invalidate(&self) {
        if let Some(provider) = self.resolved.get() {
            provider.invalidate();
        }
    }

    fn ready(&self) -> Option<Arc<Credential>> {
        self.resolved.get()?.ready()
    }
}

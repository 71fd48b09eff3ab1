//! The credential-provider abstraction used by [`Client`](crate::Client).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use super::Credential;
use crate::Error;

/// The future returned by [`ProvideCredential::provide`].
pub type CredentialFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Arc<Credential>, Error>> + Send + 'a>>;

/// A source of credentials, asked once per signed request.
///
/// Implement it for credentials that change (temporary tokens); a [`Credential`] is itself a
/// provider of fixed credentials.
///
/// ```
/// use std::sync::Arc;
/// use tencent_action_core::{Credential, CredentialFuture, ProvideCredential};
///
/// #[derive(Debug)]
/// struct Fixed(Arc<Credential>);
/// impl ProvideCredential for Fixed {
///     fn provide(&self) -> CredentialFuture<'_> {
///         let cred = self.0.clone();
///         Box::pin(async move { Ok(cred) })
///     }
/// }
/// let _provider: Arc<dyn ProvideCredential> = Arc::new(Fixed(Arc::new(Credential::new("AKID", "k").unwrap())));
/// ```
pub trait ProvideCredential: Send + Sync + std::fmt::Debug {
    /// Returns the credential to sign the next request with.
    fn provide(&self) -> CredentialFuture<'_>;

    /// Called when the service rejected the credential's token
    /// (`AuthFailure.TokenFailure`): the next [`provide`](Self::provide) should fetch a fresh
    /// one. Fixed credentials ignore it.
    fn invalidate(&self) {}

    /// The credential to sign the next request with when it is at hand without waiting (a
    /// fixed credential, or a temporary one still fresh); `None`, the default, makes the
    /// client await [`provide`](Self::provide).
    ///
    /// ```
    /// use std::sync::Arc;
    /// use tencent_action_core::{Credential, CredentialFuture, ProvideCredential};
    /// #[derive(Debug)]
    /// struct Fixed(Arc<Credential>);
    /// impl ProvideCredential for Fixed {
    ///     fn provide(&self) -> CredentialFuture<'_> {
    ///         let cred = self.0.clone();
    ///         Box::pin(async move { Ok(cred) })
    ///     }
    ///     fn ready(&self) -> Option<Arc<Credential>> {
    ///         Some(self.0.clone())
    ///     }
    /// }
    /// assert!(Fixed(Arc::new(Credential::new("AKID", "k").unwrap())).ready().is_some());
    /// ```
    fn ready(&self) -> Option<Arc<Credential>> {
        None
    }
}

/// Fixed credentials.
#[derive(Debug)]
pub(crate) struct StaticCredential(pub(crate) Arc<Credential>);

impl ProvideCredential for StaticCredential {
    fn provide(&self) -> CredentialFuture<'_> {
        let credential = self.0.clone();
        Box::pin(async move { Ok(credential) })
    }

    fn ready(&self) -> Option<Arc<Credential>> {
        Some(self.0.clone())
    }
}

//! Temporary credentials, cached and refreshed ahead of expiry by one task while concurrent
//! calls wait for it.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::sign::unix_now;

use super::Credential;
use crate::Error;

/// A credential and when it expires (Unix seconds).
#[derive(Debug, Clone)]
pub(crate) struct Temporary {
    pub(crate) credential: Credential,
    pub(crate) expires_at: i64,
}

/// The future of one fetch.
pub(crate) type FetchFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Temporary, Error>> + Send + 'a>>;

/// A source of temporary credentials (metadata service, STS).
pub(crate) trait Fetch: Send + Sync + std::fmt::Debug + 'static {
    fn fetch(&self) -> FetchFuture<'_>;
}

#[derive(Debug, Clone)]
struct Cached {
    credential: Arc<Credential>,
    refresh_at: i64,
}

/// The longest a credential is refreshed ahead of its expiry; shorter lifetimes refresh a
/// quarter of their lifetime ahead.
const REFRESH_AHEAD: Duration = Duration::from_secs(300);

/// Caches what a [`Fetch`] returns and refreshes it before it expires.
#[derive(Debug)]
pub(crate) struct Refreshing<F> {
    source: F,
    cached: Mutex<Option<Cached>>,
    refresh: tokio::sync::Mutex<()>,
    stale: AtomicBool,
    fetches: AtomicU64,
}

impl<F: Fetch> Refreshing<F> {
    pub(crate) fn new(source: F) -> Self {
        Refreshing {
            source,
            cached: Mutex::new(None),
            refresh: tokio::sync::Mutex::new(()),
            stale: AtomicBool::new(false),
            fetches: AtomicU64::new(0),
        }
    }

    pub(crate) fn source(&self) -> &F {
        &self.source
    }

    pub(crate) fn into_parts(self) -> F {
        self.source
    }

    /// How many times the source was asked.
    pub(crate) fn fetches(&self) -> u64 {
        self.fetches.load(Ordering::Relaxed)
    }

    /// The cached credential while it is fresh, without waiting.
    pub(crate) fn ready(&self) -> Option<Arc<Credential>> {
        let now = unix_now().unwrap_or_default();
        if self.stale.load(Ordering::Acquire) {
            return None;
        }
        let cached = match self.cached.lock() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }?;
        (now < cached.refresh_at).then_some(cached.credential)
    }

    /// The cached credential while it is fresh; otherwise one caller fetches a new one and
    /// the others wait for it. A failed refresh is returned as the error of every waiting call.
    pub(crate) async fn get(&self) -> Result<Arc<Credential>, Error> {
        if let Some(credential) = self.ready() {
            return Ok(credential);
        }
        let _refreshing = self.refresh.lock().await;
        if let Some(credential) = self.ready() {
            return Ok(credential);
        }
        self.fetches.fetch_add(1, Ordering::Relaxed);
        let fetched_at = unix_now().unwrap_or_default();
        let temporary = self.source.fetch().await?;
        let lifetime = (temporary.expires_at - fetched_at).max(0);
        let ahead = (lifetime / 4).min(REFRESH_AHEAD.as_secs() as i64);
        let credential = Arc::new(temporary.credential);
        let cached = Cached {
            credential: credential.clone(),
            refresh_at: temporary.expires_at - ahead,
        };
        match self.cached.lock() {
            Ok(mut guard) => *guard = Some(cached),
            Err(poisoned) => *poisoned.into_inner() = Some(cached),
        }
        self.stale.store(false, Ordering::Release);
        Ok(credential)
    }

    /// Forces the next [`get`](Self::get) to fetch.
    pub(crate) fn invalidate(&self) {
        self.stale.store(true, Ordering::Release);
    }
}

/// Implements [`ProvideCredential`](super::ProvideCredential) for a provider whose `inner` field
/// is a [`Refreshing`]: it hands out the cached credential, refreshing it when due.
macro_rules! provide_through_refreshing {
    ($provider:ty) => {
        impl $crate::credential::ProvideCredential for $provider {
            fn provide(&self) -> $crate::credential::CredentialFuture<'_> {
                Box::pin(self.inner.get())
            }

            fn invalidate(&self) {
                self.inner.invalidate();
            }

            fn ready(&self) -> Option<std::sync::Arc<$crate::Credential>> {
                self.inner.ready()
            }
        }
    };
}
pub(crate) use provide_through_refreshing;

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Counting {
        lifetime: i64,
        calls: AtomicU64,
    }

    impl Fetch for Counting {
        fn fetch(&self) -> FetchFuture<'_> {
            Box::pin(async move {
                let n = self.calls.fetch_add(1, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(20)).await;
                Ok(Temporary {
                    credential: Credential::new(format!("AKIDTMP{n}"), "key")?.with_token("t")?,
                    expires_at: unix_now().unwrap_or_default() + self.lifetime,
                })
            })
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_callers_share_one_fetch() {
        let source = Arc::new(Refreshing::new(Counting {
            lifetime: 3600,
            calls: AtomicU64::new(0),
        }));
        let tasks: Vec<_> = (0..50)
            .map(|_| {
                let source = source.clone();
                tokio::spawn(async move { source.get().await.map(|c| c.secret_id().to_owned()) })
            })
            .collect();
        for task in tasks {
            assert_eq!(task.await.unwrap().unwrap(), "AKIDTMP0");
        }
        assert_eq!(source.fetches(), 1);
        source.invalidate();
        assert_eq!(source.get().await.unwrap().secret_id(), "AKIDTMP1");
        assert_eq!(source.fetches(), 2);
    }

    #[tokio::test]
    async fn an_expired_credential_is_fetched_again() {
        let source = Refreshing::new(Counting {
            lifetime: 0,
            calls: AtomicU64::new(0),
        });
        assert_eq!(source.get().await.unwrap().secret_id(), "AKIDTMP0");
        assert_eq!(source.get().await.unwrap().secret_id(), "AKIDTMP1");
    }
}

//! [`Emulator`](crate::Emulator): a configured emulator, and how it starts serving.

use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex};

use tencent_action_core::Credential;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::random;
use crate::registry::Registry;
use crate::running::{Handle, RunningEmulator};
use crate::server::{self, Secure};
use crate::state::Shared;
use crate::tls::TlsIdentity;

/// A configured emulator, ready to [`start`](crate::Emulator::start) or
/// [`serve`](crate::Emulator::serve).
///
/// `Debug` shows SecretIds, never keys.
///
/// ```
/// let emulator = tencent_action_emulator::Emulator::builder().credential("AKID", "key").build();
/// assert!(!format!("{emulator:?}").contains("\"key\""));
/// ```
pub struct Emulator {
    pub(crate) shared: Shared,
    pub(crate) registry: Registry,
    pub(crate) tls: Option<Result<TlsIdentity, String>>,
    /// The first SecretId and SecretKey given to the builder, for
    /// [`RunningEmulator::client_builder`].
    pub(crate) first_credential: Option<(String, String)>,
}

impl fmt::Debug for Emulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut secret_ids: Vec<&str> = self.shared.credentials.long_term_ids().collect();
        secret_ids.sort_unstable();
        f.debug_struct("Emulator")
            .field("secret_ids", &secret_ids)
            .field("trtc_app", &self.shared.trtc.app)
            .field("tls", &self.tls.is_some())
            .finish_non_exhaustive()
    }
}

impl Emulator {
    /// A fresh random SecretId and SecretKey from the operating system's generator, for an
    /// emulator that should accept only the program that started it (give the pair to both
    /// [`EmulatorBuilder::credential`](crate::EmulatorBuilder::credential) and the client).
    ///
    /// ```
    /// let (secret_id, secret_key) = tencent_action_emulator::Emulator::random_credential();
    /// assert!(secret_id.starts_with("AKIDLOCAL") && secret_id.len() == 41);
    /// assert_eq!(secret_key.len(), 40);
    /// assert_ne!(tencent_action_emulator::Emulator::random_credential().1, secret_key);
    /// let builder = tencent_action_emulator::Emulator::builder().credential(secret_id, secret_key);
    /// ```
    pub fn random_credential() -> (String, String) {
        let mut bytes = [0u8; 36];
        random::fill(&mut bytes);
        let (id, key) = bytes.split_at(16);
        (
            format!("AKIDLOCAL{}", tencent_action_core::verifier::hex(id)),
            tencent_action_core::verifier::hex(key),
        )
    }

    /// The PEM certificate of the authority that signed the HTTPS certificate, when built with
    /// [`tls(true)`](crate::EmulatorBuilder::tls).
    ///
    /// ```
    /// let emulator = tencent_action_emulator::Emulator::builder().tls(true).build();
    /// assert!(emulator.ca_pem().unwrap().starts_with("-----BEGIN CERTIFICATE-----"));
    /// ```
    pub fn ca_pem(&self) -> Option<&str> {
        match &self.tls {
            Some(Ok(identity)) => Some(&identity.ca_pem),
            _ => None,
        }
    }

    /// The TLS handshake, or the error that prevented making one.
    fn acceptor(&self) -> std::io::Result<Option<Arc<dyn Secure>>> {
        match &self.tls {
            None => Ok(None),
            Some(Ok(identity)) => Ok(Some(Arc::clone(&identity.acceptor))),
            Some(Err(why)) => Err(std::io::Error::other(why.clone())),
        }
    }

    /// Binds `addr` (e.g. `"127.0.0.1:0"` for any free port) and serves on the current tokio
    /// runtime until [`RunningEmulator::shutdown`](crate::RunningEmulator::shutdown) or until every
    /// handle is dropped.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let running = tencent_action_emulator::Emulator::builder()
    ///     .credential("AKID", "key")
    ///     .build()
    ///     .start("127.0.0.1:0")
    ///     .await?;
    /// assert_ne!(running.addr().port(), 0);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn start(self, addr: &str) -> std::io::Result<RunningEmulator> {
        let acceptor = self.acceptor()?;
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let ca_pem = self.ca_pem().map(str::to_owned);
        let shared = Arc::new(self.shared);
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(server::serve(
            listener,
            Arc::clone(&shared),
            Arc::new(self.registry),
            acceptor,
            async {
                // Resolves on an explicit stop and when the last handle is dropped.
                let _ = stopped.await;
            },
        ));
        Ok(RunningEmulator {
            inner: Arc::new(Handle {
                addr,
                ca_pem,
                credential: self
                    .first_credential
                    .and_then(|(id, key)| Credential::new(id, key).ok()),
                shared,
                stop: Mutex::new(Some(stop)),
                task: Mutex::new(Some(task)),
            }),
        })
    }

    /// Serves on `listener` until `shutdown` resolves, then lets open requests finish.
    ///
    /// ```no_run
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let listener = tokio::net::TcpListener::bind("127.0.0.1:9000").await?;
    /// let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    /// # drop(stop);
    /// tencent_action_emulator::Emulator::builder()
    ///     .credential("AKID", "key")
    ///     .build()
    ///     .serve(listener, async { let _ = stopped.await; })
    ///     .await
    /// # }
    /// ```
    pub async fn serve(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let acceptor = self.acceptor()?;
        server::serve(
            listener,
            Arc::new(self.shared),
            Arc::new(self.registry),
            acceptor,
            shutdown,
        )
        .await
    }
}

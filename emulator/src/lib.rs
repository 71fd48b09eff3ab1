//! A local Tencent Cloud API 3.0 endpoint.
//!
//! It verifies TC3-HMAC-SHA256 signatures the way the service does (same steps, same error
//! codes, in the official envelope with HTTP 200) and serves IoT Explorer's
//! `CreateTRTCSignaturesWithRoomId` (service `iotexplorer`, version `2019-04-23`), issuing real
//! TRTC `UserSig`s and `PrivateMapKey`s (see [`usersig`]) signed with a key of its own.
//!
//! Calls go to `/` by POST (JSON body, `Content-Type: application/json`) or GET (flattened,
//! form-encoded query). A call is checked in this order; the first failure is answered:
//!
//! | check | error code |
//! |---|---|
//! | method is GET or POST | `UnsupportedProtocol` |
//! | `Authorization` present, a TC3-HMAC-SHA256 header | `AuthFailure.InvalidAuthorization` |
//! | `X-TC-Timestamp` present, an integer | `MissingParameter`, `InvalidParameter` |
//! | timestamp within 300 s of the server clock | `AuthFailure.SignatureExpire` |
//! | scope date is the timestamp's UTC date, scope service is the action's | `AuthFailure.SignatureFailure` |
//! | SecretId known | `AuthFailure.SecretIdNotFound` |
//! | `content-type` and `host` signed, every signed header sent | `AuthFailure.InvalidAuthorization` |
//! | signature over method, raw query, signed headers and body (or `UNSIGNED-PAYLOAD`) | `AuthFailure.SignatureFailure` |
//! | `X-TC-Action`, `X-TC-Version` present; version and action exist | `MissingParameter`, `NoSuchVersion`, `InvalidAction` |
//! | `X-TC-Region` present and offered | `MissingParameter`, `UnsupportedRegion` |
//! | parameters: JSON, present, known, typed, valid | `InvalidParameter`, `MissingParameter`, `UnknownParameter`, `InvalidParameterValue`, `InvalidParameter.UserIdOverLimit`, `InvalidParameter.RoomIdExist` |
//!
//! Errors come with HTTP 200 in the official envelope; a signature mismatch's message shows
//! the canonical request and string to sign computed here. `X-TC-Token` is not checked.
//!
//! `GET /__emulator/stats` answers `{"requests_seen": N}`: every request that reached the
//! server except those to the stats page itself.
//!
//! ```
//! use tencent_action_emulator::Emulator;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::io::Result<()> {
//! let emulator = Emulator::builder()
//!     .credential("AKIDEXAMPLE", "secret-key")
//!     .start("127.0.0.1:0")
//!     .await?;
//! println!("point TENCENTCLOUD_ENDPOINT at {}", emulator.url());
//! assert_eq!(emulator.requests_seen(), 0);
//! emulator.shutdown().await;
//! # Ok(())
//! # }
//! ```
#![warn(missing_docs)]

mod catalog;
mod envelope;
mod params;
mod random;
mod server;
mod trtc;
pub mod usersig;
mod verify;

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::server::Shared;
use crate::usersig::TrtcApp;

/// The SDKAppID the emulator issues credentials for unless told otherwise.
///
/// ```
/// assert_eq!(tencent_action_emulator::DEFAULT_SDK_APP_ID, 1400000000);
/// ```
pub const DEFAULT_SDK_APP_ID: i64 = 1_400_000_000;

/// The path of the request counter.
///
/// ```
/// assert_eq!(tencent_action_emulator::STATS_PATH, "/__emulator/stats");
/// ```
pub const STATS_PATH: &str = server::STATS_PATH;

/// How long [`RunningEmulator::shutdown`] lets open requests finish before it stops the server.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// A configured emulator, ready to [`start`](Emulator::start) or [`serve`](Emulator::serve).
///
/// `Debug` shows SecretIds, never keys.
///
/// ```
/// let emulator = tencent_action_emulator::Emulator::builder().credential("AKID", "key").build();
/// assert!(!format!("{emulator:?}").contains("\"key\""));
/// ```
pub struct Emulator {
    shared: Shared,
}

impl fmt::Debug for Emulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut secret_ids: Vec<&str> =
            self.shared.credentials.keys().map(String::as_str).collect();
        secret_ids.sort_unstable();
        f.debug_struct("Emulator")
            .field("secret_ids", &secret_ids)
            .field("trtc_app", &self.shared.trtc.app)
            .finish()
    }
}

/// Configures an [`Emulator`].
///
/// ```
/// use tencent_action_emulator::Emulator;
/// let emulator = Emulator::builder()
///     .credential("AKID1", "key1")
///     .credential("AKID2", "key2")
///     .sdk_app_id(1400000001)
///     .build();
/// ```
#[derive(Clone)]
pub struct EmulatorBuilder {
    credentials: HashMap<String, String>,
    sdk_app_id: i64,
    sdk_secret_key: Option<String>,
    log_requests: bool,
}

impl fmt::Debug for EmulatorBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EmulatorBuilder")
            .field("secret_ids", &self.credentials.keys().collect::<Vec<_>>())
            .field("sdk_app_id", &self.sdk_app_id)
            .field("log_requests", &self.log_requests)
            .finish_non_exhaustive()
    }
}

impl Emulator {
    /// A builder with no credentials, SDKAppID [`DEFAULT_SDK_APP_ID`] and a random TRTC key.
    ///
    /// ```
    /// let builder = tencent_action_emulator::Emulator::builder();
    /// ```
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder {
            credentials: HashMap::new(),
            sdk_app_id: DEFAULT_SDK_APP_ID,
            sdk_secret_key: None,
            log_requests: false,
        }
    }

    /// Binds `addr` (e.g. `"127.0.0.1:0"` for any free port) and serves on the current tokio
    /// runtime until [`RunningEmulator::shutdown`] or until every handle is dropped.
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
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(self.shared);
        let (stop, stopped) = oneshot::channel::<()>();
        let app = server::router(Arc::clone(&shared));
        let task = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    // Resolves on an explicit stop and when the last handle is dropped.
                    let _ = stopped.await;
                })
                .await
        });
        Ok(RunningEmulator {
            inner: Arc::new(Handle {
                addr,
                shared,
                stop: Mutex::new(Some(stop)),
                task: Mutex::new(Some(task)),
            }),
        })
    }

    /// Serves on `listener` until `shutdown` resolves, then lets open requests finish.
    ///
    /// ```no_run
    /// # #[tokio::main]
    /// # async fn main() -> std::io::Result<()> {
    /// let listener = tokio::net::TcpListener::bind("127.0.0.1:9000").await?;
    /// tencent_action_emulator::Emulator::builder()
    ///     .credential("AKID", "key")
    ///     .build()
    ///     .serve(listener, async { let _ = tokio::signal::ctrl_c().await; })
    ///     .await
    /// # }
    /// ```
    pub async fn serve(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        axum::serve(listener, server::router(Arc::new(self.shared)))
            .with_graceful_shutdown(shutdown)
            .await
    }
}

impl EmulatorBuilder {
    /// Adds a known SecretId and its SecretKey; may be called several times.
    ///
    /// ```
    /// let b = tencent_action_emulator::Emulator::builder().credential("AKID", "key");
    /// ```
    pub fn credential(
        mut self,
        secret_id: impl Into<String>,
        secret_key: impl Into<String>,
    ) -> Self {
        self.credentials.insert(secret_id.into(), secret_key.into());
        self
    }

    /// The SDKAppID of the TRTC application the credentials are for
    /// (default [`DEFAULT_SDK_APP_ID`]).
    ///
    /// ```
    /// let b = tencent_action_emulator::Emulator::builder().sdk_app_id(1400000001);
    /// ```
    pub fn sdk_app_id(mut self, id: i64) -> Self {
        self.sdk_app_id = id;
        self
    }

    /// The TRTC application's secret key that signs UserSigs and PrivateKeys, so they can be
    /// checked with [`usersig::TrtcApp::verify`]; by default a random key per emulator.
    ///
    /// ```
    /// use tencent_action_emulator::{usersig::TrtcApp, Emulator};
    /// let b = Emulator::builder().sdk_secret_key("0123abcd");
    /// let app = TrtcApp::new(tencent_action_emulator::DEFAULT_SDK_APP_ID, "0123abcd");
    /// ```
    pub fn sdk_secret_key(mut self, key: impl Into<String>) -> Self {
        self.sdk_secret_key = Some(key.into());
        self
    }

    /// Prints one line per request on stderr: method, URI, action, outcome and RequestId.
    ///
    /// ```
    /// let b = tencent_action_emulator::Emulator::builder().log_requests(true);
    /// ```
    pub fn log_requests(mut self, on: bool) -> Self {
        self.log_requests = on;
        self
    }

    /// The configured emulator.
    ///
    /// ```
    /// let emulator = tencent_action_emulator::Emulator::builder().credential("AKID", "key").build();
    /// ```
    pub fn build(self) -> Emulator {
        let key = self.sdk_secret_key.unwrap_or_else(random::hex_key);
        Emulator {
            shared: Shared::new(
                self.credentials,
                TrtcApp::new(self.sdk_app_id, key),
                self.log_requests,
            ),
        }
    }

    /// Builds and [starts](Emulator::start) in one step.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let running = tencent_action_emulator::Emulator::builder()
    ///     .credential("AKID", "key")
    ///     .start("127.0.0.1:0")
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn start(self, addr: &str) -> std::io::Result<RunningEmulator> {
        self.build().start(addr).await
    }
}

/// A started emulator. Cheap to clone; the server stops on [`shutdown`](Self::shutdown), or once
/// every clone is dropped.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let running = tencent_action_emulator::Emulator::builder()
///     .credential("AKID", "key")
///     .start("127.0.0.1:0")
///     .await?;
/// let url = running.url();
/// assert!(url.starts_with("http://127.0.0.1:"));
/// running.shutdown().await;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct RunningEmulator {
    inner: Arc<Handle>,
}

/// Dropping the last handle drops `stop`, which ends the server.
struct Handle {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Mutex<Option<oneshot::Sender<()>>>,
    task: Mutex<Option<JoinHandle<std::io::Result<()>>>>,
}

impl fmt::Debug for RunningEmulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RunningEmulator")
            .field("addr", &self.inner.addr)
            .field("requests_seen", &self.requests_seen())
            .finish()
    }
}

impl RunningEmulator {
    /// The bound address.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let running = tencent_action_emulator::Emulator::builder().start("127.0.0.1:0").await?;
    /// assert!(running.addr().ip().is_loopback());
    /// # Ok(())
    /// # }
    /// ```
    pub fn addr(&self) -> SocketAddr {
        self.inner.addr
    }

    /// The base URL, `http://ADDR`, for `TENCENTCLOUD_ENDPOINT` or a client's endpoint.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let running = tencent_action_emulator::Emulator::builder().start("127.0.0.1:0").await?;
    /// assert_eq!(running.url(), format!("http://{}", running.addr()));
    /// # Ok(())
    /// # }
    /// ```
    pub fn url(&self) -> String {
        format!("http://{}", self.inner.addr)
    }

    /// How many HTTP requests reached the server: any path, any outcome, except requests to
    /// [`STATS_PATH`].
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let running = tencent_action_emulator::Emulator::builder().start("127.0.0.1:0").await?;
    /// assert_eq!(running.requests_seen(), 0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn requests_seen(&self) -> u64 {
        self.inner.shared.requests_seen()
    }

    /// Stops accepting connections, lets open requests finish (for a few seconds at most) and
    /// returns once the server has stopped. Stops the server for every clone of this handle.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let running = tencent_action_emulator::Emulator::builder().start("127.0.0.1:0").await?;
    /// let addr = running.addr();
    /// running.shutdown().await;
    /// assert!(tokio::net::TcpStream::connect(addr).await.is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn shutdown(self) {
        let stop = self
            .inner
            .stop
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(stop) = stop {
            let _ = stop.send(());
        }
        let task = self
            .inner
            .task
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(mut task) = task
            && tokio::time::timeout(SHUTDOWN_GRACE, &mut task)
                .await
                .is_err()
        {
            task.abort();
            let _ = task.await;
        }
    }
}

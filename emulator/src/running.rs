//! [`RunningEmulator`](crate::RunningEmulator): a started emulator, what it has seen, and how to
//! steer and stop it.

use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tencent_action_core::{Client, ClientBuilder, Credential};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::faults::Fault;
use crate::records::RequestRecord;
use crate::state::Shared;

/// How long [`RunningEmulator::shutdown`](crate::RunningEmulator::shutdown) lets open requests
/// finish before it stops the server.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

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
    pub(crate) inner: Arc<Handle>,
}

/// Dropping the last handle drops `stop`, which ends the server.
pub(crate) struct Handle {
    pub(crate) addr: SocketAddr,
    pub(crate) ca_pem: Option<String>,
    /// The emulator's first credential, when the client can use it.
    pub(crate) credential: Option<Credential>,
    pub(crate) shared: Arc<Shared>,
    pub(crate) stop: Mutex<Option<oneshot::Sender<()>>>,
    pub(crate) task: Mutex<Option<JoinHandle<std::io::Result<()>>>>,
}

impl fmt::Debug for RunningEmulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RunningEmulator")
            .field("url", &self.url())
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

    /// The base URL, `http://ADDR` (`https://ADDR` with TLS), for `TENCENTCLOUD_ENDPOINT` or a
    /// client's endpoint.
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
        let scheme = if self.inner.ca_pem.is_some() {
            "https"
        } else {
            "http"
        };
        format!("{scheme}://{}", self.inner.addr)
    }

    /// A client builder pointed at this emulator: its [`url`](Self::url) as the endpoint, the
    /// first credential given to the builder (none when there was none, or when the client
    /// would refuse it, e.g. a key with surrounding spaces), and, when serving HTTPS, its
    /// authority among the trusted roots. Add what the call needs, such as a region.
    ///
    /// ```
    /// use serde_json::json;
    /// use tencent_action_emulator::Emulator;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let emulator = Emulator::builder()
    ///     .credential("AKIDEXAMPLE", "secret-key")
    ///     .tls(true)
    ///     .start("127.0.0.1:0")
    ///     .await?;
    /// let client = emulator.client_builder().region("ap-guangzhou").build()?;
    /// let params = json!({ "TRTCUserIds": ["alice"], "RoomId": "room-1" });
    /// let answer = client
    ///     .call_json("iotexplorer", "2019-04-23", "CreateTRTCSignaturesWithRoomId", params)
    ///     .await?
    ///     .into_inner();
    /// assert_eq!(answer["TRTCParamList"][0]["UserId"], "alice");
    /// assert_eq!(emulator.processed("CreateTRTCSignaturesWithRoomId"), 1);
    /// # Ok(())
    /// # }
    /// ```
    pub fn client_builder(&self) -> ClientBuilder {
        let mut builder = Client::builder().endpoint(self.url());
        if let Some(credential) = &self.inner.credential {
            builder = builder.credential(credential.clone());
        }
        if let Some(pem) = self.ca_pem() {
            builder = builder.add_root_certificate_pem(pem);
        }
        builder
    }

    /// The PEM certificate of the authority that signed the HTTPS certificate, when serving
    /// TLS.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let running = tencent_action_emulator::Emulator::builder().tls(true).start("127.0.0.1:0").await?;
    /// assert!(running.url().starts_with("https://"));
    /// assert!(running.ca_pem().unwrap().contains("BEGIN CERTIFICATE"));
    /// # Ok(())
    /// # }
    /// ```
    pub fn ca_pem(&self) -> Option<&str> {
        self.inner.ca_pem.as_deref()
    }

    /// How many HTTP requests reached the server: any path, any outcome, except requests to
    /// [`STATS_PATH`](crate::STATS_PATH) and [`REQUESTS_PATH`](crate::REQUESTS_PATH).
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

    /// Every recorded request, oldest first (the last [`MAX_RECORDS`](crate::MAX_RECORDS)).
    ///
    /// ```
    /// use serde_json::json;
    /// use tencent_action_core::{Credential, codes};
    /// use tencent_action_emulator::Emulator;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let emulator = Emulator::builder()
    ///     .credential("AKIDEXAMPLE", "secret-key")
    ///     .start("127.0.0.1:0")
    ///     .await?;
    /// let stranger = emulator
    ///     .client_builder()
    ///     .credential(Credential::new("AKIDSTRANGER", "other-key")?)
    ///     .build()?;
    /// let params = json!({ "RoleArn": "qcs::cam::uin/1:roleName/r", "RoleSessionName": "s" });
    /// let _refused = stranger.call_json("sts", "2018-08-13", "AssumeRole", params).await;
    /// let records = emulator.records();
    /// let last = records.last().expect("one request");
    /// assert_eq!(last.secret_id.as_deref(), Some("AKIDSTRANGER"));
    /// assert_eq!(last.verdict.code(), Some(codes::SECRET_ID_NOT_FOUND));
    /// assert!(!last.processed);
    /// # Ok(())
    /// # }
    /// ```
    pub fn records(&self) -> Vec<RequestRecord> {
        self.inner.shared.records.all()
    }

    /// How many times the handler of `action` ran (built-in, registered or the spec index's),
    /// so a test can show a request was processed once, or not at all.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let running = tencent_action_emulator::Emulator::builder().start("127.0.0.1:0").await?;
    /// assert_eq!(running.processed("CreateTRTCSignaturesWithRoomId"), 0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn processed(&self, action: &str) -> u64 {
        self.inner.shared.records.processed(action)
    }

    /// Adds a fault while running; it applies from the next request on.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// use tencent_action_emulator::{Fault, FaultKind};
    /// let running = tencent_action_emulator::Emulator::builder().start("127.0.0.1:0").await?;
    /// running.inject(Fault::new(FaultKind::Reset).action("CreateTRTCSignaturesWithRoomId").times(1));
    /// assert_eq!(running.faults().len(), 1);
    /// # Ok(())
    /// # }
    /// ```
    pub fn inject(&self, fault: Fault) {
        self.inner.shared.faults.add(fault);
    }

    /// The faults in force (spent ones are gone).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let running = tencent_action_emulator::Emulator::builder().start("127.0.0.1:0").await?;
    /// assert!(running.faults().is_empty());
    /// # Ok(())
    /// # }
    /// ```
    pub fn faults(&self) -> Vec<Fault> {
        self.inner.shared.faults.list()
    }

    /// Removes every fault.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let running = tencent_action_emulator::Emulator::builder().start("127.0.0.1:0").await?;
    /// running.inject("503".parse().unwrap());
    /// running.clear_faults();
    /// assert!(running.faults().is_empty());
    /// # Ok(())
    /// # }
    /// ```
    pub fn clear_faults(&self) {
        self.inner.shared.faults.clear();
    }

    /// Moves the service clock forward: temporary credentials age, rate-limit windows slide.
    /// Signature timestamps are unaffected (the client's clock is taken to have moved too).
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// use serde_json::json;
    /// use tencent_action_core::{RetryPolicy, codes};
    /// use tencent_action_emulator::Emulator;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let emulator = Emulator::builder()
    ///     .credential("AKIDEXAMPLE", "secret-key")
    ///     .handle_json("cvm", "2017-03-12", "DescribeZones", |_| Ok(json!({ "TotalCount": 0 })))
    ///     .rate_limit("DescribeZones", 1)
    ///     .manual_clock(true)
    ///     .start("127.0.0.1:0")
    ///     .await?;
    /// let client = emulator.client_builder().retry(RetryPolicy::none()).build()?;
    /// let zones = || client.call_json("cvm", "2017-03-12", "DescribeZones", json!({}));
    /// zones().await?;
    /// // However long the test takes, the window has not moved: still throttled.
    /// let throttled = zones().await.unwrap_err();
    /// assert_eq!(throttled.code(), Some(codes::REQUEST_LIMIT_EXCEEDED));
    /// emulator.advance_clock(Duration::from_secs(1));
    /// zones().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn advance_clock(&self, by: Duration) {
        self.inner.shared.clock.advance(by);
    }

    /// Sets the server's clock off by `seconds` from now on (see
    /// [`EmulatorBuilder::clock_offset`](crate::EmulatorBuilder::clock_offset)).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let running = tencent_action_emulator::Emulator::builder().start("127.0.0.1:0").await?;
    /// running.set_clock_offset(3600);
    /// assert_eq!(running.clock_offset(), 3600);
    /// # Ok(())
    /// # }
    /// ```
    pub fn set_clock_offset(&self, seconds: i64) {
        self.inner.shared.clock.set_offset(seconds);
    }

    /// The server clock's offset, in seconds.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let running = tencent_action_emulator::Emulator::builder().clock_offset(-5).start("127.0.0.1:0").await?;
    /// assert_eq!(running.clock_offset(), -5);
    /// # Ok(())
    /// # }
    /// ```
    pub fn clock_offset(&self) -> i64 {
        self.inner.shared.clock.offset_secs()
    }

    /// Sets an action's rate limit from now on (see
    /// [`EmulatorBuilder::rate_limit`](crate::EmulatorBuilder::rate_limit)).
    ///
    /// ```
    /// use serde_json::json;
    /// use tencent_action_core::{RetryPolicy, codes};
    /// use tencent_action_emulator::Emulator;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let emulator = Emulator::builder()
    ///     .credential("AKIDEXAMPLE", "secret-key")
    ///     .handle_json("cvm", "2017-03-12", "DescribeZones", |_| Ok(json!({ "TotalCount": 0 })))
    ///     .start("127.0.0.1:0")
    ///     .await?;
    /// let client = emulator.client_builder().retry(RetryPolicy::none()).build()?;
    /// let zones = || client.call_json("cvm", "2017-03-12", "DescribeZones", json!({}));
    /// zones().await?;
    /// emulator.set_rate_limit("DescribeZones", 1);
    /// zones().await?;
    /// let throttled = zones().await.unwrap_err();
    /// assert_eq!(throttled.code(), Some(codes::REQUEST_LIMIT_EXCEEDED));
    /// # Ok(())
    /// # }
    /// ```
    pub fn set_rate_limit(&self, action: &str, per_second: impl Into<Option<u32>>) {
        self.inner
            .shared
            .limiter
            .set_limit(action, per_second.into());
    }

    /// How many temporary credentials were issued (STS and instance metadata), so a test can
    /// check a client refreshes once per expiry.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let running = tencent_action_emulator::Emulator::builder().start("127.0.0.1:0").await?;
    /// assert_eq!(running.credentials_issued(), 0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn credentials_issued(&self) -> u64 {
        self.inner.shared.credentials.issued_count()
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

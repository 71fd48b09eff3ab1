//! The state every request of one emulator shares: credentials, the TRTC application, clocks,
//! faults, rate limits, the request log and the server's settings.

use std::collections::HashSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crate::clock::Clock;
use crate::credentials::CredentialStore;
use crate::faults::Faults;
use crate::ratelimit::RateLimiter;
use crate::records::Records;
use crate::usersig::TrtcApp;

/// How long a client may take to send a request's head before its connection is closed,
/// unless [`EmulatorBuilder::header_read_timeout`](crate::EmulatorBuilder::header_read_timeout)
/// says otherwise. A TLS handshake has its own limit of 10 s.
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// How many connections are served at once, unless
/// [`EmulatorBuilder::max_connections`](crate::EmulatorBuilder::max_connections) says
/// otherwise; further ones wait in the listener's queue.
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;

/// The role name the instance metadata endpoint reports unless
/// [`EmulatorBuilder::metadata_role`](crate::EmulatorBuilder::metadata_role) says otherwise.
pub const DEFAULT_METADATA_ROLE: &str = "emulator-role";

/// State shared by all requests.
#[derive(Debug)]
pub(crate) struct Shared {
    pub credentials: CredentialStore,
    pub trtc: Trtc,
    pub clock: Clock,
    pub faults: Faults,
    pub limiter: RateLimiter,
    pub records: Records,
    pub requests_seen: AtomicU64,
    /// The role the instance metadata service reports.
    pub metadata_role: String,
    /// Whether to print one line per request on stderr.
    pub log_requests: bool,
    /// How long a client may take to send a request's head, from the connection's start or the
    /// end of the previous answer; a connection that takes longer is closed.
    pub header_read_timeout: Duration,
    /// How many connections are served at once; further ones wait in the listener's queue.
    pub max_connections: usize,
}

impl Shared {
    #[cfg(test)]
    pub(crate) fn for_tests(app: TrtcApp) -> Self {
        Shared {
            credentials: CredentialStore::new(std::collections::HashMap::new(), None),
            trtc: Trtc::new(app),
            clock: Clock::new(false, 0),
            faults: Faults::default(),
            limiter: RateLimiter::new(
                crate::ratelimit::DEFAULT_GRACE,
                std::collections::HashMap::new(),
            ),
            records: Records::default(),
            requests_seen: AtomicU64::new(0),
            metadata_role: DEFAULT_METADATA_ROLE.to_owned(),
            log_requests: false,
            header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
        }
    }

    pub(crate) fn requests_seen(&self) -> u64 {
        self.requests_seen.load(Ordering::Relaxed)
    }
}

/// The state of IoT Explorer's `CreateTRTCSignaturesWithRoomId`: the TRTC application that
/// signs, and the rooms created so far.
#[derive(Debug)]
pub(crate) struct Trtc {
    pub app: TrtcApp,
    pub rooms: Mutex<HashSet<String>>,
}

impl Trtc {
    pub(crate) fn new(app: TrtcApp) -> Self {
        Trtc {
            app,
            rooms: Mutex::new(HashSet::new()),
        }
    }
}

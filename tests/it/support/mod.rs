//! What the tests share: a real `redis-server`, a counting allocator, the captured `tracing`
//! output of the whole binary, plain HTTP clients that bypass ours, and the shipped action.

pub(crate) mod captured;
pub(crate) mod counting;
#[path = "../../../emulator/tests/it/json_keys.rs"]
pub(crate) mod json;
pub(crate) mod redis;

use std::sync::{Arc, OnceLock};

use captured::Captured;
use tencent_action::ClientBuilder;
use tencent_action::iotexplorer::v20190423::CreateTrtcSignaturesWithRoomId;
use tencent_action_emulator::{Emulator, EmulatorBuilder, RunningEmulator};

/// The `tracing` events of this test binary at every level, as text. The subscriber is global
/// (events at a call site first reached on another thread would miss a thread-local one), so
/// it is installed once here for every test that reads its traces back.
pub(crate) fn logs() -> &'static Captured {
    static LOGS: OnceLock<Captured> = OnceLock::new();
    LOGS.get_or_init(|| {
        let logs = Captured::default();
        let writer = logs.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("the only global subscriber");
        logs
    })
}

/// A TLS configuration with ring named explicitly, trusting `roots` only (the platform's
/// roots when there are none): the tests leave the process-wide rustls default alone, like
/// the client, so that `process_defaults` can check it stays unset.
fn tls(roots: &[&str]) -> rustls::ClientConfig {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("ring supports the default TLS versions");
    let mut store = rustls::RootCertStore::empty();
    for pem in roots {
        use rustls::pki_types::pem::PemObject;
        for certificate in rustls::pki_types::CertificateDer::pem_slice_iter(pem.as_bytes()) {
            store
                .add(certificate.expect("a PEM certificate"))
                .expect("a usable root certificate");
        }
    }
    builder.with_root_certificates(store).with_no_client_auth()
}

/// A plain reqwest client, for requests our client would not send.
pub(crate) fn raw_http() -> reqwest::Client {
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls(&[]))
        .build()
        .expect("an HTTP client")
}

/// A plain reqwest client that trusts only `ca_pem`.
pub(crate) fn raw_https(ca_pem: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls(&[ca_pem]))
        .build()
        .expect("an HTTPS client")
}

/// The shipped action, for `users` in `room`.
pub(crate) fn trtc(room: &str, users: &[&str]) -> CreateTrtcSignaturesWithRoomId {
    CreateTrtcSignaturesWithRoomId {
        trtc_user_ids: users.iter().map(|u| (*u).to_owned()).collect(),
        room_id: room.to_owned(),
    }
}

/// The SecretId the tests' emulators know and their clients sign with.
pub(crate) const SECRET_ID: &str = "AKIDTESTSEXAMPLE000000000000000000";
/// Its SecretKey. `secrets_never_leak` checks that it appears in no trace of the binary.
pub(crate) const SECRET_KEY: &str = "tests-secret-key-000000000000000000";

/// An emulator that knows [`SECRET_ID`] and [`SECRET_KEY`], to configure further.
pub(crate) fn emulator() -> EmulatorBuilder {
    Emulator::builder().credential(SECRET_ID, SECRET_KEY)
}

/// `builder`'s emulator, started on a free loopback port.
pub(crate) async fn start(builder: EmulatorBuilder) -> RunningEmulator {
    builder
        .start("127.0.0.1:0")
        .await
        .expect("the emulator starts")
}

/// A client of `emulator` signing with [`SECRET_ID`] and [`SECRET_KEY`] (its first credential)
/// in `ap-guangzhou`, to configure further.
pub(crate) fn client_builder(emulator: &RunningEmulator) -> ClientBuilder {
    emulator.client_builder().region("ap-guangzhou")
}

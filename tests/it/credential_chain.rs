//! The default credential chain against the emulator: with no key in the environment or a
//! profile file, the CVM role is used; with no CVM metadata service, TKE OIDC; a source that is
//! present but broken is an error, not skipped. The test changes the process environment, so
//! it runs in a child process of this test binary that runs nothing else.

use std::time::Duration;

use tencent_action::iotexplorer::v20190423::CreateTrtcSignaturesWithRoomId;
use tencent_action::{Client, Error, RetryPolicy};
use tencent_action_emulator::Emulator;

fn request(room: &str) -> CreateTrtcSignaturesWithRoomId {
    crate::support::trtc(room, &["alice"])
}

/// A chain-configured client (no explicit credential) for the emulator.
fn chain_client(endpoint: &str) -> Client {
    Client::builder()
        .region("ap-guangzhou")
        .endpoint(endpoint)
        .retry(RetryPolicy::none().deadline(Duration::from_secs(20)))
        .build()
        .expect("the chain defers temporary sources to the first call")
}

/// Set in the child process that runs [`chain_in_a_process_of_its_own`].
const CHILD_VAR: &str = "TENCENT_ACTION_TEST_CREDENTIAL_CHAIN_CHILD";

// Changing the environment is `unsafe` since Rust 2024.
#[allow(unsafe_code)]
fn set(vars: &[(&str, &str)], remove: &[&str]) {
    assert!(
        std::env::var_os(CHILD_VAR).is_some(),
        "the environment is changed only in the child process"
    );
    // SAFETY: the child process runs this one test; nothing reads the environment concurrently.
    unsafe {
        for (name, value) in vars {
            std::env::set_var(name, value);
        }
        for name in remove {
            std::env::remove_var(name);
        }
    }
}

/// Runs [`chain_in_a_process_of_its_own`] alone, in a child process of this binary.
#[test]
fn chain_falls_through_absent_sources_and_stops_at_broken_ones() {
    let exe = std::env::current_exe().expect("the test binary");
    let out = std::process::Command::new(exe)
        .args([
            "--exact",
            "credential_chain::chain_in_a_process_of_its_own",
            "--ignored",
            "--test-threads=1",
            "--nocapture",
        ])
        .env(CHILD_VAR, "1")
        .output()
        .expect("the test binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    // The child ran the test, rather than matching nothing.
    assert!(stdout.contains("1 passed"), "{stdout}\n{stderr}");
}

#[tokio::test]
#[ignore = "changes the process environment: run by chain_falls_through_absent_sources_and_stops_at_broken_ones in a process of its own"]
async fn chain_in_a_process_of_its_own() {
    if std::env::var_os(CHILD_VAR).is_none() {
        return;
    }
    let emulator = Emulator::builder()
        .credential(
            "AKIDCHAINEXAMPLE000000000000000000",
            "chain-secret-key-00000000000000000",
        )
        .start("127.0.0.1:0")
        .await
        .unwrap();
    let home_dir = TempHome::create();
    let home = home_dir.0.to_string_lossy().into_owned();
    set(
        &[("HOME", &home)],
        &[
            "TENCENTCLOUD_SECRET_ID",
            "TENCENTCLOUD_SECRET_KEY",
            "TENCENTCLOUD_TOKEN",
            "TENCENTCLOUD_CREDENTIALS_FILE",
            "TKE_REGION",
            "TKE_PROVIDER_ID",
            "TKE_WEB_IDENTITY_TOKEN_FILE",
            "TKE_ROLE_ARN",
        ],
    );

    // 1. No key, no profile: the CVM role from the instance metadata service.
    set(&[("TENCENTCLOUD_METADATA_ENDPOINT", &emulator.url())], &[]);
    chain_client(&emulator.url())
        .send(&request("chain-cvm"))
        .await
        .expect("CVM role credentials");
    assert_eq!(emulator.credentials_issued(), 1);

    // 2. No metadata service (nothing listens there): TKE OIDC, through STS at the endpoint.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed_url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let token_file = std::path::Path::new(&home).join("oidc-token");
    std::fs::write(&token_file, "eyJhbGciOiJSUzI1NiJ9.e30.signature\n").unwrap();
    set(
        &[
            ("TENCENTCLOUD_METADATA_ENDPOINT", &closed_url),
            ("TENCENTCLOUD_ENDPOINT", &emulator.url()),
            ("TKE_REGION", "ap-guangzhou"),
            ("TKE_PROVIDER_ID", "oidc-provider"),
            ("TKE_WEB_IDENTITY_TOKEN_FILE", &token_file.to_string_lossy()),
            ("TKE_ROLE_ARN", "qcs::cam::uin/100000000001:roleName/chain"),
        ],
        &[],
    );
    chain_client(&emulator.url())
        .send(&request("chain-oidc"))
        .await
        .expect("TKE OIDC credentials");
    assert_eq!(emulator.credentials_issued(), 2);
    assert_eq!(emulator.processed("AssumeRoleWithWebIdentity"), 1);

    // 3. A half-configured TKE identity is an error naming what is missing, not skipped.
    set(&[], &["TKE_ROLE_ARN"]);
    let err = chain_client(&emulator.url())
        .send(&request("chain-broken"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Credential(_)), "{err:?}");
    assert!(err.to_string().contains("TKE_ROLE_ARN"), "{err}");

    // 4. Nothing at all: the error says where it looked.
    set(
        &[],
        &[
            "TKE_REGION",
            "TKE_PROVIDER_ID",
            "TKE_WEB_IDENTITY_TOKEN_FILE",
        ],
    );
    let err = chain_client(&emulator.url())
        .send(&request("chain-none"))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("no credentials found"), "{err}");
    assert_eq!(emulator.processed("CreateTRTCSignaturesWithRoomId"), 2);
}

/// A directory of its own for `HOME`, removed when the test ends, passed or failed.
struct TempHome(std::path::PathBuf);

impl TempHome {
    fn create() -> Self {
        let dir = std::env::temp_dir().join(format!("tc-chain-home-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary HOME");
        TempHome(dir)
    }
}

impl Drop for TempHome {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

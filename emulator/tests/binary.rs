//! The `tencent-action-emulator` binary: announces its address, serves, stops on a signal.

#![cfg(unix)]

mod common;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};

use common::*;
use serde_json::json;

fn spawn(args: &[&str], env: &[(&str, &str)]) -> (Child, SocketAddr) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tencent-action-emulator"));
    command
        .args(args)
        .env_remove("TENCENTCLOUD_SECRET_ID")
        .env_remove("TENCENTCLOUD_SECRET_KEY")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    for (name, value) in env {
        command.env(name, value);
    }
    let mut child = command.spawn().expect("spawn the emulator binary");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("read the first line");
    let addr = line
        .strip_suffix('\n')
        .and_then(|l| l.strip_prefix("listening on http://"))
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .parse()
        .expect("a socket address");
    (child, addr)
}

fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .arg(format!("-{name}"))
        .arg(child.id().to_string())
        .status()
        .expect("run kill");
    assert!(status.success());
}

#[tokio::test]
async fn serves_until_sigterm_and_exits_zero() {
    let (mut child, addr) = spawn(
        &[
            "--listen",
            "127.0.0.1:0",
            "--secret-id",
            ID,
            "--secret-key",
            KEY,
            "--quiet",
        ],
        &[],
    );
    assert_ne!(addr.port(), 0);
    let body = serde_json::to_vec(&json!({"TRTCUserIds": ["a"], "RoomId": "bin"})).unwrap();
    let reply = Call::post(&body).send(addr).await;
    assert_eq!(reply.code(), None, "{}", reply.body);
    let stats = send(addr, "GET", "/__emulator/stats", &[], b"").await;
    assert_eq!(stats.body, json!({"requests_seen": 1}));

    signal(&child, "TERM");
    let status = child.wait().expect("wait");
    assert!(status.success(), "{status:?}");
}

#[tokio::test]
async fn credentials_from_the_environment_and_sigint() {
    let (mut child, addr) = spawn(
        &["--listen", "127.0.0.1:0", "--sdk-app-id", "1400000042"],
        &[
            ("TENCENTCLOUD_SECRET_ID", ID),
            ("TENCENTCLOUD_SECRET_KEY", KEY),
        ],
    );
    let body = serde_json::to_vec(&json!({"TRTCUserIds": ["a"], "RoomId": "env"})).unwrap();
    let reply = Call::post(&body).send(addr).await;
    assert_eq!(
        reply.body["Response"]["TRTCParamList"][0]["SdkAppId"], 1400000042,
        "{}",
        reply.body
    );
    signal(&child, "INT");
    assert!(child.wait().expect("wait").success());
}

#[test]
fn missing_credentials_is_a_usage_error() {
    let output = Command::new(env!("CARGO_BIN_EXE_tencent-action-emulator"))
        .args(["--listen", "127.0.0.1:0"])
        .env_remove("TENCENTCLOUD_SECRET_ID")
        .env_remove("TENCENTCLOUD_SECRET_KEY")
        .output()
        .expect("run");
    assert!(!output.status.success());
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("--secret-id"));
}

//! The `tencent-action-emulator` binary: announces its address, serves, stops on a signal.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, ChildStderr, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::json;

use crate::support::*;

fn spawn(args: &[&str], env: &[(&str, &str)]) -> (Child, SocketAddr) {
    let (child, line) = spawn_with(args, env, Stdio::null());
    let addr = line
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .parse()
        .expect("a socket address");
    (child, addr)
}

/// Starts the binary; returns it with its first line on stdout.
fn spawn_with(args: &[&str], env: &[(&str, &str)], stderr: Stdio) -> (Child, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tencent-action-emulator"));
    command
        .args(args)
        .env_remove("TENCENTCLOUD_SECRET_ID")
        .env_remove("TENCENTCLOUD_SECRET_KEY")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(stderr);
    for (name, value) in env {
        command.env(name, value);
    }
    let mut child = command.spawn().expect("spawn the emulator binary");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("read the first line");
    (child, line.trim_end().to_owned())
}

/// Lines written on stderr, read on a thread so a test never blocks on them.
fn stderr_lines(stderr: ChildStderr) -> mpsc::Receiver<String> {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if send.send(line).is_err() {
                break;
            }
        }
    });
    receive
}

/// The first stderr line that contains `needle`, within a few seconds.
fn wait_for_line(lines: &mpsc::Receiver<String>, needle: &str) -> String {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match lines.recv_timeout(left) {
            Ok(line) if line.contains(needle) => return line,
            Ok(_) => {}
            Err(_) => panic!("no line on stderr contains {needle:?}"),
        }
    }
}

fn base_args() -> Vec<&'static str> {
    vec![
        "--listen",
        "127.0.0.1:0",
        "--secret-id",
        ID,
        "--secret-key",
        KEY,
    ]
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

#[test]
fn help_documents_the_fault_syntax_and_tls() {
    let output = Command::new(env!("CARGO_BIN_EXE_tencent-action-emulator"))
        .arg("--help")
        .output()
        .expect("run");
    assert!(output.status.success());
    let help = String::from_utf8_lossy(&output.stdout);
    for expected in [
        "KIND[:ARG][@ACTION][xN|%P]",
        "latency:DURATION",
        "oversize[:SIZE]",
        "skew:SECONDS",
        "--rate-limit <ACTION=N>",
        "--clock-offset <SECONDS>",
        "--credential-ttl <SECONDS>",
        "--tls",
        "--cert-out <PATH>",
        "--log",
    ] {
        assert!(
            help.contains(expected),
            "--help lacks {expected:?}:\n{help}"
        );
    }
}

#[test]
fn a_malformed_fault_is_a_usage_error() {
    let mut args = base_args();
    args.extend(["--fault", "explode@X"]);
    let output = Command::new(env!("CARGO_BIN_EXE_tencent-action-emulator"))
        .args(&args)
        .output()
        .expect("run");
    assert!(!output.status.success());
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unknown fault `explode`"), "{stderr}");
}

#[tokio::test]
async fn log_lines_faults_rate_limits_and_clock_offset_from_flags() {
    let mut args = base_args();
    args.extend([
        "--log",
        "--fault",
        "internal@CreateTRTCSignaturesWithRoomIdx1",
        "--rate-limit",
        "CreateTRTCSignaturesWithRoomId=2",
    ]);
    let (mut child, line) = spawn_with(&args, &[], Stdio::piped());
    let addr: SocketAddr = line
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .parse()
        .unwrap();
    let lines = stderr_lines(child.stderr.take().expect("stderr"));

    let body = serde_json::to_vec(&json!({"TRTCUserIds": ["a"], "RoomId": "flags"})).unwrap();
    let reply = Call::post(&body).send(addr).await;
    assert_eq!(reply.code(), Some("InternalError"));
    let logged = wait_for_line(&lines, "verdict=InternalError");
    assert!(
        logged.contains("CreateTRTCSignaturesWithRoomId"),
        "{logged}"
    );
    assert!(logged.contains(&format!("secret_id={ID}")), "{logged}");
    assert!(logged.contains("fault=internal"), "{logged}");
    assert!(logged.contains("processed=false"), "{logged}");
    assert!(logged.contains(reply.request_id()), "{logged}");
    assert!(logged.contains("ms "), "{logged}");

    // The fault was spent; the limit of 2 per second lets one more through (the faulted call
    // was not counted), then throttles.
    assert_eq!(Call::post(&body).send(addr).await.code(), None);
    let body2 = serde_json::to_vec(&json!({"TRTCUserIds": ["a"], "RoomId": "flags2"})).unwrap();
    assert_eq!(Call::post(&body2).send(addr).await.code(), None);
    let body3 = serde_json::to_vec(&json!({"TRTCUserIds": ["a"], "RoomId": "flags3"})).unwrap();
    let throttled = Call::post(&body3).send(addr).await;
    assert_eq!(throttled.code(), Some("RequestLimitExceeded"));
    let logged = wait_for_line(&lines, "verdict=RequestLimitExceeded");
    assert!(logged.contains("fault=-"), "{logged}");

    signal(&child, "TERM");
    assert!(child.wait().expect("wait").success());

    let mut args = base_args();
    args.extend(["--clock-offset", "-600", "--quiet"]);
    let (mut child, addr) = spawn(&args, &[]);
    let reply = Call::post(&body).send(addr).await;
    assert_eq!(reply.code(), Some("AuthFailure.SignatureExpire"));
    assert!(
        reply.message().contains("the server time"),
        "{}",
        reply.message()
    );
    signal(&child, "TERM");
    assert!(child.wait().expect("wait").success());
}

#[test]
fn tls_writes_the_certificate_and_announces_https() {
    let dir = std::env::temp_dir().join(format!("emulator-tls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cert = dir.join("ca.pem");
    let cert_arg = cert.to_string_lossy().into_owned();
    let mut args = base_args();
    args.extend(["--tls", "--cert-out", &cert_arg]);
    let (mut child, line) = spawn_with(&args, &[], Stdio::piped());
    let lines = stderr_lines(child.stderr.take().expect("stderr"));
    assert!(
        line.starts_with("listening on https://127.0.0.1:"),
        "{line}"
    );
    let written = wait_for_line(&lines, "certificate written to");
    assert_eq!(written, format!("certificate written to {cert_arg}"));
    let pem = std::fs::read_to_string(&cert).unwrap();
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"), "{pem}");
    signal(&child, "TERM");
    assert!(child.wait().expect("wait").success());
    let _ = std::fs::remove_dir_all(&dir);
}

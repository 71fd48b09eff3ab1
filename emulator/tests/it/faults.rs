//! Faults on the wire, read byte by byte from a raw socket: what exactly each one sends, and
//! how the connection ends.

use std::io::ErrorKind;
use std::net::SocketAddr;

use serde_json::{Value, json};
use tencent_action_emulator::{FaultKind, RunningEmulator, Verdict};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support::*;

async fn with_fault(fault: &str) -> RunningEmulator {
    start(builder().fault(fault.parse().expect("a fault"))).await
}

/// What came back on the socket: the bytes, and the error that ended the read, if any.
struct Raw {
    bytes: Vec<u8>,
    error: Option<ErrorKind>,
}

impl Raw {
    fn head(&self) -> String {
        let text = String::from_utf8_lossy(&self.bytes);
        text.split("\r\n\r\n").next().unwrap_or_default().to_owned()
    }

    fn body(&self) -> &[u8] {
        let at = self
            .bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .map_or(self.bytes.len(), |i| i + 4);
        &self.bytes[at..]
    }

    fn content_length(&self) -> usize {
        self.head()
            .lines()
            .find_map(|l| {
                l.to_ascii_lowercase()
                    .strip_prefix("content-length: ")
                    .map(str::to_owned)
            })
            .and_then(|n| n.trim().parse().ok())
            .expect("a Content-Length")
    }
}

/// Sends a signed call (keeping the connection open) and reads until the server ends it.
async fn exchange(addr: SocketAddr, room: &str) -> Raw {
    let body = serde_json::to_vec(&json!({"TRTCUserIds": ["a"], "RoomId": room})).unwrap();
    let call = Call::post(&body);
    let mut request = "POST / HTTP/1.1\r\n".to_owned();
    for (name, value) in call.headers(addr) {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    stream.write_all(&body).await.unwrap();
    let mut bytes = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match stream.read(&mut buf).await {
            Ok(0) => return Raw { bytes, error: None },
            Ok(n) => {
                bytes.extend_from_slice(&buf[..n]);
                // A complete, well-formed answer on a kept-alive connection: stop reading.
                let raw = Raw {
                    bytes: bytes.clone(),
                    error: None,
                };
                if raw.head().len() < bytes.len() && raw.body().len() >= raw.content_length().max(1)
                {
                    return raw;
                }
            }
            Err(e) => {
                return Raw {
                    bytes,
                    error: Some(e.kind()),
                };
            }
        }
    }
}

fn last_record(emulator: &RunningEmulator) -> tencent_action_emulator::RequestRecord {
    emulator.records().pop().expect("a record")
}

#[tokio::test]
async fn close_sends_nothing_and_does_not_process() {
    let emulator = with_fault("close").await;
    let raw = exchange(emulator.addr(), "close").await;
    assert!(
        raw.bytes.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&raw.bytes)
    );
    let record = last_record(&emulator);
    assert_eq!(record.verdict, Verdict::NoAnswer);
    assert_eq!((record.status, record.processed), (None, false));
    assert_eq!(emulator.processed(ACTION), 0);
}

#[tokio::test]
async fn truncated_promises_more_than_it_sends_then_closes() {
    let emulator = with_fault("truncated").await;
    let raw = exchange(emulator.addr(), "truncated").await;
    assert!(raw.head().starts_with("HTTP/1.1 200"), "{}", raw.head());
    assert_eq!(raw.error, None, "closed, not reset");
    assert!(!raw.body().is_empty());
    assert!(raw.body().len() < raw.content_length());
    assert!(last_record(&emulator).processed);
}

#[tokio::test]
async fn reset_sends_part_of_the_body_then_resets() {
    let emulator = with_fault("reset").await;
    let raw = exchange(emulator.addr(), "reset").await;
    assert_eq!(raw.error, Some(ErrorKind::ConnectionReset));
    assert!(last_record(&emulator).processed);
    assert_eq!(last_record(&emulator).fault, Some(FaultKind::Reset));
}

#[tokio::test]
async fn gateway_errors_are_html_pages() {
    for (fault, status) in [("502", 502), ("503", 503)] {
        let emulator = with_fault(fault).await;
        let raw = exchange(emulator.addr(), "gateway").await;
        let head = raw.head();
        assert!(head.starts_with(&format!("HTTP/1.1 {status} ")), "{head}");
        assert!(
            head.to_ascii_lowercase()
                .contains("content-type: text/html")
        );
        assert!(String::from_utf8_lossy(raw.body()).contains("<html>"));
        assert_eq!(last_record(&emulator).verdict, Verdict::HttpStatus(status));
        assert_eq!(emulator.processed(ACTION), 0);
    }
}

#[tokio::test]
async fn malformed_oversize_and_api_error_bodies() {
    let emulator = with_fault("malformed").await;
    let raw = exchange(emulator.addr(), "malformed").await;
    assert!(raw.head().starts_with("HTTP/1.1 200"));
    assert!(serde_json::from_slice::<Value>(raw.body()).is_err());
    assert_eq!(raw.body().len(), raw.content_length());

    let emulator = with_fault("oversize:1MiB").await;
    let raw = exchange(emulator.addr(), "oversize").await;
    assert_eq!(raw.content_length(), 1 << 20);
    assert_eq!(raw.body().len(), 1 << 20);
    let answer: Value = serde_json::from_slice(raw.body()).expect("JSON, then whitespace");
    assert!(answer["Response"]["TRTCParamList"].is_array());

    for (fault, code) in [
        ("internal", "InternalError"),
        ("throttle", "RequestLimitExceeded"),
    ] {
        let emulator = with_fault(fault).await;
        let raw = exchange(emulator.addr(), "api").await;
        let answer: Value = serde_json::from_slice(raw.body()).unwrap();
        assert_eq!(answer["Response"]["Error"]["Code"], code);
        assert!(answer["Response"]["RequestId"].is_string());
        assert_eq!(emulator.processed(ACTION), 0);
    }
}

#[tokio::test]
async fn faults_can_be_changed_while_running() {
    let emulator = start(builder()).await;
    let addr = emulator.addr();
    emulator.inject("503@OtherActionx1".parse().unwrap());
    emulator.inject("internalx1".parse().unwrap());
    let body = serde_json::to_vec(&json!({"TRTCUserIds": ["a"], "RoomId": "live"})).unwrap();
    assert_eq!(
        Call::post(&body).send(addr).await.code(),
        Some("InternalError")
    );
    assert_eq!(Call::post(&body).send(addr).await.code(), None);
    assert_eq!(
        emulator.faults().len(),
        1,
        "the fault for another action stays"
    );
    emulator.clear_faults();
    assert!(emulator.faults().is_empty());
}

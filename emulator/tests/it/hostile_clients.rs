//! Clients that would exhaust the emulator: huge headers on every request, connections that
//! send nothing.

use std::time::{Duration, Instant};

use tencent_action_emulator::MAX_RECORD_BYTES;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support::{builder, start};

/// One request with about 100 KB of headers the record would keep: path, action, version,
/// region, SecretId and signed-header names of 17 KB or more each.
fn huge_request(n: usize) -> Vec<u8> {
    let long = |c: char| c.to_string().repeat(17 * 1024);
    let signed: Vec<String> = (0..1_500).map(|i| format!("x-h-{i:06}")).collect();
    let head = format!(
        "POST /{path}{n} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n\
         x-tc-action: {action}\r\nx-tc-version: {version}\r\nx-tc-region: {region}\r\n\
         x-tc-timestamp: 1700000000\r\n\
         authorization: TC3-HMAC-SHA256 Credential={id}/2023-11-14/cvm/tc3_request, SignedHeaders={signed}, Signature=00\r\n\
         content-length: 2\r\nconnection: close\r\n\r\n{{}}",
        path = long('p'),
        action = long('A'),
        version = long('v'),
        region = long('r'),
        id = long('s'),
        signed = signed.join(";"),
    );
    head.into_bytes()
}

#[tokio::test]
async fn records_stay_small_whatever_the_headers() {
    let emulator = start(builder()).await;
    const REQUESTS: usize = 1_000;
    let mut sent = 0;
    for n in 0..REQUESTS {
        let request = huge_request(n);
        assert!(request.len() >= 100 * 1024, "{}", request.len());
        sent += request.len();
        let mut stream = TcpStream::connect(emulator.addr()).await.unwrap();
        stream.write_all(&request).await.unwrap();
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await.unwrap();
        // A path other than `/` is answered 404, and recorded like any request.
        assert!(
            answer.starts_with(b"HTTP/1.1 404"),
            "request {n}: {}",
            String::from_utf8_lossy(&answer[..answer.len().min(300)])
        );
    }
    let records = emulator.records();
    assert_eq!(records.len(), REQUESTS);
    let held: usize = records.iter().map(|r| r.text_bytes()).sum();
    for record in &records {
        assert!(
            record.text_bytes() <= MAX_RECORD_BYTES,
            "{}",
            record.text_bytes()
        );
    }
    // What the log holds is bounded by the record count, not by what was sent.
    assert!(held <= REQUESTS * MAX_RECORD_BYTES, "{held}");
    assert!(held * 20 < sent, "{held} bytes kept of {sent} sent");
}

#[tokio::test]
async fn a_connection_that_sends_nothing_is_closed() {
    let timeout = Duration::from_millis(400);
    let emulator = start(builder().header_read_timeout(timeout)).await;
    let started = Instant::now();
    let mut silent = TcpStream::connect(emulator.addr()).await.unwrap();
    let mut partial = TcpStream::connect(emulator.addr()).await.unwrap();
    partial
        .write_all(b"POST / HTTP/1.1\r\nhost: x\r\n")
        .await
        .unwrap();
    for stream in [&mut silent, &mut partial] {
        let mut buf = [0u8; 1024];
        // A closed connection reads as its end (or a reset); a generous bound on the wait.
        let read = tokio::time::timeout(Duration::from_secs(20), async {
            loop {
                match stream.read(&mut buf).await {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
            }
        })
        .await;
        assert!(read.is_ok(), "still open after 20 s");
    }
    assert!(started.elapsed() >= timeout, "{:?}", started.elapsed());
}

#[tokio::test]
async fn connections_past_the_cap_wait_for_a_free_slot() {
    let emulator = start(
        builder()
            .max_connections(2)
            .header_read_timeout(Duration::from_secs(30)),
    )
    .await;
    let stats = b"GET /__emulator/stats HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n";
    // Two idle connections take both slots.
    let first = TcpStream::connect(emulator.addr()).await.unwrap();
    let _second = TcpStream::connect(emulator.addr()).await.unwrap();
    let mut third = TcpStream::connect(emulator.addr()).await.unwrap();
    third.write_all(stats).await.unwrap();
    let mut answer = Vec::new();
    let waited =
        tokio::time::timeout(Duration::from_millis(500), third.read_to_end(&mut answer)).await;
    assert!(waited.is_err(), "served past the cap: {answer:?}");
    // A slot frees when a connection closes, and the waiting one is served.
    drop(first);
    tokio::time::timeout(Duration::from_secs(20), third.read_to_end(&mut answer))
        .await
        .expect("served once a slot was free")
        .unwrap();
    assert!(answer.starts_with(b"HTTP/1.1 200"), "{answer:?}");
}

//! A server that answers what it likes: control characters, CRLF HTML pages, bytes that are
//! not UTF-8, redirects to another listener; a listener whose accept queue is full. The client
//! and the main job (`examples/create_trtc_signatures.rs`, run as a process) print all of it on
//! one line with control characters escaped, follow no redirect, and retry a connect that timed
//! out like any connect failure.

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::Duration;

use tencent_action::{
    Client, Error, Escaped, Report, ResponseErrorKind, RetryPolicy, TransportKind,
};

use crate::support::{SECRET_ID, SECRET_KEY};

/// Serves every connection on 127.0.0.1 with the same raw response (head and body as given),
/// after reading the request's head and body. Returns the endpoint URL.
fn raw_server(response: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let response = response.clone();
            std::thread::spawn(move || {
                read_request(&mut stream);
                let _ = stream.write_all(&response);
                let _ = stream.flush();
            });
        }
    });
    url
}

/// Reads one request: the head, then as many body bytes as `content-length` says.
fn read_request(stream: &mut TcpStream) {
    let mut request = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = request.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(&buf[..n]),
        }
    };
    let head = String::from_utf8_lossy(&request[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while request.len() < head_end + length {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(&buf[..n]),
        }
    }
}

fn http(status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\n{headers}content-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

/// An API error whose code, message and RequestId clear the screen, set the title, ring the
/// bell and forge lines.
fn hostile_api_error() -> Vec<u8> {
    let body = r#"{"Response":{"Error":{"Code":"InternalError\u001b[2J","Message":"fine\r\nerror: spoofed\u001b]0;pwned\u0007\u0000\u2028end"},"RequestId":"r\r\n1"}}"#;
    http(
        "200 OK",
        "content-type: application/json\r\n",
        body.as_bytes(),
    )
}

/// A gateway's HTML page, CRLF line ends and all.
fn html_502() -> Vec<u8> {
    let body = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
    http(
        "502 Bad Gateway",
        "content-type: text/html\r\n",
        body.as_bytes(),
    )
}

/// A body that is not UTF-8, with NUL bytes and escape sequences.
fn not_utf8() -> Vec<u8> {
    let body = b"\xff\xfe\x00\x00oops\x1b[31m\x07\r\nerror: forged\x00\xc3";
    http("200 OK", "content-type: text/plain\r\n", body)
}

fn client(url: &str) -> Client {
    Client::builder()
        .anonymous()
        .endpoint(url)
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

async fn ping(client: &Client) -> Result<tencent_action::Response<serde_json::Value>, Error> {
    client
        .call_json("cvm", "2017-03-12", "Ping", serde_json::json!({}))
        .await
}

/// Asserts `text` is one line (a final newline aside) without a control character.
fn assert_one_clean_line(text: &str) {
    let line = text.strip_suffix('\n').unwrap_or(text);
    assert!(
        !line.chars().any(Escaped::is_escaped),
        "a control character in {line:?}"
    );
}

/// Asserts every line of a program's output is free of control characters.
fn assert_clean_lines(text: &str) {
    for line in text.lines() {
        assert!(
            !line.chars().any(Escaped::is_escaped),
            "a control character in {line:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn server_text_is_shown_on_one_line_with_control_characters_escaped() {
    let cases = [
        (
            hostile_api_error(),
            r"fine\r\nerror: spoofed\u{1b}]0;pwned\u{7}\u{0}\u{2028}end",
        ),
        (html_502(), r"<html>\r\n<head><title>502 Bad Gateway"),
        (not_utf8(), r"oops\u{1b}[31m\u{7}\r\nerror: forged\u{0}"),
    ];
    for (response, shown) in cases {
        let err = ping(&client(&raw_server(response))).await.unwrap_err();
        let text = err.to_string();
        assert_one_clean_line(&text);
        assert!(text.contains(shown), "{text}");
        assert_one_clean_line(&Report(&err).to_string());
    }
}

/// `cargo test` builds the examples next to the test binaries: `target/debug/examples/`.
fn main_job(endpoint: &str) -> Command {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().and_then(|deps| deps.parent()).unwrap();
    let path: PathBuf = dir.join("examples").join(format!(
        "create_trtc_signatures{}",
        std::env::consts::EXE_SUFFIX
    ));
    assert!(path.exists(), "{} is missing", path.display());
    let mut cmd = Command::new(path);
    let home = std::env::temp_dir().join(format!("tc-hostile-home-{}", std::process::id()));
    std::fs::create_dir_all(&home).unwrap();
    for var in [
        "TENCENTCLOUD_TOKEN",
        "TENCENTCLOUD_REGION",
        "TENCENTCLOUD_ENDPOINT",
        "TENCENTCLOUD_CREDENTIALS_FILE",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("HOME", home)
        .env("TENCENTCLOUD_SECRET_ID", SECRET_ID)
        .env("TENCENTCLOUD_SECRET_KEY", SECRET_KEY)
        .args([
            "--room-id",
            "room1",
            "--user-id",
            "alice",
            "--endpoint",
            endpoint,
        ]);
    cmd
}

fn run(mut cmd: Command) -> (Output, String, String) {
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8");
    let stderr = String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8");
    (out, stdout, stderr)
}

#[test]
fn the_main_job_prints_no_control_character_from_the_server() {
    for response in [hostile_api_error(), html_502(), not_utf8()] {
        let (out, stdout, stderr) = run(main_job(&raw_server(response)));
        assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
        assert_eq!(stderr.lines().count(), 1, "one error line: {stderr:?}");
        assert!(stderr.starts_with("error: "), "{stderr:?}");
        assert_one_clean_line(&stderr);
        assert_clean_lines(&stdout);
    }

    // A success whose values would forge lines and retitle the terminal.
    let body = r#"{"Response":{"TRTCParamList":[{"SdkAppId":1400000000,"UserId":"alice\r\nerror: spoofed","UserSig":"eJw\u001b[2J","StrRoomId":"x\r\nerror: spoofed\u001b]0;t\u0007","PrivateKey":"k\u0000"}],"RequestId":"r\u0000\n1"}}"#;
    let ok = http(
        "200 OK",
        "content-type: application/json\r\n",
        body.as_bytes(),
    );
    let url = raw_server(ok);
    for extra in [
        &[][..],
        &["--show-secrets"][..],
        &["--json", "--show-secrets"][..],
    ] {
        let mut cmd = main_job(&url);
        cmd.args(extra);
        let (out, stdout, stderr) = run(cmd);
        assert!(out.status.success(), "{stdout}{stderr}");
        assert_clean_lines(&stdout);
        assert_clean_lines(&stderr);
        assert!(
            !stdout.lines().any(|l| l.starts_with("error: spoofed")),
            "a forged line: {stdout}"
        );
        if extra.is_empty() {
            assert!(
                stdout.contains(r"x\r\nerror: spoofed\u{1b}]0;t\u{7}"),
                "{stdout}"
            );
            assert!(stdout.contains(r"RequestId: r\u{0}\n1"), "{stdout}");
        }
    }
}

/// A listener that must never be connected to: whatever connects would wait in its queue.
fn untouched_listener() -> (TcpListener, SocketAddr) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    (listener, addr)
}

#[tokio::test(flavor = "multi_thread")]
async fn redirects_are_not_followed_and_say_where_they_pointed() {
    for status in ["302 Found", "307 Temporary Redirect"] {
        let (second, addr) = untouched_listener();
        let location = format!("http://{addr}/elsewhere");
        let response = http(status, &format!("location: {location}\r\n"), b"");
        let client = Client::builder()
            .anonymous()
            .endpoint(raw_server(response))
            .build()
            .unwrap();
        let err = ping(&client).await.unwrap_err();
        let Error::Response(response) = &err else {
            panic!("not a response error: {err:?}");
        };
        assert_eq!(response.kind, ResponseErrorKind::Redirect, "{err:?}");
        let text = err.to_string();
        assert!(text.contains(&status[..3]), "{text}");
        assert!(text.contains(&location), "{text}");
        match second.accept() {
            Err(e) if e.kind() == ErrorKind::WouldBlock => {}
            other => panic!("the redirect target was connected to: {other:?}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_connect_that_times_out_is_retried_and_sent_nothing() {
    // Loopback only: a listener that never accepts, with the smallest accept queue, filled
    // until a further connect hangs.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(0).unwrap();
    let addr = listener.local_addr().unwrap();
    assert!(addr.ip().is_loopback());
    let mut queued = Vec::new();
    let filled = tokio::task::spawn_blocking(move || {
        for _ in 0..64 {
            match TcpStream::connect_timeout(&addr, Duration::from_millis(300)) {
                Ok(stream) => queued.push(stream),
                Err(e) if e.kind() == ErrorKind::TimedOut => return Some(queued),
                Err(e) => panic!("connect to the full queue: {e}"),
            }
        }
        None
    })
    .await
    .unwrap();
    let _queued = filled.expect("the accept queue never filled");

    let client = Client::builder()
        .anonymous()
        .endpoint(format!("http://{addr}"))
        .connect_timeout(Duration::from_millis(300))
        .retry(
            RetryPolicy::default()
                .max_attempts(3)
                .base_delay(Duration::from_millis(10))
                .deadline(Duration::from_secs(30)),
        )
        .build()
        .unwrap();
    let err = ping(&client).await.unwrap_err();
    let Error::Transport { kind, what, .. } = &err else {
        panic!("not a transport error: {err:?}");
    };
    assert_eq!(*kind, TransportKind::Connect, "{err:?}");
    assert!(!kind.may_have_reached_server());
    assert!(what.contains("(3 attempts)"), "{what}");
    let report = Report(&err).to_string();
    assert!(!report.contains("may have reached the server"), "{report}");
    assert!(!report.contains("not retried"), "{report}");
    assert!(
        report.contains("timed out") || report.contains("deadline has elapsed"),
        "the connect timed out: {report}"
    );
    drop(listener);
}

#[test]
fn the_main_job_shows_the_root_cause_once() {
    // Nothing listens on this port once the listener is dropped.
    let url = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let (out, stdout, stderr) = run(main_job(&url));
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr:?}");
    assert!(stderr.contains("cannot connect"), "{stderr}");
    let root = "Connection refused";
    assert_eq!(stderr.matches(root).count(), 1, "{stderr}");
}

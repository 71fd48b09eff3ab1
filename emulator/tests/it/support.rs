//! What the tests share: an emulator started with the test credential, and raw HTTP/1.1 on
//! loopback with TC3 signing, so tests control every byte sent.

use std::net::SocketAddr;

use serde_json::Value;
use tencent_action_core::sign::{Payload, SigningRequest, sign};
use tencent_action_core::{Credential, HttpMethod};
use tencent_action_emulator::{Emulator, EmulatorBuilder, RunningEmulator};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub(crate) const ID: &str = "AKIDEMULATORTEST";
pub(crate) const KEY: &str = "emulator-test-key";
pub(crate) const SERVICE: &str = "iotexplorer";
pub(crate) const ACTION: &str = "CreateTRTCSignaturesWithRoomId";
pub(crate) const VERSION: &str = "2019-04-23";
pub(crate) const REGION: &str = "ap-guangzhou";

/// A builder that knows the test credential ([`ID`], [`KEY`]).
pub(crate) fn builder() -> EmulatorBuilder {
    Emulator::builder().credential(ID, KEY)
}

/// Starts `builder` on a free port of 127.0.0.1.
pub(crate) async fn start(builder: EmulatorBuilder) -> RunningEmulator {
    builder
        .start("127.0.0.1:0")
        .await
        .expect("start the emulator")
}

/// An HTTP response: status and body parsed as JSON (`Value::Null` if it is not JSON).
#[derive(Debug)]
pub(crate) struct Reply {
    pub status: u16,
    pub head: String,
    pub body: Value,
}

impl Reply {
    pub(crate) fn code(&self) -> Option<&str> {
        self.body["Response"]["Error"]["Code"].as_str()
    }

    pub(crate) fn message(&self) -> &str {
        self.body["Response"]["Error"]["Message"]
            .as_str()
            .unwrap_or_default()
    }

    pub(crate) fn request_id(&self) -> &str {
        self.body["Response"]["RequestId"]
            .as_str()
            .unwrap_or_default()
    }
}

/// Sends one request with `Connection: close` and reads the whole response.
pub(crate) async fn send(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(String, String)],
    body: &[u8],
) -> Reply {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let mut request = format!("{method} {target} HTTP/1.1\r\n");
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        request.push_str(&format!("Host: {addr}\r\n"));
    }
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    stream.write_all(request.as_bytes()).await.expect("write");
    stream.write_all(body).await.expect("write body");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").expect("a full HTTP response");
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status code");
    Reply {
        status,
        head: head.to_owned(),
        body: serde_json::from_str(body).unwrap_or(Value::Null),
    }
}

/// What to sign and send; defaults to a POST of `body` for the TRTC action, signed now.
pub(crate) struct Call<'a> {
    pub method: HttpMethod,
    pub query: &'a str,
    pub body: &'a [u8],
    pub content_type: &'a str,
    pub signed_headers: &'a [&'a str],
    pub service: &'a str,
    pub action: &'a str,
    pub version: &'a str,
    pub region: Option<&'a str>,
    pub timestamp: i64,
    pub secret_id: &'a str,
    pub secret_key: &'a str,
    pub unsigned: bool,
}

pub(crate) fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

impl<'a> Call<'a> {
    pub(crate) fn post(body: &'a [u8]) -> Self {
        Call {
            method: HttpMethod::Post,
            query: "",
            body,
            content_type: "application/json",
            signed_headers: &["content-type", "host"],
            service: SERVICE,
            action: ACTION,
            version: VERSION,
            region: Some(REGION),
            timestamp: now(),
            secret_id: ID,
            secret_key: KEY,
            unsigned: false,
        }
    }

    pub(crate) fn get(query: &'a str) -> Self {
        Call {
            method: HttpMethod::Get,
            query,
            body: b"",
            content_type: "application/x-www-form-urlencoded",
            ..Call::post(b"")
        }
    }

    /// The signed headers (with `Host`) for a server at `addr`.
    pub(crate) fn headers(&self, addr: SocketAddr) -> Vec<(String, String)> {
        let host = addr.to_string();
        let mut req = SigningRequest::new(
            self.service,
            self.action,
            self.version,
            &host,
            self.timestamp,
        );
        req.method = self.method;
        req.query = self.query;
        req.content_type = self.content_type;
        req.signed_headers = self.signed_headers;
        req.payload = if self.unsigned {
            Payload::Unsigned
        } else {
            Payload::Bytes(self.body)
        };
        req.region = self.region;
        let credential = Credential::new(self.secret_id, self.secret_key).unwrap();
        let signed = sign(&req, &credential).unwrap();
        let mut headers = vec![("Host".to_owned(), host.clone())];
        headers.extend(
            signed
                .headers()
                .map(|(name, value)| (name.to_owned(), value.to_owned())),
        );
        headers
    }

    pub(crate) async fn send(&self, addr: SocketAddr) -> Reply {
        self.send_with(addr, |_| {}).await
    }

    /// Sends after `tamper` has changed the signed headers.
    pub(crate) async fn send_with(
        &self,
        addr: SocketAddr,
        tamper: impl FnOnce(&mut Vec<(String, String)>),
    ) -> Reply {
        let mut headers = self.headers(addr);
        tamper(&mut headers);
        let target = if self.query.is_empty() {
            "/".to_owned()
        } else {
            format!("/?{}", self.query)
        };
        send(addr, self.method.as_str(), &target, &headers, self.body).await
    }
}

/// Removes a header by name.
pub(crate) fn remove(headers: &mut Vec<(String, String)>, name: &str) {
    headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
}

/// Replaces (or adds) a header.
pub(crate) fn replace(headers: &mut Vec<(String, String)>, name: &str, value: &str) {
    remove(headers, name);
    headers.push((name.to_owned(), value.to_owned()));
}

//! One call: pacing, attempts, retries with backoff, clock-skew correction, credential refresh,
//! and the HTTP exchange of each attempt.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use tracing::Instrument;

use super::pacing::{PaceError, TurnKey, sleep_within};
use super::retry::{Disposition, classify};
use super::{Call, Client, Params, PreparedRequest};
use crate::{Error, HttpMethod, Response, ResponseError, ResponseErrorKind, TransportKind};

/// The status, the headers and the body of one HTTP exchange.
struct Exchange {
    status: u16,
    /// The response's own map, taken whole: only the `Date` is read, and only when the
    /// server says the signature expired ([`server_time`]).
    headers: HeaderMap,
    body: Bytes,
}

/// Parses a response (status, body) and keeps it, recording its RequestId in the call's span.
type ParseInto<'a> = dyn FnMut(u16, &[u8], &tracing::Span) -> Result<(), Error> + Send + 'a;

/// `X-TC-RequestClient`.
const X_TC_REQUESTCLIENT: HeaderName = HeaderName::from_static("x-tc-requestclient");

/// The resolution of tokio's timers, which end a wait on the first millisecond tick at or
/// after its end.
const TIMER_RESOLUTION: Duration = Duration::from_millis(1);

/// Headers reqwest adds to the map it is given before sending (`Accept`); reserved up front so
/// the map never grows.
const ADDED_BY_REQWEST: usize = 1;

impl Client {
    /// Sends a call until it succeeds, fails for good, or runs out of attempts or time, in a
    /// `tencent_action.call` tracing span (service, action, region, attempts, RequestId,
    /// latency; never a credential, header value or body).
    pub(super) async fn execute<T: Send>(
        &self,
        call: &Call<'_>,
        params: &Params,
        parse: impl Fn(u16, &[u8]) -> Result<Response<T>, Error> + Sync,
    ) -> Result<Response<T>, Error> {
        // Only the typed parse depends on the response type; it is reached through
        // `parse_into`, which keeps what it parsed here.
        let mut parsed = None;
        let mut parse_into = |status: u16, body: &[u8], span: &tracing::Span| {
            let response = parse(status, body)?;
            span.record("request_id", response.request_id());
            parsed = Some(response);
            Ok(())
        };
        self.boxed_attempts(call, params, &mut parse_into).await?;
        // The attempts end in `Ok` only after `parse_into` kept a response.
        parsed.ok_or_else(|| Error::Config("a call ended without a response".to_owned()))
    }

    /// The attempts of a call as one future compiled once in this crate, whatever the action:
    /// written into each action's `send` instead, they would add their code to a program once
    /// per declared action (BENCHMARKS.md, `benches/binary-size/per-action`, has the size).
    /// The box costs one allocation per call.
    #[inline(never)]
    fn boxed_attempts<'a>(
        &'a self,
        call: &'a Call<'a>,
        params: &'a Params,
        parse: &'a mut ParseInto<'_>,
    ) -> std::pin::Pin<Box<dyn Future<Output = Result<(), Error>> + Send + 'a>> {
        Box::pin(self.traced_attempts(call, params, parse))
    }

    /// [`attempts`](Self::attempts) in the call's tracing span, in which `parse` records the
    /// RequestId of what it parsed.
    async fn traced_attempts(
        &self,
        call: &Call<'_>,
        params: &Params,
        parse: &mut ParseInto<'_>,
    ) -> Result<(), Error> {
        let span = tracing::debug_span!(
            "tencent_action.call",
            service = call.service,
            action = call.action,
            region = self.inner.region.as_deref().unwrap_or(""),
            attempts = tracing::field::Empty,
            request_id = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        let attempts = self.attempts(call, params, parse, &span);
        let result = if span.is_disabled() {
            // Nothing listens to the span: no clock readings for its latency.
            attempts.await
        } else {
            let started = Instant::now();
            let result = attempts.instrument(span.clone()).await;
            span.record("latency_ms", started.elapsed().as_millis() as u64);
            result
        };
        match &result {
            Ok(()) => span.in_scope(|| tracing::debug!("call succeeded")),
            Err(error) => {
                if let Some(id) = error.request_id() {
                    span.record("request_id", id);
                }
                span.in_scope(|| tracing::debug!(error = %crate::Report(error), "call failed"));
            }
        }
        result
    }

    async fn attempts(
        &self,
        call: &Call<'_>,
        params: &Params,
        parse: &mut ParseInto<'_>,
        span: &tracing::Span,
    ) -> Result<(), Error> {
        let policy = self.retry;
        let deadline = policy.deadline_from_now();
        let mut attempt: u32 = 0;
        let mut retries: u32 = 0;
        let mut clock_fixed = false;
        let mut refreshed = false;
        loop {
            attempt += 1;
            span.record("attempts", attempt);
            tracing::trace!(attempt, "sending");
            let credential = match self.credential_now() {
                Some(credential) => credential,
                None => tokio::time::timeout_at(deadline.into(), self.credential())
                    .await
                    .map_err(|_elapsed| deadline_exceeded(call, attempt))?,
            };
            let exchange = match credential {
                Err(error) => Err((error, None)),
                Ok(credential) => {
                    // Limits count per SecretId. A turn that would come after the deadline
                    // ends the call at once: nothing was sent, so there is nothing to retry.
                    let key = TurnKey {
                        secret_id: credential.as_deref().map_or("", |c| c.secret_id()),
                        service: call.service,
                        version: call.version,
                        action: call.action,
                    };
                    match self.inner.pacer.pace(&key, call.rate_limit, deadline).await {
                        Ok(()) => {}
                        Err(PaceError::Deadline) => return Err(deadline_exceeded(call, attempt)),
                        Err(PaceError::Shared(error)) => return Err(error),
                    }
                    drop(credential);
                    // Read again after the wait, which temporary credentials may outlive.
                    let credential = match self.credential_now() {
                        Some(credential) => credential,
                        None => tokio::time::timeout_at(deadline.into(), self.credential())
                            .await
                            .map_err(|_elapsed| deadline_exceeded(call, attempt))?,
                    };
                    // Signed and built between two waits: none of it is kept in this future.
                    let request = credential
                        .and_then(|credential| self.sign_call(call, params, credential.as_deref()))
                        .and_then(|prepared| self.http_request(call.action, prepared, deadline));
                    let sent = match request {
                        Ok((request, what)) => {
                            let pending = self.inner.http.execute(request);
                            self.exchange(pending, &what).await
                        }
                        Err(error) => Err(error),
                    };
                    match sent {
                        // The request's timer, set to end at the deadline at the latest
                        // (`http_request`), ended it there.
                        Err(Error::Transport {
                            kind: TransportKind::Timeout,
                            ..
                        }) if Instant::now() >= deadline => {
                            return Err(deadline_exceeded(call, attempt));
                        }
                        Err(error) => Err((error, None)),
                        Ok(exchange) => Ok(exchange),
                    }
                }
            };
            let (error, headers) = match exchange {
                Ok(exchange) => match parse(exchange.status, &exchange.body, span) {
                    Ok(()) => return Ok(()),
                    Err(error) => (error, Some(exchange.headers)),
                },
                Err(failed) => failed,
            };
            let disposition = classify(&error, call.idempotent);
            tracing::debug!(attempt, error = %crate::Report(&error), ?disposition, "attempt failed");
            match disposition {
                Disposition::FixClock if !clock_fixed => {
                    clock_fixed = true;
                    let date = headers.as_ref().and_then(|h| h.get(reqwest::header::DATE));
                    let Some(server) = date.and_then(server_time) else {
                        return Err(error);
                    };
                    let local = crate::sign::unix_now().unwrap_or_default();
                    self.inner
                        .clock_offset
                        .store(server - local, Ordering::Relaxed);
                    continue;
                }
                Disposition::RefreshCredential if !refreshed => {
                    refreshed = true;
                    if let Some(provider) = &self.inner.credentials {
                        provider.invalidate();
                    }
                    continue;
                }
                Disposition::Retry if retries + 1 < policy.attempts() => {
                    retries += 1;
                    if !sleep_within(deadline, policy.backoff(retries, random_u64())).await {
                        return Err(counted(error, attempt));
                    }
                }
                Disposition::UnsafeToRetry => return Err(not_retried(error, call)),
                _ => return Err(counted(error, attempt)),
            }
        }
    }

    /// Completes one exchange, `pending` from reqwest: returns the status, the headers and
    /// the body, whose size is bounded by the client's limit. It ends, body included, with a
    /// timeout error at the client's timeout or at the call's deadline, whichever comes first
    /// ([`http_request`](Self::http_request)).
    async fn exchange(
        &self,
        pending: impl Future<Output = Result<reqwest::Response, reqwest::Error>>,
        what: &What<'_>,
    ) -> Result<Exchange, Error> {
        let transport = |source: reqwest::Error| Error::Transport {
            what: what.to_string(),
            kind: transport_kind(&source),
            // The URL may carry GET parameters; `what` names the endpoint instead.
            source: Box::new(source.without_url()),
        };
        let mut response = pending.await.map_err(transport)?;
        let status = response.status().as_u16();
        if response.status().is_redirection() {
            // Never followed: the next hop would get the signed headers (and the token) and,
            // for 307 and 308, the body again.
            return Err(redirected(status, response.headers()));
        }
        let headers = std::mem::take(response.headers_mut());
        let limit = self.inner.max_response_bytes;
        let body = read_body(&mut response, status, limit, &transport).await?;
        Ok(Exchange {
            status,
            headers,
            body,
        })
    }

    /// The HTTP request of one prepared request, and what it does (for errors). Its exchange
    /// ends with a timeout error at the client's timeout or at `deadline`, whichever comes
    /// first: one timer, reqwest's own.
    fn http_request<'a>(
        &self,
        action: &'a str,
        prepared: PreparedRequest,
        deadline: Instant,
    ) -> Result<(reqwest::Request, What<'a>), Error> {
        let inner = &*self.inner;
        let PreparedRequest {
            method,
            target,
            url_with_query,
            signed,
            body,
        } = prepared;
        let http_method = match method {
            HttpMethod::Post => reqwest::Method::POST,
            HttpMethod::Get => reqwest::Method::GET,
        };
        let (text, spans) = signed.into_shared_headers();
        // Sized for everything sent (the signed headers, X-TC-RequestClient, Host), so inserting
        // never reallocates; handed to reqwest whole.
        let mut headers = HeaderMap::with_capacity(spans.len() + 2 + ADDED_BY_REQWEST);
        for (name, span) in spans {
            // Each value is a slice of the one buffer the signer wrote: no copy per header.
            let name = usize::from(name);
            let value =
                HeaderValue::from_maybe_shared(text.slice(span)).map_err(|e| Error::Transport {
                    what: What {
                        method,
                        target: target.clone(),
                        action,
                    }
                    .to_string(),
                    kind: TransportKind::Other,
                    source: format!(
                        "header {} is not a valid header value: {e}",
                        crate::sign::HEADER_NAMES[name]
                    )
                    .into(),
                })?;
            headers.insert(SIGNER_HEADERS[name].clone(), value);
        }
        if let Some(client) = &inner.request_client {
            headers.insert(X_TC_REQUESTCLIENT, client.clone());
        }
        // The signed host, which is what hyper would derive from the URL; given here, hyper
        // neither formats it nor grows its copy of the map to add it.
        headers.insert(reqwest::header::HOST, target.host.clone());
        // A `Request` rather than a `RequestBuilder`: the builder would copy every header into
        // a map of its own, growing it on the way.
        let url = url_with_query.unwrap_or_else(|| target.url.clone());
        let mut request = reqwest::Request::new(http_method, url);
        *request.headers_mut() = headers;
        if method == HttpMethod::Post {
            *request.body_mut() = Some(body.into());
        }
        // reqwest times each request out after the client's timeout; when the deadline comes
        // sooner, this request gets a timeout of its own that ends there (reqwest's timer
        // starts after this reading, so it never ends before the deadline). Within a
        // millisecond, tokio's timer resolution, the client's timeout stands for the deadline,
        // which spares the request its own timeout's extension map.
        let remaining = deadline.saturating_duration_since(Instant::now());
        if remaining.saturating_add(TIMER_RESOLUTION) < inner.timeout {
            *request.timeout_mut() = Some(remaining);
        }
        let what = What {
            method,
            target,
            action,
        };
        Ok((request, what))
    }
}

/// What an exchange does, shown in its errors (formatted only then): the method, the endpoint
/// and the action.
struct What<'a> {
    method: HttpMethod,
    target: std::sync::Arc<super::Target>,
    action: &'a str,
}

impl std::fmt::Display for What<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (method, url) = (self.method.as_str(), self.target.endpoint.url());
        write!(f, "{method} {url} ({})", self.action)
    }
}

/// Reads a whole body of at most `limit` bytes. A body that arrives in one piece (the usual
/// case for an API response) is kept as it is, without a copy.
async fn read_body(
    response: &mut reqwest::Response,
    status: u16,
    limit: usize,
    transport: &(dyn Fn(reqwest::Error) -> Error + Sync),
) -> Result<Bytes, Error> {
    let too_large = |received: &[u8]| {
        // The error keeps the body's first 200 characters and marks that more followed: these
        // bytes hold at least 201 characters of a longer body.
        let start = &received[..received.len().min(4 * 201)];
        Error::from(ResponseError::new(
            status,
            ResponseErrorKind::TooLarge,
            format!("the body exceeds the {limit} byte limit"),
            &String::from_utf8_lossy(start),
        ))
    };
    let length = response.content_length();
    let Some(first) = response.chunk().await.map_err(transport)? else {
        return Ok(Bytes::new());
    };
    if first.len() > limit {
        return Err(too_large(&first));
    }
    if length == Some(first.len() as u64) {
        // All of a body of known length: the next read could only say it ended.
        return Ok(first);
    }
    let Some(second) = response.chunk().await.map_err(transport)? else {
        return Ok(first);
    };
    let mut received = Vec::with_capacity(first.len() + second.len());
    received.extend_from_slice(&first);
    let mut next = Some(second);
    while let Some(chunk) = next {
        if received.len() + chunk.len() > limit {
            return Err(too_large(&received));
        }
        received.extend_from_slice(&chunk);
        next = response.chunk().await.map_err(transport)?;
    }
    Ok(received.into())
}

/// A 3xx answer, which an API 3.0 call does not follow, as an error naming its status and
/// `Location` (escaped when shown, like all server text).
fn redirected(status: u16, headers: &HeaderMap) -> Error {
    let location = headers
        .get(reqwest::header::LOCATION)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
    let reason = match location {
        Some(location) => format!("redirected to `{location}`, which an API call never follows"),
        None => "a redirect without a Location, which an API call never follows".to_owned(),
    };
    Error::from(ResponseError::new(
        status,
        ResponseErrorKind::Redirect,
        reason,
        "",
    ))
}

/// The server's clock from its `Date` header, in Unix seconds.
fn server_time(date: &HeaderValue) -> Option<i64> {
    let date = httpdate::parse_http_date(date.to_str().ok()?).ok()?;
    i64::try_from(date.duration_since(UNIX_EPOCH).ok()?.as_secs()).ok()
}

/// The header names the signer emits, in the order of `sign::HEADER_NAMES`, parsed at compile
/// time (a `static`: a `const` array would be built and dropped whole at each use).
static SIGNER_HEADERS: [HeaderName; crate::sign::HEADER_NAMES.len()] = [
    reqwest::header::CONTENT_TYPE,
    HeaderName::from_static("x-tc-action"),
    HeaderName::from_static("x-tc-timestamp"),
    HeaderName::from_static("x-tc-version"),
    HeaderName::from_static("x-tc-region"),
    HeaderName::from_static("x-tc-language"),
    HeaderName::from_static("x-tc-token"),
    HeaderName::from_static("x-tc-content-sha256"),
    reqwest::header::AUTHORIZATION,
];

/// Classifies a reqwest failure by the stage it happened at.
fn transport_kind(err: &reqwest::Error) -> TransportKind {
    // A connect that timed out sent nothing: it is a connect failure, not a timeout of a
    // request that may have been delivered.
    if err.is_connect() {
        TransportKind::Connect
    } else if err.is_timeout() {
        TransportKind::Timeout
    } else if err.is_body() || err.is_decode() {
        TransportKind::Body
    } else if err.is_request() {
        TransportKind::Send
    } else {
        TransportKind::Other
    }
}

/// Says why a failure that may have been processed was not retried.
fn not_retried(error: Error, call: &Call<'_>) -> Error {
    let note = format!(
        "not retried: {} is not idempotent and the request may have reached the server",
        call.action
    );
    match error {
        Error::Transport { what, kind, source } => Error::Transport {
            what: format!("{what} ({note})"),
            kind,
            source,
        },
        Error::Response(mut response) => {
            response.reason = format!("{} ({note})", response.reason);
            Error::Response(response)
        }
        other => other,
    }
}

/// Says how many attempts a transport failure ended, when there was more than one.
fn counted(error: Error, attempts: u32) -> Error {
    match error {
        Error::Transport { what, kind, source } if attempts > 1 => Error::Transport {
            what: format!("{what} ({attempts} attempts)"),
            kind,
            source,
        },
        other => other,
    }
}

/// The whole call took longer than the retry policy's deadline.
fn deadline_exceeded(call: &Call<'_>, attempts: u32) -> Error {
    Error::Transport {
        what: format!("{} ({attempts} attempts)", call.action),
        kind: TransportKind::Timeout,
        source: "the call's deadline passed".into(),
    }
}

/// Randomness for backoff jitter; falls back to the clock's nanoseconds.
fn random_u64() -> u64 {
    let mut bytes = [0u8; 8];
    if getrandom::getrandom(&mut bytes).is_ok() {
        u64::from_le_bytes(bytes)
    } else {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos().into())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::time::Duration;

    use super::TIMER_RESOLUTION;

    use crate::{Client, Error, ResponseErrorKind, RetryPolicy};

    /// Serves one connection: reads the request, then writes `head` and each of `chunks` as
    /// its own HTTP chunk, pausing between them so they arrive as separate reads.
    fn serve_chunked(chunks: &'static [&'static str]) -> String {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut request = Vec::new();
            let mut buf = [0u8; 4096];
            // The request's head and its (small) body.
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                let n = stream.read(&mut buf).unwrap();
                request.extend_from_slice(&buf[..n]);
            }
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n",
            );
            for chunk in chunks {
                let _ = stream.write_all(format!("{:x}\r\n{chunk}\r\n", chunk.len()).as_bytes());
                let _ = stream.flush();
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = stream.write_all(b"0\r\n\r\n");
        });
        url
    }

    fn client(url: &str, limit: usize) -> Client {
        Client::builder()
            .anonymous()
            .endpoint(url)
            .max_response_bytes(limit)
            .retry(RetryPolicy::none())
            .build()
            .unwrap()
    }

    fn call(client: &Client) -> Result<crate::Response<serde_json::Value>, Error> {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(client.call_json("cvm", "2017-03-12", "Ping", serde_json::json!({})))
    }

    #[test]
    fn a_body_in_pieces_is_read_whole() {
        let url = serve_chunked(&[r#"{"Response":{"N":"#, "7,", r#""RequestId":"r"}}"#]);
        let out = call(&client(&url, 1 << 20)).unwrap();
        assert_eq!((out["N"].as_u64(), out.request_id()), (Some(7), "r"));
    }

    /// Accepts one connection and never answers.
    fn serve_silence() -> String {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            let (_stream, _) = listener.accept().unwrap();
            std::thread::sleep(Duration::from_secs(30));
        });
        url
    }

    /// Serves one connection: reads the request's head, answers 200 with a body of 1000 bytes
    /// announced and sends one of them every 50 ms.
    fn serve_trickling() -> String {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut request = Vec::new();
            let mut buf = [0u8; 4096];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                let n = stream.read(&mut buf).unwrap();
                request.extend_from_slice(&buf[..n]);
            }
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n{");
            for _ in 0..600 {
                if stream
                    .write_all(b" ")
                    .and_then(|()| stream.flush())
                    .is_err()
                {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        });
        url
    }

    /// Calls `url` with the client's `timeout` (the default when `None`) and `policy`, which
    /// must end in a timeout: what failed, the error's source, and how long the call took.
    fn timed_out(
        url: &str,
        timeout: Option<Duration>,
        policy: RetryPolicy,
    ) -> (String, String, Duration) {
        let mut builder = Client::builder().anonymous().endpoint(url).retry(policy);
        if let Some(timeout) = timeout {
            builder = builder.timeout(timeout);
        }
        let client = builder.build().unwrap();
        let started = std::time::Instant::now();
        let Err(Error::Transport { what, kind, source }) = call(&client) else {
            panic!("not a transport error");
        };
        let took = started.elapsed();
        assert_eq!(kind, crate::TransportKind::Timeout);
        (what, source.to_string(), took)
    }

    /// The call took `at_least`, and well under the 30 s the test servers keep going.
    fn assert_took(took: Duration, at_least: Duration) {
        assert!(
            took >= at_least && took < Duration::from_secs(10),
            "{took:?}"
        );
    }

    const DEADLINE_PASSED: &str = "the call's deadline passed";

    #[test]
    fn a_silent_server_or_a_trickling_body_ends_the_call_at_its_deadline() {
        let deadline = Duration::from_millis(300);
        for url in [serve_silence(), serve_trickling()] {
            let policy = RetryPolicy::default().deadline(deadline);
            let (what, source, took) = timed_out(&url, None, policy);
            assert_eq!(source, DEADLINE_PASSED);
            assert_eq!(what, "Ping (1 attempts)");
            assert_took(took, deadline);
        }
    }

    #[test]
    fn a_deadline_as_long_as_the_clients_timeout_ends_the_call_there() {
        // The defaults' case (60 s each): the client's timeout stands for the deadline.
        let deadline = Duration::from_millis(300);
        for timeout in [deadline, deadline + TIMER_RESOLUTION] {
            let policy = RetryPolicy::default().deadline(deadline);
            let (what, source, took) = timed_out(&serve_trickling(), Some(timeout), policy);
            assert_eq!(source, DEADLINE_PASSED);
            assert_eq!(what, "Ping (1 attempts)");
            assert_took(took, deadline);
        }
    }

    #[test]
    fn a_stalled_exchange_past_the_clients_timeout_is_a_timeout_of_that_attempt() {
        // The client's timeout, shorter than the call's deadline, ends the attempt: a timeout
        // of the request sent, not the call's deadline.
        let timeout = Duration::from_millis(300);
        for url in [serve_silence(), serve_trickling()] {
            let policy = RetryPolicy::none().deadline(Duration::from_secs(20));
            let (what, source, took) = timed_out(&url, Some(timeout), policy);
            assert_ne!(source, DEADLINE_PASSED);
            assert!(what.starts_with("POST http://127.0.0.1:"), "{what}");
            assert_took(took, timeout);
        }
    }

    #[test]
    fn a_deadline_too_far_to_represent_is_no_panic() {
        // `Duration::MAX` from now is past what an `Instant` holds: the client's timeout ends
        // the attempt as usual.
        let timeout = Duration::from_millis(300);
        let policy = RetryPolicy::none().deadline(Duration::MAX);
        let (_, source, took) = timed_out(&serve_trickling(), Some(timeout), policy);
        assert_ne!(source, DEADLINE_PASSED);
        assert_took(took, timeout);
    }

    #[test]
    fn a_paced_turn_past_the_deadline_ends_the_call_at_once() {
        // Nothing listens: the first call takes the turn and fails to connect.
        let url = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            format!("http://{}", listener.local_addr().unwrap())
        };
        let client = Client::builder()
            .anonymous()
            .endpoint(&url)
            .rate_limiting(crate::RateLimiting::Declared.with_limit("cvm", "2017-03-12", "Ping", 1))
            .retry(RetryPolicy::default().deadline(Duration::from_millis(600)))
            .build()
            .unwrap();
        let first = call(&client);
        assert!(first.is_err(), "{first:?}");
        // The next turn is a second away, after the second call's deadline.
        let started = std::time::Instant::now();
        let Err(Error::Transport { what, kind, source }) = call(&client) else {
            panic!("not a transport error");
        };
        assert!(started.elapsed() < Duration::from_millis(300));
        assert_eq!(kind, crate::TransportKind::Timeout);
        assert_eq!(source.to_string(), "the call's deadline passed");
        assert_eq!(what, "Ping (1 attempts)");
    }

    #[test]
    fn the_header_names_sent_are_the_signers() {
        for (name, sent) in crate::sign::HEADER_NAMES.iter().zip(&super::SIGNER_HEADERS) {
            assert!(name.eq_ignore_ascii_case(sent.as_str()), "{name} {sent}");
        }
    }

    #[test]
    fn the_boxed_attempts_of_a_call_stay_small() {
        // Each call boxes this future (`boxed_attempts`): its size is an allocation per call.
        let client = client("http://127.0.0.1:9", 1);
        let call = super::Call {
            service: "cvm",
            version: "2017-03-12",
            action: "Ping",
            idempotent: true,
            rate_limit: None,
        };
        let params = super::Params {
            body: bytes::Bytes::new(),
            query: String::new(),
        };
        let mut parse = |_: u16, _: &[u8], _: &tracing::Span| Ok(());
        let attempts = client.traced_attempts(&call, &params, &mut parse);
        let size = std::mem::size_of_val(&attempts);
        println!("the attempts of a call: {size} bytes");
        assert!(size <= 2_048, "{size} bytes");
    }

    #[test]
    fn call_futures_can_move_between_threads() {
        fn assert_send<F: Future + Send>(_: F) {}
        let client = client("http://127.0.0.1:9", 1);
        assert_send(client.call_json("cvm", "2017-03-12", "Ping", serde_json::json!({})));
    }

    #[test]
    fn a_body_past_the_limit_is_too_large() {
        let url = serve_chunked(&["<html>0123456789", "0123456789", "0123456789"]);
        let Err(Error::Response(err)) = call(&client(&url, 25)) else {
            panic!("not a response error");
        };
        assert_eq!(err.kind, ResponseErrorKind::TooLarge, "{err:?}");
        assert!(err.reason.contains("25 byte limit"), "{err:?}");
        assert_eq!(err.body_start, "<html>0123456789");
    }
}

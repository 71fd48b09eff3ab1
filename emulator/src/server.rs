//! The HTTP side: the accept loop (plain or TLS), one hyper connection per client, and the
//! handling of each request: the emulator's own pages, faults, instance metadata and API
//! calls, each recorded.
//!
//! hyper is used directly, below any framework, because some faults act on the connection
//! itself: closing it without an answer (the service future fails), cutting a body short, or
//! resetting it (the socket is closed with `SO_LINGER` 0 when the switch in [`Resettable`] is
//! on).

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use http::request::Parts;
use http::{Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use serde_json::{Map, Value, json};
use tencent_action_core::codes;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};
use tokio::task::JoinSet;

use crate::action::Call;
use crate::envelope::{self, Failure};
use crate::faults::FaultKind;
use crate::records::{RequestRecord, Verdict};
use crate::registry::{Registry, check_region};
use crate::reply::{Answer, ReplyBody};
use crate::state::Shared;
use crate::verify::{Now, Received, claimed_identity, header, verify};
use crate::{metadata, params, random};

/// The path of the request counter, `{"requests_seen": N}`; requests to it are not counted.
pub const STATS_PATH: &str = "/__emulator/stats";

/// The path of the request log, `{"requests": [...]}`; requests to it are not counted.
pub const REQUESTS_PATH: &str = "/__emulator/requests";

/// How many records `GET /__emulator/requests` returns unless `?limit=N` says otherwise.
const DEFAULT_RECENT: usize = 100;

/// The largest request body accepted, as the service allows for POST.
const MAX_BODY: usize = 10 * 1024 * 1024;

/// What secures a connection before HTTP is served over it: a TLS handshake ([`crate::tls`]).
///
/// A trait object made only where HTTPS is set up, rather than a type the accept loop names,
/// so that a program that never serves HTTPS links none of the TLS server code.
pub(crate) trait Secure: Send + Sync {
    /// Secures `stream` and serves `http` over it; a failed handshake ends the connection.
    fn serve(&self, stream: Resettable, http: Http) -> Pin<Box<dyn Future<Output = ()> + Send>>;
}

/// Accepts connections on `listener` until `shutdown` resolves, then lets open connections
/// finish their requests (idle ones close at once). At most `shared.max_connections` are
/// served at once: the next is accepted when one closes.
pub(crate) async fn serve(
    listener: TcpListener,
    shared: Arc<Shared>,
    registry: Arc<Registry>,
    tls: Option<Arc<dyn Secure>>,
    shutdown: impl Future<Output = ()> + Send,
) -> io::Result<()> {
    let (stop, stopped) = watch::channel(false);
    let mut connections = JoinSet::new();
    let slots = Arc::new(Semaphore::new(shared.max_connections.max(1)));
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            accepted = accept_in_slot(&listener, &slots) => match accepted {
                Ok((stream, slot)) => {
                    let _ = stream.set_nodelay(true);
                    connections.spawn(connection(
                        stream,
                        slot,
                        Arc::clone(&shared),
                        Arc::clone(&registry),
                        tls.clone(),
                        stopped.clone(),
                    ));
                }
                // Out of file descriptors, a connection aborted before it was accepted: the
                // listener itself is fine; wait a little and go on.
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    let _ = stop.send(true);
    while connections.join_next().await.is_some() {}
    Ok(())
}

/// Waits for a free connection slot, then accepts a connection to fill it. Dropped while
/// waiting, it gives the slot back and loses no connection (`accept` is cancel safe).
async fn accept_in_slot(
    listener: &TcpListener,
    slots: &Arc<Semaphore>,
) -> io::Result<(TcpStream, OwnedSemaphorePermit)> {
    let slot = Arc::clone(slots)
        .acquire_owned()
        .await
        .map_err(io::Error::other)?;
    let (stream, _) = listener.accept().await?;
    Ok((stream, slot))
}

/// One client connection: optional TLS handshake, then HTTP/1.1 until either side closes; the
/// slot it holds is given back when it ends.
async fn connection(
    stream: TcpStream,
    _slot: OwnedSemaphorePermit,
    shared: Arc<Shared>,
    registry: Arc<Registry>,
    tls: Option<Arc<dyn Secure>>,
    stopped: watch::Receiver<bool>,
) {
    let reset = Arc::new(AtomicBool::new(false));
    let stream = Resettable {
        inner: stream,
        reset: Arc::clone(&reset),
    };
    let http = Http {
        shared,
        registry,
        reset,
        stopped,
    };
    match tls {
        None => http.serve(stream).await,
        Some(tls) => tls.serve(stream, http).await,
    }
}

/// What serving HTTP on one connection needs besides the stream.
pub(crate) struct Http {
    shared: Arc<Shared>,
    registry: Arc<Registry>,
    /// The connection's reset-on-close switch.
    reset: Arc<AtomicBool>,
    stopped: watch::Receiver<bool>,
}

impl Http {
    /// Serves HTTP/1.1 over `io` until either side closes, or until the server stops and the
    /// request in progress (if any) is answered.
    pub(crate) async fn serve<I>(self, io: I)
    where
        I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let Http {
            shared,
            registry,
            reset,
            mut stopped,
        } = self;
        // A client that sends no request head within the timeout (none at all, or a slow
        // one) loses the connection.
        let mut builder = http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(shared.header_read_timeout);
        let service = service_fn(move |req| {
            let shared = Arc::clone(&shared);
            let registry = Arc::clone(&registry);
            let reset = Arc::clone(&reset);
            async move { handle(&shared, &registry, &reset, req).await }
        });
        let conn = builder.serve_connection(TokioIo::new(io), service);
        tokio::pin!(conn);
        if *stopped.borrow() {
            conn.as_mut().graceful_shutdown();
        }
        tokio::select! {
            _ = conn.as_mut() => return,
            _ = stopped.changed() => conn.as_mut().graceful_shutdown(),
        }
        let _ = conn.await;
    }
}

/// A TCP stream that, when its switch is on, is reset (RST) rather than closed when dropped.
pub(crate) struct Resettable {
    inner: TcpStream,
    reset: Arc<AtomicBool>,
}

impl Drop for Resettable {
    fn drop(&mut self) {
        if self.reset.load(Ordering::Relaxed) {
            let _ = self.inner.set_zero_linger();
        }
    }
}

impl AsyncRead for Resettable {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for Resettable {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

/// The service's error: the connection is closed without an answer (the `close` fault).
#[derive(Debug)]
struct NoAnswer;

impl std::fmt::Display for NoAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection closed without an answer (fault)")
    }
}

impl std::error::Error for NoAnswer {}

/// What the request log learns about a request as it is handled.
struct Draft {
    received_at: SystemTime,
    started: Instant,
    method: String,
    path: String,
    action: Option<String>,
    service: Option<String>,
    version: Option<String>,
    secret_id: Option<String>,
    region: Option<String>,
    signed_headers: Vec<String>,
    processed: bool,
}

impl Draft {
    fn new(parts: &Parts) -> Self {
        let trimmed = |name| header(&parts.headers, name).map(|v| v.trim().to_owned());
        let (secret_id, signed_headers) = claimed_identity(&parts.headers);
        Draft {
            received_at: SystemTime::now(),
            started: Instant::now(),
            method: parts.method.to_string(),
            path: parts.uri.path().to_owned(),
            action: trimmed("x-tc-action"),
            service: None,
            version: trimmed("x-tc-version"),
            secret_id,
            region: trimmed("x-tc-region"),
            signed_headers,
            processed: false,
        }
    }
}

async fn handle(
    shared: &Shared,
    registry: &Registry,
    reset: &Arc<AtomicBool>,
    req: Request<Incoming>,
) -> Result<Response<ReplyBody>, NoAnswer> {
    match req.uri().path() {
        STATS_PATH => {
            let stats = json!({ "requests_seen": shared.requests_seen() });
            return Ok(
                Answer::json(StatusCode::OK, &stats, Verdict::Ok).into_response(
                    None,
                    reset,
                    shared.clock.signature_secs(0),
                ),
            );
        }
        REQUESTS_PATH => {
            let limit = req
                .uri()
                .query()
                .unwrap_or_default()
                .split('&')
                .find_map(|pair| pair.strip_prefix("limit="))
                .and_then(|n| n.parse().ok())
                .unwrap_or(DEFAULT_RECENT);
            let recent = shared.records.recent_json(limit);
            return Ok(
                Answer::json(StatusCode::OK, &recent, Verdict::Ok).into_response(
                    None,
                    reset,
                    shared.clock.signature_secs(0),
                ),
            );
        }
        _ => {}
    }
    shared.requests_seen.fetch_add(1, Ordering::Relaxed);
    let (parts, body) = req.into_parts();
    let mut draft = Draft::new(&parts);
    let body = Limited::new(body, MAX_BODY)
        .collect()
        .await
        .map(|collected| collected.to_bytes())
        .map_err(|_| {
            Failure::invalid("The request body could not be read, or is larger than 10 MB.")
        });
    let request_id = random::request_id();
    let fault = shared.faults.pick(draft.action.as_deref());

    let answer = match fault {
        Some(FaultKind::Close) => {
            commit(
                shared,
                draft,
                &request_id,
                Verdict::NoAnswer,
                None,
                fault,
                Duration::ZERO,
            );
            return Err(NoAnswer);
        }
        Some(FaultKind::BadGateway) => Answer::html_error(StatusCode::BAD_GATEWAY),
        Some(FaultKind::ServiceUnavailable) => Answer::html_error(StatusCode::SERVICE_UNAVAILABLE),
        Some(FaultKind::InternalError) => api_answer(
            StatusCode::OK,
            Err(Failure::new(
                codes::INTERNAL_ERROR,
                "An internal error occurred; try again later.",
            )),
            &request_id,
        ),
        Some(FaultKind::RequestLimitExceeded) => api_answer(
            StatusCode::OK,
            Err(Failure::new(
                codes::REQUEST_LIMIT_EXCEEDED,
                "The request rate exceeds the frequency limit of this action; reduce the rate of calls.",
            )),
            &request_id,
        ),
        Some(FaultKind::ClockSkew(skew)) => process(
            shared,
            registry,
            &parts,
            body,
            skew,
            &request_id,
            &mut draft,
        ),
        _ => process(shared, registry, &parts, body, 0, &request_id, &mut draft),
    };

    let delay = match fault {
        Some(FaultKind::Latency(delay)) => delay,
        _ => Duration::ZERO,
    };
    let skew = match fault {
        Some(FaultKind::ClockSkew(skew)) => skew,
        _ => 0,
    };
    let status = Some(answer.status.as_u16());
    let verdict = answer.verdict.clone();
    commit(shared, draft, &request_id, verdict, status, fault, delay);
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    // The server's time as `Date`: with a skewed clock, the skewed time.
    Ok(answer.into_response(fault, reset, shared.clock.signature_secs(skew)))
}

/// Records a request (and logs it when asked to).
fn commit(
    shared: &Shared,
    draft: Draft,
    request_id: &str,
    verdict: Verdict,
    status: Option<u16>,
    fault: Option<FaultKind>,
    delay: Duration,
) {
    let record = shared.records.push(RequestRecord {
        seq: 0,
        request_id: request_id.to_owned(),
        received_at: draft.received_at,
        method: draft.method,
        path: draft.path,
        action: draft.action,
        service: draft.service,
        version: draft.version,
        secret_id: draft.secret_id,
        region: draft.region,
        signed_headers: draft.signed_headers,
        verdict,
        status,
        fault,
        processed: draft.processed,
        elapsed: draft.started.elapsed() + delay,
    });
    if shared.log_requests {
        eprintln!("{}", record.log_line());
    }
}

/// The envelope of an API answer.
fn api_answer(
    status: StatusCode,
    outcome: Result<Map<String, Value>, Failure>,
    request_id: &str,
) -> Answer {
    match outcome {
        Ok(fields) => Answer::json(status, &envelope::success(fields, request_id), Verdict::Ok),
        Err(failure) => {
            let verdict = Verdict::Error(failure.code.clone().into_owned());
            Answer::json(status, &envelope::error(&failure, request_id), verdict)
        }
    }
}

/// Answers a request that no fault replaced: metadata, an API call, or 404.
fn process(
    shared: &Shared,
    registry: &Registry,
    parts: &Parts,
    body: Result<Bytes, Failure>,
    skew: i64,
    request_id: &str,
    draft: &mut Draft,
) -> Answer {
    let path = parts.uri.path();
    if path.starts_with(metadata::PREFIX) {
        let (answer, issued) = metadata::answer(
            shared,
            &parts.method,
            path,
            shared.clock.service_ms(skew).div_euclid(1000),
        );
        draft.processed = issued;
        return answer;
    }
    if path != "/" {
        return api_answer(
            StatusCode::NOT_FOUND,
            Err(Failure::new(
                codes::RESOURCE_NOT_FOUND,
                format!("Tencent Cloud API 3.0 is served at `/`; `{path}` does not exist."),
            )),
            request_id,
        );
    }
    let outcome = call(shared, registry, parts, body, skew, draft);
    api_answer(StatusCode::OK, outcome, request_id)
}

/// Verifies, routes, throttles and runs one API call.
fn call(
    shared: &Shared,
    registry: &Registry,
    parts: &Parts,
    body: Result<Bytes, Failure>,
    skew: i64,
    draft: &mut Draft,
) -> Result<Map<String, Value>, Failure> {
    if parts.method != Method::POST && parts.method != Method::GET {
        return Err(Failure::new(
            codes::UNSUPPORTED_PROTOCOL,
            format!(
                "The HTTP method {} is not supported; use POST or GET.",
                parts.method
            ),
        ));
    }
    let body = body?;
    let now_ms = shared.clock.service_ms(skew);
    let clocks = Now {
        signature: shared.clock.signature_secs(skew),
        service: now_ms.div_euclid(1000),
    };
    let query = parts.uri.query().unwrap_or("");
    let action = draft.action.as_deref();
    let action_service = action.and_then(|a| registry.service_of(a));
    // A handler's action may have namesakes in other services of the spec index: a request
    // signed for one of those is for it.
    #[cfg(feature = "spec")]
    let action_service = action_service.filter(|owner| {
        let signed_for = crate::verify::claimed_service(&parts.headers);
        !signed_for.is_some_and(|signed_for| {
            signed_for != *owner
                && crate::spec_actions::has_action(
                    &signed_for,
                    draft.version.as_deref().unwrap_or_default(),
                    action.unwrap_or_default(),
                )
        })
    });

    let (secret_id, scope_service) = if action.is_some_and(|a| registry.is_unsigned(a)) {
        (String::new(), None)
    } else {
        let received = Received {
            method: parts.method.as_str(),
            query,
            headers: &parts.headers,
            body: &body,
        };
        let verified = verify(&received, &shared.credentials, action_service, clocks)?;
        (verified.secret_id, Some(verified.service))
    };

    let service = action_service
        .or(scope_service.as_deref())
        .unwrap_or_default()
        .to_owned();
    draft.service = Some(service.clone());
    let spec = registry.resolve(action, draft.version.as_deref(), &service)?;
    shared
        .limiter
        .admit(&secret_id, &service, &spec.name, spec.rate_limit, now_ms)
        .map_err(|throttled| {
            Failure::new(
                codes::REQUEST_LIMIT_EXCEEDED,
                format!(
                    "The request rate of {} exceeds its limit of {} requests per second for this SecretId; reduce the rate of calls.",
                    spec.name, throttled.limit
                ),
            )
        })?;
    check_region(&spec, draft.region.as_deref())?;

    let from_query = parts.method == Method::GET;
    let params = if from_query {
        params::from_query(query)?
    } else {
        let content_type = header(&parts.headers, "content-type").unwrap_or_default();
        let media_type = content_type.split(';').next().unwrap_or_default().trim();
        if !media_type.eq_ignore_ascii_case("application/json") {
            return Err(Failure::invalid(format!(
                "A POST request carries its parameters as JSON: Content-Type must be application/json, not `{content_type}`."
            )));
        }
        params::from_json_body(&body)?
    };
    let call = Call::new(shared, &params, from_query, clocks.service);
    let outcome = (spec.handler)(&call);
    draft.processed = call.processed();
    outcome
}

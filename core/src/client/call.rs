//! One call: pacing, attempts, retries with backoff, clock-skew correction, credential refresh,
//! and the HTTP exchange of each attempt.

use std::sync::atomic::Ordering;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use tracing::Instrument;

use super::retry::{Disposition, classify};
use super::{Call, Client, Params, PreparedRequest};
use crate::{Error, HttpMethod, Response, ResponseError, ResponseErrorKind, TransportKind};

/// The status, the server's `Date` (Unix seconds) and the body of one HTTP exchange.
struct Exchange {
    status: u16,
    server_time: Option<i64>,
    body: Vec<u8>,
}

impl Client {
    /// Sends a call until it succeeds, fails for good, or runs out of attempts or time, in a
    /// `tencent_action.call` tracing span (service, action, region, attempts, RequestId,
    /// latency; never a credential, header value or body).
    pub(super) async fn execute<T>(
        &self,
        call: &Call<'_>,
        params: &Params,
        parse: impl Fn(u16, &[u8]) -> Result<Response<T>, Error>,
    ) -> Result<Response<T>, Error> {
        let span = tracing::debug_span!(
            "tencent_action.call",
            service = call.service,
            action = call.action,
            region = self.inner.region.as_deref().unwrap_or(""),
            attempts = tracing::field::Empty,
            request_id = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let result = self
            .attempts(call, params, parse)
            .instrument(span.clone())
            .await;
        span.record("latency_ms", started.elapsed().as_millis() as u64);
        match &result {
            Ok(response) => {
                span.record("request_id", response.request_id());
                span.in_scope(|| tracing::debug!("call succeeded"));
            }
            Err(error) => {
                if let Some(id) = error.request_id() {
                    span.record("request_id", id);
                }
                span.in_scope(|| tracing::debug!(error = %error, "call failed"));
            }
        }
        result
    }

    async fn attempts<T>(
        &self,
        call: &Call<'_>,
        params: &Params,
        parse: impl Fn(u16, &[u8]) -> Result<Response<T>, Error>,
    ) -> Result<Response<T>, Error> {
        let policy = self.retry;
        let deadline = Instant::now() + policy.call_deadline();
        let mut attempt: u32 = 0;
        let mut retries: u32 = 0;
        let mut clock_fixed = false;
        let mut refreshed = false;
        loop {
            attempt += 1;
            tracing::Span::current().record("attempts", attempt);
            tracing::trace!(attempt, "sending");
            let outcome = tokio::time::timeout_at(deadline.into(), async {
                self.inner.pacer.wait(call.action, call.rate_limit).await;
                let credential = self.credential().await?;
                let prepared = self.sign_call(call, params, credential.as_deref())?;
                self.transmit(call.action, prepared).await
            })
            .await;
            let exchange = match outcome {
                Err(_elapsed) => return Err(deadline_exceeded(call, attempt)),
                Ok(Err(error)) => Err((error, None)),
                Ok(Ok(exchange)) => Ok(exchange),
            };
            let (error, server_time) = match exchange {
                Ok(exchange) => match parse(exchange.status, &exchange.body) {
                    Ok(value) => return Ok(value),
                    Err(error) => (error, exchange.server_time),
                },
                Err(failed) => failed,
            };
            let disposition = classify(&error, call.idempotent);
            tracing::debug!(attempt, error = %error, ?disposition, "attempt failed");
            match disposition {
                Disposition::FixClock if !clock_fixed => {
                    clock_fixed = true;
                    let Some(server) = server_time else {
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
                    let wait = policy.backoff(retries, random_u64());
                    if Instant::now() + wait >= deadline {
                        return Err(error);
                    }
                    tokio::time::sleep(wait).await;
                }
                Disposition::UnsafeToRetry => return Err(not_retried(error, call)),
                _ => return Err(error),
            }
        }
    }

    /// Sends one prepared request; returns the status, the server time and the body, whose
    /// size is bounded by the client's limit.
    async fn transmit(&self, action: &str, prepared: PreparedRequest) -> Result<Exchange, Error> {
        let inner = &*self.inner;
        let PreparedRequest {
            method,
            target,
            url_with_query,
            signed,
            body,
        } = prepared;
        // What was being done, for errors only: formatted when one happens.
        let what = || format!("{} {} ({action})", method.as_str(), target.endpoint.url());
        let http_method = match method {
            HttpMethod::Post => reqwest::Method::POST,
            HttpMethod::Get => reqwest::Method::GET,
        };
        let (text, spans) = signed.into_shared_headers();
        let mut headers = reqwest::header::HeaderMap::with_capacity(spans.len() + 1);
        for (name, span) in spans {
            // Each value is a slice of the one buffer the signer wrote: no copy per header.
            let value =
                reqwest::header::HeaderValue::from_maybe_shared(text.slice(span)).map_err(|e| {
                    Error::Transport {
                        what: what(),
                        kind: TransportKind::Other,
                        source: format!("header {name} is not a valid header value: {e}").into(),
                    }
                })?;
            let name = header_name(name).map_err(|e| Error::Transport {
                what: what(),
                kind: TransportKind::Other,
                source: Box::new(e),
            })?;
            headers.insert(name, value);
        }
        if let Ok(client) = reqwest::header::HeaderValue::from_str(&inner.request_client) {
            headers.insert(
                reqwest::header::HeaderName::from_static("x-tc-requestclient"),
                client,
            );
        }
        let url = match url_with_query {
            // The query exactly as signed; parsing keeps an already-encoded query unchanged.
            Some(url) => reqwest::Url::parse(&url).map_err(|e| Error::Transport {
                what: what(),
                kind: TransportKind::Other,
                source: Box::new(e),
            })?,
            None => target.url.clone(),
        };
        let mut request = inner.http.request(http_method, url).headers(headers);
        if method == HttpMethod::Post {
            request = request.body(body);
        }
        let transport = |source: reqwest::Error| Error::Transport {
            what: what(),
            kind: transport_kind(&source),
            // The URL may carry GET parameters; `what` names the endpoint instead.
            source: Box::new(source.without_url()),
        };
        let mut response = request.send().await.map_err(transport)?;
        let status = response.status().as_u16();
        let server_time = response
            .headers()
            .get(reqwest::header::DATE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| httpdate::parse_http_date(v).ok())
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map(|d| d.as_secs() as i64);
        let mut received = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(transport)? {
            if received.len() + chunk.len() > inner.max_response_bytes {
                return Err(ResponseError::new(
                    status,
                    ResponseErrorKind::TooLarge,
                    format!(
                        "the body exceeds the {} byte limit",
                        inner.max_response_bytes
                    ),
                    &String::from_utf8_lossy(&received),
                )
                .into());
            }
            received.extend_from_slice(&chunk);
        }
        Ok(Exchange {
            status,
            server_time,
            body: received,
        })
    }
}

/// The header names the signer emits, as parsed constants.
fn header_name(
    name: &'static str,
) -> Result<reqwest::header::HeaderName, reqwest::header::InvalidHeaderName> {
    use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderName};
    Ok(match name {
        "Authorization" => AUTHORIZATION,
        "Content-Type" => CONTENT_TYPE,
        "X-TC-Action" => HeaderName::from_static("x-tc-action"),
        "X-TC-Timestamp" => HeaderName::from_static("x-tc-timestamp"),
        "X-TC-Version" => HeaderName::from_static("x-tc-version"),
        "X-TC-Region" => HeaderName::from_static("x-tc-region"),
        "X-TC-Language" => HeaderName::from_static("x-tc-language"),
        "X-TC-Token" => HeaderName::from_static("x-tc-token"),
        "X-TC-Content-SHA256" => HeaderName::from_static("x-tc-content-sha256"),
        other => HeaderName::from_bytes(other.as_bytes())?,
    })
}

/// Classifies a reqwest failure by the stage it happened at.
fn transport_kind(err: &reqwest::Error) -> TransportKind {
    if err.is_timeout() {
        TransportKind::Timeout
    } else if err.is_connect() {
        TransportKind::Connect
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

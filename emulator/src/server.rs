//! The HTTP side: one handler for every request, the request counter and the stats page.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header::CONTENT_TYPE, request::Parts};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use crate::envelope::{self, Failure, code};
use crate::trtc::Trtc;
use crate::usersig::TrtcApp;
use crate::verify::{Received, header, verify};
use crate::{catalog, params, random};

/// The path of the request counter, `{"requests_seen": N}`; requests to it are not counted.
pub(crate) const STATS_PATH: &str = "/__emulator/stats";

/// The largest request body accepted, as the service allows for POST.
const MAX_BODY: usize = 10 * 1024 * 1024;

/// State shared by all requests.
#[derive(Debug)]
pub(crate) struct Shared {
    /// SecretId to SecretKey.
    pub credentials: HashMap<String, String>,
    pub trtc: Trtc,
    pub requests_seen: AtomicU64,
    /// Whether to print one line per request on stderr.
    pub log_requests: bool,
}

impl Shared {
    pub fn new(credentials: HashMap<String, String>, app: TrtcApp, log_requests: bool) -> Self {
        Shared {
            credentials,
            trtc: Trtc::new(app),
            requests_seen: AtomicU64::new(0),
            log_requests,
        }
    }

    #[cfg(test)]
    pub fn for_tests(app: TrtcApp) -> Self {
        Shared::new(HashMap::new(), app, false)
    }

    pub fn requests_seen(&self) -> u64 {
        self.requests_seen.load(Ordering::Relaxed)
    }
}

/// The application: every path goes to [`handle`].
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new().fallback(handle).with_state(shared)
}

async fn handle(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    if req.uri().path() == STATS_PATH {
        return json_response(
            StatusCode::OK,
            &json!({ "requests_seen": shared.requests_seen() }),
        );
    }
    shared.requests_seen.fetch_add(1, Ordering::Relaxed);
    let request_id = random::request_id();
    let (parts, body) = req.into_parts();
    let (status, outcome) = if parts.uri.path() == "/" {
        (StatusCode::OK, call(&shared, &parts, body).await)
    } else {
        (
            StatusCode::NOT_FOUND,
            Err(Failure::new(
                code::RESOURCE_NOT_FOUND,
                format!(
                    "Tencent Cloud API 3.0 is served at `/`; `{}` does not exist.",
                    parts.uri.path()
                ),
            )),
        )
    };
    if shared.log_requests {
        let action = header(&parts.headers, "x-tc-action").unwrap_or_default();
        let result = match &outcome {
            Ok(_) => "ok",
            Err(failure) => failure.code,
        };
        eprintln!(
            "{} {} {action} -> {result} ({request_id})",
            parts.method, parts.uri
        );
    }
    let body = match outcome {
        Ok(fields) => envelope::success(fields, &request_id),
        Err(failure) => envelope::error(&failure, &request_id),
    };
    json_response(status, &body)
}

/// Verifies, routes and runs one API call.
async fn call(shared: &Shared, parts: &Parts, body: Body) -> Result<Map<String, Value>, Failure> {
    if parts.method != Method::POST && parts.method != Method::GET {
        return Err(Failure::new(
            code::UNSUPPORTED_PROTOCOL,
            format!(
                "The HTTP method {} is not supported; use POST or GET.",
                parts.method
            ),
        ));
    }
    let body = axum::body::to_bytes(body, MAX_BODY).await.map_err(|_| {
        Failure::invalid("The request body could not be read, or is larger than 10 MB.")
    })?;
    let now = unix_now();
    let query = parts.uri.query().unwrap_or("");
    let action = header(&parts.headers, "x-tc-action");
    let action = action.as_deref().map(str::trim);
    let action_service = action.and_then(catalog::service_of);

    let received = Received {
        method: parts.method.as_str(),
        query,
        headers: &parts.headers,
        body: &body,
    };
    let verified = verify(&received, &shared.credentials, action_service, now)?;

    let version = header(&parts.headers, "x-tc-version");
    let service = action_service.unwrap_or(&verified.service);
    let spec = catalog::resolve(action, version.as_deref().map(str::trim), service)?;
    let region = header(&parts.headers, "x-tc-region");
    catalog::check_region(spec, region.as_deref().map(str::trim))?;

    let params = if parts.method == Method::GET {
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
    (spec.handler)(shared, &params, now)
}

/// A JSON answer. The content type is exactly `application/json`, as the service sends it:
/// the official SDKs look for error envelopes only under that type (or `text/plain`).
fn json_response(status: StatusCode, body: &Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// The server clock, Unix seconds.
fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or_default()
}

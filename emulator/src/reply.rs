//! Answers and how they are delivered: whole, or damaged by a fault (cut short, reset, padded,
//! garbled).

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http::header::{CONTENT_LENGTH, CONTENT_TYPE, DATE, HeaderValue};
use http::{Response, StatusCode};
use http_body::{Body, Frame, SizeHint};
use serde_json::Value;
use tokio::time::Sleep;

use crate::clock::http_date;
use crate::faults::FaultKind;
use crate::records::Verdict;

/// How long a broken body waits, after its first part, before the connection breaks: time for
/// the client to read the headers and that part.
const BREAK_AFTER: Duration = Duration::from_millis(100);

/// The size of the padding chunks of oversized bodies.
const PAD_CHUNK: usize = 64 * 1024;

/// An answer, before delivery.
#[derive(Debug, Clone)]
pub(crate) struct Answer {
    pub status: StatusCode,
    pub content_type: &'static str,
    pub body: Bytes,
    pub verdict: Verdict,
}

impl Answer {
    /// JSON, typed exactly `application/json` as the service sends it: the official SDKs look
    /// for error envelopes only under that type (or `text/plain`).
    pub(crate) fn json(status: StatusCode, body: &Value, verdict: Verdict) -> Self {
        Answer {
            status,
            content_type: "application/json",
            body: Bytes::from(body.to_string()),
            verdict,
        }
    }

    pub(crate) fn text(status: StatusCode, text: &str, verdict: Verdict) -> Self {
        Answer {
            status,
            content_type: "text/plain; charset=utf-8",
            body: Bytes::from(text.to_owned()),
            verdict,
        }
    }

    /// A gateway's HTML error page.
    pub(crate) fn html_error(status: StatusCode) -> Self {
        let title = format!(
            "{} {}",
            status.as_u16(),
            status.canonical_reason().unwrap_or("Error")
        );
        let page = format!(
            "<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n<hr><center>tencent-action-emulator</center>\r\n</body>\r\n</html>\r\n"
        );
        Answer {
            status,
            content_type: "text/html",
            body: Bytes::from(page),
            verdict: Verdict::HttpStatus(status.as_u16()),
        }
    }

    /// The HTTP response, damaged as `fault` says for the faults that act on delivery.
    /// `reset` is the connection's reset-on-close switch; `now` (Unix seconds, the server's
    /// clock) is sent as `Date`, from which clients may correct their clock.
    pub(crate) fn into_response(
        self,
        fault: Option<FaultKind>,
        reset: &Arc<AtomicBool>,
        now: i64,
    ) -> Response<ReplyBody> {
        let full_len = self.body.len() as u64;
        let (body, length) = match fault {
            Some(FaultKind::MalformedJson) => {
                let garbled = garble(&self.body);
                let len = garbled.len() as u64;
                (ReplyBody::Full(Some(garbled)), len)
            }
            Some(FaultKind::Truncated) => (ReplyBody::broken(&self.body, None), full_len),
            Some(FaultKind::Reset) => (
                ReplyBody::broken(&self.body, Some(Arc::clone(reset))),
                full_len,
            ),
            Some(FaultKind::Oversize(size)) => {
                let padding = size.saturating_sub(full_len);
                (
                    ReplyBody::Padded {
                        head: Some(self.body),
                        remaining: padding,
                    },
                    full_len.saturating_add(padding),
                )
            }
            _ => (ReplyBody::Full(Some(self.body)), full_len),
        };
        let mut response = Response::new(body);
        *response.status_mut() = self.status;
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(self.content_type));
        headers.insert(CONTENT_LENGTH, HeaderValue::from(length));
        if let Ok(date) = HeaderValue::from_str(&http_date(now)) {
            headers.insert(DATE, date);
        }
        response
    }
}

/// The first half of a JSON text and something that cannot continue it.
fn garble(body: &[u8]) -> Bytes {
    let mut out = body[..body.len() / 2].to_vec();
    out.extend_from_slice(b"\x00<!-- malformed -->");
    Bytes::from(out)
}

/// One chunk of [`PAD_CHUNK`] spaces for every padded body, made when first needed rather
/// than kept in the binary.
static SPACES: std::sync::LazyLock<Bytes> =
    std::sync::LazyLock::new(|| Bytes::from(vec![b' '; PAD_CHUNK]));

/// A response body, possibly damaged.
#[derive(Debug)]
pub(crate) enum ReplyBody {
    /// The whole body.
    Full(Option<Bytes>),
    /// The body, then whitespace: `remaining` bytes of it, sent as slices of [`SPACES`].
    Padded { head: Option<Bytes>, remaining: u64 },
    /// The first part of the body, a pause, then an error that makes the server drop the
    /// connection (with a reset when the switch is given).
    Broken {
        head: Option<Bytes>,
        pause: Pin<Box<Sleep>>,
        reset: Option<Arc<AtomicBool>>,
    },
}

impl ReplyBody {
    fn broken(body: &Bytes, reset: Option<Arc<AtomicBool>>) -> Self {
        let half = body.slice(..body.len() / 2);
        ReplyBody::Broken {
            head: (!half.is_empty()).then_some(half),
            pause: Box::pin(tokio::time::sleep(BREAK_AFTER)),
            reset,
        }
    }
}

impl Body for ReplyBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        match self.get_mut() {
            ReplyBody::Full(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            ReplyBody::Padded { head, remaining } => {
                if let Some(head) = head.take() {
                    return Poll::Ready(Some(Ok(Frame::data(head))));
                }
                if *remaining == 0 {
                    return Poll::Ready(None);
                }
                let n = usize::try_from(*remaining)
                    .unwrap_or(usize::MAX)
                    .min(PAD_CHUNK);
                *remaining -= n as u64;
                Poll::Ready(Some(Ok(Frame::data(SPACES.slice(..n)))))
            }
            ReplyBody::Broken { head, pause, reset } => {
                if let Some(head) = head.take() {
                    return Poll::Ready(Some(Ok(Frame::data(head))));
                }
                if pause.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
                if let Some(reset) = reset {
                    reset.store(true, Ordering::Relaxed);
                }
                Poll::Ready(Some(Err(std::io::Error::other(
                    "the body is cut short on purpose (fault)",
                ))))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, ReplyBody::Full(None))
            || matches!(
                self,
                ReplyBody::Padded {
                    head: None,
                    remaining: 0,
                    ..
                }
            )
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            ReplyBody::Full(bytes) => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
            ReplyBody::Padded {
                head, remaining, ..
            } => SizeHint::with_exact(
                head.as_ref()
                    .map_or(0, |b| b.len() as u64)
                    .saturating_add(*remaining),
            ),
            ReplyBody::Broken { .. } => SizeHint::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use http_body_util::BodyExt;

    use super::*;

    fn answer() -> Answer {
        Answer::json(
            StatusCode::OK,
            &serde_json::json!({"Response": {"RequestId": "r"}}),
            Verdict::Ok,
        )
    }

    #[tokio::test]
    async fn whole_padded_and_garbled_bodies() {
        let reset = Arc::new(AtomicBool::new(false));
        let whole = answer().into_response(None, &reset, 1_700_000_000);
        assert_eq!(whole.headers()[CONTENT_TYPE], "application/json");
        assert_eq!(whole.headers()[DATE], "Tue, 14 Nov 2023 22:13:20 GMT");
        let bytes = whole.into_body().collect().await.unwrap().to_bytes();
        assert_eq!(bytes.as_ref(), br#"{"Response":{"RequestId":"r"}}"#);

        let padded = answer().into_response(Some(FaultKind::Oversize(200_000)), &reset, 0);
        assert_eq!(padded.headers()[CONTENT_LENGTH], "200000");
        let bytes = padded.into_body().collect().await.unwrap().to_bytes();
        assert_eq!(bytes.len(), 200_000);
        let parsed: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(parsed["Response"]["RequestId"], "r");

        let garbled = answer().into_response(Some(FaultKind::MalformedJson), &reset, 0);
        let bytes = garbled.into_body().collect().await.unwrap().to_bytes();
        assert!(serde_json::from_slice::<Value>(&bytes).is_err());
    }

    #[tokio::test]
    async fn broken_bodies_send_half_then_fail_and_may_reset() {
        let reset = Arc::new(AtomicBool::new(false));
        let truncated = answer().into_response(Some(FaultKind::Truncated), &reset, 0);
        assert_eq!(truncated.headers()[CONTENT_LENGTH], "30");
        let mut body = truncated.into_body();
        let first = body.frame().await.unwrap().unwrap().into_data().unwrap();
        assert_eq!(first.len(), 15);
        assert!(body.frame().await.unwrap().is_err());
        assert!(!reset.load(Ordering::Relaxed));

        let mut body = answer()
            .into_response(Some(FaultKind::Reset), &reset, 0)
            .into_body();
        body.frame().await.unwrap().unwrap();
        assert!(body.frame().await.unwrap().is_err());
        assert!(reset.load(Ordering::Relaxed));
    }

    #[test]
    fn gateway_pages_are_html() {
        let page = Answer::html_error(StatusCode::BAD_GATEWAY);
        assert_eq!(page.verdict, Verdict::HttpStatus(502));
        assert_eq!(page.content_type, "text/html");
        assert!(String::from_utf8_lossy(&page.body).contains("<title>502 Bad Gateway</title>"));
    }
}

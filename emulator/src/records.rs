//! The request log: one [`RequestRecord`] per request that reached the emulator (except its own
//! `/__emulator/` pages), with what was asked, what was answered, which fault was injected and
//! whether the action's handler ran.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use serde::Serialize;
use serde_json::{Value, json};

use crate::clock::iso8601_ms;
use crate::faults::FaultKind;

/// How many records are kept; older ones are dropped.
pub const MAX_RECORDS: usize = 10_000;

/// The most bytes a record keeps of each string taken from a request (method, path,
/// `X-TC-Action`, `X-TC-Version`, `X-TC-Region`, the service, the SecretId and each
/// `SignedHeaders` name); a longer one is cut at a character boundary. However large the
/// headers of a request, its record stays small.
///
/// ```
/// use serde_json::json;
/// use tencent_action_core::RetryPolicy;
/// use tencent_action_emulator::{Emulator, MAX_RECORD_BYTES, MAX_RECORD_TEXT};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let emulator = Emulator::builder()
///     .credential("AKIDEXAMPLE", "secret-key")
///     .start("127.0.0.1:0")
///     .await?;
/// let client = emulator.client_builder().retry(RetryPolicy::none()).build()?;
/// let long = "Describe".repeat(40);
/// let _unknown = client.call_json("cvm", "2017-03-12", &long, json!({})).await;
/// let record = emulator.records().pop().expect("one request");
/// assert_eq!(record.action.as_deref().map(str::len), Some(MAX_RECORD_TEXT));
/// assert!(record.text_bytes() <= MAX_RECORD_BYTES);
/// # Ok(())
/// # }
/// ```
pub const MAX_RECORD_TEXT: usize = 128;

/// The most `SignedHeaders` names a record keeps.
pub const MAX_RECORD_SIGNED_HEADERS: usize = 16;

/// The most bytes of text one record holds ([`RequestRecord::text_bytes`]): seven strings and
/// the signed-header names of at most [`MAX_RECORD_TEXT`] bytes each, and the RequestId the
/// emulator made (a UUID); [`MAX_RECORD_TEXT`] shows it checked. With [`MAX_RECORDS`] records,
/// the log holds at most `MAX_RECORDS * (MAX_RECORD_BYTES + size_of::<RequestRecord>())` bytes
/// of records, about 36 MB, plus what the allocator adds per string.
pub const MAX_RECORD_BYTES: usize = (7 + MAX_RECORD_SIGNED_HEADERS) * MAX_RECORD_TEXT + 36;

/// Cuts `text` to at most [`MAX_RECORD_TEXT`] bytes, at a character boundary.
fn bound(text: &mut String) {
    if text.len() > MAX_RECORD_TEXT {
        let mut end = MAX_RECORD_TEXT;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
}

/// What the emulator answered.
///
/// ```
/// use tencent_action_emulator::Verdict;
/// assert_eq!(Verdict::Ok.to_string(), "OK");
/// assert_eq!(Verdict::Error("RequestLimitExceeded".into()).code(), Some("RequestLimitExceeded"));
/// assert_eq!(Verdict::HttpStatus(502).to_string(), "HTTP 502");
/// assert_eq!(Verdict::NoAnswer.to_string(), "no answer");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Verdict {
    /// A successful answer.
    Ok,
    /// An API error envelope with this code.
    Error(String),
    /// An HTTP error status without an API envelope (502, 503 faults; unknown metadata paths).
    HttpStatus(u16),
    /// The connection was closed without an answer.
    NoAnswer,
}

impl Verdict {
    /// The API error code, for [`Verdict::Error`].
    ///
    /// ```
    /// assert_eq!(tencent_action_emulator::Verdict::Ok.code(), None);
    /// ```
    pub fn code(&self) -> Option<&str> {
        match self {
            Verdict::Error(code) => Some(code),
            _ => None,
        }
    }

    /// Whether the answer was a success.
    ///
    /// ```
    /// assert!(tencent_action_emulator::Verdict::Ok.is_ok());
    /// ```
    pub fn is_ok(&self) -> bool {
        matches!(self, Verdict::Ok)
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verdict::Ok => f.write_str("OK"),
            Verdict::Error(code) => f.write_str(code),
            Verdict::HttpStatus(status) => write!(f, "HTTP {status}"),
            Verdict::NoAnswer => f.write_str("no answer"),
        }
    }
}

impl Serialize for Verdict {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// One request as the emulator saw and answered it. Secrets (keys, tokens) are never recorded.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let emulator = tencent_action_emulator::Emulator::builder().start("127.0.0.1:0").await?;
/// for record in emulator.records() {
///     println!("{} {:?} {} processed={}", record.request_id, record.action, record.verdict, record.processed);
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct RequestRecord {
    /// Position in the log, from 1.
    pub seq: u64,
    /// The RequestId answered (also for faults that replaced the answer).
    pub request_id: String,
    /// When the request arrived (system clock).
    #[serde(serialize_with = "serialize_time")]
    pub received_at: SystemTime,
    /// HTTP method.
    pub method: String,
    /// Path, without the query.
    pub path: String,
    /// `X-TC-Action`, when sent.
    pub action: Option<String>,
    /// The service the request was for, once known.
    pub service: Option<String>,
    /// `X-TC-Version`, when sent.
    pub version: Option<String>,
    /// The SecretId in `Authorization`, when there is one (whether or not it verified).
    pub secret_id: Option<String>,
    /// `X-TC-Region`, when sent.
    pub region: Option<String>,
    /// The names in `SignedHeaders`.
    pub signed_headers: Vec<String>,
    /// What was answered.
    pub verdict: Verdict,
    /// The HTTP status sent; `None` when the connection was closed without an answer.
    pub status: Option<u16>,
    /// The fault injected, if any.
    #[serde(serialize_with = "serialize_fault")]
    pub fault: Option<FaultKind>,
    /// Whether the action's handler ran.
    pub processed: bool,
    /// From arrival until the answer was ready, injected latency included.
    #[serde(serialize_with = "serialize_ms", rename = "elapsed_ms")]
    pub elapsed: Duration,
}

fn serialize_time<S: serde::Serializer>(t: &SystemTime, s: S) -> Result<S::Ok, S::Error> {
    let ms = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or_default();
    s.collect_str(&iso8601_ms(ms))
}

fn serialize_fault<S: serde::Serializer>(f: &Option<FaultKind>, s: S) -> Result<S::Ok, S::Error> {
    match f {
        Some(kind) => s.collect_str(kind),
        None => s.serialize_none(),
    }
}

fn serialize_ms<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64() * 1000.0)
}

impl RequestRecord {
    /// The bytes of text this record holds: every string it keeps, the RequestId included; at
    /// most [`MAX_RECORD_BYTES`] for any request the emulator made the RequestId of.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// # let emulator = tencent_action_emulator::Emulator::builder().start("127.0.0.1:0").await?;
    /// let held: usize = emulator.records().iter().map(|r| r.text_bytes()).sum();
    /// assert!(held <= emulator.records().len() * tencent_action_emulator::MAX_RECORD_BYTES);
    /// # Ok(())
    /// # }
    /// ```
    pub fn text_bytes(&self) -> usize {
        let optional = [
            &self.action,
            &self.service,
            &self.version,
            &self.secret_id,
            &self.region,
        ];
        self.request_id.len()
            + self.method.len()
            + self.path.len()
            + optional
                .iter()
                .filter_map(|s| s.as_deref())
                .map(str::len)
                .sum::<usize>()
            + self.signed_headers.iter().map(String::len).sum::<usize>()
    }

    /// Cuts what came from the request to the bounds above.
    fn bound(&mut self) {
        bound(&mut self.method);
        bound(&mut self.path);
        for text in [
            &mut self.action,
            &mut self.service,
            &mut self.version,
            &mut self.secret_id,
            &mut self.region,
        ]
        .into_iter()
        .flatten()
        {
            bound(text);
        }
        self.signed_headers.truncate(MAX_RECORD_SIGNED_HEADERS);
        self.signed_headers.iter_mut().for_each(bound);
    }

    /// The line `--log` prints: time, action, SecretId, verdict, fault, latency.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// # let emulator = tencent_action_emulator::Emulator::builder().start("127.0.0.1:0").await?;
    /// for record in emulator.records() {
    ///     eprintln!("{}", record.log_line());
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn log_line(&self) -> String {
        let ms = self
            .received_at
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
            .unwrap_or_default();
        let what = match &self.action {
            Some(action) => action.clone(),
            None => format!("{} {}", self.method, self.path),
        };
        let fault = self.fault.map_or_else(|| "-".to_owned(), |f| f.to_string());
        format!(
            "{} {what} secret_id={} verdict={} fault={fault} processed={} {:.1}ms {}",
            iso8601_ms(ms),
            self.secret_id.as_deref().unwrap_or("-"),
            self.verdict,
            self.processed,
            self.elapsed.as_secs_f64() * 1000.0,
            self.request_id,
        )
    }
}

/// The log and the per-action count of handler runs.
#[derive(Debug, Default)]
pub(crate) struct Records {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    next_seq: u64,
    records: VecDeque<RequestRecord>,
    processed: HashMap<String, u64>,
}

impl Records {
    /// Appends a record (numbering it) and returns it.
    pub(crate) fn push(&self, mut record: RequestRecord) -> RequestRecord {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        inner.next_seq += 1;
        record.seq = inner.next_seq;
        // Counted under the whole name: a handler ran, so it is an action the emulator serves.
        if record.processed
            && let Some(action) = &record.action
        {
            *inner.processed.entry(action.clone()).or_default() += 1;
        }
        record.bound();
        if inner.records.len() >= MAX_RECORDS {
            inner.records.pop_front();
        }
        inner.records.push_back(record.clone());
        record
    }

    pub(crate) fn all(&self) -> Vec<RequestRecord> {
        let inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        inner.records.iter().cloned().collect()
    }

    /// The last `limit` records as the JSON of `GET /__emulator/requests`.
    pub(crate) fn recent_json(&self, limit: usize) -> Value {
        let inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let skip = inner.records.len().saturating_sub(limit);
        let recent: Vec<&RequestRecord> = inner.records.iter().skip(skip).collect();
        json!({ "requests": recent })
    }

    pub(crate) fn processed(&self, action: &str) -> u64 {
        let inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        inner.processed.get(action).copied().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(action: &str, processed: bool) -> RequestRecord {
        RequestRecord {
            seq: 0,
            request_id: "r".into(),
            received_at: SystemTime::UNIX_EPOCH + Duration::from_millis(1_700_000_000_123),
            method: "POST".into(),
            path: "/".into(),
            action: Some(action.into()),
            service: Some("cvm".into()),
            version: Some("2017-03-12".into()),
            secret_id: Some("AKID".into()),
            region: None,
            signed_headers: vec!["content-type".into(), "host".into()],
            verdict: Verdict::Error("InternalError".into()),
            status: Some(200),
            fault: Some(FaultKind::InternalError),
            processed,
            elapsed: Duration::from_micros(1500),
        }
    }

    #[test]
    fn numbers_counts_and_renders() {
        let records = Records::default();
        assert_eq!(records.push(record("A", true)).seq, 1);
        records.push(record("A", false));
        records.push(record("B", true));
        assert_eq!(records.processed("A"), 1);
        assert_eq!(records.processed("B"), 1);
        assert_eq!(records.processed("C"), 0);
        let json = records.recent_json(2);
        let list = json["requests"].as_array().unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0]["seq"], 2);
        assert_eq!(list[0]["verdict"], "InternalError");
        assert_eq!(list[0]["fault"], "internal");
        assert_eq!(list[0]["received_at"], "2023-11-14T22:13:20.123Z");
        assert_eq!(list[0]["elapsed_ms"], 1.5);
        let line = records.all()[0].log_line();
        assert_eq!(
            line,
            "2023-11-14T22:13:20.123Z A secret_id=AKID verdict=InternalError fault=internal processed=true 1.5ms r"
        );
    }

    #[test]
    fn bounds_what_it_keeps_of_a_request() {
        let records = Records::default();
        let mut big = record(&"A".repeat(100_000), true);
        // A multi-byte character across the cut.
        big.path = format!(
            "/{}é{}",
            "p".repeat(MAX_RECORD_TEXT - 2),
            "q".repeat(100_000)
        );
        big.version = Some("v".repeat(100_000));
        big.secret_id = Some("s".repeat(100_000));
        big.region = Some("r".repeat(100_000));
        big.service = Some("c".repeat(100_000));
        big.method = "M".repeat(100_000);
        big.signed_headers = vec!["h".repeat(1_000); 1_000];
        let kept = records.push(big);
        assert_eq!(kept.path, format!("/{}", "p".repeat(MAX_RECORD_TEXT - 2)));
        assert_eq!(kept.action.as_deref().map(str::len), Some(MAX_RECORD_TEXT));
        assert_eq!(kept.signed_headers.len(), MAX_RECORD_SIGNED_HEADERS);
        assert!(
            kept.text_bytes() <= MAX_RECORD_BYTES,
            "{}",
            kept.text_bytes()
        );
        assert!(records.all()[0].text_bytes() <= MAX_RECORD_BYTES);
        // Handler runs are counted under the whole name.
        assert_eq!(records.processed(&"A".repeat(100_000)), 1);
    }

    #[test]
    fn keeps_the_latest() {
        let records = Records::default();
        for _ in 0..MAX_RECORDS + 5 {
            records.push(record("A", true));
        }
        let all = records.all();
        assert_eq!(all.len(), MAX_RECORDS);
        assert_eq!(all[0].seq, 6);
        assert_eq!(records.processed("A"), (MAX_RECORDS + 5) as u64);
    }
}

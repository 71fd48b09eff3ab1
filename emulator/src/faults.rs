//! Faults on demand: [`Fault`], its syntax, and the faults in force.

use std::fmt;
use std::str::FromStr;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use crate::random;

/// The default size of an `oversize` answer: 64 MiB.
pub const DEFAULT_OVERSIZE: u64 = 64 * 1024 * 1024;

/// What goes wrong. See [`Fault`] for the syntax.
///
/// ```
/// use tencent_action_emulator::FaultKind;
/// assert!(FaultKind::Close.prevents_processing());
/// assert!(!FaultKind::Reset.prevents_processing());
/// assert_eq!("502".parse::<FaultKind>().unwrap(), FaultKind::BadGateway);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum FaultKind {
    /// The answer is delayed by this long (after processing).
    Latency(Duration),
    /// The connection is closed without an answer, before processing.
    Close,
    /// Headers and part of the body are sent, then the connection is reset (after processing).
    Reset,
    /// HTTP 502 with an HTML body, before processing.
    BadGateway,
    /// HTTP 503 with an HTML body, before processing.
    ServiceUnavailable,
    /// HTTP 200 with a body that is not JSON (after processing).
    MalformedJson,
    /// `Content-Length` larger than the bytes sent, then the connection is closed (after
    /// processing).
    Truncated,
    /// The answer padded with whitespace to this many bytes, streamed (after processing).
    Oversize(u64),
    /// The API error `InternalError`, before processing.
    InternalError,
    /// The API error `RequestLimitExceeded`, before processing.
    RequestLimitExceeded,
    /// The server's clock is off by this many seconds for the request.
    ClockSkew(i64),
}

impl FaultKind {
    /// Whether the request is answered without being processed: its handler does not run.
    /// Latency, reset, truncated, malformed and oversize answers are injected after the
    /// handler ran; a clock skew prevents processing when the signature then fails.
    ///
    /// ```
    /// use tencent_action_emulator::FaultKind;
    /// assert!(FaultKind::InternalError.prevents_processing());
    /// assert!(!FaultKind::Oversize(1024).prevents_processing());
    /// ```
    pub fn prevents_processing(&self) -> bool {
        matches!(
            self,
            FaultKind::Close
                | FaultKind::BadGateway
                | FaultKind::ServiceUnavailable
                | FaultKind::InternalError
                | FaultKind::RequestLimitExceeded
        )
    }
}

impl fmt::Display for FaultKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FaultKind::Latency(d) => write!(f, "latency:{}ms", d.as_millis()),
            FaultKind::Close => f.write_str("close"),
            FaultKind::Reset => f.write_str("reset"),
            FaultKind::BadGateway => f.write_str("502"),
            FaultKind::ServiceUnavailable => f.write_str("503"),
            FaultKind::MalformedJson => f.write_str("malformed"),
            FaultKind::Truncated => f.write_str("truncated"),
            FaultKind::Oversize(n) => write!(f, "oversize:{n}"),
            FaultKind::InternalError => f.write_str("internal"),
            FaultKind::RequestLimitExceeded => f.write_str("throttle"),
            FaultKind::ClockSkew(s) => write!(f, "skew:{s:+}"),
        }
    }
}

/// Why a fault specification could not be read.
///
/// ```
/// let err = "explode".parse::<tencent_action_emulator::Fault>().unwrap_err();
/// assert!(err.to_string().contains("explode"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultSyntaxError(String);

impl fmt::Display for FaultSyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FaultSyntaxError {}

fn syntax(message: impl Into<String>) -> FaultSyntaxError {
    FaultSyntaxError(message.into())
}

impl FromStr for FaultKind {
    type Err = FaultSyntaxError;

    /// Reads `KIND[:ARG]`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (name, arg) = match s.split_once(':') {
            Some((name, arg)) => (name, Some(arg)),
            None => (s, None),
        };
        let no_arg = |kind: FaultKind| match arg {
            None => Ok(kind),
            Some(_) => Err(syntax(format!("the fault `{name}` takes no argument"))),
        };
        match name {
            "latency" => {
                let arg = arg.ok_or_else(|| {
                    syntax("`latency` needs a duration, e.g. `latency:2s` or `latency:250ms`")
                })?;
                parse_duration(arg).map(FaultKind::Latency)
            }
            "close" => no_arg(FaultKind::Close),
            "reset" => no_arg(FaultKind::Reset),
            "502" => no_arg(FaultKind::BadGateway),
            "503" => no_arg(FaultKind::ServiceUnavailable),
            "malformed" => no_arg(FaultKind::MalformedJson),
            "truncated" => no_arg(FaultKind::Truncated),
            "oversize" => match arg {
                None => Ok(FaultKind::Oversize(DEFAULT_OVERSIZE)),
                Some(size) => parse_size(size).map(FaultKind::Oversize),
            },
            "internal" => no_arg(FaultKind::InternalError),
            "throttle" => no_arg(FaultKind::RequestLimitExceeded),
            "skew" => {
                let arg = arg.ok_or_else(|| {
                    syntax("`skew` needs a number of seconds, e.g. `skew:+600` or `skew:-600`")
                })?;
                let digits = arg.strip_suffix('s').unwrap_or(arg);
                let digits = digits.strip_prefix('+').unwrap_or(digits);
                digits
                    .parse::<i64>()
                    .map(FaultKind::ClockSkew)
                    .map_err(|_| {
                        syntax(format!(
                            "`{arg}` is not a number of seconds, e.g. `+600` or `-600`"
                        ))
                    })
            }
            other => Err(syntax(format!(
                "unknown fault `{other}`; one of latency:DURATION, close, reset, 502, 503, malformed, truncated, oversize[:SIZE], internal, throttle, skew:SECONDS"
            ))),
        }
    }
}

/// `250ms`, `2s`, `1.5s`, `1m`.
fn parse_duration(text: &str) -> Result<Duration, FaultSyntaxError> {
    let bad = || {
        syntax(format!(
            "`{text}` is not a duration; write it as e.g. `250ms`, `2s`, `1.5s` or `1m`"
        ))
    };
    let (number, unit_secs) = if let Some(n) = text.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix('m') {
        (n, 60.0)
    } else {
        return Err(bad());
    };
    let value: f64 = number.parse().map_err(|_| bad())?;
    Duration::try_from_secs_f64(value * unit_secs).map_err(|_| bad())
}

/// `5000`, `10KiB`, `64MiB`, `1GiB` (also `K`, `M`, `G`, `KB`, `MB`, `GB` as powers of 1024).
fn parse_size(text: &str) -> Result<u64, FaultSyntaxError> {
    let bad = || {
        syntax(format!(
            "`{text}` is not a size; write it as e.g. `5000`, `10KiB`, `64MiB` or `1GiB`"
        ))
    };
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number.parse().map_err(|_| bad())?;
    let factor: u64 = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => return Err(bad()),
    };
    number.checked_mul(factor).ok_or_else(bad)
}

/// Which of the matching requests a fault applies to.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Dose {
    Every,
    Next(u64),
    Percent(f64),
}

/// Faults on demand: the emulator misbehaves for chosen requests, the way networks, gateways
/// and overloaded services do, so clients can be tested against each failure.
///
/// A fault is a [`FaultKind`], optionally limited to one action, applied to every matching
/// request, to the next `N`, or to a share of them. Faults are checked in the order they were
/// added; the first that applies to a request is injected, and at most one per request.
///
/// # Syntax
///
/// `--fault` on the command line and [`Fault::from_str`](std::str::FromStr) read
/// `KIND[:ARG][@ACTION][xN|%P]`:
///
/// | `KIND[:ARG]` | effect | processed |
/// |---|---|---|
/// | `latency:DURATION` | answers after an extra delay (`250ms`, `2s`, `1.5s`, `1m`) | yes |
/// | `close` | closes the connection without answering | no |
/// | `reset` | sends the headers and part of the body, then resets the connection (RST) | yes |
/// | `502`, `503` | HTTP 502 Bad Gateway / 503 Service Unavailable with an HTML body | no |
/// | `malformed` | HTTP 200 whose body is not valid JSON | yes |
/// | `truncated` | `Content-Length` larger than what is sent, then the connection is closed | yes |
/// | `oversize[:SIZE]` | the answer padded to SIZE bytes (default `64MiB`; `10KiB`, `1GiB`, `5000`), streamed | yes |
/// | `internal` | API error `InternalError` | no |
/// | `throttle` | API error `RequestLimitExceeded` | no |
/// | `skew:SECONDS` | the server's clock is off by ±SECONDS for the request (`skew:-600`): beyond 300 s, `AuthFailure.SignatureExpire` | if the signature still verifies |
///
/// `@ACTION` limits the fault to requests whose `X-TC-Action` is ACTION. `xN` applies it to the
/// next N matching requests, then it is spent; `%P` to a random P percent of them (`%12.5`);
/// without either it applies to every matching request. A trailing `x` followed by digits is
/// always read as the count.
///
/// ```
/// use std::time::Duration;
/// use tencent_action_emulator::{Fault, FaultKind};
///
/// let fault: Fault = "503@CreateTRTCSignaturesWithRoomIdx2".parse().unwrap();
/// assert_eq!(fault, Fault::new(FaultKind::ServiceUnavailable).action("CreateTRTCSignaturesWithRoomId").times(2));
/// let slow: Fault = "latency:1.5s%25".parse().unwrap();
/// assert_eq!(slow.kind(), &FaultKind::Latency(Duration::from_millis(1500)));
/// assert_eq!(slow.to_string(), "latency:1500ms%25");
/// ```
///
/// Built in code:
///
/// ```
/// use std::time::Duration;
/// use tencent_action_emulator::{Fault, FaultKind};
/// let every_other = Fault::new(FaultKind::Latency(Duration::from_secs(2))).percent(50.0);
/// let once = Fault::new(FaultKind::Close).action("DescribeZones").times(1);
/// assert_eq!(once.to_string(), "close@DescribeZonesx1");
/// assert_eq!(every_other.kind(), &FaultKind::Latency(Duration::from_secs(2)));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Fault {
    kind: FaultKind,
    action: Option<String>,
    dose: Dose,
}

impl Fault {
    /// A fault applied to every request until it is cleared.
    ///
    /// ```
    /// let f = tencent_action_emulator::Fault::new(tencent_action_emulator::FaultKind::InternalError);
    /// assert_eq!(f.to_string(), "internal");
    /// ```
    pub fn new(kind: FaultKind) -> Self {
        Fault {
            kind,
            action: None,
            dose: Dose::Every,
        }
    }

    /// Only requests whose `X-TC-Action` is `action`.
    ///
    /// ```
    /// use tencent_action_emulator::{Fault, FaultKind};
    /// assert_eq!(Fault::new(FaultKind::Reset).action("AssumeRole").to_string(), "reset@AssumeRole");
    /// ```
    pub fn action(mut self, action: impl Into<String>) -> Self {
        self.action = Some(action.into());
        self
    }

    /// Only the next `n` matching requests; then the fault is spent.
    ///
    /// ```
    /// use tencent_action_emulator::{Fault, FaultKind};
    /// assert_eq!(Fault::new(FaultKind::BadGateway).times(3).to_string(), "502x3");
    /// ```
    pub fn times(mut self, n: u64) -> Self {
        self.dose = Dose::Next(n);
        self
    }

    /// A random `percent` (0 to 100) of the matching requests.
    ///
    /// ```
    /// use tencent_action_emulator::{Fault, FaultKind};
    /// assert_eq!(Fault::new(FaultKind::Truncated).percent(10.0).to_string(), "truncated%10");
    /// ```
    pub fn percent(mut self, percent: f64) -> Self {
        self.dose = Dose::Percent(percent.clamp(0.0, 100.0));
        self
    }

    /// What goes wrong.
    ///
    /// ```
    /// use tencent_action_emulator::{Fault, FaultKind};
    /// assert_eq!(Fault::new(FaultKind::Close).kind(), &FaultKind::Close);
    /// ```
    pub fn kind(&self) -> &FaultKind {
        &self.kind
    }

    /// The action it is limited to, if any.
    ///
    /// ```
    /// use tencent_action_emulator::{Fault, FaultKind};
    /// assert_eq!(Fault::new(FaultKind::Close).action("X").action_name(), Some("X"));
    /// ```
    pub fn action_name(&self) -> Option<&str> {
        self.action.as_deref()
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.kind)?;
        if let Some(action) = &self.action {
            write!(f, "@{action}")?;
        }
        match self.dose {
            Dose::Every => Ok(()),
            Dose::Next(n) => write!(f, "x{n}"),
            Dose::Percent(p) => write!(f, "%{p}"),
        }
    }
}

impl FromStr for Fault {
    type Err = FaultSyntaxError;

    /// Reads `KIND[:ARG][@ACTION][xN|%P]`.
    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        let spec = spec.trim();
        let (rest, dose) = if let Some((rest, p)) = spec.rsplit_once('%') {
            let percent: f64 = p
                .parse()
                .ok()
                .filter(|p: &f64| (0.0..=100.0).contains(p))
                .ok_or_else(|| syntax(format!("`%{p}` is not a percentage between 0 and 100")))?;
            (rest, Dose::Percent(percent))
        } else if let Some((rest, n)) = spec.rsplit_once('x').filter(|(rest, n)| {
            !rest.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())
        }) {
            let n: u64 = n
                .parse()
                .map_err(|_| syntax(format!("`x{n}` is not a count")))?;
            (rest, Dose::Next(n))
        } else {
            (spec, Dose::Every)
        };
        let (kind, action) = match rest.split_once('@') {
            Some((_, "")) => return Err(syntax(format!("`{spec}` names no action after `@`"))),
            Some((kind, action)) => (kind, Some(action.to_owned())),
            None => (rest, None),
        };
        Ok(Fault {
            kind: kind.parse()?,
            action,
            dose,
        })
    }
}

/// The faults in force.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    active: Mutex<Vec<Fault>>,
}

impl Faults {
    pub(crate) fn new(faults: Vec<Fault>) -> Self {
        Faults {
            active: Mutex::new(faults),
        }
    }

    pub(crate) fn add(&self, fault: Fault) {
        self.active
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(fault);
    }

    pub(crate) fn clear(&self) {
        self.active
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    pub(crate) fn list(&self) -> Vec<Fault> {
        self.active
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The fault to inject into a request for `action`, if any; counts it against its dose.
    pub(crate) fn pick(&self, action: Option<&str>) -> Option<FaultKind> {
        let mut active = self.active.lock().unwrap_or_else(PoisonError::into_inner);
        let mut chosen = None;
        for (i, fault) in active.iter_mut().enumerate() {
            if fault.action.is_some() && fault.action.as_deref() != action {
                continue;
            }
            match &mut fault.dose {
                Dose::Every => {}
                Dose::Next(0) => continue,
                Dose::Next(n) => *n -= 1,
                Dose::Percent(p) => {
                    if !chance(*p) {
                        continue;
                    }
                }
            }
            chosen = Some((i, fault.kind));
            break;
        }
        let (index, kind) = chosen?;
        if active
            .get(index)
            .is_some_and(|f| matches!(f.dose, Dose::Next(0)))
        {
            active.remove(index);
        }
        Some(kind)
    }
}

/// True with probability `percent` / 100.
fn chance(percent: f64) -> bool {
    let mut bytes = [0u8; 4];
    random::fill(&mut bytes);
    f64::from(u32::from_le_bytes(bytes)) / f64::from(u32::MAX) * 100.0 < percent
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(spec: &str) -> Fault {
        spec.parse().unwrap_or_else(|e| panic!("{spec}: {e}"))
    }

    #[test]
    fn reads_every_kind_and_writes_it_back() {
        let cases = [
            (
                "latency:2s",
                FaultKind::Latency(Duration::from_secs(2)),
                "latency:2000ms",
            ),
            (
                "latency:250ms",
                FaultKind::Latency(Duration::from_millis(250)),
                "latency:250ms",
            ),
            (
                "latency:1m",
                FaultKind::Latency(Duration::from_secs(60)),
                "latency:60000ms",
            ),
            ("close", FaultKind::Close, "close"),
            ("reset", FaultKind::Reset, "reset"),
            ("502", FaultKind::BadGateway, "502"),
            ("503", FaultKind::ServiceUnavailable, "503"),
            ("malformed", FaultKind::MalformedJson, "malformed"),
            ("truncated", FaultKind::Truncated, "truncated"),
            (
                "oversize",
                FaultKind::Oversize(DEFAULT_OVERSIZE),
                "oversize:67108864",
            ),
            (
                "oversize:10KiB",
                FaultKind::Oversize(10 * 1024),
                "oversize:10240",
            ),
            ("oversize:5000", FaultKind::Oversize(5000), "oversize:5000"),
            ("internal", FaultKind::InternalError, "internal"),
            ("throttle", FaultKind::RequestLimitExceeded, "throttle"),
            ("skew:-600", FaultKind::ClockSkew(-600), "skew:-600"),
            ("skew:+600", FaultKind::ClockSkew(600), "skew:+600"),
            ("skew:30s", FaultKind::ClockSkew(30), "skew:+30"),
        ];
        for (spec, kind, written) in cases {
            let fault = parse(spec);
            assert_eq!(fault.kind(), &kind, "{spec}");
            assert_eq!(fault.to_string(), written);
            assert_eq!(parse(written), fault);
        }
    }

    #[test]
    fn actions_counts_and_shares() {
        let f = parse("close@CreateTRTCSignaturesWithRoomIdx3");
        assert_eq!(f.action_name(), Some("CreateTRTCSignaturesWithRoomId"));
        assert_eq!(f.dose, Dose::Next(3));
        let f = parse("latency:1.5s@AssumeRole%12.5");
        assert_eq!(f.kind(), &FaultKind::Latency(Duration::from_millis(1500)));
        assert_eq!(f.dose, Dose::Percent(12.5));
        assert_eq!(parse("503x1").dose, Dose::Next(1));
        assert_eq!(parse("internal@DescribeZones").dose, Dose::Every);
    }

    #[test]
    fn mistakes_are_explained() {
        for (spec, says) in [
            ("explode", "unknown fault `explode`"),
            ("latency", "needs a duration"),
            ("latency:2", "not a duration"),
            ("close:1", "takes no argument"),
            ("oversize:lots", "not a size"),
            ("skew:soon", "not a number of seconds"),
            ("close@", "names no action"),
            ("close%150", "not a percentage"),
        ] {
            let err = spec.parse::<Fault>().unwrap_err().to_string();
            assert!(err.contains(says), "{spec}: {err}");
        }
    }

    #[test]
    fn picks_in_order_counts_down_and_filters_by_action() {
        let faults = Faults::new(vec![
            parse("close@Ax2"),
            parse("503x1"),
            parse("internal@B"),
        ]);
        assert_eq!(faults.pick(Some("A")), Some(FaultKind::Close));
        assert_eq!(faults.pick(Some("A")), Some(FaultKind::Close));
        assert_eq!(faults.pick(Some("A")), Some(FaultKind::ServiceUnavailable));
        assert_eq!(faults.pick(Some("A")), None);
        assert_eq!(faults.pick(None), None);
        assert_eq!(faults.pick(Some("B")), Some(FaultKind::InternalError));
        assert_eq!(faults.pick(Some("B")), Some(FaultKind::InternalError));
        assert_eq!(faults.list().len(), 1);
        faults.clear();
        assert_eq!(faults.pick(Some("B")), None);
    }

    #[test]
    fn shares_apply_to_about_that_share() {
        let faults = Faults::new(vec![parse("reset%0"), parse("malformed%100")]);
        for _ in 0..100 {
            assert_eq!(faults.pick(None), Some(FaultKind::MalformedJson));
        }
        let half = Faults::new(vec![parse("reset%50")]);
        let hits = (0..2000).filter(|_| half.pick(None).is_some()).count();
        assert!((700..1300).contains(&hits), "{hits}");
    }
}

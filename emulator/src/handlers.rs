//! Handlers for actions the emulator does not ship: typed ones for actions declared with
//! `#[tencent_action]`, and JSON ones for anything else.
//!
//! A typed handler gets the request as the declared struct, and the emulator enforces what the
//! declaration says before calling it, as the service would, whatever the client checked:
//!
//! | check | error code |
//! |---|---|
//! | `X-TC-Region` present and in `regions = [..]` (when declared) | `MissingParameter`, `UnsupportedRegion` |
//! | every required member present (`null` counts as absent) | `MissingParameter`, naming it (`Placement.Zone`) |
//! | every member of its declared type | `InvalidParameter`, naming it |
//! | no member the declaration does not have | `UnknownParameter`, naming it |
//! | the `#[tc(...)]` rules | `InvalidParameterValue`, naming each field and rule |
//!
//! GET parameters arrive as strings; a string where a number or boolean is declared is read as
//! one, as the service does.

use std::borrow::Cow;
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Number, Value};
use serde_path_to_error::{Path, Segment};
use tencent_action_core::Action;
use tencent_action_core::codes;

use crate::action::{ActionSpec, Call, Handler};
use crate::envelope::Failure;

/// A handler's refusal: the API error code and message the client receives, in the official
/// error envelope.
///
/// ```
/// use tencent_action_emulator::Reject;
/// let reject = Reject::new("ResourceNotFound.Widget", "No widget `w-1`.");
/// assert_eq!(reject.to_string(), "ResourceNotFound.Widget: No widget `w-1`.");
/// assert_eq!(Reject::invalid_parameter_value("Count is odd").code, "InvalidParameterValue");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    /// The error code, e.g. `ResourceNotFound` or `FailedOperation.Busy`.
    pub code: String,
    /// What the client should know.
    pub message: String,
}

impl Reject {
    /// A refusal with any code.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Reject {
            code: code.into(),
            message: message.into(),
        }
    }

    /// `InvalidParameterValue`.
    ///
    /// ```
    /// let r = tencent_action_emulator::Reject::invalid_parameter_value("Zone `x` is closed.");
    /// assert_eq!(r.code, "InvalidParameterValue");
    /// ```
    pub fn invalid_parameter_value(message: impl Into<String>) -> Self {
        Reject::new(codes::INVALID_PARAMETER_VALUE, message)
    }

    /// `ResourceNotFound`.
    ///
    /// ```
    /// let r = tencent_action_emulator::Reject::resource_not_found("No such widget.");
    /// assert_eq!(r.code, "ResourceNotFound");
    /// ```
    pub fn resource_not_found(message: impl Into<String>) -> Self {
        Reject::new(codes::RESOURCE_NOT_FOUND, message)
    }

    /// `InternalError`.
    ///
    /// ```
    /// let r = tencent_action_emulator::Reject::internal_error("Disk full.");
    /// assert_eq!(r.code, "InternalError");
    /// ```
    pub fn internal_error(message: impl Into<String>) -> Self {
        Reject::new(codes::INTERNAL_ERROR, message)
    }
}

impl fmt::Display for Reject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for Reject {}

impl From<Reject> for Failure {
    fn from(reject: Reject) -> Self {
        Failure::new(Cow::Owned(reject.code), reject.message)
    }
}

/// The served action for a typed handler.
pub(crate) fn typed<A, F>(handler: F) -> ActionSpec
where
    A: Action + DeserializeOwned + 'static,
    A::Response: Serialize,
    F: Fn(A) -> Result<A::Response, Reject> + Send + Sync + 'static,
{
    let run: Handler = Arc::new(move |call: &Call<'_>| {
        let (request, accepted): (A, Value) = decode(call.params, call.from_query)?;
        let written = serde_json::to_value(&request).map_err(|e| {
            Failure::new(
                codes::INTERNAL_ERROR,
                format!("{} cannot be serialized: {e}.", A::NAME),
            )
        })?;
        if let Some(unknown) = first_unknown(&accepted, &written, "") {
            return Err(Failure::unknown(&unknown, A::NAME));
        }
        if let Err(invalid) = request.validate() {
            let rules: Vec<String> = invalid
                .violations()
                .iter()
                .map(|v| format!("{v} (rule `{}`)", v.rule.name()))
                .collect();
            return Err(Failure::invalid_value(format!(
                "Invalid parameter value: {}.",
                rules.join("; ")
            )));
        }
        call.mark_processed();
        let response = guarded(A::NAME, || handler(request))??;
        output_fields(A::NAME, serde_json::to_value(response))
    });
    let mut spec = ActionSpec::new(A::SERVICE, A::VERSION, A::NAME, run);
    spec.regions = A::REGIONS.iter().map(|r| (*r).to_owned()).collect();
    spec.rate_limit = A::RATE_LIMIT;
    spec
}

/// The served action for a JSON handler.
pub(crate) fn json<F>(service: &str, version: &str, action: &str, handler: F) -> ActionSpec
where
    F: Fn(Value) -> Result<Value, Reject> + Send + Sync + 'static,
{
    let name = action.to_owned();
    let run: Handler = Arc::new(move |call: &Call<'_>| {
        call.mark_processed();
        let params = Value::Object(call.params.clone());
        let response = guarded(&name, || handler(params))??;
        output_fields(&name, Ok(response))
    });
    ActionSpec::new(service, version, action, run)
}

/// Runs a user's handler; a panic becomes `InternalError`.
fn guarded<T>(action: &str, f: impl FnOnce() -> T) -> Result<T, Failure> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|panic| {
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".to_owned());
        Failure::new(
            codes::INTERNAL_ERROR,
            format!("The handler for {action} panicked: {why}"),
        )
    })
}

/// The `Response` fields of a handler's output: a JSON object (or `null`, for none).
fn output_fields(
    action: &str,
    value: Result<Value, serde_json::Error>,
) -> Result<Map<String, Value>, Failure> {
    match value {
        Ok(Value::Object(fields)) => Ok(fields),
        Ok(Value::Null) => Ok(Map::new()),
        Ok(other) => Err(Failure::new(
            codes::INTERNAL_ERROR,
            format!(
                "The handler for {action} answered {}, not a JSON object.",
                crate::params::json_kind(&other)
            ),
        )),
        Err(e) => Err(Failure::new(
            codes::INTERNAL_ERROR,
            format!("The response of {action} cannot be serialized: {e}."),
        )),
    }
}

/// Reads the parameters as `T`; returns it with the parameters as accepted (nulls removed,
/// query strings read as numbers where numbers are declared).
fn decode<T: DeserializeOwned>(
    params: &Map<String, Value>,
    from_query: bool,
) -> Result<(T, Value), Failure> {
    let mut value = without_nulls(Value::Object(params.clone()));
    // Each retry turns one more query string into a number or boolean.
    let mut retries = if from_query { string_leaves(&value) } else { 0 };
    loop {
        let error = match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(request) => return Ok((request, value)),
            Err(error) => error,
        };
        let path = wire_path(error.path());
        let reason = error.inner().to_string();
        if let Some(field) = missing_field(&reason) {
            let full = if path.is_empty() {
                field.to_owned()
            } else {
                format!("{path}.{field}")
            };
            return Err(Failure::missing(&full));
        }
        if retries > 0 && reason.starts_with("invalid type: string") {
            retries -= 1;
            let wants_bool = reason.contains("expected a boolean");
            if let Some(slot) = value_at(&mut value, error.path())
                && coerce(slot, wants_bool)
            {
                continue;
            }
        }
        let shown = if path.is_empty() {
            "The parameters".to_owned()
        } else {
            format!("The parameter `{path}`")
        };
        return Err(Failure::invalid(format!(
            "{shown} cannot be read: {reason}."
        )));
    }
}

/// `missing field `Name`` → `Name`.
fn missing_field(reason: &str) -> Option<&str> {
    reason.strip_prefix("missing field `")?.split('`').next()
}

/// A path as the API writes it: `Filters.0.Name`.
fn wire_path(path: &Path) -> String {
    let mut out = String::new();
    for segment in path.iter() {
        let part = match segment {
            Segment::Seq { index } => index.to_string(),
            Segment::Map { key } => key.clone(),
            Segment::Enum { variant } => variant.clone(),
            Segment::Unknown => "?".to_owned(),
        };
        if !out.is_empty() {
            out.push('.');
        }
        out.push_str(&part);
    }
    out
}

fn value_at<'v>(value: &'v mut Value, path: &Path) -> Option<&'v mut Value> {
    let mut node = value;
    for segment in path.iter() {
        node = match (segment, node) {
            (Segment::Seq { index }, Value::Array(items)) => items.get_mut(*index)?,
            (Segment::Map { key }, Value::Object(map)) => map.get_mut(key)?,
            _ => return None,
        };
    }
    Some(node)
}

/// Reads a query string as the number or boolean it spells.
fn coerce(slot: &mut Value, wants_bool: bool) -> bool {
    let Value::String(text) = slot else {
        return false;
    };
    let replacement = if wants_bool {
        match text.as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => return false,
        }
    } else {
        match text.trim().parse::<Number>() {
            Ok(number) => Value::Number(number),
            Err(_) => return false,
        }
    };
    *slot = replacement;
    true
}

fn string_leaves(value: &Value) -> usize {
    match value {
        Value::String(_) => 1,
        Value::Array(items) => items.iter().map(string_leaves).sum(),
        Value::Object(map) => map.values().map(string_leaves).sum(),
        _ => 0,
    }
}

/// Drops `null` members of objects, at any depth: `null` means absent.
fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

/// The first member of `sent` that `kept` (the request written back) does not have.
fn first_unknown(sent: &Value, kept: &Value, at: &str) -> Option<String> {
    let join = |key: &str| {
        if at.is_empty() {
            key.to_owned()
        } else {
            format!("{at}.{key}")
        }
    };
    match (sent, kept) {
        (Value::Object(sent), Value::Object(kept)) => {
            sent.iter().find_map(|(key, value)| match kept.get(key) {
                None => Some(join(key)),
                Some(kept) => first_unknown(value, kept, &join(key)),
            })
        }
        (Value::Array(sent), Value::Array(kept)) => sent
            .iter()
            .zip(kept)
            .enumerate()
            .find_map(|(i, (s, k))| first_unknown(s, k, &join(&i.to_string()))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    use super::*;

    #[derive(Debug, Deserialize, Serialize, PartialEq)]
    #[serde(rename_all = "PascalCase")]
    struct Placement {
        zone: String,
        project_id: Option<i64>,
    }

    #[derive(Debug, Deserialize, Serialize, PartialEq)]
    #[serde(rename_all = "PascalCase")]
    struct Request {
        name: String,
        count: u32,
        enabled: Option<bool>,
        placement: Placement,
        tags: Option<Vec<String>>,
    }

    fn params(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    fn read(value: Value, from_query: bool) -> Result<Request, Failure> {
        decode::<Request>(&params(value), from_query).map(|(r, _)| r)
    }

    #[test]
    fn missing_members_are_named_by_their_full_path() {
        let f = read(json!({"Count": 1, "Placement": {"Zone": "z"}}), false).unwrap_err();
        assert_eq!(f.code, codes::MISSING_PARAMETER);
        assert!(f.message.contains("`Name`"), "{}", f.message);
        let f = read(json!({"Name": "n", "Count": 1, "Placement": {}}), false).unwrap_err();
        assert!(f.message.contains("`Placement.Zone`"), "{}", f.message);
        let f = read(
            json!({"Name": null, "Count": 1, "Placement": {"Zone": "z"}}),
            false,
        )
        .unwrap_err();
        assert_eq!(f.code, codes::MISSING_PARAMETER);
        // null is absent for optional members too
        let ok = read(
            json!({"Name": "n", "Count": 1, "Placement": {"Zone": "z", "ProjectId": null}}),
            false,
        )
        .unwrap();
        assert_eq!(ok.placement.project_id, None);
    }

    #[test]
    fn wrong_types_are_invalid_parameters_naming_the_member() {
        let f = read(
            json!({"Name": "n", "Count": "3", "Placement": {"Zone": "z"}}),
            false,
        )
        .unwrap_err();
        assert_eq!(f.code, codes::INVALID_PARAMETER);
        assert!(f.message.contains("`Count`"), "{}", f.message);
        let f = read(
            json!({"Name": "n", "Count": 3, "Placement": {"Zone": "z"}, "Tags": ["a", 1]}),
            false,
        )
        .unwrap_err();
        assert!(f.message.contains("`Tags.1`"), "{}", f.message);
        let f = read(
            json!({"Name": "n", "Count": -1, "Placement": {"Zone": "z"}}),
            false,
        )
        .unwrap_err();
        assert_eq!(f.code, codes::INVALID_PARAMETER);
    }

    #[test]
    fn query_strings_read_as_declared_numbers_and_booleans() {
        let ok = read(
            json!({"Name": "7", "Count": "3", "Enabled": "true",
                   "Placement": {"Zone": "z", "ProjectId": "-4"}, "Tags": ["1"]}),
            true,
        )
        .unwrap();
        assert_eq!(ok.name, "7");
        assert_eq!(ok.count, 3);
        assert_eq!(ok.enabled, Some(true));
        assert_eq!(ok.placement.project_id, Some(-4));
        assert_eq!(ok.tags, Some(vec!["1".to_owned()]));
        let f = read(
            json!({"Name": "n", "Count": "three", "Placement": {"Zone": "z"}}),
            true,
        )
        .unwrap_err();
        assert_eq!(f.code, codes::INVALID_PARAMETER);
        assert!(f.message.contains("`Count`"), "{}", f.message);
    }

    #[test]
    fn unknown_members_are_found_at_any_depth() {
        let sent = json!({"A": 1, "B": {"C": [{"D": 1, "E": 2}]}});
        let kept = json!({"A": 1, "B": {"C": [{"D": 1}]}});
        assert_eq!(first_unknown(&sent, &kept, ""), Some("B.C.0.E".to_owned()));
        assert_eq!(first_unknown(&kept, &kept, ""), None);
    }

    #[test]
    fn panics_and_non_objects_are_internal_errors() {
        let f = guarded("X", || -> u8 { panic!("boom") }).unwrap_err();
        assert_eq!(f.code, codes::INTERNAL_ERROR);
        assert!(f.message.contains("boom"));
        let f = output_fields("X", Ok(json!([1]))).unwrap_err();
        assert!(f.message.contains("an array"));
        assert!(output_fields("X", Ok(Value::Null)).unwrap().is_empty());
    }
}

//! Action parameters as the service receives them: a JSON object in a POST body, or the
//! flattened, form-encoded query of a GET (`TRTCUserIds.0=a&TRTCUserIds.1=b&RoomId=r`), which
//! is unflattened back into the same JSON shape.

use serde_json::{Map, Value};

use crate::envelope::Failure;

/// The deepest parameter path a query may use (`A.0.B.1` is 4 deep).
const MAX_DEPTH: usize = 32;

/// Reads a POST body: a JSON object; an empty body means no parameters.
pub(crate) fn from_json_body(body: &[u8]) -> Result<Map<String, Value>, Failure> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(Failure::invalid(format!(
            "The request body must be a JSON object of parameters, not {}.",
            json_kind(&other)
        ))),
        Err(e) => Err(Failure::invalid(format!(
            "The request body is not valid JSON: {e}."
        ))),
    }
}

/// Unflattens a GET query: `Name.N` become list items (numbered from 0 without gaps),
/// `Name.Field` object fields; every value is a string, `+` is a space.
pub(crate) fn from_query(query: &str) -> Result<Map<String, Value>, Failure> {
    let mut root = Map::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (raw_name, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = decode_component(raw_name)?;
        let value = decode_component(raw_value)?;
        insert(&mut root, &name, value)?;
    }
    let mut out = Map::with_capacity(root.len());
    for (name, node) in root {
        let node = finish(node, &name)?;
        out.insert(name, node);
    }
    Ok(out)
}

/// Places `value` at the dotted path `name`, creating objects on the way.
fn insert(root: &mut Map<String, Value>, name: &str, value: String) -> Result<(), Failure> {
    let malformed = || Failure::invalid(format!("The parameter name `{name}` is malformed."));
    let segments: Vec<&str> = name.split('.').collect();
    if segments.len() > MAX_DEPTH {
        return Err(Failure::invalid(format!(
            "The parameter name `{name}` nests deeper than {MAX_DEPTH} levels."
        )));
    }
    let Some((last, parents)) = segments.split_last() else {
        return Err(malformed());
    };
    if segments.iter().any(|s| s.is_empty()) {
        return Err(malformed());
    }
    let mut node = root;
    for (depth, segment) in parents.iter().enumerate() {
        let child = node
            .entry((*segment).to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        node = match child {
            Value::Object(map) => map,
            _ => return Err(conflict(&segments[..=depth].join("."), name)),
        };
    }
    if node.contains_key(*last) {
        return Err(if node.get(*last).is_some_and(Value::is_object) {
            conflict(name, &format!("{name}.…"))
        } else {
            Failure::invalid(format!("The parameter `{name}` is given more than once."))
        });
    }
    node.insert((*last).to_owned(), Value::String(value));
    Ok(())
}

fn conflict(a: &str, b: &str) -> Failure {
    Failure::invalid(format!(
        "The parameters `{a}` and `{b}` conflict: `{a}` cannot be both a value and a list or object."
    ))
}

/// Turns objects whose keys are all list indices into lists, checking the numbering.
fn finish(node: Value, path: &str) -> Result<Value, Failure> {
    let Value::Object(map) = node else {
        return Ok(node);
    };
    if map.keys().all(|k| is_index(k)) {
        // Indices have at most 9 digits, so they parse.
        let mut numbered: Vec<(usize, Value)> = map
            .into_iter()
            .map(|(k, v)| (k.parse().unwrap_or(usize::MAX), v))
            .collect();
        numbered.sort_unstable_by_key(|(i, _)| *i);
        let mut items = Vec::with_capacity(numbered.len());
        for (expected, (index, item)) in numbered.into_iter().enumerate() {
            if index != expected {
                return Err(Failure::invalid(format!(
                    "The list `{path}` has no item `{path}.{expected}`: list items are numbered from 0 without gaps."
                )));
            }
            items.push(finish(item, &format!("{path}.{index}"))?);
        }
        return Ok(Value::Array(items));
    }
    let mut out = Map::with_capacity(map.len());
    for (name, child) in map {
        let child = finish(child, &format!("{path}.{name}"))?;
        out.insert(name, child);
    }
    Ok(Value::Object(out))
}

/// A list index as the flattening writes it: decimal, no leading zero.
fn is_index(segment: &str) -> bool {
    !segment.is_empty()
        && segment.bytes().all(|b| b.is_ascii_digit())
        && (segment == "0" || !segment.starts_with('0'))
        && segment.len() <= 9
}

/// Form-decodes one name or value: `+` is a space, `%XX` a byte; a `%` not followed by two hex
/// digits stays as it is. The result must be UTF-8.
fn decode_component(raw: &str) -> Result<String, Failure> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match (
                bytes.get(i + 1).and_then(|b| hex_value(*b)),
                bytes.get(i + 2).and_then(|b| hex_value(*b)),
            ) {
                (Some(hi), Some(lo)) => {
                    out.push(hi << 4 | lo);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| {
        Failure::invalid(format!(
            "The query part `{raw}` does not decode to UTF-8 text."
        ))
    })
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// How a JSON value is described in messages.
pub(crate) fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use tencent_action_core::verifier::{encode_query, flatten_params};

    use super::*;
    use tencent_action_core::codes;

    fn query(q: &str) -> Value {
        Value::Object(from_query(q).unwrap())
    }

    fn query_err(q: &str) -> Failure {
        from_query(q).unwrap_err()
    }

    #[test]
    fn unflattens_lists_and_plain_values() {
        assert_eq!(
            query("TRTCUserIds.0=a&TRTCUserIds.1=b&RoomId=r"),
            json!({"TRTCUserIds": ["a", "b"], "RoomId": "r"})
        );
        assert_eq!(query(""), json!({}));
        assert_eq!(query("&&RoomId=&"), json!({"RoomId": ""}));
        assert_eq!(query("Flag"), json!({"Flag": ""}));
    }

    #[test]
    fn items_may_arrive_in_any_order() {
        assert_eq!(query("L.1=b&L.0=a&L.2=c"), json!({"L": ["a", "b", "c"]}));
    }

    #[test]
    fn decodes_plus_and_percent_escapes() {
        assert_eq!(
            query("RoomId=a+b%26c%3Dd&U.0=%E6%9C%AA&T=100%&P=%zz"),
            json!({"RoomId": "a b&c=d", "U": ["未"], "T": "100%", "P": "%zz"})
        );
        assert_eq!(query("Room%49d=x"), json!({"RoomId": "x"}));
        assert_eq!(query_err("R=%FF").code, codes::INVALID_PARAMETER);
    }

    #[test]
    fn nested_objects_and_lists_round_trip_with_the_client_flattening() {
        let params = json!({
            "Filters": [{"Name": "zone", "Values": ["ap-1", "ap 2", "x&y=z"]}, {"Name": "n"}],
            "Obj": {"Inner": {"Deep": "v"}},
            "RoomId": "r 1",
        });
        let q = encode_query(&flatten_params(&params));
        assert_eq!(query(&q), params);
    }

    #[test]
    fn gaps_duplicates_and_conflicts_are_invalid() {
        let gap = query_err("TRTCUserIds.0=a&TRTCUserIds.2=c");
        assert_eq!(gap.code, codes::INVALID_PARAMETER);
        assert!(gap.message.contains("TRTCUserIds.1"), "{}", gap.message);
        let dup = query_err("RoomId=a&RoomId=b");
        assert!(dup.message.contains("more than once"), "{}", dup.message);
        assert!(
            query_err("RoomId=a&RoomId.0=b")
                .message
                .contains("conflict")
        );
        assert!(
            query_err("RoomId.0=b&RoomId=a")
                .message
                .contains("conflict")
        );
        assert!(query_err("A..B=x").message.contains("malformed"));
        assert!(query_err("=x").message.contains("malformed"));
        assert!(query_err("A.=x").message.contains("malformed"));
    }

    #[test]
    fn numbers_with_leading_zeros_or_huge_indices_are_not_list_items() {
        assert_eq!(query("L.01=a"), json!({"L": {"01": "a"}}));
        assert_eq!(
            query("L.99999999999999999999=a&L.0=b"),
            json!({"L": {"99999999999999999999": "a", "0": "b"}})
        );
        assert!(query_err("L.5=a").message.contains("L.0"));
    }

    #[test]
    fn deep_nesting_is_refused_without_recursing() {
        let name = vec!["A"; 10_000].join(".");
        assert!(query_err(&format!("{name}=x")).message.contains("deeper"));
        let ok = vec!["A"; MAX_DEPTH].join(".");
        assert!(from_query(&format!("{ok}=x")).is_ok());
    }

    #[test]
    fn json_bodies() {
        assert_eq!(
            Value::Object(from_json_body(br#"{"RoomId":"r"}"#).unwrap()),
            json!({"RoomId": "r"})
        );
        assert!(from_json_body(b"").unwrap().is_empty());
        assert!(from_json_body(b" \n").unwrap().is_empty());
        let not_json = from_json_body(b"{RoomId").unwrap_err();
        assert_eq!(not_json.code, codes::INVALID_PARAMETER);
        assert!(not_json.message.contains("not valid JSON"));
        let array = from_json_body(b"[1]").unwrap_err();
        assert!(array.message.contains("an array"), "{}", array.message);
        assert!(from_json_body(&[0xff, 0xfe]).is_err());
        let deep = "[".repeat(100_000);
        assert!(from_json_body(deep.as_bytes()).is_err());
    }
}

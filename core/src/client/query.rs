//! GET requests: parameters flattened into the query (`List.0`, `Obj.Field`) and form-encoded
//! exactly as the official SDKs do.

use serde_json::Value;

/// Flattens request parameters into `(name, value)` pairs: lists as `Name.N`, objects as
/// `Name.Field`, `null` omitted, strings as they are, other scalars in their JSON form.
///
/// ```
/// use tencent_action_core::verifier::flatten_params;
/// let pairs = flatten_params(&serde_json::json!({"Ids": ["a", "b"], "Filter": {"Name": "zone"}, "Limit": 2}));
/// assert_eq!(pairs, [("Ids.0".into(), "a".into()), ("Ids.1".into(), "b".into()), ("Filter.Name".into(), "zone".into()), ("Limit".into(), "2".into())]);
/// ```
pub fn flatten_params(params: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    flatten_into(None, params, &mut out);
    out
}

fn flatten_into(prefix: Option<&str>, value: &Value, out: &mut Vec<(String, String)>) {
    let key = |suffix: &str| match prefix {
        Some(prefix) => format!("{prefix}.{suffix}"),
        None => suffix.to_owned(),
    };
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (name, child) in map {
                flatten_into(Some(&key(name)), child, out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                flatten_into(Some(&key(&i.to_string())), child, out);
            }
        }
        Value::String(s) => out.push((prefix.unwrap_or_default().to_owned(), s.clone())),
        other => out.push((prefix.unwrap_or_default().to_owned(), other.to_string())),
    }
}

/// Form-encodes pairs as `a=1&b=2` with the official SDKs' escaping: letters, digits and `_.-~`
/// stay, space becomes `+`, everything else `%XX`.
///
/// ```
/// use tencent_action_core::verifier::encode_query;
/// assert_eq!(encode_query(&[("RoomId".into(), "a b&c=d".into())]), "RoomId=a+b%26c%3Dd");
/// ```
pub fn encode_query(pairs: &[(String, String)]) -> String {
    let mut out = String::new();
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        encode_component(name, &mut out);
        out.push('=');
        encode_component(value, &mut out);
    }
    out
}

fn encode_component(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in text.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 0x0f)] as char);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_lists_of_objects_and_escaping() {
        let params = serde_json::json!({
            "Filters": [{"Name": "zone", "Values": ["ap-1", "ap 2"]}],
            "Skip": null,
            "On": true,
            "Emoji": "😀*~"
        });
        let query = encode_query(&flatten_params(&params));
        assert_eq!(
            query,
            "Filters.0.Name=zone&Filters.0.Values.0=ap-1&Filters.0.Values.1=ap+2&On=true&Emoji=%F0%9F%98%80%2A~"
        );
    }
}

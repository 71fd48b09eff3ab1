//! The official machine-readable spec of one service version (`api.json`, as shipped in the
//! `tccli` package at `tccli/services/SERVICE/VERSION/api.json`).

use std::collections::BTreeMap;

use serde::Deserialize;

/// A whole `api.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct ApiSpec {
    /// Every action by name.
    pub actions: BTreeMap<String, ActionSpec>,
    /// Every object (request, response and shared data structures) by name.
    pub objects: BTreeMap<String, ObjectSpec>,
    /// The service and version.
    pub metadata: Metadata,
}

/// `metadata` of an `api.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct Metadata {
    /// The API version, `YYYY-MM-DD`.
    #[serde(rename = "apiVersion")]
    pub api_version: String,
    /// The lowercase service name, e.g. `iotexplorer`.
    #[serde(rename = "serviceShortName")]
    pub service_short_name: String,
    /// Whether the spec was read from the spec index (`tencent-action-spec`), which has no
    /// descriptions, rather than from an `api.json`.
    #[serde(skip)]
    pub from_index: bool,
}

/// One action.
#[derive(Debug, Clone, Deserialize)]
pub struct ActionSpec {
    /// The description.
    #[serde(default)]
    pub document: String,
    /// The request object's name (`<Action>Request`).
    pub input: String,
    /// The response object's name (`<Action>Response`).
    pub output: String,
    /// The short human title.
    #[serde(default)]
    pub name: String,
    /// `online`, `deprecated`, `offline`, or absent.
    #[serde(default)]
    pub status: Option<String>,
}

/// One object: a request, a response or a shared data structure.
#[derive(Debug, Clone, Deserialize)]
pub struct ObjectSpec {
    /// The description.
    #[serde(default)]
    pub document: String,
    /// The members, in wire order.
    #[serde(default)]
    pub members: Vec<MemberSpec>,
    /// For shared structures: `in` (requests only), `out` (responses only) or `both`.
    #[serde(default)]
    pub usage: Option<String>,
}

/// One member of an object.
#[derive(Debug, Clone, Deserialize)]
pub struct MemberSpec {
    /// The wire name.
    pub name: String,
    /// `string`, `int`, `float`, `bool`, `list`, `object`, `binary`, …
    #[serde(rename = "type")]
    pub ty: String,
    /// The element type: a primitive (`string`, `int64`, `uint64`, `float`, `bool`, `date`,
    /// `datetime`, `datetime_iso`, `binary`) or an object's name.
    pub member: String,
    /// The description (HTML or Markdown).
    #[serde(default)]
    pub document: String,
    /// Whether a request must carry it.
    #[serde(default, deserialize_with = "flag")]
    pub required: Option<bool>,
    /// Whether a response always carries it.
    #[serde(default, deserialize_with = "flag")]
    pub output_required: Option<bool>,
    /// Whether a response may carry `null`.
    #[serde(default, deserialize_with = "flag")]
    pub value_allowed_null: Option<bool>,
    /// Withdrawn from the documentation.
    #[serde(default, deserialize_with = "flag")]
    pub disabled: Option<bool>,
}

/// A boolean flag as the specs write it: `true`/`false`, and in a few specs `1`/`0`.
fn flag<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Flag {
        Bool(bool),
        Int(i64),
    }
    Ok(match Option::<Flag>::deserialize(deserializer)? {
        None => None,
        Some(Flag::Bool(b)) => Some(b),
        Some(Flag::Int(n)) => Some(n != 0),
    })
}

#[cfg(test)]
mod tests {
    use super::MemberSpec;

    #[test]
    fn flags_may_be_numbers() {
        let m: MemberSpec = serde_json::from_str(
            r#"{"name":"A","type":"string","member":"string","required":1,"disabled":false,"output_required":0}"#,
        )
        .unwrap();
        assert_eq!(m.required, Some(true));
        assert_eq!(m.output_required, Some(false));
        assert_eq!(m.disabled, Some(false));
        assert_eq!(m.value_allowed_null, None);
    }
}

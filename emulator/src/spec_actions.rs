//! Every action of the official API definition that has no handler of its own, served from the
//! spec index (`tencent-action-spec`).
//!
//! The service is the one the request was signed for (the credential scope's, as the real
//! cloud takes the host's), the version `X-TC-Version`. The parameters are checked against the
//! action's request object, at any depth: a required member missing (`MissingParameter`), then
//! a member the action does not have (`UnknownParameter`), then a value of the wrong JSON type
//! (`InvalidParameterValue`), each naming the member by its path (`Filters.0.Name`). The answer
//! is the documented example output with a fresh RequestId, or, for an action documented
//! without one (or only with an error example), every member of the response object with an
//! empty value of its type: `""`, `0`, `false`, `[]`, dates at 1970-01-01, objects built the
//! same way (`null` for an object already being built further up, a recursive definition,
//! or deeper than [`MAX_OUTPUT_DEPTH`]). Any region is accepted.

use std::sync::Arc;

use serde_json::{Map, Value};
use tencent_action_core::codes;
use tencent_action_spec::{Object, Service, Type};

use crate::action::{ActionSpec, Call};
use crate::envelope::Failure;
use crate::params::json_kind;

/// How many names an `InvalidAction` message suggests at most.
const SUGGESTIONS: usize = 3;

/// How deep objects nest in a response built from the schema.
const MAX_OUTPUT_DEPTH: usize = 8;

/// The served action for `action` of `service` at `version` when the index has it; `None`
/// when the index does not know `service` at all. `registered` names the actions served by
/// handlers at that service version, suggested along with the index's.
pub(crate) fn resolve(
    service: &str,
    version: &str,
    action: &str,
    registered: &[&str],
) -> Option<Result<ActionSpec, Failure>> {
    let versions = tencent_action_spec::versions(service);
    if versions.is_empty() {
        return None;
    }
    let Some(schema) = tencent_action_spec::service(service, version) else {
        return Some(Err(Failure::new(
            codes::NO_SUCH_VERSION,
            format!(
                "The API version `{version}` of service `{service}` does not exist; it has {}.",
                versions.join(", ")
            ),
        )));
    };
    let Some(found) = schema.action(action) else {
        let names = schema
            .actions()
            .map(|a| a.name.as_str())
            .chain(registered.iter().copied());
        let suggested = tencent_action_spec::closest(action, names, SUGGESTIONS);
        let hint = if suggested.is_empty() {
            String::new()
        } else {
            format!(" Did you mean {}?", quoted(&suggested))
        };
        return Some(Err(Failure::new(
            codes::INVALID_ACTION,
            format!(
                "The action `{action}` does not exist in version `{version}` of service `{service}`.{hint}"
            ),
        )));
    };
    let name = found.name.clone();
    let handler = Arc::new(move |call: &Call<'_>| serve(schema, &name, call));
    Some(Ok(ActionSpec::new(service, version, action, handler)))
}

/// Whether the index has `action` in `service` at `version`.
pub(crate) fn has_action(service: &str, version: &str, action: &str) -> bool {
    tencent_action_spec::action_names(service, version).is_some_and(|names| names.contains(&action))
}

/// Checks the parameters, then answers the example output or one built from the schema.
fn serve(schema: &Service, action: &str, call: &Call<'_>) -> Result<Map<String, Value>, Failure> {
    if let Some(input) = schema.input(action) {
        check(schema, input, call.params, call.from_query, action)?;
    }
    call.mark_processed();
    Ok(example(schema, action).unwrap_or_else(|| built_output(schema, action)))
}

/// `` `A`, `B` or `C` ``.
fn quoted(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

/// The first problem of each kind met while walking the parameters; the first kind found
/// is answered.
#[derive(Default)]
struct Findings {
    missing: Option<String>,
    /// The path, and the nearest member's path.
    unknown: Option<(String, Option<String>)>,
    invalid: Option<String>,
}

/// What a walk over the parameters needs besides the value at hand.
struct Walk<'a> {
    schema: &'a Service,
    from_query: bool,
    found: Findings,
}

/// Checks `params` against the request object `input` of `action`.
fn check(
    schema: &Service,
    input: &Object,
    params: &Map<String, Value>,
    from_query: bool,
    action: &str,
) -> Result<(), Failure> {
    let mut walk = Walk {
        schema,
        from_query,
        found: Findings::default(),
    };
    walk.object(input, params, "");
    let Findings {
        missing,
        unknown,
        invalid,
    } = walk.found;
    if let Some(path) = missing {
        return Err(Failure::missing(&path));
    }
    if let Some((path, near)) = unknown {
        let mut failure = Failure::unknown(&path, action);
        if let Some(near) = near {
            failure
                .message
                .push_str(&format!(" Did you mean `{near}`?"));
        }
        return Err(failure);
    }
    invalid.map_or(Ok(()), |message| Err(Failure::invalid_value(message)))
}

/// `at.name`, or `name` at the top.
fn join(at: &str, name: &str) -> String {
    if at.is_empty() {
        name.to_owned()
    } else {
        format!("{at}.{name}")
    }
}

impl Walk<'_> {
    fn object(&mut self, object: &Object, value: &Map<String, Value>, at: &str) {
        if self.found.missing.is_none() {
            self.found.missing = object
                .members
                .iter()
                .find(|m| m.required && value.get(&m.name).is_none_or(Value::is_null))
                .map(|m| join(at, &m.name));
        }
        for (name, item) in value {
            let path = join(at, name);
            match object.member(name) {
                // `null` means absent.
                Some(_) if item.is_null() => {}
                Some(member) => self.value(&member.ty, item, &path),
                None if self.found.unknown.is_none() => {
                    let members = object.members.iter().map(|m| m.name.as_str());
                    let near = tencent_action_spec::closest(name, members, 1);
                    let near = near.first().map(|near| join(at, near));
                    self.found.unknown = Some((path, near));
                }
                None => {}
            }
        }
    }

    fn value(&mut self, ty: &Type, value: &Value, path: &str) {
        let fits = match (ty, value) {
            (Type::List(inner), Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    self.value(inner, item, &join(path, &i.to_string()));
                }
                true
            }
            (Type::Object(name), Value::Object(members)) => {
                // An object the definition does not describe takes any members.
                if let Some(object) = self.schema.object(name) {
                    self.object(object, members, path);
                }
                true
            }
            (Type::Int64, Value::Number(n)) => n.as_i64().is_some(),
            (Type::Uint64, Value::Number(n)) => n.as_u64().is_some(),
            (Type::Float, Value::Number(_)) => true,
            (Type::Bool, Value::Bool(_)) => true,
            (ty, Value::String(_)) if ty.is_string() => true,
            // A GET query carries every value as text.
            (ty, Value::String(text)) if self.from_query => spells(ty, text),
            _ => false,
        };
        if !fits && self.found.invalid.is_none() {
            let got = match value {
                Value::String(text) if self.from_query => format!("`{text}`"),
                other => json_kind(other).to_owned(),
            };
            self.found.invalid = Some(format!(
                "The parameter `{path}` must be of type {ty}, not {got}."
            ));
        }
    }
}

/// Whether query text spells a value of a scalar type.
fn spells(ty: &Type, text: &str) -> bool {
    match ty {
        Type::Int64 => text.parse::<i64>().is_ok(),
        Type::Uint64 => text.parse::<u64>().is_ok(),
        Type::Float => text.parse::<f64>().is_ok_and(f64::is_finite),
        Type::Bool => text.eq_ignore_ascii_case("true") || text.eq_ignore_ascii_case("false"),
        _ => false,
    }
}

/// The `Response` fields of the documented example output, without its RequestId; `None` when
/// there is none or it documents an error.
fn example(schema: &Service, action: &str) -> Option<Map<String, Value>> {
    let text = tencent_action_spec::example_output(schema.name(), schema.version(), action)?;
    let Ok(Value::Object(mut envelope)) = serde_json::from_str::<Value>(text) else {
        return None;
    };
    let Some(Value::Object(mut fields)) = envelope.shift_remove("Response") else {
        return None;
    };
    if fields.contains_key("Error") {
        return None;
    }
    fields.shift_remove("RequestId");
    Some(fields)
}

/// The `Response` fields built from the response object's members.
fn built_output(schema: &Service, action: &str) -> Map<String, Value> {
    let mut building = Vec::new();
    match schema.output(action) {
        Some(output) => {
            let mut fields = build_object(schema, output, &mut building);
            fields.shift_remove("RequestId");
            fields
        }
        None => Map::new(),
    }
}

/// Every member but the withdrawn ones, each an empty value of its type. `building` holds the
/// objects being built further up.
fn build_object<'s>(
    schema: &'s Service,
    object: &'s Object,
    building: &mut Vec<&'s str>,
) -> Map<String, Value> {
    building.push(&object.name);
    let fields = object
        .members
        .iter()
        .filter(|m| !m.disabled)
        .map(|m| (m.name.clone(), build_value(schema, &m.ty, building)))
        .collect();
    building.pop();
    fields
}

fn build_value<'s>(schema: &'s Service, ty: &'s Type, building: &mut Vec<&'s str>) -> Value {
    match ty {
        Type::String | Type::Binary => Value::from(""),
        Type::Date => Value::from("1970-01-01"),
        Type::DateTime => Value::from("1970-01-01 00:00:00"),
        Type::DateTimeIso => Value::from("1970-01-01T00:00:00Z"),
        Type::Int64 | Type::Uint64 => Value::from(0),
        Type::Float => Value::from(0.0),
        Type::Bool => Value::Bool(false),
        Type::List(_) => Value::Array(Vec::new()),
        Type::Object(name) => match schema.object(name) {
            Some(object)
                if building.len() < MAX_OUTPUT_DEPTH && !building.contains(&name.as_str()) =>
            {
                Value::Object(build_object(schema, object, building))
            }
            _ => Value::Null,
        },
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn cvm() -> &'static Service {
        tencent_action_spec::service("cvm", "2017-03-12").unwrap()
    }

    fn checked(action: &str, params: Value, from_query: bool) -> Result<(), Failure> {
        let Value::Object(params) = params else {
            panic!("params are an object")
        };
        let input = cvm().input(action).unwrap();
        check(cvm(), input, &params, from_query, action)
    }

    #[test]
    fn unknown_services_versions_and_actions() {
        assert!(resolve("nosuchservice", "2017-03-12", "DescribeZones", &[]).is_none());
        let version = resolve("cvm", "2017-03-13", "DescribeZones", &[])
            .unwrap()
            .unwrap_err();
        assert_eq!(version.code, codes::NO_SUCH_VERSION);
        assert!(
            version.message.contains("2017-03-12"),
            "{}",
            version.message
        );
        let action = resolve("cvm", "2017-03-12", "DescribeZone", &["DescribeZonez"])
            .unwrap()
            .unwrap_err();
        assert_eq!(action.code, codes::INVALID_ACTION);
        assert!(
            action.message.contains("Did you mean `DescribeZones`"),
            "{}",
            action.message
        );
        assert!(
            action.message.contains("`DescribeZonez`"),
            "{}",
            action.message
        );
        let far = resolve("cvm", "2017-03-12", "Nothing", &[])
            .unwrap()
            .unwrap_err();
        assert!(!far.message.contains("Did you mean"), "{}", far.message);
        let found = resolve("cvm", "2017-03-12", "DescribeZones", &[])
            .unwrap()
            .unwrap();
        assert_eq!(
            (found.service.as_str(), found.name.as_str()),
            ("cvm", "DescribeZones")
        );
    }

    #[test]
    fn parameters_are_checked_in_order_at_any_depth() {
        assert!(checked("DescribeInstances", json!({}), false).is_ok());
        let ok = json!({"Limit": 10, "Filters": [{"Name": "zone", "Values": ["ap-guangzhou-3"]}]});
        assert!(checked("DescribeInstances", ok, false).is_ok());
        let missing = checked(
            "DescribeInstances",
            json!({"Filters": [{"Values": []}]}),
            false,
        )
        .unwrap_err();
        assert_eq!(missing.code, codes::MISSING_PARAMETER);
        assert!(
            missing.message.contains("`Filters.0.Name`"),
            "{}",
            missing.message
        );
        // Missing comes before unknown, unknown before a wrong type.
        let all = json!({"Limit": "ten", "Limt": 1, "Filters": [{"Values": []}]});
        assert_eq!(
            checked("DescribeInstances", all, false).unwrap_err().code,
            codes::MISSING_PARAMETER
        );
        let unknown = checked(
            "DescribeInstances",
            json!({"Limit": "ten", "Limt": 1}),
            false,
        )
        .unwrap_err();
        assert_eq!(unknown.code, codes::UNKNOWN_PARAMETER);
        assert!(unknown.message.contains("`Limt`"), "{}", unknown.message);
        assert!(
            unknown.message.contains("Did you mean `Limit`?"),
            "{}",
            unknown.message
        );
        let wrong = checked(
            "DescribeInstances",
            json!({"Filters": [{"Name": "zone", "Values": ["a", 1]}]}),
            false,
        )
        .unwrap_err();
        assert_eq!(wrong.code, codes::INVALID_PARAMETER_VALUE);
        assert!(
            wrong.message.contains("`Filters.0.Values.1`"),
            "{}",
            wrong.message
        );
        assert!(wrong.message.contains("a number"), "{}", wrong.message);
        // null is absent.
        assert!(checked("DescribeInstances", json!({"Limit": null}), false).is_ok());
    }

    #[test]
    fn json_types_must_match() {
        let limit = |v: Value| checked("DescribeInstances", json!({ "Limit": v }), false);
        assert!(limit(json!(5)).is_ok());
        assert!(limit(json!(-5)).is_ok());
        for bad in [json!(1.5), json!("5"), json!(true), json!([5]), json!({})] {
            assert_eq!(limit(bad).unwrap_err().code, codes::INVALID_PARAMETER_VALUE);
        }
        let names = |v: Value| checked("DescribeInstances", json!({ "InstanceIds": v }), false);
        assert!(names(json!(["ins-1"])).is_ok());
        assert!(names(json!("ins-1")).is_err());
        assert!(names(json!([null])).is_err());
    }

    #[test]
    fn query_text_spells_numbers_and_booleans() {
        let q = json!({"Limit": "10", "Filters": [{"Name": "zone", "Values": ["1"]}]});
        assert!(checked("DescribeInstances", q, true).is_ok());
        let bad = checked("DescribeInstances", json!({"Limit": "ten"}), true).unwrap_err();
        assert_eq!(bad.code, codes::INVALID_PARAMETER_VALUE);
        assert!(bad.message.contains("`ten`"), "{}", bad.message);
        assert!(spells(&Type::Bool, "True"));
        assert!(!spells(&Type::Uint64, "-1"));
        assert!(!spells(&Type::Float, "NaN"));
    }

    #[test]
    fn answers_the_example_or_a_built_response() {
        let zones = example(cvm(), "DescribeZones").unwrap();
        assert!(zones.contains_key("ZoneSet"));
        assert!(!zones.contains_key("RequestId"));
        let built = built_output(cvm(), "DescribeZones");
        assert_eq!(built["TotalCount"], 0);
        assert_eq!(built["ZoneSet"], json!([]));
        assert!(!built.contains_key("RequestId"));
    }

    #[test]
    fn recursive_definitions_end() {
        let object = |name: &str, ty: Type| Object {
            name: name.to_owned(),
            usage: None,
            members: vec![tencent_action_spec::Member {
                name: "Next".to_owned(),
                ty,
                required: false,
                output_required: true,
                nullable: true,
                disabled: false,
            }],
        };
        let schema = Service::new(
            "demo",
            "2020-01-01",
            vec![tencent_action_spec::Action {
                name: "Walk".to_owned(),
                input: "WalkRequest".to_owned(),
                output: "Node".to_owned(),
            }],
            vec![
                object("Node", Type::Object("Node".to_owned())),
                object("WalkRequest", Type::Bool),
            ],
        );
        assert_eq!(
            Value::Object(built_output(&schema, "Walk")),
            json!({"Next": null})
        );
        let mut building = vec!["X"; MAX_OUTPUT_DEPTH];
        let ty = Type::Object("WalkRequest".to_owned());
        assert_eq!(build_value(&schema, &ty, &mut building), Value::Null);
    }

    #[test]
    fn suggestions_read_as_a_list() {
        assert_eq!(quoted(&["A"]), "`A`");
        assert_eq!(quoted(&["A", "B", "C"]), "`A`, `B` or `C`");
    }
}

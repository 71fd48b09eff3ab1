//! Actions without a handler, served from the spec index over real HTTP on 127.0.0.1: many
//! actions of many services answered, parameters checked, unknown names suggested.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};
use tencent_action_core::HttpMethod;
use tencent_action_core::verifier::{encode_query, flatten_params};
use tencent_action_emulator::RunningEmulator;
use tencent_action_spec::{Object, Service, Type};

use crate::support::*;

/// The services built-in handlers serve; the others are served from the index only.
const HANDLED: [&str; 2] = ["iotexplorer", "sts"];

/// A value of type `ty` with every required member filled, at any depth.
fn value_of(schema: &Service, ty: &Type, depth: usize) -> Value {
    assert!(depth < 16, "a required member nests without end");
    match ty {
        Type::String => json!("x"),
        Type::Date => json!("2024-01-02"),
        Type::DateTime => json!("2024-01-02 03:04:05"),
        Type::DateTimeIso => json!("2024-01-02T03:04:05Z"),
        Type::Binary => json!("eA=="),
        Type::Int64 => json!(-1),
        Type::Uint64 => json!(1),
        Type::Float => json!(1.5),
        Type::Bool => json!(true),
        Type::List(inner) => json!([value_of(schema, inner, depth + 1)]),
        Type::Object(name) => match schema.object(name) {
            Some(object) => Value::Object(required_params(schema, object, depth + 1)),
            None => json!({}),
        },
    }
}

fn required_params(schema: &Service, object: &Object, depth: usize) -> Map<String, Value> {
    object
        .members
        .iter()
        .filter(|m| m.required)
        .map(|m| (m.name.clone(), value_of(schema, &m.ty, depth)))
        .collect()
}

/// Every member of the request, optional ones too, each nested object with its required
/// members.
fn all_params(schema: &Service, object: &Object) -> Map<String, Value> {
    object
        .members
        .iter()
        .map(|m| (m.name.clone(), value_of(schema, &m.ty, 0)))
        .collect()
}

/// A deterministic spread over the index: the newest version of every 12th service without a
/// handler, and 5 actions spaced through each.
fn chosen() -> Vec<(&'static Service, &'static str)> {
    let services: BTreeSet<&str> = tencent_action_spec::service_versions()
        .map(|(s, _)| s)
        .filter(|s| !HANDLED.contains(s))
        .collect();
    let mut out = Vec::new();
    for service in services.into_iter().step_by(12) {
        let versions = tencent_action_spec::versions(service);
        let version = versions.last().expect("a version");
        let schema = tencent_action_spec::service(service, version).expect("the schema");
        let names: Vec<&str> = schema.actions().map(|a| a.name.as_str()).collect();
        for i in 0..5.min(names.len()) {
            out.push((schema, names[i * names.len() / 5]));
        }
    }
    out
}

async fn call(
    emulator: &RunningEmulator,
    schema: &Service,
    action: &str,
    params: &Map<String, Value>,
    get: bool,
) -> Reply {
    let body = serde_json::to_vec(params).unwrap();
    let query = encode_query(&flatten_params(&Value::Object(params.clone())));
    let mut request = if get {
        Call::get(&query)
    } else {
        Call::post(&body)
    };
    request.service = schema.name();
    request.version = schema.version();
    request.action = action;
    request.send(emulator.addr()).await
}

fn assert_request_id(reply: &Reply) {
    let id = reply.request_id();
    assert_eq!(id.len(), 36, "{}", reply.body);
    assert_eq!(id.matches('-').count(), 4, "{}", reply.body);
}

#[tokio::test]
async fn answers_many_actions_of_many_services_with_their_documented_output() {
    let emulator = start(builder()).await;
    let chosen = chosen();
    let mut services = BTreeSet::new();
    let mut with_required = 0;
    for (n, (schema, action)) in chosen.iter().enumerate() {
        let input = schema.input(action).expect("the request object");
        // Every third call sends the optional members too; every fifth goes by GET.
        let params = if n % 3 == 0 {
            all_params(schema, input)
        } else {
            required_params(schema, input, 0)
        };
        with_required += usize::from(input.members.iter().any(|m| m.required));
        let reply = call(&emulator, schema, action, &params, n % 5 == 4).await;
        let what = format!(
            "{} {} {action}: {}",
            schema.name(),
            schema.version(),
            reply.body
        );
        assert_eq!(reply.status, 200, "{what}");
        assert_eq!(reply.code(), None, "{what}");
        assert_request_id(&reply);
        let response = reply.body["Response"]
            .as_object()
            .expect("a Response object");
        assert_eq!(
            response.keys().next_back().map(String::as_str),
            Some("RequestId")
        );
        let example = tencent_action_spec::example_output(schema.name(), schema.version(), action)
            .map(|text| serde_json::from_str::<Value>(text).unwrap());
        match example {
            Some(example) if example["Response"].get("Error").is_none() => {
                let documented = example["Response"].as_object().unwrap();
                for (name, value) in documented.iter().filter(|(k, _)| *k != "RequestId") {
                    assert_eq!(response.get(name), Some(value), "{what}");
                }
                assert_eq!(response.len(), documented.len(), "{what}");
                if let Some(old) = documented.get("RequestId") {
                    assert_ne!(&response["RequestId"], old, "{what}");
                }
            }
            _ => {
                let output = schema.output(action).unwrap();
                for member in output.members.iter().filter(|m| !m.disabled) {
                    assert!(response.contains_key(&member.name), "{what}");
                }
            }
        }
        services.insert(schema.name());
    }
    assert!(chosen.len() >= 50, "{} actions", chosen.len());
    assert!(services.len() >= 10, "{services:?}");
    assert!(
        with_required >= 10,
        "{with_required} actions with required members"
    );
    let processed = chosen
        .iter()
        .filter(|(_, a)| emulator.processed(a) > 0)
        .count();
    assert_eq!(processed, chosen.len());
}

#[tokio::test]
async fn an_action_documented_without_an_example_answers_every_response_member() {
    let (schema, action) = tencent_action_spec::service_versions()
        .filter(|(s, _)| !HANDLED.contains(s))
        .find_map(|(s, v)| {
            let schema = tencent_action_spec::service(s, v)?;
            let action = schema
                .actions()
                .find(|a| tencent_action_spec::example_output(s, v, &a.name).is_none())?;
            Some((schema, action.name.as_str()))
        })
        .expect("an action without an example output");
    let emulator = start(builder()).await;
    let params = required_params(schema, schema.input(action).unwrap(), 0);
    let reply = call(&emulator, schema, action, &params, false).await;
    assert_eq!(reply.code(), None, "{}", reply.body);
    assert_request_id(&reply);
    let response = reply.body["Response"].as_object().unwrap();
    let output = schema.output(action).unwrap();
    let expected: Vec<&str> = output
        .members
        .iter()
        .filter(|m| !m.disabled)
        .map(|m| m.name.as_str())
        .collect();
    let got: Vec<&str> = response.keys().map(String::as_str).collect();
    assert_eq!(got, expected, "{}", reply.body);
    for member in output.members.iter().filter(|m| m.name != "RequestId") {
        let value = &response[&member.name];
        let fits = match &member.ty {
            Type::Int64 | Type::Uint64 => value == 0,
            Type::Float => value.as_f64() == Some(0.0),
            Type::Bool => value == false,
            Type::List(_) => value == &json!([]),
            Type::Object(_) => value.is_object() || value.is_null(),
            _ => value.is_string(),
        };
        assert!(fits, "{} = {value}", member.name);
    }
}

fn cvm() -> &'static Service {
    tencent_action_spec::service("cvm", "2017-03-12").unwrap()
}

async fn describe_instances(emulator: &RunningEmulator, params: Value) -> Reply {
    let Value::Object(params) = params else {
        panic!("params are an object")
    };
    call(emulator, cvm(), "DescribeInstances", &params, false).await
}

#[tokio::test]
async fn parameters_are_checked_against_the_request_at_any_depth() {
    let emulator = start(builder()).await;
    let ok = describe_instances(
        &emulator,
        json!({"Limit": 1, "Filters": [{"Name": "zone", "Values": ["ap-guangzhou-3"]}]}),
    )
    .await;
    assert_eq!(ok.code(), None, "{}", ok.body);

    let missing = describe_instances(&emulator, json!({"Filters": [{"Values": ["a"]}]})).await;
    assert_eq!(missing.code(), Some("MissingParameter"), "{}", missing.body);
    assert!(
        missing.message().contains("`Filters.0.Name`"),
        "{}",
        missing.body
    );
    assert_request_id(&missing);

    let unknown = describe_instances(
        &emulator,
        json!({"Filters": [{"Name": "zone", "Values": ["a"], "Valuse": ["a"]}]}),
    )
    .await;
    assert_eq!(unknown.code(), Some("UnknownParameter"), "{}", unknown.body);
    assert!(
        unknown.message().contains("`Filters.0.Valuse`"),
        "{}",
        unknown.body
    );
    assert!(
        unknown.message().contains("`Filters.0.Values`?"),
        "{}",
        unknown.body
    );
    let top = describe_instances(&emulator, json!({"NoSuchMember": 1})).await;
    assert_eq!(top.code(), Some("UnknownParameter"), "{}", top.body);
    assert!(top.message().contains("`NoSuchMember`"), "{}", top.body);

    for (params, path) in [
        (json!({"Limit": "1"}), "`Limit`"),
        (json!({"Limit": 1.5}), "`Limit`"),
        (json!({"InstanceIds": "ins-1"}), "`InstanceIds`"),
        (
            json!({"Filters": [{"Name": "zone", "Values": ["a", 2]}]}),
            "`Filters.0.Values.1`",
        ),
        (json!({"Filters": {"Name": "zone"}}), "`Filters`"),
    ] {
        let wrong = describe_instances(&emulator, params.clone()).await;
        assert_eq!(
            wrong.code(),
            Some("InvalidParameterValue"),
            "{params}: {}",
            wrong.body
        );
        assert!(wrong.message().contains(path), "{params}: {}", wrong.body);
    }

    // A required member missing is answered before an unknown one, an unknown one before a
    // wrong type.
    let first = describe_instances(
        &emulator,
        json!({"Limit": "x", "Extra": 1, "Filters": [{"Values": []}]}),
    )
    .await;
    assert_eq!(first.code(), Some("MissingParameter"), "{}", first.body);
    let second = describe_instances(&emulator, json!({"Limit": "x", "Extra": 1})).await;
    assert_eq!(second.code(), Some("UnknownParameter"), "{}", second.body);
    // None of the refused calls ran.
    assert_eq!(emulator.processed("DescribeInstances"), 1);
}

#[tokio::test]
async fn a_required_member_left_out_is_named() {
    let emulator = start(builder()).await;
    let (schema, action) = chosen()
        .into_iter()
        .find(|(schema, action)| {
            schema
                .input(action)
                .is_some_and(|input| input.members.iter().any(|m| m.required))
        })
        .expect("an action with a required member");
    let input = schema.input(action).unwrap();
    let mut params = required_params(schema, input, 0);
    let dropped = input.members.iter().find(|m| m.required).unwrap();
    params.remove(&dropped.name);
    let reply = call(&emulator, schema, action, &params, false).await;
    assert_eq!(reply.code(), Some("MissingParameter"), "{}", reply.body);
    assert!(
        reply.message().contains(&format!("`{}`", dropped.name)),
        "{}",
        reply.body
    );
}

#[tokio::test]
async fn query_values_are_read_as_the_declared_types() {
    let emulator = start(builder()).await;
    let mut get = Call::get("Limit=2&Offset=0&Filters.0.Name=zone&Filters.0.Values.0=7");
    get.service = "cvm";
    get.version = "2017-03-12";
    get.action = "DescribeInstances";
    let ok = get.send(emulator.addr()).await;
    assert_eq!(ok.code(), None, "{}", ok.body);
    get.query = "Limit=two";
    let wrong = get.send(emulator.addr()).await;
    assert_eq!(
        wrong.code(),
        Some("InvalidParameterValue"),
        "{}",
        wrong.body
    );
    assert!(wrong.message().contains("`two`"), "{}", wrong.body);
    assert_eq!(get.method, HttpMethod::Get);
}

#[tokio::test]
async fn unknown_actions_get_suggestions_and_unknown_versions_their_list() {
    let emulator = start(builder()).await;
    let mut post = Call::post(b"{}");
    post.service = "cvm";
    post.version = "2017-03-12";
    post.action = "DescribeInstance";
    let reply = post.send(emulator.addr()).await;
    assert_eq!(reply.code(), Some("InvalidAction"), "{}", reply.body);
    assert!(reply.message().contains("Did you mean"), "{}", reply.body);
    assert!(
        reply.message().contains("`DescribeInstances`"),
        "{}",
        reply.body
    );
    assert_request_id(&reply);

    post.action = "DescribeInstances";
    post.version = "2017-03-13";
    let reply = post.send(emulator.addr()).await;
    assert_eq!(reply.code(), Some("NoSuchVersion"), "{}", reply.body);
    assert!(reply.message().contains("2017-03-12"), "{}", reply.body);

    post.service = "nosuchservice";
    post.version = "2017-03-12";
    let reply = post.send(emulator.addr()).await;
    assert_eq!(reply.code(), Some("InvalidAction"), "{}", reply.body);
}

#[tokio::test]
async fn handlers_come_first_and_leave_namesakes_of_other_services_to_the_index() {
    let emulator = start(
        builder().handle_json("cvm", "2017-03-12", "DescribeZones", |_| {
            Ok(json!({"TotalCount": 42, "ZoneSet": []}))
        }),
    )
    .await;
    let mut post = Call::post(b"{}");
    post.service = "cvm";
    post.version = "2017-03-12";
    post.action = "DescribeZones";
    let handled = post.send(emulator.addr()).await;
    assert_eq!(
        handled.body["Response"]["TotalCount"], 42,
        "{}",
        handled.body
    );

    // Another service's DescribeZones, signed for that service.
    let (service, version) = tencent_action_spec::service_versions()
        .find(|(s, v)| {
            *s != "cvm"
                && tencent_action_spec::action_names(s, v)
                    .is_some_and(|names| names.contains(&"DescribeZones"))
        })
        .expect("another service with DescribeZones");
    post.service = service;
    post.version = version;
    let params = required_params(
        tencent_action_spec::service(service, version).unwrap(),
        tencent_action_spec::service(service, version)
            .unwrap()
            .input("DescribeZones")
            .unwrap(),
        0,
    );
    let body = serde_json::to_vec(&params).unwrap();
    post.body = &body;
    let served = post.send(emulator.addr()).await;
    assert_eq!(served.code(), None, "{service} {version}: {}", served.body);
    assert_ne!(served.body["Response"]["TotalCount"], 42, "{}", served.body);

    // The handler's own action signed for the wrong service still fails verification.
    let mut trtc = Call::post(br#"{"TRTCUserIds":["a"],"RoomId":"r"}"#);
    trtc.service = "cvm";
    let refused = trtc.send(emulator.addr()).await;
    assert_eq!(
        refused.code(),
        Some("AuthFailure.SignatureFailure"),
        "{}",
        refused.body
    );
}

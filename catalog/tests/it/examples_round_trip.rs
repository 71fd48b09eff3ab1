//! Every request example of the official spec (`examples.json`) with a JSON body deserializes
//! into its generated request type and serializes back to the same JSON value (numbers compare
//! by value: `4` and `4.0` are the same JSON number), except the
//! examples listed in [`KNOWN_DISAGREEMENTS`], which contradict the spec itself. The list is
//! exact: a new disagreement, or a listed one that starts to pass, fails the test.
//!
//! The spec is read from the workspace's `spec/official/`, or from the directory in
//! `TENCENT_ACTION_SPEC_DIR`; a missing spec fails the test.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde_json::Value;
use tencent_action::{Action, Model};

use tencent_action_catalog::iotexplorer_v20190423::{ActionVisitor, for_each_action};

/// Examples (action, 1-based position in its list) that disagree with the spec, and why.
const KNOWN_DISAGREEMENTS: &[(&str, usize, &str)] = &[
    (
        "CreateBatchProduction",
        1,
        "BurnMethod and GenerationMethod are int64 in the spec, strings (\"0\", \"1\") in the example",
    ),
    (
        "CreateBatchProduction",
        2,
        "BurnMethod, BatchCnt and GenerationMethod are int64 in the spec, strings in the example",
    ),
    (
        "CreateStudioProduct",
        1,
        "DataProtocol, ProductType and CategoryId are int64 in the spec, strings in the example",
    ),
    (
        "DescribeBindedProducts",
        1,
        "ProductSource, Limit and Offset are int64 in the spec, strings in the example",
    ),
    (
        "DescribeGatewaySubProducts",
        1,
        "Limit and Offset are uint64 in the spec, strings in the example",
    ),
    (
        "GetStudioProductList",
        1,
        "Limit and Offset are uint64 in the spec, strings in the example",
    ),
    (
        "ModifyStudioProduct",
        1,
        "BindStrategy (uint64) and ModuleId (int64) are strings in the example",
    ),
    (
        "SearchStudioProduct",
        1,
        "Offset and Limit are uint64 in the spec, strings in the example",
    ),
    (
        "StartPackageUsageReport",
        1,
        "ChannelId is uint64 in the spec, a string (\"1\") in the example",
    ),
    (
        "StopPackageUsageReport",
        1,
        "ChannelId is uint64 in the spec, a string (\"1\") in the example",
    ),
];

/// Successful response examples that disagree with the spec, and why.
const KNOWN_RESPONSE_DISAGREEMENTS: &[(&str, usize, &str)] = &[];

fn examples_file() -> PathBuf {
    match std::env::var_os("TENCENT_ACTION_SPEC_DIR") {
        Some(dir) => PathBuf::from(dir).join("iotexplorer-2019-04-23/examples.json"),
        None => PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../spec/official/iotexplorer-2019-04-23/examples.json"
        )),
    }
}

/// The JSON body of an example request: the text after the blank line that ends the HTTP
/// headers. `None` for GET examples, which carry their parameters in the URL.
fn body_of(input: &str) -> Option<Result<Value, String>> {
    let input = input.replace("\r\n", "\n");
    let mut lines = input.lines();
    lines.by_ref().find(|line| line.trim().is_empty())?;
    let body = lines.collect::<Vec<_>>().join("\n");
    let body = body.trim();
    if body.is_empty() {
        return None;
    }
    Some(serde_json::from_str(body).map_err(|e| format!("the body is not JSON: {e}")))
}

/// What went wrong with one example.
fn round_trip<A: Model>(body: &Value) -> Result<(), String> {
    let typed: A =
        serde_json::from_value(body.clone()).map_err(|e| format!("does not deserialize: {e}"))?;
    let back = serde_json::to_value(&typed).map_err(|e| format!("does not serialize: {e}"))?;
    match first_difference(body, &back, String::new()) {
        None => Ok(()),
        Some(difference) => Err(format!("serializes differently: {difference}")),
    }
}

/// The first place where `example` and `back` differ, by wire path.
fn first_difference(example: &Value, back: &Value, path: String) -> Option<String> {
    let at = |path: &str| {
        if path.is_empty() {
            "the body".to_owned()
        } else {
            path.to_owned()
        }
    };
    match (example, back) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                let path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                match b.get(key) {
                    None => return Some(format!("{path} is dropped (example: {value})")),
                    Some(other) => {
                        if let Some(d) = first_difference(value, other, path) {
                            return Some(d);
                        }
                    }
                }
            }
            b.keys()
                .find(|key| !a.contains_key(*key))
                .map(|key| format!("{} gains {key}", at(&path)))
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (x, y))| first_difference(x, y, format!("{path}.{i}"))),
        // JSON has one number type: a float member written `4` in an example comes back as
        // `4.0`, the same value.
        (Value::Number(a), Value::Number(b))
            if a.as_f64() == b.as_f64() && (a.is_f64() || b.is_f64()) =>
        {
            None
        }
        _ if example == back => None,
        _ => Some(format!("{}: example {example}, back {back}", at(&path))),
    }
}

/// One example: its request body (`None` for GET examples) and its successful response.
struct Example {
    request: Option<Result<Value, String>>,
    /// The content of `Response`; `None` for error examples.
    response: Option<Result<Value, String>>,
}

/// The outcome of every example, by (action, 1-based position).
#[derive(Default)]
struct Outcomes {
    checked: usize,
    failures: BTreeMap<(String, usize), String>,
}

impl Outcomes {
    fn record(&mut self, action: &str, index: usize, result: Result<(), String>) {
        self.checked += 1;
        if let Err(why) = result {
            self.failures.insert((action.to_owned(), index), why);
        }
    }
}

struct Checker {
    examples: BTreeMap<String, Vec<Example>>,
    visited: BTreeSet<String>,
    requests: Outcomes,
    responses: Outcomes,
}

impl ActionVisitor for Checker {
    fn visit<A: Action + Model>(&mut self) {
        self.visited.insert(A::NAME.to_owned());
        let Some(examples) = self.examples.get(A::NAME) else {
            return;
        };
        for (i, example) in examples.iter().enumerate() {
            match &example.request {
                None => {}
                Some(Err(e)) => self.requests.record(A::NAME, i + 1, Err(e.clone())),
                Some(Ok(body)) => self.requests.record(A::NAME, i + 1, round_trip::<A>(body)),
            }
            match &example.response {
                None => {}
                Some(Err(e)) => self.responses.record(A::NAME, i + 1, Err(e.clone())),
                Some(Ok(body)) => {
                    let result = serde_json::from_value::<A::Response>(body.clone())
                        .map(drop)
                        .map_err(|e| format!("does not deserialize: {e}"));
                    self.responses.record(A::NAME, i + 1, result);
                }
            }
        }
    }
}

/// The successful response of an example output: the content of `Response`, unless it is an
/// error.
fn response_of(output: &str) -> Option<Result<Value, String>> {
    let envelope: Value = match serde_json::from_str(output) {
        Ok(v) => v,
        Err(e) => return Some(Err(format!("the output is not JSON: {e}"))),
    };
    let response = envelope.get("Response")?;
    if response.get("Error").is_some() {
        return None;
    }
    Some(Ok(response.clone()))
}

fn check_all() -> (Checker, usize) {
    let path = examples_file();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read the examples {}: {e} (set TENCENT_ACTION_SPEC_DIR to the directory holding iotexplorer-2019-04-23/)",
            path.display()
        )
    });
    let file: Value = serde_json::from_str(&text).expect("examples.json is JSON");
    let actions = file["actions"]
        .as_object()
        .expect("examples.json has `actions`");
    let examples: BTreeMap<String, Vec<Example>> = actions
        .iter()
        .map(|(name, list)| {
            let examples = list
                .as_array()
                .expect("a list of examples")
                .iter()
                .map(|example| Example {
                    request: body_of(example["input"].as_str().expect("`input` is text")),
                    response: response_of(example["output"].as_str().expect("`output` is text")),
                })
                .collect();
            (name.clone(), examples)
        })
        .collect();
    let total = examples.values().map(Vec::len).sum();
    let mut checker = Checker {
        examples,
        visited: BTreeSet::new(),
        requests: Outcomes::default(),
        responses: Outcomes::default(),
    };
    for_each_action(&mut checker);
    let unknown: Vec<&String> = checker
        .examples
        .keys()
        .filter(|name| !checker.visited.contains(*name))
        .collect();
    assert!(
        unknown.is_empty(),
        "examples of undeclared actions: {unknown:?}"
    );
    (checker, total)
}

/// Asserts that exactly the `known` examples failed.
fn assert_exactly(outcomes: &Outcomes, known: &[(&str, usize, &str)], list: &str) {
    let known: BTreeMap<(String, usize), &str> = known
        .iter()
        .map(|(action, index, reason)| (((*action).to_owned(), *index), *reason))
        .collect();
    let mut problems = Vec::new();
    for ((action, index), why) in &outcomes.failures {
        if !known.contains_key(&(action.clone(), *index)) {
            problems.push(format!("new disagreement: {action} example {index} {why}"));
        }
    }
    for ((action, index), reason) in &known {
        if !outcomes.failures.contains_key(&(action.clone(), *index)) {
            problems.push(format!(
                "{action} example {index} now passes; remove it from {list} ({reason})"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(outcomes.checked > 0, "no example was checked");
}

#[test]
fn every_request_example_round_trips_through_its_generated_type() {
    let (checker, total) = check_all();
    let outcomes = &checker.requests;
    println!(
        "{} of {total} request examples have a JSON body: {} round-trip, {} are known disagreements",
        outcomes.checked,
        outcomes.checked - outcomes.failures.len(),
        outcomes.failures.len()
    );
    assert_exactly(outcomes, KNOWN_DISAGREEMENTS, "KNOWN_DISAGREEMENTS");
}

/// Which response members are `Option` follows `output_required` and `value_allowed_null`:
/// every successful response example must deserialize into its generated response type.
#[test]
fn every_response_example_deserializes_into_its_generated_type() {
    let (checker, total) = check_all();
    let outcomes = &checker.responses;
    println!(
        "{} of {total} examples show a successful response: {} deserialize, {} are known disagreements",
        outcomes.checked,
        outcomes.checked - outcomes.failures.len(),
        outcomes.failures.len()
    );
    assert_exactly(
        outcomes,
        KNOWN_RESPONSE_DISAGREEMENTS,
        "KNOWN_RESPONSE_DISAGREEMENTS",
    );
}

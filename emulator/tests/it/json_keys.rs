//! The member names of a JSON object, in the order they were sent, for tests that assert the
//! shape of an answer on the wire. Shared by the emulator's and the facade's tests (`#[path]`).

use serde_json::Value;

/// The member names of `value`, in order; panics, naming what it got, when it is no object.
pub(crate) fn json_keys(value: &Value) -> Vec<&str> {
    match value.as_object() {
        Some(object) => object.keys().map(String::as_str).collect(),
        None => panic!("expected a JSON object, got {value}"),
    }
}

//! The checked-in catalogue is exactly what the generator makes of the spec: a change to either
//! fails here until the module is regenerated (`TENCENT_ACTION_REGENERATE=1`, see below).
//!
//! The spec is read from the workspace's `spec/official/`, or from the directory in
//! `TENCENT_ACTION_SPEC_DIR`; a missing spec fails the test.

use std::path::PathBuf;

use tencent_action_gen::{Options, Selection, Style, generate_with};

const MODULE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/iotexplorer_v20190423.rs");

/// The comment lines below the generator's first line.
const HEADER: &[&str] = &[
    "The whole IoT Explorer 2019-04-23 catalogue, with `for_each_action`. Regenerate it from the",
    "workspace root after a change to the spec or to tencent-action-gen with",
    "  TENCENT_ACTION_REGENERATE=1 cargo test -p tencent-action-catalog --test it up_to_date",
    "(the spec is spec/official/iotexplorer-2019-04-23/api.json, or in $TENCENT_ACTION_SPEC_DIR).",
];

fn spec_file() -> PathBuf {
    match std::env::var_os("TENCENT_ACTION_SPEC_DIR") {
        Some(dir) => PathBuf::from(dir).join("iotexplorer-2019-04-23/api.json"),
        None => PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../spec/official/iotexplorer-2019-04-23/api.json"
        )),
    }
}

#[test]
fn generated_module_matches_the_spec() {
    let path = spec_file();
    let api_json = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read the spec {}: {e} (set TENCENT_ACTION_SPEC_DIR to the directory holding iotexplorer-2019-04-23/)",
            path.display()
        )
    });
    let options = Options {
        selection: Selection::All,
        style: Style::Macro,
        registry: true,
        header: HEADER.iter().map(|s| s.to_string()).collect(),
    };
    let expected = generate_with(&api_json, &options).expect("the spec generates");
    if std::env::var_os("TENCENT_ACTION_REGENERATE").is_some_and(|v| !v.is_empty()) {
        std::fs::write(MODULE, &expected).expect("write the module");
        eprintln!("regenerated {MODULE}");
        return;
    }
    let actual = std::fs::read_to_string(MODULE).expect("read the checked-in module");
    if actual != expected {
        let line = actual
            .lines()
            .zip(expected.lines())
            .position(|(a, e)| a != e)
            .unwrap_or_else(|| actual.lines().count().min(expected.lines().count()));
        panic!(
            "{MODULE} is out of date (first difference at line {}:\n  checked in: {:?}\n  generated:  {:?});\n\
             regenerate it with TENCENT_ACTION_REGENERATE=1 cargo test -p tencent-action-catalog --test it up_to_date",
            line + 1,
            actual.lines().nth(line).unwrap_or("<end of file>"),
            expected.lines().nth(line).unwrap_or("<end of file>"),
        );
    }
}

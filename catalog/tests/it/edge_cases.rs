//! The generator's output for a small spec with every case it handles
//! (`gen/tests/data/edge_cases.json`: keywords, digits, acronyms, every type, recursion, models
//! named like std types, secrets) compiles under the macros and behaves on the wire. The
//! generated module is checked in as `tests/it/edge_cases/generated.rs` and kept up to date like
//! the catalogue (`TENCENT_ACTION_REGENERATE=1` rewrites it).

use serde_json::json;
use tencent_action::Action;

// Generated declarations are `pub`, as users paste them into their crates.
#[allow(unreachable_pub)]
mod edge {
    include!("edge_cases/generated.rs");
}

use edge::*;

const SPEC: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../gen/tests/data/edge_cases.json"
);
const GENERATED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/it/edge_cases/generated.rs"
);

#[test]
fn generated_module_is_up_to_date() {
    let spec = std::fs::read_to_string(SPEC).expect("read the edge-case spec");
    let options = tencent_action_gen::Options {
        registry: true,
        ..tencent_action_gen::Options::new(
            tencent_action_gen::Selection::All,
            tencent_action_gen::Style::Macro,
        )
    };
    let expected = tencent_action_gen::generate_with(&spec, &options).expect("generates");
    if std::env::var_os("TENCENT_ACTION_REGENERATE").is_some_and(|v| !v.is_empty()) {
        std::fs::write(GENERATED, &expected).expect("write the module");
        return;
    }
    let actual = std::fs::read_to_string(GENERATED).expect("read the checked-in module");
    assert!(
        actual == expected,
        "{GENERATED} is out of date; regenerate it with TENCENT_ACTION_REGENERATE=1 cargo test -p tencent-action-catalog --test it edge_cases"
    );
}

fn things() -> DescribeThings {
    DescribeThings {
        r#type: "t".into(),
        self_: Some("s".into()),
        product_id: -1,
        product_id_2: Some(2),
        ipv6_address: None,
        limit: Some(-3),
        ratio: Some(0.5),
        weight: None,
        enabled: Some(true),
        day: None,
        at: None,
        at_iso: None,
        ts: None,
        file: Some("aGk=".into()),
        ids: Some(vec![1, 2]),
        names: None,
        flags: Some(vec![false]),
        ratios: None,
        options: Some(OptionModel { key: "k".into() }),
        results: None,
        containers: Some(Containers {
            boxed: Some(BoxModel { size: 1 }),
            text: Some(StringModel { value: "v".into() }),
            list: Some(VecModel { len: 2 }),
        }),
        extra: Some(json!({"any": ["json", 1]})),
        extras: None,
        raw: Some(json!("raw")),
        mystery: None,
        password: Some("hunter2".into()),
        client_token: None,
        tag_key: Some("tk".into()),
        _3d_model: Some("m".into()),
        legacy: None,
    }
}

#[test]
fn requests_use_the_spec_wire_names() {
    let value = serde_json::to_value(things()).unwrap();
    assert_eq!(
        value,
        json!({
            "Type": "t",
            "Self": "s",
            "ProductID": -1,
            "ProductId": 2,
            "Limit": -3,
            "Ratio": 0.5,
            "Enabled": true,
            "File": "aGk=",
            "Ids": [1, 2],
            "Flags": [false],
            "Options": {"Key": "k"},
            "Containers": {"Boxed": {"Size": 1}, "Text": {"Value": "v"}, "List": {"Len": 2}},
            "Extra": {"any": ["json", 1]},
            "Raw": "raw",
            "Password": "hunter2",
            "Tag.Key": "tk",
            "3DModel": "m"
        })
    );
    let back: DescribeThings = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(serde_json::to_value(back).unwrap(), value);
}

#[test]
fn actions_carry_the_spec_names_and_credentials_are_redacted() {
    assert_eq!(DescribeThings::NAME, "DescribeThings");
    assert_eq!(CreateTrtcRoom::NAME, "CreateTRTCRoom");
    assert_eq!(CreateTrtcRoom::SERVICE, "edge");
    assert_eq!(CreateTrtcRoom::VERSION, "2020-01-01");
    const { assert!(DescribeThings::IDEMPOTENT) };
    let debug = format!("{:?}", things());
    assert!(!debug.contains("hunter2"), "{debug}");
    assert!(
        debug.contains("type: \"t\"") && debug.contains("password: Some(<redacted>)"),
        "{debug}"
    );
}

#[test]
fn responses_require_what_the_spec_requires() {
    let ok: DescribeThingsResponse = serde_json::from_value(json!({
        "TotalCount": 1,
        "Nullable": null,
        "OldStyle": "o",
        "Things": [{"A": "a"}],
        "Tree": {"Name": "root", "Parent": {"Name": "up"}, "Children": [{"Name": "leaf"}]},
        "Ping": {"Pong": {"Ping": {}}},
        "RequestId": "r",
        "Unknown": 1
    }))
    .unwrap();
    assert_eq!(ok.total_count, 1);
    assert!(ok.nullable.is_none() && ok.gone.is_none());
    let tree = ok.tree.unwrap();
    assert_eq!(tree.parent.unwrap().name, "up");
    assert_eq!(tree.children.unwrap()[0].name, "leaf");
    let err =
        serde_json::from_value::<DescribeThingsResponse>(json!({"OldStyle": "o", "Things": []}))
            .unwrap_err();
    assert!(err.to_string().contains("TotalCount"), "{err}");
    let empty: CreateTrtcRoomResponse = serde_json::from_value(json!({"RequestId": "r"})).unwrap();
    assert_eq!(serde_json::to_value(empty).unwrap(), json!({}));
}

#[test]
fn the_registry_visits_every_action() {
    struct Names(Vec<&'static str>);
    impl ActionVisitor for Names {
        fn visit<A: tencent_action::Action + tencent_action::Model>(&mut self) {
            self.0.push(A::NAME);
        }
    }
    let mut names = Names(Vec::new());
    for_each_action(&mut names);
    assert_eq!(names.0, ["CreateTRTCRoom", "DescribeThings"]);
}

//! The generator on a small spec with every case it handles (`tests/data/edge_cases.json`):
//! names, keywords, types, optionality, shadowing renames, recursion, reachability, docs, the
//! registry and errors.

use tencent_action_gen::{
    GenError, Options, Selection, Style, generate, generate_with, type_mappings,
};

const EDGE_CASES: &str = include_str!("../data/edge_cases.json");

fn all(style: Style) -> String {
    generate(EDGE_CASES, &Selection::All, style).unwrap()
}

/// The text of one struct, from its `pub struct` line to its closing brace.
fn struct_text<'a>(out: &'a str, name: &str) -> &'a str {
    let start = out
        .find(&format!("pub struct {name} {{"))
        .unwrap_or_else(|| panic!("no struct {name} in\n{out}"));
    let end = out[start..]
        .find("\n}\n")
        .map_or(out.len(), |e| start + e + 3);
    &out[start..end]
}

#[test]
fn field_names_keywords_digits_and_uniqueness() {
    let out = all(Style::Macro);
    let s = struct_text(&out, "DescribeThings");
    for line in [
        "    pub r#type: String,\n",
        "    pub self_: Option<String>,\n",
        "    #[tc(rename = \"ProductID\")]\n    pub product_id: i64,\n",
        "    #[tc(rename = \"ProductId\")]\n    pub product_id_2: Option<u64>,\n",
        "    #[tc(rename = \"IPv6Address\")]\n    pub ipv6_address: Option<String>,\n",
        "    #[tc(rename = \"Tag.Key\")]\n    pub tag_key: Option<String>,\n",
        "    #[tc(rename = \"3DModel\")]\n    pub _3d_model: Option<String>,\n",
    ] {
        assert!(s.contains(line), "{line:?} in\n{s}");
    }
    // No rename where the field's PascalCase is the wire name.
    assert!(s.contains("    /// Not a raw identifier.\n    pub self_"));
    assert!(s.contains("    pub at_iso: Option<String>,\n"));
    let s = struct_text(&out, "CreateTrtcRoom");
    assert!(
        s.contains("    #[tc(rename = \"TRTCUserIds\")]\n    pub trtc_user_ids: Vec<String>,\n")
    );
}

#[test]
fn every_type_and_member_maps() {
    let out = all(Style::Macro);
    let s = struct_text(&out, "DescribeThings");
    for line in [
        "pub limit: Option<i32>,",
        "pub ratio: Option<f64>,",
        "pub weight: Option<f64>,",
        "pub enabled: Option<bool>,",
        "pub day: Option<String>,",
        "pub at: Option<String>,",
        "pub ts: Option<String>,",
        "pub file: Option<String>,",
        "pub ids: Option<Vec<u64>>,",
        "pub names: Option<Vec<String>>,",
        "pub flags: Option<Vec<bool>>,",
        "pub ratios: Option<Vec<f64>>,",
        "pub containers: Option<Containers>,",
        "pub extra: Option<serde_json::Value>,",
        "pub extras: Option<Vec<serde_json::Value>>,",
        "pub raw: Option<serde_json::Value>,",
        "pub mystery: Option<serde_json::Value>,",
    ] {
        assert!(s.contains(line), "{line:?} in\n{s}");
    }
    let table = type_mappings(EDGE_CASES).unwrap();
    let row = |ty: &str, member: &str| {
        table
            .iter()
            .find(|r| r.ty == ty && r.member == member)
            .unwrap_or_else(|| panic!("no row {ty}/{member}"))
    };
    assert_eq!(row("int", "int64").rust, "i64");
    assert_eq!(row("int", "uint64").rust, "u64");
    assert_eq!(row("binary", "binary").rust, "String");
    assert_eq!(row("object", "<empty object>").rust, "serde_json::Value");
    assert_eq!(row("list", "<object>").rust, "Vec<<model>>");
    assert_eq!(row("string", "string").count, 22);
}

#[test]
fn optional_members_follow_required_output_required_and_null() {
    let out = all(Style::Macro);
    let s = struct_text(&out, "DescribeThingsResponse");
    for line in [
        "pub total_count: i64,",
        "pub nullable: Option<i64>,",
        "pub maybe: Option<String>,",
        // No `output_required`: `required` decides.
        "pub old_style: String,",
        // `disabled`: always optional.
        "pub gone: Option<String>,",
        "pub things: Vec<DescribeThingsModel>,",
    ] {
        assert!(s.contains(line), "{line:?} in\n{s}");
    }
    assert!(
        !s.contains("request_id"),
        "RequestId is in the envelope: {s}"
    );
    // A model used both ways is required only where both sides require it.
    let s = struct_text(&out, "DescribeThingsModel");
    assert!(
        s.contains("pub a: String,") && s.contains("pub b: Option<String>,"),
        "{s}"
    );
    assert!(struct_text(&out, "DescribeThings").contains("pub legacy: Option<String>,"));
    assert!(out.contains("pub struct CreateTrtcRoomResponse {}\n"));
}

#[test]
fn models_named_like_std_types_or_actions_are_renamed() {
    let out = all(Style::Macro);
    for name in ["Option", "Result", "String", "Vec", "Box"] {
        assert!(
            !out.contains(&format!("pub struct {name} ")),
            "{name} shadows std"
        );
        assert!(
            out.contains(&format!("pub struct {name}Model {{")),
            "{name}Model"
        );
    }
    assert!(out.contains("pub options: Option<OptionModel>,"));
    assert!(out.contains("pub results: Option<Vec<ResultModel>>,"));
    // `DescribeThings` is the action; the model of the same name yields.
    assert!(out.contains("pub struct DescribeThingsModel {"));
    // `TRTCParams` and `TrtcParams` fold to one name: the first in order keeps it.
    assert!(out.contains("/// TRTC parameters.\n#[tencent_model]\npub struct TrtcParams {"));
    assert!(out.contains("pub struct TrtcParamsModel {"));
    assert!(out.contains("pub params: Option<Vec<TrtcParamsModel>>,"));
    assert!(out.contains("pub params2: Option<TrtcParams>,"));
}

#[test]
fn recursive_models_are_boxed_and_lists_are_not() {
    let out = all(Style::Macro);
    let s = struct_text(&out, "Node");
    assert!(s.contains("pub parent: Option<Box<Node>>,"), "{s}");
    assert!(s.contains("pub children: Option<Vec<Node>>,"), "{s}");
    assert!(struct_text(&out, "Ping").contains("pub pong: Option<Box<Pong>>,"));
    assert!(struct_text(&out, "Pong").contains("pub ping: Option<Box<Ping>>,"));
}

#[test]
fn only_reachable_models_in_alphabetical_order() {
    let out = all(Style::Macro);
    assert!(!out.contains("Unreachable"));
    let models: Vec<&str> = out
        .split("#[tencent_model]\npub struct ")
        .skip(1)
        .map(|rest| rest.split(' ').next().unwrap())
        .filter(|name| !name.ends_with("Response"))
        .collect();
    let mut sorted = models.clone();
    sorted.sort();
    assert_eq!(models, sorted);
    assert_eq!(models.len(), 12, "{models:?}");
    // One action selected: only what it reaches.
    let one = generate(
        EDGE_CASES,
        &Selection::Actions(vec!["CreateTRTCRoom".into()]),
        Style::Macro,
    )
    .unwrap();
    assert!(one.contains("(1 action, 2 models)"), "{one}");
    assert!(!one.contains("DescribeThings"));
    // Names do not depend on the selection.
    assert!(one.contains("pub struct TrtcParamsModel {"));
}

#[test]
fn action_attributes_name_only_when_it_differs() {
    let out = all(Style::Macro);
    assert!(out.contains(
        "#[tencent_action(service = \"edge\", name = \"CreateTRTCRoom\", version = \"2020-01-01\")]\npub struct CreateTrtcRoom {"
    ));
    assert!(out.contains(
        "#[tencent_action(service = \"edge\", version = \"2020-01-01\")]\npub struct DescribeThings {"
    ));
}

#[test]
fn credentials_are_secret_but_client_tokens_are_not() {
    let out = all(Style::Macro);
    assert!(out.contains("    #[tc(secret)]\n    pub password: Option<String>,"));
    assert!(out.contains("    #[tc(secret)]\n    pub user_sig: Option<String>,"));
    assert!(out.contains("    #[tc(secret)]\n    pub private_key: Option<String>,"));
    assert!(out.contains("    pub client_token: Option<String>,"));
    assert!(!out.contains("#[tc(secret)]\n    pub client_token"));
}

#[test]
fn docs_are_stripped_and_escaped() {
    let out = all(Style::Macro);
    let create = "/// Create a TRTC room\n///\n/// Creates a room.\n///\n/// - one `a[0]`\n/// - two\n///\n/// See the docs (<https://cloud.tencent.com/document/api>) or <https://cloud.tencent.com/x>.\n";
    assert!(out.contains(create), "{out}");
    let describe = "/// Describe things\n///\n/// Lists things.\n///\n/// indented, not code\n/// \\`\\`\\`\n/// not a fence\n/// \\`\\`\\`\n/// \\[not a link\\] and `code` and \\<base64> and a_b \\*c\\*\n///\n/// The service marks this action `deprecated`.\n";
    assert!(out.contains(describe), "{out}");
    for line in out.lines() {
        let doc = line.trim_start().strip_prefix("///");
        if let Some(doc) = doc {
            assert!(!doc.starts_with("     "), "indented doc line: {line:?}");
            assert!(!doc.contains("```"), "fence: {line:?}");
            assert!(!line.ends_with(' '), "trailing space: {line:?}");
        }
    }
}

#[test]
fn plain_serde_style() {
    let out = all(Style::PlainSerde);
    assert!(!out.contains("tencent_action"));
    assert!(!out.contains("#[tc("));
    let s = struct_text(&out, "DescribeThings");
    assert!(s.contains(
        "    #[serde(rename = \"ProductId\")]\n    #[serde(default, skip_serializing_if = \"Option::is_none\")]\n    pub product_id_2: Option<u64>,\n"
    ));
    assert!(s.contains("    pub r#type: String,\n"));
    assert_eq!(
        out.matches("#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]\n#[serde(rename_all = \"PascalCase\")]\npub struct ").count(),
        16
    );
}

#[test]
fn registry_lists_every_selected_action() {
    let options = Options {
        registry: true,
        header: vec!["first".into(), String::new(), "third".into()],
        ..Options::new(Selection::All, Style::Macro)
    };
    let out = generate_with(EDGE_CASES, &options).unwrap();
    assert!(out.starts_with("// Generated by tencent-action-gen from the api.json of edge 2020-01-01 (2 actions, 12 models); do not edit.\n// first\n//\n// third\n\nuse tencent_action::{tencent_action, tencent_model};\n"));
    assert!(out.ends_with(
        "pub fn for_each_action<V: ActionVisitor + ?Sized>(visitor: &mut V) {\n    visitor.visit::<CreateTrtcRoom>();\n    visitor.visit::<DescribeThings>();\n}\n"
    ));
    let plain = Options {
        registry: true,
        ..Options::new(Selection::All, Style::PlainSerde)
    };
    assert!(matches!(
        generate_with(EDGE_CASES, &plain),
        Err(GenError::RegistryNeedsMacroStyle)
    ));
}

#[test]
fn errors_say_what_is_wrong() {
    let err = generate(
        EDGE_CASES,
        &Selection::Actions(vec!["DescribeThing".into()]),
        Style::Macro,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the spec has no action `DescribeThing`; did you mean `DescribeThings`?"
    );
    let err = generate("{}", &Selection::All, Style::Macro).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("not a Tencent Cloud api.json: missing field"),
        "{err}"
    );
}

#[test]
fn output_is_deterministic() {
    assert_eq!(all(Style::Macro), all(Style::Macro));
}

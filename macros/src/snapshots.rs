//! Expansion snapshots: each `tests/expand/NAME.rs` declaration is expanded and pretty-printed,
//! and must equal `tests/expand/NAME.expanded.rs`. `UPDATE_SNAPSHOTS=1` rewrites them.

use std::path::Path;

use quote::ToTokens;

use crate::expand::{Kind, expand};

fn expand_file(source: &str) -> String {
    let file: syn::File = syn::parse_str(source).expect("declaration parses");
    let mut out = proc_macro2::TokenStream::new();
    for mut item in file.items {
        let syn::Item::Struct(strukt) = &mut item else {
            panic!("snapshot inputs are structs");
        };
        let position = strukt
            .attrs
            .iter()
            .position(|a| a.path().is_ident("tencent_action") || a.path().is_ident("tencent_model"))
            .expect("a #[tencent_action] or #[tencent_model] attribute");
        let attr = strukt.attrs.remove(position);
        let kind = if attr.path().is_ident("tencent_action") {
            Kind::Action
        } else {
            Kind::Model
        };
        let args = match attr.meta {
            syn::Meta::List(list) => list.tokens,
            _ => proc_macro2::TokenStream::new(),
        };
        out.extend(expand(kind, args, strukt.to_token_stream()));
    }
    let expanded: syn::File = syn::parse2(out).expect("expansion parses as a file");
    prettyplease::unparse(&expanded)
}

#[test]
fn expansions_match_snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expand");
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut checked = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/expand exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "rs")
                && !p.to_string_lossy().ends_with(".expanded.rs")
        })
        .collect();
    entries.sort();
    for input in entries {
        let source = std::fs::read_to_string(&input).expect("readable input");
        let actual = expand_file(&source);
        let snapshot = input.with_extension("expanded.rs");
        if update {
            std::fs::write(&snapshot, &actual).expect("snapshot written");
        } else {
            let expected = std::fs::read_to_string(&snapshot).unwrap_or_else(|_| {
                panic!(
                    "{} is missing; run with UPDATE_SNAPSHOTS=1",
                    snapshot.display()
                )
            });
            assert_eq!(actual, expected, "expansion of {} changed", input.display());
        }
        checked += 1;
    }
    assert!(checked >= 4, "only {checked} snapshots");
}

#[test]
fn a_crate_override_leaves_no_default_path_behind() {
    let source = "#[tencent_action(crate = \"my_runtime\", service = \"cvm\", version = \"2017-03-12\", response = u8)]\npub struct Ping { pub client_token: String }";
    let out = expand_file(source);
    assert!(out.contains("my_runtime::__private_v0_1"), "{out}");
    assert!(!out.contains("tencent_action"), "{out}");
}

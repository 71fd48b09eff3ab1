//! The committed index as a whole: every entry decodes, its counts are the definition's, and
//! lookups agree with each other.

use std::collections::BTreeMap;

use tencent_action_spec::{
    Type, action_names, closest, service, service_versions, services_with_action,
};

#[test]
fn every_service_version_decodes_and_lists_its_actions() {
    let mut actions = 0;
    let mut by_name_version: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    for (name, version) in service_versions() {
        let schema =
            service(name, version).unwrap_or_else(|| panic!("{name} {version} does not decode"));
        let names = action_names(name, version).unwrap();
        assert_eq!(
            schema
                .actions()
                .map(|a| a.name.as_str())
                .collect::<Vec<_>>(),
            names
        );
        for action in schema.actions() {
            actions += 1;
            by_name_version
                .entry((&action.name, version))
                .or_default()
                .push(name);
            assert!(
                schema.object(&action.input).is_some(),
                "{name} {version} {}: no input",
                action.name
            );
            assert!(
                schema.object(&action.output).is_some(),
                "{name} {version} {}: no output",
                action.name
            );
        }
        for object in schema.objects() {
            for member in &object.members {
                let mut ty = &member.ty;
                while let Type::List(inner) = ty {
                    ty = inner;
                }
                if let Type::Object(target) = ty {
                    assert!(
                        schema.object(target).is_some(),
                        "{name} {version}: {} refers to missing {target}",
                        object.name
                    );
                }
            }
        }
    }
    let pairs = service_versions().count();
    let ambiguous = by_name_version.values().filter(|s| s.len() > 1).count();
    println!(
        "{pairs} service versions, {actions} actions, {} name/version pairs, {ambiguous} ambiguous",
        by_name_version.len()
    );
    assert!(pairs >= 300, "{pairs}");
    assert!(actions >= 16_000, "{actions}");
    for ((action, version), services) in &by_name_version {
        assert_eq!(&services_with_action(action, version), services);
    }
    assert!(ambiguous >= 70, "{ambiguous}");
}

#[test]
fn an_ambiguous_name_lists_every_service() {
    assert_eq!(
        services_with_action("DescribeTasks", "2020-12-29"),
        ["ams", "vm"]
    );
    assert_eq!(
        services_with_action("DescribeInstances", "2017-03-12"),
        ["cvm"]
    );
}

#[test]
fn the_documented_example_is_json_with_a_response() {
    let out = tencent_action_spec::example_output("cvm", "2017-03-12", "DescribeZones").unwrap();
    assert!(out.starts_with("{\"Response\":{"), "{out}");
    assert!(!out.contains('\n'));
}

#[test]
fn a_misspelt_action_is_found_again() {
    let iot = service("iotexplorer", "2019-04-23").unwrap();
    let names = iot.actions().map(|a| a.name.as_str());
    assert_eq!(
        closest("CreateTRTCSignatureWithRoomId", names, 3),
        ["CreateTRTCSignaturesWithRoomId"]
    );
}

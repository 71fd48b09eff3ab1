//! The conversion of a `tccli` services folder into the spec index
//! (`tencent-action-spec`'s `data/index.bin`).

use std::path::Path;

use tencent_action_spec::{Action, IndexEntry, Member, Object, Service, Type, Usage};

use crate::spec::{ApiSpec, MemberSpec};

/// A member's type from the definition's `type` and `member`.
fn member_type(m: &MemberSpec) -> Type {
    let element = |name: &str| match name {
        "string" => Type::String,
        "date" => Type::Date,
        "datetime" => Type::DateTime,
        "datetime_iso" => Type::DateTimeIso,
        "binary" => Type::Binary,
        "int64" | "int" => Type::Int64,
        "uint64" => Type::Uint64,
        "float" | "double" => Type::Float,
        "bool" => Type::Bool,
        object => Type::Object(object.to_owned()),
    };
    match m.ty.as_str() {
        "list" => Type::List(Box::new(element(&m.member))),
        _ => element(&m.member),
    }
}

/// One service version's schema from its `api.json`.
///
/// ```
/// let api = r#"{"metadata":{"apiVersion":"2020-01-01","serviceShortName":"demo"},
///   "actions":{"Run":{"input":"RunRequest","output":"RunResponse"}},
///   "objects":{"RunRequest":{"members":[{"name":"Id","type":"int","member":"uint64","required":true}]},
///              "RunResponse":{"members":[]}}}"#;
/// let spec: tencent_action_gen::ApiSpec = serde_json::from_str(api).unwrap();
/// let service = tencent_action_gen::schema_of("demo", &spec);
/// assert!(service.input("Run").unwrap().member("Id").unwrap().required);
/// ```
pub fn schema_of(service: &str, spec: &ApiSpec) -> Service {
    let actions = spec
        .actions
        .iter()
        .map(|(name, a)| Action {
            name: name.clone(),
            input: a.input.clone(),
            output: a.output.clone(),
        })
        .collect();
    let objects = spec
        .objects
        .iter()
        .map(|(name, o)| Object {
            name: name.clone(),
            usage: o.usage.as_deref().and_then(Usage::from_word),
            members: o
                .members
                .iter()
                .map(|m| Member {
                    name: m.name.clone(),
                    ty: member_type(m),
                    required: m.required == Some(true),
                    output_required: m.output_required.unwrap_or(m.required == Some(true)),
                    nullable: m.value_allowed_null == Some(true),
                    disabled: m.disabled == Some(true),
                })
                .collect(),
        })
        .collect();
    Service::new(service, &spec.metadata.api_version, actions, objects)
}

/// The first documented output of each action that is JSON with a `Response` object, on one
/// line, from an `examples.json`.
pub fn example_outputs(examples_json: &str) -> Result<Vec<(String, String)>, serde_json::Error> {
    #[derive(serde::Deserialize)]
    struct Examples {
        actions: std::collections::BTreeMap<String, Vec<Example>>,
    }
    #[derive(serde::Deserialize)]
    struct Example {
        #[serde(default)]
        output: String,
    }
    let examples: Examples = serde_json::from_str(examples_json)?;
    Ok(examples
        .actions
        .into_iter()
        .filter_map(|(action, list)| {
            list.iter().find_map(|example| {
                let value: serde_json::Value = serde_json::from_str(&example.output).ok()?;
                value.get("Response")?.as_object()?;
                Some((action.clone(), value.to_string()))
            })
        })
        .collect())
}

/// Every service version under a `tccli/services` folder (`SERVICE/vYYYYMMDD/api.json`, with
/// `examples.json` beside it where there is one), named as their `metadata` names them (the
/// folder `autoscaling` holds the service `as`), sorted by service and version.
pub fn read_services(dir: &Path) -> Result<Vec<IndexEntry>, String> {
    let mut entries = Vec::new();
    let read_dir = |p: &Path| -> Result<Vec<std::path::PathBuf>, String> {
        let mut out: Vec<_> = std::fs::read_dir(p)
            .map_err(|e| format!("cannot read {}: {e}", p.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir())
            .collect();
        out.sort();
        Ok(out)
    };
    for service_dir in read_dir(dir)? {
        for version_dir in read_dir(&service_dir)? {
            let api_path = version_dir.join("api.json");
            if !api_path.is_file() {
                continue;
            }
            let text = std::fs::read_to_string(&api_path)
                .map_err(|e| format!("cannot read {}: {e}", api_path.display()))?;
            let spec: ApiSpec =
                serde_json::from_str(&text).map_err(|e| format!("{}: {e}", api_path.display()))?;
            let examples_path = version_dir.join("examples.json");
            let example_outputs = match std::fs::read_to_string(&examples_path) {
                Ok(text) => example_outputs(&text)
                    .map_err(|e| format!("{}: {e}", examples_path.display()))?,
                Err(_) => Vec::new(),
            };
            // The API's own name (the endpoint's host and the credential scope), which is
            // the folder's name but for `autoscaling`, the service `as`.
            let service = spec.metadata.service_short_name.clone();
            entries.push(IndexEntry {
                schema: schema_of(&service, &spec),
                example_outputs,
            });
        }
    }
    entries.sort_by(|a, b| {
        (a.schema.name(), a.schema.version()).cmp(&(b.schema.name(), b.schema.version()))
    });
    Ok(entries)
}

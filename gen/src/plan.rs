//! From the spec to what is emitted: which actions and models, their Rust names, field names,
//! types and optionality.

use std::collections::{BTreeMap, BTreeSet};

use crate::doc::doc_lines;
use crate::names::{field_ident, pascal_case, unique_field, upper_camel};
use crate::spec::{ApiSpec, MemberSpec, ObjectSpec};
use crate::{GenError, Selection};
use tencent_action_spec::closest;

/// Type names a model must not take: they would shadow what field types are written with
/// (`Option`, `Box`, `String`, `Vec`), `Result`, `Self`, or the registry's trait.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option",
    "Box",
    "String",
    "Vec",
    "Result",
    "Self",
    "ActionVisitor",
];

/// Everything to emit.
pub(crate) struct Plan {
    /// Read from the spec index rather than an api.json.
    pub from_index: bool,
    pub service: String,
    pub version: String,
    /// Selected actions, by wire name.
    pub actions: Vec<ActionPlan>,
    /// Reachable models, by Rust name.
    pub models: Vec<StructPlan>,
}

pub(crate) struct ActionPlan {
    /// The action's wire name (`X-TC-Action`).
    pub wire: String,
    pub request: StructPlan,
    pub response: StructPlan,
}

pub(crate) struct StructPlan {
    pub rust: String,
    pub doc: Vec<String>,
    pub fields: Vec<FieldPlan>,
}

pub(crate) struct FieldPlan {
    pub ident: String,
    /// `Some(wire)` when the field name's PascalCase is not the wire name.
    pub rename: Option<String>,
    pub ty: String,
    pub optional: bool,
    pub secret: bool,
    pub doc: Vec<String>,
}

impl FieldPlan {
    /// The field's full type, `Option<…>` included.
    pub(crate) fn full_type(&self) -> String {
        if self.optional {
            format!("Option<{}>", self.ty)
        } else {
            self.ty.clone()
        }
    }
}

/// Where an object is used, which decides what "required" means for its members.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Usage {
    /// Requests only: a member is optional unless `required`.
    In,
    /// Responses only: optional unless `output_required` and not `value_allowed_null`.
    Out,
    /// Both: optional unless required in both senses.
    Both,
}

/// The Rust names of every action and object of a spec, assigned over the whole spec so that
/// a name does not depend on which actions are selected.
struct Names {
    /// Action wire name → request struct name (the response is `<that>Response`).
    actions: BTreeMap<String, String>,
    /// Object name → Rust type name, for every object (requests and responses included).
    objects: BTreeMap<String, String>,
}

fn assign_names(spec: &ApiSpec) -> Names {
    let mut taken: BTreeSet<String> = RESERVED_TYPE_NAMES.iter().map(|s| s.to_string()).collect();
    let mut actions = BTreeMap::new();
    let mut objects = BTreeMap::new();
    for (wire, action) in &spec.actions {
        let base = upper_camel(wire);
        let name = first_free(&base, "Action", |n| {
            !taken.contains(n) && !taken.contains(&format!("{n}Response"))
        });
        taken.insert(name.clone());
        taken.insert(format!("{name}Response"));
        objects
            .entry(action.input.clone())
            .or_insert_with(|| name.clone());
        objects
            .entry(action.output.clone())
            .or_insert_with(|| format!("{name}Response"));
        actions.insert(wire.clone(), name);
    }
    for object in spec.objects.keys() {
        if objects.contains_key(object) {
            continue;
        }
        let base = upper_camel(object);
        let name = first_free(&base, "Model", |n| !taken.contains(n));
        taken.insert(name.clone());
        objects.insert(object.clone(), name);
    }
    Names { actions, objects }
}

/// `base`, else `base` + `suffix`, else `base` + `suffix` + 2, 3, …: the first that is free.
fn first_free(base: &str, suffix: &str, free: impl Fn(&str) -> bool) -> String {
    if free(base) {
        return base.to_owned();
    }
    let mut candidate = format!("{base}{suffix}");
    let mut n = 2;
    while !free(&candidate) {
        candidate = format!("{base}{suffix}{n}");
        n += 1;
    }
    candidate
}

/// A shared object that maps to a model struct (it has members).
fn is_model(spec: &ApiSpec, name: &str) -> bool {
    spec.objects
        .get(name)
        .is_some_and(|o| !o.members.is_empty())
}

/// The Rust type of a member's element: the spec's `member`, for `type` given.
pub(crate) fn element_type(
    spec: &ApiSpec,
    ty: &str,
    member: &str,
    model: impl Fn(&str) -> String,
) -> String {
    match (ty, member) {
        ("list" | "object", m) if is_model(spec, m) => model(m),
        (_, "int64" | "int" | "integer") => "i64".to_owned(),
        (_, "uint64") => "u64".to_owned(),
        (_, "int32") => "i32".to_owned(),
        (_, "uint32") => "u32".to_owned(),
        (_, "int16") => "i16".to_owned(),
        (_, "uint16") => "u16".to_owned(),
        (_, "int8") => "i8".to_owned(),
        (_, "uint8") => "u8".to_owned(),
        (_, "float" | "double") => "f64".to_owned(),
        (_, "bool" | "boolean") => "bool".to_owned(),
        // Text on the wire: dates and times as the spec formats them, binary as base64.
        (_, "string" | "date" | "datetime" | "datetime_iso" | "timestamp" | "binary") => {
            "String".to_owned()
        }
        // An object without members, `json`, or anything unknown: any JSON value.
        _ => "serde_json::Value".to_owned(),
    }
}

/// The full element-or-list type of a member (without `Option`).
fn member_type(spec: &ApiSpec, m: &MemberSpec, model: impl Fn(&str) -> String) -> String {
    let element = element_type(spec, &m.ty, &m.member, model);
    if m.ty == "list" {
        format!("Vec<{element}>")
    } else {
        element
    }
}

fn is_optional(m: &MemberSpec, usage: Usage) -> bool {
    if m.disabled == Some(true) {
        return true;
    }
    let in_required = m.required == Some(true);
    let out_required =
        m.output_required.unwrap_or(in_required) && m.value_allowed_null != Some(true);
    match usage {
        Usage::In => !in_required,
        Usage::Out => !out_required,
        Usage::Both => !(in_required && out_required),
    }
}

/// Wire names whose values are credentials, redacted in `Debug` (`#[tc(secret)]`).
pub fn is_secret(wire: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "Secret",
        "SecretKey",
        "PrivateKey",
        "Psk",
        "Password",
        "Passwd",
        "UserSig",
        "ApiKey",
        "SKey",
        "SignKey",
        "Token",
    ];
    wire != "ClientToken" && ENDINGS.iter().any(|e| wire.ends_with(e))
}

/// Object names reachable from `object` through `object`-typed members that lead back to it:
/// those members need a `Box`.
fn cycles_back(spec: &ApiSpec, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_owned()];
    while let Some(name) = stack.pop() {
        if name == to {
            return true;
        }
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(object) = spec.objects.get(&name) {
            for m in &object.members {
                if m.ty == "object" && is_model(spec, &m.member) {
                    stack.push(m.member.clone());
                }
            }
        }
    }
    false
}

fn fields(
    spec: &ApiSpec,
    names: &Names,
    owner: &str,
    object: &ObjectSpec,
    usage: Usage,
    skip_request_id: bool,
) -> Vec<FieldPlan> {
    let mut taken = Vec::new();
    let model = |m: &str| names.objects[m].clone();
    object
        .members
        .iter()
        .filter(|m| !(skip_request_id && m.name == "RequestId"))
        .map(|m| {
            let ident = unique_field(field_ident(&m.name), &mut taken);
            let rename = (pascal_case(&ident) != m.name).then(|| m.name.clone());
            let mut ty = member_type(spec, m, model);
            if m.ty == "object" && is_model(spec, &m.member) && cycles_back(spec, &m.member, owner)
            {
                ty = format!("Box<{ty}>");
            }
            let optional = is_optional(m, usage);
            let mut doc = doc_lines(&m.document);
            if m.disabled == Some(true) {
                if !doc.is_empty() {
                    doc.push(String::new());
                }
                doc.push("Withdrawn from the documentation (`disabled` in the spec).".to_owned());
            }
            FieldPlan {
                secret: ty == "String" && is_secret(&m.name),
                ident,
                rename,
                ty,
                optional,
                doc,
            }
        })
        .collect()
}

/// Resolves the selection and everything reachable from it.
pub(crate) fn plan(spec: &ApiSpec, selection: &Selection) -> Result<Plan, GenError> {
    let names = assign_names(spec);
    let mut selected: BTreeSet<String> = match selection {
        Selection::All => spec.actions.keys().cloned().collect(),
        Selection::Actions(list) => {
            let mut set = BTreeSet::new();
            for name in list {
                if !spec.actions.contains_key(name) {
                    let known = spec.actions.keys().map(String::as_str);
                    return Err(GenError::UnknownAction {
                        name: name.clone(),
                        suggestions: closest(name, known, 3)
                            .into_iter()
                            .map(str::to_owned)
                            .collect(),
                    });
                }
                set.insert(name.clone());
            }
            set
        }
    };
    for action in spec.actions.values() {
        for object in [&action.input, &action.output] {
            if !spec.objects.contains_key(object) {
                return Err(GenError::Spec(format!("object `{object}` is not defined")));
            }
        }
    }
    // Models reachable from the selected actions; a member naming another action's request or
    // response object selects that action too.
    let io: BTreeMap<&str, &str> = spec
        .actions
        .iter()
        .flat_map(|(wire, a)| {
            [
                (a.input.as_str(), wire.as_str()),
                (a.output.as_str(), wire.as_str()),
            ]
        })
        .collect();
    let mut models = BTreeSet::new();
    let mut stack: Vec<String> = selected
        .iter()
        .flat_map(|a| {
            [
                spec.actions[a].input.clone(),
                spec.actions[a].output.clone(),
            ]
        })
        .collect();
    let mut visited = BTreeSet::new();
    while let Some(object) = stack.pop() {
        if !visited.insert(object.clone()) {
            continue;
        }
        if let Some(action) = io.get(object.as_str()) {
            if selected.insert((*action).to_owned()) {
                let a = &spec.actions[*action];
                stack.push(a.input.clone());
                stack.push(a.output.clone());
            }
        } else if is_model(spec, &object) {
            models.insert(object.clone());
        }
        for m in &spec.objects[&object].members {
            if matches!(m.ty.as_str(), "list" | "object") && is_model(spec, &m.member) {
                stack.push(m.member.clone());
            }
        }
    }

    let actions = selected
        .iter()
        .map(|wire| {
            let action = &spec.actions[wire];
            let rust = names.actions[wire].clone();
            let request_object = &spec.objects[&action.input];
            let response_object = &spec.objects[&action.output];
            ActionPlan {
                wire: wire.clone(),
                request: StructPlan {
                    rust: rust.clone(),
                    doc: action_doc(action),
                    fields: fields(
                        spec,
                        &names,
                        &action.input,
                        request_object,
                        Usage::In,
                        false,
                    ),
                },
                response: StructPlan {
                    rust: format!("{rust}Response"),
                    doc: vec![format!("The response of [`{rust}`].")],
                    fields: fields(
                        spec,
                        &names,
                        &action.output,
                        response_object,
                        Usage::Out,
                        true,
                    ),
                },
            }
        })
        .collect();
    let mut models: Vec<StructPlan> = models
        .iter()
        .map(|object| {
            let spec_object = &spec.objects[object];
            let usage = match spec_object.usage.as_deref() {
                Some("in") => Usage::In,
                Some("out") => Usage::Out,
                _ => Usage::Both,
            };
            StructPlan {
                rust: names.objects[object].clone(),
                doc: doc_lines(&spec_object.document),
                fields: fields(spec, &names, object, spec_object, usage, false),
            }
        })
        .collect();
    models.sort_by(|a, b| a.rust.cmp(&b.rust));
    Ok(Plan {
        from_index: spec.metadata.from_index,
        service: spec.metadata.service_short_name.clone(),
        version: spec.metadata.api_version.clone(),
        actions,
        models,
    })
}

fn action_doc(action: &crate::spec::ActionSpec) -> Vec<String> {
    let mut doc = doc_lines(&action.name);
    let body = doc_lines(&action.document);
    if !body.is_empty() && body != doc {
        if !doc.is_empty() {
            doc.push(String::new());
        }
        doc.extend(body);
    }
    if let Some(status @ ("deprecated" | "offline")) = action.status.as_deref() {
        if !doc.is_empty() {
            doc.push(String::new());
        }
        doc.push(format!("The service marks this action `{status}`."));
    }
    doc
}

//! A service version of the spec index (`tencent-action-spec`) as an [`ApiSpec`] without
//! descriptions, so that the generator has one path for both sources.

use tencent_action_spec::{Service, Type};

use crate::GenError;
use crate::spec::{ActionSpec, ApiSpec, MemberSpec, Metadata, ObjectSpec};

/// How many suggestions an unknown name gets.
const SUGGESTIONS: usize = 3;

/// The `type` and `member` an `api.json` writes for a type of the index.
fn type_and_member(ty: &Type) -> (&'static str, String) {
    let primitive = |ty: &'static str, member: &str| (ty, member.to_owned());
    match ty {
        Type::String => primitive("string", "string"),
        Type::Date => primitive("string", "date"),
        Type::DateTime => primitive("string", "datetime"),
        Type::DateTimeIso => primitive("string", "datetime_iso"),
        Type::Binary => primitive("binary", "binary"),
        Type::Int64 => primitive("int", "int64"),
        Type::Uint64 => primitive("int", "uint64"),
        Type::Float => primitive("float", "float"),
        Type::Bool => primitive("bool", "bool"),
        // The index keeps names it has no primitive for (`int32`, `json`, …) as object names,
        // which the generator maps as an api.json's `member` of that name.
        Type::Object(name) => ("object", name.clone()),
        // An api.json cannot nest lists; were one to appear, its element is any JSON value.
        Type::List(inner) => match inner.as_ref() {
            Type::List(_) => primitive("list", "json"),
            element => ("list", type_and_member(element).1),
        },
    }
}

/// A service version of the spec index as an [`ApiSpec`]: the same actions, objects, members,
/// types, flags and usages as its `api.json`, with empty descriptions.
///
/// ```
/// let cvm = tencent_action_spec::service("cvm", "2017-03-12").unwrap();
/// let spec = tencent_action_gen::spec_of_service(cvm);
/// assert_eq!(spec.metadata.service_short_name, "cvm");
/// assert!(spec.metadata.from_index);
/// assert_eq!(spec.actions["DescribeZones"].output, "DescribeZonesResponse");
/// ```
pub fn spec_of_service(service: &Service) -> ApiSpec {
    let actions = service
        .actions()
        .map(|a| {
            let spec = ActionSpec {
                document: String::new(),
                input: a.input.clone(),
                output: a.output.clone(),
                name: String::new(),
                status: None,
            };
            (a.name.clone(), spec)
        })
        .collect();
    let objects = service
        .objects()
        .map(|o| {
            let members = o
                .members
                .iter()
                .map(|m| {
                    let (ty, member) = type_and_member(&m.ty);
                    MemberSpec {
                        name: m.name.clone(),
                        ty: ty.to_owned(),
                        member,
                        document: String::new(),
                        required: Some(m.required),
                        output_required: Some(m.output_required),
                        value_allowed_null: Some(m.nullable),
                        disabled: Some(m.disabled),
                    }
                })
                .collect();
            let spec = ObjectSpec {
                document: String::new(),
                members,
                usage: o.usage.map(|u| u.as_str().to_owned()),
            };
            (o.name.clone(), spec)
        })
        .collect();
    ApiSpec {
        actions,
        objects,
        metadata: Metadata {
            api_version: service.version().to_owned(),
            service_short_name: service.name().to_owned(),
            from_index: true,
        },
    }
}

/// The spec of one service version from the spec index (see [`spec_of_service`]); an unknown
/// service or version is an error with the closest names the index has.
///
/// ```
/// let spec = tencent_action_gen::index_spec("cvm", "2017-03-12")?;
/// assert!(spec.actions.contains_key("RunInstances"));
/// let err = tencent_action_gen::index_spec("cvn", "2017-03-12").unwrap_err();
/// assert!(err.to_string().contains("`cvm`"), "{err}");
/// # Ok::<(), tencent_action_gen::GenError>(())
/// ```
pub fn index_spec(service: &str, version: &str) -> Result<ApiSpec, GenError> {
    if let Some(found) = tencent_action_spec::service(service, version) {
        return Ok(spec_of_service(found));
    }
    let versions = tencent_action_spec::versions(service);
    if versions.is_empty() {
        let mut names: Vec<&str> = tencent_action_spec::service_versions()
            .map(|(s, _)| s)
            .collect();
        names.dedup();
        return Err(GenError::UnknownService {
            name: service.to_owned(),
            suggestions: own(tencent_action_spec::closest(service, names, SUGGESTIONS)),
        });
    }
    Err(GenError::UnknownVersion {
        service: service.to_owned(),
        version: version.to_owned(),
        known: own(versions),
    })
}

fn own(names: Vec<&str>) -> Vec<String> {
    names.into_iter().map(str::to_owned).collect()
}

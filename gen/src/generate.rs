//! Generation from a spec, and the table of how its types are mapped.

use std::collections::BTreeMap;

use crate::{ApiSpec, GenError, Options, Selection, Style, emit, plan};

/// Parses an `api.json`.
pub fn parse_spec(api_json: &str) -> Result<ApiSpec, GenError> {
    serde_json::from_str(api_json).map_err(GenError::Json)
}

/// Generates the declarations of the selected actions, their responses and the models they
/// reach, in `style`.
pub fn generate(api_json: &str, selection: &Selection, style: Style) -> Result<String, GenError> {
    generate_with(api_json, &Options::new(selection.clone(), style))
}

/// [`generate`] with every option.
pub fn generate_with(api_json: &str, options: &Options) -> Result<String, GenError> {
    if options.registry && options.style != Style::Macro {
        return Err(GenError::RegistryNeedsMacroStyle);
    }
    generate_spec(&parse_spec(api_json)?, options)
}

/// [`generate_with`] on a spec already read: parsed from an `api.json` ([`parse_spec`]) or
/// taken from the spec index ([`index_spec`](crate::index_spec), no doc comments then).
///
/// ```
/// use tencent_action_gen::{Options, Selection, Style, generate_spec, index_spec};
///
/// let spec = index_spec("cvm", "2017-03-12")?;
/// let options = Options::new(Selection::Actions(vec!["DescribeZones".into()]), Style::Macro);
/// let rust = generate_spec(&spec, &options)?;
/// assert!(rust.contains("pub struct DescribeZones {}"));
/// assert!(rust.contains("pub zone_set: Vec<ZoneInfo>,"));
/// # Ok::<(), tencent_action_gen::GenError>(())
/// ```
pub fn generate_spec(spec: &ApiSpec, options: &Options) -> Result<String, GenError> {
    if options.registry && options.style != Style::Macro {
        return Err(GenError::RegistryNeedsMacroStyle);
    }
    let plan = plan::plan(spec, &options.selection)?;
    Ok(emit::emit(&plan, options))
}

/// One `type` / `member` combination of a spec and how it is mapped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeMapping {
    /// The member's `type`.
    pub ty: String,
    /// The member's `member`, or `<object>` for an object with members and `<empty object>`
    /// for one without.
    pub member: String,
    /// The Rust type of one member of this kind (a model's name is shown as `<model>`).
    pub rust: String,
    /// How many members of the spec have it.
    pub count: usize,
}

/// Every `type` / `member` combination of a spec with its count and Rust type.
pub fn type_mappings(api_json: &str) -> Result<Vec<TypeMapping>, GenError> {
    Ok(type_mappings_of(&parse_spec(api_json)?))
}

/// [`type_mappings`] of a spec already read.
///
/// ```
/// let spec = tencent_action_gen::index_spec("cvm", "2017-03-12")?;
/// let table = tencent_action_gen::type_mappings_of(&spec);
/// assert!(table.iter().any(|row| row.member == "uint64" && row.rust == "u64"));
/// # Ok::<(), tencent_action_gen::GenError>(())
/// ```
pub fn type_mappings_of(spec: &ApiSpec) -> Vec<TypeMapping> {
    let mut table: BTreeMap<(String, String), (String, usize)> = BTreeMap::new();
    for object in spec.objects.values() {
        for m in &object.members {
            let member = match spec.objects.get(&m.member) {
                Some(o) if o.members.is_empty() => "<empty object>".to_owned(),
                Some(_) => "<object>".to_owned(),
                None => m.member.clone(),
            };
            let element = plan::element_type(spec, &m.ty, &m.member, |_| "<model>".to_owned());
            let rust = if m.ty == "list" {
                format!("Vec<{element}>")
            } else {
                element
            };
            table.entry((m.ty.clone(), member)).or_insert((rust, 0)).1 += 1;
        }
    }
    table
        .into_iter()
        .map(|((ty, member), (rust, count))| TypeMapping {
            ty,
            member,
            rust,
            count,
        })
        .collect()
}

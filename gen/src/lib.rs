//! Generates `#[tencent_action]` declarations from the official machine-readable spec of a
//! Tencent Cloud API 3.0 service version: the spec index of `tencent-action-spec` ([`index_spec`],
//! no descriptions), or the `api.json` that the `tccli` package ships for every service at
//! `tccli/services/SERVICE/VERSION/api.json` (its descriptions become doc comments). Both give
//! the same code but for the doc comments.
//!
//! ```
//! use tencent_action_gen::{Options, Selection, Style, generate_spec, index_spec};
//!
//! let spec = index_spec("cvm", "2017-03-12")?;
//! let selection = Selection::Actions(vec!["DescribeZones".into()]);
//! let rust = generate_spec(&spec, &Options::new(selection, Style::Macro))?;
//! assert!(rust.contains("#[tencent_action(service = \"cvm\", version = \"2017-03-12\")]"));
//! # Ok::<(), tencent_action_gen::GenError>(())
//! ```
//!
//! ```no_run
//! use tencent_action_gen::{generate, Selection, Style};
//!
//! let api_json = std::fs::read_to_string("iotexplorer-2019-04-23/api.json")?;
//! let selection = Selection::Actions(vec!["CreateTRTCSignaturesWithRoomId".into()]);
//! let rust = generate(&api_json, &selection, Style::Macro)?;
//! std::fs::write("src/iotexplorer.rs", rust)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Each action becomes a request struct named after it (`CreateTRTCSignaturesWithRoomId` →
//! `CreateTrtcSignaturesWithRoomId`, acronyms folded) and a `<Struct>Response` model (the
//! spec's output object without `RequestId`); the shared objects they use become models,
//! emitted once each in alphabetical order. The output is `rustfmt`-clean as generated.
//!
//! | spec `type` / `member` | Rust type |
//! |---|---|
//! | `int` / `int64` | `i64` |
//! | `int` / `uint64` | `u64` |
//! | `int` / `int32`, `uint32`, `int`, `integer` | `i32`, `u32`, `i64`, `i64` |
//! | `float` / `float`, `double` | `f64` |
//! | `bool` / `bool` | `bool` |
//! | `string` / `string`, `date`, `datetime`, `datetime_iso`, `timestamp` | `String` |
//! | `binary` / `binary` | `String` (base64 in JSON) |
//! | `object` / an object with members | the model |
//! | `object` / an object without members, `json`, anything unknown | `serde_json::Value` |
//! | `list` / any of the above | `Vec<T>` |
//!
//! A member is `Option<T>` when it may be missing: in requests unless `required`; in
//! responses unless `output_required` and not `value_allowed_null`; in models used both ways
//! unless both hold; always when `disabled`. An object that contains itself (directly or
//! through other objects, not through a list) holds itself in a `Box`. String members named
//! like credentials (`…SecretKey`, `…PrivateKey`, `…Psk`, `…Token` but `ClientToken`,
//! `UserSig`, …) get `#[tc(secret)]`, so `Debug` redacts them.
#![warn(missing_docs)]

mod doc;
mod emit;
mod from_index;
mod index;
mod names;
mod plan;
mod spec;

use std::collections::BTreeMap;
use std::fmt;

pub use doc::doc_lines;
pub use from_index::{index_spec, spec_of_service};
pub use index::{example_outputs, read_services, schema_of};
pub use names::{field_ident, pascal_case, snake, upper_camel, words};
pub use plan::{RESERVED_TYPE_NAMES, is_secret};
pub use spec::{ActionSpec, ApiSpec, MemberSpec, Metadata, ObjectSpec};

/// Which actions to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Every action of the spec.
    All,
    /// These actions, by wire name (`CreateTRTCSignaturesWithRoomId`).
    Actions(Vec<String>),
}

/// The form of the generated structs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Style {
    /// `#[tencent_action]` and `#[tencent_model]`.
    #[default]
    Macro,
    /// The same structs with plain serde derives and no `tencent_action` attributes.
    PlainSerde,
}

/// Everything [`generate_with`] can be asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Which actions.
    pub selection: Selection,
    /// Which form.
    pub style: Style,
    /// Also emit `trait ActionVisitor` and `fn for_each_action`, which hand every generated
    /// action type to a visitor (macro style only).
    pub registry: bool,
    /// Comment lines written below the first line of the output.
    pub header: Vec<String>,
}

impl Options {
    /// These actions in this style, with no registry and no extra header.
    pub fn new(selection: Selection, style: Style) -> Self {
        Options {
            selection,
            style,
            registry: false,
            header: Vec::new(),
        }
    }
}

/// Why nothing was generated.
#[derive(Debug)]
pub enum GenError {
    /// The input is not an `api.json`.
    Json(serde_json::Error),
    /// The spec contradicts itself (an action's object is missing).
    Spec(String),
    /// A selected action is not in the spec.
    UnknownAction {
        /// The name asked for.
        name: String,
        /// The closest action names of the spec, nearest first.
        suggestions: Vec<String>,
    },
    /// The spec index has no service of that name.
    UnknownService {
        /// The name asked for.
        name: String,
        /// The closest service names of the index, nearest first.
        suggestions: Vec<String>,
    },
    /// The spec index has the service, but not at that version.
    UnknownVersion {
        /// The service.
        service: String,
        /// The version asked for.
        version: String,
        /// The versions the index has of the service, oldest first.
        known: Vec<String>,
    },
    /// The registry implements `tencent_action` traits, which plain serde structs lack.
    RegistryNeedsMacroStyle,
}

impl fmt::Display for GenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GenError::Json(e) => write!(f, "not a Tencent Cloud api.json: {e}"),
            GenError::Spec(msg) => write!(f, "inconsistent api.json: {msg}"),
            GenError::UnknownAction { name, suggestions } => {
                write!(f, "the spec has no action `{name}`")?;
                did_you_mean(f, suggestions)
            }
            GenError::UnknownService { name, suggestions } => {
                write!(f, "the spec index has no service `{name}`")?;
                did_you_mean(f, suggestions)
            }
            GenError::UnknownVersion {
                service,
                version,
                known,
            } => write!(
                f,
                "the spec index has no version {version} of `{service}`; it has {}",
                known.join(", ")
            ),
            GenError::RegistryNeedsMacroStyle => {
                f.write_str("the action registry needs the macro style")
            }
        }
    }
}

/// `; did you mean `a`?`, `; did you mean `a` or `b`?`, `; did you mean `a`, `b` or `c`?`
fn did_you_mean(f: &mut fmt::Formatter<'_>, names: &[String]) -> fmt::Result {
    let Some((last, rest)) = names.split_last() else {
        return Ok(());
    };
    f.write_str("; did you mean ")?;
    for (i, name) in rest.iter().enumerate() {
        let sep = if i == 0 { "" } else { ", " };
        write!(f, "{sep}`{name}`")?;
    }
    if !rest.is_empty() {
        f.write_str(" or ")?;
    }
    write!(f, "`{last}`?")
}

impl std::error::Error for GenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            GenError::Json(e) => Some(e),
            _ => None,
        }
    }
}

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
/// taken from the spec index ([`index_spec`], no doc comments then).
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

//! Why generation failed.

use std::fmt;

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

//! Request validation: the rules `#[tc(...)]` declares, checked before anything is sent.
//!
//! Every failure names the field by its wire path (`Filters.1.Values`) and the rule, and all
//! failures of a request are reported together.

mod path;
pub(crate) mod rules;

pub use path::FieldPath;
pub use rules::{HasItems, HasLength};

use std::fmt;

/// A type whose values can be checked against declared rules; implemented by
/// `#[tencent_action]` and `#[tencent_model]`, and for `Vec`, `Option` and `Box` of such types.
///
/// ```
/// use tencent_action_core::validate::{FieldPath, Validate, Violations};
/// struct Always;
/// impl Validate for Always {
///     fn validate_at(&self, _path: Option<&FieldPath<'_>>, _out: &mut Violations) {}
/// }
/// assert!(Always.validate().is_ok());
/// ```
pub trait Validate {
    /// Appends a violation to `out` for every rule that fails, naming fields below `path`.
    fn validate_at(&self, path: Option<&FieldPath<'_>>, out: &mut Violations);

    /// Checks every rule; `Err` lists all failures.
    ///
    /// ```
    /// use tencent_action_core::validate::Validate;
    /// let items: Vec<Box<dyn Fn()>> = Vec::new();
    /// # let _ = items;
    /// ```
    fn validate(&self) -> Result<(), ValidationError> {
        let mut out = Violations::default();
        self.validate_at(None, &mut out);
        out.into_result()
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, path: Option<&FieldPath<'_>>, out: &mut Violations) {
        for (i, item) in self.iter().enumerate() {
            item.validate_at(Some(&FieldPath::index(path, i)), out);
        }
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate_at(&self, path: Option<&FieldPath<'_>>, out: &mut Violations) {
        if let Some(value) = self {
            value.validate_at(path, out);
        }
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate_at(&self, path: Option<&FieldPath<'_>>, out: &mut Violations) {
        (**self).validate_at(path, out);
    }
}

/// One failed rule: the field's wire path and what was expected.
///
/// ```
/// use tencent_action_core::validate::{Rule, Violation};
/// let v = Violation { field: "RoomId".into(), rule: Rule::MinLen { min: 1, actual: 0 } };
/// assert_eq!(v.to_string(), "RoomId must be at least 1 character long (it is 0)");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// Wire path of the field, e.g. `TRTCUserIds` or `Filters.1.Values`.
    pub field: String,
    /// The rule that failed.
    pub rule: Rule,
}

/// A validation rule and the offending measurement.
///
/// ```
/// use tencent_action_core::validate::Rule;
/// assert_eq!(Rule::MaxItems { max: 10, actual: 11 }.name(), "max_items");
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Rule {
    /// Fewer list items than `min_items`.
    MinItems {
        /// Declared minimum.
        min: usize,
        /// Items present.
        actual: usize,
    },
    /// More list items than `max_items`.
    MaxItems {
        /// Declared maximum.
        max: usize,
        /// Items present.
        actual: usize,
    },
    /// A list declared `unique` repeats an item.
    Unique {
        /// Index of the first occurrence.
        first: usize,
        /// Index of the repetition.
        again: usize,
    },
    /// A string shorter than `min_len` characters.
    MinLen {
        /// Declared minimum.
        min: usize,
        /// Characters present.
        actual: usize,
    },
    /// A string longer than `max_len` characters.
    MaxLen {
        /// Declared maximum.
        max: usize,
        /// Characters present.
        actual: usize,
    },
    /// A number below `min`.
    Min {
        /// Declared minimum, as written.
        min: String,
        /// The value.
        actual: String,
    },
    /// A number above `max`.
    Max {
        /// Declared maximum, as written.
        max: String,
        /// The value.
        actual: String,
    },
    /// The client's region is not one the action is offered in.
    Region {
        /// The client's region; `None` when the client has none.
        region: Option<String>,
        /// The regions the action declares.
        allowed: &'static [&'static str],
    },
}

impl Rule {
    /// The rule's name as written in `#[tc(...)]` (`regions` for the region rule).
    ///
    /// ```
    /// assert_eq!(tencent_action_core::validate::Rule::Unique { first: 0, again: 1 }.name(), "unique");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            Rule::MinItems { .. } => "min_items",
            Rule::MaxItems { .. } => "max_items",
            Rule::Unique { .. } => "unique",
            Rule::MinLen { .. } => "min_len",
            Rule::MaxLen { .. } => "max_len",
            Rule::Min { .. } => "min",
            Rule::Max { .. } => "max",
            Rule::Region { .. } => "regions",
        }
    }
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let field = &self.field;
        match &self.rule {
            Rule::MinItems { min, actual } => write!(
                f,
                "{field} must have at least {min} {} (it has {actual})",
                plural(*min, "item", "items")
            ),
            Rule::MaxItems { max, actual } => write!(
                f,
                "{field} must have at most {max} {} (it has {actual})",
                plural(*max, "item", "items")
            ),
            Rule::Unique { first, again } => write!(
                f,
                "{field} must not repeat items (item {again} repeats item {first})"
            ),
            Rule::MinLen { min, actual } => write!(
                f,
                "{field} must be at least {min} {} long (it is {actual})",
                plural(*min, "character", "characters")
            ),
            Rule::MaxLen { max, actual } => write!(
                f,
                "{field} must be at most {max} {} long (it is {actual})",
                plural(*max, "character", "characters")
            ),
            Rule::Min { min, actual } => {
                write!(f, "{field} must be at least {min} (it is {actual})")
            }
            Rule::Max { max, actual } => {
                write!(f, "{field} must be at most {max} (it is {actual})")
            }
            Rule::Region { region, allowed } => {
                match region {
                    Some(region) => {
                        write!(f, "{field} `{region}` is not supported by this action")?
                    }
                    None => write!(f, "{field} is required by this action")?,
                }
                write!(f, "; use one of: {}", allowed.join(", "))
            }
        }
    }
}

/// The violations collected while validating one request.
///
/// ```
/// use tencent_action_core::validate::Violations;
/// let v = Violations::default();
/// assert!(v.is_empty());
/// assert!(v.into_result().is_ok());
/// ```
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Violations(Vec<Violation>);

impl Violations {
    /// Records a failed rule for the field at `path`.
    ///
    /// ```
    /// use tencent_action_core::validate::{FieldPath, Rule, Violations};
    /// let mut v = Violations::default();
    /// v.push(&FieldPath::field(None, "RoomId"), Rule::MinLen { min: 1, actual: 0 });
    /// assert_eq!(v.len(), 1);
    /// ```
    pub fn push(&mut self, path: &FieldPath<'_>, rule: Rule) {
        self.0.push(Violation {
            field: path.to_string(),
            rule,
        });
    }

    /// Records a failed rule for a field named by its full path.
    ///
    /// ```
    /// use tencent_action_core::validate::{Rule, Violations};
    /// let mut v = Violations::default();
    /// v.push_named("Region", Rule::Region { region: None, allowed: &["ap-guangzhou"] });
    /// assert!(!v.is_empty());
    /// ```
    pub fn push_named(&mut self, field: impl Into<String>, rule: Rule) {
        self.0.push(Violation {
            field: field.into(),
            rule,
        });
    }

    /// Whether nothing failed.
    ///
    /// ```
    /// assert!(tencent_action_core::validate::Violations::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many rules failed.
    ///
    /// ```
    /// assert_eq!(tencent_action_core::validate::Violations::default().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// `Ok` when empty, else a [`ValidationError`] listing every violation.
    ///
    /// ```
    /// assert!(tencent_action_core::validate::Violations::default().into_result().is_ok());
    /// ```
    pub fn into_result(self) -> Result<(), ValidationError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ValidationError { violations: self.0 })
        }
    }
}

/// A request that broke one or more declared rules; nothing was sent.
///
/// ```
/// use tencent_action_core::validate::{FieldPath, Rule, Violations};
/// let mut v = Violations::default();
/// v.push(&FieldPath::field(None, "TRTCUserIds"), Rule::MaxItems { max: 10, actual: 11 });
/// v.push(&FieldPath::field(None, "RoomId"), Rule::MinLen { min: 1, actual: 0 });
/// let err = v.into_result().unwrap_err();
/// assert_eq!(err.violations().len(), 2);
/// assert_eq!(err.to_string(), "TRTCUserIds must have at most 10 items (it has 11); RoomId must be at least 1 character long (it is 0)");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ValidationError {
    violations: Vec<Violation>,
}

impl ValidationError {
    /// Every failed rule, in field order.
    ///
    /// ```
    /// # use tencent_action_core::validate::{Rule, Violations};
    /// # let mut v = Violations::default();
    /// # v.push_named("RoomId", Rule::MinLen { min: 1, actual: 0 });
    /// let err = v.into_result().unwrap_err();
    /// assert_eq!(err.violations()[0].field, "RoomId");
    /// ```
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, violation) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{violation}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

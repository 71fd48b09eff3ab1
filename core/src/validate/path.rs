//! Wire paths of fields, built on the stack and rendered only when a rule fails.

use std::fmt;

/// A field's position in a request: `TRTCUserIds`, `Filters.1.Values`.
///
/// Each level borrows its parent, so checking a request that passes allocates nothing.
///
/// ```
/// use tencent_action_core::validate::FieldPath;
/// let filters = FieldPath::field(None, "Filters");
/// let second = FieldPath::index(Some(&filters), 1);
/// let values = FieldPath::field(Some(&second), "Values");
/// assert_eq!(values.to_string(), "Filters.1.Values");
/// ```
#[derive(Debug, Clone, Copy)]
pub struct FieldPath<'a> {
    parent: Option<&'a FieldPath<'a>>,
    segment: Segment,
}

#[derive(Debug, Clone, Copy)]
enum Segment {
    Field(&'static str),
    Index(usize),
}

impl<'a> FieldPath<'a> {
    /// A named field below `parent` (or at the top).
    ///
    /// ```
    /// assert_eq!(tencent_action_core::validate::FieldPath::field(None, "RoomId").to_string(), "RoomId");
    /// ```
    pub fn field(parent: Option<&'a FieldPath<'a>>, name: &'static str) -> Self {
        FieldPath {
            parent,
            segment: Segment::Field(name),
        }
    }

    /// A list element below `parent`.
    ///
    /// ```
    /// use tencent_action_core::validate::FieldPath;
    /// let list = FieldPath::field(None, "TRTCUserIds");
    /// assert_eq!(FieldPath::index(Some(&list), 0).to_string(), "TRTCUserIds.0");
    /// ```
    pub fn index(parent: Option<&'a FieldPath<'a>>, index: usize) -> Self {
        FieldPath {
            parent,
            segment: Segment::Index(index),
        }
    }
}

impl fmt::Display for FieldPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(parent) = self.parent {
            write!(f, "{parent}.")?;
        }
        match self.segment {
            Segment::Field(name) => f.write_str(name),
            Segment::Index(i) => write!(f, "{i}"),
        }
    }
}

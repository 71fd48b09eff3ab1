//! The checks behind each `#[tc(...)]` rule. Generated code calls them; each takes the value,
//! its path and the collector, and records a violation when the rule fails.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Display;

use super::{FieldPath, Rule, Violations};

/// Things with a number of items: what `min_items` / `max_items` measure.
///
/// ```
/// use tencent_action_core::validate::HasItems;
/// assert_eq!(vec![1, 2, 3].item_count(), 3);
/// ```
pub trait HasItems {
    /// How many items.
    fn item_count(&self) -> usize;
}

impl<T> HasItems for Vec<T> {
    fn item_count(&self) -> usize {
        self.len()
    }
}
impl<T> HasItems for [T] {
    fn item_count(&self) -> usize {
        self.len()
    }
}
impl<T, S> HasItems for HashSet<T, S> {
    fn item_count(&self) -> usize {
        self.len()
    }
}
impl<T> HasItems for BTreeSet<T> {
    fn item_count(&self) -> usize {
        self.len()
    }
}
impl<K, V, S> HasItems for HashMap<K, V, S> {
    fn item_count(&self) -> usize {
        self.len()
    }
}
impl<K, V> HasItems for BTreeMap<K, V> {
    fn item_count(&self) -> usize {
        self.len()
    }
}

/// Things with a length in characters: what `min_len` / `max_len` measure.
///
/// ```
/// use tencent_action_core::validate::HasLength;
/// assert_eq!("房间".char_count(), 2);
/// ```
pub trait HasLength {
    /// Length in Unicode scalar values, as the API counts string length.
    fn char_count(&self) -> usize;
}

impl HasLength for String {
    fn char_count(&self) -> usize {
        self.chars().count()
    }
}
impl HasLength for str {
    fn char_count(&self) -> usize {
        self.chars().count()
    }
}
impl HasLength for std::borrow::Cow<'_, str> {
    fn char_count(&self) -> usize {
        self.chars().count()
    }
}

/// `min_items`.
pub fn check_min_items<T: HasItems + ?Sized>(
    value: &T,
    min: usize,
    path: &FieldPath<'_>,
    out: &mut Violations,
) {
    let actual = value.item_count();
    if actual < min {
        out.push(path, Rule::MinItems { min, actual });
    }
}

/// `max_items`.
pub fn check_max_items<T: HasItems + ?Sized>(
    value: &T,
    max: usize,
    path: &FieldPath<'_>,
    out: &mut Violations,
) {
    let actual = value.item_count();
    if actual > max {
        out.push(path, Rule::MaxItems { max, actual });
    }
}

/// `unique`: reports the first repeated item.
pub fn check_unique<T: PartialEq>(value: &[T], path: &FieldPath<'_>, out: &mut Violations) {
    for (again, item) in value.iter().enumerate() {
        if let Some(first) = value[..again].iter().position(|earlier| earlier == item) {
            out.push(path, Rule::Unique { first, again });
            return;
        }
    }
}

/// `min_len`.
pub fn check_min_len<T: HasLength + ?Sized>(
    value: &T,
    min: usize,
    path: &FieldPath<'_>,
    out: &mut Violations,
) {
    let actual = value.char_count();
    if actual < min {
        out.push(path, Rule::MinLen { min, actual });
    }
}

/// `max_len`.
pub fn check_max_len<T: HasLength + ?Sized>(
    value: &T,
    max: usize,
    path: &FieldPath<'_>,
    out: &mut Violations,
) {
    let actual = value.char_count();
    if actual > max {
        out.push(path, Rule::MaxLen { max, actual });
    }
}

/// `min`.
pub fn check_min<T: PartialOrd + Display>(
    value: &T,
    min: T,
    path: &FieldPath<'_>,
    out: &mut Violations,
) {
    if *value < min {
        out.push(
            path,
            Rule::Min {
                min: min.to_string(),
                actual: value.to_string(),
            },
        );
    }
}

/// `max`.
pub fn check_max<T: PartialOrd + Display>(
    value: &T,
    max: T,
    path: &FieldPath<'_>,
    out: &mut Violations,
) {
    if *value > max {
        out.push(
            path,
            Rule::Max {
                max: max.to_string(),
                actual: value.to_string(),
            },
        );
    }
}

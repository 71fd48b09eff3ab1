//! Not public API: what generated code names through `::tencent_action::__private_v0_1` (the
//! name carries the version, so that macros and a runtime of different versions do not compile
//! together).

pub use crate::validate::rules::{
    check_max, check_max_items, check_max_len, check_min, check_min_items, check_min_len,
    check_unique,
};
pub use crate::validate::{FieldPath, HasItems, HasLength, Validate, Violations};
pub use serde;

/// Compile-time checks of declarations against the official API definition.
pub mod check {
    pub use crate::api_check::*;
}

/// Wraps a field so generated code can validate it when its type implements [`Validate`]
/// (nested models, `Vec`s and `Option`s of them) and skip it otherwise, without knowing the
/// type: method resolution prefers [`ValidateNested`] on `&Nested` and falls back to
/// [`SkipNested`] on `&&Nested`.
pub struct Nested<'a, T: ?Sized>(pub &'a T);

impl<T: ?Sized> std::fmt::Debug for Nested<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Nested")
    }
}

/// Chosen for fields whose type implements [`Validate`].
pub trait ValidateNested {
    /// Validates the wrapped value below `path`.
    fn __tc_validate_nested(&self, path: &FieldPath<'_>, out: &mut Violations);
}

impl<T: Validate + ?Sized> ValidateNested for Nested<'_, T> {
    #[inline]
    fn __tc_validate_nested(&self, path: &FieldPath<'_>, out: &mut Violations) {
        self.0.validate_at(Some(path), out);
    }
}

/// Chosen for every other field type: nothing to check.
pub trait SkipNested {
    /// Does nothing.
    fn __tc_validate_nested(&self, _path: &FieldPath<'_>, _out: &mut Violations) {}
}

impl<T: ?Sized> SkipNested for &Nested<'_, T> {}

/// Placeholder printed by `Debug` for `#[tc(secret)]` fields.
pub struct Redacted;

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Debug-prints `Some(<redacted>)` / `None` for optional secrets, `<redacted>` otherwise.
pub trait RedactedDebug {
    /// The placeholder to print.
    fn redacted(&self) -> &'static dyn std::fmt::Debug;
}

impl<T> RedactedDebug for Option<T> {
    fn redacted(&self) -> &'static dyn std::fmt::Debug {
        match self {
            Some(_) => &Some(Redacted),
            None => &None::<Redacted>,
        }
    }
}

/// The types a `ClientToken` field may have.
pub trait ClientTokenSlot {
    /// Whether no token is set.
    fn is_blank(&self) -> bool;
}

impl ClientTokenSlot for String {
    fn is_blank(&self) -> bool {
        self.is_empty()
    }
}

impl ClientTokenSlot for Option<String> {
    fn is_blank(&self) -> bool {
        self.as_deref().is_none_or(str::is_empty)
    }
}

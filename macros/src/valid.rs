//! Checks that need more than one attribute or the field types: required keys, formats,
//! rules that cannot apply to a field's type, contradictory bounds, duplicate wire names.

use proc_macro2::Span;

use crate::ast::{Field, Input, Kind};
use crate::attr::{ActionArgs, FieldAttrs};
use crate::ctxt::Ctxt;

/// Checks `#[tencent_action(...)]` arguments.
pub(crate) fn check_action_args(cx: &Ctxt, args: &ActionArgs, struct_name: &syn::Ident) {
    // A missing `service` is inferred from the API definition (see `api`).
    if let Some(service) = &args.service {
        let v = &service.value;
        let ok = v.starts_with(|c: char| c.is_ascii_lowercase())
            && v.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
        if !ok {
            cx.error_at(
                service.span,
                format!(
                    "`service` must be a lowercase service name such as \"cvm\" or \"iotexplorer\", not {v:?}"
                ),
            );
        }
    }
    match &args.version {
        None if args.misspelt.contains(&"version") => {}
        None => cx.error_at(
            Span::call_site(),
            "missing `version = \"YYYY-MM-DD\"`, e.g. `version = \"2019-04-23\"`",
        ),
        Some(version) if !is_version(&version.value) => cx.error_at(
            version.span,
            format!(
                "`version` must be a date `YYYY-MM-DD` such as \"2019-04-23\", not {:?}",
                version.value
            ),
        ),
        Some(_) => {}
    }
    match &args.name {
        Some(name) if !is_pascal_identifier(&name.value) => cx.error_at(
            name.span,
            format!(
                "`name` must be the action's PascalCase name such as \"DescribeInstances\", not {:?}",
                name.value
            ),
        ),
        None if !is_pascal_identifier(&struct_name.to_string()) => cx.error_spanned_by(
            struct_name,
            "the action name defaults to the struct's name, which is not PascalCase; add `name = \"...\"`",
        ),
        _ => {}
    }
    if let Some(regions) = &args.regions {
        if regions.is_empty() {
            cx.error_at(
                Span::call_site(),
                "`regions` is empty; list the regions or leave the key out to allow any",
            );
        }
        for (i, region) in regions.iter().enumerate() {
            let v = &region.value;
            let ok = !v.is_empty()
                && v.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !v.starts_with('-')
                && !v.ends_with('-');
            if !ok {
                cx.error_at(
                    region.span,
                    format!("{v:?} is not a region name such as \"ap-guangzhou\""),
                );
            }
            if regions[..i].iter().any(|r| r.value == *v) {
                cx.error_at(region.span, format!("region {v:?} is listed twice"));
            }
        }
    }
    if let Some(errors) = &args.errors {
        for (i, (variant, code)) in errors.iter().enumerate() {
            if !is_error_code(&code.value) {
                cx.error_at(
                    code.span,
                    format!(
                        "{:?} is not an API error code such as \"InvalidParameter.RoomIdExist\"",
                        code.value
                    ),
                );
            }
            if errors[..i].iter().any(|(v, _)| v == variant) {
                cx.error_spanned_by(variant, format!("variant `{variant}` is declared twice"));
            }
            if let Some((earlier, _)) = errors[..i].iter().find(|(_, c)| c.value == code.value) {
                cx.error_at(
                    code.span,
                    format!("code {:?} is already variant `{earlier}`", code.value),
                );
            }
        }
    }
    if let Some(limit) = &args.rate_limit
        && limit.value == 0
    {
        cx.error_at(
            limit.span,
            "`rate_limit` is requests per second and must be at least 1",
        );
    }
}

/// `YYYY-MM-DD` with a plausible month and day.
pub(crate) fn is_version(v: &str) -> bool {
    let b = v.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    matches!(
        (digits(0..4), digits(5..7), digits(8..10)),
        (Some(_), Some(1..=12), Some(1..=31))
    )
}

/// `Word` or `Word.Word...`, as API error codes are written.
fn is_error_code(v: &str) -> bool {
    !v.is_empty()
        && v.split('.').all(|part| {
            part.starts_with(|c: char| c.is_ascii_alphabetic())
                && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

fn is_pascal_identifier(v: &str) -> bool {
    v.starts_with(|c: char| c.is_ascii_uppercase()) && v.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Checks every field's rules against its type, and wire names against each other.
pub(crate) fn check_fields(cx: &Ctxt, input: &Input) {
    for (i, field) in input.fields.iter().enumerate() {
        check_field(cx, field);
        if let Some(rename) = &field.attrs.rename {
            if rename.value.is_empty() {
                cx.error_at(rename.span, "`rename` must not be empty");
            } else if rename.value.chars().any(char::is_control) {
                cx.error_at(rename.span, "`rename` must not hold control characters");
            }
        }
        if let Some(earlier) = input.fields[..i].iter().find(|f| f.wire == field.wire) {
            let span = field
                .attrs
                .rename
                .as_ref()
                .map_or(field.ident.span(), |r| r.span);
            cx.error_at(
                span,
                format!(
                    "wire name `{}` is already used by field `{}`",
                    field.wire, earlier.ident
                ),
            );
        }
    }
}

fn check_field(cx: &Ctxt, field: &Field) {
    let FieldAttrs {
        unique,
        min_items,
        max_items,
        min_len,
        max_len,
        min,
        max,
        ..
    } = &field.attrs;
    let kind = field.shape.kind;
    let ty = &field.ty;
    let ty_text = quote::quote!(#ty).to_string().replace(' ', "");
    let mismatch = |span: Span, key: &str, wants: &str| {
        cx.error_at(
            span,
            format!(
                "`{key}` applies to {wants}, but `{}` has type `{ty_text}` ({})",
                field.ident,
                kind.describe()
            ),
        );
    };
    let list_like = matches!(kind, Kind::List | Kind::Collection | Kind::Other);
    for (key, span) in [
        ("min_items", min_items.as_ref().map(|v| v.span)),
        ("max_items", max_items.as_ref().map(|v| v.span)),
    ] {
        if let Some(span) = span
            && !list_like
        {
            mismatch(
                span,
                key,
                "lists and other collections (`Vec<T>`, sets, maps)",
            );
        }
    }
    if let Some(span) = unique
        && !matches!(kind, Kind::List | Kind::Other)
    {
        let wants = if kind == Kind::Collection {
            "lists (`Vec<T>`); sets and maps hold no repeats anyway"
        } else {
            "lists (`Vec<T>`)"
        };
        mismatch(*span, "unique", wants);
    }
    for (key, span) in [
        ("min_len", min_len.as_ref().map(|v| v.span)),
        ("max_len", max_len.as_ref().map(|v| v.span)),
    ] {
        if let Some(span) = span
            && !matches!(kind, Kind::Text | Kind::Other)
        {
            let wants = if matches!(kind, Kind::List | Kind::Collection) {
                "strings; use `min_items`/`max_items` for the number of items"
            } else {
                "strings"
            };
            mismatch(span, key, wants);
        }
    }
    for (key, bound) in [("min", min), ("max", max)] {
        let Some(bound) = bound else { continue };
        match kind {
            Kind::Integer if bound.is_float => cx.error_at(
                bound.span,
                format!(
                    "`{key}` is a float but `{}` has integer type `{ty_text}`",
                    field.ident
                ),
            ),
            Kind::Integer | Kind::Float | Kind::Other => {}
            _ => mismatch(bound.span, key, "numbers"),
        }
    }
    let pairs = [
        (
            "min_items",
            "max_items",
            min_items.as_ref().zip(max_items.as_ref()),
        ),
        ("min_len", "max_len", min_len.as_ref().zip(max_len.as_ref())),
    ];
    for (lo_key, hi_key, pair) in pairs {
        if let Some((lo, hi)) = pair
            && lo.value > hi.value
        {
            cx.error_at(
                lo.span,
                format!(
                    "`{lo_key} = {}` is greater than `{hi_key} = {}`: no value can pass",
                    lo.value, hi.value
                ),
            );
        }
    }
}

//! The attribute arguments: `#[tencent_action(key = value, ...)]` and `#[tc(...)]` on fields.
//! Every malformed or unknown key is recorded and skipped, so all of them are reported.

use proc_macro2::{Span, TokenStream, TokenTree};
use syn::ext::IdentExt;
use syn::parse::{ParseStream, Parser};
use syn::{LitInt, LitStr, Token};

use crate::ctxt::{Ctxt, did_you_mean};

/// A value and where it was written.
#[derive(Clone)]
pub(crate) struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

/// The keys of `#[tencent_action(...)]`.
pub(crate) const ACTION_KEYS: &[&str] = &[
    "service",
    "name",
    "version",
    "response",
    "regions",
    "rate_limit",
    "idempotent",
    "errors",
    "crate",
    "unchecked",
];

/// The keys of `#[tc(...)]`.
pub(crate) const FIELD_KEYS: &[&str] = &[
    "rename",
    "unique",
    "min_items",
    "max_items",
    "min_len",
    "max_len",
    "min",
    "max",
    "secret",
];

#[derive(Default)]
pub(crate) struct ActionArgs {
    pub service: Option<Spanned<String>>,
    pub name: Option<Spanned<String>>,
    pub version: Option<Spanned<String>>,
    pub response: Option<syn::Type>,
    pub regions: Option<Vec<Spanned<String>>>,
    pub rate_limit: Option<Spanned<u32>>,
    pub idempotent: Option<Span>,
    /// `unchecked`: no checks against the API definition.
    pub unchecked: Option<Span>,
    /// `errors(Variant = "Code", ...)`.
    pub errors: Option<Vec<(syn::Ident, Spanned<String>)>>,
    /// `crate = "path"`: where the runtime is, when the crate was renamed.
    pub krate: Option<syn::Path>,
    /// Keys that unknown keys probably meant (not reported again as missing).
    pub misspelt: Vec<&'static str>,
}

/// A numeric bound (`min = -1`, `max = 0.5`) as written.
#[derive(Clone)]
pub(crate) struct Bound {
    pub tokens: TokenStream,
    pub is_float: bool,
    pub span: Span,
}

#[derive(Default)]
pub(crate) struct FieldAttrs {
    pub rename: Option<Spanned<String>>,
    pub unique: Option<Span>,
    pub min_items: Option<Spanned<usize>>,
    pub max_items: Option<Spanned<usize>>,
    pub min_len: Option<Spanned<usize>>,
    pub max_len: Option<Spanned<usize>>,
    pub min: Option<Bound>,
    pub max: Option<Bound>,
    pub secret: Option<Span>,
}

/// Skips the rest of a malformed `key = value` up to the next top-level comma.
fn skip_value(input: ParseStream) {
    while !input.is_empty() && !input.peek(Token![,]) {
        if input.parse::<TokenTree>().is_err() {
            return;
        }
    }
}

/// Reports an unknown key; returns the key it probably meant.
fn unknown_key<'a>(cx: &Ctxt, key: &syn::Ident, known: &[&'a str], what: &str) -> Option<&'a str> {
    let name = key.unraw().to_string();
    let mut message = format!("unknown {what} key `{name}`");
    let suggestion = did_you_mean(&name, known);
    if let Some(suggestion) = suggestion {
        message.push_str(&format!("; did you mean `{suggestion}`?"));
    }
    message.push_str(&format!("\nexpected one of: {}", known.join(", ")));
    cx.error_spanned_by(key, message);
    suggestion
}

fn set_once<T>(cx: &Ctxt, slot: &mut Option<T>, value: T, key: &syn::Ident) {
    if slot.is_some() {
        cx.error_spanned_by(key, format!("`{key}` is given twice"));
    } else {
        *slot = Some(value);
    }
}

/// Parses `= "text"`.
fn string_value(input: ParseStream) -> syn::Result<Spanned<String>> {
    input.parse::<Token![=]>()?;
    let lit: LitStr = input.parse()?;
    Ok(Spanned {
        value: lit.value(),
        span: lit.span(),
    })
}

/// Parses `= N` into an unsigned integer.
fn int_value<N>(input: ParseStream) -> syn::Result<Spanned<N>>
where
    N: std::str::FromStr,
    N::Err: std::fmt::Display,
{
    input.parse::<Token![=]>()?;
    let lit: LitInt = input.parse()?;
    Ok(Spanned {
        value: lit.base10_parse()?,
        span: lit.span(),
    })
}

/// Parses `("Variant" = "Code", ...)`.
fn error_list(input: ParseStream) -> syn::Result<Vec<(syn::Ident, Spanned<String>)>> {
    let content;
    syn::parenthesized!(content in input);
    let mut out = Vec::new();
    while !content.is_empty() {
        let variant: syn::Ident = content.parse()?;
        let code = string_value(&content)?;
        out.push((variant, code));
        if !content.is_empty() {
            content.parse::<Token![,]>()?;
        }
    }
    Ok(out)
}

/// Parses `= "path::to::crate"`.
fn crate_path(input: ParseStream) -> syn::Result<syn::Path> {
    input.parse::<Token![=]>()?;
    let lit: LitStr = input.parse()?;
    lit.parse_with(syn::Path::parse_mod_style)
}

/// Parses `= ["a", "b"]`.
fn string_list(input: ParseStream) -> syn::Result<Vec<Spanned<String>>> {
    input.parse::<Token![=]>()?;
    let content;
    syn::bracketed!(content in input);
    let items = content.parse_terminated(<LitStr as syn::parse::Parse>::parse, Token![,])?;
    Ok(items
        .into_iter()
        .map(|lit| Spanned {
            value: lit.value(),
            span: lit.span(),
        })
        .collect())
}

/// Parses `= 5`, `= -1`, `= 0.5`.
fn bound_value(input: ParseStream) -> syn::Result<Bound> {
    input.parse::<Token![=]>()?;
    let negative = input.parse::<Option<Token![-]>>()?;
    let lit: syn::Lit = input.parse()?;
    let is_float = match &lit {
        syn::Lit::Int(_) => false,
        syn::Lit::Float(_) => true,
        other => {
            return Err(syn::Error::new(
                other.span(),
                "expected a number, e.g. `min = 1` or `max = 0.5`",
            ));
        }
    };
    let span = match &negative {
        Some(minus) => minus.span.join(lit.span()).unwrap_or(lit.span()),
        None => lit.span(),
    };
    Ok(Bound {
        tokens: quote::quote!(#negative #lit),
        is_float,
        span,
    })
}

/// Parses `key [= value], ...`: `on_key` reads each key's value; a value it rejects is reported
/// and skipped, so every key is checked.
fn parse_keys(
    cx: &Ctxt,
    tokens: TokenStream,
    mut on_key: impl FnMut(&syn::Ident, ParseStream) -> syn::Result<()>,
) {
    let parser = |input: ParseStream| -> syn::Result<()> {
        while !input.is_empty() {
            let key = input.call(syn::Ident::parse_any)?;
            if let Err(e) = on_key(&key, input) {
                cx.syn_error(e);
                skip_value(input);
            }
            if !input.is_empty() {
                input.parse::<Token![,]>()?;
            }
        }
        Ok(())
    };
    if let Err(e) = parser.parse2(tokens) {
        cx.syn_error(e);
    }
}

/// A flag key (`idempotent`): present, and followed by no value.
fn flag(
    cx: &Ctxt,
    input: ParseStream,
    key: &syn::Ident,
    slot: &mut Option<Span>,
) -> syn::Result<()> {
    if input.peek(Token![=]) {
        return Err(syn::Error::new(
            key.span(),
            format!("`{key}` is a flag and takes no value"),
        ));
    }
    set_once(cx, slot, key.span(), key);
    Ok(())
}

/// Parses the arguments of `#[tencent_action(...)]`.
pub(crate) fn parse_action_args(cx: &Ctxt, tokens: TokenStream) -> ActionArgs {
    let mut args = ActionArgs::default();
    parse_keys(cx, tokens, |key, input| {
        match key.unraw().to_string().as_str() {
            "service" => string_value(input).map(|v| set_once(cx, &mut args.service, v, key)),
            "name" => string_value(input).map(|v| set_once(cx, &mut args.name, v, key)),
            "version" => string_value(input).map(|v| set_once(cx, &mut args.version, v, key)),
            "response" => input
                .parse::<Token![=]>()
                .and_then(|_| input.parse::<syn::Type>())
                .map(|v| set_once(cx, &mut args.response, v, key)),
            "regions" => string_list(input).map(|v| set_once(cx, &mut args.regions, v, key)),
            "rate_limit" => int_value(input).map(|v| set_once(cx, &mut args.rate_limit, v, key)),
            "errors" => error_list(input).map(|v| set_once(cx, &mut args.errors, v, key)),
            "crate" => crate_path(input).map(|v| set_once(cx, &mut args.krate, v, key)),
            "idempotent" => flag(cx, input, key, &mut args.idempotent),
            "unchecked" => flag(cx, input, key, &mut args.unchecked),
            _ => {
                args.misspelt
                    .extend(unknown_key(cx, key, ACTION_KEYS, "#[tencent_action]"));
                skip_value(input);
                Ok(())
            }
        }
    });
    args
}

/// `#[tencent_model]` takes only `crate = "path"`.
pub(crate) fn parse_model_args(cx: &Ctxt, tokens: TokenStream) -> Option<syn::Path> {
    let mut krate = None;
    parse_keys(cx, tokens, |key, input| {
        if key == "crate" {
            return crate_path(input).map(|path| set_once(cx, &mut krate, path, key));
        }
        let mut message = format!("#[tencent_model] takes no key `{key}`");
        if ACTION_KEYS.contains(&key.to_string().as_str()) {
            message.push_str("; it belongs on #[tencent_action]");
        }
        message.push_str("\nexpected nothing, or `crate = \"...\"`");
        cx.error_spanned_by(key, message);
        skip_value(input);
        Ok(())
    });
    krate
}

/// Reads every `#[tc(...)]` on a field.
pub(crate) fn parse_field_attrs(cx: &Ctxt, attrs: &[syn::Attribute]) -> FieldAttrs {
    let mut out = FieldAttrs::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("tc")) {
        let result = attr.parse_nested_meta(|meta| {
            let Some(key) = meta.path.get_ident().cloned() else {
                cx.error_spanned_by(&meta.path, "expected a key such as `rename` or `min_len`");
                skip_value(meta.input);
                return Ok(());
            };
            let input = meta.input;
            let result: syn::Result<()> = match key.to_string().as_str() {
                "rename" => string_value(input).map(|v| set_once(cx, &mut out.rename, v, &key)),
                "min_items" => int_value(input).map(|v| set_once(cx, &mut out.min_items, v, &key)),
                "max_items" => int_value(input).map(|v| set_once(cx, &mut out.max_items, v, &key)),
                "min_len" => int_value(input).map(|v| set_once(cx, &mut out.min_len, v, &key)),
                "max_len" => int_value(input).map(|v| set_once(cx, &mut out.max_len, v, &key)),
                "min" => bound_value(input).map(|v| set_once(cx, &mut out.min, v, &key)),
                "max" => bound_value(input).map(|v| set_once(cx, &mut out.max, v, &key)),
                "unique" => flag(cx, input, &key, &mut out.unique),
                "secret" => flag(cx, input, &key, &mut out.secret),
                _ => {
                    unknown_key(cx, &key, FIELD_KEYS, "#[tc]");
                    skip_value(input);
                    Ok(())
                }
            };
            if let Err(e) = result {
                cx.syn_error(e);
                skip_value(input);
            }
            Ok(())
        });
        if let Err(e) = result {
            cx.syn_error(e);
        }
    }
    out
}

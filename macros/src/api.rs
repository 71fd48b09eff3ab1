//! Checks of an action against the official API definition (the index of
//! `tencent-action-spec`): which service has it when `service` is left out, whether the action
//! and version exist, and the request fields' wire names, types and required members, each
//! reported at its token with a suggestion. Nested models and the response type are other
//! structs, which this expansion cannot read: for them it writes the definition's objects as a
//! table and has the compiler check their shapes (`__private_v0_1::check`).

use std::collections::{BTreeMap, VecDeque};

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use tencent_action_spec::{Member, Object, Service, Type, Usage, closest};

use crate::ast::{Input, Wire};
use crate::attr::ActionArgs;
use crate::case::snake_case;
use crate::ctxt::Ctxt;
use crate::valid::is_version;

/// How many levels of nested objects the compile-time checks follow (as
/// `__private_v0_1::check::LEVELS`).
const LEVELS: usize = 4;

/// What the definition says of a declaration.
pub(crate) struct Checked {
    /// The service: as written, or inferred.
    pub service: String,
    /// The compile-time checks of nested models and the response.
    pub checks: TokenStream,
}

/// Which definition an error message is about.
fn definition() -> String {
    format!(
        "the API definition (tccli {})",
        tencent_action_spec::TCCLI_VERSION
    )
}

/// Resolves the service and checks the declaration against the definition, recording every
/// mistake in `cx`.
pub(crate) fn check_action(
    cx: &Ctxt,
    args: &ActionArgs,
    input: &Input,
    krate: &TokenStream,
) -> Checked {
    let private = &crate::expand::private_module(krate);
    let written = args.service.as_ref().map(|s| s.value.clone());
    let unchecked = || Checked {
        service: written.clone().unwrap_or_default(),
        checks: TokenStream::new(),
    };
    let ident = &input.item.ident;
    let (name, name_span) = match &args.name {
        Some(name) => (name.value.clone(), name.span),
        None => (ident.to_string(), ident.span()),
    };
    // A missing or malformed version is reported by `valid`.
    let Some(version) = args.version.as_ref().filter(|v| is_version(&v.value)) else {
        return unchecked();
    };
    if let Some(span) = args.unchecked {
        if written.is_none() {
            cx.error_at(
                span,
                "an `unchecked` action names its service: add `service = \"...\"`",
            );
        }
        return unchecked();
    }
    let service = match &written {
        Some(service) => service.clone(),
        None => match infer_service(cx, &name, name_span, &version.value) {
            Some(service) => service,
            None => return unchecked(),
        },
    };
    let versions = tencent_action_spec::versions(&service);
    if versions.is_empty() {
        // A service the definition does not know: nothing to check against.
        return Checked {
            service,
            checks: TokenStream::new(),
        };
    }
    let Some(spec) = tencent_action_spec::service(&service, &version.value) else {
        let mut message = format!(
            "`{service}` has no version {:?} in {}",
            version.value,
            definition()
        );
        let near = closest(&version.value, versions.iter().copied(), 1);
        if let Some(v) = near.first() {
            message.push_str(&format!("; did you mean {v:?}?"));
        }
        message.push_str(&format!(
            "\nits versions: {}\nfor a version newer than the definition, add `unchecked`",
            versions.join(", ")
        ));
        cx.error_at(version.span, message);
        return Checked {
            service,
            checks: TokenStream::new(),
        };
    };
    let Some(action) = spec.action(&name) else {
        let mut message = format!(
            "`{service}` {} has no action `{name}` in {}",
            version.value,
            definition()
        );
        let near = closest(&name, spec.actions().map(|a| a.name.as_str()), 3);
        if !near.is_empty() {
            message.push_str(&format!("; did you mean {}?", quoted_list(&near)));
        }
        if args.name.is_none() {
            message.push_str(
                "\nthe action name defaults to the struct's name; set it with `name = \"...\"`",
            );
        }
        message.push_str("\nfor an action newer than the definition, add `unchecked`");
        cx.error_at(name_span, message);
        return Checked {
            service,
            checks: TokenStream::new(),
        };
    };
    let label = format!("{} ({service} {})", action.name, version.value);
    let mut table = Table::new(spec);
    let mut checks = Vec::new();
    if let Some(request) = spec.object(&action.input) {
        check_request_fields(cx, input, request, &label, &mut table, &mut checks, private);
    }
    if input.item.generics.params.is_empty()
        && let Some(response) = spec.object(&action.output)
    {
        let root = table.add(&response.name);
        let span = args.response.as_ref().map_or(ident.span(), |ty| ty.span());
        let context = format!("the response of {label}");
        let ty = quote!(<#ident as #krate::Action>::Response);
        checks.push(model_check(private, span, &context, &ty, root, false));
    }
    let checks = if checks.is_empty() {
        TokenStream::new()
    } else {
        let objects = table.to_tokens(private);
        // One constant per action: the first mismatch stops its evaluation, at its own token.
        quote! {
            const _: () = {
                #[allow(unused_imports)]
                use #private::check::ProbeFallback as _;
                let __tc_objects: &[#private::check::SpecObject] = &[#(#objects),*];
                #(#checks)*
            };
        }
    };
    Checked { service, checks }
}

/// `service` left out: the one service with the action at that version.
fn infer_service(cx: &Ctxt, name: &str, span: Span, version: &str) -> Option<String> {
    let candidates = tencent_action_spec::services_with_action(name, version);
    match candidates.as_slice() {
        [one] => return Some((*one).to_owned()),
        [] => {
            let mut message = format!(
                "missing `service`: no service has an action `{name}` at version {version} in {}",
                definition()
            );
            let actions: Vec<(&str, &str)> = tencent_action_spec::actions_at(version).collect();
            if actions.is_empty() {
                message.push_str(&format!(" (no service has version {version})"));
            }
            let near = closest(name, actions.iter().map(|(_, a)| *a), 3);
            if !near.is_empty() {
                let with_service: Vec<String> = near
                    .iter()
                    .map(|a| {
                        let services: Vec<&str> = actions
                            .iter()
                            .filter(|(_, b)| b == a)
                            .map(|(s, _)| *s)
                            .collect();
                        format!("`{a}` ({})", services.join(", "))
                    })
                    .collect();
                message.push_str(&format!("; did you mean {}?", with_service.join(" or ")));
            }
            message.push_str(
                "\nname the service with `service = \"...\"`, and add `unchecked` for an action newer than the definition",
            );
            cx.error_at(span, message);
        }
        several => {
            let suggestions: Vec<String> = several
                .iter()
                .map(|s| format!("`service = \"{s}\"`"))
                .collect();
            cx.error_at(
                span,
                format!(
                    "`{name}` at version {version} is an action of {} services: {}; say which with {}",
                    several.len(),
                    several.join(", "),
                    suggestions.join(" or ")
                ),
            );
        }
    }
    None
}

fn quoted_list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(" or ")
}

/// Checks each request field against the request object; nested models get compile-time
/// checks pushed to `checks`.
#[allow(clippy::too_many_arguments)]
fn check_request_fields(
    cx: &Ctxt,
    input: &Input,
    request: &Object,
    label: &str,
    table: &mut Table,
    checks: &mut Vec<TokenStream>,
    private: &TokenStream,
) {
    let generic = !input.item.generics.params.is_empty();
    // Members suggested for a misspelt field are not reported missing as well.
    let mut suggested: Vec<&str> = Vec::new();
    for field in &input.fields {
        let wire_span = field
            .attrs
            .rename
            .as_ref()
            .map_or(field.ident.span(), |r| r.span);
        let Some(member) = request.member(&field.wire) else {
            let near = closest(
                &field.wire,
                request.members.iter().map(|m| m.name.as_str()),
                3,
            );
            cx.error_at(wire_span, unknown_member(field, request, &near, label));
            suggested.extend(near.first());
            continue;
        };
        if member.required && field.shape.optional {
            cx.error_at(
                field.ty.span(),
                format!(
                    "`{}` is required by {label}: declare it as `{}`, not `Option<...>`",
                    member.name,
                    rust_type(&member.ty)
                ),
            );
        }
        let wire = Wire::of(&field.ty);
        let context = format!("field `{}` ({} of {label})", field.ident, member.name);
        let mut found = Vec::new();
        if let Err(problem) = fits(&wire, &member.ty, &mut found) {
            let ty = &field.ty;
            let ty_text = quote!(#ty).to_string().replace(' ', "");
            cx.error_at(
                field.ty.span(),
                format!(
                    "`{}` is {} in {label}, but `{}` has type `{ty_text}` ({problem}); use `{}`",
                    member.name,
                    describe(&member.ty),
                    field.ident,
                    rust_type(&member.ty),
                ),
            );
            continue;
        }
        if generic {
            continue;
        }
        for (elem, expected) in found {
            let span = elem.span();
            match expected {
                Type::Object(object) => {
                    let root = table.add(object);
                    checks.push(model_check(
                        private,
                        span,
                        &context,
                        &quote!(#elem),
                        root,
                        true,
                    ));
                }
                scalar => {
                    let spec_type = scalar_tokens(private, scalar);
                    let member_name = &member.name;
                    checks.push(quote_spanned! {span=>
                        let report = #private::check::check_not_model(
                            #context,
                            #private::check::Probe::<#elem>::S0,
                            #member_name,
                            #spec_type,
                        );
                        if report.failed() {
                            ::core::panic!("{}", report.message());
                        }
                    });
                }
            }
        }
    }
    for member in &request.members {
        if member.required
            && !member.disabled
            && !suggested.contains(&member.name.as_str())
            && !input.fields.iter().any(|f| f.wire == member.name)
        {
            let field = snake_case(&member.name);
            let rename = if crate::case::pascal_case(&field) == member.name {
                String::new()
            } else {
                format!("#[tc(rename = \"{}\")] ", member.name)
            };
            cx.error_spanned_by(
                &input.item.ident,
                format!(
                    "{label} requires `{}` ({}), which has no field here; add `{rename}pub {field}: {},`",
                    member.name,
                    describe(&member.ty),
                    rust_type(&member.ty)
                ),
            );
        }
    }
}

/// The message for a field whose wire name is not a member.
fn unknown_member(
    field: &crate::ast::Field,
    object: &Object,
    near: &[&str],
    label: &str,
) -> String {
    let mut message = format!("`{}` is not a request member of {label}", field.wire);
    match near.first() {
        Some(best) if field.attrs.rename.is_none() => message.push_str(&format!(
            "; did you mean `{best}`? (name the field `{}`, or add `#[tc(rename = \"{best}\")]`)",
            snake_case(best)
        )),
        Some(_) => message.push_str(&format!("; did you mean {}?", quoted_list(near))),
        None if object.members.is_empty() => message.push_str("; it has no parameters"),
        None => {
            let names: Vec<&str> = object.members.iter().map(|m| m.name.as_str()).collect();
            message.push_str(&format!("\nits members: {}", names.join(", ")));
        }
    }
    message
}

/// Whether a field type can carry a member type; element types that may be models are
/// collected with what they stand for, for the compile-time checks.
fn fits<'a>(
    wire: &'a Wire,
    ty: &'a Type,
    found: &mut Vec<(&'a syn::Type, &'a Type)>,
) -> Result<(), &'static str> {
    match (ty, wire) {
        (_, Wire::Value) => Ok(()),
        (Type::List(inner), Wire::List(elem)) => fits(elem, inner, found),
        // An alias or a type of its own: the compiler's serde impls decide.
        (Type::List(_), Wire::Other(_)) => Ok(()),
        (Type::List(_), other) => Err(other.describe()),
        (_, Wire::List(_)) => Err("a list"),
        (Type::Object(_), Wire::Map) => Ok(()),
        (Type::Object(_), Wire::Other(elem)) => {
            found.push((elem, ty));
            Ok(())
        }
        (Type::Object(_), other) => Err(other.describe()),
        (scalar, Wire::Other(elem)) => {
            found.push((elem, scalar));
            Ok(())
        }
        (t, Wire::Text) if t.is_string() => Ok(()),
        (Type::Int64, Wire::Signed) => Ok(()),
        (Type::Int64, Wire::Unsigned) => Err("unsigned, and int64 may be negative"),
        (Type::Uint64, Wire::Signed | Wire::Unsigned) => Ok(()),
        (Type::Float, Wire::Float) => Ok(()),
        (Type::Bool, Wire::Bool) => Ok(()),
        (_, other) => Err(other.describe()),
    }
}

fn describe(ty: &Type) -> String {
    match ty {
        Type::List(inner) => format!("a list of {}", plural(inner)),
        Type::Object(name) => format!("object {name}"),
        Type::Int64 => "an int64".into(),
        Type::Uint64 => "a uint64".into(),
        Type::Float => "a float".into(),
        Type::Bool => "a bool".into(),
        Type::Date => "a date string".into(),
        Type::DateTime | Type::DateTimeIso => "a date-time string".into(),
        Type::Binary => "a base64 string".into(),
        Type::String => "a string".into(),
    }
}

fn plural(ty: &Type) -> String {
    match ty {
        Type::List(inner) => format!("lists of {}", plural(inner)),
        Type::Object(name) => format!("{name} objects"),
        Type::Int64 => "int64s".into(),
        Type::Uint64 => "uint64s".into(),
        Type::Float => "floats".into(),
        Type::Bool => "bools".into(),
        Type::Date => "date strings".into(),
        Type::DateTime | Type::DateTimeIso => "date-time strings".into(),
        Type::Binary => "base64 strings".into(),
        Type::String => "strings".into(),
    }
}

/// The Rust type a member is declared with.
fn rust_type(ty: &Type) -> String {
    match ty {
        Type::List(inner) => format!("Vec<{}>", rust_type(inner)),
        Type::Object(name) => crate::case::pascal_case(&snake_case(name)),
        Type::Int64 => "i64".into(),
        Type::Uint64 => "u64".into(),
        Type::Float => "f64".into(),
        Type::Bool => "bool".into(),
        _ => "String".into(),
    }
}

fn scalar_tokens(private: &TokenStream, ty: &Type) -> TokenStream {
    match ty {
        Type::Int64 => quote!(#private::check::SpecType::Int64),
        Type::Uint64 => quote!(#private::check::SpecType::Uint64),
        Type::Float => quote!(#private::check::SpecType::Float),
        Type::Bool => quote!(#private::check::SpecType::Bool),
        Type::Object(_) | Type::List(_) => quote!(#private::check::SpecType::Opaque),
        _ => quote!(#private::check::SpecType::Text),
    }
}

/// A compile-time check of the model `ty` against table entry `root`, failing at `span`.
fn model_check(
    private: &TokenStream,
    span: Span,
    context: &str,
    ty: &TokenStream,
    root: usize,
    request: bool,
) -> TokenStream {
    quote_spanned! {span=>
        let report = #private::check::check_model(
            #context,
            #private::check::Probe::<#ty>::S0,
            __tc_objects,
            #root,
            #request,
        );
        if report.failed() {
            ::core::panic!("{}", report.message());
        }
    }
}

/// The objects the compile-time checks need: each root and what it reaches within
/// [`LEVELS`], each once.
struct Table<'a> {
    spec: &'a Service,
    /// Name → (index, depth).
    index: BTreeMap<&'a str, (usize, usize)>,
    order: Vec<&'a Object>,
}

impl<'a> Table<'a> {
    fn new(spec: &'a Service) -> Self {
        Table {
            spec,
            index: BTreeMap::new(),
            order: Vec::new(),
        }
    }

    /// Adds an object and what it reaches; returns its index.
    fn add(&mut self, name: &str) -> usize {
        let mut queue = VecDeque::from([(name.to_owned(), 0usize)]);
        while let Some((name, depth)) = queue.pop_front() {
            let Some(object) = self.spec.object(&name) else {
                continue;
            };
            match self.index.get(object.name.as_str()) {
                Some(&(_, seen)) if seen <= depth => continue,
                Some(&(i, _)) => {
                    self.index.insert(&object.name, (i, depth));
                }
                None => {
                    self.index.insert(&object.name, (self.order.len(), depth));
                    self.order.push(object);
                }
            }
            if depth + 1 < LEVELS {
                for member in &object.members {
                    if let Some(target) = object_of(&member.ty) {
                        queue.push_back((target.to_owned(), depth + 1));
                    }
                }
            }
        }
        self.index.get(name).map_or(0, |&(i, _)| i)
    }

    fn to_tokens(&self, private: &TokenStream) -> Vec<TokenStream> {
        self.order
            .iter()
            .map(|object| {
                let name = &object.name;
                let members = object.members.iter().map(|m| self.member_tokens(private, m));
                let shared = object.usage == Some(Usage::Both);
                quote!(#private::check::SpecObject { name: #name, members: &[#(#members),*], shared: #shared })
            })
            .collect()
    }

    fn member_tokens(&self, private: &TokenStream, member: &Member) -> TokenStream {
        let name = &member.name;
        let mut lists = 0u8;
        let mut ty = &member.ty;
        while let Type::List(inner) = ty {
            lists += 1;
            ty = inner;
        }
        let ty = match ty {
            Type::Object(target) => match self.index.get(target.as_str()) {
                Some((i, _)) => quote!(#private::check::SpecType::Object(#i)),
                None => quote!(#private::check::SpecType::Opaque),
            },
            scalar => scalar_tokens(private, scalar),
        };
        let required = member.required && !member.disabled;
        quote!(#private::check::SpecMember { name: #name, ty: #ty, lists: #lists, required: #required })
    }
}

fn object_of(ty: &Type) -> Option<&str> {
    match ty {
        Type::Object(name) => Some(name),
        Type::List(inner) => object_of(inner),
        _ => None,
    }
}

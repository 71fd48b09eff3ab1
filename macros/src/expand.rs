//! Code generation. Everything generated names the runtime through absolute paths under
//! `::tencent_action::__private_v0_1` (or `::tencent_action` for the public traits, or the path given
//! with `crate = "..."`) and `::core`, so user types named `Result`, `Error`, `Response`,
//! `Client` or `Action` change nothing.

use proc_macro2::TokenStream;
use quote::{ToTokens, format_ident, quote, quote_spanned};

use crate::api;
use crate::ast::{self, Field, Input, Wire};
use crate::attr::{self, ActionArgs};
use crate::ctxt::Ctxt;
use crate::valid;

/// Which macro is expanding.
pub(crate) enum Kind {
    Action,
    Model,
}

/// Runs parse → check → expand. On errors, emits the struct, its serde derives and stub impls
/// (no validation), plus every error at its span, so one mistake does not cascade into errors
/// wherever the struct is used.
pub(crate) fn expand(kind: Kind, args: TokenStream, input: TokenStream) -> TokenStream {
    let cx = Ctxt::default();
    let macro_name = match kind {
        Kind::Action => "tencent_action",
        Kind::Model => "tencent_model",
    };
    let (action_args, krate) = match kind {
        Kind::Action => {
            let args = attr::parse_action_args(&cx, args);
            let krate = args.krate.clone();
            (Some(args), krate)
        }
        Kind::Model => (None, attr::parse_model_args(&cx, args)),
    };
    let krate = match krate {
        Some(path) => path.into_token_stream(),
        None => quote!(::tencent_action),
    };
    let Some(parsed) = ast::parse(&cx, input.clone(), macro_name) else {
        let errors = cx.into_compile_errors();
        return match syn::parse2::<syn::DeriveInput>(input.clone()) {
            Ok(mut item) => {
                ast::strip_tc_attrs(&mut item);
                quote!(#item #errors)
            }
            Err(_) => quote!(#input #errors),
        };
    };
    if let Some(args) = &action_args {
        valid::check_action_args(&cx, args, &parsed.item.ident);
    }
    valid::check_fields(&cx, &parsed);
    let against_api = action_args
        .as_ref()
        .map(|args| api::check_action(&cx, args, &parsed, &krate));
    let checked = !cx.has_errors();
    let mut out = model_impls(&parsed, &krate, checked);
    // A model may be nested in another or be a response, so the checks against the API
    // definition read its shape; an action is neither, and costs no shape to compile.
    if action_args.is_none() {
        out.extend(shape_impl(&parsed, &private_module(&krate)));
    }
    if let (Some(args), Some(against_api)) = (&action_args, against_api) {
        out.extend(action_impl(&parsed, args, &against_api.service, &krate));
        out.extend(against_api.checks);
    }
    out.extend(cx.into_compile_errors());
    out
}

/// The runtime's module for generated code, `KRATE::__private_vMAJOR_MINOR`. Its name carries
/// the version, so that macros and a runtime of different versions are a compile error
/// instead of a silent mismatch.
pub(crate) fn private_module(krate: &TokenStream) -> TokenStream {
    quote!(#krate::__private_v0_1)
}

/// The struct with serde derives, and its `Debug`, `Validate` and `Model` impls. Without
/// `checked`, `Validate` checks nothing (a stub next to the reported errors).
fn model_impls(input: &Input, krate: &TokenStream, checked: bool) -> TokenStream {
    let private = private_module(krate);
    let mut item = input.item.clone();
    let serde_crate = format!("{private}::serde").replace(' ', "");
    for (field, def) in input.fields.iter().zip(ast::fields_mut(&mut item)) {
        let wire = &field.wire;
        let attr: syn::Attribute = if field.shape.optional {
            syn::parse_quote!(#[serde(rename = #wire, default, skip_serializing_if = "::core::option::Option::is_none")])
        } else {
            syn::parse_quote!(#[serde(rename = #wire)])
        };
        def.attrs.push(attr);
    }
    // `Debug` is derived unless a field is secret (the derive compiles faster than the
    // hand-written impl, which redacts).
    let redacts = input.fields.iter().any(|f| f.attrs.secret.is_some());
    item.attrs.insert(
        0,
        if redacts {
            syn::parse_quote!(#[derive(#private::serde::Serialize, #private::serde::Deserialize, ::core::clone::Clone)])
        } else {
            syn::parse_quote!(#[derive(#private::serde::Serialize, #private::serde::Deserialize, ::core::clone::Clone, ::core::fmt::Debug)])
        },
    );
    item.attrs
        .insert(1, syn::parse_quote!(#[serde(crate = #serde_crate)]));

    let ident = &item.ident;
    let (impl_generics, ty_generics, where_clause) = item.generics.split_for_impl();
    let name = ident.to_string();
    let debug_fields = input.fields.iter().map(|f| {
        let field = &f.ident;
        let label = field.to_string();
        let label = label.strip_prefix("r#").unwrap_or(&label);
        if f.attrs.secret.is_some() {
            if f.shape.optional {
                quote!(.field(#label, #private::RedactedDebug::redacted(&self.#field)))
            } else {
                quote!(.field(#label, &#private::Redacted))
            }
        } else {
            quote!(.field(#label, &self.#field))
        }
    });
    let checks = if checked {
        input
            .fields
            .iter()
            .map(|f| field_checks(f, &private))
            .collect()
    } else {
        Vec::new()
    };
    let debug_impl = redacts.then(|| {
        quote! {
            #[automatically_derived]
            impl #impl_generics ::core::fmt::Debug for #ident #ty_generics #where_clause {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.debug_struct(#name) #(#debug_fields)* .finish()
                }
            }
        }
    });
    quote! {
        #item

        #debug_impl

        #[automatically_derived]
        impl #impl_generics #private::Validate for #ident #ty_generics #where_clause {
            #[allow(unused_variables)]
            fn validate_at(
                &self,
                __parent: ::core::option::Option<&#private::FieldPath<'_>>,
                __out: &mut #private::Violations,
            ) {
                #[allow(unused_imports)]
                use #private::{SkipNested as _, ValidateNested as _};
                #(#checks)*
            }
        }

        #[automatically_derived]
        impl #impl_generics #krate::Model for #ident #ty_generics #where_clause {}
    }
}

/// `HasShape`: what the compile-time checks against the API definition read of a model (see
/// `__private_v0_1::check`): its fields and, when a field may hold a model, that model's shape one
/// level down at each nesting level.
fn shape_impl(input: &Input, private: &TokenStream) -> TokenStream {
    let check = quote!(#private::check);
    let item = &input.item;
    let ident = &item.ident;
    let name = ident.to_string();
    let (impl_generics, ty_generics, where_clause) = item.generics.split_for_impl();
    let opaque = !item.generics.params.is_empty();
    let wires: Vec<Wire> = input.fields.iter().map(|f| Wire::of(&f.ty)).collect();
    // The encoding `__private_v0_1::check::ModelFields::fields` documents.
    let mut fields = String::new();
    if !opaque {
        for (f, wire) in input.fields.iter().zip(&wires) {
            let field = f.ident.to_string();
            fields.push_str(field.strip_prefix("r#").unwrap_or(&field));
            fields.push('\u{1f}');
            fields.push_str(&f.wire);
            fields.push('\u{1f}');
            fields.push(if f.shape.optional { 'o' } else { '-' });
            encode_type(&mut fields, wire);
            fields.push('\u{1e}');
        }
    }
    // Without fields that may hold models, the levels are the trait's (empty) defaults.
    let nested = if opaque || wires.iter().all(|w| w.element().is_none()) {
        TokenStream::new()
    } else {
        let level = |next: TokenStream| {
            let nested = wires.iter().map(|wire| match wire.element() {
                Some(elem) => quote!(#check::Probe::<#elem>::#next),
                None => quote!(::core::option::Option::None),
            });
            quote!({
                #[allow(unused_imports)]
                use #check::ProbeFallback as _;
                &[#(#nested),*]
            })
        };
        let (n0, n1, n2) = (level(quote!(S1)), level(quote!(S2)), level(quote!(S3)));
        quote! {
            const NESTED_0: &'static [::core::option::Option<&'static #check::ModelShape>] = #n0;
            const NESTED_1: &'static [::core::option::Option<&'static #check::ModelShape>] = #n1;
            const NESTED_2: &'static [::core::option::Option<&'static #check::ModelShape>] = #n2;
        }
    };
    quote! {
        #[automatically_derived]
        impl #impl_generics #check::HasShape for #ident #ty_generics #where_clause {
            const MODEL: #check::ModelFields = #check::ModelFields {
                name: #name,
                fields: #fields,
                opaque: #opaque,
            };
            #nested
        }
    }
}

/// A field type in the encoding of `__private_v0_1::check::ModelFields::fields`: a `[` per list,
/// then the letter of what the element can carry.
fn encode_type(out: &mut String, wire: &Wire) {
    out.push(match wire {
        Wire::Text => 's',
        Wire::Signed => 'i',
        Wire::Unsigned => 'u',
        Wire::Float => 'f',
        Wire::Bool => 'b',
        Wire::Map => 'm',
        Wire::Value => 'v',
        Wire::Other(_) => 'o',
        Wire::List(inner) => {
            out.push('[');
            return encode_type(out, inner);
        }
    });
}

/// The checks of one field: its declared rules, then those of its nested models. Each rule's
/// call carries the span of its key, so a type that cannot be measured is reported there.
fn field_checks(field: &Field, private: &TokenStream) -> TokenStream {
    let ident = &field.ident;
    let wire = &field.wire;
    let a = &field.attrs;
    let mut rules = Vec::new();
    if let Some(v) = &a.min_items {
        let n = v.value;
        rules
            .push(quote_spanned!(v.span=> #private::check_min_items(__value, #n, &__path, __out);));
    }
    if let Some(v) = &a.max_items {
        let n = v.value;
        rules
            .push(quote_spanned!(v.span=> #private::check_max_items(__value, #n, &__path, __out);));
    }
    if let Some(span) = a.unique {
        rules.push(quote_spanned!(span=> #private::check_unique(&__value[..], &__path, __out);));
    }
    if let Some(v) = &a.min_len {
        let n = v.value;
        rules.push(quote_spanned!(v.span=> #private::check_min_len(__value, #n, &__path, __out);));
    }
    if let Some(v) = &a.max_len {
        let n = v.value;
        rules.push(quote_spanned!(v.span=> #private::check_max_len(__value, #n, &__path, __out);));
    }
    for (bound, check) in [(&a.min, quote!(check_min)), (&a.max, quote!(check_max))] {
        if let Some(b) = bound {
            let tokens = &b.tokens;
            let literal = if !b.is_float && field.shape.kind == ast::Kind::Float {
                quote!((#tokens) as _)
            } else {
                quote!(#tokens)
            };
            rules.push(
                quote_spanned!(b.span=> #private::#check(__value, #literal, &__path, __out);),
            );
        }
    }
    let rules = if rules.is_empty() {
        quote!()
    } else if field.shape.optional {
        quote!(if let ::core::option::Option::Some(__value) = &self.#ident { #(#rules)* })
    } else {
        quote!({ let __value = &self.#ident; #(#rules)* })
    };
    // Strings, numbers, bools and lists of them hold no nested models: skip the lookup.
    let nested = if !field.shape.may_nest {
        quote!()
    } else {
        quote!((&#private::Nested(&self.#ident)).__tc_validate_nested(&__path, __out);)
    };
    if rules.is_empty() && nested.is_empty() {
        return quote!();
    }
    quote! {
        {
            let __path = #private::FieldPath::field(__parent, #wire);
            #rules
            #nested
        }
    }
}

/// `impl Action`, and the error-code enum of `errors(...)`.
fn action_impl(
    input: &Input,
    args: &ActionArgs,
    service: &str,
    krate: &TokenStream,
) -> TokenStream {
    let private = private_module(krate);
    let ident = &input.item.ident;
    let vis = &input.item.vis;
    let (impl_generics, ty_generics, where_clause) = input.item.generics.split_for_impl();
    let version = args
        .version
        .as_ref()
        .map(|s| s.value.clone())
        .unwrap_or_default();
    let name = args
        .name
        .as_ref()
        .map(|s| s.value.clone())
        .unwrap_or_else(|| ident.to_string());
    let response = match &args.response {
        Some(ty) => quote!(#ty),
        None => format_ident!("{}Response", ident).into_token_stream(),
    };
    let regions = args
        .regions
        .iter()
        .flatten()
        .map(|r| r.value.as_str())
        .collect::<Vec<_>>();
    let rate_limit = match &args.rate_limit {
        Some(limit) => {
            let n = limit.value;
            quote!(::core::option::Option::Some(#n))
        }
        None => quote!(::core::option::Option::None),
    };
    let client_token = input.fields.iter().find(|f| f.wire == "ClientToken");
    let idempotent = args.idempotent.is_some() || client_token.is_some();
    let client_token_missing = client_token.map(|f| {
        let field = &f.ident;
        let ty = &f.ty;
        quote_spanned! {syn::spanned::Spanned::span(ty)=>
            fn client_token_missing(&self) -> bool {
                <#ty as #private::ClientTokenSlot>::is_blank(&self.#field)
            }
        }
    });
    let (error_type, error_enum) = match &args.errors {
        Some(errors) => {
            let enum_ident = format_ident!("{}Error", ident);
            (
                quote!(#enum_ident),
                error_enum(vis, ident, &enum_ident, errors, krate),
            )
        }
        None => (quote!(::core::convert::Infallible), quote!()),
    };
    quote! {
        #[automatically_derived]
        impl #impl_generics #krate::Action for #ident #ty_generics #where_clause {
            const SERVICE: &'static str = #service;
            const NAME: &'static str = #name;
            const VERSION: &'static str = #version;
            const REGIONS: &'static [&'static str] = &[#(#regions),*];
            const RATE_LIMIT: ::core::option::Option<u32> = #rate_limit;
            const IDEMPOTENT: bool = #idempotent;
            type Response = #response;
            type ErrorCode = #error_type;
            #client_token_missing
        }

        #error_enum
    }
}

/// `enum <Action>Error { Variant, ... }` implementing `ErrorCode`.
fn error_enum(
    vis: &syn::Visibility,
    action: &syn::Ident,
    enum_ident: &syn::Ident,
    errors: &[(syn::Ident, attr::Spanned<String>)],
    krate: &TokenStream,
) -> TokenStream {
    // Repeats are reported by `valid`; the enum keeps first occurrences so nothing cascades.
    let mut variants: Vec<&syn::Ident> = Vec::new();
    let mut codes: Vec<&str> = Vec::new();
    for (variant, code) in errors {
        if !variants.contains(&variant) && !codes.contains(&code.value.as_str()) {
            variants.push(variant);
            codes.push(&code.value);
        }
    }
    let docs = codes.iter().map(|c| format!("`{c}`"));
    let doc = format!(
        "The documented error codes of [`{action}`]; match on them with `{enum_ident}::of(&error)`."
    );
    quote! {
        #[doc = #doc]
        #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::marker::Copy, ::core::cmp::PartialEq, ::core::cmp::Eq, ::core::hash::Hash)]
        #vis enum #enum_ident {
            #(#[doc = #docs] #variants,)*
        }

        #[automatically_derived]
        impl #krate::ErrorCode for #enum_ident {
            fn from_code(code: &str) -> ::core::option::Option<Self> {
                match code {
                    #(#codes => ::core::option::Option::Some(Self::#variants),)*
                    _ => ::core::option::Option::None,
                }
            }

            fn code(self) -> &'static str {
                match self {
                    #(Self::#variants => #codes,)*
                }
            }
        }

        impl #enum_ident {
            /// The variant for an error, when it is an API error with one of this action's codes.
            #vis fn of(error: &#krate::Error) -> ::core::option::Option<Self> {
                <Self as #krate::ErrorCode>::from_code(error.code()?)
            }
        }
    }
}

#[cfg(test)]
mod private_module_tests {
    #[test]
    fn the_private_module_is_named_after_this_version() {
        let expected = format!(
            "__private_v{}_{}",
            env!("CARGO_PKG_VERSION_MAJOR"),
            env!("CARGO_PKG_VERSION_MINOR")
        );
        let path = super::private_module(&quote::quote!(krate)).to_string();
        assert!(path.ends_with(&expected), "{path} should end in {expected}");
    }
}

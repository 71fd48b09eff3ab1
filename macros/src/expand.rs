//! Code generation. Everything generated names the runtime through absolute paths under
//! `::tencent_action::__private` (or `::tencent_action` for the public traits) and `::core`,
//! so user types named `Result`, `Error`, `Response`, `Client` or `Action` change nothing.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};

use crate::ast::{self, Field, Input};
use crate::attr::{self, ActionArgs};
use crate::ctxt::Ctxt;
use crate::valid;

/// Which macro is expanding.
pub enum Kind {
    Action,
    Model,
}

/// Runs parse → check → expand; on any error emits the struct (without `#[tc]`) plus every
/// error, so the struct's other uses still type-check.
pub fn expand(kind: Kind, args: TokenStream, input: TokenStream) -> TokenStream {
    let cx = Ctxt::default();
    let macro_name = match kind {
        Kind::Action => "tencent_action",
        Kind::Model => "tencent_model",
    };
    let action_args = match kind {
        Kind::Action => Some(attr::parse_action_args(&cx, args)),
        Kind::Model => {
            attr::parse_model_args(&cx, args);
            None
        }
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
    if cx.has_errors() {
        let item = &parsed.item;
        let errors = cx.into_compile_errors();
        return quote!(#item #errors);
    }
    let mut out = model_impls(&parsed);
    if let Some(args) = &action_args {
        out.extend(action_impl(&parsed, args));
    }
    out
}

fn private() -> TokenStream {
    quote!(::tencent_action::__private)
}

/// The struct with serde derives, and its `Debug`, `Validate` and `Model` impls.
fn model_impls(input: &Input) -> TokenStream {
    let private = private();
    let mut item = input.item.clone();
    let serde_crate = format!("{private}").replace(' ', "") + "::serde";
    for (field, def) in input.fields.iter().zip(ast::fields_mut(&mut item)) {
        let wire = &field.wire;
        let attr: syn::Attribute = if field.shape.optional {
            syn::parse_quote!(#[serde(rename = #wire, default, skip_serializing_if = "::core::option::Option::is_none")])
        } else {
            syn::parse_quote!(#[serde(rename = #wire)])
        };
        def.attrs.push(attr);
    }
    item.attrs.insert(
        0,
        syn::parse_quote!(#[derive(#private::serde::Serialize, #private::serde::Deserialize, ::core::clone::Clone)]),
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
    let checks = input.fields.iter().map(field_checks);
    quote! {
        #item

        impl #impl_generics ::core::fmt::Debug for #ident #ty_generics #where_clause {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(#name) #(#debug_fields)* .finish()
            }
        }

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

        impl #impl_generics ::tencent_action::Model for #ident #ty_generics #where_clause {}
    }
}

/// The checks of one field: its declared rules, then those of its nested models.
fn field_checks(field: &Field) -> TokenStream {
    let private = private();
    let ident = &field.ident;
    let wire = &field.wire;
    let a = &field.attrs;
    let value = quote!(__value);
    let mut rules = Vec::new();
    if let Some(v) = &a.min_items {
        let n = v.value;
        rules.push(quote_spanned!(v.span=> ::tencent_action::__private::check_min_items(__value, #n, &__path, __out);));
    }
    if let Some(v) = &a.max_items {
        let n = v.value;
        rules.push(quote_spanned!(v.span=> ::tencent_action::__private::check_max_items(__value, #n, &__path, __out);));
    }
    if let Some(span) = a.unique {
        rules.push(
            quote_spanned!(span=> ::tencent_action::__private::check_unique(&__value[..], &__path, __out);),
        );
    }
    if let Some(v) = &a.min_len {
        let n = v.value;
        rules.push(
            quote_spanned!(v.span=> ::tencent_action::__private::check_min_len(__value, #n, &__path, __out);),
        );
    }
    if let Some(v) = &a.max_len {
        let n = v.value;
        rules.push(
            quote_spanned!(v.span=> ::tencent_action::__private::check_max_len(__value, #n, &__path, __out);),
        );
    }
    for (bound, check) in [(&a.min, quote!(check_min)), (&a.max, quote!(check_max))] {
        if let Some(b) = bound {
            let tokens = &b.tokens;
            let literal = if !b.is_float && field.shape.kind == ast::Kind::Float {
                quote!((#tokens) as _)
            } else {
                quote!(#tokens)
            };
            rules.push(quote_spanned!(b.span=> ::tencent_action::__private::#check(__value, #literal, &__path, __out);));
        }
    }
    let nested = quote!((&#private::Nested(&self.#ident)).__tc_validate_nested(&__path, __out););
    let rules = if rules.is_empty() {
        quote!()
    } else if field.shape.optional {
        quote!(if let ::core::option::Option::Some(#value) = &self.#ident { #(#rules)* })
    } else {
        quote!({ let #value = &self.#ident; #(#rules)* })
    };
    quote! {
        {
            let __path = #private::FieldPath::field(__parent, #wire);
            #rules
            #nested
        }
    }
}

/// `impl Action`.
fn action_impl(input: &Input, args: &ActionArgs) -> TokenStream {
    let ident = &input.item.ident;
    let (impl_generics, ty_generics, where_clause) = input.item.generics.split_for_impl();
    let service = args
        .service
        .as_ref()
        .map(|s| s.value.clone())
        .unwrap_or_default();
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
        None => {
            let default = format_ident!("{}Response", ident);
            quote!(#default)
        }
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
    let idempotent =
        args.idempotent.is_some() || input.fields.iter().any(|f| f.wire == "ClientToken");
    quote! {
        impl #impl_generics ::tencent_action::Action for #ident #ty_generics #where_clause {
            const SERVICE: &'static str = #service;
            const NAME: &'static str = #name;
            const VERSION: &'static str = #version;
            const REGIONS: &'static [&'static str] = &[#(#regions),*];
            const RATE_LIMIT: ::core::option::Option<u32> = #rate_limit;
            const IDEMPOTENT: bool = #idempotent;
            type Response = #response;
        }
    }
}

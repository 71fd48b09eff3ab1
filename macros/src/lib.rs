//! The `#[tencent_action]` and `#[tencent_model]` attribute macros of
//! [tencent-action](https://docs.rs/tencent-action). Use them through that crate, which
//! documents every key with examples; generated code names the runtime only through
//! `::tencent_action::__private_v0_1`.
//!
//! The expansion runs in four steps, one module each: `ast` reads the struct, `attr` reads
//! the attributes, `valid` checks them against each other and the field types, and `expand`
//! writes the code. Every mistake is collected with its span and reported at once; the struct
//! is emitted even then, so one mistake does not cascade into errors elsewhere.

mod api;
mod ast;
mod attr;
mod case;
mod ctxt;
mod expand;
#[cfg(test)]
mod snapshots;
mod valid;

use proc_macro::TokenStream;

/// Declares a Tencent Cloud API 3.0 action on a struct with named fields.
///
/// See the `tencent_action` crate for the keys (`service`, `name`, `version`, `response`,
/// `regions`, `rate_limit`, `idempotent`) and the `#[tc(...)]` field attributes.
#[proc_macro_attribute]
pub fn tencent_action(args: TokenStream, input: TokenStream) -> TokenStream {
    expand::expand(expand::Kind::Action, args.into(), input.into()).into()
}

/// Declares a request or response object (a nested model) on a struct with named fields.
///
/// See the `tencent_action` crate for the `#[tc(...)]` field attributes.
#[proc_macro_attribute]
pub fn tencent_model(args: TokenStream, input: TokenStream) -> TokenStream {
    expand::expand(expand::Kind::Model, args.into(), input.into()).into()
}

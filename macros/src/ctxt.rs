//! Error accumulation: every mistake is recorded at its span and reported together.

use std::cell::RefCell;
use std::fmt::Display;

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;

/// Collects errors while the macro reads and checks its input. Its errors must be taken with
/// [`into_compile_errors`](Self::into_compile_errors): dropping a `Ctxt` that still holds them
/// (unreported mistakes) is a bug, and panics.
pub(crate) struct Ctxt {
    /// `None` once the errors were taken.
    errors: RefCell<Option<Vec<syn::Error>>>,
}

impl Default for Ctxt {
    fn default() -> Self {
        Ctxt {
            errors: RefCell::new(Some(Vec::new())),
        }
    }
}

impl Drop for Ctxt {
    fn drop(&mut self) {
        if !std::thread::panicking() && self.errors.borrow().is_some() {
            panic!("a Ctxt was dropped without its errors being reported");
        }
    }
}

impl Ctxt {
    /// Records an error spanning `tokens`.
    pub(crate) fn error_spanned_by<T: ToTokens, M: Display>(&self, tokens: T, message: M) {
        self.push(syn::Error::new_spanned(tokens.into_token_stream(), message));
    }

    /// Records an error at `span`.
    pub(crate) fn error_at<M: Display>(&self, span: Span, message: M) {
        self.push(syn::Error::new(span, message));
    }

    /// Records an error produced by syn.
    pub(crate) fn syn_error(&self, error: syn::Error) {
        self.push(error);
    }

    fn push(&self, error: syn::Error) {
        self.errors
            .borrow_mut()
            .as_mut()
            .expect("errors recorded after they were reported")
            .push(error);
    }

    /// Whether anything was recorded.
    pub(crate) fn has_errors(&self) -> bool {
        self.errors.borrow().as_ref().is_some_and(|e| !e.is_empty())
    }

    /// All errors as `compile_error!` invocations, each at its own span.
    pub(crate) fn into_compile_errors(self) -> TokenStream {
        self.errors
            .borrow_mut()
            .take()
            .into_iter()
            .flatten()
            .map(|e| e.to_compile_error())
            .collect()
    }
}

/// The closest candidate within a small edit distance, for "did you mean" hints.
pub(crate) fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3) || word.starts_with(c) || c.starts_with(word))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reported_errors_are_taken_once() {
        let cx = Ctxt::default();
        cx.error_at(Span::call_site(), "first");
        cx.error_at(Span::call_site(), "second");
        assert!(cx.has_errors());
        assert_eq!(
            cx.into_compile_errors()
                .to_string()
                .matches("compile_error")
                .count(),
            2
        );
    }

    #[test]
    #[should_panic(expected = "without its errors being reported")]
    fn dropping_unreported_errors_panics() {
        let cx = Ctxt::default();
        cx.error_at(Span::call_site(), "forgotten");
        drop(cx);
    }
}

//! The struct the attribute is on: its fields, their types and `#[tc(...)]` attributes.

use proc_macro2::TokenStream;
use syn::spanned::Spanned;

use crate::attr::{self, FieldAttrs};
use crate::case::pascal_case;
use crate::ctxt::Ctxt;

/// A struct with named fields.
pub(crate) struct Input {
    /// The struct as written, minus `#[tc(...)]` attributes (emitted again as is).
    pub item: syn::DeriveInput,
    /// Its fields, in order.
    pub fields: Vec<Field>,
}

/// One named field.
pub(crate) struct Field {
    pub ident: syn::Ident,
    pub ty: syn::Type,
    pub attrs: FieldAttrs,
    /// The name on the wire: `rename`, else the PascalCase of the field name.
    pub wire: String,
    pub shape: Shape,
}

/// What the macro can tell about a field's type from its syntax.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Shape {
    /// Written as `Option<T>`.
    pub optional: bool,
    /// Whether the type can hold a nested model (it is not a string, number, bool, or a list of
    /// those).
    pub may_nest: bool,
    /// The kind of `T` (or of the type itself when not optional).
    pub kind: Kind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `Vec<T>`, `[T; N]`, `VecDeque<T>`: ordered lists.
    List,
    /// `HashSet`, `BTreeSet`, `HashMap`, `BTreeMap`: collections that are not lists.
    Collection,
    /// `String`, `str`, `Cow<str>`, `Box<str>`.
    Text,
    Integer,
    Float,
    Bool,
    /// Anything else (models, aliases, other serde types): checked by the type system.
    Other,
}

impl Kind {
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Kind::List => "a list",
            Kind::Collection => "a set or map",
            Kind::Text => "a string",
            Kind::Integer => "an integer",
            Kind::Float => "a float",
            Kind::Bool => "a bool",
            Kind::Other => "another type",
        }
    }
}

/// Reads the item; on anything but a struct with named fields, records an error and returns
/// `None` (the caller then emits the input unchanged).
pub(crate) fn parse(cx: &Ctxt, input: TokenStream, macro_name: &str) -> Option<Input> {
    let mut item: syn::DeriveInput = match syn::parse2(input) {
        Ok(item) => item,
        Err(e) => {
            cx.syn_error(syn::Error::new(
                e.span(),
                format!("#[{macro_name}] applies to a struct with named fields"),
            ));
            return None;
        }
    };
    let ident = item.ident.clone();
    let data = match &mut item.data {
        syn::Data::Struct(data) => data,
        syn::Data::Enum(e) => {
            cx.error_at(
                e.enum_token.span(),
                format!("#[{macro_name}] applies to a struct with named fields, not an enum"),
            );
            return None;
        }
        syn::Data::Union(u) => {
            cx.error_at(
                u.union_token.span(),
                format!("#[{macro_name}] applies to a struct with named fields, not a union"),
            );
            return None;
        }
    };
    let named = match &mut data.fields {
        syn::Fields::Named(named) => named,
        syn::Fields::Unnamed(fields) => {
            cx.error_spanned_by(
                &*fields,
                format!(
                    "#[{macro_name}] needs named fields (`struct {ident} {{ name: Type }}`), not a tuple struct"
                ),
            );
            return None;
        }
        syn::Fields::Unit => {
            cx.error_spanned_by(
                &ident,
                format!(
                    "#[{macro_name}] needs named fields; write `struct {ident} {{}}` for an action without parameters"
                ),
            );
            return None;
        }
    };
    let mut fields = Vec::with_capacity(named.named.len());
    for field in named.named.iter_mut() {
        let attrs = attr::parse_field_attrs(cx, &field.attrs);
        field.attrs.retain(|a| !a.path().is_ident("tc"));
        let Some(ident) = field.ident.clone() else {
            continue;
        };
        let wire = attrs
            .rename
            .as_ref()
            .map(|r| r.value.clone())
            .unwrap_or_else(|| pascal_case(&ident.to_string()));
        let shape = shape_of(&field.ty);
        fields.push(Field {
            ident,
            ty: field.ty.clone(),
            attrs,
            wire,
            shape,
        });
    }
    Some(Input { item, fields })
}

/// Removes `#[tc(...)]` from every field, for emitting the struct after an error.
pub(crate) fn strip_tc_attrs(item: &mut syn::DeriveInput) {
    if let syn::Data::Struct(data) = &mut item.data {
        for field in data.fields.iter_mut() {
            field.attrs.retain(|a| !a.path().is_ident("tc"));
        }
    }
}

/// The fields of a struct, mutably (for adding serde attributes).
pub(crate) fn fields_mut(item: &mut syn::DeriveInput) -> impl Iterator<Item = &mut syn::Field> {
    match &mut item.data {
        syn::Data::Struct(data) => Some(data.fields.iter_mut()),
        _ => None,
    }
    .into_iter()
    .flatten()
}

/// The last path segment's name and its single generic argument, if any.
fn last_segment(ty: &syn::Type) -> Option<(String, Option<&syn::Type>)> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    if path.qself.is_some() {
        return None;
    }
    let segment = path.path.segments.last()?;
    let arg = match &segment.arguments {
        syn::PathArguments::AngleBracketed(args) => args.args.iter().find_map(|a| match a {
            syn::GenericArgument::Type(t) => Some(t),
            _ => None,
        }),
        _ => None,
    };
    Some((segment.ident.to_string(), arg))
}

pub(crate) fn shape_of(ty: &syn::Type) -> Shape {
    if let Some((name, Some(inner))) = last_segment(ty)
        && name == "Option"
    {
        return Shape {
            optional: true,
            may_nest: may_nest(inner),
            kind: kind_of(inner),
        };
    }
    Shape {
        optional: false,
        may_nest: may_nest(ty),
        kind: kind_of(ty),
    }
}

fn may_nest(ty: &syn::Type) -> bool {
    match kind_of(ty) {
        Kind::Text | Kind::Integer | Kind::Float | Kind::Bool => false,
        Kind::List => match last_segment(ty) {
            Some((_, Some(elem))) => may_nest(elem),
            _ => true,
        },
        _ => true,
    }
}

fn kind_of(ty: &syn::Type) -> Kind {
    match ty {
        syn::Type::Array(_) | syn::Type::Slice(_) => return Kind::List,
        syn::Type::Reference(r) => return kind_of(&r.elem),
        syn::Type::Paren(p) => return kind_of(&p.elem),
        _ => {}
    }
    let Some((name, arg)) = last_segment(ty) else {
        return Kind::Other;
    };
    match name.as_str() {
        "Vec" | "VecDeque" => Kind::List,
        "HashSet" | "BTreeSet" | "HashMap" | "BTreeMap" | "IndexMap" | "IndexSet" => {
            Kind::Collection
        }
        "String" | "str" => Kind::Text,
        "Cow" | "Box" | "Arc" | "Rc" if arg.is_some_and(|a| kind_of(a) == Kind::Text) => Kind::Text,
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "u8" | "u16" | "u32" | "u64" | "u128"
        | "usize" => Kind::Integer,
        "f32" | "f64" => Kind::Float,
        "bool" => Kind::Bool,
        _ => Kind::Other,
    }
}

/// What a field's type can carry on the wire, as far as its syntax tells; `Option`, `Box`,
/// `Rc`, `Arc` and references are looked through.
pub(crate) enum Wire {
    Text,
    Signed,
    Unsigned,
    Float,
    Bool,
    /// Maps and sets.
    Map,
    /// `serde_json::Value` (any type named `Value`).
    Value,
    /// `Vec<T>`, `VecDeque<T>`, arrays, slices.
    List(Box<Wire>),
    /// Anything else: a model, an enum, an alias.
    Other(Box<syn::Type>),
}

impl Wire {
    pub(crate) fn of(ty: &syn::Type) -> Wire {
        match ty {
            syn::Type::Array(a) => return Wire::List(Box::new(Wire::of(&a.elem))),
            syn::Type::Slice(s) => return Wire::List(Box::new(Wire::of(&s.elem))),
            syn::Type::Reference(r) => return Wire::of(&r.elem),
            syn::Type::Paren(p) => return Wire::of(&p.elem),
            syn::Type::Group(g) => return Wire::of(&g.elem),
            _ => {}
        }
        let Some((name, arg)) = last_segment(ty) else {
            return Wire::Other(Box::new(ty.clone()));
        };
        match (name.as_str(), arg) {
            ("Option" | "Box" | "Rc" | "Arc", Some(inner)) => Wire::of(inner),
            ("Vec" | "VecDeque", Some(inner)) => Wire::List(Box::new(Wire::of(inner))),
            ("Cow", _) if kind_of(ty) == Kind::Text => Wire::Text,
            ("Value", _) => Wire::Value,
            _ => match kind_of(ty) {
                Kind::Text => Wire::Text,
                Kind::Integer if name.starts_with('u') => Wire::Unsigned,
                Kind::Integer => Wire::Signed,
                Kind::Float => Wire::Float,
                Kind::Bool => Wire::Bool,
                Kind::Collection => Wire::Map,
                Kind::List | Kind::Other => Wire::Other(Box::new(ty.clone())),
            },
        }
    }

    /// The innermost element type when it is `Other` (what may be a model).
    pub(crate) fn element(&self) -> Option<&syn::Type> {
        match self {
            Wire::List(inner) => inner.element(),
            Wire::Other(ty) => Some(ty),
            _ => None,
        }
    }

    pub(crate) fn describe(&self) -> &'static str {
        match self {
            Wire::Text => "a string",
            Wire::Signed => "a signed integer",
            Wire::Unsigned => "an unsigned integer",
            Wire::Float => "a float",
            Wire::Bool => "a bool",
            Wire::Map => "a map or set",
            Wire::Value => "any JSON",
            Wire::List(_) => "a list",
            Wire::Other(_) => "another type",
        }
    }
}

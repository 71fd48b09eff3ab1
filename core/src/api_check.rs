//! Checks of nested models and responses against the official API definition, evaluated by
//! the compiler.
//!
//! `#[tencent_model]` describes each struct it expands as a [`ModelShape`] (its fields, wire
//! names, whether optional, and what their Rust types can carry); `#[tencent_action]` writes
//! the objects of the definition that its fields and its response stand for as a table of
//! [`SpecObject`]s and has the compiler evaluate [`check_model`] over both. A mismatch stops
//! the build with every problem listed, at the field or response type it concerns.
//!
//! A model's shape refers to the shapes of the models in its fields. Definitions (and models)
//! can be recursive, and constants cannot refer to themselves, so each model has a shape per
//! nesting level ([`HasShape::SHAPE_0`] to [`HasShape::SHAPE_3`]), each pointing one level
//! down: models nested deeper than [`LEVELS`] are not checked.
//!
//! Nothing here is public API: generated code names it through `__private_v0_1::check`.

use core::marker::PhantomData;

/// How many levels of nested models are checked.
pub const LEVELS: usize = 4;

/// A model as `#[tencent_model]` saw it.
#[derive(Debug)]
pub struct ModelShape {
    /// The struct's name.
    pub name: &'static str,
    /// Its fields, encoded (see [`ModelFields::fields`]).
    pub fields: &'static str,
    /// For each field, the shape of the model it holds, one level down, if it holds one.
    pub nested: &'static [Option<&'static ModelShape>],
    /// A generic model: its fields are not checked.
    pub opaque: bool,
}

/// One field of a model, read from [`ModelFields::fields`].
#[derive(Debug, Clone, Copy)]
pub struct FieldShape {
    /// The Rust field name.
    pub field: &'static str,
    /// The wire name.
    pub wire: &'static str,
    /// Written as `Option<T>`.
    pub optional: bool,
    /// How many lists wrap the element type.
    pub lists: u8,
    /// What the element type can carry.
    pub base: Base,
}

/// What a Rust element type can carry, as far as its syntax tells.
#[derive(Debug, Clone, Copy)]
pub enum Base {
    /// `String`, `&str`, `Cow<str>`, …
    Text,
    /// Signed integers.
    Signed,
    /// Unsigned integers.
    Unsigned,
    /// `f32`, `f64`.
    Float,
    /// `bool`.
    Bool,
    /// Maps and sets.
    Map,
    /// `serde_json::Value`: anything.
    Value,
    /// Any other type: a model (then [`ModelShape::nested`] has it), an enum, an alias.
    Other,
}

impl Base {
    const fn of(letter: u8) -> Base {
        match letter {
            b's' => Base::Text,
            b'i' => Base::Signed,
            b'u' => Base::Unsigned,
            b'f' => Base::Float,
            b'b' => Base::Bool,
            b'm' => Base::Map,
            b'v' => Base::Value,
            _ => Base::Other,
        }
    }
}

/// A model's name and fields, as `#[tencent_model]` writes them.
#[derive(Debug)]
pub struct ModelFields {
    /// The struct's name.
    pub name: &'static str,
    /// Its fields, one string (one literal is far cheaper to compile than a struct per field):
    /// per field `FIELD`, [`UNIT`], `WIRE`, [`UNIT`], `o` (optional) or `-`, a `[` per list, the
    /// letter of the [`Base`] (`s`tring, signed `i`nteger, `u`nsigned, `f`loat, `b`ool, `m`ap,
    /// `v`alue, `o`ther), then [`RECORD`].
    pub fields: &'static str,
    /// A generic model: its fields are not checked.
    pub opaque: bool,
}

impl ModelFields {
    /// The model's shape at a level whose nested models are `nested`.
    pub const fn at_level(&self, nested: &'static [Option<&'static ModelShape>]) -> ModelShape {
        ModelShape {
            name: self.name,
            fields: self.fields,
            nested,
            opaque: self.opaque,
        }
    }
}

/// Separates the parts of a field in [`ModelFields::fields`].
pub const UNIT: char = '\u{1f}';
/// Ends a field in [`ModelFields::fields`].
pub const RECORD: char = '\u{1e}';

/// The field at byte `at` of an encoding, and where the next starts; `None` at the end (or on
/// text not written by the macro).
const fn field_at(fields: &'static str, at: usize) -> Option<(FieldShape, usize)> {
    let bytes = fields.as_bytes();
    if at >= bytes.len() {
        return None;
    }
    let (_, rest) = fields.split_at(at);
    let Some(a) = find(rest, UNIT as u8, 0) else {
        return None;
    };
    let Some(b) = find(rest, UNIT as u8, a + 1) else {
        return None;
    };
    let Some(end) = find(rest, RECORD as u8, b + 1) else {
        return None;
    };
    let (field, tail) = rest.split_at(a);
    let (_, tail) = tail.split_at(1);
    let (wire, _) = tail.split_at(b - a - 1);
    let flags = rest.as_bytes();
    let optional = flags[b + 1] == b'o';
    let mut lists = 0u8;
    let mut k = b + 2;
    while k < end && flags[k] == b'[' {
        lists += 1;
        k += 1;
    }
    let base = if k < end {
        Base::of(flags[k])
    } else {
        Base::Other
    };
    let shape = FieldShape {
        field,
        wire,
        optional,
        lists,
        base,
    };
    Some((shape, at + end + 1))
}

/// The index of `byte` in `text` from `from`.
const fn find(text: &str, byte: u8, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        if bytes[i] == byte {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Implemented by `#[tencent_model]`: the model's fields, and for each nesting level the shapes
/// of the models its fields hold one level down. The shapes themselves are built here, once for
/// every model, from those constants.
pub trait HasShape {
    /// The name and fields.
    const MODEL: ModelFields;
    /// For each field, the shape of the model it holds one level down, if any (empty when no
    /// field may hold a model).
    const NESTED_0: &'static [Option<&'static ModelShape>] = &[];
    /// The same, a level further down.
    const NESTED_1: &'static [Option<&'static ModelShape>] = &[];
    /// The same, two levels further down.
    const NESTED_2: &'static [Option<&'static ModelShape>] = &[];
    /// At the top.
    const SHAPE_0: &'static ModelShape = &Self::MODEL.at_level(Self::NESTED_0);
    /// One level down.
    const SHAPE_1: &'static ModelShape = &Self::MODEL.at_level(Self::NESTED_1);
    /// Two levels down.
    const SHAPE_2: &'static ModelShape = &Self::MODEL.at_level(Self::NESTED_2);
    /// Three levels down: its models are not described.
    const SHAPE_3: &'static ModelShape = &Self::MODEL.at_level(&[]);
}

/// `Probe::<T>::S0` … `S3`: the shape of `T` when it is a model, `None` for any other type.
/// The inherent constants apply when `T: HasShape`; otherwise the names resolve to
/// [`ProbeFallback`]'s (which must be in scope).
pub struct Probe<T: ?Sized>(PhantomData<T>);

impl<T: ?Sized> std::fmt::Debug for Probe<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Probe")
    }
}

/// The answer of [`Probe`] for types that are not models.
pub trait ProbeFallback {
    /// Not a model.
    const S0: Option<&'static ModelShape> = None;
    /// Not a model.
    const S1: Option<&'static ModelShape> = None;
    /// Not a model.
    const S2: Option<&'static ModelShape> = None;
    /// Not a model.
    const S3: Option<&'static ModelShape> = None;
}

impl<T: ?Sized> ProbeFallback for Probe<T> {}

impl<T: HasShape + ?Sized> Probe<T> {
    /// The model's shape at the top.
    pub const S0: Option<&'static ModelShape> = Some(T::SHAPE_0);
    /// One level down.
    pub const S1: Option<&'static ModelShape> = Some(T::SHAPE_1);
    /// Two levels down.
    pub const S2: Option<&'static ModelShape> = Some(T::SHAPE_2);
    /// Three levels down.
    pub const S3: Option<&'static ModelShape> = Some(T::SHAPE_3);
}

/// An object of the definition, as `#[tencent_action]` writes it.
#[derive(Debug)]
pub struct SpecObject {
    /// Its name in the definition.
    pub name: &'static str,
    /// Its members.
    pub members: &'static [SpecMember],
    /// Used in responses too: a model of it may declare a required member as optional, since
    /// the same struct reads responses that may leave it out.
    pub shared: bool,
}

/// One member of a [`SpecObject`].
#[derive(Debug)]
pub struct SpecMember {
    /// The wire name.
    pub name: &'static str,
    /// The element type.
    pub ty: SpecType,
    /// How many lists wrap the element type (`list of list of string`: 2).
    pub lists: u8,
    /// A request must carry it.
    pub required: bool,
}

/// A member's element type.
#[derive(Debug, Clone, Copy)]
pub enum SpecType {
    /// Strings, dates, base64.
    Text,
    /// A signed integer.
    Int64,
    /// An unsigned integer.
    Uint64,
    /// A floating-point number.
    Float,
    /// A bool.
    Bool,
    /// The object at this index of the table.
    Object(usize),
    /// An object the table does not describe (deeper than [`LEVELS`]).
    Opaque,
}

const CAPACITY: usize = 4096;

/// The problems found, as one message.
#[derive(Debug)]
pub struct Report {
    buf: [u8; CAPACITY],
    len: usize,
    problems: usize,
    cut: bool,
}

impl Report {
    const fn new() -> Self {
        Report {
            buf: [0; CAPACITY],
            len: 0,
            problems: 0,
            cut: false,
        }
    }

    /// Whether anything was found.
    pub const fn failed(&self) -> bool {
        self.problems > 0
    }

    /// The message: one line per problem.
    pub const fn message(&self) -> &str {
        let (head, _) = self.buf.split_at(self.len);
        match core::str::from_utf8(head) {
            Ok(text) => text,
            Err(_) => "declaration does not match the API definition",
        }
    }

    const fn push(&mut self, text: &str) {
        const ELLIPSIS: &[u8] = "…".as_bytes();
        let bytes = text.as_bytes();
        let mut i = 0;
        // Cut only before a character, with room for `…`, so the message stays UTF-8.
        while i < bytes.len() {
            let starts_char = bytes[i] & 0xC0 != 0x80;
            if starts_char && self.len + 4 + ELLIPSIS.len() > CAPACITY {
                if !self.cut {
                    self.cut = true;
                    let mut k = 0;
                    while k < ELLIPSIS.len() {
                        self.buf[self.len] = ELLIPSIS[k];
                        self.len += 1;
                        k += 1;
                    }
                }
                return;
            }
            self.buf[self.len] = bytes[i];
            self.len += 1;
            i += 1;
        }
    }

    /// Starts a problem line.
    const fn begin(&mut self) {
        if self.problems > 0 {
            self.push("\n");
        }
        self.problems += 1;
    }

    /// Starts a problem line about `model.field`.
    const fn start(&mut self, model: &ModelShape, field: &FieldShape) {
        self.begin();
        self.push("`");
        self.push(model.name);
        self.push(".");
        self.push(field.field);
        self.push("`: ");
    }
}

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Edit distance between `a` and `b` ignoring ASCII case, or `None` past 2 (or for names
/// longer than 63 bytes).
const fn near(a: &str, b: &str) -> Option<usize> {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() > 63 || b.len() > 63 || a.len().abs_diff(b.len()) > 2 {
        return None;
    }
    let mut prev = [0usize; 64];
    let mut row = [0usize; 64];
    let mut j = 0;
    while j <= b.len() {
        prev[j] = j;
        j += 1;
    }
    let mut i = 0;
    while i < a.len() {
        row[0] = i + 1;
        let mut j = 0;
        while j < b.len() {
            let cost = if a[i].eq_ignore_ascii_case(&b[j]) {
                0
            } else {
                1
            };
            let mut best = prev[j] + cost;
            if prev[j + 1] + 1 < best {
                best = prev[j + 1] + 1;
            }
            if row[j] + 1 < best {
                best = row[j] + 1;
            }
            row[j + 1] = best;
            j += 1;
        }
        prev = row;
        i += 1;
    }
    if prev[b.len()] <= 2 {
        Some(prev[b.len()])
    } else {
        None
    }
}

const fn describe(field: &FieldShape) -> &'static str {
    if field.lists > 0 {
        return "a list";
    }
    match field.base {
        Base::Text => "a string",
        Base::Signed => "a signed integer",
        Base::Unsigned => "an unsigned integer",
        Base::Float => "a float",
        Base::Bool => "a bool",
        Base::Map => "a map",
        Base::Value => "any JSON",
        Base::Other => "a model",
    }
}

const fn wants(ty: &SpecType) -> &'static str {
    match ty {
        SpecType::Text => "a string (`String`)",
        SpecType::Int64 => "an int64 (`i64` or another signed integer)",
        SpecType::Uint64 => "a uint64 (`u64` or another integer)",
        SpecType::Float => "a float (`f64`)",
        SpecType::Bool => "a bool",
        SpecType::Object(_) | SpecType::Opaque => "an object (a `#[tencent_model]` struct)",
    }
}

/// Checks a model against `objects[root]`: every field a member, of a type that can carry
/// it, nested models recursively; for a request (`required`), every required member
/// present and not optional. `None` for `model` (a type that is not a model) passes for a
/// response and fails for a request field.
pub const fn check_model(
    context: &str,
    model: Option<&ModelShape>,
    objects: &[SpecObject],
    root: usize,
    required: bool,
) -> Report {
    let mut report = Report::new();
    match model {
        Some(model) => walk(&mut report, model, objects, root, required, 0),
        None if required => {
            report.begin();
            report.push(context);
            report.push(" stands for object ");
            report.push(objects[root].name);
            report.push(" of the API definition: declare it as a `#[tencent_model]` struct, or `serde_json::Value`");
            return report;
        }
        None => {}
    }
    if report.failed() {
        let mut full = Report::new();
        full.push(context);
        full.push(" does not match object ");
        full.push(objects[root].name);
        full.push(" of the API definition:\n");
        full.push(report.message());
        full.push("\n(add `unchecked` to the action to skip these checks)");
        full.problems = report.problems;
        return full;
    }
    report
}

/// Fails when a field the definition gives a scalar type holds a model.
pub const fn check_not_model(
    context: &str,
    model: Option<&ModelShape>,
    member: &str,
    ty: SpecType,
) -> Report {
    let mut report = Report::new();
    if let Some(model) = model {
        report.begin();
        report.push(context);
        report.push(": `");
        report.push(member);
        report.push("` is ");
        report.push(wants(&ty));
        report.push(", but `");
        report.push(model.name);
        report.push("` is a model");
    }
    report
}

const fn walk(
    report: &mut Report,
    model: &ModelShape,
    objects: &[SpecObject],
    at: usize,
    required: bool,
    depth: usize,
) {
    if model.opaque {
        return;
    }
    let object = &objects[at];
    // Fields that are not members (bit i for field i, the first 128).
    let mut unknown: u128 = 0;
    let mut i = 0;
    let mut next = 0;
    while let Some((field, after)) = field_at(model.fields, next) {
        next = after;
        let nested = if i < model.nested.len() {
            model.nested[i]
        } else {
            None
        };
        match member_named(object, field.wire) {
            None => {
                if i < 128 {
                    unknown |= 1 << i;
                }
                unknown_member(report, model, &field, object);
            }
            Some(member) => {
                check_type(
                    report, model, &field, nested, member, objects, required, depth,
                );
                if required && member.required && field.optional && !object.shared {
                    report.start(model, &field);
                    report.push("`");
                    report.push(member.name);
                    report.push("` is required by ");
                    report.push(object.name);
                    report.push(": declare it without `Option`");
                }
            }
        }
        i += 1;
    }
    if !required {
        return;
    }
    let mut m = 0;
    while m < object.members.len() {
        let member = &object.members[m];
        if member.required && !declared(model, member.name, unknown) {
            report.begin();
            report.push("`");
            report.push(model.name);
            report.push("`: ");
            report.push(object.name);
            report.push(" requires `");
            report.push(member.name);
            report.push("` (");
            report.push(wants(&member.ty));
            if member.lists > 0 {
                report.push(", in a list");
            }
            report.push("), which has no field here");
        }
        m += 1;
    }
}

/// Whether a field stands for the member: by its wire name, or as a misspelling of it (a field
/// that is not a member, already reported with this member as its suggestion).
const fn declared(model: &ModelShape, member: &str, unknown: u128) -> bool {
    let mut f = 0;
    let mut next = 0;
    while let Some((field, after)) = field_at(model.fields, next) {
        next = after;
        if same(field.wire, member) {
            return true;
        }
        if f < 128 && unknown & (1 << f) != 0 && near(field.wire, member).is_some() {
            return true;
        }
        f += 1;
    }
    false
}

const fn member_named<'a>(object: &'a SpecObject, wire: &str) -> Option<&'a SpecMember> {
    let mut m = 0;
    while m < object.members.len() {
        if same(object.members[m].name, wire) {
            return Some(&object.members[m]);
        }
        m += 1;
    }
    None
}

const fn unknown_member(
    report: &mut Report,
    model: &ModelShape,
    field: &FieldShape,
    object: &SpecObject,
) {
    report.start(model, field);
    report.push("`");
    report.push(field.wire);
    report.push("` is not a member of ");
    report.push(object.name);
    let mut best: Option<(usize, &str)> = None;
    let mut m = 0;
    while m < object.members.len() {
        let name = object.members[m].name;
        if let Some(d) = near(field.wire, name) {
            best = match best {
                Some((b, _)) if b <= d => best,
                _ => Some((d, name)),
            };
        }
        m += 1;
    }
    if let Some((_, name)) = best {
        report.push("; did you mean `");
        report.push(name);
        report.push("` (`#[tc(rename = \"");
        report.push(name);
        report.push("\")]`)?");
    } else {
        report.push(" (its members: ");
        let mut m = 0;
        while m < object.members.len() {
            if m > 0 {
                report.push(", ");
            }
            report.push(object.members[m].name);
            m += 1;
        }
        report.push(")");
    }
}

#[allow(clippy::too_many_arguments)]
const fn check_type(
    report: &mut Report,
    model: &ModelShape,
    field: &FieldShape,
    nested: Option<&ModelShape>,
    member: &SpecMember,
    objects: &[SpecObject],
    required: bool,
    depth: usize,
) {
    // An alias, an enum or `Value` may stand for a list: serde decides.
    let opaque_list = matches!(field.base, Base::Value)
        || (matches!(field.base, Base::Other) && nested.is_none());
    if field.lists < member.lists {
        if field.lists == 0 && opaque_list {
            return;
        }
        report.start(model, field);
        report.push("`");
        report.push(member.name);
        report.push("` is a list (`Vec<...>`) whose items are ");
        report.push(wants(&member.ty));
        report.push(", but the field is ");
        report.push(describe(field));
        return;
    }
    let fits = if field.lists > member.lists {
        false
    } else {
        match (&member.ty, field.base) {
            (_, Base::Value) => true,
            (SpecType::Object(index), Base::Other) => match nested {
                Some(inner) => {
                    if depth + 1 < LEVELS {
                        walk(report, inner, objects, *index, required, depth + 1);
                    }
                    true
                }
                // The deepest level describes no models.
                None => depth + 1 >= LEVELS,
            },
            (SpecType::Opaque, Base::Other) => true,
            (SpecType::Object(_) | SpecType::Opaque, Base::Map) => true,
            // Any other type may be an enum or an alias; models are not scalars.
            (_, Base::Other) => nested.is_none(),
            (SpecType::Text, Base::Text) => true,
            (SpecType::Int64, Base::Signed) => true,
            (SpecType::Uint64, Base::Signed | Base::Unsigned) => true,
            (SpecType::Float, Base::Float) => true,
            (SpecType::Bool, Base::Bool) => true,
            _ => false,
        }
    };
    if !fits {
        report.start(model, field);
        report.push("`");
        report.push(member.name);
        report.push("` is ");
        if member.lists > 0 {
            report.push("a list whose items are ");
        }
        report.push(wants(&member.ty));
        report.push(", but the field");
        if member.lists > 0 {
            report.push("'s items are ");
        } else {
            report.push(" is ");
        }
        report.push(match (field.base, nested) {
            (Base::Other, Some(inner)) if field.lists == member.lists => inner.name,
            _ => {
                if field.lists > member.lists {
                    "a list"
                } else {
                    describe(&FieldShape { lists: 0, ..*field })
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static INNER: ModelShape = ModelShape {
        name: "Inner",
        fields: "user_idd\u{1f}UserIdd\u{1f}-s\u{1e}",
        nested: &[None],
        opaque: false,
    };

    static OUTER: ModelShape = ModelShape {
        name: "Outer",
        fields: concat!(
            "room_id\u{1f}RoomId\u{1f}os\u{1e}",
            "count\u{1f}Count\u{1f}-u\u{1e}",
            "users\u{1f}Users\u{1f}-[o\u{1e}",
            "tags\u{1f}Tags\u{1f}-[s\u{1e}",
            "flag\u{1f}Flag\u{1f}-[b\u{1e}",
        ),
        nested: &[None, None, Some(&INNER), None, None],
        opaque: false,
    };

    const OBJECTS: &[SpecObject] = &[
        SpecObject {
            name: "OuterObject",
            members: &[
                SpecMember {
                    name: "RoomId",
                    ty: SpecType::Text,
                    lists: 0,
                    required: true,
                },
                SpecMember {
                    name: "Count",
                    ty: SpecType::Int64,
                    lists: 0,
                    required: false,
                },
                SpecMember {
                    name: "Users",
                    ty: SpecType::Object(1),
                    lists: 1,
                    required: false,
                },
                SpecMember {
                    name: "Tags",
                    ty: SpecType::Text,
                    lists: 1,
                    required: false,
                },
                SpecMember {
                    name: "Flag",
                    ty: SpecType::Bool,
                    lists: 0,
                    required: false,
                },
                SpecMember {
                    name: "Region",
                    ty: SpecType::Text,
                    lists: 0,
                    required: true,
                },
            ],
            shared: false,
        },
        SpecObject {
            name: "User",
            members: &[SpecMember {
                name: "UserId",
                ty: SpecType::Text,
                lists: 0,
                required: true,
            }],
            shared: false,
        },
    ];

    #[test]
    fn fields_read_back_from_their_encoding() {
        let (first, next) = field_at(OUTER.fields, 0).unwrap();
        assert_eq!(
            (first.field, first.wire, first.optional, first.lists),
            ("room_id", "RoomId", true, 0)
        );
        assert!(matches!(first.base, Base::Text));
        let (second, _) = field_at(OUTER.fields, next).unwrap();
        assert_eq!((second.field, second.optional), ("count", false));
        assert!(matches!(second.base, Base::Unsigned));
        let mut count = 0;
        let mut at = 0;
        while let Some((_, after)) = field_at(OUTER.fields, at) {
            at = after;
            count += 1;
        }
        assert_eq!(count, 5);
        assert!(field_at("no separators", 0).is_none());
    }

    #[test]
    fn every_problem_is_listed_with_its_field() {
        const REPORT: Report = check_model("field `outer`", Some(&OUTER), OBJECTS, 0, true);
        let message = REPORT.message();
        assert!(REPORT.failed());
        for expected in [
            "`Outer.room_id`: `RoomId` is required by OuterObject: declare it without `Option`",
            "`Outer.count`: `Count` is an int64 (`i64` or another signed integer), but the field is an unsigned integer",
            "`Inner.user_idd`: `UserIdd` is not a member of User; did you mean `UserId`",
            "`Outer.flag`: `Flag` is a bool, but the field is a list",
            "`Outer`: OuterObject requires `Region`",
        ] {
            assert!(
                message.contains(expected),
                "missing {expected:?} in:\n{message}"
            );
        }
        assert!(!message.contains("Outer.tags"), "{message}");
        // The misspelt `UserIdd` is reported once, not again as a missing `UserId`.
        assert!(!message.contains("User requires `UserId`"), "{message}");
    }

    #[test]
    fn a_response_needs_no_required_members() {
        let report = check_model("response", Some(&INNER), &OBJECTS[1..], 0, false);
        assert!(
            report.message().contains("did you mean `UserId`"),
            "{}",
            report.message()
        );
        let report = check_model("response", None, OBJECTS, 0, false);
        assert!(!report.failed());
    }

    #[test]
    fn a_request_object_needs_a_model() {
        let report = check_model("field `x`", None, OBJECTS, 1, true);
        assert!(
            report.message().contains("stands for object User"),
            "{}",
            report.message()
        );
    }

    #[test]
    fn distances_ignore_case() {
        assert_eq!(near("RoomID", "RoomId"), Some(0));
        assert_eq!(near("RoomIdd", "RoomId"), Some(1));
        assert_eq!(near("Zone", "RoomId"), None);
    }

    #[test]
    fn long_messages_are_cut_on_a_character() {
        let mut report = Report::new();
        for _ in 0..2000 {
            report.push("é-");
        }
        assert!(report.message().ends_with('…'), "{}", report.message());
    }
}

//! A success envelope read in one pass: the typed value straight from the `Response` object,
//! its `RequestId` kept on the way.
//!
//! The typed value sees the very keys and values it would see when read from the `Response`
//! object alone ([`parse_checked`](super::parse_checked)): the same JSON reader, its own value
//! deserializer for every value but the `RequestId`'s, which is read once as a string, kept,
//! and handed on as that string. Whatever this pass does not accept on its own makes it give
//! up, and the checked path reads the body again and decides: a body that is not UTF-8, not
//! JSON, or has no `Response` object; an `Error` key (even `null`); a `RequestId` that is not
//! one string; a typed value that does not match or asks for the object other than as a map.
//! So an answer read here is one the checked path would read the same, and every other answer
//! (every error among them) is the checked path's.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor,
};

use crate::Response;

/// A success envelope (status 2xx) read in one pass, or `None` when this pass gives up (see
/// the module's documentation): the caller then reads the body with the checked path.
pub(super) fn read<T: DeserializeOwned>(status: u16, body: &[u8]) -> Option<Response<T>> {
    if !(200..300).contains(&status) {
        return None;
    }
    // The checked path reads the typed value from a `str` (the `Response` object, which must
    // be UTF-8): a UTF-8 body lets this pass use the same reader.
    let text = std::str::from_utf8(body).ok()?;
    let mut de = serde_json::Deserializer::from_str(text);
    let (value, request_id) = de.deserialize_map(Envelope(PhantomData)).ok()?;
    de.end().ok()?;
    Some(Response::new(value, request_id.unwrap_or_default()))
}

/// Gives up the one pass; the message is never shown.
fn give_up<E: de::Error>() -> E {
    E::custom("left to the checked envelope reader")
}

/// The top level: one `Response` key, whose value is read by [`Body`]; other keys skipped.
struct Envelope<T>(PhantomData<T>);

impl<'de, T: DeserializeOwned> Visitor<'de> for Envelope<T> {
    type Value = (T, Option<String>);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an API 3.0 envelope")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if key.as_str() != "Response" {
                map.next_value::<IgnoredAny>()?;
            } else if found.is_some() {
                return Err(give_up());
            } else {
                found = Some(map.next_value_seed(Body(PhantomData))?);
            }
        }
        found.ok_or_else(give_up)
    }
}

/// The `Response` object: the typed value and the `RequestId` (`None` when absent).
struct Body<T>(PhantomData<T>);

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for Body<T> {
    type Value = (T, Option<String>);

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        let mut request_id = None;
        let value = T::deserialize(Object {
            inner: deserializer,
            request_id: &mut request_id,
        })?;
        Ok((value, request_id))
    }
}

/// The `Response` object as the typed value asks for it: as a map (a struct, a map, or any
/// value), read by [`Entries`]; any other request gives up.
struct Object<'a, D> {
    inner: D,
    request_id: &'a mut Option<String>,
}

impl<'de, D: Deserializer<'de>> Object<'_, D> {
    /// Reads the object as a map through `visitor`.
    fn map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_map(Entries {
            visitor,
            request_id: self.request_id,
        })
    }
}

/// Deserializer methods that give up.
macro_rules! give_up_on {
    ($($method:ident($($arg:ty),*))*) => {
        $(
            fn $method<V: Visitor<'de>>(self, $(_: $arg,)* _: V) -> Result<V::Value, Self::Error> {
                Err(give_up())
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Object<'_, D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.map(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.map(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.map(visitor)
    }

    give_up_on! {
        deserialize_bool() deserialize_i8() deserialize_i16() deserialize_i32()
        deserialize_i64() deserialize_i128() deserialize_u8() deserialize_u16()
        deserialize_u32() deserialize_u64() deserialize_u128() deserialize_f32()
        deserialize_f64() deserialize_char() deserialize_str() deserialize_string()
        deserialize_bytes() deserialize_byte_buf() deserialize_option() deserialize_unit()
        deserialize_unit_struct(&'static str) deserialize_newtype_struct(&'static str)
        deserialize_seq() deserialize_tuple(usize)
        deserialize_tuple_struct(&'static str, usize)
        deserialize_enum(&'static str, &'static [&'static str])
        deserialize_identifier() deserialize_ignored_any()
    }
}

/// The typed value's visitor, given the object's entries through [`FilteredMap`].
struct Entries<'a, V> {
    visitor: V,
    request_id: &'a mut Option<String>,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Entries<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_map(FilteredMap {
            map,
            request_id: self.request_id,
            at_request_id: false,
        })
    }
}

/// The `Response` object's entries, every one passed on: the keys as the JSON reader gives
/// them, the values read by the JSON reader but for the `RequestId`'s, which is kept.
struct FilteredMap<'a, A> {
    map: A,
    request_id: &'a mut Option<String>,
    /// The last key read was `RequestId`.
    at_request_id: bool,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for FilteredMap<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let Some(key) = self.map.next_key_seed(KeySeed)? else {
            return Ok(None);
        };
        match key.as_str() {
            "Error" => return Err(give_up()),
            // A second one is the checked path's error.
            "RequestId" if self.request_id.is_some() => return Err(give_up()),
            "RequestId" => self.at_request_id = true,
            _ => {}
        }
        seed.deserialize(Text::key(key)).map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        if !std::mem::take(&mut self.at_request_id) {
            return self.map.next_value_seed(seed);
        }
        let id = self.map.next_value_seed(KeySeed)?;
        *self.request_id = Some(id.as_str().to_owned());
        seed.deserialize(Text::value(id))
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// A JSON string as the reader gave it: borrowed from the body, or unescaped into a copy.
enum Str<'de> {
    Borrowed(&'de str),
    Copied(String),
}

impl Str<'_> {
    fn as_str(&self) -> &str {
        match self {
            Str::Borrowed(s) => s,
            Str::Copied(s) => s,
        }
    }
}

/// Reads one JSON string (a key, or the `RequestId`); anything else gives up.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Str<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Str<'de>, D::Error> {
        deserializer.deserialize_str(KeySeed)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Str<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Str<'de>, E> {
        Ok(Str::Borrowed(s))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Str<'de>, E> {
        Ok(Str::Copied(s.to_owned()))
    }
}

/// A string already read, handed on as the JSON reader would hand it: a key as its map-key
/// deserializer does, the `RequestId` as its value deserializer does for a string. What the
/// reader would not hand on as a string gives up.
struct Text<'de, E> {
    text: Str<'de>,
    /// A value rather than a key: skipping one visits a unit, as the reader does.
    value: bool,
    error: PhantomData<E>,
}

impl<'de, E: de::Error> Text<'de, E> {
    fn key(text: Str<'de>) -> Self {
        Text {
            text,
            value: false,
            error: PhantomData,
        }
    }

    fn value(text: Str<'de>) -> Self {
        Text {
            text,
            value: true,
            error: PhantomData,
        }
    }

    fn visit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.text {
            Str::Borrowed(s) => visitor.visit_borrowed_str(s),
            Str::Copied(s) => visitor.visit_str(&s),
        }
    }
}

impl<'de, E: de::Error> Deserializer<'de> for Text<'de, E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        self.visit(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        self.visit(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        self.visit(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        self.visit(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        self.visit(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        // Neither a key nor a string is `null`.
        visitor.visit_some(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        if self.value {
            visitor.visit_unit()
        } else {
            self.visit(visitor)
        }
    }

    give_up_on! {
        deserialize_bool() deserialize_i8() deserialize_i16() deserialize_i32()
        deserialize_i64() deserialize_i128() deserialize_u8() deserialize_u16()
        deserialize_u32() deserialize_u64() deserialize_u128() deserialize_f32()
        deserialize_f64() deserialize_bytes() deserialize_byte_buf()
        deserialize_unit() deserialize_unit_struct(&'static str)
        deserialize_newtype_struct(&'static str) deserialize_seq() deserialize_tuple(usize)
        deserialize_tuple_struct(&'static str, usize) deserialize_map()
        deserialize_struct(&'static str, &'static [&'static str])
        deserialize_enum(&'static str, &'static [&'static str])
    }
}

//! (De)serialization of generated types through plain JSON values, written once here.
//!
//! Generated types do not derive serde: a derive expands to hundreds of lines of generic code per
//! type, and that expansion was most of the compile time of the generated crate. Instead each
//! type implements [`ToJson`] / [`FromJson`] through one small macro invocation
//! ([`record!`](crate::de::record), [`string_enum!`](crate::de::string_enum)),
//! and its `serde::Serialize` / `serde::Deserialize` impls delegate to [`serialize`] and
//! [`deserialize`], so serde users see no difference.
//!
//! Rules: absent options and empty lists are not sent; `null` or an omitted field leaves the
//! field's default; a list may also arrive as `null` or, in responses, as Alibaba's wrapper
//! object `{"Items": {"Item": […]}}`. Unknown fields are rejected in requests (the outermost
//! type decides) and ignored — but reported to [`from_value_reporting`] — in responses.
//! Responses are read leniently where services differ from their pages: a string field takes a
//! number or boolean (as its JSON text), numbers and booleans take their string forms
//! (`"42"`, `"true"`), and a list of one item may arrive as the item (Alibaba's XML-derived JSON:
//! `{"Ids": {"Id": "x"}}`).

pub use crate::__docsdk_record as record;
pub use crate::__docsdk_string_enum as string_enum;
#[doc(hidden)]
pub use serde;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Serialize;
use serde_json::{Map, Value};
use std::fmt;
use std::marker::PhantomData;

/// A value that generated code can send: `None` means "not sent" (an absent option, an empty
/// list).
pub trait ToJson {
    fn to_json(&self) -> Option<Value>;
}

/// A value that generated code can read from plain JSON.
pub trait FromJson: Sized {
    fn from_json(v: Value, cx: &mut Cx) -> Result<Self, JsonError>;
}

/// A value that does not have the shape its type needs, with where it was found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (at {path})")]
pub struct JsonError {
    /// Dotted path of wire names and 0-based item numbers; `top level` for the value itself.
    pub path: String,
    pub message: String,
}

/// Reading state: the current path (for errors), whether unknown fields are rejected, and the
/// fields that were ignored.
#[derive(Debug, Default)]
pub struct Cx {
    path: Vec<String>,
    strict: Option<bool>,
    ignored: Vec<String>,
    error: Option<JsonError>,
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

impl Cx {
    fn path(&self) -> String {
        if self.path.is_empty() {
            "top level".into()
        } else {
            self.path.join(".")
        }
    }

    fn strict(&self) -> bool {
        self.strict.unwrap_or(false)
    }

    /// An error at the current path.
    pub fn error(&self, message: impl Into<String>) -> JsonError {
        JsonError {
            path: self.path(),
            message: message.into(),
        }
    }

    /// An error saying what was expected and what was found.
    pub fn expected(&self, what: &str, found: &Value) -> JsonError {
        self.error(format!("expected {what}, found {}", kind(found)))
    }

    /// The members of a generated struct's object. The outermost struct decides whether unknown
    /// members are rejected (`strict`, requests) or ignored (responses).
    pub fn object(&mut self, v: Value, strict: bool) -> Result<Map<String, Value>, JsonError> {
        if self.strict.is_none() {
            self.strict = Some(strict);
        }
        match v {
            Value::Object(m) => Ok(m),
            Value::Null if !self.strict() => Ok(Map::new()),
            other => Err(self.expected("an object", &other)),
        }
    }

    /// Reads one member into its field; `null` leaves the field's default. After the first
    /// error nothing more is read, and [`finish`](Self::finish) returns that error.
    pub fn field<T: FromJson>(&mut self, slot: &mut T, key: &str, v: Value) {
        if v.is_null() || self.error.is_some() {
            return;
        }
        self.path.push(key.to_string());
        match T::from_json(v, self) {
            Ok(t) => *slot = t,
            Err(e) => self.error = Some(e),
        }
        self.path.pop();
    }

    /// A member the struct does not have: an error in requests, noted and skipped in responses.
    pub fn unknown(&mut self, key: &str) {
        if self.error.is_some() {
            return;
        }
        self.path.push(key.to_string());
        let path = self.path();
        self.path.pop();
        if self.strict() {
            self.error = Some(JsonError {
                path,
                message: format!("unknown parameter `{key}`"),
            });
        } else {
            self.ignored.push(path);
        }
    }

    /// `value`, or the first error met while reading it.
    pub fn finish<T>(&mut self, value: T) -> Result<T, JsonError> {
        match self.error.take() {
            Some(e) => Err(e),
            None => Ok(value),
        }
    }

    /// Reads the members of a generated struct's object into its fields, by wire name.
    pub fn read(
        &mut self,
        v: Value,
        strict: bool,
        fields: &mut [(&'static str, &mut dyn Slot)],
    ) -> Result<(), JsonError> {
        for (k, v) in self.object(v, strict)? {
            match fields.iter_mut().find(|(wire, _)| *wire == k) {
                Some((_, slot)) => slot.set(&k, v, self),
                None => self.unknown(&k),
            }
        }
        self.finish(())
    }

    /// A string value (for enums).
    pub fn string(&mut self, v: Value) -> Result<String, JsonError> {
        String::from_json(v, self)
    }
}

impl ToJson for String {
    fn to_json(&self) -> Option<Value> {
        Some(Value::String(self.clone()))
    }
}

impl FromJson for String {
    fn from_json(v: Value, cx: &mut Cx) -> Result<Self, JsonError> {
        match v {
            Value::String(s) => Ok(s),
            // Responses: services send numbers and booleans where pages say String.
            Value::Number(n) if !cx.strict() => Ok(n.to_string()),
            Value::Bool(b) if !cx.strict() => Ok(b.to_string()),
            other => Err(cx.expected("a string", &other)),
        }
    }
}

/// Responses: a number or boolean the service sent as a string (`"123"`, `"true"`).
fn lenient<T: std::str::FromStr>(v: &Value, cx: &Cx) -> Option<T> {
    match v {
        Value::String(s) if !cx.strict() => s.trim().parse().ok(),
        _ => None,
    }
}

impl ToJson for bool {
    fn to_json(&self) -> Option<Value> {
        Some(Value::Bool(*self))
    }
}

impl FromJson for bool {
    fn from_json(v: Value, cx: &mut Cx) -> Result<Self, JsonError> {
        match v {
            Value::Bool(b) => Ok(b),
            Value::String(ref s) if !cx.strict() => match s.trim().to_ascii_lowercase().as_str() {
                "true" => Ok(true),
                "false" => Ok(false),
                _ => Err(cx.expected("a boolean", &v)),
            },
            other => Err(cx.expected("a boolean", &other)),
        }
    }
}

impl ToJson for i64 {
    fn to_json(&self) -> Option<Value> {
        Some(Value::from(*self))
    }
}

impl FromJson for i64 {
    fn from_json(v: Value, cx: &mut Cx) -> Result<Self, JsonError> {
        match v.as_i64().or_else(|| lenient(&v, cx)) {
            Some(n) => Ok(n),
            None => Err(cx.expected("an integer", &v)),
        }
    }
}

impl ToJson for f64 {
    fn to_json(&self) -> Option<Value> {
        Some(Value::from(*self))
    }
}

impl FromJson for f64 {
    fn from_json(v: Value, cx: &mut Cx) -> Result<Self, JsonError> {
        match v.as_f64().or_else(|| lenient(&v, cx)) {
            Some(n) => Ok(n),
            None => Err(cx.expected("a number", &v)),
        }
    }
}

impl ToJson for Value {
    fn to_json(&self) -> Option<Value> {
        Some(self.clone())
    }
}

impl FromJson for Value {
    fn from_json(v: Value, _: &mut Cx) -> Result<Self, JsonError> {
        Ok(v)
    }
}

impl ToJson for Map<String, Value> {
    fn to_json(&self) -> Option<Value> {
        Some(Value::Object(self.clone()))
    }
}

impl FromJson for Map<String, Value> {
    fn from_json(v: Value, cx: &mut Cx) -> Result<Self, JsonError> {
        match v {
            Value::Object(m) => Ok(m),
            other => Err(cx.expected("an object", &other)),
        }
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn to_json(&self) -> Option<Value> {
        self.as_ref().and_then(T::to_json)
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(v: Value, cx: &mut Cx) -> Result<Self, JsonError> {
        match v {
            Value::Null => Ok(None),
            v => T::from_json(v, cx).map(Some),
        }
    }
}

/// A struct that holds itself (through other structs) is boxed.
impl<T: ToJson> ToJson for Box<T> {
    fn to_json(&self) -> Option<Value> {
        T::to_json(self)
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn from_json(v: Value, cx: &mut Cx) -> Result<Self, JsonError> {
        T::from_json(v, cx).map(Box::new)
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self) -> Option<Value> {
        if self.is_empty() {
            return None;
        }
        Some(Value::Array(
            self.iter()
                .map(|x| x.to_json().unwrap_or(Value::Null))
                .collect(),
        ))
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(v: Value, cx: &mut Cx) -> Result<Self, JsonError> {
        match v {
            Value::Null => Ok(Vec::new()),
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.into_iter().enumerate() {
                    cx.path.push(i.to_string());
                    out.push(T::from_json(item, cx)?);
                    cx.path.pop();
                }
                Ok(out)
            }
            // Alibaba wraps response lists in an object of one member: {"Items": {"Item": […]}};
            // a list of one item may arrive as the item itself, wrapped ({"Items": {"Item":
            // {…}}}, {"Ids": {"Id": "x"}}) or not ({"Items": {"A": 1, "B": 2}}).
            Value::Object(m) if !cx.strict() && m.len() > 1 => {
                Ok(vec![T::from_json(Value::Object(m), cx)?])
            }
            Value::Object(m) if !cx.strict() => {
                let mut out = Vec::new();
                for (k, inner) in m {
                    cx.path.push(k);
                    match inner {
                        Value::Array(_) | Value::Null => {
                            out.extend(Vec::<T>::from_json(inner, cx)?)
                        }
                        one => out.push(T::from_json(one, cx)?),
                    }
                    cx.path.pop();
                }
                Ok(out)
            }
            // Responses: a list of one item sent as the item.
            one @ (Value::String(_) | Value::Number(_) | Value::Bool(_)) if !cx.strict() => {
                Ok(vec![T::from_json(one, cx)?])
            }
            other => Err(cx.expected("a list", &other)),
        }
    }
}

/// A field [`Cx::read`] can fill: any [`FromJson`] value.
pub trait Slot {
    fn set(&mut self, key: &str, v: Value, cx: &mut Cx);
}

impl<T: FromJson> Slot for T {
    fn set(&mut self, key: &str, v: Value, cx: &mut Cx) {
        cx.field(self, key, v)
    }
}

/// The object of a generated struct: its sent fields by wire name.
pub fn object(fields: &[(&str, &dyn ToJson)]) -> Option<Value> {
    let mut m = Map::new();
    for (key, v) in fields {
        if let Some(j) = v.to_json() {
            m.insert(key.to_string(), j);
        }
    }
    Some(Value::Object(m))
}

/// `serde::Serialize` for generated types.
pub fn serialize<T: ToJson + ?Sized, S: serde::Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    match v.to_json() {
        Some(j) => j.serialize(s),
        None => s.serialize_none(),
    }
}

/// `serde::Deserialize` for generated types.
pub fn deserialize<'de, T: FromJson, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    let v = Value::deserialize(d)?;
    T::from_json(v, &mut Cx::default()).map_err(serde::de::Error::custom)
}

/// Reads `v` as `T`.
pub fn from_value<T: FromJson>(v: Value) -> Result<T, JsonError> {
    T::from_json(v, &mut Cx::default())
}

/// Reads `v` as `T`, also returning the paths of the members `T` does not keep.
pub fn from_value_reporting<T: FromJson>(v: Value) -> Result<(T, Vec<String>), JsonError> {
    let mut cx = Cx::default();
    let t = T::from_json(v, &mut cx)?;
    Ok((t, cx.ignored))
}

/// A response list: `[…]`, `null`/absent (empty), or Alibaba's wrapper object
/// `{"Items": {"Item": […]}}` whose single member holds the list (for `deserialize_with`).
pub fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    struct ListVisitor<T>(PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list, null, or an object wrapping a list")
        }
        fn visit_unit<E>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }
        fn visit_none<E>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }
        fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Vec<T>, D2::Error> {
            d.deserialize_any(self)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut out = Vec::new();
            while let Some(item) = seq.next_element()? {
                out.push(item);
            }
            Ok(out)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<T>, A::Error> {
            let mut out = Vec::new();
            while let Some(_key) = map.next_key::<String>()? {
                out.extend(map.next_value_seed(ListSeed::<T>(PhantomData))?);
            }
            Ok(out)
        }
    }
    struct ListSeed<T>(PhantomData<T>);
    impl<'de, T: Deserialize<'de>> serde::de::DeserializeSeed<'de> for ListSeed<T> {
        type Value = Vec<T>;
        fn deserialize<D2: Deserializer<'de>>(self, d: D2) -> Result<Vec<T>, D2::Error> {
            d.deserialize_any(ListVisitor(PhantomData))
        }
    }
    d.deserialize_any(ListVisitor(PhantomData))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A response-side read (not strict) and a request-side one (strict).
    fn read<T: FromJson>(v: Value, strict: bool) -> Result<T, JsonError> {
        let mut cx = Cx {
            strict: Some(strict),
            ..Cx::default()
        };
        T::from_json(v, &mut cx)
    }

    #[test]
    fn responses_take_scalars_in_the_forms_services_send() {
        assert_eq!(read::<String>(json!(200), false).unwrap(), "200");
        assert_eq!(read::<String>(json!(true), false).unwrap(), "true");
        assert_eq!(read::<i64>(json!("42"), false).unwrap(), 42);
        assert_eq!(read::<f64>(json!(" 1.5"), false).unwrap(), 1.5);
        assert!(read::<bool>(json!("TRUE"), false).unwrap());
        assert!(read::<i64>(json!("4x"), false).is_err());
        // Requests stay exact.
        assert!(read::<String>(json!(200), true).is_err());
        assert!(read::<i64>(json!("42"), true).is_err());
        assert!(read::<bool>(json!("true"), true).is_err());
    }

    #[test]
    fn response_lists_of_one_may_arrive_as_the_item() {
        let ids: Vec<String> = read(json!({"Id": "a"}), false).unwrap();
        assert_eq!(ids, ["a"]);
        let ids: Vec<String> = read(json!({"Id": ["a", "b"]}), false).unwrap();
        assert_eq!(ids, ["a", "b"]);
        let ids: Vec<String> = read(json!("a"), false).unwrap();
        assert_eq!(ids, ["a"]);
        let items: Vec<Map<String, Value>> = read(json!({"Item": {"K": 1}}), false).unwrap();
        assert_eq!(items.len(), 1);
        let items: Vec<Map<String, Value>> = read(json!({"K": 1, "L": 2}), false).unwrap();
        assert_eq!(
            items,
            [json!({"K": 1, "L": 2}).as_object().unwrap().clone()]
        );
        assert!(read::<Vec<String>>(json!("a"), true).is_err());
        assert!(read::<Vec<String>>(json!({"Id": "a"}), true).is_err());
    }
}

//! The typed values behind the spec's string keys: `type`, `encoding`, `scope` and `method`.
//! Each is written to TOML exactly as schema 1 spells it and read back strictly: a value
//! schema 1 does not define is an error naming the value and what the key takes.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A single value's kind, as the spec's `type` key names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ScalarKind {
    String,
    /// Whole numbers (`Integer`, `Long`, `Int64` on pages): `i64`.
    Integer,
    /// Numbers with a fraction (`Float`, `Double`, `Number` on pages): `f64`.
    Float,
    Boolean,
    /// Bytes sent as text (`Binary` on pages); generated as `String`.
    Binary,
}

impl ScalarKind {
    pub const ALL: [ScalarKind; 5] = [
        ScalarKind::String,
        ScalarKind::Integer,
        ScalarKind::Float,
        ScalarKind::Boolean,
        ScalarKind::Binary,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ScalarKind::String => "string",
            ScalarKind::Integer => "integer",
            ScalarKind::Float => "float",
            ScalarKind::Boolean => "boolean",
            ScalarKind::Binary => "binary",
        }
    }

    /// Kinds whose wire value is text (no number or boolean check applies).
    pub fn is_text(self) -> bool {
        matches!(self, ScalarKind::String | ScalarKind::Binary)
    }
}

impl fmt::Display for ScalarKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Prefix of struct references and of the map type on disk (`object:Filter`, `object:map`).
const OBJECT: &str = "object:";
/// The struct-reference name schema 1 reserves for free-form JSON objects.
const MAP: &str = "map";

/// What one value of a field is. Whether the field holds a list of them is the field's
/// separate `array` key, as on disk.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FieldType {
    Scalar(ScalarKind),
    /// `object:map`: a free-form JSON object (`Map`, `Json`, `Map<String,String>` on pages).
    Map,
    /// `object:<Struct>`: a struct the spec documents (or a page elsewhere does).
    Struct(String),
}

impl FieldType {
    pub const STRING: FieldType = FieldType::Scalar(ScalarKind::String);
    pub const INTEGER: FieldType = FieldType::Scalar(ScalarKind::Integer);
    pub const FLOAT: FieldType = FieldType::Scalar(ScalarKind::Float);
    pub const BOOLEAN: FieldType = FieldType::Scalar(ScalarKind::Boolean);
    pub const BINARY: FieldType = FieldType::Scalar(ScalarKind::Binary);

    /// A reference to the struct `name`. `map` is the one name schema 1 gives another meaning
    /// (`object:map`), so it is the map type: the value means on load what it meant when built.
    pub fn named(name: impl Into<String>) -> FieldType {
        let name = name.into();
        if name == MAP {
            FieldType::Map
        } else {
            FieldType::Struct(name)
        }
    }

    /// The struct a field of this type refers to.
    pub fn struct_name(&self) -> Option<&str> {
        match self {
            FieldType::Struct(name) => Some(name),
            _ => None,
        }
    }

    pub fn scalar(&self) -> Option<ScalarKind> {
        match self {
            FieldType::Scalar(kind) => Some(*kind),
            _ => None,
        }
    }

    /// Whether this is exactly `string` (not `binary`): the type limits on text apply to.
    pub fn is_string(&self) -> bool {
        *self == FieldType::STRING
    }

    /// A map or a struct: a JSON object on the wire.
    pub fn is_object(&self) -> bool {
        matches!(self, FieldType::Map | FieldType::Struct(_))
    }
}

impl Default for FieldType {
    /// A field whose type a page leaves out is read as a string.
    fn default() -> Self {
        FieldType::STRING
    }
}

impl fmt::Display for FieldType {
    /// The spelling on disk.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldType::Scalar(kind) => f.write_str(kind.as_str()),
            FieldType::Map => write!(f, "{OBJECT}{MAP}"),
            FieldType::Struct(name) => write!(f, "{OBJECT}{name}"),
        }
    }
}

/// A `type` value schema 1 does not define.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown type {value:?}: expected string, integer, float, boolean, binary, object:map or object:<Struct>{}",
    hint.map(|h| format!(" (did you mean {h:?}?)")).unwrap_or_default()
)]
pub struct UnknownType {
    pub value: String,
    /// The spelling on disk of what a page would mean by `value` (`long` → `integer`).
    pub hint: Option<&'static str>,
}

impl FromStr for FieldType {
    type Err = UnknownType;

    /// Only the spellings `Display` writes: one spelling per type on disk, so a spec reads
    /// back as it was written and `docsdk diff` never sees two spellings of one type.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Some(kind) = ScalarKind::ALL.into_iter().find(|k| k.as_str() == s) {
            return Ok(FieldType::Scalar(kind));
        }
        match s.strip_prefix(OBJECT) {
            Some(name) if !name.is_empty() => Ok(FieldType::named(name)),
            _ => Err(UnknownType {
                value: s.to_string(),
                hint: super::phrase::scalar_word(s)
                    .map(ScalarKind::as_str)
                    .or_else(|| super::phrase::map_word(s).then_some("object:map")),
            }),
        }
    }
}

impl Serialize for FieldType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for FieldType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// How a list parameter travels, where it is not the provider's usual `Name.N` keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// An Alibaba list sent as one JSON string: `InstanceIds=["i-1","i-2"]`.
    JsonArray,
}

impl Encoding {
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::JsonArray => "json-array",
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An `encoding` value schema 1 does not define. The message names the key: `encoding` sits
/// among a field's flattened limits, where the TOML error points at the field, not the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown encoding {0:?}: expected \"json-array\" (a list sent as one JSON string)")]
pub struct UnknownEncoding(pub String);

impl FromStr for Encoding {
    type Err = UnknownEncoding;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "json-array" => Ok(Encoding::JsonArray),
            _ => Err(UnknownEncoding(s.to_string())),
        }
    }
}

impl Serialize for Encoding {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Encoding {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Where an error code is reported. Request errors (the usual case) have no scope on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ErrorScope {
    /// Reported per item of a batch response, while the call as a whole succeeds.
    Item,
}

impl ErrorScope {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorScope::Item => "item",
        }
    }
}

impl fmt::Display for ErrorScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The HTTP method an action is called with, upper case on disk as on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Delete,
    Patch,
    Head,
}

impl HttpMethod {
    pub const ALL: [HttpMethod; 6] = [
        HttpMethod::Get,
        HttpMethod::Post,
        HttpMethod::Put,
        HttpMethod::Delete,
        HttpMethod::Patch,
        HttpMethod::Head,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Head => "HEAD",
        }
    }

    /// The method a request line starts with (`GET /?Action=…`), as written.
    pub fn from_request_line(line: &str) -> Option<HttpMethod> {
        HttpMethod::ALL.into_iter().find(|m| {
            line.strip_prefix(m.as_str())
                .is_some_and(|rest| rest.starts_with(' '))
        })
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_written_as_schema_1_spells_them_and_read_back() {
        for (text, ty) in [
            ("string", FieldType::STRING),
            ("integer", FieldType::INTEGER),
            ("float", FieldType::FLOAT),
            ("boolean", FieldType::BOOLEAN),
            ("binary", FieldType::BINARY),
            ("object:map", FieldType::Map),
            ("object:Filter", FieldType::Struct("Filter".into())),
        ] {
            assert_eq!(ty.to_string(), text);
            assert_eq!(text.parse::<FieldType>(), Ok(ty));
        }
    }

    #[test]
    fn unknown_types_are_refused_with_what_the_key_takes() {
        let e = "long".parse::<FieldType>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown type \"long\": expected string, integer, float, boolean, binary, object:map or object:<Struct> (did you mean \"integer\"?)"
        );
        assert_eq!(
            "number".parse::<FieldType>().unwrap_err().hint,
            Some("float")
        );
        assert_eq!(
            "Map".parse::<FieldType>().unwrap_err().hint,
            Some("object:map")
        );
        for bad in ["", "object:", "String", "any"] {
            assert!(bad.parse::<FieldType>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_struct_named_map_is_the_map_type() {
        assert_eq!(FieldType::named("map"), FieldType::Map);
        assert_eq!(FieldType::named("Map").struct_name(), Some("Map"));
    }

    #[test]
    fn request_lines_name_their_method() {
        assert_eq!(
            HttpMethod::from_request_line("GET /?Action=X"),
            Some(HttpMethod::Get)
        );
        assert_eq!(
            HttpMethod::from_request_line("DELETE /x"),
            Some(HttpMethod::Delete)
        );
        assert_eq!(HttpMethod::from_request_line("GETTING"), None);
    }
}

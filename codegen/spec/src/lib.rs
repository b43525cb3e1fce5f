//! The spec model (schema 1): what one documented action states, written as TOML and read
//! back identically. Keys are the contract other tools read; see design.md. Keys with a fixed
//! set of values are typed ([`FieldType`], [`Encoding`], [`ErrorScope`], [`HttpMethod`],
//! [`Format`]) and written as schema 1 spells them; [`TypePhrase`] is the one reading of a
//! page's type words.

mod phrase;
pub mod rules;
mod types;

pub use phrase::{simplified, TypePhrase};
pub use types::{
    Encoding, ErrorScope, FieldType, HttpMethod, ScalarKind, UnknownEncoding, UnknownType,
};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

pub const SCHEMA: u32 = 1;

/// Which reader produced a document; also the page format a spec's `[source]` records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Html,
    Markdown,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Markdown => "markdown",
        }
    }

    /// Format from a file extension; anything unknown is read as text.
    pub fn from_path(path: &std::path::Path) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref()
        {
            Some("html" | "htm") => Format::Html,
            Some("md" | "markdown") => Format::Markdown,
            _ => Format::Text,
        }
    }
}

/// The cloud (`provider = "tencent" | "volcengine" | "alibaba"`): the protocol core's one
/// provider enum.
pub use docsdk_protocol::Provider;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RegionUse {
    Required,
    #[default]
    Optional,
    Unused,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Per {
    Second,
    Minute,
    Hour,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateLimit {
    pub requests: u32,
    pub per: Per,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Spec {
    pub schema: u32,
    pub action: Action,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub request: Vec<Field>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub response: Vec<Field>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub structs: Vec<Struct>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorCode>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Example>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    pub provider: Provider,
    pub service: String,
    pub version: String,
    pub name: String,
    pub endpoint: String,
    /// Regional endpoint pattern with `{region}`, where the provider documents one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regional_endpoint: Option<String>,
    pub method: HttpMethod,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit: Option<RateLimit>,
    #[serde(default)]
    pub region: RegionUse,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub path: String,
    pub sha256: String,
    pub format: Format,
}

/// A request parameter, response field or struct member.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Field {
    pub name: String,
    /// `string` | `integer` | `float` | `boolean` | `binary` | `object:<Struct>` | `object:map`
    #[serde(rename = "type")]
    pub ty: FieldType,
    #[serde(default, skip_serializing_if = "is_false")]
    pub array: bool,
    /// Always written for clarity: a reviewer sees `required = false` rather than nothing.
    #[serde(default)]
    pub required: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// Alibaba wraps arrays in an object: `{"Results": {"Result": [...]}}` has
    /// `name = "Results"`, `wrapper = "Result"`, `array = true`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wrapper: Option<String>,
    #[serde(flatten)]
    pub constraints: Constraints,
}

/// Limits a field carries; each mined from prose keeps its sentence in `evidence`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Constraints {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<i64>,
    #[serde(default, rename = "enum", skip_serializing_if = "Vec::is_empty")]
    pub enum_values: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub ascii_only: bool,
    /// `json-array`: an Alibaba list sent as one JSON string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<Encoding>,
    /// Rule name → the sentence it came from.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub evidence: BTreeMap<String, String>,
}

impl Constraints {
    /// Number of rules (evidence aside) this field carries.
    pub fn count(&self) -> usize {
        [
            self.max_items.is_some(),
            self.min_items.is_some(),
            self.max_length.is_some(),
            self.min_length.is_some(),
            self.minimum.is_some(),
            self.maximum.is_some(),
            !self.enum_values.is_empty(),
            self.default.is_some(),
            self.pattern.is_some(),
            self.ascii_only,
            self.encoding.is_some(),
        ]
        .iter()
        .filter(|b| **b)
        .count()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Struct {
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default)]
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorCode {
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// `item` for errors reported per item of a batch response; absent for request errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<ErrorScope>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Example {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub request: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub response: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Debug, thiserror::Error)]
pub enum SpecError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Parse { path: String, message: String },
    #[error("{path}: schema {found} is not supported (this docsdk reads schema {SCHEMA})")]
    Schema { path: String, found: u32 },
}

impl Spec {
    /// A spec with only its action's identity: POST, region optional, nothing documented yet.
    /// For tools and tests that build specs rather than scrape them.
    pub fn new(
        provider: Provider,
        service: &str,
        version: &str,
        name: &str,
        endpoint: &str,
    ) -> Spec {
        Spec {
            schema: SCHEMA,
            action: Action {
                provider,
                service: service.into(),
                version: version.into(),
                name: name.into(),
                endpoint: endpoint.into(),
                regional_endpoint: None,
                method: HttpMethod::Post,
                summary: String::new(),
                rate_limit: None,
                region: RegionUse::Optional,
            },
            source: None,
            request: Vec::new(),
            response: Vec::new(),
            structs: Vec::new(),
            errors: Vec::new(),
            examples: Vec::new(),
        }
    }

    /// Where this spec lives below a specs folder: `<provider>/<service>/<version>/<Action>.toml`.
    pub fn relative_path(&self) -> std::path::PathBuf {
        let a = &self.action;
        Path::new(a.provider.as_str())
            .join(&a.service)
            .join(&a.version)
            .join(format!("{}.toml", a.name))
    }

    pub fn to_toml(&self) -> String {
        // The model has no maps with non-string keys, so serialization cannot fail.
        toml::to_string(self).unwrap_or_else(|e| format!("# serialization failed: {e}\n"))
    }

    pub fn from_toml(text: &str, path: &str) -> Result<Spec, SpecError> {
        let spec: Spec = toml::from_str(text).map_err(|e| SpecError::Parse {
            path: path.to_string(),
            message: e.to_string(),
        })?;
        if spec.schema != SCHEMA {
            return Err(SpecError::Schema {
                path: path.to_string(),
                found: spec.schema,
            });
        }
        Ok(spec)
    }

    pub fn load(path: &Path) -> Result<Spec, SpecError> {
        let text = std::fs::read_to_string(path).map_err(|source| SpecError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Spec::from_toml(&text, &path.display().to_string())
    }

    pub fn struct_named(&self, name: &str) -> Option<&Struct> {
        self.structs.iter().find(|s| s.name == name)
    }
}

impl Field {
    /// The struct a field refers to, for `object:<Struct>` types.
    pub fn struct_name(&self) -> Option<&str> {
        self.ty.struct_name()
    }

    /// Whether the field is sent as one JSON-array string.
    pub fn json_array(&self) -> bool {
        self.constraints.encoding == Some(Encoding::JsonArray)
    }
}

impl ErrorCode {
    /// Reported per item of a batch response rather than for the request.
    pub fn per_item(&self) -> bool {
        self.scope == Some(ErrorScope::Item)
    }
}

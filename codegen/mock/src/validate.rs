//! Checking what the mock receives against the spec. The page's rules (required, items,
//! lengths, ASCII, enum, range, pattern, JSON-array encoding) are checked by the protocol
//! core's engine over [`rules_for`]: the same rules, checked the same way, as a generated
//! client's `RULES` table. What is left here is the wire's business, which no page rule
//! states: values of the wrong type or shape (a list sent as one value, `"yes"` for a boolean,
//! a JSON string where a Tencent body needs a number) and parameters the spec does not know.
//! Each violation names the parameter, the rule and the doc sentence behind it; the checked
//! parameters come back typed (query strings turned into numbers and booleans, JSON-array
//! strings parsed).

use docsdk_protocol::validate;
use docsdk_protocol::wire::{self, Kind as Scalar};
use docsdk_spec::rules::{is_json_array, rules_for, scalar_kind};
use docsdk_spec::{Field, FieldType, Spec};
use serde_json::{Map, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Missing,
    /// Wrong type or shape.
    Type,
    /// Outside a documented rule.
    Value,
    TooMany,
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub kind: Kind,
    /// The spec field's name (for documented codes like `Missing<Name>`).
    pub field: String,
    /// Where in the request, items numbered from 1, e.g. `Tags.2.Key`.
    pub path: String,
    /// The engine's rule name (`required`, `max_items`, …), or `type` / `unknown_parameter`
    /// for the wire checks made here.
    pub rule: &'static str,
    pub message: String,
}

/// How values arrive: typed JSON (Tencent bodies), or strings (query and form pairs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wire {
    Json,
    Strings,
}

/// Rule name of a value of the wrong type or shape.
pub const TYPE_RULE: &str = "type";
/// Rule name of a parameter the spec does not document.
pub const UNKNOWN_RULE: &str = "unknown_parameter";

const MAX_DEPTH: usize = 16;

pub struct Checked {
    pub params: Value,
    pub violations: Vec<Violation>,
}

/// Checks `params` (a JSON object) against the spec's request fields: wire types first, then
/// the page's rules on the typed values, then unknown names (for the clouds that reject them).
pub fn check(spec: &Spec, params: &Value, wire: Wire) -> Checked {
    let empty = Map::new();
    let obj = params.as_object().unwrap_or(&empty);
    let mut typer = Typer {
        spec,
        wire,
        violations: Vec::new(),
    };
    let typed = Value::Object(typer.fields(&spec.request, obj, "", 0));
    let mut violations = typer.violations;
    let rules = rules_for(spec);
    violations.extend(validate::check(&typed, &rules).iter().map(page_rule));
    if spec.action.provider.rejects_unknown_parameters() {
        violations.extend(unknown(spec, obj));
    }
    Checked {
        params: typed,
        violations,
    }
}

/// An engine violation, with the kind the mock picks its error code by.
fn page_rule(v: &validate::Violation<'_>) -> Violation {
    let kind = match v.rule {
        "required" => Kind::Missing,
        "max_items" => Kind::TooMany,
        "json_array" => Kind::Type,
        _ => Kind::Value,
    };
    let field = v
        .param
        .rsplit('.')
        .find(|s| s.parse::<usize>().is_err())
        .unwrap_or_default();
    Violation {
        kind,
        field: field.to_string(),
        path: v.param.clone(),
        rule: v.rule,
        message: format!("{v}."),
    }
}

/// Top-level parameters the spec does not document.
fn unknown(spec: &Spec, obj: &Map<String, Value>) -> Vec<Violation> {
    obj.keys()
        .filter(|k| !spec.request.iter().any(|f| &f.name == *k))
        .map(|k| Violation {
            kind: Kind::Unknown,
            field: k.clone(),
            path: k.clone(),
            rule: UNKNOWN_RULE,
            message: format!("The parameter `{k}` is not documented for this action."),
        })
        .collect()
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}

/// Types received values by the spec's fields, noting values of the wrong type or shape.
struct Typer<'s> {
    spec: &'s Spec,
    wire: Wire,
    violations: Vec<Violation>,
}

impl Typer<'_> {
    fn mistyped(&mut self, field: &Field, path: &str, message: String) {
        self.violations.push(Violation {
            kind: Kind::Type,
            field: field.name.clone(),
            path: path.to_string(),
            rule: TYPE_RULE,
            message,
        });
    }

    /// The members of one object, typed; members the spec does not know are kept as they came.
    fn fields(
        &mut self,
        fields: &[Field],
        obj: &Map<String, Value>,
        prefix: &str,
        depth: usize,
    ) -> Map<String, Value> {
        let mut typed = Map::new();
        for (k, v) in obj {
            let value = match fields.iter().find(|f| &f.name == k) {
                Some(field) if !v.is_null() => self.field(field, v, &join(prefix, k), depth),
                _ => v.clone(),
            };
            typed.insert(k.clone(), value);
        }
        typed
    }

    fn field(&mut self, field: &Field, value: &Value, path: &str, depth: usize) -> Value {
        if is_json_array(field) {
            self.json_array(field, value, path, depth)
        } else if field.array {
            self.list(field, value, path, depth)
        } else {
            self.scalar(field, value, path, self.wire, depth)
        }
    }

    /// A list sent as one JSON string (or, in a JSON body, as a list). A value holding no
    /// list stays as it came: the page's `json_array` rule reports it.
    fn json_array(&mut self, field: &Field, value: &Value, path: &str, depth: usize) -> Value {
        let items = match value {
            Value::String(s) => match wire::parse_json_array(s) {
                Some(items) => items,
                None => return value.clone(),
            },
            Value::Array(a) if self.wire == Wire::Json => a.clone(),
            Value::Array(_) => {
                self.mistyped(
                    field,
                    path,
                    format!("`{path}` must be a JSON array in one string, e.g. [\"a\",\"b\"], not `{path}.N` items."),
                );
                return value.clone();
            }
            _ => return value.clone(),
        };
        self.items(field, &items, path, Wire::Json, depth)
    }

    fn list(&mut self, field: &Field, value: &Value, path: &str, depth: usize) -> Value {
        match value {
            Value::Array(items) => self.items(field, items, path, self.wire, depth),
            _ => {
                let message = match self.wire {
                    Wire::Strings => {
                        format!("`{path}` is a list: send it as `{path}.N` items, not one value.")
                    }
                    Wire::Json => format!("`{path}` is a list: send a JSON array."),
                };
                self.mistyped(field, path, message);
                value.clone()
            }
        }
    }

    fn items(
        &mut self,
        field: &Field,
        items: &[Value],
        path: &str,
        wire: Wire,
        depth: usize,
    ) -> Value {
        let typed = items
            .iter()
            .enumerate()
            .map(|(i, item)| self.scalar(field, item, &format!("{path}.{}", i + 1), wire, depth))
            .collect();
        Value::Array(typed)
    }

    fn scalar(
        &mut self,
        field: &Field,
        value: &Value,
        path: &str,
        wire: Wire,
        depth: usize,
    ) -> Value {
        // Trigger values pass through untouched: the handler answers them before validation
        // results are used.
        if value
            .as_str()
            .is_some_and(|s| s.starts_with(super::ERROR_TRIGGER))
        {
            return value.clone();
        }
        if let Some(kind) = scalar_kind(field) {
            return self.typed_scalar(field, kind, value, path, wire);
        }
        if field.struct_name().is_some() {
            return self.structure(field, value, path, depth);
        }
        if field.ty == FieldType::STRING && !value.is_string() {
            self.mistyped(
                field,
                path,
                format!("`{path}` must be a string; got {value}."),
            );
        }
        value.clone()
    }

    /// A boolean or number: JSON as it is, or a query string read back by its kind.
    fn typed_scalar(
        &mut self,
        field: &Field,
        kind: Scalar,
        value: &Value,
        path: &str,
        wire: Wire,
    ) -> Value {
        let typed = match (value, wire) {
            (Value::String(s), Wire::Strings) => kind.parse(s),
            (Value::Bool(_), _) if kind == Scalar::Bool => Some(value.clone()),
            (Value::Number(n), _) => match kind {
                Scalar::Integer if !(n.is_i64() || n.is_u64()) => None,
                Scalar::Integer | Scalar::Float => Some(value.clone()),
                Scalar::Bool => None,
            },
            _ => None,
        };
        typed.unwrap_or_else(|| {
            let expected = match kind {
                Scalar::Bool => "a boolean (true or false)",
                Scalar::Integer => "an integer",
                Scalar::Float => "a number",
            };
            self.mistyped(
                field,
                path,
                format!("`{path}` must be {expected}; got {value}."),
            );
            value.clone()
        })
    }

    fn structure(&mut self, field: &Field, value: &Value, path: &str, depth: usize) -> Value {
        let Value::Object(map) = value else {
            let how = match self.wire {
                Wire::Strings => format!(": send its members as `{path}.Member`"),
                Wire::Json => String::new(),
            };
            self.mistyped(field, path, format!("`{path}` must be a structure{how}."));
            return value.clone();
        };
        let spec = self.spec;
        match field.struct_name().and_then(|n| spec.struct_named(n)) {
            Some(st) if depth < MAX_DEPTH => {
                Value::Object(self.fields(&st.fields, map, path, depth + 1))
            }
            _ => value.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use docsdk_spec::{Action, Constraints, Provider};
    use serde_json::json;

    fn spec(fields: Vec<Field>) -> Spec {
        Spec {
            schema: 1,
            action: Action {
                provider: Provider::Alibaba,
                service: "ecs".into(),
                version: "2014-05-26".into(),
                name: "Act".into(),
                endpoint: "ecs.aliyuncs.com".into(),
                regional_endpoint: None,
                method: docsdk_spec::HttpMethod::Post,
                summary: String::new(),
                rate_limit: None,
                region: Default::default(),
            },
            source: None,
            request: fields,
            response: vec![],
            structs: vec![],
            errors: vec![],
            examples: vec![],
        }
    }

    fn field(name: &str, ty: &str, c: Constraints) -> Field {
        Field {
            name: name.into(),
            ty: ty.parse().expect("a spec type"),
            constraints: c,
            ..Default::default()
        }
    }

    #[test]
    fn types_query_strings_and_reports_each_rule() {
        let s = spec(vec![
            field(
                "Count",
                "integer",
                Constraints {
                    maximum: Some(10),
                    ..Default::default()
                },
            ),
            field("Force", "boolean", Constraints::default()),
            field(
                "Ids",
                "string",
                Constraints {
                    encoding: Some(docsdk_spec::Encoding::JsonArray),
                    max_items: Some(2),
                    max_length: Some(3),
                    ..Default::default()
                },
            ),
            field(
                "Name",
                "string",
                Constraints {
                    ascii_only: true,
                    enum_values: vec!["a".into(), "é".into()],
                    ..Default::default()
                },
            ),
        ]);
        let ok = check(
            &s,
            &json!({"Count": "7", "Force": "TRUE", "Ids": "[\"i-1\"]", "Name": "a", "Extra": "x"}),
            Wire::Strings,
        );
        assert!(ok.violations.is_empty(), "{:?}", ok.violations);
        assert_eq!(
            ok.params,
            json!({"Count": 7, "Force": true, "Ids": ["i-1"], "Name": "a", "Extra": "x"})
        );

        let bad = check(
            &s,
            &json!({"Count": "11", "Force": "yes", "Ids": "[\"i-1\",\"i-2\",\"i-333\"]", "Name": "é"}),
            Wire::Strings,
        );
        let kinds: Vec<(Kind, &str)> = bad
            .violations
            .iter()
            .map(|v| (v.kind, v.path.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (Kind::Type, "Force"),
                (Kind::Value, "Count"),
                (Kind::TooMany, "Ids"),
                (Kind::Value, "Ids.3"),
                (Kind::Value, "Name"),
            ]
        );
        let not_json = check(&s, &json!({"Ids": "i-1,i-2"}), Wire::Strings);
        assert_eq!(not_json.violations[0].kind, Kind::Type);
        assert!(not_json.violations[0].message.contains("JSON array"));
    }

    #[test]
    fn json_wire_is_strict_about_types_and_unknown_names() {
        let mut ids = field("Ids", "string", Constraints::default());
        ids.array = true;
        ids.required = true;
        let mut s = spec(vec![ids, field("N", "integer", Constraints::default())]);
        // Tencent answers unknown names with an error; the others ignore them.
        s.action.provider = Provider::Tencent;
        let r = check(&s, &json!({"Ids": "one", "N": "1", "Zzz": 1}), Wire::Json);
        let kinds: Vec<Kind> = r.violations.iter().map(|v| v.kind).collect();
        assert_eq!(kinds, [Kind::Type, Kind::Type, Kind::Unknown]);
        let r = check(&s, &json!({}), Wire::Json);
        assert_eq!(r.violations[0].kind, Kind::Missing);
        assert_eq!(r.violations[0].field, "Ids");
    }
}

//! Checking parameters against the spec: presence, list shape, item counts, length, ASCII,
//! enums, ranges, patterns and types. Each violation names the parameter, the rule and the
//! doc sentence behind it; the checked parameters come back typed (query strings turned into
//! numbers and booleans, JSON-array strings parsed).

use crate::spec::{Field, FieldType, ScalarKind, Spec};
use serde_json::{Map, Number, Value};

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
    /// Where in the request, e.g. `Tags.2.Key`.
    pub path: String,
    pub message: String,
}

/// How values arrive: typed JSON (Tencent bodies), or strings (query and form pairs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wire {
    Json,
    Strings,
}

const MAX_DEPTH: usize = 16;

pub struct Checked {
    pub params: Value,
    pub violations: Vec<Violation>,
}

/// Checks `params` (a JSON object) against the spec's request fields.
pub fn check(spec: &Spec, params: &Value, wire: Wire, reject_unknown: bool) -> Checked {
    let mut violations = Vec::new();
    let empty = Map::new();
    let obj = params.as_object().unwrap_or(&empty);
    let mut out = check_fields(spec, &spec.request, obj, "", wire, 0, &mut violations);
    for (k, v) in obj {
        if spec.request.iter().any(|f| &f.name == k) {
            continue;
        }
        if reject_unknown {
            violations.push(Violation {
                kind: Kind::Unknown,
                field: k.clone(),
                path: k.clone(),
                message: format!("The parameter `{k}` is not documented for this action."),
            });
        }
        out.insert(k.clone(), v.clone());
    }
    Checked {
        params: Value::Object(out),
        violations,
    }
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}

fn evidence(field: &Field, rule: &str) -> String {
    field
        .constraints
        .evidence
        .get(rule)
        .map(|s| format!(" (\"{s}\")"))
        .unwrap_or_default()
}

fn check_fields(
    spec: &Spec,
    fields: &[Field],
    obj: &Map<String, Value>,
    prefix: &str,
    wire: Wire,
    depth: usize,
    out: &mut Vec<Violation>,
) -> Map<String, Value> {
    let mut typed = Map::new();
    for field in fields {
        let path = join(prefix, &field.name);
        let given = obj.get(&field.name).filter(|v| !v.is_null());
        let Some(value) = given else {
            if field.required {
                out.push(Violation {
                    kind: Kind::Missing,
                    field: field.name.clone(),
                    path: path.clone(),
                    message: format!("The required parameter `{path}` is missing."),
                });
            }
            continue;
        };
        let v = check_field(spec, field, value, &path, wire, depth, out);
        typed.insert(field.name.clone(), v);
    }
    // Members the spec does not know are kept as they came.
    for (k, v) in obj {
        if !typed.contains_key(k) && !fields.iter().any(|f| &f.name == k) {
            typed.insert(k.clone(), v.clone());
        }
    }
    typed
}

fn check_field(
    spec: &Spec,
    field: &Field,
    value: &Value,
    path: &str,
    wire: Wire,
    depth: usize,
    out: &mut Vec<Violation>,
) -> Value {
    let violation = |kind, message: String| Violation {
        kind,
        field: field.name.clone(),
        path: path.to_string(),
        message,
    };
    let json_array = field.json_array();
    let items: Vec<Value>;
    let (list, item_wire) = if json_array {
        match value {
            Value::String(s) => match serde_json::from_str::<Value>(s) {
                Ok(Value::Array(a)) => {
                    items = a;
                    (&items, Wire::Json)
                }
                _ => {
                    out.push(violation(
                        Kind::Type,
                        format!(
                            "`{path}` must be a JSON array in one string, e.g. [\"a\",\"b\"]; got `{}`{}.",
                            clip(s),
                            evidence(field, "encoding")
                        ),
                    ));
                    return value.clone();
                }
            },
            Value::Array(a) if wire == Wire::Json => (a, Wire::Json),
            _ => {
                out.push(violation(
                    Kind::Type,
                    format!("`{path}` must be a JSON array in one string, e.g. [\"a\",\"b\"]."),
                ));
                return value.clone();
            }
        }
    } else if field.array {
        match value {
            Value::Array(a) => (a, wire),
            _ => {
                out.push(violation(
                    Kind::Type,
                    match wire {
                        Wire::Strings => format!(
                            "`{path}` is a list: send it as `{path}.N` items, not one value."
                        ),
                        Wire::Json => format!("`{path}` is a list: send a JSON array."),
                    },
                ));
                return value.clone();
            }
        }
    } else {
        return check_scalar(spec, field, value, path, wire, depth, out);
    };

    let c = &field.constraints;
    let n = list.len() as u64;
    if field.required && n == 0 {
        out.push(violation(
            Kind::Missing,
            format!("The required parameter `{path}` is an empty list."),
        ));
    }
    if let Some(max) = c.max_items {
        if n > max {
            out.push(violation(
                Kind::TooMany,
                format!(
                    "`{path}` has {n} items; at most {max} are allowed{}.",
                    evidence(field, "max_items")
                ),
            ));
        }
    }
    if let Some(min) = c.min_items {
        if n < min && n > 0 {
            out.push(violation(
                Kind::Value,
                format!(
                    "`{path}` has {n} items; at least {min} are required{}.",
                    evidence(field, "min_items")
                ),
            ));
        }
    }
    let base = if wire == Wire::Strings { 1 } else { 0 };
    let typed: Vec<Value> = list
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let item_path = format!("{path}.{}", i + base);
            check_scalar(spec, field, item, &item_path, item_wire, depth, out)
        })
        .collect();
    Value::Array(typed)
}

fn clip(s: &str) -> String {
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s.to_string()
    }
}

fn check_scalar(
    spec: &Spec,
    field: &Field,
    value: &Value,
    path: &str,
    wire: Wire,
    depth: usize,
    out: &mut Vec<Violation>,
) -> Value {
    let mut push = |kind, message: String| {
        out.push(Violation {
            kind,
            field: field.name.clone(),
            path: path.to_string(),
            message,
        })
    };
    let ty = &field.ty;
    // Trigger values pass through untouched: the handler answers them before validation
    // results are used.
    if value
        .as_str()
        .is_some_and(|s| s.starts_with(super::ERROR_TRIGGER))
    {
        return value.clone();
    }
    let c = &field.constraints;
    match ty {
        FieldType::Scalar(ScalarKind::Integer | ScalarKind::Float) => {
            let num: Option<Number> = match (value, wire) {
                (Value::Number(n), _) => Some(n.clone()),
                (Value::String(s), Wire::Strings) => serde_json::from_str::<Number>(s.trim())
                    .ok()
                    .filter(|_| !s.trim().is_empty()),
                _ => None,
            };
            let integer = *ty == FieldType::INTEGER;
            let Some(num) = num.filter(|n| !integer || n.is_i64() || n.is_u64()) else {
                push(
                    Kind::Type,
                    format!(
                        "`{path}` must be {}; got {}.",
                        if integer { "an integer" } else { "a number" },
                        value
                    ),
                );
                return value.clone();
            };
            let as_f = num.as_f64().unwrap_or(0.0);
            if let Some(min) = c.minimum {
                if as_f < min as f64 {
                    push(
                        Kind::Value,
                        format!(
                            "`{path}` is {num}; the minimum is {min}{}.",
                            evidence(field, "minimum")
                        ),
                    );
                }
            }
            if let Some(max) = c.maximum {
                if as_f > max as f64 {
                    push(
                        Kind::Value,
                        format!(
                            "`{path}` is {num}; the maximum is {max}{}.",
                            evidence(field, "maximum")
                        ),
                    );
                }
            }
            if !c.enum_values.is_empty() && !c.enum_values.contains(&num.to_string()) {
                push(
                    Kind::Value,
                    format!(
                        "`{path}` is {num}; valid values are {}{}.",
                        c.enum_values.join(", "),
                        evidence(field, "enum")
                    ),
                );
            }
            Value::Number(num)
        }
        FieldType::Scalar(ScalarKind::Boolean) => match (value, wire) {
            (Value::Bool(b), _) => Value::Bool(*b),
            (Value::String(s), Wire::Strings) if s.eq_ignore_ascii_case("true") => {
                Value::Bool(true)
            }
            (Value::String(s), Wire::Strings) if s.eq_ignore_ascii_case("false") => {
                Value::Bool(false)
            }
            _ => {
                push(
                    Kind::Type,
                    format!("`{path}` must be a boolean (true or false); got {value}."),
                );
                value.clone()
            }
        },
        FieldType::Map | FieldType::Struct(_) => {
            let Value::Object(map) = value else {
                push(
                    Kind::Type,
                    format!(
                        "`{path}` must be a structure{}.",
                        if wire == Wire::Strings {
                            format!(": send its members as `{path}.Member`")
                        } else {
                            String::new()
                        }
                    ),
                );
                return value.clone();
            };
            match field.struct_name().and_then(|n| spec.struct_named(n)) {
                Some(st) if depth < MAX_DEPTH => Value::Object(check_fields(
                    spec,
                    &st.fields,
                    map,
                    path,
                    wire,
                    depth + 1,
                    out,
                )),
                _ => value.clone(),
            }
        }
        _ => {
            let Value::String(s) = value else {
                if ty.is_string() {
                    push(
                        Kind::Type,
                        format!("`{path}` must be a string; got {value}."),
                    );
                }
                return value.clone();
            };
            let len = s.chars().count() as u64;
            if let Some(max) = c.max_length {
                if len > max {
                    push(
                        Kind::Value,
                        format!(
                            "`{path}` is {len} characters long; at most {max} are allowed{}.",
                            evidence(field, "max_length")
                        ),
                    );
                }
            }
            if let Some(min) = c.min_length {
                if len < min {
                    push(
                        Kind::Value,
                        format!(
                            "`{path}` is {len} characters long; at least {min} are required{}.",
                            evidence(field, "min_length")
                        ),
                    );
                }
            }
            if c.ascii_only && !s.is_ascii() {
                push(
                    Kind::Value,
                    format!(
                        "`{path}` must contain ASCII characters only{}.",
                        evidence(field, "ascii_only")
                    ),
                );
            }
            if !c.enum_values.is_empty() && !c.enum_values.iter().any(|e| e == s) {
                push(
                    Kind::Value,
                    format!(
                        "`{path}` is `{}`; valid values are {}{}.",
                        clip(s),
                        c.enum_values.join(", "),
                        evidence(field, "enum")
                    ),
                );
            }
            if let Some(p) = &c.pattern {
                // A pattern that does not compile states nothing checkable.
                if let Ok(re) = regex::Regex::new(p) {
                    if !re.is_match(s) {
                        push(
                            Kind::Value,
                            format!(
                                "`{path}` (`{}`) does not match the pattern {p}{}.",
                                clip(s),
                                evidence(field, "pattern")
                            ),
                        );
                    }
                }
            }
            value.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{Action, Constraints, Provider};
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
                method: crate::spec::HttpMethod::Post,
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
                    encoding: Some(crate::spec::Encoding::JsonArray),
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
            false,
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
            false,
        );
        let kinds: Vec<(Kind, &str)> = bad
            .violations
            .iter()
            .map(|v| (v.kind, v.path.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (Kind::Value, "Count"),
                (Kind::Type, "Force"),
                (Kind::TooMany, "Ids"),
                (Kind::Value, "Ids.3"),
                (Kind::Value, "Name"),
            ]
        );
        let not_json = check(&s, &json!({"Ids": "i-1,i-2"}), Wire::Strings, false);
        assert_eq!(not_json.violations[0].kind, Kind::Type);
        assert!(not_json.violations[0].message.contains("JSON array"));
    }

    #[test]
    fn json_wire_is_strict_about_types_and_unknown_names() {
        let mut ids = field("Ids", "string", Constraints::default());
        ids.array = true;
        ids.required = true;
        let s = spec(vec![ids, field("N", "integer", Constraints::default())]);
        let r = check(
            &s,
            &json!({"Ids": "one", "N": "1", "Zzz": 1}),
            Wire::Json,
            true,
        );
        let kinds: Vec<Kind> = r.violations.iter().map(|v| v.kind).collect();
        assert_eq!(kinds, [Kind::Type, Kind::Type, Kind::Unknown]);
        let r = check(&s, &json!({}), Wire::Json, true);
        assert_eq!(r.violations[0].kind, Kind::Missing);
        assert_eq!(r.violations[0].field, "Ids");
    }
}

//! Limits stated in prose, mined from a field's description in English and Chinese.
//!
//! Every rule keeps the sentence it came from, because validation that rejects a valid call
//! is worse than none: a user must be able to see why a rule exists and override it.

use crate::spec::{Constraints, Encoding, Field, FieldType};
use regex::Regex;
use std::sync::LazyLock;

fn re(pattern: &str) -> Regex {
    // Patterns are literals in this file; a bad one is a programming error caught by tests.
    Regex::new(pattern).unwrap_or_else(|e| panic!("bad constraint pattern {pattern}: {e}"))
}

const NUM: &str = r"(\d{1,3}(?:,\d{3})+|\d+)";

static ITEMS_MAX: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        format!(r"(?i)\bup to {NUM}\b"),
        format!(r"(?i)\ba maximum of {NUM}\b"),
        format!(r"(?i)\bat most {NUM}\b"),
        format!(r"(?i)\bno more than {NUM}\b"),
        format!(r"(?i)\bmaximum number of [a-z ]+ is {NUM}\b"),
        format!(r"最多(?:支持|可以|可|能|允许)?(?:输入|指定|传入|设置|填写|添加)?{NUM}\s*个"),
        format!(r"(?:不能|不可|不得)?(?:超过|多于){NUM}\s*个"),
        format!(r"上限(?:为|是)?\s*{NUM}"),
        format!(r"(?:取值|数量)?范围(?:为|是)?[:：]?\s*\d+\s*[~～-]\s*{NUM}\s*个"),
    ]
    .iter()
    .map(|p| re(p))
    .collect()
});
static ONLY_ONE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b(?:only one|a single)\b[^.]*\b(?:can|may|is allowed|is supported)\b")
});
static LENGTH_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b{NUM}\s*(?:to|-|~)\s*{NUM}\s*(?:characters|chars|bytes)"
    ))
});
static LENGTH_MAX: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        format!(r"(?i)\b(?:up to|at most|no more than|cannot exceed|can't exceed|not exceed|maximum of|a maximum length of|maximum length of|max length of) {NUM}\s*(?:characters|chars|bytes)"),
        format!(r"(?:不能|不可|不得)?(?:超过|多于){NUM}\s*个?(?:字符|字节)"),
        format!(r"最(?:多|长)(?:支持|为)?{NUM}\s*个?(?:字符|字节)"),
        format!(r"长度(?:不能超过|不超过|最大为|上限为|为)\s*{NUM}\s*个?(?:字符|字节)?"),
    ]
    .iter()
    .map(|p| re(p))
    .collect()
});
static LENGTH_RANGE_ZH: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"长度(?:为|在|是)?\s*{NUM}\s*[~～\-到至]\s*{NUM}\s*个?[^，。；,;]{{0,12}}?(?:字符|字节|位)"
    ))
});
static INT_MAX: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?:\bmaximum(?: value)? is|\bmax(?:imum)? value:?|\bcannot exceed|最大值为|最大取值为|最大值是|最大为)\s*{NUM}"
    ))
});
static INT_MIN: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?:\bminimum(?: value)? is|\bmin(?:imum)? value:?|最小值为|最小取值为|最小值是|最小为)\s*{NUM}"
    ))
});

/// A number followed by a range mark: "长度为2~128" is a range, not a maximum of 2.
fn starts_range(rest: &str) -> bool {
    rest.trim_start().starts_with(['~', '～', '-', '到', '至'])
}
static ASCII: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)仅(?:支持|允许|包含|可包含)ASCII|only ASCII|ASCII characters only|must be ASCII")
});
static DEFAULT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:default value|default|默认取值|默认值|默认为|默认)\s*(?:is|:|：|为)?\s*[`'“]?([A-Za-z0-9_.\-]+)",
    )
});
static VALUE_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:valid values?|value range|取值范围|范围)\s*(?:is|are|:|：|为)?\s*\[?(-?\d+)\s*(?:to|-|~|～|,)\s*(-?\d+)\]?",
    )
});
static VALID_VALUES: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)(?:valid values?|allowed values?|optional values?|取值)\s*(?:are|is|include)?\s*[:：]")
});
static ENUM_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    // An item starts the list, a line, a bullet, or follows a separator or a sentence end,
    // and is followed by its meaning after a colon ("TRUE: yes", "cloud_ssd (default): …").
    re(
        r"(?m)(?:^|[,，|、;；]|[-•*]\s|\.\s)\s*([A-Za-z][A-Za-z0-9_.\-]*)\s*(?:[(（][^)）]{0,40}[)）])?\s*[:：]",
    )
});
static BULLET: LazyLock<Regex> = LazyLock::new(|| re(r"(?m)(?:^|\s)[-•*]\s+\S"));
static JSON_ARRAY: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)JSON\s*(?:array|数组)|JSON格式的数组"));

fn number(s: &str) -> Option<u64> {
    s.replace(',', "").parse().ok()
}

/// Sentences of a description, split at `.`, `。`, `;`, `；` and line breaks.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        let end = match c {
            '。' | '；' | '\n' | '！' => Some(i + c.len_utf8()),
            '.' | ';' | '!' => {
                // A period ends a sentence only before whitespace or the end (not "1.5", "e.g.x").
                let next = bytes.get(i + 1);
                (next.is_none() || next.is_some_and(|b| b.is_ascii_whitespace())).then_some(i + 1)
            }
            _ => None,
        };
        if let Some(end) = end {
            let s = text[start..end].trim();
            if !s.is_empty() {
                out.push(s);
            }
            start = end;
        }
    }
    let s = text[start..].trim();
    if !s.is_empty() {
        out.push(s);
    }
    out
}

/// Mines the field's description and fills its constraints. Rules already present (from an
/// override or a previous pass) are kept.
pub fn mine(field: &mut Field) {
    let description = field.description.clone();
    let string = field.ty.is_string();
    let integer = field.ty == FieldType::INTEGER && !field.array;
    let sentences = sentences(&description);
    let c = &mut field.constraints;
    if string && !field.array {
        json_array(c, &sentences);
    }
    let list_like = field.array || c.encoding == Some(Encoding::JsonArray);
    for text in &sentences {
        let s = Sentence::new(text);
        if list_like {
            max_items(c, &s);
        }
        if string {
            length(c, &s);
            ascii(c, &s);
        }
        default(c, &s, &field.ty);
        if integer {
            bounds(c, &s);
        }
    }
    if string
        && c.enum_values.is_empty()
        && (description.contains(':') || description.contains('：'))
    {
        if let Some((values, sentence)) = enum_values(&description) {
            c.enum_values = values;
            c.evidence.insert("enum".into(), sentence);
        }
    }
}

/// One sentence with what the cheap checks need: most sentences state no limit at all.
struct Sentence<'a> {
    text: &'a str,
    lower: String,
    has_digit: bool,
    mentions_chars: bool,
}

impl<'a> Sentence<'a> {
    fn new(text: &'a str) -> Sentence<'a> {
        Sentence {
            text,
            lower: text.to_ascii_lowercase(),
            has_digit: text.bytes().any(|b| b.is_ascii_digit()),
            mentions_chars: ["character", "字符", "字节", "bytes", "长度"]
                .iter()
                .any(|w| text.contains(w)),
        }
    }
}

/// A string parameter described as a JSON array sent in one string.
fn json_array(c: &mut Constraints, sentences: &[&str]) {
    if let Some(s) = sentences.iter().find(|s| JSON_ARRAY.is_match(s)) {
        if c.encoding.is_none() {
            c.encoding = Some(Encoding::JsonArray);
            c.evidence.insert("encoding".into(), s.to_string());
        }
    }
}

/// "Up to 100 instances per request", "only one security group".
fn max_items(c: &mut Constraints, s: &Sentence<'_>) {
    let may_state = s.has_digit || s.lower.contains("only one") || s.lower.contains("a single");
    if s.mentions_chars || c.max_items.is_some() || !may_state {
        return;
    }
    let text = s.text;
    if let Some(n) = ITEMS_MAX
        .iter()
        .find_map(|r| r.captures(text).and_then(|m| number(&m[1])))
    {
        c.max_items = Some(n);
        c.evidence.insert("max_items".into(), text.to_string());
    } else if ONLY_ONE.is_match(text) {
        c.max_items = Some(1);
        c.evidence.insert("max_items".into(), text.to_string());
    }
}

/// "2 to 128 characters", "不超过64个字符".
fn length(c: &mut Constraints, s: &Sentence<'_>) {
    if c.max_length.is_some() || !s.mentions_chars || !s.has_digit {
        return;
    }
    let text = s.text;
    if let Some(m) = LENGTH_RANGE
        .captures(text)
        .or_else(|| LENGTH_RANGE_ZH.captures(text))
    {
        if let (Some(lo), Some(hi)) = (number(&m[1]), number(&m[2])) {
            if lo <= hi {
                c.min_length = Some(lo);
                c.max_length = Some(hi);
                c.evidence.insert("min_length".into(), text.to_string());
                c.evidence.insert("max_length".into(), text.to_string());
            }
        }
    } else if let Some(n) = LENGTH_MAX.iter().find_map(|r| {
        r.captures(text)
            .filter(|m| {
                m.get(0)
                    .is_some_and(|all| !starts_range(&text[all.end()..]))
            })
            .and_then(|m| number(&m[1]))
    }) {
        c.max_length = Some(n);
        c.evidence.insert("max_length".into(), text.to_string());
    }
}

/// "only ASCII characters".
fn ascii(c: &mut Constraints, s: &Sentence<'_>) {
    if !c.ascii_only && s.lower.contains("ascii") && ASCII.is_match(s.text) {
        c.ascii_only = true;
        c.evidence.insert("ascii_only".into(), s.text.to_string());
    }
}

/// "Default value: 20.", "默认值：…".
fn default(c: &mut Constraints, s: &Sentence<'_>, ty: &FieldType) {
    if c.default.is_some() || !(s.lower.contains("default") || s.text.contains("默认")) {
        return;
    }
    if let Some(m) = DEFAULT.captures(s.text) {
        let value = m[1].trim_end_matches('.').to_string();
        if !value.is_empty() {
            c.default = Some(normalize_default(ty, &value));
            c.evidence.insert("default".into(), s.text.to_string());
        }
    }
}

/// An integer's "Maximum value: 100", "minimum 1", or a "1-100" range when neither is stated.
fn bounds(c: &mut Constraints, s: &Sentence<'_>) {
    if !s.has_digit {
        return;
    }
    let text = s.text;
    let bound = |r: &Regex| {
        r.captures(text)
            .and_then(|m| m[1].replace(',', "").parse::<i64>().ok())
    };
    if c.maximum.is_none() {
        if let Some(n) = bound(&INT_MAX) {
            c.maximum = Some(n);
            c.evidence.insert("maximum".into(), text.to_string());
        }
    }
    if c.minimum.is_none() {
        if let Some(n) = bound(&INT_MIN) {
            c.minimum = Some(n);
            c.evidence.insert("minimum".into(), text.to_string());
        }
    }
    if c.minimum.is_none() && c.maximum.is_none() {
        if let Some(m) = VALUE_RANGE.captures(text) {
            if let (Ok(lo), Ok(hi)) = (m[1].parse::<i64>(), m[2].parse::<i64>()) {
                if lo <= hi {
                    c.minimum = Some(lo);
                    c.maximum = Some(hi);
                    c.evidence.insert("minimum".into(), text.to_string());
                    c.evidence.insert("maximum".into(), text.to_string());
                }
            }
        }
    }
}

fn normalize_default(ty: &FieldType, value: &str) -> String {
    if *ty == FieldType::BOOLEAN {
        value.to_ascii_lowercase()
    } else {
        value.to_string()
    }
}

/// "Valid values: TRUE: yes. FALSE: no." or "Valid values: cloud | cloud_ssd" → the values.
/// Only lists whose items are code-like words are taken, so prose is never mistaken for an enum.
fn enum_values(description: &str) -> Option<(Vec<String>, String)> {
    let m = VALID_VALUES.find(description)?;
    let rest = &description[m.end()..];
    // The list runs to the default-value sentence or the end of the paragraph.
    let end = ["Default", "默认"]
        .iter()
        .filter_map(|w| rest.find(w))
        .min()
        .unwrap_or(rest.len());
    let list = &rest[..end];
    let mut values = Vec::new();
    // Items appear as "VALUE: meaning" lines/bullets or as a comma/pipe separated list.
    for cap in ENUM_ITEM.captures_iter(list) {
        values.push(cap[1].to_string());
    }
    // A bulleted list where some bullet has no `VALUE:` form is not fully understood; an
    // incomplete enum would reject valid values, so none is better.
    let bullets = BULLET.find_iter(list).count();
    if bullets > 0 && bullets != values.len() {
        return None;
    }
    if values.len() < 2 {
        values.clear();
        let parts: Vec<&str> = list
            .split([',', '，', '|', '、'])
            .map(|p| {
                p.trim()
                    .trim_end_matches(['.', '。'])
                    .trim_matches(['`', '"', '\''])
            })
            .filter(|p| !p.is_empty())
            .collect();
        let code_like = |p: &&str| {
            p.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        };
        if parts.len() >= 2 && parts.iter().all(code_like) {
            values = parts.iter().map(|p| p.to_string()).collect();
        }
    }
    values.dedup();
    if values.len() < 2 {
        return None;
    }
    let sentence = format!("{}{}", &description[m.start()..m.end()], list.trim_end());
    Some((values, sentence.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(ty: &str, array: bool, description: &str) -> Field {
        let mut f = Field {
            name: "X".into(),
            ty: ty.parse().expect("a spec type"),
            array,
            description: description.into(),
            ..Field::default()
        };
        mine(&mut f);
        f
    }

    #[test]
    fn item_limits_en_and_zh() {
        let f = field("string", true, "List of key pair IDs. Each request can contain up to 100 key pairs. The ID takes the form of skey-1.");
        assert_eq!(f.constraints.max_items, Some(100));
        assert_eq!(
            f.constraints.evidence["max_items"],
            "Each request can contain up to 100 key pairs."
        );
        assert_eq!(
            field("string", true, "密钥对名称，最多支持100个密钥对。")
                .constraints
                .max_items,
            Some(100)
        );
        assert_eq!(
            field("string", true, "ID of the security group to be disassociated, such as sg-efil73jd. Only one security group can be disassociated.").constraints.max_items,
            Some(1)
        );
    }

    #[test]
    fn lengths_and_ascii() {
        let f = field(
            "string",
            false,
            "保证请求幂等性。取值：仅支持ASCII字符，且不能超过64个字符。",
        );
        assert_eq!(f.constraints.max_length, Some(64));
        assert!(f.constraints.ascii_only);
        let f = field(
            "string",
            false,
            "The description must be 1 to 1,024 characters in length.",
        );
        assert_eq!(
            (f.constraints.min_length, f.constraints.max_length),
            (Some(1), Some(1024))
        );
    }

    #[test]
    fn json_array_strings() {
        let f = field("string", false, "The IDs of instances. The value can be a JSON array that consists of up to 100 instance IDs. Separate the IDs with commas (,).");
        assert_eq!(f.constraints.encoding, Some(Encoding::JsonArray));
        assert_eq!(f.constraints.max_items, Some(100));
    }

    #[test]
    fn defaults_and_enums() {
        let f = field(
            "boolean",
            false,
            "Whether to force shut down. Valid values: TRUE: yes. FALSE: no. Default value: FALSE.",
        );
        assert_eq!(f.constraints.default.as_deref(), Some("false"));
        let f = field(
            "string",
            false,
            "The disk category. Valid values: cloud, cloud_ssd, cloud_essd. Default value: cloud.",
        );
        assert_eq!(
            f.constraints.enum_values,
            ["cloud", "cloud_ssd", "cloud_essd"]
        );
        assert_eq!(f.constraints.default.as_deref(), Some("cloud"));
        let f = field(
            "integer",
            false,
            "The number of entries per page. Valid values: 1 to 50. Default value: 10.",
        );
        assert_eq!(
            (f.constraints.minimum, f.constraints.maximum),
            (Some(1), Some(50))
        );
        // A bullet the reader cannot split makes the list incomplete: no enum at all.
        let f = field("string", false, "The type. Valid values:\n- EcsInstance (default): an ECS instance\n- Nat: a NAT gateway\n- HaVip a high-availability virtual IP address");
        assert!(f.constraints.enum_values.is_empty());
        let f = field("string", false, "The type. Valid values:\n\n- EcsInstance (default): an ECS instance\n- Nat: a NAT gateway");
        assert_eq!(f.constraints.enum_values, ["EcsInstance", "Nat"]);
        let f = field("string", false, "密钥对名称。长度为2~128个英文或中文字符。");
        assert_eq!(
            (f.constraints.min_length, f.constraints.max_length),
            (Some(2), Some(128))
        );
        let f = field(
            "integer",
            false,
            "Number of values to be returned. Default is 20. Maximum is 100.",
        );
        assert_eq!(
            (f.constraints.maximum, f.constraints.default.as_deref()),
            (Some(100), Some("20"))
        );
        let f = field("integer", false, "返回数量，默认为20，最大值为100。");
        assert_eq!(f.constraints.maximum, Some(100));
        // Prose is not an enum.
        let f = field(
            "string",
            false,
            "Valid values: any name you like, as long as it is unique.",
        );
        assert!(f.constraints.enum_values.is_empty());
    }
}

//! Type phrases as pages write them (`Array of String`, `Long`, `object []`,
//! `[InstanceStatus](#…)`, `Map<String,String>`, `整型`) → the spec's [`FieldType`]. This is
//! the one place a page's type words get a meaning; the extractor reads cells through it and
//! the spec loader uses its words to suggest the spelling on disk.
//!
//! `number` is a float: pages that say it follow OpenAPI / JSON Schema, where `number` is any
//! numeric value (a fraction included) and `integer` the whole ones; OpenAPI generators give it
//! a double, and the corpora's scorers (`score.py`) count it as `float`. Reading it as an
//! integer would refuse `0.5`. Words for whole numbers (`Long`, `Int64`, …) stay `integer`.

use super::types::{FieldType, ScalarKind};

/// Scalar type words, lower case, as pages write them.
const SCALAR_WORDS: &[(&str, ScalarKind)] = &[
    ("string", ScalarKind::String),
    ("str", ScalarKind::String),
    ("timestamp", ScalarKind::String),
    ("date", ScalarKind::String),
    ("datetime", ScalarKind::String),
    ("timestamp iso8601", ScalarKind::String),
    ("字符串", ScalarKind::String),
    ("字串", ScalarKind::String),
    ("integer", ScalarKind::Integer),
    ("int", ScalarKind::Integer),
    ("long", ScalarKind::Integer),
    ("int64", ScalarKind::Integer),
    ("int32", ScalarKind::Integer),
    ("uint64", ScalarKind::Integer),
    ("uint32", ScalarKind::Integer),
    ("short", ScalarKind::Integer),
    ("整数", ScalarKind::Integer),
    ("整型", ScalarKind::Integer),
    ("长整型", ScalarKind::Integer),
    ("float", ScalarKind::Float),
    ("double", ScalarKind::Float),
    ("number", ScalarKind::Float),
    ("浮点数", ScalarKind::Float),
    ("浮点型", ScalarKind::Float),
    ("boolean", ScalarKind::Boolean),
    ("bool", ScalarKind::Boolean),
    ("布尔", ScalarKind::Boolean),
    ("布尔值", ScalarKind::Boolean),
    ("布尔型", ScalarKind::Boolean),
    ("binary", ScalarKind::Binary),
];

/// Words for a list whose item type the phrase does not give.
const LIST_WORDS: &[&str] = &["repeatlist", "list", "array"];

/// Words that say "some struct" without naming it.
const GENERIC_STRUCT_WORDS: &[&str] = &[
    "struct",
    "object",
    "array",
    "list",
    "repeatlist",
    "对象",
    "物件",
];

/// Prefixes that make a phrase a list of what follows.
const ARRAY_OF: &[&str] = &["Array of ", "array of ", "Array Of "];

/// The scalar kind a type word names (any case), if it names one.
pub fn scalar_word(word: &str) -> Option<ScalarKind> {
    // The tables are lower case; comparing without case allocates nothing (every cell is read).
    let word = word.trim();
    let word = simplified(word);
    SCALAR_WORDS
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(&word))
        .map(|(_, kind)| *kind)
}

/// Traditional characters of the vocabulary's Chinese words, with their simplified forms:
/// Alibaba Cloud's `help/tc` pages (`名稱 | 類型 | 是否必需 | 描述`, `請求參數`, `整數`) use them.
const TRADITIONAL: &[(char, char)] = &[
    ('稱', '称'),
    ('參', '参'),
    ('數', '数'),
    ('類', '类'),
    ('錯', '错'),
    ('誤', '误'),
    ('碼', '码'),
    ('說', '说'),
    ('請', '请'),
    ('據', '据'),
    ('響', '响'),
    ('應', '应'),
    ('輸', '输'),
    ('體', '体'),
    ('預', '预'),
    ('設', '设'),
    ('選', '选'),
    ('須', '须'),
    ('結', '结'),
    ('構', '构'),
    ('陣', '阵'),
    ('點', '点'),
    ('爾', '尔'),
    ('長', '长'),
    ('備', '备'),
    ('註', '注'),
    ('語', '语'),
    ('義', '义'),
    ('範', '范'),
    ('圍', '围'),
    ('舉', '举'),
    ('傳', '传'),
    ('調', '调'),
    ('試', '试'),
    ('權', '权'),
    ('資', '资'),
    ('訊', '讯'),
    ('變', '变'),
    ('歷', '历'),
    ('態', '态'),
    ('狀', '状'),
    ('値', '值'),
    ('組', '组'),
    ('樣', '样'),
    ('與', '与'),
    ('項', '项'),
];

/// `text` with the vocabulary's traditional characters in their simplified forms; borrowed
/// when there are none (most text).
pub fn simplified(text: &str) -> std::borrow::Cow<'_, str> {
    if text.is_ascii()
        || !text
            .chars()
            .any(|c| TRADITIONAL.iter().any(|(t, _)| *t == c))
    {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| {
                TRADITIONAL
                    .iter()
                    .find(|(t, _)| *t == c)
                    .map_or(c, |(_, s)| *s)
            })
            .collect(),
    )
}

/// Whether a type word names a free-form JSON object: `Map`, `Json`, `String to string map`.
pub fn map_word(word: &str) -> bool {
    let word = word.trim();
    let ends_map = word
        .len()
        .checked_sub(4)
        .and_then(|i| word.get(i..))
        .is_some_and(|tail| tail.eq_ignore_ascii_case(" map"));
    word.eq_ignore_ascii_case("map") || word.eq_ignore_ascii_case("json") || ends_map
}

fn is_generic_struct_word(word: &str) -> bool {
    GENERIC_STRUCT_WORDS
        .iter()
        .any(|g| g.eq_ignore_ascii_case(word))
}

/// What a type cell says about a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypePhrase {
    pub ty: FieldType,
    /// The phrase makes the field a list (`Array of X`, `X[]`, `List<X>`, `RepeatList`).
    pub array: bool,
    /// The phrase names a struct (or, generically, the field's own struct).
    pub container: bool,
    /// The phrase says "some struct" without naming one (`Object`, `Array of Struct`), so its
    /// members, if the page lists them, follow in the rows below.
    pub generic: bool,
}

impl TypePhrase {
    /// Reads a type cell. Structs are named by the page: the `X` of "Array of X", a bare
    /// struct name, or the field's own name for a generic "Struct". A cell that names no type
    /// (empty, or words that are no type) is a string.
    pub fn read(cell: &str, field_name: &str) -> TypePhrase {
        let t = unlink(cell.trim().trim_matches('`').trim());
        let (inner, array) = core_word(&t);
        let generic = generic(cell);
        let scalar = |ty: FieldType, array: bool| TypePhrase {
            ty,
            array,
            container: false,
            generic,
        };
        let lower = singular(&inner.to_ascii_lowercase());
        if let Some(kind) = scalar_word(&lower) {
            return scalar(FieldType::Scalar(kind), array);
        }
        if map_word(&lower) {
            return scalar(FieldType::Map, array);
        }
        // A bare list word: items are strings unless nested rows say otherwise.
        if LIST_WORDS.contains(&lower.as_str()) {
            return scalar(FieldType::STRING, true);
        }
        if names_no_struct(inner) {
            return scalar(FieldType::STRING, array);
        }
        let name: String = if is_generic_struct_word(inner) {
            field_name.to_string()
        } else {
            inner
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect()
        };
        if name.is_empty() {
            return scalar(FieldType::STRING, array);
        }
        TypePhrase {
            ty: FieldType::named(name),
            array,
            container: true,
            generic,
        }
    }

    /// Whether a word alone names a type: a scalar word, a map word or a list word (any case).
    pub fn is_type_word(word: &str) -> bool {
        let word = word.trim();
        scalar_word(word).is_some()
            || map_word(word)
            || LIST_WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
    }

    /// Whether the text is a type and nothing else: a type word, a word for "some struct"
    /// (`object`), or a list of either (`array<object>`, `Array of String`, `string[]`).
    pub fn is_bare_type(text: &str) -> bool {
        let (inner, _) = strip_list(text.trim());
        let inner = inner.trim();
        !inner.is_empty() && (Self::is_type_word(inner) || is_generic_struct_word(inner))
    }

    /// Whether a type cell reads as a type: a type word, or a struct name taken whole from the
    /// cell. Anything else was read as a string and deserves a lint warning.
    pub fn readable(cell: &str, field_name: &str) -> bool {
        let phrase = TypePhrase::read(cell, field_name);
        if !phrase.container {
            let t = unlink(cell.trim().trim_matches('`').trim());
            let (inner, _) = core_word(&t);
            let lower = singular(&inner.to_ascii_lowercase());
            let known = scalar_word(&lower).is_some()
                || map_word(&lower)
                || LIST_WORDS.contains(&lower.as_str());
            return known
                || (!names_no_struct(inner) && cell.chars().any(|c| c.is_ascii_alphabetic()));
        }
        // A struct named `map` is the map type (`FieldType::named`), still a name from the cell.
        let name = phrase.ty.struct_name().unwrap_or("map");
        name == field_name
            || (cell.contains(name) && name.starts_with(|c: char| c.is_ascii_uppercase()))
    }
}

/// Text in a type cell that is neither a word for "some struct" nor one identifier
/// (`JSON string`, `date-time`, `N/A`): it names no struct, so the value is read as text.
fn names_no_struct(inner: &str) -> bool {
    !is_generic_struct_word(inner)
        && !inner.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && inner.chars().any(|c| c.is_ascii_alphabetic())
}

/// Whether a type cell names no struct, only says "a struct" or "a list of structs".
fn generic(cell: &str) -> bool {
    let t = cell.trim().trim_matches('`').trim();
    let (t, _) = strip_list(t);
    !t.is_empty() && is_generic_struct_word(t)
}

/// A markdown link names a struct documented elsewhere: `[Filter](/document/…)` → `Filter`.
fn unlink(t: &str) -> String {
    match (t.find('['), t.find("](")) {
        (Some(open), Some(close)) if open < close => {
            format!("{}{}", &t[..open], &t[open + 1..close])
        }
        _ => t.to_string(),
    }
}

/// `Array of X`, `X[]`, `List<X>`, `Array<X>` → (`X`, a list).
fn strip_list(t: &str) -> (&str, bool) {
    if let Some(rest) = ARRAY_OF.iter().find_map(|p| t.strip_prefix(p)) {
        (rest.trim(), true)
    } else if let Some(rest) = t.strip_suffix("[]") {
        (rest.trim(), true)
    } else if let Some(rest) = ["List<", "Array<", "list<", "array<"]
        .iter()
        .find_map(|p| t.strip_prefix(p))
        .and_then(|r| r.strip_suffix('>'))
    {
        // `array<object>`, `array<string>`: Alibaba's current pages write them lower case.
        (rest.trim(), true)
    } else {
        (t, false)
    }
}

/// The word a type phrase turns on, and whether the phrase is a list of it:
/// `Array of Policy object` → (`Policy`, true), `integer(int64)` → (`integer`, false).
fn core_word(t: &str) -> (&str, bool) {
    let (inner, array) = strip_list(t);
    (strip_object_word(head_word(inner)), array)
}

/// "integer(int64)", "string<date-time>", "Long (64 bits)": the word before the detail.
fn head_word(inner: &str) -> &str {
    inner
        .split(['(', '<', '（'])
        .next()
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .unwrap_or(inner)
}

/// "Policy object", "Policy 对象": the struct is the word before.
fn strip_object_word(inner: &str) -> &str {
    [" object", " Object", "对象", "结构"]
        .iter()
        .find_map(|w| inner.strip_suffix(w))
        .map(str::trim)
        .filter(|n| !n.is_empty() && !n.contains(' '))
        .unwrap_or(inner)
}

/// "array of Strings": the plural of a scalar type word is the word.
fn singular(lower: &str) -> String {
    match lower.strip_suffix('s') {
        Some(one)
            if matches!(
                one,
                "string" | "integer" | "long" | "float" | "double" | "boolean"
            ) =>
        {
            one.to_string()
        }
        _ => lower.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(cell: &str, field: &str) -> (String, bool, bool) {
        let p = TypePhrase::read(cell, field);
        (p.ty.to_string(), p.array, p.container)
    }

    fn owned(ty: &str, array: bool, container: bool) -> (String, bool, bool) {
        (ty.to_string(), array, container)
    }

    /// Text that is not one identifier names no struct: it was read as a string (as the
    /// warning said) but made an empty struct named after the squeezed text (`datetime`,
    /// `JSONstring`, `NA`, `Connectiontypeof…`).
    #[test]
    fn text_that_is_no_identifier_is_a_string() {
        for cell in ["date-time", "JSON string", "N/A", "Array of date-time"] {
            let p = TypePhrase::read(cell, "Field");
            assert_eq!((p.ty, p.container), (FieldType::STRING, false), "{cell}");
        }
        assert!(TypePhrase::read("Array of date-time", "F").array);
        let named = TypePhrase::read("[Filter](/document/api/213/15753#Filter)", "Filters");
        assert_eq!(named.ty, FieldType::named("Filter"));
        assert_eq!(
            TypePhrase::read("Policy object", "P").ty,
            FieldType::named("Policy")
        );
    }

    #[test]
    fn traditional_characters_read_as_simplified() {
        assert_eq!(simplified("請求參數"), "请求参数");
        assert!(matches!(
            simplified("RegionId"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(scalar_word("整數"), Some(ScalarKind::Integer));
        assert_eq!(scalar_word("字串"), Some(ScalarKind::String));
    }

    /// Alibaba's current pages write list types lower case with the item in angle brackets.
    #[test]
    fn lower_case_angle_bracket_lists() {
        let objects = TypePhrase::read("array<object>", "Tag");
        assert!(objects.array && objects.container && objects.generic);
        let strings = TypePhrase::read("array<string>", "Ids");
        assert_eq!((strings.ty, strings.array), (FieldType::STRING, true));
        assert!(TypePhrase::is_bare_type("array<object>"));
        assert!(TypePhrase::is_bare_type("object") && TypePhrase::is_bare_type("string"));
        assert!(!TypePhrase::is_bare_type("是") && !TypePhrase::is_bare_type("BillOverview"));
    }

    #[test]
    fn phrases_pages_write() {
        for (cell, field, want) in [
            ("Array of String", "X", owned("string", true, false)),
            ("object []", "Results", owned("object:Results", true, true)),
            (
                "Array of Struct",
                "OperationDetails",
                owned("object:OperationDetails", true, true),
            ),
            (
                "Array of Filter",
                "Filters",
                owned("object:Filter", true, true),
            ),
            ("Long", "X", owned("integer", false, false)),
            ("Integer", "X", owned("integer", false, false)),
            ("integer(int64)", "X", owned("integer", false, false)),
            ("RepeatList", "X", owned("string", true, false)),
            ("Map<String,String>", "X", owned("object:map", false, false)),
            (
                "String to string map",
                "X",
                owned("object:map", false, false),
            ),
            ("Json", "X", owned("object:map", false, false)),
            (
                "[InstanceStatus](#InstanceStatus)",
                "X",
                owned("object:InstanceStatus", false, true),
            ),
            (
                "Array of [Tag](/document/api/213/15753#Tag)",
                "Tags",
                owned("object:Tag", true, true),
            ),
            ("Policy object", "X", owned("object:Policy", false, true)),
            ("array of Strings", "X", owned("string", true, false)),
            ("List<Long>", "X", owned("integer", true, false)),
            ("整型", "X", owned("integer", false, false)),
            ("布尔型", "X", owned("boolean", false, false)),
            ("字符串", "X", owned("string", false, false)),
            ("浮点数", "X", owned("float", false, false)),
            ("Timestamp ISO8601", "X", owned("string", false, false)),
            ("Binary", "X", owned("binary", false, false)),
            ("", "X", owned("string", false, false)),
            ("一段说明", "X", owned("string", false, false)),
        ] {
            assert_eq!(read(cell, field), want, "{cell:?}");
        }
    }

    #[test]
    fn number_is_a_float_and_whole_number_words_are_integers() {
        for word in ["Number", "number", "Float", "Double", "double"] {
            assert_eq!(TypePhrase::read(word, "X").ty, FieldType::FLOAT, "{word}");
        }
        for word in ["Long", "Int", "Int32", "Int64", "UInt64", "uint32", "Short"] {
            assert_eq!(TypePhrase::read(word, "X").ty, FieldType::INTEGER, "{word}");
        }
    }

    #[test]
    fn generic_struct_words_are_flagged() {
        assert!(TypePhrase::read("Array of Struct", "X").generic);
        assert!(TypePhrase::read("Object", "X").generic);
        assert!(!TypePhrase::read("Array of Filter", "X").generic);
    }

    #[test]
    fn readable_cells() {
        assert!(TypePhrase::readable("Array of Filter", "Filters"));
        assert!(TypePhrase::readable("Object", "Extra"));
        assert!(TypePhrase::readable("Long", "X"));
        assert!(!TypePhrase::readable("see below", "X"));
        assert!(!TypePhrase::readable("一段说明", "X"));
    }
}

//! Words documentation pages use for table columns, types, yes/no and section headings,
//! in English and Chinese. Readers may know this vocabulary; they never know page names.

/// What a table column holds, judged from its header text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Name,
    Type,
    Required,
    Description,
    Example,
    HttpStatus,
    ErrorCode,
    ErrorMessage,
    /// A column of facts about a parameter that has no field of its own (default value,
    /// valid values): read as free text and kept in the description under its header.
    Other,
}

impl Column {
    /// The column's canonical header, for tables a reader builds itself.
    pub fn label(self) -> &'static str {
        match self {
            Column::Name => "Name",
            Column::Type => "Type",
            Column::Required => "Required",
            Column::Description => "Description",
            Column::Example => "Example",
            Column::HttpStatus => "HTTP Status",
            Column::ErrorCode => "Error Code",
            Column::ErrorMessage => "Error Message",
            Column::Other => "Other",
        }
    }

    /// Free-text columns may hold anything, so a parser cannot check them.
    pub fn is_free_text(self) -> bool {
        matches!(
            self,
            Column::Description | Column::Example | Column::ErrorMessage | Column::Other
        )
    }
}

/// Header words with their column, compared after removing whitespace and lowercasing.
/// Longer spellings come first so that greedy matching prefers them.
const HEADERS: &[(&str, Column)] = &[
    ("httpstatuscode", Column::HttpStatus),
    ("httpstatus", Column::HttpStatus),
    ("httpcode", Column::HttpStatus),
    ("statuscode", Column::HttpStatus),
    ("http状态码", Column::HttpStatus),
    ("状态码", Column::HttpStatus),
    ("parametername", Column::Name),
    ("parameter", Column::Name),
    ("fieldname", Column::Name),
    ("field", Column::Name),
    ("membername", Column::Name),
    ("element", Column::Name),
    ("member", Column::Name),
    ("name", Column::Name),
    ("参数名称", Column::Name),
    ("参数名", Column::Name),
    ("名称", Column::Name),
    ("参数", Column::Name),
    ("字段", Column::Name),
    ("datatype", Column::Type),
    ("type", Column::Type),
    ("类型", Column::Type),
    ("是否必填", Column::Required),
    ("是否必选", Column::Required),
    ("是否必需", Column::Required),
    ("是否必须", Column::Required),
    ("是否必传", Column::Required),
    ("必传", Column::Required),
    ("必选", Column::Required),
    ("必须", Column::Required),
    ("必填", Column::Required),
    ("required", Column::Required),
    ("mandatory", Column::Required),
    ("examplevalue", Column::Example),
    ("example", Column::Example),
    ("示例值", Column::Example),
    ("范例值", Column::Example),
    ("范例", Column::Example),
    ("示例", Column::Example),
    ("description", Column::Description),
    ("描述", Column::Description),
    ("说明", Column::Description),
    ("errorcode", Column::ErrorCode),
    ("错误代码", Column::ErrorCode),
    ("错误码", Column::ErrorCode),
    ("errormessage", Column::ErrorMessage),
    ("message", Column::ErrorMessage),
    ("错误信息", Column::ErrorMessage),
    ("错误讯息", Column::ErrorMessage),
    ("错误描述", Column::Description),
    ("meaning", Column::Description),
    ("含义", Column::Description),
    ("语义", Column::Description),
    ("remarks", Column::Description),
    ("备注", Column::Description),
    ("defaultvalue", Column::Other),
    ("default", Column::Other),
    ("默认值", Column::Other),
    ("validvalues", Column::Other),
    ("取值范围", Column::Other),
    ("enumvalues", Column::Other),
    ("枚举值", Column::Other),
];

fn squash(text: &str) -> String {
    crate::spec::simplified(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The column a header cell names, if it is one we know.
pub fn column(header: &str) -> Option<Column> {
    let s = squash(header);
    // "Required?", "Name:", "Type*", "**Type**"
    let s = s.trim_matches(['?', '？', ':', '：', '*', '`']);
    HEADERS.iter().find(|(w, _)| *w == s).map(|(_, c)| *c)
}

/// Splits a header written as run-together or space-separated words ("ParameterTypeRequired",
/// "Parameter Name Required Type Description", "名称类型是否必填") into its columns.
/// Returns None unless the whole text is header words.
pub fn split_header(text: &str) -> Option<Vec<Column>> {
    let s = squash(text);
    if s.is_empty() {
        return None;
    }
    let mut rest = s.as_str();
    let mut out = Vec::new();
    'outer: while !rest.is_empty() {
        for (word, col) in HEADERS {
            if let Some(r) = rest.strip_prefix(word) {
                out.push(*col);
                rest = r;
                continue 'outer;
            }
        }
        return None;
    }
    Some(out)
}

/// True when a header row has what a parameter or error table needs.
pub fn is_table_header(cols: &[Column]) -> bool {
    let has = |c| cols.contains(&c);
    let distinct = {
        let mut v = cols.to_vec();
        v.dedup();
        v.len()
    };
    distinct >= 2
        && ((has(Column::Name) && (has(Column::Type) || has(Column::Description)))
            || has(Column::ErrorCode))
}

/// Yes/No words of a Required column.
pub fn yes_no(word: &str) -> Option<bool> {
    // "Yes." and "是。": a cell's closing punctuation is not part of the word.
    let word = crate::spec::simplified(word.trim().trim_end_matches(['.', '。']));
    match word.to_ascii_lowercase().as_str() {
        "yes" | "true" | "required" | "是" | "必选" | "必填" | "必需" | "必须" | "y" | "✓"
        | "✔" | "√" => Some(true),
        "no" | "false" | "optional" | "否" | "可选" | "非必选" | "非必填" | "选填" | "n" | "✗"
        | "✘" | "×" => Some(false),
        _ => None,
    }
}

/// Type words as pages write them, without the "Array of" wrapper: where a phrase ends in text
/// run together. What each means is `spec::TypePhrase`'s to say (a test keeps the two in step).
pub const TYPE_WORDS: &[&str] = &[
    "String",
    "string",
    "Integer",
    "integer",
    "Int",
    "int",
    "Long",
    "long",
    "Int64",
    "int64",
    "Int32",
    "int32",
    "Uint64",
    "UInt64",
    "uint64",
    "Float",
    "float",
    "Double",
    "double",
    "Boolean",
    "boolean",
    "Bool",
    "bool",
    "Object",
    "object",
    "Struct",
    "struct",
    "Array",
    "array",
    "Map",
    "map",
    "Timestamp",
    "timestamp",
    "Date",
    "Binary",
    "binary",
    "RepeatList",
    "List",
    "Json",
    "JSON",
    "Number",
];

/// Length of the type phrase at the start of `s` ("Array of String", "object []", "String"),
/// matched case-sensitively as pages write them; 0 when `s` does not start with one.
pub fn type_phrase_len(s: &str) -> usize {
    // Every type word starts with one of these letters; most positions tried are not one.
    if !s
        .as_bytes()
        .first()
        .is_some_and(|b| b"SsIiLlUuFfDdBbOoAaMmTtRJNn".contains(b))
    {
        return 0;
    }
    let lower_array = ["Array of ", "array of ", "Array Of "];
    for p in lower_array {
        if let Some(rest) = s.strip_prefix(p) {
            // "Array of X": X is one word (a type word or a struct name). In cells run
            // together a scalar type word may be glued to the example value after it
            // (`Array of Stringi-3tief…`): a scalar type word followed by a lowercase letter,
            // a digit or punctuation ends there.
            for w in [
                "String", "Integer", "Long", "Boolean", "Float", "Double", "Int64",
            ] {
                if let Some(after) = rest.strip_prefix(w) {
                    if after
                        .chars()
                        .next()
                        .is_some_and(|c| !c.is_ascii_uppercase() && !c.is_whitespace())
                    {
                        return p.len() + w.len();
                    }
                }
            }
            let word = rest
                .char_indices()
                .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_'))
                .map(|(i, _)| i)
                .unwrap_or(rest.len());
            if word > 0 {
                return p.len() + word;
            }
        }
    }
    for w in TYPE_WORDS {
        if let Some(rest) = s.strip_prefix(w) {
            let mut len = w.len();
            // "object []", "String[]", "Array<String>"
            let trimmed = rest.trim_start_matches(' ');
            if trimmed.starts_with("[]") {
                len += rest.len() - trimmed.len() + 2;
            }
            return len;
        }
    }
    0
}

/// True when the whole text is one type phrase.
pub fn is_type_phrase(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty() && type_phrase_len(s) == s.len()
}

/// Section a heading opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Section {
    Request,
    Response,
    Errors,
    /// Errors reported per item of a batch response.
    ItemErrors,
    Examples,
    /// A data-structure table named by the page ("OperationDetails结构", "Filter structure").
    Struct(String),
    Other,
}

const REQUEST_HEADINGS: &[&str] = &[
    "request parameters",
    "input parameters",
    "request parameter",
    "input parameter",
    "uri parameters",
    "path parameters",
    "query parameters",
    "query string parameters",
    "body parameters",
    "request body parameters",
    "request body",
    "请求参数",
    "输入参数",
    "uri参数",
    "路径参数",
    "query参数",
    "查询参数",
    "body参数",
    "请求体参数",
    "请求体",
];
const RESPONSE_HEADINGS: &[&str] = &[
    "response parameters",
    "output parameters",
    "response parameter",
    "output parameter",
    "response elements",
    "response body",
    "返回数据",
    "响应元素",
    "响应体",
    "返回结果",
    "输出参数",
    "返回参数",
    "响应参数",
    "回应参数",
    "传回参数",
];
const ERROR_HEADINGS: &[&str] = &["error codes", "error code", "错误码"];
const EXAMPLE_HEADINGS: &[&str] = &[
    "examples",
    "example",
    "request example",
    "response example",
    "input example",
    "output example",
    "sample requests",
    "sample success responses",
    "sample error responses",
    "示例",
    "请求示例",
    "返回示例",
    "正常返回示例",
    "错误返回示例",
    "输入示例",
    "输出示例",
];
const OTHER_HEADINGS: &[&str] = &[
    "api description",
    "description",
    "debugging",
    "authorization information",
    "change history",
    "developer resources",
    "sdk",
    "command line interface",
    "api explorer",
    "接口描述",
    "调试",
    "说明",
    "授权信息",
    "变更历史",
    "开发者资源",
    "接口说明",
    "注意事项",
];

/// Strips numbering ("2. ", "4.1 ") and markdown heading marks from a heading candidate.
fn heading_core(text: &str) -> &str {
    let t = text.trim().trim_start_matches('#').trim();
    let digits_end = t
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.'))
        .map(|(i, _)| i)
        .unwrap_or(t.len());
    if digits_end > 0 {
        t[digits_end..].trim_start()
    } else {
        t
    }
}

fn struct_heading(core: &str) -> Option<String> {
    let name = core
        .strip_suffix("结构")
        .or_else(|| core.strip_suffix("结构体"))
        .or_else(|| core.strip_suffix(" structure"))
        .or_else(|| core.strip_suffix(" Structure"))
        .or_else(|| core.strip_suffix(" 结构"))?
        .trim();
    let ok = !name.is_empty()
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    ok.then(|| name.to_string())
}

/// The section a heading opens, or None when the text is not a section heading.
pub fn section(text: &str) -> Option<Section> {
    let core = heading_core(text);
    if core.chars().count() > 60 {
        return None;
    }
    if let Some(name) = struct_heading(core) {
        return Some(Section::Struct(name));
    }
    let lower = crate::spec::simplified(core).to_lowercase();
    let lower = lower.trim_end_matches([':', '：']);
    let starts = |words: &[&str]| {
        words.iter().any(|w| {
            lower == *w
                || (lower.starts_with(w)
                    && lower[w.len()..]
                        .chars()
                        .next()
                        .is_some_and(|c| !c.is_ascii_alphabetic()))
        })
    };
    if starts(ERROR_HEADINGS) {
        let batch = ["批量", "单个", "batch", "item"];
        return Some(if batch.iter().any(|w| lower.contains(w)) {
            Section::ItemErrors
        } else {
            Section::Errors
        });
    }
    if starts(REQUEST_HEADINGS) {
        return Some(Section::Request);
    }
    if starts(RESPONSE_HEADINGS) {
        return Some(Section::Response);
    }
    if starts(EXAMPLE_HEADINGS) {
        return Some(Section::Examples);
    }
    if starts(OTHER_HEADINGS) {
        return Some(Section::Other);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_cells_in_words_and_marks() {
        for yes in [
            "Yes", "yes.", "是", "是。", "必填", "必需", "✓", "√", "true",
        ] {
            assert_eq!(yes_no(yes), Some(true), "{yes}");
        }
        for no in ["No", "否", "可选", "非必填", "选填", "×", "✗", "false"] {
            assert_eq!(yes_no(no), Some(false), "{no}");
        }
        for neither in ["条件必选", "Conditional", "-", ""] {
            assert_eq!(yes_no(neither), None, "{neither}");
        }
    }

    #[test]
    fn headers_split_run_together_and_spaced() {
        use Column::*;
        assert_eq!(
            split_header("ParameterTypeRequiredDescriptionExample"),
            Some(vec![Name, Type, Required, Description, Example])
        );
        assert_eq!(
            split_header("Parameter Name Required Type Description"),
            Some(vec![Name, Required, Type, Description])
        );
        assert_eq!(
            split_header("名称类型是否必填"),
            Some(vec![Name, Type, Required])
        );
        assert_eq!(
            split_header("HTTP status codeError codeError messageDescription"),
            Some(vec![HttpStatus, ErrorCode, ErrorMessage, Description])
        );
        assert_eq!(split_header("Parameter names are case sensitive"), None);
    }

    #[test]
    fn type_phrases() {
        assert_eq!(type_phrase_len("stringYes"), 6);
        assert_eq!(type_phrase_len("Array of String ID"), 15);
        assert_eq!(type_phrase_len("object []"), 9);
        assert_eq!(type_phrase_len("cn-hangzhou"), 0);
        assert!(is_type_phrase("Array of Struct"));
        assert!(!is_type_phrase("String value"));
    }

    #[test]
    fn sections() {
        assert_eq!(section("2. Input Parameters"), Some(Section::Request));
        assert_eq!(section("返回数据"), Some(Section::Response));
        assert_eq!(
            section("OperationDetails结构"),
            Some(Section::Struct("OperationDetails".into()))
        );
        assert_eq!(
            section("错误码(批量操作时具体单个请求失败)"),
            Some(Section::ItemErrors)
        );
        assert_eq!(section("Examples"), Some(Section::Examples));
        assert_eq!(
            section("Example1 Disassociating instances"),
            Some(Section::Examples)
        );
        assert_eq!(
            section("This API is used to disassociate security groups."),
            None
        );
    }

    /// The plain-text reader finds where a type phrase ends with its own case-sensitive word
    /// list ([`type_phrase_len`]); every phrase it finds must mean a type to the spec model.
    #[test]
    fn every_word_the_text_reader_cuts_means_a_type() {
        use crate::spec::{FieldType, TypePhrase};
        for word in TYPE_WORDS {
            let p = TypePhrase::read(word, "Field");
            let understood =
                p.container || p.ty != FieldType::STRING || TypePhrase::is_type_word(word);
            assert!(understood, "{word}");
            assert!(TypePhrase::readable(word, "Field"), "{word}");
        }
    }
}

//! Request and response examples, paired as the page shows them, and what a request example
//! says (method, host, headers, query parameters).

use super::{fields, Extractor, PageFacts};
use crate::blocks::Block;
use crate::spec::{Example, HttpMethod};
use crate::vocab::{self, Section};

impl Extractor<'_> {
    pub(super) fn examples(&self) -> Vec<Example> {
        let mut out: Vec<Example> = Vec::new();
        let mut title = String::new();
        let mut in_examples = false;
        for b in &self.doc.blocks {
            match b {
                Block::Heading { text, .. } | Block::Paragraph { text, .. } => {
                    match vocab::section(text) {
                        Some(Section::Examples) => {
                            in_examples = true;
                            let t = text.trim().trim_start_matches('#').trim();
                            if is_example_title(t) {
                                title = t.to_string();
                            }
                        }
                        Some(_) => in_examples = false,
                        None => {
                            if in_examples && is_example_title(text) {
                                title = text.trim().to_string();
                            }
                        }
                    }
                }
                Block::Code { text, line } => {
                    if is_request_example(text) {
                        out.push(Example {
                            title: title.clone(),
                            request: text.clone(),
                            response: String::new(),
                            line: Some(*line),
                        });
                    } else if looks_like_response(text)
                        && (!out.is_empty() || (in_examples && names_request_id(text)))
                    {
                        // JSON elsewhere (a policy document in a parameter's description) is
                        // not a response sample.
                        attach_response(&mut out, text, &title, *line);
                    }
                }
                Block::Table(_) => {}
            }
        }
        out
    }
}

/// Pairs a response sample with the request before it.
fn attach_response(out: &mut Vec<Example>, text: &str, title: &str, line: usize) {
    let is_json = text.trim_start().starts_with('{');
    match out.last_mut() {
        Some(e) if e.response.is_empty() => e.response = text.to_string(),
        // A page showing XML and JSON for one example: the JSON is what clients receive.
        Some(e) if is_json && !e.response.trim_start().starts_with('{') => {
            e.response = text.to_string()
        }
        // A further sample after a response-only example (an error sample) is not a call.
        Some(e) if e.request.is_empty() => {}
        _ => out.push(Example {
            title: title.to_string(),
            request: String::new(),
            response: text.to_string(),
            line: Some(line),
        }),
    }
}

pub(super) fn is_request_example(text: &str) -> bool {
    let first = text.lines().next().unwrap_or("").trim();
    ["GET ", "POST ", "PUT ", "DELETE "]
        .iter()
        .any(|m| first.starts_with(m))
        || ((first.starts_with("https://") || first.starts_with("http://"))
            && first.contains("Action="))
}

/// An API response names its request: a sample without a request before it must, or it is
/// some other JSON (a policy document the page shows as a parameter's value).
fn names_request_id(text: &str) -> bool {
    [
        "RequestId",
        "RequestID",
        "requestId",
        "request_id",
        "ResponseMetadata",
    ]
    .iter()
    .any(|k| text.contains(k))
}

fn looks_like_response(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with('{') || (t.starts_with('<') && !t.starts_with("<Common"))
}

fn is_example_title(text: &str) -> bool {
    let t = text.trim();
    let lower = t.to_lowercase();
    (lower.starts_with("example") && t.chars().count() > 9 && t.contains(' '))
        || (t.starts_with("示例") && t.chars().count() > 3)
}

/// The parameters a request example sends: its JSON body, or its query's nested members
/// (`Filters.0.Name=…`) as JSON.
pub(super) fn request_params(example: &str) -> Option<serde_json::Value> {
    json_body(example).or_else(|| {
        let nested: Vec<(String, String)> = query_pairs(example)
            .into_iter()
            .filter(|(k, _)| k.contains('.'))
            .collect();
        (!nested.is_empty()).then(|| fields::pairs_to_json(&nested))
    })
}

/// Every parameter a request example sends, as JSON, and whether it came from a query string
/// (whose values are all text): the JSON body when there is one, else the query pairs.
pub(super) fn all_request_params(example: &str) -> Option<(serde_json::Value, bool)> {
    if let Some(body) = json_body(example) {
        return Some((body, false));
    }
    // Query pairs only: `Name: value` lines are HTTP headers.
    let query = query_pairs(example);
    (!query.is_empty()).then(|| (fields::pairs_to_json(&query), true))
}

/// The JSON body of a request example: from the first line that opens an object.
fn json_body(example: &str) -> Option<serde_json::Value> {
    let start = example.find("\n{")?;
    serde_json::from_str(example[start..].trim()).ok()
}

/// An example with shell line continuations (`…?Action=X\` / `&Y=1\`) removed.
fn strip_continuations(text: &str) -> String {
    text.lines()
        .map(|l| l.trim_end().trim_end_matches('\\').trim_end())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The `Name=value` pairs of a request example's URL and `&` continuation lines.
fn query_pairs(example: &str) -> Vec<(String, String)> {
    let example = &strip_continuations(example);
    let mut lines = example.lines();
    let first = lines.next().unwrap_or("").trim();
    let url = ["GET ", "POST ", "PUT ", "DELETE "]
        .iter()
        .find_map(|m| first.strip_prefix(m))
        .map(|r| r.split_whitespace().next().unwrap_or(""))
        .unwrap_or(first);
    let mut query = String::new();
    if let Some((_, q)) = url.split_once('?') {
        query.push_str(q);
    }
    for line in lines {
        if let Some(q) = line.trim().strip_prefix('&') {
            query.push('&');
            query.push_str(q);
        }
    }
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .filter(|(k, _)| {
            !k.is_empty()
                && k.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        })
        .map(|(k, v)| (k.to_string(), v.trim().to_string()))
        .collect()
}

/// Pulls method, host, `Name: value` headers and `Name=value` query pairs from an example.
pub(super) fn parse_request_example(text: &str, facts: &mut PageFacts) {
    // Shell-style examples continue lines with a trailing backslash.
    let text = &strip_continuations(text);
    let mut lines = text.lines();
    let Some(first) = lines.next() else { return };
    let first = first.trim();
    if let Some(m) = HttpMethod::from_request_line(first) {
        facts.example_method.get_or_insert(m);
    }
    if first.starts_with("http") {
        facts.example_method.get_or_insert(HttpMethod::Get);
    }
    for line in lines {
        let line = line.trim();
        if line.starts_with('&') {
            continue;
        }
        if let Some((k, v)) = line.split_once(':') {
            if !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                facts
                    .example_pairs
                    .push((k.trim().to_string(), v.trim().to_string()));
            }
        }
    }
    facts.example_pairs.extend(query_pairs(text));
}

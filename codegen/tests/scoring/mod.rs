//! Scoring scraped specs against a corpus the way `../shared/corpus*/score.py` does: request
//! parameter precision/recall/F1, required, array and type accuracy on matched parameters, and
//! recall on the parameters each page actually names (`stated`). Used by `corpus.rs` and
//! `corpus_wide.rs`; each page is scored against its own scrape.
#![allow(dead_code)]

use docsdk_codegen::spec::Spec;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// One row of a corpus INDEX.tsv.
pub struct Page {
    pub file: String,
    pub provider: String,
    pub service: String,
    pub action: String,
    pub version: String,
    pub format: String,
    pub language: String,
}

/// The rows of `<corpus>/INDEX.tsv`.
pub fn index(corpus: &Path) -> Vec<Page> {
    let text = std::fs::read_to_string(corpus.join("INDEX.tsv")).expect("INDEX.tsv");
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            let [file, provider, service, action, version, _src, format, language, ..] = cols[..]
            else {
                return None;
            };
            Some(Page {
                file: file.into(),
                provider: provider.into(),
                service: service.into(),
                action: action.into(),
                version: version.into(),
                format: format.into(),
                language: language.into(),
            })
        })
        .collect()
}

/// `<corpus>/<dir>/<provider>/<action>.json`.
pub fn answers(corpus: &Path, dir: &str, page: &Page) -> Value {
    let p = corpus
        .join(dir)
        .join(&page.provider)
        .join(format!("{}.json", page.action));
    serde_json::from_str(&std::fs::read_to_string(&p).expect("truth json")).expect("valid json")
}

#[derive(Default, Debug, Clone, Copy)]
pub struct Score {
    pub pages: usize,
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub req_n: usize,
    pub req_ok: usize,
    pub type_ok: usize,
    pub arr_ok: usize,
    pub action_ok: usize,
    pub service_ok: usize,
    pub version_ok: usize,
    /// Parameters the page names (as a word), and how many of those were found.
    pub stated: usize,
    pub stated_found: usize,
}

impl Score {
    pub fn add(&mut self, o: Score) {
        self.pages += o.pages;
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
        self.req_n += o.req_n;
        self.req_ok += o.req_ok;
        self.type_ok += o.type_ok;
        self.arr_ok += o.arr_ok;
        self.action_ok += o.action_ok;
        self.service_ok += o.service_ok;
        self.version_ok += o.version_ok;
        self.stated += o.stated;
        self.stated_found += o.stated_found;
    }

    pub fn f1(&self) -> f64 {
        ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_)
    }

    pub fn required(&self) -> f64 {
        ratio(self.req_ok, self.req_n)
    }

    pub fn types(&self) -> f64 {
        ratio(self.type_ok, self.tp)
    }

    pub fn arrays(&self) -> f64 {
        ratio(self.arr_ok, self.tp)
    }

    pub fn stated_recall(&self) -> f64 {
        ratio(self.stated_found, self.stated)
    }
}

fn ratio(n: usize, d: usize) -> f64 {
    if d == 0 {
        1.0
    } else {
        n as f64 / d as f64
    }
}

fn base_type(t: &str) -> &str {
    if t.starts_with("object") {
        "object"
    } else {
        t
    }
}

/// Parameters the runtime fills in for every call, left out on both sides.
fn common_params(provider: &str) -> &'static [&'static str] {
    match provider {
        "tencent" => &["Action", "Version", "Region"],
        "volcengine" => &["Action", "Version"],
        _ => &["Action"],
    }
}

/// `.N`, `.n` and `[]` suffixes dropped, as score.py normalises names.
fn norm(name: &str) -> &str {
    let n = name.trim();
    n.strip_suffix(".N")
        .or_else(|| n.strip_suffix(".n"))
        .or_else(|| n.strip_suffix("[]"))
        .unwrap_or(n)
}

/// Whether `name` appears in `text` as a word (optionally with `.N` or `.<digits>` after it).
pub fn names_word(text: &str, name: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut from = 0;
    while let Some(at) = text[from..].find(name) {
        let start = from + at;
        let end = start + name.len();
        let before_ok = !text[..start].chars().next_back().is_some_and(word);
        let mut rest = &text[end..];
        for suffix in [".N", ".n"] {
            if let Some(r) = rest.strip_prefix(suffix) {
                rest = r;
                break;
            }
        }
        if let Some(r) = rest.strip_prefix('.') {
            let digits = r.len() - r.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            if digits > 0 {
                rest = &r[digits..];
            }
        }
        if before_ok && !rest.chars().next().is_some_and(word) {
            return true;
        }
        from = end;
    }
    false
}

/// Scores one page's spec against its answers; `page_text` feeds the `stated` counts.
/// Returns the score and notes on what differs.
pub fn score(spec: &Spec, truth: &Value, page: &Page, page_text: &str) -> (Score, Vec<String>) {
    let common = common_params(&page.provider);
    let mut s = Score {
        pages: 1,
        action_ok: usize::from(spec.action.name == page.action),
        service_ok: usize::from(spec.action.service == page.service),
        version_ok: usize::from(spec.action.version == page.version),
        ..Score::default()
    };
    let mut notes = Vec::new();
    let empty = Vec::new();
    let truth_params: BTreeMap<&str, &Value> = truth["request"]
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .filter_map(|p| {
            let n = norm(p["name"].as_str()?);
            (!common.contains(&n)).then_some((n, p))
        })
        .collect();
    let documented = |t: &Value| t["documented"].as_bool() != Some(false);
    for f in spec
        .request
        .iter()
        .filter(|f| !common.contains(&f.name.as_str()))
    {
        match truth_params.get(f.name.as_str()) {
            Some(t) if !documented(t) => {}
            Some(t) => {
                s.tp += 1;
                if let Some(required) = t["required"].as_bool() {
                    s.req_n += 1;
                    if required == f.required {
                        s.req_ok += 1;
                    } else {
                        notes.push(format!("{}.required={}", f.name, f.required));
                    }
                }
                if t["array"].as_bool() == Some(f.array) {
                    s.arr_ok += 1;
                } else {
                    notes.push(format!("{}.array={}", f.name, f.array));
                }
                let ours = f.ty.to_string();
                if t["type"].as_str().map(base_type) == Some(base_type(&ours)) {
                    s.type_ok += 1;
                } else {
                    notes.push(format!("{}.type={}", f.name, f.ty));
                }
            }
            None => {
                s.fp += 1;
                notes.push(format!("extra {}", f.name));
            }
        }
    }
    for (n, t) in &truth_params {
        if !documented(t) {
            continue;
        }
        let found = spec.request.iter().any(|f| f.name == *n);
        if !found {
            s.fn_ += 1;
            notes.push(format!("missing {n}"));
        }
        if names_word(page_text, n) {
            s.stated += 1;
            s.stated_found += usize::from(found);
        }
    }
    (s, notes)
}

/// Prints a score table, one row per group.
pub fn print_table(title: &str, groups: &BTreeMap<String, Score>) {
    eprintln!(
        "{title}\n{:<24} {:>5} {:>7} {:>7} {:>6} {:>6} {:>6} {:>7}",
        "group", "pages", "action", "F1", "req", "array", "type", "stated"
    );
    for (k, s) in groups {
        eprintln!(
            "{:<24} {:>5} {:>7.3} {:>7.3} {:>6.3} {:>6.3} {:>6.3} {:>7.3}",
            k,
            s.pages,
            ratio(s.action_ok, s.pages),
            s.f1(),
            s.required(),
            s.arrays(),
            s.types(),
            s.stated_recall()
        );
    }
}

#[test]
fn names_are_found_as_words() {
    assert!(names_word("use InstanceIds.N here", "InstanceIds"));
    assert!(names_word("&Tag.1.Key=x", "Tag"));
    assert!(names_word("(KeyId)", "KeyId"));
    assert!(!names_word("KeyIds", "KeyId"));
    assert!(!names_word("MyKeyId", "KeyId"));
}

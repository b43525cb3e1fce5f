//! Extractors: DocBlocks → Spec. Sections and tables are found by their meaning (headings,
//! header words in English and Chinese), never by file name or action name. What differs
//! between clouds (common parameters, where the service name lives, wire defaults) sits in
//! one profile per provider.

pub mod alibaba;
pub mod fields;
pub mod tencent;
pub mod volcengine;

use crate::blocks::{Block, Document, Table};
use crate::constraints;
use crate::defaults::ServiceDefaults;
use crate::diag::Warning;
use crate::spec::{
    Action, ErrorCode, Example, Field, Provider, RateLimit, RegionUse, Spec, Struct,
};
use crate::vocab::{self, Column, Section};
use fields::{Columns, RowField};
use once_cell::sync::Lazy;
use regex::Regex;

/// What differs between providers.
pub trait Profile {
    fn provider(&self) -> Provider;
    /// How strongly the page's text says it belongs to this provider.
    fn score(&self, text: &str) -> u32;
    /// Parameters every action takes, which the runtime fills in (Action, Version, …).
    fn common_params(&self) -> &'static [&'static str];
    /// The service name, from the page's facts.
    fn service(&self, facts: &PageFacts, defaults: &ServiceDefaults) -> Option<String>;
    /// Method when the page's example does not show one.
    fn default_method(&self) -> &'static str;
    /// Whether the page's Region row / RegionId parameter decides region use.
    fn region_use(&self, facts: &PageFacts, request: &[Field]) -> RegionUse;
    /// Arrays of structs come wrapped in an object (`{"Items": {"Item": [..]}}`).
    fn wraps_arrays(&self) -> bool {
        false
    }
    /// The JSON object holding response fields inside an example response.
    fn response_body<'a>(&self, example: &'a serde_json::Value) -> &'a serde_json::Value {
        example
    }
}

static PROFILES: Lazy<Vec<Box<dyn Profile + Send + Sync>>> = Lazy::new(|| {
    vec![
        Box::new(tencent::Tencent),
        Box::new(volcengine::Volcengine),
        Box::new(alibaba::Alibaba),
    ]
});

/// The provider a page belongs to, from its content.
pub fn detect(text: &str) -> Option<&'static (dyn Profile + Send + Sync)> {
    let mut scored: Vec<(u32, &'static (dyn Profile + Send + Sync))> = PROFILES
        .iter()
        .map(|p| (p.score(text), p.as_ref()))
        .collect();
    scored.sort_by_key(|s| std::cmp::Reverse(s.0));
    match scored.as_slice() {
        [(best, p), (second, _), ..] if *best > 0 && best > second => Some(*p),
        _ => None,
    }
}

pub fn profile(provider: Provider) -> &'static (dyn Profile + Send + Sync) {
    let i = Provider::ALL
        .iter()
        .position(|p| *p == provider)
        .unwrap_or(0);
    PROFILES[i].as_ref()
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ExtractError {
    #[error("cannot tell which cloud this page documents (no endpoint host or provider vocabulary found)")]
    UnknownProvider,
    #[error("no action name found (expected an Action row, an `Action=` example or a title)")]
    NoAction,
    #[error(
        "no API version found on the page or in the service defaults for {provider} {service}"
    )]
    NoVersion { provider: Provider, service: String },
    #[error("no service name found (expected an endpoint host such as `cvm.tencentcloudapi.com`)")]
    NoService,
}

/// Facts gathered from the whole page, before provider-specific interpretation.
#[derive(Debug, Default)]
pub struct PageFacts {
    /// Paragraph and heading text, in order.
    pub prose: Vec<(usize, String)>,
    /// Code blocks, in order.
    pub code: Vec<(usize, String)>,
    /// Hosts named in endpoint sentences ("Domain name for API request: x") or examples.
    pub stated_endpoint: Option<String>,
    pub example_hosts: Vec<String>,
    /// Values of `Name: value` headers and `Name=value` query pairs in request examples.
    pub example_pairs: Vec<(String, String)>,
    pub example_method: Option<String>,
    /// The common Region row (Tencent), if the table has one.
    pub region_row: Option<(bool, String, usize)>,
    /// Values the Action / Version rows give.
    pub action_row: Option<String>,
    pub version_row: Option<String>,
    /// URLs of links in the page source.
    pub links: Vec<String>,
}

impl PageFacts {
    pub fn pair(&self, name: &str) -> Option<&str> {
        self.example_pairs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The result of extracting one page.
#[derive(Debug)]
pub struct Extracted {
    pub spec: Spec,
    pub warnings: Vec<Warning>,
}

static URL: Lazy<Regex> =
    Lazy::new(|| Regex::new(r#"https?://[^\s)\]"'<>]+"#).unwrap_or_else(|e| panic!("{e}")));
static HOST: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"\b([a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)*\.(?:tencentcloudapi\.com|volcengineapi\.com|byteplusapi\.com|aliyuncs\.com))\b")
        .unwrap_or_else(|e| panic!("{e}"))
});
static ENDPOINT_SENTENCE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)(?:domain name for api request|request domain|接口请求域名|请求域名)\s*[:：]?\s*([a-z0-9.\-]+\.[a-z]{2,})")
        .unwrap_or_else(|e| panic!("{e}"))
});
static RATE: Lazy<Vec<(Regex, usize, Option<usize>)>> = Lazy::new(|| {
    let r = |p: &str| Regex::new(p).unwrap_or_else(|e| panic!("{e}"));
    vec![
        (
            r(
                r"(?i)maximum of (\d+) requests? (?:can be initiated |are allowed |can be made )?per (second|minute|hour)",
            ),
            1,
            Some(2),
        ),
        (
            r(r"(?i)(\d+) (?:requests|calls|times) per (second|minute|hour)"),
            1,
            Some(2),
        ),
        (
            r(r"(?i)(\d+)\s*(?:requests|calls)/(s|second|min|minute)\b"),
            1,
            Some(2),
        ),
        (
            r(r"请求频率限制[为：:]?\s*(\d+)\s*次/(秒|分钟|小时)"),
            1,
            Some(2),
        ),
        (
            r(r"每(秒|分钟|小时)(?:最多|不超过)?(?:请求|调用)?\s*(\d+)\s*次"),
            2,
            Some(1),
        ),
        (r(r"(\d+)\s*次/(秒|分钟|小时)"), 1, Some(2)),
    ]
});
static DATE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"\b(\d{4}-\d{2}-\d{2})\b").unwrap_or_else(|e| panic!("{e}")));
static ACTION_VALUE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)(?:value used for this api|set the value to|value:|取值[:：]?|本接口取值[:：]?|value is)\s*[:：]?\s*`?([A-Z][A-Za-z0-9]+)")
        .unwrap_or_else(|e| panic!("{e}"))
});

/// Extracts one page into a spec.
pub fn extract(doc: &Document, defaults: &ServiceDefaults) -> Result<Extracted, ExtractError> {
    extract_page(doc, "", defaults)
}

/// Extracts one page, also reading link targets in its source: readers keep link text, but
/// a link's URL can name the provider, the service or the version (`…#product=Vpc&version=…`).
pub fn extract_page(
    doc: &Document,
    source: &str,
    defaults: &ServiceDefaults,
) -> Result<Extracted, ExtractError> {
    let links: Vec<String> = URL
        .find_iter(source)
        .map(|m| m.as_str().to_string())
        .collect();
    let mut all_text = page_text(doc);
    for l in &links {
        all_text.push_str(l);
        all_text.push('\n');
    }
    let profile = detect(&all_text).ok_or(ExtractError::UnknownProvider)?;
    let mut extractor = Extractor::new(doc, profile, defaults);
    extractor.facts.links = links;
    extractor.run()
}

/// Extracts with a known provider (from an override or the user).
pub fn extract_as(
    doc: &Document,
    provider: Provider,
    defaults: &ServiceDefaults,
) -> Result<Extracted, ExtractError> {
    Extractor::new(doc, profile(provider), defaults).run()
}

fn page_text(doc: &Document) -> String {
    let mut out = String::new();
    for b in &doc.blocks {
        match b {
            Block::Heading { text, .. }
            | Block::Paragraph { text, .. }
            | Block::Code { text, .. } => {
                out.push_str(text);
            }
            Block::Table(t) => {
                out.push_str(&t.header.join(" "));
                for r in &t.rows {
                    out.push('\n');
                    out.push_str(&r.cells.join(" "));
                }
            }
        }
        out.push('\n');
    }
    out
}

struct Extractor<'a> {
    doc: &'a Document,
    profile: &'a (dyn Profile + Send + Sync),
    defaults: &'a ServiceDefaults,
    warnings: Vec<Warning>,
    facts: PageFacts,
}

/// A table in its section.
struct Placed<'a> {
    section: Section,
    table: &'a Table,
}

impl<'a> Extractor<'a> {
    fn new(
        doc: &'a Document,
        profile: &'a (dyn Profile + Send + Sync),
        defaults: &'a ServiceDefaults,
    ) -> Self {
        Extractor {
            doc,
            profile,
            defaults,
            warnings: doc.warnings.clone(),
            facts: PageFacts::default(),
        }
    }

    fn warn(&mut self, line: usize, message: impl Into<String>) {
        self.warnings.push(Warning::new(line, message));
    }

    fn run(mut self) -> Result<Extracted, ExtractError> {
        let placed = self.place_tables();
        self.gather_facts();

        let mut request_rows = Vec::new();
        let mut response_rows = Vec::new();
        let mut struct_tables: Vec<(String, Vec<RowField>)> = Vec::new();
        let mut errors = Vec::new();
        let common = self.profile.common_params();

        for p in &placed {
            let kinds: Vec<Option<Column>> =
                p.table.header.iter().map(|h| vocab::column(h)).collect();
            if kinds.contains(&Some(Column::ErrorCode)) {
                let item = p.section == Section::ItemErrors;
                for e in error_rows(p.table, item) {
                    // Pages sometimes list a code twice (one per cause); the first one stays.
                    match errors
                        .iter()
                        .find(|k: &&ErrorCode| k.code == e.code && k.scope == e.scope)
                    {
                        Some(first) => {
                            let msg = format!(
                                "error code {} listed again (first at line {}); kept the first",
                                e.code,
                                first.line.unwrap_or(0)
                            );
                            self.warn(e.line.unwrap_or(0), msg);
                        }
                        None => errors.push(e),
                    }
                }
                continue;
            }
            let cols = Columns::from_header(&p.table.header);
            if cols.name.is_none() {
                self.warn(
                    p.table.line,
                    "skipped a table with no parameter-name column",
                );
                continue;
            }
            let mut rows = Vec::new();
            for row in &p.table.rows {
                let Some(rf) = fields::row_field(row, &cols) else {
                    continue;
                };
                let name = rf.field.name.as_str();
                if name == "Action" {
                    self.facts.action_row = row_value(row, &cols);
                    continue;
                }
                if name == "Version" && common.contains(&"Version") {
                    self.facts.version_row = row_value(row, &cols);
                    continue;
                }
                if name == "Region" && common.contains(&"Region") {
                    self.facts.region_row =
                        Some((rf.field.required, rf.field.description.clone(), row.line));
                    continue;
                }
                if common.contains(&name) {
                    continue;
                }
                if let Some(i) = cols.ty {
                    let cell = row.cell(i).trim();
                    if !cell.is_empty()
                        && !rf.container
                        && rf.field.ty == "string"
                        && !looks_stringy(cell)
                    {
                        self.warn(
                            row.line,
                            format!("type `{cell}` of {name} not understood; read as string"),
                        );
                    }
                }
                rows.push(rf);
            }
            match &p.section {
                Section::Struct(name) => struct_tables.push((name.clone(), rows)),
                Section::Response => response_rows.extend(rows),
                Section::Request => request_rows.extend(rows),
                _ if cols.required.is_some() && request_rows.is_empty() => {
                    request_rows.extend(rows)
                }
                _ if response_rows.is_empty() && !request_rows.is_empty() => {
                    response_rows.extend(rows)
                }
                _ if request_rows.is_empty() => request_rows.extend(rows),
                _ => self.warn(
                    p.table.line,
                    "skipped a parameter table outside the request and response sections",
                ),
            }
        }

        let examples = self.examples();
        let example_json = examples
            .iter()
            .find_map(|e| serde_json::from_str::<serde_json::Value>(&e.response).ok());
        let response_body = example_json.as_ref().map(|v| self.profile.response_body(v));

        let mut structs: Vec<Struct> = Vec::new();
        let wraps = self.profile.wraps_arrays();
        let documented: std::collections::BTreeSet<String> =
            struct_tables.iter().map(|(n, _)| n.clone()).collect();
        let request_rows = fields::unflatten(request_rows);
        let mut request =
            fields::nest(request_rows.clone(), None, wraps, &documented, &mut structs);
        let response = fields::nest(
            response_rows,
            response_body,
            wraps,
            &documented,
            &mut structs,
        );
        for (name, rows) in struct_tables {
            let fields = fields::nest(rows, None, wraps, &documented, &mut structs);
            fields::merge_struct(&mut structs, &name, fields);
        }
        if let Some(body) = response_body {
            fields::fill_from_example(&response, body, &mut structs, "response");
        }
        if let Some(params) = examples.iter().find_map(|e| request_params(&e.request)) {
            fields::fill_from_example(&request, &params, &mut structs, "request");
        }
        self.infer_required(&mut request, &request_rows, &errors);
        for f in request.iter_mut() {
            constraints::mine(f);
        }
        for s in structs.iter_mut() {
            for f in s.fields.iter_mut() {
                constraints::mine(f);
            }
        }
        for s in &structs {
            if s.fields.is_empty() {
                // Point at the field that names the struct.
                let line = request
                    .iter()
                    .chain(&response)
                    .chain(structs.iter().flat_map(|t| &t.fields))
                    .find(|f| f.struct_name() == Some(s.name.as_str()))
                    .and_then(|f| f.line)
                    .unwrap_or(0);
                self.warn(
                    line,
                    format!(
                        "struct {} is documented on another page; its type is generated empty (add its fields in an override)",
                        s.name
                    ),
                );
            }
        }

        let action = self.action(&request)?;
        Ok(Extracted {
            spec: Spec {
                schema: crate::spec::SCHEMA,
                action,
                source: None,
                request,
                response,
                structs,
                errors,
                examples,
            },
            warnings: self.warnings,
        })
    }

    /// Every table with the section it sits in.
    fn place_tables(&mut self) -> Vec<Placed<'a>> {
        let mut section = Section::Other;
        let mut out = Vec::new();
        for b in &self.doc.blocks {
            match b {
                Block::Heading { text, .. } | Block::Paragraph { text, .. } => {
                    if let Some(s) = vocab::section(text) {
                        // Example sub-headings stay inside Examples; a struct heading inside the
                        // response section names the next table.
                        section = s;
                    }
                }
                Block::Table(t) => out.push(Placed {
                    section: section.clone(),
                    table: t,
                }),
                Block::Code { .. } => {}
            }
        }
        out
    }

    fn gather_facts(&mut self) {
        for b in &self.doc.blocks {
            match b {
                Block::Heading { text, line, .. } | Block::Paragraph { text, line } => {
                    self.facts.prose.push((*line, text.clone()));
                    if self.facts.stated_endpoint.is_none() {
                        if let Some(m) = ENDPOINT_SENTENCE.captures(text) {
                            self.facts.stated_endpoint =
                                Some(m[1].trim_end_matches('.').to_ascii_lowercase());
                        }
                    }
                }
                Block::Code { text, line } => {
                    self.facts.code.push((*line, text.clone()));
                    if is_request_example(text) {
                        parse_request_example(text, &mut self.facts);
                    }
                }
                Block::Table(_) => {}
            }
            let text = match b {
                Block::Code { text, .. } => text.as_str(),
                other => other.text(),
            };
            for m in HOST.captures_iter(text) {
                self.facts.example_hosts.push(m[1].to_string());
            }
        }
    }

    fn examples(&self) -> Vec<Example> {
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
                    } else if looks_like_response(text) {
                        attach_response(&mut out, text, &title, *line);
                    }
                }
                Block::Table(_) => {}
            }
        }
        out
    }

    fn infer_required(&mut self, request: &mut [Field], rows: &[RowField], errors: &[ErrorCode]) {
        for f in request.iter_mut() {
            let blank = rows
                .iter()
                .find(|r| r.field.name == f.name)
                .is_some_and(|r| r.required_blank);
            if f.required || !blank {
                continue;
            }
            let hit = errors.iter().find(|e| {
                e.scope.is_none()
                    && (e.code == format!("MissingParameter.{}", f.name)
                        || e.code == format!("MissingParameter.{}s", f.name)
                        || (e.code.starts_with("MissingParameter")
                            && e.message
                                .contains(&format!("parameter {} is not supplied", f.name))))
            });
            if let Some(e) = hit {
                f.required = true;
                f.constraints.evidence.insert(
                    "required".into(),
                    format!("inferred from error {}: {}", e.code, e.message.trim()),
                );
            }
        }
    }

    fn action(&mut self, request: &[Field]) -> Result<Action, ExtractError> {
        let f = &self.facts;
        let name = f
            .action_row
            .clone()
            .or_else(|| f.pair("X-TC-Action").map(str::to_string))
            .or_else(|| f.pair("Action").map(str::to_string))
            .or_else(|| self.title_action())
            .ok_or(ExtractError::NoAction)?;
        let service = self
            .profile
            .service(f, self.defaults)
            .ok_or(ExtractError::NoService)?;
        let provider = self.profile.provider();
        let defaults = self.defaults.get(provider, &service);
        let version = f
            .version_row
            .clone()
            .or_else(|| f.pair("Version").and_then(date_in))
            .or_else(|| f.pair("X-TC-Version").and_then(date_in))
            .or_else(|| self.linked_version())
            .or_else(|| defaults.and_then(|d| d.version.clone()))
            .ok_or_else(|| ExtractError::NoVersion {
                provider,
                service: service.clone(),
            })?;
        let endpoint = f
            .stated_endpoint
            .clone()
            .or_else(|| f.example_hosts.first().cloned())
            .or_else(|| defaults.and_then(|d| d.endpoint.clone()))
            .unwrap_or_default();
        let endpoint = defaults
            .and_then(|d| d.endpoint.clone())
            .filter(|_| provider == Provider::Alibaba)
            .unwrap_or(endpoint);
        let method = f
            .example_method
            .clone()
            .filter(|_| provider != Provider::Tencent)
            .unwrap_or_else(|| self.profile.default_method().to_string());
        let region = self.profile.region_use(f, request);
        if let Some((required, description, line)) = &f.region_row {
            let says_not_required =
                description.contains("not required") || description.contains("不需要");
            if *required && says_not_required {
                self.warn(
                    *line,
                    "Region is \"Yes\" in the table but the text says it is not required",
                );
            }
        }
        let summary = self.summary(&name);
        Ok(Action {
            provider,
            service,
            version,
            name,
            endpoint,
            regional_endpoint: defaults.and_then(|d| d.regional_endpoint.clone()),
            method,
            summary,
            rate_limit: self.rate_limit(),
            region,
        })
    }

    /// A heading or line that is only an action-like identifier ("DeleteKeyPairs",
    /// "Elastic Compute Service:DetachInstanceRamRole").
    fn title_action(&self) -> Option<String> {
        self.facts.prose.iter().find_map(|(_, t)| {
            let t = t.trim().trim_start_matches('#').trim();
            let t = t.split(['{']).next().unwrap_or(t).trim();
            let last = t.rsplit([':', '：', ' ']).next().unwrap_or(t);
            let ok = last.len() >= 6
                && last.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && last.chars().all(|c| c.is_ascii_alphanumeric())
                && last.chars().filter(char::is_ascii_uppercase).count() >= 2
                && (t == last || t.contains(':') || t.contains('：'));
            ok.then(|| last.to_string())
        })
    }

    fn linked_version(&self) -> Option<String> {
        static LINKED: Lazy<Regex> = Lazy::new(|| {
            Regex::new(r"(?i)[?&#]version=(\d{4}-\d{2}-\d{2})").unwrap_or_else(|e| panic!("{e}"))
        });
        let re = &*LINKED;
        self.facts
            .prose
            .iter()
            .chain(self.facts.code.iter())
            .map(|(_, t)| t)
            .chain(self.facts.links.iter())
            .find_map(|t| re.captures(t).map(|m| m[1].to_string()))
    }

    /// The sentence that says what the action does: among the paragraphs before the first
    /// table, the one that best reads as an API description (names the action, or says "This
    /// API is used to" / "用于" / "调用…接口"); page notices and chrome score lowest.
    fn summary(&self, action: &str) -> String {
        let first_table = self
            .doc
            .blocks
            .iter()
            .find(|b| matches!(b, Block::Table(_)))
            .map(Block::line)
            .unwrap_or(usize::MAX);
        let skip = [
            "domain name",
            "域名",
            "requests can be",
            "request parameter list",
            "last updated",
            "javascript",
            "最近更新",
            "首次发布",
            "openapi explorer",
            "api explorer",
            "frequency",
            "频率",
            "document center",
            "all products",
            "authorization information",
        ];
        let cues = [
            "this api",
            "this operation",
            "this interface",
            "is used to",
            "you can call",
            "用于",
            "调用",
            "本接口",
            "该接口",
        ];
        let mut best: Option<(usize, &str)> = None;
        let candidates = self
            .doc
            .blocks
            .iter()
            .take_while(|b| b.line() < first_table)
            .filter_map(|b| match b {
                Block::Paragraph { text, .. } => Some(text.trim()),
                _ => None,
            })
            .filter(|t| {
                let lower = t.to_lowercase();
                (t.ends_with('.') || t.ends_with('。'))
                    && t.chars().count() >= 12
                    && !skip.iter().any(|s| lower.contains(s))
                    && RATE.iter().all(|(r, _, _)| !r.is_match(t))
            });
        for t in candidates {
            let lower = t.to_lowercase();
            let score = 1
                + usize::from(!action.is_empty() && t.contains(action)) * 2
                + usize::from(cues.iter().any(|c| lower.contains(c))) * 2;
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, t));
            }
        }
        best.map(|(_, t)| t.to_string()).unwrap_or_default()
    }

    fn rate_limit(&self) -> Option<RateLimit> {
        for (_, text) in &self.facts.prose {
            for (re, n, unit) in RATE.iter() {
                if let Some(m) = re.captures(text) {
                    let requests: u32 = m.get(*n)?.as_str().parse().ok()?;
                    let unit = unit
                        .and_then(|u| m.get(u))
                        .map(|u| u.as_str())
                        .unwrap_or("second");
                    let per = match unit.to_lowercase().as_str() {
                        "minute" | "min" | "分钟" => crate::spec::Per::Minute,
                        "hour" | "小时" => crate::spec::Per::Hour,
                        _ => crate::spec::Per::Second,
                    };
                    if requests == 0 {
                        continue;
                    }
                    return Some(RateLimit {
                        requests,
                        per,
                        evidence: Some(text.trim().to_string()),
                    });
                }
            }
        }
        None
    }
}

fn looks_stringy(cell: &str) -> bool {
    let l = cell.to_ascii_lowercase();
    [
        "string",
        "str",
        "timestamp",
        "date",
        "datetime",
        "array of string",
        "list",
        "repeatlist",
        "array",
    ]
    .iter()
    .any(|w| l == *w || l.starts_with("array of string") || l.ends_with("string[]"))
}

/// The value an Action / Version row states: its example cell, or "value used for this API: X".
fn row_value(row: &crate::blocks::Row, cols: &Columns) -> Option<String> {
    let example = cols
        .example
        .map(|i| row.cell(i).trim())
        .filter(|e| !e.is_empty());
    if let Some(e) = example {
        if let Some(d) = date_in(e) {
            return Some(d);
        }
        if e.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Some(e.to_string());
        }
    }
    let desc = cols.description.map(|i| row.cell(i)).unwrap_or("");
    if let Some(d) = date_in(desc) {
        return Some(d);
    }
    ACTION_VALUE.captures(desc).map(|m| m[1].to_string())
}

fn date_in(s: &str) -> Option<String> {
    DATE.captures(s).map(|m| m[1].to_string())
}

fn error_rows(table: &Table, item: bool) -> Vec<ErrorCode> {
    let mut code = None;
    let mut status = None;
    let mut message = None;
    let mut description = None;
    for (i, h) in table.header.iter().enumerate() {
        match vocab::column(h) {
            Some(Column::ErrorCode) => code = code.or(Some(i)),
            Some(Column::HttpStatus) => status = status.or(Some(i)),
            Some(Column::ErrorMessage) => message = message.or(Some(i)),
            Some(Column::Description) => description = description.or(Some(i)),
            _ => {}
        }
    }
    let Some(code) = code else {
        return Vec::new();
    };
    table
        .rows
        .iter()
        .filter_map(|r| {
            let c = r.cell(code).trim().trim_matches('`').trim();
            if c.is_empty() || !c.chars().next().is_some_and(|ch| ch.is_ascii_alphabetic()) {
                return None;
            }
            Some(ErrorCode {
                code: c.to_string(),
                http_status: status.and_then(|i| r.cell(i).trim().parse().ok()),
                message: message
                    .map(|i| r.cell(i).trim().to_string())
                    .unwrap_or_default(),
                description: description
                    .map(|i| r.cell(i).trim().to_string())
                    .unwrap_or_default(),
                scope: item.then(|| "item".to_string()),
                line: Some(r.line),
            })
        })
        .collect()
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

fn is_request_example(text: &str) -> bool {
    let first = text.lines().next().unwrap_or("").trim();
    ["GET ", "POST ", "PUT ", "DELETE "]
        .iter()
        .any(|m| first.starts_with(m))
        || ((first.starts_with("https://") || first.starts_with("http://"))
            && first.contains("Action="))
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

/// The parameters a request example sends: its JSON body, or its query as nested JSON.
fn request_params(example: &str) -> Option<serde_json::Value> {
    if example.trim().is_empty() {
        return None;
    }
    if let Some(start) = example.find("\n{") {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(example[start..].trim()) {
            return Some(v);
        }
    }
    let mut facts = PageFacts::default();
    parse_request_example(example, &mut facts);
    let query: Vec<(String, String)> = facts
        .example_pairs
        .into_iter()
        .filter(|(k, _)| k.contains('.'))
        .collect();
    (!query.is_empty()).then(|| fields::pairs_to_json(&query))
}

/// Pulls method, host, `Name: value` headers and `Name=value` query pairs from an example.
fn parse_request_example(text: &str, facts: &mut PageFacts) {
    let mut lines = text.lines();
    let Some(first) = lines.next() else { return };
    let first = first.trim();
    let mut url = first;
    for m in ["GET ", "POST ", "PUT ", "DELETE "] {
        if let Some(rest) = first.strip_prefix(m) {
            facts
                .example_method
                .get_or_insert_with(|| m.trim().to_string());
            url = rest.split_whitespace().next().unwrap_or("");
        }
    }
    if first.starts_with("http") {
        facts
            .example_method
            .get_or_insert_with(|| "GET".to_string());
    }
    let mut query = String::new();
    if let Some((_, q)) = url.split_once('?') {
        query.push_str(q);
    }
    for line in lines {
        let line = line.trim();
        if let Some(q) = line.strip_prefix('&') {
            query.push('&');
            query.push_str(q);
        } else if let Some((k, v)) = line.split_once(':') {
            if !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                facts
                    .example_pairs
                    .push((k.trim().to_string(), v.trim().to_string()));
            }
        }
    }
    for pair in query.split('&') {
        if let Some((k, v)) = pair.split_once('=') {
            facts.example_pairs.push((k.to_string(), v.to_string()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_providers_by_content() {
        assert_eq!(
            detect("Domain name for API request: cvm.tencentcloudapi.com.").map(|p| p.provider()),
            Some(Provider::Tencent)
        );
        assert_eq!(
            detect("Host: open.volcengineapi.com").map(|p| p.provider()),
            Some(Provider::Volcengine)
        );
        assert_eq!(
            detect("https://ecs.aliyuncs.com/?Action=X").map(|p| p.provider()),
            Some(Provider::Alibaba)
        );
        assert!(detect("hello world").is_none());
    }
}

//! Extractors: DocBlocks → Spec. Sections and tables are found by their meaning (headings,
//! header words in English and Chinese), never by file name or action name. What differs
//! between clouds (common parameters, where the service name lives, wire defaults) sits in
//! one profile per provider.

mod action;
pub mod alibaba;
mod errors;
mod examples;
pub mod fields;
pub mod identity;
pub mod tencent;
pub mod volcengine;

use crate::blocks::{Block, Document, Row, Table};
use crate::constraints;
use crate::defaults::ServiceDefaults;
use crate::diag::Warning;
use crate::spec::{
    ErrorCode, ErrorScope, Example, Field, HttpMethod, Provider, RegionUse, Spec, Struct,
    TypePhrase,
};
use crate::vocab::{self, Column, Section};
use action::row_value;
use errors::error_rows;
use examples::{is_request_example, parse_request_example, request_params};
use fields::{Columns, RowField};
pub use identity::{Hinted, Hints};
use regex::Regex;
use std::sync::LazyLock;

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
    fn default_method(&self) -> HttpMethod;
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

static PROFILES: LazyLock<Vec<Box<dyn Profile + Send + Sync>>> = LazyLock::new(|| {
    vec![
        Box::new(tencent::Tencent),
        Box::new(volcengine::Volcengine),
        Box::new(alibaba::Alibaba),
    ]
});

/// The provider a page belongs to, from its content.
pub fn detect(text: &str) -> Option<&'static (dyn Profile + Send + Sync)> {
    detect_scored(text).map(|(p, _)| p)
}

/// A score at least this high is a host or a signature header, not just wording: it wins over
/// what the user says about the page.
const STRONG_EVIDENCE: u32 = 3;

/// The provider a page belongs to, with the strength of the evidence.
fn detect_scored(text: &str) -> Option<(&'static (dyn Profile + Send + Sync), u32)> {
    let mut scored: Vec<(u32, &'static (dyn Profile + Send + Sync))> = PROFILES
        .iter()
        .map(|p| (p.score(text), p.as_ref()))
        .collect();
    scored.sort_by_key(|s| std::cmp::Reverse(s.0));
    match scored.as_slice() {
        [(best, p), (second, _), ..] if *best > 0 && best > second => Some((*p, *best)),
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
    #[error("cannot tell which cloud this page documents (no endpoint host or provider vocabulary found); pass --provider, or keep the page under a folder <provider>/<service>/")]
    UnknownProvider,
    #[error("no action name found (expected an Action row, an `Action=` example or a title)")]
    NoAction,
    #[error(
        "no API version found on the page or in the service defaults for {provider} {service}; pass --version, or add [{provider}.{service}] version = \"…\" to service-defaults.toml"
    )]
    NoVersion { provider: Provider, service: String },
    #[error("no service name found (expected an endpoint host such as `cvm.tencentcloudapi.com`); pass --service, or keep the page under a folder <provider>/<service>/")]
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
    /// Hosts of request examples (`https://ram.aliyuncs.com/?Action=…`, `Host:` headers).
    pub request_hosts: Vec<String>,
    /// Every provider host the page mentions anywhere (a policy document may name another
    /// service's host, so these count least).
    pub example_hosts: Vec<String>,
    /// Values of `Name: value` headers and `Name=value` query pairs in request examples.
    pub example_pairs: Vec<(String, String)>,
    pub example_method: Option<HttpMethod>,
    /// The common Region row (Tencent), if the table has one.
    pub region_row: Option<(bool, String, usize)>,
    /// Values the Action / Version rows give.
    pub action_row: Option<String>,
    pub version_row: Option<String>,
    /// URLs of links in the page source.
    pub links: Vec<String>,
    /// The line of the page's first table: prose before it is the title, breadcrumbs and
    /// description, where a product name says which service the page documents.
    pub first_table: usize,
}

impl PageFacts {
    /// Provider hosts, the most telling first: an endpoint sentence, request examples, the rest.
    pub fn hosts(&self) -> impl Iterator<Item = &String> {
        self.stated_endpoint
            .iter()
            .chain(self.request_hosts.iter())
            .chain(self.example_hosts.iter())
    }

    /// Headings and paragraphs before the first table.
    pub fn lead(&self) -> impl Iterator<Item = &str> {
        self.prose
            .iter()
            .take_while(|(line, _)| *line < self.first_table)
            .map(|(_, t)| t.as_str())
    }

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

static URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"https?://[^\s)\]"'<>]+"#).unwrap_or_else(|e| panic!("{e}")));
static HOST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b([a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)*\.(?:tencentcloudapi\.com|volcengineapi\.com|byteplusapi\.com|aliyuncs\.com))\b")
        .unwrap_or_else(|e| panic!("{e}"))
});
static ENDPOINT_SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:domain name for api request|request domain|接口请求域名|请求域名)\s*[:：]?\s*([a-z0-9.\-]+\.[a-z]{2,})")
        .unwrap_or_else(|e| panic!("{e}"))
});

/// Extracts one page into a spec.
pub fn extract(doc: &Document, defaults: &ServiceDefaults) -> Result<Extracted, ExtractError> {
    extract_page(doc, "", defaults, &Hints::default())
}

/// Extracts one page, also reading link targets in its source: readers keep link text, but
/// a link's URL can name the provider, the service or the version (`…#product=Vpc&version=…`).
/// `hints` fill in what the page does not state (see [`identity`]).
pub fn extract_page(
    doc: &Document,
    source: &str,
    defaults: &ServiceDefaults,
    hints: &Hints,
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
    let mut notes = Vec::new();
    let profile = match (detect_scored(&all_text), &hints.provider) {
        // A host or signature header on the page outweighs the user's word; wording alone
        // ("API Explorer") does not.
        (Some((p, strength)), Some(h)) if p.provider() != h.value => {
            let page_wins = strength >= STRONG_EVIDENCE;
            notes.push(Warning::new(
                1,
                format!(
                    "the page reads as {} but {} says {}; {} wins",
                    p.provider(),
                    h.from,
                    h.value,
                    if page_wins { "the page" } else { &h.from }
                ),
            ));
            if page_wins {
                p
            } else {
                profile(h.value)
            }
        }
        (Some((p, _)), _) => p,
        (None, Some(h)) => {
            notes.push(Warning::note(
                1,
                format!("provider {} from {}", h.value, h.from),
            ));
            profile(h.value)
        }
        (None, None) => return Err(ExtractError::UnknownProvider),
    };
    let mut extractor = Extractor::new(doc, profile, defaults, hints);
    extractor.warnings.extend(notes);
    extractor.facts.links = links;
    extractor.run()
}

/// Extracts with a known provider (from an override or the user).
pub fn extract_as(
    doc: &Document,
    provider: Provider,
    defaults: &ServiceDefaults,
) -> Result<Extracted, ExtractError> {
    Extractor::new(doc, profile(provider), defaults, &Hints::default()).run()
}

/// A line of text shaped like a parameter row: a pipe row, or a parameter name followed by
/// a type word (`InstanceIds.N  Array of String  …`).
fn looks_like_row(text: &str) -> bool {
    let t = text.trim();
    if t.starts_with('|') && t.matches('|').count() >= 3 {
        return true;
    }
    let mut words = t.split_whitespace();
    let Some(name) = words
        .next()
        .map(|w| w.trim_end_matches([',', ';', ':', '：', '，']))
    else {
        return false;
    };
    let name_like = name.len() >= 2
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_'))
        && name
            .chars()
            .any(|c| c.is_ascii_uppercase() || c == '.' || c == '_');
    // The type comes within the next few words (a Yes/No cell or a few words of a broken
    // name cell may stand before it).
    let rest: Vec<&str> = words.take(8).collect();
    name_like
        && (0..rest.len()).any(|start| {
            (1..=3).any(|n| {
                rest.get(start..start + n)
                    .is_some_and(|w| vocab::is_type_phrase(&w.join(" ")))
            })
        })
}

/// A heading or line naming one of the `referenced` structs ("Server", "**NodeInfoObject**",
/// "Tag 参数说明"): the title of that struct's table.
fn struct_title(text: &str, referenced: &std::collections::BTreeSet<String>) -> Option<String> {
    let t = text
        .trim()
        .trim_start_matches('#')
        .trim()
        .trim_matches(['*', '`', ':', '：'])
        .trim();
    let core = [
        "参数说明",
        "说明",
        "对象",
        "参数",
        " object",
        " Object",
        " parameters",
    ]
    .iter()
    .find_map(|s| t.strip_suffix(s))
    .unwrap_or(t)
    .trim();
    referenced.get(core).cloned()
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
    hints: &'a Hints,
    warnings: Vec<Warning>,
    facts: PageFacts,
}

/// Parameter and error rows by where the page puts them.
#[derive(Default)]
struct TableRows {
    request: Vec<RowField>,
    response: Vec<RowField>,
    /// Struct tables by the struct's name, in page order.
    structs: Vec<(String, Vec<RowField>)>,
    errors: Vec<ErrorCode>,
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
        hints: &'a Hints,
    ) -> Self {
        Extractor {
            doc,
            profile,
            defaults,
            hints,
            warnings: doc.warnings.clone(),
            facts: PageFacts::default(),
        }
    }

    fn warn(&mut self, line: usize, message: impl Into<String>) {
        self.warnings.push(Warning::new(line, message));
    }

    fn run(mut self) -> Result<Extracted, ExtractError> {
        let placed = self.place_tables();
        self.warn_unread_rows();
        self.gather_facts();
        let mut tables = self.read_tables(&placed);
        let errors = std::mem::take(&mut tables.errors);
        let examples = self.examples();
        let (request, response, structs) = self.fields(tables, &errors, &examples);
        self.warn_empty_structs(&request, &response, &structs);
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

    /// The rows of every placed table, sorted into request, response, struct and error tables.
    fn read_tables(&mut self, placed: &[Placed<'_>]) -> TableRows {
        let mut t = TableRows::default();
        for p in placed {
            let kinds: Vec<Option<Column>> =
                p.table.header.iter().map(|h| vocab::column(h)).collect();
            if kinds.contains(&Some(Column::ErrorCode)) {
                self.error_table(p, &mut t.errors);
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
            let rows = self.param_rows(p.table, &cols);
            match &p.section {
                Section::Struct(name) => t.structs.push((name.clone(), rows)),
                Section::Response => t.response.extend(rows),
                Section::Request => t.request.extend(rows),
                _ if cols.required.is_some() && t.request.is_empty() => t.request.extend(rows),
                _ if t.response.is_empty() && !t.request.is_empty() => t.response.extend(rows),
                _ if t.request.is_empty() => t.request.extend(rows),
                _ => self.warn(
                    p.table.line,
                    "skipped a parameter table outside the request and response sections",
                ),
            }
        }
        t
    }

    /// An error table's codes; pages sometimes list a code twice (one per cause): the first
    /// one stays, the others are warned about.
    fn error_table(&mut self, p: &Placed<'_>, errors: &mut Vec<ErrorCode>) {
        let scope = (p.section == Section::ItemErrors).then_some(ErrorScope::Item);
        for e in error_rows(p.table, scope) {
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
    }

    /// A parameter table's rows, without the common parameters; the Action, Version and
    /// Region rows are kept as facts about the page.
    fn param_rows(&mut self, table: &Table, cols: &Columns) -> Vec<RowField> {
        let common = self.profile.common_params();
        let mut rows: Vec<RowField> = Vec::new();
        // Required cells that say neither yes nor no: (line, parameter, cell), said once.
        let mut unread_required: Vec<(usize, String, String)> = Vec::new();
        for row in &table.rows {
            if let Some(item) = fields::nameless_item(row, cols) {
                self.item_row(row, &item, rows.last_mut());
                continue;
            }
            let Some(rf) = fields::row_field(row, cols) else {
                continue;
            };
            let name = rf.field.name.as_str();
            if name == "Action" {
                self.facts.action_row = row_value(row, cols);
                continue;
            }
            if name == "Version" && common.contains(&"Version") {
                self.facts.version_row = row_value(row, cols);
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
            if let Some(i) = cols.required {
                let cell = row.cell(i).trim();
                if !cell.is_empty() && vocab::yes_no(cell).is_none() {
                    unread_required.push((row.line, name.to_string(), cell.to_string()));
                }
            }
            if let Some(i) = cols.ty {
                let cell = row.cell(i).trim();
                if !cell.is_empty() && !TypePhrase::readable(cell, name) {
                    // `N/A`, `-`: the page gives no type rather than one the reader lacks.
                    let none = [
                        "N/A", "n/a", "NA", "-", "--", "—", "/", "无", "None", "none",
                    ];
                    let message = if none.contains(&cell) {
                        format!("the type of {name} is given as `{cell}`: taken from an example that shows one, else read as string")
                    } else {
                        format!("type `{cell}` of {name} not understood; read as string")
                    };
                    self.warn(row.line, message);
                }
            }
            rows.push(rf);
        }
        if let Some((line, name, cell)) = unread_required.first() {
            let others = match unread_required.len() - 1 {
                0 => String::new(),
                n => format!(" (and {n} more rows of this table)"),
            };
            self.warn(
                *line,
                format!("the Required cell of {name} says `{cell}`, neither yes nor no{others}; read as optional"),
            );
        }
        rows
    }

    /// A list's item row whose empty name cell the copy dropped: its type is the item type of
    /// the list above it. Items that are objects have members the copy no longer sets apart
    /// from the rows after them, which is said.
    fn item_row(&mut self, row: &Row, item: &TypePhrase, list: Option<&mut RowField>) {
        let Some(list) = list.filter(|l| l.field.array) else {
            // A response's root `object`, or an item row with no list above: nothing to add.
            return;
        };
        if item.container {
            let read_as = if list.container && list.generic {
                "the rows below are read as their members as far as the request example shows them, and to the table's end where it shows none"
            } else {
                "the rows below it are read as parameters of their own"
            };
            self.warn(
                row.line,
                format!(
                    "the items of {} are objects, and this copy of the page lost the indentation that shows which rows are their members: {read_as}",
                    list.field.name
                ),
            );
        } else if !list.container && item.ty != list.field.ty {
            list.field.ty = item.ty.clone();
        }
    }

    /// Request, response and struct fields: rows nested into structs, completed from the
    /// examples (every example shows some members: together they show the most), required
    /// inferred where the table does not say, constraints mined from the text.
    fn fields(
        &mut self,
        tables: TableRows,
        errors: &[ErrorCode],
        examples: &[Example],
    ) -> (Vec<Field>, Vec<Field>, Vec<Struct>) {
        let merged_response = examples
            .iter()
            .filter_map(|e| serde_json::from_str::<serde_json::Value>(&e.response).ok())
            .map(|v| self.profile.response_body(&v).clone())
            .reduce(fields::merge_json);
        let response_body = merged_response.as_ref();

        let mut structs: Vec<Struct> = Vec::new();
        let wraps = self.profile.wraps_arrays();
        let documented: std::collections::BTreeSet<String> =
            tables.structs.iter().map(|(n, _)| n.clone()).collect();
        // The request examples show which rows are members of which container, where a copy
        // of the page lost the indentation that said so (the response examples do the same
        // for response rows below).
        let request_example = examples
            .iter()
            .filter_map(|e| examples::all_request_params(&e.request))
            .map(|(params, _)| params)
            .reduce(fields::merge_json);
        let request_rows = fields::unflatten(tables.request);
        let mut request = fields::nest(
            request_rows.clone(),
            request_example.as_ref(),
            wraps,
            &documented,
            &mut structs,
        );
        let mut response = fields::nest(
            fields::unflatten(tables.response),
            response_body,
            wraps,
            &documented,
            &mut structs,
        );
        for (name, rows) in tables.structs {
            let fields = fields::nest(rows, None, wraps, &documented, &mut structs);
            fields::merge_struct(&mut structs, &name, fields);
        }
        if let Some(body) = response_body {
            let added = fields::fill_from_example(&response, body, &mut structs, "response");
            self.warn_example_members(examples, added, "response");
        }
        let params = examples
            .iter()
            .filter_map(|e| request_params(&e.request))
            .reduce(fields::merge_json);
        if let Some(params) = &params {
            let added = fields::fill_from_example(&request, params, &mut structs, "request");
            self.warn_example_members(examples, added, "request");
        }
        self.add_example_members(examples, &mut request, &mut response, &mut structs);
        self.infer_required(&mut request, &request_rows, errors);
        for f in request.iter_mut() {
            constraints::mine(f);
        }
        if let Some(all) = &request_example {
            for (name, line, what) in fields::reconcile_with_example(&mut request, all) {
                self.warn(line, format!("{name}: {what}"));
            }
        }
        for s in structs.iter_mut() {
            for f in s.fields.iter_mut() {
                constraints::mine(f);
            }
        }
        (request, response, structs)
    }

    /// A struct with no fields is documented on another page: say so at the field naming it.
    fn warn_empty_structs(&mut self, request: &[Field], response: &[Field], structs: &[Struct]) {
        for s in structs {
            if s.fields.is_empty() {
                let line = request
                    .iter()
                    .chain(response)
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
    }

    /// Every table with the section it sits in.
    fn place_tables(&mut self) -> Vec<Placed<'a>> {
        let mut section = Section::Other;
        let mut out = Vec::new();
        // Structs the tables so far name in their type cells (`Array of Server`): a heading or
        // line that is just one of those names opens that struct's own table.
        let mut referenced = std::collections::BTreeSet::new();
        for b in &self.doc.blocks {
            match b {
                Block::Heading { text, .. } | Block::Paragraph { text, .. } => {
                    if let Some(s) = vocab::section(text) {
                        // Example sub-headings stay inside Examples; a struct heading inside the
                        // response section names the next table.
                        section = s;
                    } else if let Some(name) = struct_title(text, &referenced) {
                        section = Section::Struct(name);
                    }
                }
                Block::Table(t) => {
                    let cols = Columns::from_header(&t.header);
                    if let (Some(n), Some(ty)) = (cols.name, cols.ty) {
                        for row in &t.rows {
                            let (name, _) = fields::wire_name(row.cell(n));
                            if let Some(s) = TypePhrase::read(row.cell(ty), &name)
                                .ty
                                .struct_name()
                                .filter(|s| *s != name)
                            {
                                referenced.insert(s.to_string());
                            }
                        }
                    }
                    out.push(Placed {
                        section: section.clone(),
                        table: t,
                    })
                }
                Block::Code { .. } => {}
            }
        }
        out
    }

    /// Lines in a parameter section that look like table rows but reached the extractor as
    /// text: a table the reader ended early, or a row it could not split. Each is named, so a
    /// documented parameter is never dropped silently.
    fn warn_unread_rows(&mut self) {
        let mut section = Section::Other;
        let mut found = Vec::new();
        for b in &self.doc.blocks {
            match b {
                Block::Heading { text, .. } => {
                    if let Some(s) = vocab::section(text) {
                        section = s;
                    }
                }
                Block::Paragraph { text, line } => {
                    let params = matches!(
                        section,
                        Section::Request | Section::Response | Section::Struct(_)
                    );
                    if params && looks_like_row(text) {
                        found.push(*line);
                    } else if let Some(s) = vocab::section(text) {
                        section = s;
                    }
                }
                _ => {}
            }
        }
        for line in found {
            self.warn(
                line,
                "this line looks like a parameter row but is outside any table the reader could split; it was not captured",
            );
        }
    }

    fn gather_facts(&mut self) {
        self.facts.first_table = self
            .doc
            .blocks
            .iter()
            .find(|b| matches!(b, Block::Table(_)))
            .map_or(usize::MAX, Block::line);
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
                        for m in HOST.captures_iter(text) {
                            self.facts.request_hosts.push(m[1].to_string());
                        }
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

    fn warn_example_members(
        &mut self,
        examples: &[crate::spec::Example],
        added: Vec<(String, String)>,
        side: &str,
    ) {
        let line = examples.first().and_then(|e| e.line).unwrap_or(0);
        for (s, m) in added {
            self.warn(
                line,
                format!("{m} of {s} is in the example {side} but not in the page's table of {s}; added, typed from the example"),
            );
        }
    }

    /// Parameters and response members only the page's examples show (see
    /// [`fields::add_example_members`]), each with a warning at the example.
    fn add_example_members(
        &mut self,
        examples: &[crate::spec::Example],
        request: &mut Vec<Field>,
        response: &mut Vec<Field>,
        structs: &mut Vec<Struct>,
    ) {
        // Signature and envelope fields the runtime sends or reads itself.
        const RUNTIME: &[&str] = &[
            "RequestId",
            "Signature",
            "SignatureMethod",
            "SignatureNonce",
            "SignatureVersion",
            "Timestamp",
            "Nonce",
            "AccessKeyId",
            "Format",
            "Region",
            "RegionId",
            "Language",
            "Token",
            "SecurityToken",
            "X-Amz-Date",
            "ResponseMetadata",
            "Error",
        ];
        let common = self.profile.common_params();
        let skip: Vec<&str> = RUNTIME.iter().chain(common.iter()).copied().collect();
        for e in examples {
            if let Some((params, query)) = examples::all_request_params(&e.request) {
                let added =
                    fields::add_example_members(request, &params, structs, &skip, query, "request");
                for name in added {
                    self.warn(
                        e.line.unwrap_or(0),
                        format!("{name} is in the example request but in no parameter table; added as an optional parameter typed from the example"),
                    );
                }
            }
            let body = serde_json::from_str::<serde_json::Value>(&e.response).ok();
            if let Some(body) = body.as_ref().map(|b| self.profile.response_body(b)) {
                let added =
                    fields::add_example_members(response, body, structs, &skip, false, "response");
                for name in added {
                    self.warn(
                        e.line.unwrap_or(0),
                        format!("{name} is in the example response but in no response table; added as a response field typed from the example"),
                    );
                }
            }
        }
    }

    fn infer_required(&mut self, request: &mut [Field], rows: &[RowField], errors: &[ErrorCode]) {
        // Blank Required cells (or tables without the column) that nothing else on the page
        // decides: read as optional, said once each.
        let mut unstated: Vec<(usize, &str)> = Vec::new();
        let mut no_column: Vec<(usize, &str)> = Vec::new();
        for f in request.iter_mut() {
            let row = rows.iter().find(|r| r.field.name == f.name);
            if f.required || !row.is_some_and(|r| r.required_blank) {
                continue;
            }
            let implied = row.is_some_and(|r| r.implied);
            let column = row.is_some_and(|r| r.required_column);
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
            } else if let Some(sentence) = required_in_prose(&self.facts.prose, &f.name) {
                f.required = true;
                f.constraints.evidence.insert(
                    "required".into(),
                    format!("inferred from the page's text: {sentence}"),
                );
            } else if !implied && column {
                unstated.push((f.line.unwrap_or(0), &f.name));
            } else if !implied {
                no_column.push((f.line.unwrap_or(0), &f.name));
            }
        }
        for (found, said) in [
            (unstated, "the Required cell is empty for {} (icons lost when the page was copied?); read as optional: neither the error table nor the text says otherwise"),
            (no_column, "no Required column or mark says whether {} are required, nor does the error table or the text; read as optional"),
        ] {
            if let Some(&(line, _)) = found.first() {
                let message = said.replace("{}", &listed(found.iter().map(|(_, n)| *n)));
                self.warn(line, message);
            }
        }
    }
}

/// Up to eight names joined with commas, and how many more there are.
fn listed<'n>(names: impl ExactSizeIterator<Item = &'n str>) -> String {
    const SHOWN: usize = 8;
    let total = names.len();
    let mut out: Vec<&str> = names.take(SHOWN).collect();
    let more = format!("and {} more", total.saturating_sub(SHOWN));
    if total > SHOWN {
        out.push(&more);
    }
    out.join(", ")
}

/// A sentence of the page's prose (not a table cell) that says, without condition, that the
/// parameter must be given: "调用本接口时，ZoneId、ImageId、InstanceName三项必须传入",
/// "SecurityGroupId is required". Conditional sentences ("if…", "若…", "仅当…") do not count.
fn required_in_prose(prose: &[(usize, String)], name: &str) -> Option<String> {
    const MUST: &[&str] = &[
        "必须",
        "必填",
        "必选",
        "须传入",
        "is required",
        "are required",
        "must be specified",
        "must specify",
        "must be provided",
    ];
    const CONDITION: &[&str] = &[
        "若", "如果", "仅当", "当", "除非", "if ", "If ", "when ", "When ", "only ", "unless",
        "Unless",
    ];
    let named = |s: &str| {
        let word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.';
        s.match_indices(name).any(|(i, _)| {
            let before = s[..i].chars().next_back();
            let after = s[i + name.len()..].chars().next();
            !before.is_some_and(word) && !after.is_some_and(word)
        })
    };
    prose
        .iter()
        .flat_map(|(_, p)| p.split(['。', '；', ';', '\n']).flat_map(|s| s.split(". ")))
        .map(str::trim)
        .find(|s| {
            s.chars().count() <= 200
                && named(s)
                && MUST.iter().any(|m| s.contains(m))
                && !CONDITION.iter().any(|c| s.contains(c))
        })
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_from_prose_only_without_condition() {
        let prose = vec![
            (
                1,
                "调用本接口时，ZoneId、ImageId、InstanceName三项必须传入，其余参数均可按需选择。"
                    .to_string(),
            ),
            (2, "If Period is set, PeriodUnit is required.".to_string()),
            (3, "The VpcId parameter is required.".to_string()),
        ];
        assert!(required_in_prose(&prose, "ImageId").is_some());
        assert!(required_in_prose(&prose, "VpcId").is_some());
        assert!(required_in_prose(&prose, "PeriodUnit").is_none());
        assert!(required_in_prose(&prose, "Image").is_none());
    }

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

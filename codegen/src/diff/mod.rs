//! `docsdk diff`: what changed between two sets of specs, and whether it breaks code written
//! against the generated crate.
//!
//! Actions are matched by provider, service, version and name; an action whose version changed
//! (one version on each side) is matched by provider, service and name and reported as a version
//! change. Within an action, fields match by wire name, structs by name, errors by code.
//!
//! Classification is for users of the generated crate:
//! - request parameters and the structs they reach are *inputs*: removing one, adding a required
//!   one, making one required, changing its type or array-ness, or tightening a limit breaks calls
//!   that compiled (or passed validation) before;
//! - response fields and the structs they reach are *outputs*: removing one or changing its type
//!   breaks code that reads it, adding one does not, and documented limits on outputs are
//!   informational;
//! - error codes come and go without breaking anything (the error enum keeps an `Unknown`
//!   fallback); rate limits are reported but compatible; descriptions, summaries, examples and
//!   source lines are ignored.

mod render;
mod source;

pub use render::{render_compact, render_json, render_table, summary};
pub use source::{load_side, Side};

use crate::defaults::{DefaultsError, ServiceDefaults};
use crate::load::LoadError;
use crate::scrape::ScrapeError;
use crate::spec::{Constraints, ErrorCode, Field, Spec, SpecError, Struct};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    #[error("{0}: no such file or folder (and not a git revision written REV:path)")]
    NotFound(String),
    #[error("{0}: no specs (.toml) or doc pages (.txt, .md, .html) found")]
    Empty(String),
    #[error("{path}: cannot read: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Scrape(#[from] ScrapeError),
    #[error(transparent)]
    Defaults(#[from] DefaultsError),
    #[error("git is needed to read {0} but could not be run: {1}")]
    GitMissing(String, std::io::Error),
    #[error("{spec}: {message}")]
    Git { spec: String, message: String },
}

/// Whether a change breaks code written against the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Compatible,
    Breaking,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Compatible => "compatible",
            Severity::Breaking => "breaking",
        }
    }
}

/// The part of an action a change is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    Action,
    Param { name: String },
    Response { name: String },
    Struct { name: String },
    StructField { r#struct: String, name: String },
    Error { code: String },
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Action => f.write_str("action"),
            Target::Param { name } => write!(f, "param {name}"),
            Target::Response { name } => write!(f, "response {name}"),
            Target::Struct { name } => write!(f, "struct {name}"),
            Target::StructField { r#struct, name } => write!(f, "struct {struct}.{name}"),
            Target::Error { code } => write!(f, "error {code}"),
        }
    }
}

/// What about the target changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Added,
    Removed,
    Type,
    Array,
    Required,
    MaxItems,
    MinItems,
    MaxLength,
    MinLength,
    Minimum,
    Maximum,
    Enum,
    Default,
    Pattern,
    AsciiOnly,
    Encoding,
    Wrapper,
    Version,
    Endpoint,
    RegionalEndpoint,
    Method,
    Region,
    RateLimit,
    HttpStatus,
    Scope,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Added => "added",
            Kind::Removed => "removed",
            Kind::Type => "type",
            Kind::Array => "array",
            Kind::Required => "required",
            Kind::MaxItems => "max_items",
            Kind::MinItems => "min_items",
            Kind::MaxLength => "max_length",
            Kind::MinLength => "min_length",
            Kind::Minimum => "minimum",
            Kind::Maximum => "maximum",
            Kind::Enum => "enum",
            Kind::Default => "default",
            Kind::Pattern => "pattern",
            Kind::AsciiOnly => "ascii_only",
            Kind::Encoding => "encoding",
            Kind::Wrapper => "wrapper",
            Kind::Version => "version",
            Kind::Endpoint => "endpoint",
            Kind::RegionalEndpoint => "regional_endpoint",
            Kind::Method => "method",
            Kind::Region => "region",
            Kind::RateLimit => "rate_limit",
            Kind::HttpStatus => "http_status",
            Kind::Scope => "scope",
        }
    }
}

/// One change to one action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// `provider.service.Action`.
    pub action: String,
    /// The action's version on the new side (the old side for a removed action).
    pub version: String,
    pub target: Target,
    pub kind: Kind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    pub severity: Severity,
    /// Why, where it is not obvious ("renamed to X?", "values removed: A").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Change {
    pub fn is_breaking(&self) -> bool {
        self.severity == Severity::Breaking
    }

    /// "param InstanceIds max_items", "error X added".
    pub fn what(&self) -> String {
        format!("{} {}", self.target, self.kind.as_str())
    }
}

/// Every change between two sets of specs.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Actions present on both sides (and so compared field by field).
    pub compared: usize,
    pub breaking: usize,
    pub compatible: usize,
    pub changes: Vec<Change>,
}

impl Report {
    pub fn has_breaking(&self) -> bool {
        self.breaking > 0
    }

    fn from_changes(compared: usize, changes: Vec<Change>) -> Report {
        let breaking = changes.iter().filter(|c| c.is_breaking()).count();
        Report {
            compared,
            breaking,
            compatible: changes.len() - breaking,
            changes,
        }
    }
}

/// Reads both sides and compares them.
pub fn diff_sides(old: &Side, new: &Side, defaults: &ServiceDefaults) -> Result<Report, DiffError> {
    let old = load_side(old, defaults)?;
    let new = load_side(new, defaults)?;
    Ok(diff_specs(&old, &new))
}

/// How a report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// A table for people.
    Table,
    /// JSON for tools.
    Json,
}

/// `docsdk diff OLD NEW [--specs DIR] [--json]`: prints the report and returns the exit code:
/// 1 when anything breaking changed, 0 otherwise, 2 when a side cannot be read.
pub fn run(old: &str, new: &str, specs: &Path, format: ReportFormat) -> u8 {
    let result = ServiceDefaults::load_dir(specs)
        .map_err(DiffError::from)
        .and_then(|defaults| {
            let cwd = Path::new(".");
            let old = Side::parse(old, cwd)?;
            let new = Side::parse(new, cwd)?;
            diff_sides(&old, &new, &defaults)
        });
    match result {
        Ok(report) => {
            let text = match format {
                ReportFormat::Json => render_json(&report) + "\n",
                ReportFormat::Table => render_table(&report),
            };
            // A reader that stops early (`| head`) is not an error worth a panic.
            let mut stdout = std::io::stdout().lock();
            match std::io::Write::write_all(&mut stdout, text.as_bytes()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    eprintln!("error: cannot write the report: {e}");
                    2
                }
                _ => u8::from(report.has_breaking()),
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            2
        }
    }
}

fn action_label(spec: &Spec) -> String {
    let a = &spec.action;
    format!("{}.{}.{}", a.provider, a.service, a.name)
}

/// Compares two sets of specs. Output is sorted by action, then in page order within one.
pub fn diff_specs(old: &[Spec], new: &[Spec]) -> Report {
    type Unversioned<'a> = (&'a str, &'a str, &'a str);
    fn unversioned(s: &Spec) -> Unversioned<'_> {
        let a = &s.action;
        (a.provider.as_str(), &a.service, &a.name)
    }
    fn same_version(a: &Spec, b: &Spec) -> bool {
        a.action.version == b.action.version
    }
    // Group both sides by action name; within a group, equal versions pair up, and a single
    // leftover on each side is one action whose version changed.
    let mut groups: BTreeMap<Unversioned, (Vec<&Spec>, Vec<&Spec>)> = BTreeMap::new();
    for s in old {
        groups.entry(unversioned(s)).or_default().0.push(s);
    }
    for s in new {
        groups.entry(unversioned(s)).or_default().1.push(s);
    }
    let mut pairs: Vec<(Option<&Spec>, Option<&Spec>)> = Vec::new();
    for (olds, mut news) in groups.into_values() {
        let mut old_left = Vec::new();
        for o in olds {
            match news.iter().position(|n| same_version(o, n)) {
                Some(i) => pairs.push((Some(o), Some(news.remove(i)))),
                None => old_left.push(o),
            }
        }
        if old_left.len() == 1 && news.len() == 1 {
            pairs.push((old_left.pop(), news.pop()));
        }
        pairs.extend(old_left.into_iter().map(|o| (Some(o), None)));
        pairs.extend(news.into_iter().map(|n| (None, Some(n))));
    }
    let compared = pairs
        .iter()
        .filter(|(o, n)| o.is_some() && n.is_some())
        .count();

    let mut changes = Vec::new();
    for (o, n) in pairs {
        match (o, n) {
            (Some(o), Some(n)) => changes.extend(describe_changes(o, n)),
            (Some(o), None) => changes.push(Change {
                action: action_label(o),
                version: o.action.version.clone(),
                target: Target::Action,
                kind: Kind::Removed,
                before: Some(o.action.version.clone()),
                after: None,
                severity: Severity::Breaking,
                note: None,
            }),
            (None, Some(n)) => changes.push(Change {
                action: action_label(n),
                version: n.action.version.clone(),
                target: Target::Action,
                kind: Kind::Added,
                before: None,
                after: Some(n.action.version.clone()),
                severity: Severity::Compatible,
                note: None,
            }),
            (None, None) => {}
        }
    }
    Report::from_changes(compared, changes)
}

/// What a re-scrape changed: `old_file_text` is the spec file on disk before the write (its
/// `# @generated` header is a TOML comment), `new` the spec just scraped.
pub fn changes_since(old_file_text: &str, new: &Spec) -> Result<Vec<Change>, SpecError> {
    let path = new.relative_path().display().to_string();
    let old = Spec::from_toml(old_file_text, &path)?;
    Ok(describe_changes(&old, new))
}

/// Where a field is used, which decides how a change to it is classified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Input,
    Output,
    Both,
}

impl Role {
    fn input(self) -> bool {
        matches!(self, Role::Input | Role::Both)
    }

    fn output(self) -> bool {
        matches!(self, Role::Output | Role::Both)
    }

    fn join(self, other: Role) -> Role {
        if self == other {
            self
        } else {
            Role::Both
        }
    }
}

/// The role of each struct: reached from request parameters (input), from response fields
/// (output), or both. Structs reached from neither count as outputs.
fn struct_roles(spec: &Spec) -> BTreeMap<&str, Role> {
    fn reach<'a>(spec: &'a Spec, roots: &'a [Field]) -> BTreeSet<&'a str> {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<&str> = roots.iter().filter_map(Field::struct_name).collect();
        while let Some(name) = todo.pop() {
            if !seen.insert(name) {
                continue;
            }
            if let Some(s) = spec.struct_named(name) {
                todo.extend(s.fields.iter().filter_map(Field::struct_name));
            }
        }
        seen
    }
    let input = reach(spec, &spec.request);
    let output = reach(spec, &spec.response);
    spec.structs
        .iter()
        .map(|s| {
            let name = s.name.as_str();
            let role = match (input.contains(name), output.contains(name)) {
                (true, true) => Role::Both,
                (true, false) => Role::Input,
                _ => Role::Output,
            };
            (name, role)
        })
        .collect()
}

/// Collects changes for one action pair.
struct Differ {
    action: String,
    version: String,
    out: Vec<Change>,
}

impl Differ {
    fn push(
        &mut self,
        target: Target,
        kind: Kind,
        before: Option<String>,
        after: Option<String>,
        severity: Severity,
    ) -> &mut Change {
        self.out.push(Change {
            action: self.action.clone(),
            version: self.version.clone(),
            target,
            kind,
            before,
            after,
            severity,
            note: None,
        });
        let last = self.out.len() - 1;
        &mut self.out[last]
    }

    fn changed<T: PartialEq + fmt::Display>(
        &mut self,
        target: &Target,
        kind: Kind,
        before: &T,
        after: &T,
        severity: Severity,
    ) {
        if before != after {
            self.push(
                target.clone(),
                kind,
                Some(before.to_string()),
                Some(after.to_string()),
                severity,
            );
        }
    }
}

fn opt<T: fmt::Display>(v: &Option<T>) -> String {
    v.as_ref().map_or_else(|| "-".to_string(), T::to_string)
}

/// A field in one phrase: `string[], required`.
pub fn field_summary(f: &Field) -> String {
    format!(
        "{}{}, {}",
        f.ty,
        if f.array { "[]" } else { "" },
        if f.required { "required" } else { "optional" }
    )
}

fn rate_limit_text(spec: &Spec) -> String {
    spec.action.rate_limit.as_ref().map_or_else(
        || "-".to_string(),
        |r| {
            let per = match r.per {
                crate::spec::Per::Second => "s",
                crate::spec::Per::Minute => "min",
                crate::spec::Per::Hour => "h",
            };
            format!("{}/{per}", r.requests)
        },
    )
}

fn region_text(r: crate::spec::RegionUse) -> &'static str {
    match r {
        crate::spec::RegionUse::Required => "required",
        crate::spec::RegionUse::Optional => "optional",
        crate::spec::RegionUse::Unused => "unused",
    }
}

/// Every change between two versions of one action, in page order: the action itself, then
/// request parameters, response fields, structs and errors. This is what a re-scrape prints.
pub fn describe_changes(old: &Spec, new: &Spec) -> Vec<Change> {
    let mut d = Differ {
        action: action_label(new),
        version: new.action.version.clone(),
        out: Vec::new(),
    };
    let (oa, na) = (&old.action, &new.action);
    let act = Target::Action;
    use Severity::{Breaking, Compatible};
    d.changed(&act, Kind::Version, &oa.version, &na.version, Breaking);
    d.changed(&act, Kind::Endpoint, &oa.endpoint, &na.endpoint, Breaking);
    d.changed(
        &act,
        Kind::RegionalEndpoint,
        &opt(&oa.regional_endpoint),
        &opt(&na.regional_endpoint),
        Breaking,
    );
    d.changed(&act, Kind::Method, &oa.method, &na.method, Breaking);
    if oa.region != na.region {
        let sev = if na.region == crate::spec::RegionUse::Required {
            Breaking
        } else {
            Compatible
        };
        let (b, a) = (region_text(oa.region), region_text(na.region));
        d.changed(&act, Kind::Region, &b, &a, sev);
    }
    let (orl, nrl) = (rate_limit_text(old), rate_limit_text(new));
    d.changed(&act, Kind::RateLimit, &orl, &nrl, Compatible);

    fields(&mut d, &old.request, &new.request, Role::Input, &|name| {
        Target::Param {
            name: name.to_string(),
        }
    });
    fields(
        &mut d,
        &old.response,
        &new.response,
        Role::Output,
        &|name| Target::Response {
            name: name.to_string(),
        },
    );
    structs(&mut d, old, new);
    errors(&mut d, &old.errors, &new.errors);
    d.out
}

fn by_name<T>(items: &[T], name: impl Fn(&T) -> &str) -> BTreeMap<&str, &T> {
    let mut map = BTreeMap::new();
    for item in items {
        // The first of two same-named items wins, as in the generator.
        map.entry(name(item)).or_insert(item);
    }
    map
}

fn fields(
    d: &mut Differ,
    old: &[Field],
    new: &[Field],
    role: Role,
    target: &dyn Fn(&str) -> Target,
) {
    let olds = by_name(old, |f| f.name.as_str());
    let news = by_name(new, |f| f.name.as_str());
    let added: Vec<&Field> = new
        .iter()
        .filter(|f| !olds.contains_key(f.name.as_str()))
        .collect();
    for o in old {
        match news.get(o.name.as_str()) {
            Some(n) => field(d, target(&o.name), o, n, role),
            None => {
                let c = d.push(
                    target(&o.name),
                    Kind::Removed,
                    Some(field_summary(o)),
                    None,
                    Severity::Breaking,
                );
                // Same type and array-ness: most likely a rename, which is still a removal.
                let twins: Vec<&str> = added
                    .iter()
                    .filter(|a| a.ty == o.ty && a.array == o.array)
                    .map(|a| a.name.as_str())
                    .collect();
                if !twins.is_empty() {
                    c.note = Some(format!("renamed to {}?", twins.join(" or ")));
                }
            }
        }
    }
    for n in added {
        let sev = if role.input() && n.required {
            Severity::Breaking
        } else {
            Severity::Compatible
        };
        d.push(
            target(&n.name),
            Kind::Added,
            None,
            Some(field_summary(n)),
            sev,
        );
    }
}

/// Tighter or looser.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Limit {
    Tightened,
    Relaxed,
}

/// An upper bound (`max_*`): a new bound or a lower one tightens.
fn upper(old: Option<i128>, new: Option<i128>) -> Limit {
    match (old, new) {
        (Some(a), Some(b)) if b > a => Limit::Relaxed,
        (Some(_), None) => Limit::Relaxed,
        _ => Limit::Tightened,
    }
}

/// A lower bound (`min_*`): a new bound or a higher one tightens.
fn lower(old: Option<i128>, new: Option<i128>) -> Limit {
    match (old, new) {
        (Some(a), Some(b)) if b < a => Limit::Relaxed,
        (Some(_), None) => Limit::Relaxed,
        _ => Limit::Tightened,
    }
}

fn field(d: &mut Differ, t: Target, o: &Field, n: &Field, role: Role) {
    use Severity::{Breaking, Compatible};
    d.changed(&t, Kind::Type, &o.ty, &n.ty, Breaking);
    d.changed(&t, Kind::Array, &o.array, &n.array, Breaking);
    if o.required != n.required {
        // Inputs: becoming required breaks callers that left it out. Outputs: the generated
        // field changes between `T` and `Option<T>` either way.
        let sev = if (role.input() && n.required) || role.output() {
            Breaking
        } else {
            Compatible
        };
        d.changed(&t, Kind::Required, &o.required, &n.required, sev);
    }
    // Limits bind what callers send; on outputs they are informational.
    let limit_sev = |l: Limit| {
        if l == Limit::Tightened && role.input() {
            Breaking
        } else {
            Compatible
        }
    };
    constraints(d, &t, &o.constraints, &n.constraints, &limit_sev, role);
    d.changed(
        &t,
        Kind::Wrapper,
        &opt(&o.wrapper),
        &opt(&n.wrapper),
        Compatible,
    );
}

fn constraints(
    d: &mut Differ,
    t: &Target,
    o: &Constraints,
    n: &Constraints,
    sev: &dyn Fn(Limit) -> Severity,
    role: Role,
) {
    use Severity::{Breaking, Compatible};
    bounds(d, t, o, n, sev);
    enum_values(d, t, o, n, sev);
    d.changed(
        t,
        Kind::Default,
        &opt(&o.default),
        &opt(&n.default),
        Compatible,
    );
    if o.pattern != n.pattern {
        // Two patterns cannot be compared: any new or changed pattern may reject what passed.
        let l = if n.pattern.is_none() {
            Limit::Relaxed
        } else {
            Limit::Tightened
        };
        d.changed(t, Kind::Pattern, &opt(&o.pattern), &opt(&n.pattern), sev(l));
    }
    if o.ascii_only != n.ascii_only {
        let l = if n.ascii_only {
            Limit::Tightened
        } else {
            Limit::Relaxed
        };
        d.changed(t, Kind::AsciiOnly, &o.ascii_only, &n.ascii_only, sev(l));
    }
    // The encoding decides the generated setter's type and the wire form of a parameter.
    let enc_sev = if role.input() { Breaking } else { Compatible };
    d.changed(
        t,
        Kind::Encoding,
        &opt(&o.encoding),
        &opt(&n.encoding),
        enc_sev,
    );
}

/// Upper and lower bounds: a lower maximum or a higher minimum tightens.
fn bounds(
    d: &mut Differ,
    t: &Target,
    o: &Constraints,
    n: &Constraints,
    sev: &dyn Fn(Limit) -> Severity,
) {
    let u = |v: Option<u64>| v.map(i128::from);
    for (kind, a, b) in [
        (Kind::MaxItems, o.max_items, n.max_items),
        (Kind::MaxLength, o.max_length, n.max_length),
    ] {
        if a != b {
            d.changed(t, kind, &opt(&a), &opt(&b), sev(upper(u(a), u(b))));
        }
    }
    if o.maximum != n.maximum {
        let l = upper(o.maximum.map(i128::from), n.maximum.map(i128::from));
        d.changed(t, Kind::Maximum, &opt(&o.maximum), &opt(&n.maximum), sev(l));
    }
    // A minimum of zero items or characters restricts nothing.
    let nonzero = |v: Option<u64>| v.filter(|x| *x > 0).map(i128::from);
    for (kind, a, b) in [
        (Kind::MinItems, o.min_items, n.min_items),
        (Kind::MinLength, o.min_length, n.min_length),
    ] {
        if a != b {
            let (a2, b2) = (nonzero(a), nonzero(b));
            let l = if a2 == b2 {
                Limit::Relaxed
            } else {
                lower(a2, b2)
            };
            d.changed(t, kind, &opt(&a), &opt(&b), sev(l));
        }
    }
    if o.minimum != n.minimum {
        let l = lower(o.minimum.map(i128::from), n.minimum.map(i128::from));
        d.changed(t, Kind::Minimum, &opt(&o.minimum), &opt(&n.minimum), sev(l));
    }
}

/// The allowed values: a first list restricts, removing the list frees, removing a value
/// from a list tightens; the note says which values came and went.
fn enum_values(
    d: &mut Differ,
    t: &Target,
    o: &Constraints,
    n: &Constraints,
    sev: &dyn Fn(Limit) -> Severity,
) {
    if o.enum_values == n.enum_values {
        return;
    }
    let before: BTreeSet<&str> = o.enum_values.iter().map(String::as_str).collect();
    let after: BTreeSet<&str> = n.enum_values.iter().map(String::as_str).collect();
    let removed: Vec<&str> = before.difference(&after).copied().collect();
    let added: Vec<&str> = after.difference(&before).copied().collect();
    // A first list of allowed values restricts; removing the list frees; removing a value
    // from a list tightens.
    let l = if before.is_empty() || (!after.is_empty() && !removed.is_empty()) {
        Limit::Tightened
    } else {
        Limit::Relaxed
    };
    let list = |v: &[String]| {
        if v.is_empty() {
            "-".to_string()
        } else {
            v.join(", ")
        }
    };
    let c = d.push(
        t.clone(),
        Kind::Enum,
        Some(list(&o.enum_values)),
        Some(list(&n.enum_values)),
        sev(l),
    );
    let mut note = Vec::new();
    if !removed.is_empty() && !after.is_empty() {
        note.push(format!("removed {}", removed.join(", ")));
    }
    if !added.is_empty() && !before.is_empty() {
        note.push(format!("added {}", added.join(", ")));
    }
    if note.is_empty() && removed.is_empty() && added.is_empty() {
        note.push("reordered".to_string());
    }
    if !note.is_empty() {
        c.note = Some(note.join("; "));
    }
}

fn structs(d: &mut Differ, old: &Spec, new: &Spec) {
    let old_roles = struct_roles(old);
    let new_roles = struct_roles(new);
    let news = by_name(&new.structs, |s| s.name.as_str());
    let olds = by_name(&old.structs, |s| s.name.as_str());
    for o in &old.structs {
        let Some(n) = news.get(o.name.as_str()) else {
            d.push(
                Target::Struct {
                    name: o.name.clone(),
                },
                Kind::Removed,
                Some(format!("{} fields", o.fields.len())),
                None,
                Severity::Breaking,
            );
            continue;
        };
        let role_of = |roles: &BTreeMap<&str, Role>, s: &Struct| {
            roles.get(s.name.as_str()).copied().unwrap_or(Role::Output)
        };
        let role = role_of(&old_roles, o).join(role_of(&new_roles, n));
        let sname = o.name.clone();
        fields(d, &o.fields, &n.fields, role, &|name| Target::StructField {
            r#struct: sname.clone(),
            name: name.to_string(),
        });
    }
    for n in new
        .structs
        .iter()
        .filter(|s| !olds.contains_key(s.name.as_str()))
    {
        d.push(
            Target::Struct {
                name: n.name.clone(),
            },
            Kind::Added,
            None,
            Some(format!("{} fields", n.fields.len())),
            Severity::Compatible,
        );
    }
}

fn error_text(e: &ErrorCode) -> String {
    let text = if e.description.is_empty() {
        &e.message
    } else {
        &e.description
    };
    match e.http_status {
        Some(status) => format!("{status} {text}"),
        None => text.clone(),
    }
}

fn errors(d: &mut Differ, old: &[ErrorCode], new: &[ErrorCode]) {
    let olds = by_name(old, |e| e.code.as_str());
    let news = by_name(new, |e| e.code.as_str());
    let target = |code: &str| Target::Error {
        code: code.to_string(),
    };
    for o in old {
        match news.get(o.code.as_str()) {
            Some(n) => {
                let t = target(&o.code);
                d.changed(
                    &t,
                    Kind::HttpStatus,
                    &opt(&o.http_status),
                    &opt(&n.http_status),
                    Severity::Compatible,
                );
                d.changed(
                    &t,
                    Kind::Scope,
                    &opt(&o.scope),
                    &opt(&n.scope),
                    Severity::Compatible,
                );
            }
            None => {
                d.push(
                    target(&o.code),
                    Kind::Removed,
                    Some(error_text(o)),
                    None,
                    Severity::Compatible,
                );
            }
        }
    }
    for n in new.iter().filter(|e| !olds.contains_key(e.code.as_str())) {
        d.push(
            target(&n.code),
            Kind::Added,
            None,
            Some(error_text(n)),
            Severity::Compatible,
        );
    }
}

//! `docsdk diff`: edit scenarios on copies of the seed pages, each checked through the library
//! and through the binary (classification and exit code), plus spec folders, git revisions and
//! the classification rules on edited specs.

mod support;

use docsdk_codegen::diff::{self, Change, Kind, Report, Severity, Side, Target};
use docsdk_codegen::spec::{Encoding, FieldType, HttpMethod, Spec};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use support::*;

fn docsdk(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_docsdk"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run docsdk")
}

fn text(out: &Output) -> String {
    format!(
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn copy_pages(to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(specs_dir().join("docs")).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
    }
}

/// `old/` holds the seed pages, `new/` the same with one page edited.
struct Scenario {
    _tmp: tempfile::TempDir,
    old: PathBuf,
    new: PathBuf,
}

/// Replaces `from` with `to` in the seed page whose name starts with `prefix`, in the copy.
fn scenario(prefix: &str, edits: &[(&str, &str)]) -> Scenario {
    let tmp = tempfile::tempdir().unwrap();
    let old = tmp.path().join("old");
    let new = tmp.path().join("new");
    copy_pages(&old);
    copy_pages(&new);
    let name = seed(prefix).file_name().unwrap().to_owned();
    let page = new.join(name);
    let mut text = std::fs::read_to_string(&page).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "seed {prefix} has no {from:?}");
        text = text.replacen(from, to, 1);
    }
    std::fs::write(&page, text).unwrap();
    Scenario {
        _tmp: tmp,
        old,
        new,
    }
}

impl Scenario {
    fn library(&self) -> Report {
        diff::diff_sides(
            &Side::Path(self.old.clone()),
            &Side::Path(self.new.clone()),
            &defaults(),
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Runs the binary, checks its exit code, and returns its JSON report.
    fn binary(&self, expected_code: i32) -> serde_json::Value {
        let specs = specs_dir();
        let args = [
            "diff",
            self.old.to_str().unwrap(),
            self.new.to_str().unwrap(),
            "--specs",
            specs.to_str().unwrap(),
        ];
        let table = docsdk(&args, &repo());
        assert_eq!(table.status.code(), Some(expected_code), "{}", text(&table));
        let mut json_args = args.to_vec();
        json_args.push("--json");
        let json = docsdk(&json_args, &repo());
        assert_eq!(json.status.code(), Some(expected_code), "{}", text(&json));
        serde_json::from_slice(&json.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&json)))
    }
}

/// The one change the report holds.
fn only(report: &Report) -> &Change {
    assert_eq!(report.changes.len(), 1, "{:#?}", report.changes);
    &report.changes[0]
}

fn param(name: &str) -> Target {
    Target::Param {
        name: name.to_string(),
    }
}

const SG_ROW: &str = "SecurityGroupIds.N Yes Array of String ID of the security group to be disassociated, such as sg-efil73jd. Only one security group can be disassociated.";
const INSTANCES_ROW: &str = "InstanceIds.N Yes Array of String ID(s) of the instance(s) to be disassociated,such as ins-lesecurk. You can specify multiple instances.\n";
/// The same parameter in the page's example request: a parameter the example still shows is
/// kept (from the example), so a page that drops one drops it from both.
const INSTANCES_EXAMPLE: &str = "&InstanceIds.0=ins-2zvpghhc\n&InstanceIds.1=ins-915zrb0p\n";

#[test]
fn unchanged_pages_report_nothing() {
    let s = scenario("002", &[]);
    let report = s.library();
    assert!(report.changes.is_empty(), "{:#?}", report.changes);
    assert_eq!(report.compared, 5);
    let json = s.binary(0);
    assert_eq!(json["changes"].as_array().map(Vec::len), Some(0));
}

#[test]
fn optional_param_added_is_compatible() {
    let s = scenario(
        "002",
        &[(
            INSTANCES_ROW,
            "InstanceIds.N Yes Array of String ID(s) of the instance(s) to be disassociated,such as ins-lesecurk. You can specify multiple instances.\nDryRun No Boolean Whether to only check the request.\n",
        )],
    );
    let report = s.library();
    let c = only(&report);
    assert_eq!(c.action, "tencent.cvm.DisassociateSecurityGroups");
    assert_eq!((c.target.clone(), c.kind), (param("DryRun"), Kind::Added));
    assert_eq!(c.severity, Severity::Compatible);
    assert_eq!(c.after.as_deref(), Some("boolean, optional"));
    let json = s.binary(0);
    assert_eq!(json["breaking"], 0);
    assert_eq!(json["changes"][0]["target"]["name"], "DryRun");
    assert_eq!(json["changes"][0]["severity"], "compatible");
}

#[test]
fn required_param_added_is_breaking() {
    let s = scenario(
        "002",
        &[(
            INSTANCES_ROW,
            "InstanceIds.N Yes Array of String ID(s) of the instance(s) to be disassociated,such as ins-lesecurk. You can specify multiple instances.\nClientToken Yes String A token that makes the request idempotent.\n",
        )],
    );
    let c = only(&s.library()).clone();
    assert_eq!((c.target, c.kind), (param("ClientToken"), Kind::Added));
    assert_eq!(c.severity, Severity::Breaking);
    s.binary(1);
}

#[test]
fn param_removed_is_breaking() {
    let s = scenario("002", &[(INSTANCES_ROW, ""), (INSTANCES_EXAMPLE, "")]);
    let report = s.library();
    let c = only(&report);
    assert_eq!(
        (c.target.clone(), c.kind),
        (param("InstanceIds"), Kind::Removed)
    );
    assert_eq!(c.severity, Severity::Breaking);
    assert!(report.has_breaking());
    let json = s.binary(1);
    assert_eq!(json["breaking"], 1);
    assert_eq!(json["changes"][0]["kind"], "removed");
}

#[test]
fn param_renamed_is_a_breaking_removal_with_a_hint() {
    let s = scenario(
        "002",
        &[
            ("InstanceIds.N Yes", "InstanceIdSet.N Yes"),
            ("&InstanceIds.0", "&InstanceIdSet.0"),
            ("&InstanceIds.1", "&InstanceIdSet.1"),
        ],
    );
    let report = s.library();
    let removed = report
        .changes
        .iter()
        .find(|c| c.kind == Kind::Removed)
        .expect("removal reported");
    assert_eq!(removed.target, param("InstanceIds"));
    assert_eq!(removed.severity, Severity::Breaking);
    assert_eq!(removed.note.as_deref(), Some("renamed to InstanceIdSet?"));
    assert!(report
        .changes
        .iter()
        .any(|c| c.kind == Kind::Added && c.target == param("InstanceIdSet")));
    s.binary(1);
}

#[test]
fn param_made_required_is_breaking() {
    // Alibaba layout: name, type and Yes/No run together in one cell row.
    let s = scenario("004", &[("RamRoleNamestringNo", "RamRoleNamestringYes")]);
    let c = only(&s.library()).clone();
    assert_eq!(c.action, "alibaba.ecs.DetachInstanceRamRole");
    assert_eq!((c.target, c.kind), (param("RamRoleName"), Kind::Required));
    assert_eq!(
        (c.before.as_deref(), c.after.as_deref()),
        (Some("false"), Some("true"))
    );
    assert_eq!(c.severity, Severity::Breaking);
    s.binary(1);
}

#[test]
fn param_made_optional_is_compatible() {
    let s = scenario("004", &[("InstanceIdsstringYes", "InstanceIdsstringNo")]);
    let c = only(&s.library()).clone();
    assert_eq!((c.target, c.kind), (param("InstanceIds"), Kind::Required));
    assert_eq!(c.severity, Severity::Compatible);
    s.binary(0);
}

#[test]
fn limit_tightened_is_breaking() {
    let s = scenario(
        "004",
        &[("up to 100 instance IDs", "up to 50 instance IDs")],
    );
    let c = only(&s.library()).clone();
    assert_eq!((c.target, c.kind), (param("InstanceIds"), Kind::MaxItems));
    assert_eq!(
        (c.before.as_deref(), c.after.as_deref()),
        (Some("100"), Some("50"))
    );
    assert_eq!(c.severity, Severity::Breaking);
    let json = s.binary(1);
    assert_eq!(json["changes"][0]["kind"], "max_items");
}

#[test]
fn limit_relaxed_is_compatible() {
    let s = scenario(
        "002",
        &[(
            SG_ROW,
            "SecurityGroupIds.N Yes Array of String ID of the security group to be disassociated, such as sg-efil73jd. Up to 5 security groups can be disassociated.",
        )],
    );
    let c = only(&s.library()).clone();
    assert_eq!(
        (c.target, c.kind),
        (param("SecurityGroupIds"), Kind::MaxItems)
    );
    assert_eq!(
        (c.before.as_deref(), c.after.as_deref()),
        (Some("1"), Some("5"))
    );
    assert_eq!(c.severity, Severity::Compatible);
    s.binary(0);
}

#[test]
fn limit_removed_is_compatible() {
    let s = scenario(
        "002",
        &[(
            SG_ROW,
            "SecurityGroupIds.N Yes Array of String ID of the security group to be disassociated, such as sg-efil73jd.",
        )],
    );
    let c = only(&s.library()).clone();
    assert_eq!(c.kind, Kind::MaxItems);
    assert_eq!(c.after.as_deref(), Some("-"));
    assert_eq!(c.severity, Severity::Compatible);
    s.binary(0);
}

#[test]
fn error_code_added_is_compatible() {
    let s = scenario(
        "002",
        &[(
            "UnsupportedOperation Unsupported operation.",
            "UnsupportedOperation Unsupported operation.\nResourceInUse.SecurityGroup The security group is in use.",
        )],
    );
    let c = only(&s.library()).clone();
    assert_eq!(
        (c.target, c.kind),
        (
            Target::Error {
                code: "ResourceInUse.SecurityGroup".into()
            },
            Kind::Added
        )
    );
    assert_eq!(c.severity, Severity::Compatible);
    let json = s.binary(0);
    assert_eq!(json["compatible"], 1);
}

#[test]
fn error_code_removed_is_compatible() {
    let s = scenario(
        "002",
        &[("UnsupportedOperation Unsupported operation.\n", "")],
    );
    let c = only(&s.library()).clone();
    assert_eq!(c.kind, Kind::Removed);
    assert!(matches!(c.target, Target::Error { .. }));
    assert_eq!(c.severity, Severity::Compatible);
    s.binary(0);
}

#[test]
fn type_changed_is_breaking() {
    let s = scenario(
        "002",
        &[(
            "InstanceIds.N Yes Array of String",
            "InstanceIds.N Yes Array of Integer",
        )],
    );
    let c = only(&s.library()).clone();
    assert_eq!((c.target, c.kind), (param("InstanceIds"), Kind::Type));
    assert_eq!(
        (c.before.as_deref(), c.after.as_deref()),
        (Some("string"), Some("integer"))
    );
    assert_eq!(c.severity, Severity::Breaking);
    s.binary(1);
}

#[test]
fn rate_limit_change_is_reported_as_compatible() {
    let s = scenario(
        "002",
        &[("A maximum of 10 requests", "A maximum of 20 requests")],
    );
    let c = only(&s.library()).clone();
    assert_eq!((c.target, c.kind), (Target::Action, Kind::RateLimit));
    assert_eq!(
        (c.before.as_deref(), c.after.as_deref()),
        (Some("10/s"), Some("20/s"))
    );
    assert_eq!(c.severity, Severity::Compatible);
    s.binary(0);
}

#[test]
fn table_lists_each_change_with_its_class() {
    let s = scenario(
        "002",
        &[
            (
                "InstanceIds.N Yes Array of String",
                "InstanceIds.N Yes Array of Integer",
            ),
            ("A maximum of 10 requests", "A maximum of 20 requests"),
        ],
    );
    let out = docsdk(
        &[
            "diff",
            s.old.to_str().unwrap(),
            s.new.to_str().unwrap(),
            "--specs",
            specs_dir().to_str().unwrap(),
        ],
        &repo(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("action") && lines[0].contains("before → after"));
    let row = |needle: &str| {
        lines
            .iter()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no row {needle} in\n{stdout}"))
            .to_string()
    };
    let ty = row("param InstanceIds type");
    assert!(ty.contains("string → integer") && ty.trim_end().ends_with("breaking"));
    let rl = row("action rate_limit");
    assert!(rl.contains("10/s → 20/s") && rl.trim_end().ends_with("compatible"));
    assert!(stdout.contains("2 changes (1 breaking, 1 compatible); 5 actions compared"));
}

/// A specs folder of TOML files (no pages), as `docsdk scrape` writes them.
fn spec_folder(at: &Path, specs: &[Spec]) {
    for spec in specs {
        let path = at.join(spec.relative_path());
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, docsdk_codegen::scrape::spec_file_text(spec)).unwrap();
    }
}

fn seed_specs() -> Vec<Spec> {
    ["000", "001", "002", "003", "004"]
        .iter()
        .map(|p| scrape_seed(p))
        .collect()
}

#[test]
fn spec_folder_against_spec_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let old = seed_specs();
    let mut new = old.clone();
    let alibaba = new
        .iter_mut()
        .find(|s| s.action.name == "DetachInstanceRamRole")
        .unwrap();
    alibaba.response.retain(|f| f.name != "FailCount");
    let removed_struct_field = alibaba.structs[0].fields.remove(0);
    let volc = new
        .iter_mut()
        .find(|s| s.action.name == "DeleteKeyPairs")
        .unwrap();
    volc.action.endpoint = "open.example.com".into();
    new.retain(|s| s.action.name != "DisassociateInstancesKeyPairs");
    spec_folder(&tmp.path().join("old"), &old);
    spec_folder(&tmp.path().join("new"), &new);

    let report = diff::diff_sides(
        &Side::Path(tmp.path().join("old")),
        &Side::Path(tmp.path().join("new")),
        &defaults(),
    )
    .unwrap();
    let find = |action: &str, target: &Target, kind: Kind| {
        report
            .changes
            .iter()
            .find(|c| c.action.ends_with(action) && &c.target == target && c.kind == kind)
            .unwrap_or_else(|| panic!("no {target} {kind:?} in {:#?}", report.changes))
    };
    let fail_count = Target::Response {
        name: "FailCount".into(),
    };
    assert!(find("DetachInstanceRamRole", &fail_count, Kind::Removed).is_breaking());
    let sf = Target::StructField {
        r#struct: old[4].structs[0].name.clone(),
        name: removed_struct_field.name.clone(),
    };
    assert!(find("DetachInstanceRamRole", &sf, Kind::Removed).is_breaking());
    assert!(find("DeleteKeyPairs", &Target::Action, Kind::Endpoint).is_breaking());
    assert!(find(
        "DisassociateInstancesKeyPairs",
        &Target::Action,
        Kind::Removed
    )
    .is_breaking());
    assert_eq!(report.changes.len(), 4, "{:#?}", report.changes);
    assert_eq!(report.compared, 4);

    let out = docsdk(
        &[
            "diff",
            tmp.path().join("old").to_str().unwrap(),
            tmp.path().join("new").to_str().unwrap(),
            "--json",
        ],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["breaking"], 4);

    // The other way round: an action added and a response field added are compatible, but
    // the struct field and endpoint changes still break.
    let back = diff::diff_sides(
        &Side::Path(tmp.path().join("new")),
        &Side::Path(tmp.path().join("old")),
        &defaults(),
    )
    .unwrap();
    let compatible: Vec<String> = back
        .changes
        .iter()
        .filter(|c| !c.is_breaking())
        .map(Change::what)
        .collect();
    assert_eq!(
        compatible,
        [
            "response FailCount added".to_string(),
            format!("{sf} added"),
            "action added".to_string(),
        ]
    );
    assert_eq!(back.breaking, 1, "endpoint changed back");
}

#[test]
fn pages_folder_against_the_specs_folder_it_was_scraped_into() {
    let out = docsdk(
        &[
            "diff",
            specs_dir().join("docs").to_str().unwrap(),
            specs_dir().to_str().unwrap(),
        ],
        &repo(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("no changes in 5 actions compared"));
}

fn git(repo: &Path, args: &[&str]) -> bool {
    Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(repo)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn git_revisions_of_a_specs_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let repo_dir = tmp.path();
    if !git(repo_dir, &["init", "-q"]) {
        eprintln!("git is not available; skipping");
        return;
    }
    let specs = repo_dir.join("specs");
    copy_pages(&specs.join("docs"));
    std::fs::copy(
        specs_dir().join("service-defaults.toml"),
        specs.join("service-defaults.toml"),
    )
    .unwrap();
    assert!(git(repo_dir, &["add", "-A"]));
    assert!(git(repo_dir, &["commit", "-qm", "seeds"]));
    let page = specs.join("docs").join(seed("002").file_name().unwrap());
    let original = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        original
            .replacen(INSTANCES_ROW, "", 1)
            .replacen(INSTANCES_EXAMPLE, "", 1),
    )
    .unwrap();
    assert!(git(repo_dir, &["commit", "-qam", "drop a param"]));

    let report = diff::diff_sides(
        &Side::parse("HEAD~1:specs", repo_dir).unwrap(),
        &Side::parse("HEAD:specs", repo_dir).unwrap(),
        &defaults(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let c = only(&report);
    assert_eq!(
        (c.target.clone(), c.kind),
        (param("InstanceIds"), Kind::Removed)
    );
    assert!(c.is_breaking());

    // Binary, from the repository: a revision against the working tree, both ways.
    let out = docsdk(&["diff", "HEAD~1:specs", "specs"], repo_dir);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("param InstanceIds removed"));
    // Back again: a required parameter is added, which breaks callers too.
    let out = docsdk(&["diff", "HEAD:specs", "HEAD~1:specs"], repo_dir);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("param InstanceIds added"));

    // A missing revision or folder is a usage error naming what is missing.
    let out = docsdk(&["diff", "nosuchrev:specs", "specs"], repo_dir);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no revision nosuchrev"));
    let out = docsdk(&["diff", "HEAD:nosuchdir", "specs"], repo_dir);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stderr).contains("has no folder \"nosuchdir\""));
}

#[test]
fn unreadable_sides_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let out = docsdk(&["diff", empty.to_str().unwrap(), "specs"], &repo());
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no specs (.toml) or doc pages"));
    let out = docsdk(&["diff", "does/not/exist", "specs"], &repo());
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let out = docsdk(&["diff", "specs"], &repo());
    assert_eq!(
        out.status.code(),
        Some(2),
        "missing argument is a usage error"
    );
}

// Classification rules on edited specs (no pages needed).

fn edited(prefix: &str, edit: impl FnOnce(&mut Spec)) -> Vec<Change> {
    let old = scrape_seed(prefix);
    let mut new = old.clone();
    edit(&mut new);
    diff::describe_changes(&old, &new)
}

fn one(changes: &[Change]) -> (Kind, Severity) {
    assert_eq!(changes.len(), 1, "{changes:#?}");
    (changes[0].kind, changes[0].severity)
}

fn p(s: &mut Spec) -> &mut docsdk_codegen::spec::Field {
    &mut s.request[0]
}

#[test]
fn constraint_directions() {
    use Severity::{Breaking, Compatible};
    type Case = (
        &'static str,
        Box<dyn FnOnce(&mut Spec)>,
        Option<(Kind, Severity)>,
    );
    let cases: Vec<Case> = vec![
        (
            "min raised",
            Box::new(|s| p(s).constraints.min_length = Some(3)),
            Some((Kind::MinLength, Breaking)),
        ),
        (
            "min 0 added",
            Box::new(|s| p(s).constraints.min_items = Some(0)),
            Some((Kind::MinItems, Compatible)),
        ),
        (
            "max added",
            Box::new(|s| p(s).constraints.max_length = Some(64)),
            Some((Kind::MaxLength, Breaking)),
        ),
        (
            "maximum added",
            Box::new(|s| p(s).constraints.maximum = Some(10)),
            Some((Kind::Maximum, Breaking)),
        ),
        (
            "minimum added",
            Box::new(|s| p(s).constraints.minimum = Some(-5)),
            Some((Kind::Minimum, Breaking)),
        ),
        (
            "enum introduced",
            Box::new(|s| p(s).constraints.enum_values = vec!["a".into()]),
            Some((Kind::Enum, Breaking)),
        ),
        (
            "ascii_only added",
            Box::new(|s| p(s).constraints.ascii_only = true),
            Some((Kind::AsciiOnly, Breaking)),
        ),
        (
            "pattern added",
            Box::new(|s| p(s).constraints.pattern = Some("^a".into())),
            Some((Kind::Pattern, Breaking)),
        ),
        (
            "default set",
            Box::new(|s| p(s).constraints.default = Some("x".into())),
            Some((Kind::Default, Compatible)),
        ),
        (
            "encoding set",
            Box::new(|s| p(s).constraints.encoding = Some(Encoding::JsonArray)),
            Some((Kind::Encoding, Breaking)),
        ),
        (
            "array changed",
            Box::new(|s| p(s).array = !p(s).array),
            Some((Kind::Array, Breaking)),
        ),
        (
            "description",
            Box::new(|s| p(s).description = "new words".into()),
            None,
        ),
    ];
    for (what, edit, expected) in cases {
        let changes = edited("002", edit);
        match expected {
            Some(expected) => assert_eq!(one(&changes), expected, "{what}"),
            None => assert!(changes.is_empty(), "{what} is ignored: {changes:#?}"),
        }
    }
}

#[test]
fn enum_values_removed_break_and_added_do_not() {
    let base = |s: &mut Spec| s.request[0].constraints.enum_values = vec!["a".into(), "b".into()];
    let mut old = scrape_seed("002");
    base(&mut old);
    let mut fewer = old.clone();
    fewer.request[0].constraints.enum_values = vec!["a".into()];
    let c = diff::describe_changes(&old, &fewer);
    assert_eq!(one(&c), (Kind::Enum, Severity::Breaking));
    assert_eq!(c[0].note.as_deref(), Some("removed b"));
    let mut more = old.clone();
    more.request[0].constraints.enum_values = vec!["a".into(), "b".into(), "c".into()];
    let c = diff::describe_changes(&old, &more);
    assert_eq!(one(&c), (Kind::Enum, Severity::Compatible));
    assert_eq!(c[0].note.as_deref(), Some("added c"));
}

#[test]
fn limits_on_response_fields_are_informational() {
    let changes = edited("004", |s| s.response[0].constraints.max_length = Some(5));
    assert_eq!(one(&changes), (Kind::MaxLength, Severity::Compatible));
    let changes = edited("004", |s| s.response[0].required = true);
    assert_eq!(one(&changes), (Kind::Required, Severity::Breaking));
    let changes = edited("004", |s| s.response[0].ty = FieldType::INTEGER);
    assert_eq!(one(&changes), (Kind::Type, Severity::Breaking));
}

#[test]
fn action_level_changes() {
    use docsdk_codegen::spec::RegionUse;
    type Case = (Box<dyn FnOnce(&mut Spec)>, Option<(Kind, Severity)>);
    let cases: Vec<Case> = vec![
        (
            Box::new(|s| s.action.version = "2099-01-01".into()),
            Some((Kind::Version, Severity::Breaking)),
        ),
        (
            Box::new(|s| s.action.method = HttpMethod::Get),
            Some((Kind::Method, Severity::Breaking)),
        ),
        (
            Box::new(|s| s.action.rate_limit = None),
            Some((Kind::RateLimit, Severity::Compatible)),
        ),
        (Box::new(|s| s.action.summary = "Other words.".into()), None),
        (
            Box::new(|s| s.action.region = RegionUse::Optional),
            Some((Kind::Region, Severity::Compatible)),
        ),
    ];
    for (edit, expected) in cases {
        let changes = edited("002", edit);
        match expected {
            Some(expected) => assert_eq!(one(&changes), expected),
            None => assert!(changes.is_empty(), "summaries are ignored: {changes:#?}"),
        }
    }
}

#[test]
fn a_version_change_pairs_the_action_across_versions() {
    let old = seed_specs();
    let mut new = old.clone();
    new[2].action.version = "2099-01-01".into();
    let report = diff::diff_specs(&old, &new);
    assert_eq!(report.compared, 5);
    let c = only(&report);
    assert_eq!((c.kind, c.severity), (Kind::Version, Severity::Breaking));
    assert_eq!(c.version, "2099-01-01");

    // Both versions present on the new side: the new version is an added action.
    let mut both = old.clone();
    both.push(new[2].clone());
    let report = diff::diff_specs(&old, &both);
    let c = only(&report);
    assert_eq!((c.kind, c.severity), (Kind::Added, Severity::Compatible));
}

#[test]
fn struct_fields_follow_the_role_of_their_struct() {
    // Response structs: a new optional or required field is compatible; in a request struct a
    // required one breaks callers building it.
    let mut old = scrape_seed("004");
    let mut added = old.clone();
    let new_field = docsdk_codegen::spec::Field {
        name: "Extra".into(),
        ty: FieldType::STRING,
        required: true,
        ..Default::default()
    };
    added.structs[0].fields.push(new_field.clone());
    let c = diff::describe_changes(&old, &added);
    assert_eq!(one(&c), (Kind::Added, Severity::Compatible));

    let struct_name = old.structs[0].name.clone();
    old.request.push(docsdk_codegen::spec::Field {
        name: "Filter".into(),
        ty: FieldType::named(struct_name),
        ..Default::default()
    });
    let mut added = old.clone();
    added.structs[0].fields.push(new_field);
    let c = diff::describe_changes(&old, &added);
    assert_eq!(one(&c), (Kind::Added, Severity::Breaking));
    assert!(matches!(&c[0].target, Target::StructField { name, .. } if name == "Extra"));
}

#[test]
fn compact_rendering_for_scrape() {
    let changes = edited("004", |s| {
        s.request[2].constraints.max_items = Some(50);
        s.errors.clear();
    });
    let text = diff::render_compact(&changes);
    assert!(
        text.contains("  breaking    param InstanceIds max_items: 100 → 50\n"),
        "{text}"
    );
}

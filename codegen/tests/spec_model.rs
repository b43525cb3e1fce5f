//! The typed spec model keeps schema 1 on disk: every spec in the repository reads back into
//! the model and writes out as the same text (the corpora get the same check where they are
//! scraped, in corpus.rs and corpus_wide.rs), and a value schema 1 does not define is refused
//! with the file, the value and what the key takes.

mod common;

use common::*;
use docsdk_codegen::spec::{FieldType, Spec};
use std::path::{Path, PathBuf};

/// The spec files a build reads from a specs folder (not its settings or pages).
fn toml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let files = docsdk_codegen::load::spec_files(dir, &dir.join("docs")).unwrap();
    out.extend(files);
}

/// The spec part of a spec file: below docsdk's header, or all of a hand-written one.
fn body(text: &str) -> &str {
    match text.find("\n# content-sha256: ") {
        Some(at) => text[at + 1..].split_once('\n').map_or("", |(_, rest)| rest),
        None => text,
    }
}

#[test]
fn every_spec_in_the_repository_reads_back_as_written() {
    let mut files = Vec::new();
    toml_files(&specs_dir(), &mut files);
    toml_files(&repo().join("tests/specs"), &mut files);
    assert!(files.len() >= 8, "{files:?}");
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let body = body(&text);
        let spec =
            Spec::from_toml(body, &path.display().to_string()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(spec.to_toml(), body, "{}", path.display());
        assert_round_trips(&spec, &path.display().to_string());
    }
}

const SPEC: &str = r#"schema = 1

[action]
provider = "alibaba"
service = "ecs"
version = "2014-05-26"
name = "Act"
endpoint = "ecs.aliyuncs.com"
method = "POST"
region = "optional"

[source]
path = "docs/act.md"
sha256 = "0"
format = "markdown"

[[request]]
name = "InstanceIds"
type = "string"
required = true
encoding = "json-array"

[[errors]]
code = "X"
scope = "item"
"#;

/// Loads SPEC with one value replaced; returns the error text.
fn refused(from: &str, to: &str) -> String {
    assert!(SPEC.contains(from), "{from}");
    let text = SPEC.replacen(from, to, 1);
    match Spec::from_toml(&text, "specs/alibaba/ecs/2014-05-26/Act.toml") {
        Ok(_) => panic!("{to} was accepted"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn the_typed_keys_take_exactly_what_schema_1_writes() {
    let spec = Spec::from_toml(SPEC, "Act.toml").unwrap();
    assert_eq!(spec.to_toml(), SPEC);
    assert_eq!(spec.request[0].ty, FieldType::STRING);
    assert!(spec.request[0].json_array());
    assert!(spec.errors[0].per_item());
}

#[test]
fn unknown_values_name_the_file_the_value_and_what_is_expected() {
    let cases = [
        (
            r#"type = "string""#,
            r#"type = "long""#,
            &[
                "\"long\"",
                "expected string, integer, float",
                "did you mean \"integer\"?",
            ][..],
        ),
        (
            r#"type = "string""#,
            r#"type = "object:""#,
            &["\"object:\"", "object:<Struct>"][..],
        ),
        (
            r#"encoding = "json-array""#,
            r#"encoding = "json""#,
            &["unknown encoding \"json\"", "expected \"json-array\""][..],
        ),
        (
            r#"scope = "item""#,
            r#"scope = "items""#,
            &["`items`", "`item`"][..],
        ),
        (
            r#"method = "POST""#,
            r#"method = "post""#,
            &["`post`", "`GET`", "`POST`"][..],
        ),
        (
            r#"format = "markdown""#,
            r#"format = "pdf""#,
            &["`pdf`", "`text`", "`html`", "`markdown`"][..],
        ),
    ];
    for (from, to, says) in cases {
        let e = refused(from, to);
        assert!(
            e.starts_with("specs/alibaba/ecs/2014-05-26/Act.toml: "),
            "{e}"
        );
        for s in says {
            assert!(e.contains(s), "{to}: {e}");
        }
    }
}

//! Generator tests: snapshots of the code generated for every seed page (scraped as the build
//! scrapes them), determinism, name collisions, unsafe doc
//! text, and the Builder's write-if-changed and rerun-if-changed behaviour.

use docsdk_codegen::builder::Builder;
use docsdk_codegen::generate::{generate, generate_output, generate_to_dir, Settings, HEADER};
use docsdk_codegen::load::load_specs;
use docsdk_codegen::spec::Spec;
use std::path::{Path, PathBuf};

/// The repository's `specs/` folder: the seed specs and, in `specs/docs`, their pages.
fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

/// The seed specs exactly as the build sees them: scraped from the pages, service defaults and
/// overrides applied.
fn seed_specs() -> Vec<Spec> {
    let dir = seeds_dir();
    let mut out = load_specs(&dir, &dir.join("docs"))
        .expect("seed specs")
        .specs;
    out.sort_by(|a, b| a.action.name.cmp(&b.action.name));
    out
}

#[test]
fn snapshots_per_seed() {
    for spec in seed_specs() {
        let files = generate(std::slice::from_ref(&spec), &Settings::new()).expect("generates");
        let action_file = files
            .iter()
            .find(|f| f.path.components().count() == 4)
            .expect("one action file");
        insta::assert_snapshot!(spec.action.name.clone(), action_file.contents);
    }
}

#[test]
fn output_is_deterministic_sorted_and_headed() {
    let mut specs = seed_specs();
    let a = generate(&specs, &Settings::new()).expect("first");
    specs.reverse();
    let b = generate(&specs, &Settings::new()).expect("second");
    assert_eq!(a, b, "input order must not matter");
    let paths: Vec<&PathBuf> = a.iter().map(|f| &f.path).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert!(a.iter().all(|f| f.contents.starts_with(HEADER)));
    // Every file parses as Rust.
    for f in &a {
        syn::parse_file(&f.contents).unwrap_or_else(|e| panic!("{}: {e}", f.path.display()));
    }
}

#[test]
fn colliding_wire_names_are_numbered_with_a_warning() {
    // More cases, one scope each, in tests/naming.rs.
    let mut spec = seed_specs().remove(0);
    let first = spec.request[0].name.clone();
    let mut twin = spec.request[0].clone();
    twin.name = format!("{first}_"); // "KeyPairNames_" → key_pair_names
    spec.request.push(twin);
    for code in [
        "InvalidParameterValue.Invalid.KeyPairId",
        "InvalidParameterValue.InvalidKeyPair.Id",
    ] {
        spec.errors.push(docsdk_codegen::spec::ErrorCode {
            code: code.into(),
            http_status: None,
            message: String::new(),
            description: String::new(),
            scope: None,
            line: None,
        });
    }
    let out = generate_output(&[spec.clone()], &Settings::new()).expect("generates");
    assert!(out.left_out.is_empty(), "{:?}", out.left_out);
    let snake = heck::ToSnakeCase::to_snake_case(first.as_str());
    let code = action_file(&out.files);
    assert!(
        code.contains(&format!("pub {snake}: Vec<String>")),
        "{code}"
    );
    assert!(
        code.contains(&format!("pub {snake}_2: Vec<String>")),
        "{code}"
    );
    assert!(
        code.contains(&format!("{snake}_2 = \"{first}_\"")),
        "{code}"
    );
    assert!(code.contains("InvalidParameterValueInvalidKeyPairId2(rt::ErrorMeta)"));
    let messages: Vec<String> = out.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        messages.iter().any(|m| m.contains(&format!("`{first}_`"))
            && m.contains(&format!("`{snake}_2`"))
            && m.contains(&format!("`{first}`"))),
        "{messages:?}"
    );
    // The plain entry point still generates it (nothing was left out).
    generate(&[spec], &Settings::new()).expect("generates");
}

fn action_file(files: &[docsdk_codegen::generate::GeneratedFile]) -> String {
    files
        .iter()
        .find(|f| f.path.components().count() == 4)
        .expect("one action file")
        .contents
        .clone()
}

#[test]
fn keywords_become_raw_identifiers() {
    let mut spec = seed_specs().remove(0);
    let mut f = spec.request[0].clone();
    f.name = "Type".into();
    spec.request.push(f);
    let mut f = spec.request[0].clone();
    f.name = "Self".into();
    spec.request.push(f);
    let files = generate(&[spec], &Settings::new()).expect("generates");
    let all: String = files.iter().map(|f| f.contents.as_str()).collect();
    assert!(
        all.contains("pub r#type: Vec<String>"),
        "raw identifier for `type`"
    );
    assert!(
        all.contains("pub self_: Vec<String>"),
        "`self` cannot be raw"
    );
    // serde's PascalCase of `self_` is `Self` again: no rename needed.
    assert!(!all.contains(r#"rename = "Self""#));
}

#[test]
fn unsafe_doc_text_is_emitted_through_tokens() {
    let nasty = "Quotes \" and ' */ /* # heading \\ back\\slash `tick` [link] <b>tag</b> 中文 ✓ \u{7f}\n    indented\n```\ncode\n``` see https://example.com/x.";
    let mut spec = seed_specs().remove(0);
    spec.action.summary = nasty.into();
    spec.request[0].description = nasty.into();
    spec.errors[0].description = nasty.into();
    spec.examples[0].title = nasty.into();
    let files = generate(&[spec], &Settings::new()).expect("generates");
    for f in &files {
        let parsed =
            syn::parse_file(&f.contents).unwrap_or_else(|e| panic!("{}: {e}", f.path.display()));
        // Every doc attribute is one line: no fences or indented code rustdoc would compile.
        let text = quote::quote!(#parsed).to_string();
        assert!(!text.contains("```"), "fences must be neutralised");
    }
    let action = files
        .iter()
        .find(|f| f.path.components().count() == 4)
        .expect("action file");
    assert!(action.contents.contains("中文 ✓"));
    assert!(action.contents.contains(r"\[link\]"));
    assert!(action.contents.contains(r"\*/ /\*"));
    // rustdoc warns about bare URLs: autolinks instead.
    assert!(action.contents.contains("see <https://example.com/x>."));
    // The setter carries the field's page text too (one attribute in the `rt::builder!` input).
    let setter_doc = format!("Sets `{}`.\\n\\n Quotes", seed_specs()[0].request[0].name);
    assert!(action.contents.contains(&setter_doc), "{}", action.contents);
}

#[test]
fn vendored_tree_is_a_plain_module_tree_written_if_changed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let specs = seed_specs();
    let written = generate_to_dir(&specs, dir.path()).expect("writes");
    assert!(dir.path().join("mod.rs").is_file());
    let root = std::fs::read_to_string(dir.path().join("mod.rs")).expect("root");
    assert!(root.contains("pub mod tencent;") && !root.contains("include!"));
    let action = std::fs::read_to_string(
        dir.path()
            .join("tencent/cvm/v20170312/disassociate_security_groups.rs"),
    )
    .expect("action file");
    assert!(action.contains("use ::docsdk_runtime as rt;"));
    assert_eq!(
        written.len(),
        generate(&specs, &Settings::vendored())
            .expect("again")
            .len()
    );
    let again = generate_to_dir(&specs, dir.path()).expect("writes again");
    assert!(
        again.is_empty(),
        "unchanged files are not rewritten: {again:?}"
    );
}

#[test]
fn builder_writes_if_changed_and_filters() {
    let out = tempfile::tempdir().expect("tempdir");
    let report = Builder::new()
        .specs_dir(seeds_dir())
        .docs_dir(seeds_dir().join("docs"))
        .out_dir(out.path())
        .only(["tencent-cvm", "volcengine"])
        .emit_rerun_if_changed(false)
        .generate()
        .expect("builds");
    assert_eq!(report.specs, 2);
    assert!(out.path().join("tencent/cvm/v20170312/mod.rs").is_file());
    assert!(!out.path().join("tencent/ecm").exists());
    assert!(out
        .path()
        .join("volcengine/ecs/v20200401/delete_key_pairs.rs")
        .is_file());
    assert_eq!(report.written.len(), report.files);
    assert!(
        report.inputs.iter().all(|p| p.exists()),
        "only existing inputs are announced"
    );
    assert!(report
        .inputs
        .iter()
        .any(|p| p.ends_with("DeleteKeyPairs.toml")));
    assert!(
        report.inputs.contains(&seeds_dir()),
        "the folder is watched for new specs"
    );

    let again = Builder::new()
        .specs_dir(seeds_dir())
        .docs_dir(seeds_dir().join("docs"))
        .out_dir(out.path())
        .only(["tencent-cvm", "volcengine"])
        .emit_rerun_if_changed(false)
        .generate()
        .expect("builds again");
    assert!(again.written.is_empty());
}

#[test]
fn builder_applies_overrides_and_reports_bad_files_with_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec_dir = dir.path().join("specs/tencent/cvm/2017-03-12");
    std::fs::create_dir_all(&spec_dir).expect("mkdir");
    std::fs::copy(
        seeds_dir().join("tencent/cvm/2017-03-12/DisassociateSecurityGroups.toml"),
        spec_dir.join("DisassociateSecurityGroups.toml"),
    )
    .expect("copy");
    std::fs::write(
        spec_dir.join("DisassociateSecurityGroups.override.toml"),
        "[[request]]\nname = \"InstanceIds\"\nmax_items = 7\n",
    )
    .expect("override");
    let out = dir.path().join("out");
    Builder::new()
        .specs_dir(dir.path().join("specs"))
        .out_dir(&out)
        .emit_rerun_if_changed(false)
        .generate()
        .expect("builds");
    let code =
        std::fs::read_to_string(out.join("tencent/cvm/v20170312/disassociate_security_groups.rs"))
            .expect("generated");
    assert!(
        code.contains(r#"max_items("InstanceIds", 7,"#),
        "override applied"
    );

    std::fs::write(spec_dir.join("Broken.toml"), "schema = 1\n[action\n").expect("broken");
    let err = Builder::new()
        .specs_dir(dir.path().join("specs"))
        .out_dir(&out)
        .emit_rerun_if_changed(false)
        .generate()
        .expect_err("broken spec");
    let msg = err.to_string();
    assert!(msg.contains("Broken.toml"), "{msg}");
    assert!(msg.contains("line 2"), "{msg}");
}

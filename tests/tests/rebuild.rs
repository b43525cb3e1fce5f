//! The user's loop, end to end: this crate copied outside the workspace (path dependencies on
//! docsdk, as a user's crate has them), built, then changed the two ways a user changes it.
//!
//! - A reviewed spec edited by hand changes the generated client on the next build, and a
//!   later change to its page does not undo the edit: the build warns instead.
//! - A page edited (no hand-edited spec) regenerates its client: a new parameter row becomes a
//!   new setter that compiles.
//! - Nothing changed, or a page merely touched: the generated files are left alone.
//!
//! Cost: `cargo check` of the copy in a target dir shared across runs (`target/docsdk-regen`,
//! or `DOCSDK_REGEN_TARGET_DIR`), so only the first run compiles dependencies.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn workspace() -> PathBuf {
    crate_dir().parent().expect("workspace root").to_path_buf()
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir").flatten() {
        let (src, dst) = (e.path(), to.join(e.file_name()));
        if src.is_dir() {
            copy_tree(&src, &dst);
        } else {
            std::fs::copy(&src, &dst).expect("copy");
        }
    }
}

/// This crate as a standalone crate under `root`: its manifest with the workspace's values
/// filled in and absolute paths to docsdk, and the workspace's lock file (offline builds).
fn copy_crate(root: &Path) {
    std::fs::create_dir_all(root).expect("mkdir");
    for part in ["build.rs", "src", "docs", "specs"] {
        let from = crate_dir().join(part);
        if from.is_dir() {
            copy_tree(&from, &root.join(part));
        } else {
            std::fs::copy(&from, root.join(part)).expect("copy");
        }
    }
    let ws = workspace();
    let manifest = std::fs::read_to_string(crate_dir().join("Cargo.toml"))
        .expect("manifest")
        .replace("edition.workspace = true", "edition = \"2021\"")
        .replace("license.workspace = true", "")
        .replace("\"../", &format!("\"{}/", ws.display()));
    std::fs::write(
        root.join("Cargo.toml"),
        format!("{manifest}\n[workspace]\n"),
    )
    .expect("write");
    std::fs::copy(ws.join("Cargo.lock"), root.join("Cargo.lock")).expect("lock");
}

fn target() -> PathBuf {
    std::env::var_os("DOCSDK_REGEN_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target/docsdk-regen"))
}

/// `cargo check` of the copy and its examples; returns what cargo printed.
fn check(root: &Path) -> String {
    cargo_check(root, &["--examples"])
}

fn cargo_check(root: &Path, extra: &[&str]) -> String {
    let out = Command::new(env!("CARGO"))
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target())
        .env_remove("DOCSDK_SPECS_DIR")
        .args(["check", "--offline"])
        .args(extra)
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "cargo check failed:\n{stderr}");
    stderr
}

/// The newest generated file at `rel` under any build of this crate in the shared target.
fn generated(rel: &str) -> (PathBuf, SystemTime) {
    let mut found: Vec<(PathBuf, SystemTime)> = std::fs::read_dir(target().join("debug/build"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("user-clients-"))
        .map(|e| e.path().join("out").join(rel))
        .filter_map(|p| {
            let stamp = std::fs::metadata(&p).and_then(|m| m.modified()).ok()?;
            Some((p, stamp))
        })
        .collect();
    found.sort_by_key(|f| std::cmp::Reverse(f.1));
    found.into_iter().next().expect("a generated file")
}

/// The generated code with whitespace removed, for matching across line breaks.
fn squeezed(path: &Path) -> String {
    std::fs::read_to_string(path)
        .expect("generated")
        .split_whitespace()
        .collect()
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    assert!(text.contains(from), "{} has `{from}`", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).expect("write");
}

const CVM: &str = "tencent/cvm/v20170312/describe_instances_status.rs";
const VOLC: &str = "volcengine/ecs/v20200401/start_instance.rs";

#[test]
fn the_reviewed_spec_is_the_contract_and_pages_regenerate() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("user-clients");
    copy_crate(&root);
    // A probe that uses the parameter the Volcengine page is about to gain.
    let probe = root.join("examples/probe.rs");
    std::fs::create_dir_all(probe.parent().expect("parent")).expect("mkdir");
    std::fs::write(&probe, "fn main() {}\n").expect("probe");
    check(&root);
    assert!(
        squeezed(&generated(CVM).0).contains(r#"maximum("Limit",100"#),
        "the page's limit"
    );

    // The user reviews the spec and corrects a limit by hand.
    let spec = root.join("specs/tencent/cvm/2017-03-12/DescribeInstancesStatus.toml");
    edit(&spec, "maximum = 100", "maximum = 50");
    check(&root);
    let code = squeezed(&generated(CVM).0);
    assert!(code.contains(r#"maximum("Limit",50"#), "the edited limit");
    assert!(!code.contains(r#"maximum("Limit",100"#));

    // Its page changes later: the edit still wins, and the build says how to reconcile.
    let page = root.join("docs/tencent/cvm/DescribeInstancesStatus.md");
    edit(
        &page,
        "Number of instances that match.",
        "Number of matching instances.",
    );
    let printed = check(&root);
    assert!(squeezed(&generated(CVM).0).contains(r#"maximum("Limit",50"#));
    assert!(
        printed.contains("DescribeInstancesStatus.toml") && printed.contains("--force"),
        "a warning names the spec and the way out:\n{printed}"
    );

    // A page without a hand-edited spec regenerates: a new row, a new setter.
    let page = root.join("docs/volcengine/ecs/StartInstance.md");
    edit(
        &page,
        "\n返回参数",
        "\nDryRun | Boolean | 否 | false | 是否只预检此次请求。 |\n返回参数",
    );
    std::fs::write(
        &probe,
        "use user_clients::volcengine::ecs::v20200401 as ecs;\n\
         fn main() {\n    let _ = ecs::StartInstanceRequest::builder().dry_run(true);\n}\n",
    )
    .expect("probe");
    check(&root);
    let (file, stamp) = generated(VOLC);
    let code = squeezed(&file);
    assert!(
        code.contains("valuedry_run.dry_run:bool") && code.contains("Sets`DryRun`."),
        "new setter"
    );

    // Nothing changed, then a page touched: the generated file is left alone.
    check(&root);
    let text = std::fs::read_to_string(&page).expect("page");
    std::fs::write(&page, text).expect("touch");
    check(&root);
    assert_eq!(
        generated(VOLC).1,
        stamp,
        "unchanged output is not rewritten"
    );
}

/// `docsdk generate --out DIR` (vendoring) gives the same clients as build.rs: a crate whose one
/// dependency is docsdk-runtime compiles them.
#[test]
fn vendored_clients_need_only_the_runtime() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("vendored");
    let loaded =
        docsdk_codegen::load::load_specs(&crate_dir().join("specs"), &crate_dir().join("docs"))
            .expect("specs load");
    let written = docsdk_codegen::generate::generate_to_dir(&loaded.specs, &root.join("src/apis"))
        .expect("generates");
    assert!(!written.is_empty());
    std::fs::write(
        root.join("src/lib.rs"),
        "#[path = \"apis/mod.rs\"]\nmod apis;\npub use apis::*;\n",
    )
    .expect("lib");
    std::fs::write(
        root.join("Cargo.toml"),
        format!(
            "[package]\nname = \"vendored\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n\
             [dependencies]\ndocsdk-runtime = {{ path = {:?} }}\n\n[workspace]\n",
            workspace().join("generated/runtime").display().to_string()
        ),
    )
    .expect("manifest");
    std::fs::copy(workspace().join("Cargo.lock"), root.join("Cargo.lock")).expect("lock");
    let printed = cargo_check(&root, &[]);
    assert!(printed.contains("Checking vendored"), "{printed}");
    assert!(!printed.contains("warning"), "warning-free:\n{printed}");
}

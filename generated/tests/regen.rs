//! Regeneration end to end: copy the workspace to a temp dir, add a parameter row to a doc
//! page, rebuild, and see the new builder method compile; then rebuild with nothing changed
//! (and with the page merely touched) and see the generated file left alone.
//!
//! Cost: `cargo check` of one service (`--no-default-features --features tencent-cvm`) in a
//! target dir shared across runs (`target/docsdk-regen`, or `DOCSDK_REGEN_TARGET_DIR`), so
//! only the first run compiles dependencies.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

mod support;

use support::{check, copy_workspace, shared_target};

/// The generated CVM action files in the shared target dir, newest first.
fn generated_files(target: &Path) -> Vec<(PathBuf, SystemTime)> {
    let mut found = Vec::new();
    let build = target.join("debug/build");
    for e in std::fs::read_dir(build).into_iter().flatten().flatten() {
        let p = e
            .path()
            .join("out/tencent/cvm/v20170312/disassociate_security_groups.rs");
        if let Ok(m) = std::fs::metadata(&p).and_then(|m| m.modified()) {
            found.push((p, m));
        }
    }
    found.sort_by_key(|f| std::cmp::Reverse(f.1));
    found
}

#[test]
fn editing_a_page_regenerates_and_nothing_else_does() {
    let target = shared_target();
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("ws");
    copy_workspace(&root);
    // A probe that uses the parameter the page is about to gain (compiled only after the edit).
    let probe = root.join("generated/examples/regen_probe.rs");
    std::fs::create_dir_all(probe.parent().expect("parent")).expect("mkdir");
    std::fs::write(&probe, "fn main() {}\n").expect("probe");
    check(&root, &target);

    // Add a parameter row to the CVM page.
    let page = root.join("specs/docs/002_84788bcdad813b1a.txt");
    let text = std::fs::read_to_string(&page).expect("page");
    let anchor = "InstanceIds.N Yes Array of String";
    let at = text.find(anchor).expect("the page has the InstanceIds row");
    let line_end = at + text[at..].find('\n').expect("row ends");
    let row =
        "\nDryRun No Boolean Whether to only check the request without disassociating anything.";
    let edited = format!("{}{row}{}", &text[..line_end], &text[line_end..]);
    std::fs::write(&page, edited).expect("edit page");
    std::fs::write(
        &probe,
        "use docsdk_clients::tencent::cvm::v20170312::DisassociateSecurityGroupsRequest;\n\
         fn main() {\n    let _ = DisassociateSecurityGroupsRequest::builder().dry_run(true);\n}\n",
    )
    .expect("probe");
    check(&root, &target);
    let files = generated_files(&target);
    let (newest, stamp) = files.first().cloned().expect("generated file");
    let code = std::fs::read_to_string(&newest).expect("generated");
    let flat: String = code.split_whitespace().collect();
    assert!(
        flat.contains("valuedry_run.dry_run:bool") && flat.contains("Sets`DryRun`."),
        "new setter generated"
    );

    // Nothing changed: no regeneration. A touched page reruns the build script, which must
    // still leave the generated file as it was.
    check(&root, &target);
    let text = std::fs::read_to_string(&page).expect("page");
    std::fs::write(&page, text).expect("touch page");
    check(&root, &target);
    let after = std::fs::metadata(&newest)
        .and_then(|m| m.modified())
        .expect("still there");
    assert_eq!(stamp, after, "unchanged output must not be rewritten");
}

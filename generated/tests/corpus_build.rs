//! Generalisation of the generator: the 29 corpus pages (../shared/corpus, read in place) are
//! added to a copy of the workspace's specs/docs, and the generated crate — every provider —
//! must compile without compiler warnings.

mod support;

use support::{check_with, copy_workspace, shared_target, workspace};

#[test]
fn corpus_pages_generate_code_that_compiles() {
    let pages = workspace().join("../shared/corpus/pages");
    if !pages.exists() {
        eprintln!("skipping: {} not present", pages.display());
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("ws");
    copy_workspace(&root);
    let docs = root.join("specs/docs");
    let mut added = 0;
    for provider in ["alibaba", "tencent"] {
        for page in std::fs::read_dir(pages.join(provider))
            .expect("pages")
            .flatten()
        {
            let name = format!("corpus_{provider}_{}", page.file_name().to_string_lossy());
            std::fs::copy(page.path(), docs.join(name)).expect("copy page");
            added += 1;
        }
    }
    assert_eq!(added, 29);
    check_with(&root, &shared_target(), &[]);
}

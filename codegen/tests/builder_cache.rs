//! The Builder's content-hash cache: a build whose inputs hash as last time parses and writes
//! nothing but still announces every input; an edited page makes the next build regenerate.

mod common;

use common::*;
use docsdk_codegen::builder::Builder;

fn copy_specs(to: &std::path::Path) {
    let docs = to.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    for prefix in ["000", "002"] {
        let page = seed(prefix);
        std::fs::copy(&page, docs.join(page.file_name().unwrap())).unwrap();
    }
    std::fs::copy(
        specs_dir().join("service-defaults.toml"),
        to.join("service-defaults.toml"),
    )
    .unwrap();
}

#[test]
fn unchanged_inputs_skip_generation_and_edits_regenerate() {
    let tmp = tempfile::tempdir().unwrap();
    let specs = tmp.path().join("specs");
    let out = tmp.path().join("out");
    copy_specs(&specs);
    let builder = Builder::new()
        .specs_dir(&specs)
        .out_dir(&out)
        .emit_rerun_if_changed(false);

    let first = builder.generate().unwrap();
    assert!(!first.fresh);
    assert_eq!(first.rendered, 2);
    assert_eq!(first.specs, 2);
    assert!(!first.written.is_empty());

    let second = builder.generate().unwrap();
    assert!(second.fresh, "nothing changed, so nothing is parsed");
    assert!(second.written.is_empty());
    assert_eq!(second.inputs, first.inputs, "the same inputs are announced");

    // Same bytes written again (a touch): still fresh, by content.
    let page = specs.join("docs").join(seed("002").file_name().unwrap());
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, &text).unwrap();
    assert!(builder.generate().unwrap().fresh);

    // An edited page regenerates, and rewrites only the files whose bytes changed.
    std::fs::write(
        &page,
        text.replace(
            "Only one security group",
            "Only one security group (edited)",
        ),
    )
    .unwrap();
    let third = builder.generate().unwrap();
    assert!(!third.fresh);
    assert_eq!(
        third.rendered, 1,
        "only the edited page's action is generated again"
    );
    assert!(third.written.len() <= 2, "{:?}", third.written);

    // A deleted output is noticed.
    for f in &first.written {
        let _ = std::fs::remove_file(out.join(f));
    }
    let _ = std::fs::remove_file(out.join("mod.rs"));
    let fourth = builder.generate().unwrap();
    assert!(!fourth.fresh);
    assert!(out.join("mod.rs").exists() || out.join("lib.rs").exists());

    // With the cache off every build generates.
    assert!(!builder.clone().cache(false).generate().unwrap().fresh);
}

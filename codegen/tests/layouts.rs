//! Page layouts beyond the seeds: one cell per line with an English multi-line header, and
//! tab-separated tables (a browser's copy of an HTML table).

mod common;

use common::*;
use docsdk_codegen::scrape;
use std::path::Path;

#[test]
fn one_cell_per_line_and_tab_tables() {
    let page =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layouts/one_cell_per_line.txt");
    let spec = scrape::scrape_page(&page, None, &defaults()).unwrap().spec;
    assert_eq!(spec.action.name, "DoThing");
    assert_eq!(spec.action.version, "2017-03-12");
    let names: Vec<&str> = spec.request.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["InstanceIds", "DryRun"]);
    assert!(spec.request[0].array && spec.request[0].required);
    assert_eq!(spec.request[0].constraints.max_items, Some(20));
    assert_eq!(
        (spec.request[1].ty.as_str(), spec.request[1].required),
        ("boolean", false)
    );
    assert_eq!(spec.response[0].name, "RequestId");
    assert_eq!(spec.errors[0].code, "InvalidInstanceId.NotFound");
}

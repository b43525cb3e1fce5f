//! Page layouts beyond the seeds: one cell per line with an English multi-line header, and
//! tab-separated tables (a browser's copy of an HTML table).

mod common;

use common::*;
use docsdk_codegen::scrape;
use docsdk_codegen::spec::{FieldType, HttpMethod};
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
        (&spec.request[1].ty, spec.request[1].required),
        (&FieldType::BOOLEAN, false)
    );
    assert_eq!(spec.response[0].name, "RequestId");
    assert_eq!(spec.errors[0].code, "InvalidInstanceId.NotFound");
}

/// A Tencent page saved from the browser (Chinese, chrome around it, a fake table in a script
/// and in the feedback box); a struct documented on another page gets its members from the
/// example response.
#[test]
fn saved_tencent_html_page() {
    let page = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/layouts/tencent_saved_page_zh.html");
    let scraped = scrape::scrape_page(&page, None, &defaults()).unwrap();
    let spec = scraped.spec;
    let a = &spec.action;
    assert_eq!(
        (a.service.as_str(), a.name.as_str(), a.version.as_str()),
        ("cvm", "CreateKeyPair", "2017-03-12")
    );
    assert_eq!(a.rate_limit.as_ref().map(|r| r.requests), Some(10));
    assert!(a.summary.contains("用于创建"), "{}", a.summary);
    let names: Vec<&str> = spec.request.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["KeyName", "ProjectId", "TagSpecification"]);
    assert_eq!(spec.request[0].constraints.max_length, Some(25));
    assert_eq!(spec.request[1].ty, FieldType::INTEGER);
    assert!(spec.request[2].array);
    let key_pair = spec.struct_named("KeyPair").expect("KeyPair struct");
    let members: Vec<&str> = key_pair.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(members, ["KeyId", "KeyName"]);
    assert_eq!(spec.errors.len(), 2);
    assert_eq!(spec.examples.len(), 1);
    assert_eq!(spec.examples[0].title, "示例1 创建密钥对");
    assert!(scraped.warnings.iter().any(|w| w
        .message
        .contains("TagSpecification is documented on another page")
        && w.line > 0));
}

/// A Volcengine page in English markdown: `Name.N.Key` members, a struct table of its own,
/// integer ranges and defaults.
#[test]
fn volcengine_markdown_page() {
    let page = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/layouts/volcengine_markdown_en.md");
    let spec = scrape::scrape_page(&page, None, &defaults()).unwrap().spec;
    assert_eq!(spec.action.provider.as_str(), "volcengine");
    assert_eq!(
        (spec.action.service.as_str(), spec.action.method),
        ("ecs", HttpMethod::Get)
    );
    let names: Vec<&str> = spec.request.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        ["InstanceIds", "MaxResults", "NextToken", "TagFilters"]
    );
    let max = &spec.request[1].constraints;
    assert_eq!(
        (max.minimum, max.maximum, max.default.as_deref()),
        (Some(1), Some(100), Some("10"))
    );
    let tag = spec.struct_named("TagFilters").expect("TagFilters struct");
    assert_eq!(
        tag.fields
            .iter()
            .map(|f| f.name.as_str())
            .collect::<Vec<_>>(),
        ["Key", "Values"]
    );
    assert!(tag.fields[1].array);
    let instance = spec.struct_named("Instance").expect("Instance struct");
    assert_eq!(instance.fields.len(), 2);
    assert_eq!(
        spec.errors
            .iter()
            .filter_map(|e| e.http_status)
            .collect::<Vec<_>>(),
        [400, 404]
    );
}

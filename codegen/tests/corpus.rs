//! Generalisation: scrape every page of ../shared/corpus (pages this code was not written
//! against) and score the request parameters against what each page states (page_view) and
//! against the official SDK models (truth), the way corpus/score.py does. The floors only go up.

mod common;
mod scoring;

use common::*;
use docsdk_codegen::scrape;
use scoring::{answers, index, print_table, score, Score};
use std::collections::BTreeMap;

/// Floors for the page_view score (what the pages say) and the truth score.
const PAGE_VIEW_F1: f64 = 0.99;
const PAGE_VIEW_REQUIRED: f64 = 0.99;
const PAGE_VIEW_TYPE: f64 = 0.99;
const TRUTH_F1: f64 = 0.85;
/// The ceiling against truth (what the pages say vs the SDKs) is 0.949 / 0.980: see
/// ../shared/corpus/KNOWN-DIFFERENCES.md.
const TRUTH_REQUIRED: f64 = 0.94;
const TRUTH_TYPE: f64 = 0.97;

#[test]
fn corpus_scores_stay_above_floor() {
    let corpus = shared().join("corpus");
    if !corpus.join("pages").exists() {
        eprintln!("skipping: {} not present", corpus.display());
        return;
    }
    let defaults = defaults();
    let mut page_view: BTreeMap<String, Score> = BTreeMap::new();
    let mut truth: BTreeMap<String, Score> = BTreeMap::new();
    for page in index(&corpus) {
        let path = corpus.join("pages").join(&page.file);
        let spec = scrape::scrape_page(&path, None, &defaults)
            .unwrap_or_else(|e| panic!("corpus page failed to scrape: {e}"))
            .spec;
        assert_eq!(spec.action.name, page.action, "{}: action", page.file);
        assert_round_trips(&spec, &page.file);
        assert_eq!(
            spec.action.provider.as_str(),
            page.provider,
            "{}: provider",
            page.file
        );
        let text = std::fs::read_to_string(&path).expect("page");
        let (pv, notes) = score(&spec, &answers(&corpus, "page_view", &page), &page, &text);
        let (tr, _) = score(&spec, &answers(&corpus, "truth", &page), &page, &text);
        if !notes.is_empty() {
            eprintln!("{}: {}", page.file, notes.join(", "));
        }
        for key in [
            format!("{}/{}", page.provider, page.format),
            format!("{}/{}", page.provider, page.language),
            "ALL".to_string(),
        ] {
            page_view.entry(key.clone()).or_default().add(pv);
            truth.entry(key).or_default().add(tr);
        }
    }
    print_table("corpus against page_view (what the pages say)", &page_view);
    print_table("corpus against the SDK models", &truth);
    let (pv, tr) = (page_view["ALL"], truth["ALL"]);
    assert_eq!(pv.pages, 29, "every corpus page scored");
    assert!(
        pv.f1() >= PAGE_VIEW_F1,
        "page_view param F1 {:.3} < {PAGE_VIEW_F1}",
        pv.f1()
    );
    assert!(
        pv.required() >= PAGE_VIEW_REQUIRED,
        "required accuracy {:.3}",
        pv.required()
    );
    assert!(
        pv.types() >= PAGE_VIEW_TYPE,
        "type accuracy {:.3}",
        pv.types()
    );
    assert!(
        tr.f1() >= TRUTH_F1,
        "truth param F1 {:.3} < {TRUTH_F1}",
        tr.f1()
    );
    assert!(
        tr.required() >= TRUTH_REQUIRED,
        "truth required accuracy {:.3}",
        tr.required()
    );
    assert!(
        tr.types() >= TRUTH_TYPE,
        "truth type accuracy {:.3}",
        tr.types()
    );
}

/// Alibaba's flat response layout (a list row, an untyped row naming its item, then members,
/// a name repeated at an outer level), duplicate error codes, and every corpus page's spec
/// generating code: the things a new page most often trips on.
#[test]
fn corpus_nesting_duplicates_and_generation() {
    let pages = shared().join("corpus").join("pages");
    if !pages.exists() {
        eprintln!("skipping: {} not present", pages.display());
        return;
    }
    let scrape_one = |rel: &str| {
        scrape::scrape_page(&pages.join(rel), None, &defaults()).unwrap_or_else(|e| panic!("{e}"))
    };
    let scraped = scrape_one("alibaba/DescribeSecurityGroupReferences.md");
    let refs = scraped.spec;
    let outer = refs
        .struct_named("SecurityGroupReference")
        .expect("item struct named by the page");
    let names: Vec<&str> = outer.fields.iter().map(|f| f.name.as_str()).collect();
    // The page's example response spells the list `SecurityReferencingGroups` where its table
    // says `ReferencingSecurityGroups`: both are kept, the example's with a warning.
    assert_eq!(
        names,
        [
            "ReferencingSecurityGroups",
            "SecurityGroupId",
            "SecurityReferencingGroups"
        ]
    );
    assert!(scraped.warnings.iter().any(|w| w
        .message
        .starts_with("SecurityReferencingGroups of SecurityGroupReference is in the example")));
    let inner = refs
        .struct_named("ReferencingSecurityGroup")
        .expect("inner item struct");
    let names: Vec<&str> = inner.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["AliUid", "SecurityGroupId"]);

    let roles = scrape_one("alibaba/DescribeInstanceRamRole.md");
    let top: Vec<&str> = roles
        .spec
        .response
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    // The page's example response also shows PageNumber and PageSize, which its table lacks:
    // they are kept, each with a warning.
    assert_eq!(
        top,
        [
            "InstanceRamRoleSets",
            "RegionId",
            "RequestId",
            "TotalCount",
            "PageNumber",
            "PageSize"
        ]
    );
    assert!(roles.warnings.iter().any(|w| w
        .message
        .starts_with("PageNumber is in the example response but in no response table")));

    let dup = scrape_one("alibaba/DeleteSecurityGroup.md");
    let codes: Vec<&str> = dup.spec.errors.iter().map(|e| e.code.as_str()).collect();
    let mut unique = codes.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(codes.len(), unique.len(), "{codes:?}");
    assert!(dup
        .warnings
        .iter()
        .any(|w| w.message.contains("listed again")));

    // Every corpus spec generates code that parses.
    let mut specs = Vec::new();
    for provider in ["alibaba", "tencent"] {
        for entry in std::fs::read_dir(pages.join(provider))
            .expect("pages")
            .flatten()
        {
            specs.push(
                scrape::scrape_page(&entry.path(), None, &defaults())
                    .expect("scrapes")
                    .spec,
            );
        }
    }
    // Two providers document an action of the same name; they live in different modules.
    let files =
        docsdk_codegen::generate::generate(&specs, &docsdk_codegen::generate::Settings::default())
            .unwrap_or_else(|e| panic!("corpus specs must generate: {e}"));
    assert!(files.len() > specs.len());
}

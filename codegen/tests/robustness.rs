//! Arbitrary bytes and truncated pages never panic the reader or the extractors: they give
//! blocks, warnings or a clear error.

mod common;

use common::*;
use docsdk_codegen::blocks::Format;
use docsdk_codegen::{extract, read};
use proptest::prelude::*;

fn run_all(text: &str) {
    let defaults = defaults();
    for format in [Format::Text, Format::Markdown, Format::Html] {
        let doc = read::read(text, format);
        let _ = extract::extract(&doc, &defaults);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        run_all(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn table_like_text_never_panics(s in "([A-Za-z0-9 .|\\-:\\[\\]{}\"\n]|Yes|No|String|Array of |是|否|名称|类型|错误码|HttpCode){0,400}") {
        run_all(&s);
    }
}

#[test]
fn truncated_seed_pages_never_panic() {
    for prefix in ["000", "001", "002", "003", "004"] {
        let text = std::fs::read_to_string(seed(prefix)).expect("seed");
        let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(7).collect();
        for cut in cuts {
            run_all(&text[..cut]);
        }
    }
}

#[test]
fn a_page_that_says_nothing_is_a_clear_error() {
    let doc = read::read("just some words\nand more words\n", Format::Text);
    let err = extract::extract(&doc, &defaults()).unwrap_err();
    assert!(err.to_string().contains("cannot tell which cloud"), "{err}");
}

/// A 10 MB page (a seed page repeated) reads in every format, and hostile shapes at 1 MB —
/// unclosed JSON and XML, endless tables, one giant line — finish too: the readers are linear.
#[test]
fn huge_and_hostile_pages_finish() {
    let seed_text = std::fs::read_to_string(seed("001")).expect("seed");
    let ten_mb = seed_text.repeat(10 * 1024 * 1024 / seed_text.len());
    for format in [Format::Text, Format::Markdown, Format::Html] {
        let doc = read::read(&ten_mb, format);
        assert!(
            !doc.blocks.is_empty(),
            "{format:?} read nothing from a 10 MB page"
        );
        let _ = extract::extract(&doc, &defaults());
    }
    let one_mb = 1024 * 1024;
    let shapes = [
        "{\n\"a\": [\n",
        "<Response>\n",
        "| Name | Type | Required |\n|---|---|---|\n",
        "| X | String | Yes |\n",
        "Parameter Name Required Type Description\nInstanceIds.N Yes Array of String ids\n",
        "名称类型是否必填\nKeyPairNames.N\nString\n",
        "<table><tr><td>",
        "x",
    ];
    for shape in shapes {
        let page = shape.repeat(one_mb / shape.len());
        for format in [Format::Text, Format::Markdown, Format::Html] {
            let _ = read::read(&page, format);
        }
    }
}

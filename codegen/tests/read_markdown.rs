//! Markdown reader: unit cases for each construct the doc templates use, and every corpus page.

#[path = "fixtures/read/corpus.rs"]
mod corpus;

use corpus::{bare, pages, request_table, tables};
use docsdk_codegen::blocks::{Block, Format, Table};
use docsdk_codegen::read::markdown::read;

fn only_table(src: &str) -> Table {
    let doc = read(src);
    let mut t: Vec<Table> = tables(&doc).cloned().collect();
    assert_eq!(t.len(), 1, "expected one table in {:#?}", doc.blocks);
    t.remove(0)
}

#[test]
fn headings_paragraphs_code_with_lines() {
    let src = "# Title {#doc_api .reference}\n\nFirst paragraph\ncontinues here.\n\n## Request parameters { .section}\n\n```json {#request_demo}\n{\n  \"a\": 1\n}\n```\n\n    indented code\n    line 2\n\n- item one\n- item two\n";
    let doc = read(src);
    assert_eq!(doc.format, Format::Markdown);
    assert_eq!(
        doc.blocks,
        vec![
            Block::Heading {
                level: 1,
                text: "Title".into(),
                line: 1
            },
            Block::Paragraph {
                text: "First paragraph\ncontinues here.".into(),
                line: 3
            },
            Block::Heading {
                level: 2,
                text: "Request parameters".into(),
                line: 6
            },
            Block::Code {
                text: "{\n  \"a\": 1\n}\n".into(),
                line: 8
            },
            Block::Code {
                text: "indented code\nline 2\n".into(),
                line: 14
            },
            Block::Paragraph {
                text: "- item one".into(),
                line: 17
            },
            Block::Paragraph {
                text: "- item two".into(),
                line: 18
            },
        ]
    );
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}

#[test]
fn crlf_lines_and_code_verbatim() {
    let src = "## A\r\n\r\n| Name | Type |\r\n|---|---|\r\n| X | String |\r\n| Y | Integer |\r\n\r\n```\r\nline1\r\n  line2\r\n```\r\n";
    let doc = read(src);
    let t = tables(&doc).next().unwrap();
    assert_eq!(t.line, 3);
    assert_eq!(t.header, vec!["Name", "Type"]);
    assert_eq!(t.rows[0].cells, vec!["X", "String"]);
    assert_eq!(t.rows[0].line, 5);
    assert_eq!(t.rows[1].line, 6);
    assert!(doc.blocks.contains(&Block::Code {
        text: "line1\n  line2\n".into(),
        line: 8
    }));
}

#[test]
fn inline_html_entities_escapes_links_code_in_cells() {
    let src = "| Parameter Name | Required | Type | Description |\n|---|---|---|---|\n\
| Filters.N | No | Array of [Filter](/document/api/215/##Filter) | Conditions:<br/><li> address-id - String - Required: No</li><li>status - `a&#124;b`</li> |\n\
| Password | Yes | String | chars \\* and \\[x\\] and a\\_b, `( ) [ ]` and <br>second &amp; line |\n";
    let t = only_table(src);
    assert_eq!(t.rows[0].cells[2], "Array of Filter");
    assert_eq!(
        t.rows[0].cells[3],
        "Conditions:\n- address-id - String - Required: No\n- status - a|b"
    );
    assert_eq!(
        t.rows[1].cells[3],
        "chars * and [x] and a_b, ( ) [ ] and\nsecond & line"
    );
    assert_eq!(t.rows[1].line, 4);
}

#[test]
fn escaped_pipe_entity_does_not_split_cells() {
    let t = only_table("|a|b|\n|-|-|\n|x &#124; y|z \\| w|\n");
    assert_eq!(t.rows[0].cells, vec!["x | y", "z | w"]);
}

#[test]
fn continued_rows_of_the_older_template_read_as_single_rows() {
    // Cell text, a blank line, then " |" alone; and a bullet list closed by "text|".
    let src = "## Request parameters {#parameters .section}\n\n\
|Name|Type|Required|Example|Description|\n\
|----|----|--------|-------|-----------|\n\
|KeyPairName|String|Yes|Key1| The name of the key pair.\n\
\n\
 |\n\
|ForceStop|String|No|true|Value range:-   true: force\n\
-   false: normally\n\
\n\
Default value: false.|\n\
|Plain|Integer|No|1|One line.|\n\
|Piped|String|No|x|a | b\n\
 |\n\
\n\
After.\n";
    let doc = read(src);
    let t = tables(&doc).next().unwrap();
    let names: Vec<_> = t.rows.iter().map(|r| r.cell(0)).collect();
    assert_eq!(names, vec!["KeyPairName", "ForceStop", "Plain", "Piped"]);
    let lines: Vec<_> = t.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![5, 8, 12, 13]);
    assert_eq!(t.rows[0].cells[4], "The name of the key pair.");
    assert_eq!(
        t.rows[1].cells[4],
        "Value range:- true: force\n- false: normally\n\nDefault value: false."
    );
    // A pipe on the row's own line still splits (GFM); the continuation closes the row.
    assert_eq!(t.rows[3].cells.len(), 5);
    assert!(doc.blocks.contains(&Block::Paragraph {
        text: "After.".into(),
        line: 16
    }));
    let warned: Vec<_> = doc.warnings.iter().map(|w| w.line).collect();
    assert_eq!(warned, vec![13], "{:?}", doc.warnings);
}

#[test]
fn continuation_stops_at_next_row_and_inside_fences_nothing_is_joined() {
    // A row without a closing pipe followed by a new row is a normal GFM row.
    let t = only_table("|a|b|\n|-|-|\n|x|y\n|z|w|\n");
    assert_eq!(t.rows.len(), 2);
    assert_eq!(t.rows[1].line, 4);
    let doc = read("```\n|a|b|\n|-|-|\n|x|y\n\n |\n```\n");
    assert_eq!(
        doc.blocks,
        vec![Block::Code {
            text: "|a|b|\n|-|-|\n|x|y\n\n |\n".into(),
            line: 1
        }]
    );
}

#[test]
fn nested_rows_get_depth_from_markers_and_indentation() {
    let src = "|Name|Type|\n|-|-|\n|Items|Array|\n|└Item|Object|\n|└└Key|String|\n|&nbsp;&nbsp;&nbsp;&nbsp;└Value|String|\n|\u{a0}\u{a0}Indented|String|\n|Top|String|\n";
    let t = only_table(src);
    let got: Vec<_> = t
        .rows
        .iter()
        .map(|r| (r.cell(0).to_string(), r.depth))
        .collect();
    assert_eq!(
        got,
        vec![
            ("Items".to_string(), 0),
            ("Item".to_string(), 1),
            ("Key".to_string(), 2),
            ("Value".to_string(), 3),
            ("Indented".to_string(), 1),
            ("Top".to_string(), 0),
        ]
    );
}

#[test]
fn inline_html_table_is_read_with_source_lines() {
    let src = "## 2. 输入参数\n以下请求参数列表。\n<table>\n<thead>\n<tr>\n<th>参数名称</th>\n<th>类型</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>Action</td>\n<td>String</td>\n</tr>\n\n<tr><td>Version</td><td>String<br>公共参数</td></tr>\n</tbody>\n</table>\n\n## 3. 输出参数\n";
    let doc = read(src);
    let t = tables(&doc).next().expect("table");
    assert_eq!(t.line, 3);
    assert_eq!(t.header, vec!["参数名称", "类型"]);
    assert_eq!(t.rows.len(), 2, "{t:#?}");
    assert_eq!(t.rows[0].line, 11);
    assert_eq!(t.rows[1].line, 16);
    assert_eq!(t.rows[1].cells, vec!["Version", "String\n公共参数"]);
    // Nothing of the table leaks out as paragraphs, and the next heading keeps its line.
    assert!(doc
        .blocks
        .iter()
        .all(|b| !matches!(b, Block::Paragraph { text, .. } if text.contains("Action"))));
    assert!(doc.blocks.contains(&Block::Heading {
        level: 2,
        text: "3. 输出参数".into(),
        line: 20
    }));
}

#[test]
fn ragged_rows_are_padded_and_warned() {
    let doc = read("|a|b|c|\n|-|-|-|\n|1|2|\n|1|2|3|4|\n");
    let t = tables(&doc).next().unwrap();
    assert_eq!(t.rows[0].cells, vec!["1", "2", ""]);
    assert_eq!(t.rows[1].cells, vec!["1", "2", "3"]);
    let lines: Vec<_> = doc.warnings.iter().map(|w| w.line).collect();
    assert_eq!(lines, vec![3, 4]);
}

#[test]
fn empty_and_odd_inputs() {
    for src in [
        "",
        "\n",
        "|",
        "|\n|",
        "|-|\n",
        "```",
        "<table>",
        "<table><tr><td>x",
        "\r\r\n",
    ] {
        let doc = read(src);
        for b in &doc.blocks {
            assert!(b.line() >= 1, "{src:?}: {b:?}");
        }
    }
    let doc = read("<table><tr><td>x</td></tr>\n\nnot closed\n");
    assert!(!doc.warnings.is_empty());
}

#[test]
fn corpus_request_tables_have_the_page_view_names() {
    let pages = pages();
    let mut checked = 0;
    for page in &pages {
        let doc = read(&page.source);
        let Some(t) = request_table(&doc, &page.request_names) else {
            panic!(
                "{}/{}: no table holds {:?}; tables: {:#?}",
                page.provider,
                page.action,
                page.request_names,
                tables(&doc).map(|t| &t.header).collect::<Vec<_>>()
            );
        };
        assert!(
            t.header.len() >= 4,
            "{}: header {:?}",
            page.action,
            t.header
        );
        let src_lines: Vec<&str> = page.source.lines().collect();
        for name in &page.request_names {
            let row = t
                .rows
                .iter()
                .find(|r| bare(r.cell(0)) == bare(name))
                .unwrap();
            // Every cell is filled in: no row lost its columns to a continued cell.
            assert!(
                row.cells.iter().take(3).all(|c| !c.is_empty()),
                "{}/{}: {:?}",
                page.provider,
                page.action,
                row
            );
            // The row's line is where the page prints the name (the <tr> line, or the one
            // after it, for an HTML table).
            let at = |l: usize| src_lines.get(l.wrapping_sub(1)).copied().unwrap_or("");
            assert!(
                at(row.line).contains(row.cell(0)) || at(row.line + 1).contains(row.cell(0)),
                "{}/{}: row {} at line {} reads {:?}",
                page.provider,
                page.action,
                row.cell(0),
                row.line,
                at(row.line)
            );
        }
        // No parameter row is ever made of the description's inner list items.
        assert!(t.rows.iter().all(|r| !r.cell(0).starts_with('-')));
        assert!(
            doc.warnings.is_empty(),
            "{}/{}: {:?}",
            page.provider,
            page.action,
            doc.warnings
        );
        checked += 1;
    }
    if !pages.is_empty() {
        assert_eq!(checked, pages.len());
        assert!(checked >= 29);
    }
}

#[test]
fn corpus_headings_carry_no_attribute_blocks() {
    for page in pages() {
        let doc = read(&page.source);
        for b in &doc.blocks {
            if let Block::Heading { text, .. } = b {
                assert!(
                    !text.contains("{#") && !text.contains(".section}"),
                    "{}: {text}",
                    page.action
                );
            }
        }
    }
}

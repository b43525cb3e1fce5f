// temporary
#[test]
fn dump() {
    let Ok(p) = std::env::var("DUMP") else { return };
    let s = std::fs::read_to_string(&p).unwrap();
    let d = if p.ends_with(".md") {
        docsdk_codegen::read::markdown::read(&s)
    } else {
        docsdk_codegen::read::html::read(&s)
    };
    for b in &d.blocks {
        match b {
            docsdk_codegen::blocks::Block::Table(t) => {
                println!("TABLE @{} {:?}", t.line, t.header);
                for r in &t.rows {
                    println!("  row @{} d{} {:?}", r.line, r.depth, r.cells);
                }
            }
            other => println!("{:?}", other),
        }
    }
    for w in &d.warnings {
        println!("WARN {w}");
    }
}

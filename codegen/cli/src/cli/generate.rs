//! `docsdk generate`: the clients the build script would make, written to a folder as a plain
//! module tree for users who vendor the code.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct GenerateArgs {
    /// The folder to write (its `mod.rs` is the root module).
    #[arg(long)]
    pub out: PathBuf,
    /// The specs folder (pages in `<specs>/docs` are scraped unless their spec was edited by
    /// hand, overrides applied).
    #[arg(long, default_value = "specs")]
    pub specs: PathBuf,
    /// Only these actions (`provider.service.Action`, or `provider` / `provider.service`).
    #[arg(long)]
    pub only: Vec<String>,
    /// Fail when an action cannot be generated instead of leaving it out with a warning.
    #[arg(long)]
    pub strict: bool,
}

pub fn run(args: &GenerateArgs) -> ExitCode {
    let GenerateArgs {
        out,
        specs: specs_dir,
        only,
        strict,
    } = args;
    let strict = *strict;
    let loaded = match docsdk_codegen::load::load_specs(specs_dir, &specs_dir.join("docs")) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    for (path, w) in &loaded.warnings {
        eprintln!(
            "{}: {}:{}: {}",
            w.level.as_str(),
            path.display(),
            w.line,
            w.message
        );
    }
    for n in &loaded.page_changed {
        eprintln!("warning: {n}");
    }
    let selected: Vec<_> = loaded
        .specs
        .into_iter()
        .filter(|s| {
            let a = &s.action;
            let full = format!("{}.{}.{}", a.provider, a.service, a.name);
            only.is_empty()
                || only
                    .iter()
                    .any(|o| full == *o || full.starts_with(&format!("{o}.")))
        })
        .collect();
    if selected.is_empty() {
        eprintln!("error: no actions selected");
        return ExitCode::from(2);
    }
    let settings = docsdk_codegen::generate::Settings::vendored();
    let output = match docsdk_codegen::generate::generate_output(&selected, &settings) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    for w in &output.warnings {
        eprintln!("warning: {w}");
    }
    // An action that cannot be generated is left out; the others are written. `--strict`
    // turns that into a failure, as `Builder::strict` does in a build script.
    for l in &output.left_out {
        eprintln!("{}: {l}", if strict { "error" } else { "warning" });
    }
    if strict && !output.left_out.is_empty() {
        return ExitCode::from(1);
    }
    match docsdk_codegen::generate::write_files(out, &output.files) {
        Ok(written) => {
            println!(
                "{} actions → {} ({} files rewritten, {} left out)",
                selected.len() - output.left_out.len(),
                out.display(),
                written.len(),
                output.left_out.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}: {e}", out.display());
            ExitCode::from(1)
        }
    }
}

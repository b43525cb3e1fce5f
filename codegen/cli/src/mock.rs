//! `docsdk mock`: load the specs of a folder (pages scraped, edits and overrides applied) and
//! serve them with `docsdk-mock` until interrupted.

use docsdk_auth::credentials::Credentials;
use docsdk_codegen::load::load_specs;
use docsdk_mock::{MockConfig, MockServer, TEST_ACCESS_KEY_ID, TEST_SECRET};
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// Options of `docsdk mock`.
#[derive(Debug, Clone, clap::Args)]
pub struct MockArgs {
    /// The specs folder (pages in `<specs>/docs` are scraped unless their spec was edited by
    /// hand, overrides applied).
    #[arg(long, default_value = "specs")]
    pub specs: PathBuf,
    /// Doc pages folder (default: `<specs>/docs`).
    #[arg(long)]
    pub docs: Option<PathBuf>,
    #[arg(long, default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// 0 picks a free port; the first line printed is `listening on http://HOST:PORT`.
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Access key id to accept (with --secret). The test key pair and any keys in the
    /// clouds' SDK environment variables are always accepted.
    #[arg(long, requires = "secret")]
    pub access_key_id: Option<String>,
    #[arg(long, requires = "access_key_id")]
    pub secret: Option<String>,
    /// Accept unsigned and wrongly signed requests.
    #[arg(long)]
    pub no_verify: bool,
    /// Largest accepted distance between a signature's time and the clock, in seconds
    /// (0: any).
    #[arg(long, default_value_t = 900)]
    pub max_clock_skew: u64,
    /// Answer the first N calls of every action (per ClientToken) with a throttling error.
    #[arg(long, default_value_t = 0)]
    pub fail_first: u32,
    /// Throttling answers ask the client to wait this many milliseconds (Alibaba
    /// `x-acs-retry-after`, else `Retry-After` in whole seconds); 0: no hint.
    #[arg(long, default_value_t = 0)]
    pub retry_after_ms: u64,
    /// Do not print a line per request to stderr.
    #[arg(long)]
    pub quiet: bool,
}

pub fn run(args: MockArgs) -> ExitCode {
    let docs = args.docs.clone().unwrap_or_else(|| args.specs.join("docs"));
    let loaded = match load_specs(&args.specs, &docs) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    for n in &loaded.page_changed {
        eprintln!("warning: {n}");
    }
    let mut config = MockConfig::new(loaded.specs)
        .with_addr(SocketAddr::new(args.host, args.port))
        .with_env_credentials()
        .verify_signatures(!args.no_verify)
        .with_max_clock_skew(
            (args.max_clock_skew > 0).then(|| Duration::from_secs(args.max_clock_skew)),
        )
        .with_fail_first(args.fail_first)
        .log_to_stderr(!args.quiet);
    if args.retry_after_ms > 0 {
        config = config.with_retry_after(Duration::from_millis(args.retry_after_ms));
    }
    if let (Some(id), Some(secret)) = (&args.access_key_id, &args.secret) {
        config = config.with_credentials(Credentials::new(id.clone(), secret.clone()));
    }
    let actions = config.specs.len();
    let handle = match MockServer::start(config) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let mut out = std::io::stdout().lock();
    let printed = writeln!(out, "listening on {}", handle.url()).and_then(|_| out.flush());
    drop(out);
    if let Err(e) = printed {
        eprintln!("error: cannot write to stdout: {e}");
        return ExitCode::from(1);
    }
    eprintln!(
        "docsdk mock: {actions} actions; test key {TEST_ACCESS_KEY_ID} / {TEST_SECRET}{}",
        if args.no_verify {
            "; signatures not verified"
        } else {
            ""
        }
    );
    handle.wait();
    ExitCode::SUCCESS
}

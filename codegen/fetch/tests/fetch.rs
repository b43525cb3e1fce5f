//! `fetch` against a real HTTP server on loopback (started by each test). Every failure mode
//! is checked by what is on disk afterwards and by the page's outcome and the exit code.
//! Nothing here reaches beyond 127.0.0.1.

#![cfg(unix)] // inode checks: "not rewritten" means the same file, not merely the same bytes

mod support;

use docsdk_codegen::blocks::{Block, Format};
use docsdk_fetch::{
    fetch, Error, Failure, FetchOptions, FetchReport, FetchState, Manifest, PageEntry, Refusal,
    Status,
};
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::time::{Duration, Instant};
use support::server::{always, page, page_dated, seq, Reply, Server};

/// A synthetic API page: a heading, a sentence and a parameter table.
fn api_page(action: &str, rows: usize) -> String {
    let mut s = format!(
        "<!doctype html><html><head><title>{action}</title></head><body>\
         <h1>{action}</h1><p>Runs {action} on a widget.</p><h2>Request parameters</h2>\
         <table><tr><th>Parameter</th><th>Type</th><th>Required</th><th>Description</th></tr>"
    );
    for i in 0..rows {
        s.push_str(&format!(
            "<tr><td>Field{i}</td><td>String</td><td>Yes</td><td>Field number {i}.</td></tr>"
        ));
    }
    s.push_str("</table></body></html>");
    s
}

const ERROR_PAGE: &str =
    "<!doctype html><html><body><h1>Service busy</h1><p>Please try again later.</p></body></html>";

fn opts() -> FetchOptions {
    FetchOptions {
        concurrency: 4,
        per_host_rate: None,
        timeout: Duration::from_millis(300),
        max_body_bytes: 64 * 1024,
        max_redirects: 3,
        retries: 2,
        backoff_base: Duration::from_millis(10),
        backoff_cap: Duration::from_millis(40),
        retry_after_cap: Duration::from_secs(5),
        user_agent: "docsdk-fetch-test".into(),
    }
}

fn manifest(entries: &[(&str, &str)]) -> Manifest {
    Manifest {
        pages: entries
            .iter()
            .map(|(url, file)| PageEntry::new(*url, *file))
            .collect(),
    }
}

async fn run(m: &Manifest, dir: &Path, o: &FetchOptions) -> FetchReport {
    fetch(m, dir, o, &[] as &[&str]).await.expect("run")
}

fn read(dir: &Path, file: &str) -> Option<String> {
    std::fs::read_to_string(dir.join(file)).ok()
}

/// Inode and mtime: a rename-based rewrite changes the inode.
fn identity(dir: &Path, file: &str) -> (u64, i64, i64) {
    let m = std::fs::metadata(dir.join(file)).expect("saved page");
    (m.ino(), m.mtime(), m.mtime_nsec())
}

fn only_files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Fetches `good` once so there is a saved page, then serves `route` instead.
async fn saved_then(
    route: support::server::Route,
    o: &FetchOptions,
) -> (Server, tempfile::TempDir, Manifest, String, FetchReport) {
    let server = Server::start().await;
    let good = api_page("RunThing", 3);
    server.set("/p", page(&good));
    let dir = tempfile::tempdir().expect("tempdir");
    let m = manifest(&[(&server.url("/p"), "p.html")]);
    let first = run(&m, dir.path(), o).await;
    assert_eq!(first.pages[0].status, Status::Added);
    server.set("/p", route);
    let second = run(&m, dir.path(), o).await;
    (server, dir, m, good, second)
}

fn assert_failed(report: &FetchReport, want: impl Fn(&Failure) -> bool) {
    let p = &report.pages[0];
    assert!(p.failure().is_some_and(&want), "unexpected outcome: {p}");
    assert_eq!(report.exit_code(), 1);
    assert!(report.changed_paths().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unchanged_page_costs_one_conditional_request_and_is_not_rewritten() {
    let server = Server::start().await;
    let body = api_page("RunThing", 3);
    server.set("/a", page(&body));
    let dir = tempfile::tempdir().expect("tempdir");
    let m = manifest(&[(&server.url("/a"), "a.html")]);

    let first = run(&m, dir.path(), &opts()).await;
    assert_eq!(first.pages[0].status, Status::Added, "{first}");
    assert_eq!(first.changed_paths(), vec![dir.path().join("a.html")]);
    assert_eq!(read(dir.path(), "a.html").as_deref(), Some(body.as_str()));
    let state = FetchState::load(&FetchState::path(dir.path())).expect("state");
    assert!(state.pages["a.html"].etag.is_some());
    let before = identity(dir.path(), "a.html");

    let second = run(&m, dir.path(), &opts()).await;
    let p = &second.pages[0];
    assert_eq!(p.status, Status::Unchanged { not_modified: true }, "{p}");
    assert_eq!(p.attempts, 1);
    assert_eq!(second.exit_code(), 0);
    assert!(second.changed_paths().is_empty());
    let reqs = server.requests("/a");
    assert_eq!(reqs.len(), 2, "one request per run");
    assert!(reqs[0].header("if-none-match").is_none());
    assert!(reqs[1].header("if-none-match").is_some());
    assert_eq!(identity(dir.path(), "a.html"), before, "rewritten");
    assert_eq!(read(dir.path(), "a.html").as_deref(), Some(body.as_str()));
    assert!(p.to_string().starts_with("unchanged a.html (304"), "{p}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn last_modified_alone_makes_the_request_conditional() {
    let server = Server::start().await;
    let date = "Wed, 21 Oct 2015 07:28:00 GMT";
    server.set("/a", page_dated(&api_page("RunThing", 2), date));
    let dir = tempfile::tempdir().expect("tempdir");
    let m = manifest(&[(&server.url("/a"), "a.html")]);
    run(&m, dir.path(), &opts()).await;
    let before = identity(dir.path(), "a.html");
    let second = run(&m, dir.path(), &opts()).await;
    assert_eq!(
        second.pages[0].status,
        Status::Unchanged { not_modified: true }
    );
    let reqs = server.requests("/a");
    assert_eq!(reqs[1].header("if-modified-since"), Some(date));
    assert!(reqs[1].header("if-none-match").is_none());
    assert_eq!(identity(dir.path(), "a.html"), before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn same_bytes_without_validators_are_not_rewritten() {
    let server = Server::start().await;
    let body = api_page("RunThing", 2);
    server.set("/a", always(Reply::ok(&body)));
    let dir = tempfile::tempdir().expect("tempdir");
    let m = manifest(&[(&server.url("/a"), "a.html")]);
    run(&m, dir.path(), &opts()).await;
    let before = identity(dir.path(), "a.html");
    let second = run(&m, dir.path(), &opts()).await;
    assert_eq!(
        second.pages[0].status,
        Status::Unchanged {
            not_modified: false
        }
    );
    assert_eq!(identity(dir.path(), "a.html"), before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_that_changed_is_updated() {
    let server = Server::start().await;
    server.set("/a", page(&api_page("RunThing", 2)));
    let dir = tempfile::tempdir().expect("tempdir");
    let m = manifest(&[(&server.url("/a"), "a.html")]);
    run(&m, dir.path(), &opts()).await;

    let newer = api_page("RunThing", 5);
    server.set("/a", page(&newer));
    let report = run(&m, dir.path(), &opts()).await;
    assert_eq!(report.pages[0].status, Status::Updated, "{report}");
    assert_eq!(report.changed_paths(), vec![dir.path().join("a.html")]);
    assert_eq!(read(dir.path(), "a.html").as_deref(), Some(newer.as_str()));
    // The old validators were sent and did not match.
    assert!(server.requests("/a")[1].header("if-none-match").is_some());
    assert_eq!(only_files(dir.path()), vec![".fetch-state.toml", "a.html"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_edited_by_hand_is_fetched_in_full_and_restored() {
    let server = Server::start().await;
    let body = api_page("RunThing", 2);
    server.set("/a", page(&body));
    let dir = tempfile::tempdir().expect("tempdir");
    let m = manifest(&[(&server.url("/a"), "a.html")]);
    run(&m, dir.path(), &opts()).await;
    std::fs::write(dir.path().join("a.html"), api_page("Edited", 2)).expect("edit");
    let report = run(&m, dir.path(), &opts()).await;
    assert_eq!(report.pages[0].status, Status::Updated);
    assert!(server.requests("/a")[1].header("if-none-match").is_none());
    assert_eq!(read(dir.path(), "a.html").as_deref(), Some(body.as_str()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn not_found_fails_at_once_and_keeps_the_saved_page() {
    let (server, dir, _, good, report) =
        saved_then(always(Reply::status(404, "<html>gone</html>")), &opts()).await;
    assert_failed(&report, |f| *f == Failure::NotFound(404));
    assert_eq!(report.pages[0].attempts, 1, "404 is not retried");
    assert_eq!(server.requests("/p").len(), 2);
    assert_eq!(read(dir.path(), "p.html"), Some(good));
    let line = report.pages[0].to_string();
    assert!(
        line.starts_with("failed    p.html: not found (404) — http://127.0.0.1:"),
        "{line}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_errors_are_retried_until_success() {
    let server = Server::start().await;
    let body = api_page("RunThing", 2);
    server.set(
        "/a",
        seq(
            vec![Reply::status(500, "oops"), Reply::status(503, "busy")],
            page(&body),
        ),
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let m = manifest(&[(&server.url("/a"), "a.html")]);
    let report = run(&m, dir.path(), &opts()).await;
    assert_eq!(report.pages[0].status, Status::Added, "{report}");
    assert_eq!(report.pages[0].attempts, 3);
    assert_eq!(report.exit_code(), 0);
    assert_eq!(read(dir.path(), "a.html"), Some(body));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_error_every_time_fails_and_keeps_the_saved_page() {
    let (server, dir, _, good, report) =
        saved_then(always(Reply::status(500, "oops")), &opts()).await;
    assert_failed(&report, |f| *f == Failure::ServerError(500));
    assert_eq!(report.pages[0].attempts, 3, "first try and two retries");
    assert_eq!(server.requests("/p").len(), 4);
    assert_eq!(read(dir.path(), "p.html"), Some(good));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_many_requests_waits_for_retry_after() {
    let server = Server::start().await;
    let body = api_page("RunThing", 2);
    server.set(
        "/a",
        seq(
            vec![Reply::status(429, "slow down").with_header("Retry-After", "1")],
            page(&body),
        ),
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let m = manifest(&[(&server.url("/a"), "a.html")]);
    let t = Instant::now();
    let report = run(&m, dir.path(), &opts()).await;
    assert!(
        t.elapsed() >= Duration::from_millis(950),
        "{:?}",
        t.elapsed()
    );
    assert_eq!(report.pages[0].status, Status::Added, "{report}");
    assert_eq!(report.pages[0].attempts, 2);
    assert_eq!(read(dir.path(), "a.html"), Some(body));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retry_after_beyond_the_cap_fails_at_once() {
    let route = always(Reply::status(429, "later").with_header("Retry-After", "3600"));
    let (_, dir, _, good, report) = saved_then(route, &opts()).await;
    assert_failed(&report, |f| {
        matches!(f, Failure::RetryAfterTooLong { status: 429, .. })
    });
    assert_eq!(report.pages[0].attempts, 1);
    assert_eq!(read(dir.path(), "p.html"), Some(good));
    let line = report.pages[0].to_string();
    assert!(
        line.contains("Retry-After 3600 s is over the 5 s cap"),
        "{line}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_response_times_out_and_keeps_the_saved_page() {
    let slow = Reply::Delay(
        Duration::from_secs(2),
        Box::new(Reply::ok(&api_page("Late", 9))),
    );
    let o = FetchOptions {
        retries: 1,
        ..opts()
    };
    let (_, dir, _, good, report) = saved_then(always(slow), &o).await;
    assert_failed(&report, |f| matches!(f, Failure::Timeout(_)));
    assert_eq!(report.pages[0].attempts, 2);
    assert!(report.pages[0]
        .to_string()
        .contains("timed out after 300 ms"));
    assert_eq!(read(dir.path(), "p.html"), Some(good));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_stalls_mid_way_times_out_and_keeps_the_saved_page() {
    let newer = api_page("RunThing", 8);
    let stall = Reply::Stall {
        declared: newer.len(),
        body: newer.as_bytes()[..newer.len() / 2].to_vec(),
        pause: Duration::from_secs(2),
    };
    let o = FetchOptions {
        retries: 0,
        ..opts()
    };
    let (_, dir, _, good, report) = saved_then(always(stall), &o).await;
    assert_failed(&report, |f| matches!(f, Failure::Timeout(_)));
    assert_eq!(read(dir.path(), "p.html"), Some(good));
    assert_eq!(only_files(dir.path()), vec![".fetch-state.toml", "p.html"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_cut_short_keeps_the_saved_page_and_leaves_no_temp_file() {
    let newer = api_page("RunThing", 8);
    let cut = Reply::Cut {
        declared: newer.len(),
        body: newer.as_bytes()[..newer.len() / 2].to_vec(),
    };
    let (_, dir, _, good, report) = saved_then(always(cut), &opts()).await;
    assert_failed(&report, |f| matches!(f, Failure::Truncated { .. }));
    assert_eq!(report.pages[0].attempts, 3, "a cut body is retried");
    assert_eq!(read(dir.path(), "p.html"), Some(good));
    assert_eq!(only_files(dir.path()), vec![".fetch-state.toml", "p.html"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_error_page_served_with_200_is_refused() {
    let (_, dir, _, good, report) = saved_then(always(Reply::ok(ERROR_PAGE)), &opts()).await;
    assert_failed(&report, |f| {
        *f == Failure::Refused(Refusal::NoTables { old_tables: 1 })
    });
    assert_eq!(read(dir.path(), "p.html"), Some(good));
    let line = report.pages[0].to_string();
    assert!(
        line.contains("served an error page: no API tables, the saved page has 1"),
        "{line}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_body_never_replaces_or_creates_a_page() {
    let (server, dir, m, good, report) = saved_then(always(Reply::ok("  \n\t")), &opts()).await;
    assert_failed(&report, |f| *f == Failure::Refused(Refusal::Empty));
    assert_eq!(read(dir.path(), "p.html"), Some(good));

    server.set("/new", always(Reply::ok("")));
    let mut m = m;
    m.pages.push(PageEntry::new(server.url("/new"), "new.html"));
    let report = fetch(&m, dir.path(), &opts(), &["new.html"])
        .await
        .expect("run");
    assert_failed(&report, |f| *f == Failure::Refused(Refusal::Empty));
    assert_eq!(read(dir.path(), "new.html"), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redirects_are_followed() {
    let server = Server::start().await;
    let body = api_page("RunThing", 2);
    server.set("/old", always(Reply::redirect(301, "/mid")));
    server.set("/mid", always(Reply::redirect(302, &server.url("/new"))));
    server.set("/new", page(&body));
    let dir = tempfile::tempdir().expect("tempdir");
    let m = manifest(&[(&server.url("/old"), "a.html")]);
    let report = run(&m, dir.path(), &opts()).await;
    assert_eq!(report.pages[0].status, Status::Added, "{report}");
    assert_eq!(report.pages[0].attempts, 1, "hops are not attempts");
    assert_eq!(read(dir.path(), "a.html"), Some(body));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redirect_loop_is_reported() {
    let server = Server::start().await;
    server.set("/a", always(Reply::redirect(302, "/b")));
    server.set("/b", always(Reply::redirect(302, "/a")));
    let dir = tempfile::tempdir().expect("tempdir");
    let m = manifest(&[(&server.url("/a"), "a.html")]);
    let report = run(&m, dir.path(), &opts()).await;
    assert_failed(
        &report,
        |f| matches!(f, Failure::RedirectLoop(u) if u.ends_with("/a")),
    );
    assert!(report.pages[0].to_string().contains("redirect loop"));
    assert_eq!(read(dir.path(), "a.html"), None);
    assert_eq!(server.requests("/a").len(), 1, "a loop is not retried");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_many_redirects_are_reported() {
    let server = Server::start().await;
    for i in 0..10 {
        server.set(
            &format!("/r{i}"),
            always(Reply::redirect(307, &format!("/r{}", i + 1))),
        );
    }
    let (_, dir, _, good, report) =
        saved_then(always(Reply::redirect(308, &server.url("/r0"))), &opts()).await;
    assert_failed(&report, |f| *f == Failure::TooManyRedirects(3));
    assert_eq!(read(dir.path(), "p.html"), Some(good));
    // The redirect chain lives on the first server; `saved_then` made its own.
    let _ = server;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_huge_body_is_refused_announced_or_streamed() {
    let huge = "x".repeat(100 * 1024);
    let (server, dir, m, good, report) = saved_then(always(Reply::ok(&huge)), &opts()).await;
    assert_failed(&report, |f| *f == Failure::TooLarge { limit: 64 * 1024 });
    assert_eq!(report.pages[0].attempts, 1, "too large is not retried");
    assert_eq!(read(dir.path(), "p.html").as_deref(), Some(good.as_str()));

    // No Content-Length: the cap stops the read.
    server.set(
        "/p",
        always(Reply::Chunked {
            chunk: vec![b'y'; 4096],
            count: 10_000,
        }),
    );
    let report = run(&m, dir.path(), &opts()).await;
    assert_failed(&report, |f| matches!(f, Failure::TooLarge { .. }));
    assert_eq!(read(dir.path(), "p.html"), Some(good));
    assert_eq!(only_files(dir.path()), vec![".fetch-state.toml", "p.html"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_connection_fails_after_retries() {
    // A port that was free a moment ago: nothing listens there.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let m = manifest(&[(&format!("http://127.0.0.1:{port}/a"), "a.html")]);
    let report = run(&m, dir.path(), &opts()).await;
    assert_failed(&report, |f| matches!(f, Failure::Connect(_)));
    assert_eq!(report.pages[0].attempts, 3);
    assert_eq!(only_files(dir.path()), Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_pages_concurrently_within_the_bound() {
    let server = Server::start().await;
    let n = 200;
    let mut entries = Vec::new();
    for i in 0..n {
        let path = format!("/page/{i}");
        server.set(
            &path,
            // A little latency so that concurrency shows.
            {
                let inner = page(&api_page(&format!("Action{i}"), 2));
                std::sync::Arc::new(move |req: &support::server::Req, k| {
                    Reply::Delay(Duration::from_millis(5), Box::new(inner(req, k)))
                })
            },
        );
        entries.push((server.url(&path), format!("page{i}.html")));
    }
    let m = Manifest {
        pages: entries
            .iter()
            .map(|(u, f)| PageEntry::new(u.as_str(), f.as_str()))
            .collect(),
    };
    let o = FetchOptions {
        concurrency: 8,
        ..opts()
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let report = run(&m, dir.path(), &o).await;
    assert_eq!(report.updated().count(), n, "{}", report.summary());
    assert!(server.max_in_flight() <= 8, "{}", server.max_in_flight());
    assert!(server.max_in_flight() >= 2, "no concurrency at all");
    for i in [0, 57, 199] {
        assert_eq!(
            read(dir.path(), &format!("page{i}.html")),
            Some(api_page(&format!("Action{i}"), 2))
        );
    }
    // In manifest order, whatever order they finished in.
    assert_eq!(report.pages[42].file, "page42.html");

    let again = run(&m, dir.path(), &o).await;
    assert_eq!(again.unchanged().count(), n, "{}", again.summary());
    assert_eq!(server.total_requests(), 2 * n);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_per_host_rate_limit_spaces_requests() {
    let server = Server::start().await;
    let mut m = Manifest::default();
    for i in 0..6 {
        let path = format!("/r{i}");
        server.set(&path, page(&api_page("RunThing", 1)));
        m.pages
            .push(PageEntry::new(server.url(&path), format!("r{i}.html")));
    }
    let o = FetchOptions {
        per_host_rate: Some(20.0),
        concurrency: 6,
        ..opts()
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let t = Instant::now();
    let report = run(&m, dir.path(), &o).await;
    assert_eq!(report.exit_code(), 0, "{report}");
    // Six requests 50 ms apart: at least 250 ms.
    assert!(
        t.elapsed() >= Duration::from_millis(240),
        "{:?}",
        t.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn html_saved_as_text_keeps_its_tables_for_the_text_reader() {
    let server = Server::start().await;
    server.set("/a", page(&api_page("RunThing", 3)));
    let dir = tempfile::tempdir().expect("tempdir");
    let m = manifest(&[(&server.url("/a"), "a.txt")]);
    let report = run(&m, dir.path(), &opts()).await;
    assert_eq!(report.pages[0].status, Status::Added, "{report}");
    let text = read(dir.path(), "a.txt").expect("saved");
    assert!(!text.contains('<'), "{text}");
    assert!(
        text.contains("Field1 | String | Yes | Field number 1. |"),
        "{text}"
    );
    let doc = docsdk_codegen::read::read(&text, Format::Text);
    let rows: Vec<usize> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t.rows.len()),
            _ => None,
        })
        .collect();
    assert_eq!(rows, vec![3], "{text}");

    // Unchanged HTML gives the same text: not rewritten (the 304 short-cuts it anyway).
    let before = identity(dir.path(), "a.txt");
    let again = run(&m, dir.path(), &opts()).await;
    assert!(matches!(again.pages[0].status, Status::Unchanged { .. }));
    assert_eq!(identity(dir.path(), "a.txt"), before);

    // An error page stored as text has no table either: refused.
    server.set("/a", always(Reply::ok(ERROR_PAGE)));
    let bad = run(&m, dir.path(), &opts()).await;
    assert_failed(&bad, |f| {
        matches!(f, Failure::Refused(Refusal::NoTables { .. }))
    });
    assert_eq!(read(dir.path(), "a.txt"), Some(text));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn entries_without_url_are_skipped_and_only_selects_pages() {
    let server = Server::start().await;
    server.set("/a", page(&api_page("A", 1)));
    server.set("/b", page(&api_page("B", 1)));
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("hand.txt"), "saved by hand").expect("write");
    let mut m = manifest(&[(&server.url("/a"), "a.html"), (&server.url("/b"), "b.html")]);
    m.pages.push(PageEntry {
        url: None,
        ..PageEntry::new("", "hand.txt")
    });

    let report = fetch(&m, dir.path(), &opts(), &["b.html"])
        .await
        .expect("run");
    assert_eq!(report.pages.len(), 1);
    assert_eq!(report.pages[0].file, "b.html");
    assert!(server.requests("/a").is_empty());

    let by_url = fetch(&m, dir.path(), &opts(), &[server.url("/a")])
        .await
        .expect("run");
    assert_eq!(by_url.pages[0].file, "a.html");

    let all = run(&m, dir.path(), &opts()).await;
    let hand = &all.pages[2];
    assert!(matches!(hand.status, Status::Skipped(_)), "{hand}");
    assert_eq!(
        hand.to_string(),
        "skipped   hand.txt: no URL (saved by hand; not fetched)"
    );
    assert_eq!(all.exit_code(), 0, "{all}");
    assert_eq!(
        read(dir.path(), "hand.txt").as_deref(),
        Some("saved by hand")
    );

    let unknown = fetch(&m, dir.path(), &opts(), &["nope.html"]).await;
    assert!(matches!(unknown, Err(Error::UnknownPage(n)) if n == "nope.html"));

    // A manifest built in code is checked like a loaded one: nothing outside the folder.
    let escape = manifest(&[(&server.url("/a"), "../escape.html")]);
    let r = fetch(&escape, dir.path(), &opts(), &[] as &[&str]).await;
    assert!(matches!(r, Err(Error::InvalidManifest(_))), "{r:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fetch_blocking_inside_a_runtime_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let r = docsdk_fetch::fetch_blocking(&Manifest::default(), dir.path(), &opts(), &[] as &[&str]);
    assert!(matches!(r, Err(Error::Client(_))), "{r:?}");
}

#[test]
fn fetch_blocking_runs_without_a_runtime() {
    let dir = tempfile::tempdir().expect("tempdir");
    let m = Manifest {
        pages: vec![PageEntry {
            url: None,
            ..PageEntry::new("", "hand.txt")
        }],
    };
    let report =
        docsdk_fetch::fetch_blocking(&m, dir.path(), &opts(), &[] as &[&str]).expect("run");
    assert_eq!(report.skipped().count(), 1);
    let mut lines = Vec::new();
    let with =
        docsdk_fetch::fetch_blocking_with_progress(&m, dir.path(), &opts(), &["hand.txt"], |p| {
            lines.push(p.to_string())
        })
        .expect("run");
    assert_eq!(lines, vec![with.pages[0].to_string()]);
    assert!(report
        .summary()
        .starts_with("1 pages: 0 added, 0 updated, 0 unchanged, 0 failed, 1 skipped"));
}

/// The repository's own manifest: valid, and every listed page is in specs/docs.
#[test]
fn the_repository_manifest_lists_the_seed_pages() {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs");
    let m = Manifest::load(&specs.join("pages.toml")).expect("specs/pages.toml");
    assert!(m.pages.len() >= 5);
    for p in &m.pages {
        assert!(
            specs.join("docs").join(&p.file).is_file(),
            "{} missing",
            p.file
        );
        assert!(
            p.url.is_some() || p.note.is_some(),
            "{}: no URL and no note",
            p.file
        );
        assert!(p.provider.is_some() && p.service.is_some() && p.version.is_some());
    }
}

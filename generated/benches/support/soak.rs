//! The soak: one client, many calls across the five seed actions at many concurrent tasks,
//! against `docsdk mock` with injected faults in a fixed random mix, checked from the mock's
//! request log and the calls' results. Shared by `benches/soak.rs` (10,000 calls) and the
//! smoke test in `tests/load.rs` (300 calls). Not a bench target itself (it lives in
//! `benches/support/`).
//!
//! Faults: connection refused (the client's resolver sends a fixed share of connections to
//! [`MockHandle::refusing_addr`], where nothing listens; every request opens a new
//! connection), and the mock's [`Faults`]: reset before and after the request is read,
//! answers delayed past the client's timeout, 5xx, throttling with and without a wait hint,
//! malformed, truncated and oversized bodies.

#![allow(dead_code)]

use docsdk_clients::alibaba::ecs::v20140526 as ali;
use docsdk_clients::runtime::{self, credentials::Credentials, RateLimits, RetryConfig, SdkError};
use docsdk_clients::tencent::{
    cvm::v20170312 as cvm, ecm::v20190719 as ecm, vpc::v20170312 as vpc,
};
use docsdk_clients::volcengine::ecs::v20200401 as volc;
use docsdk_codegen::spec::Spec;
use docsdk_mock::{
    roll, Fault, Faults, LoggedRequest, MockConfig, MockHandle, MockServer, TEST_ACCESS_KEY_ID,
    TEST_SECRET,
};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What to run.
#[derive(Debug, Clone)]
pub struct SoakConfig {
    pub calls: usize,
    pub concurrency: usize,
    pub seed: u64,
    /// Per mille of connections refused.
    pub refused: u64,
    pub faults: Faults,
    /// The client's per-attempt timeout (delayed answers wait twice this).
    pub timeout: Duration,
    /// No new call starts after this.
    pub time_limit: Duration,
    /// Call `n`'s action: per mille for cvm, ecm and vpc (the rate-limited ones); the rest is
    /// split between Volcengine and Alibaba.
    pub limited_mix: [u64; 3],
    /// After how many finished calls to take the first memory reading.
    pub rss_mark: usize,
}

impl SoakConfig {
    pub fn new(calls: usize, concurrency: usize) -> Self {
        let timeout = Duration::from_millis(300);
        SoakConfig {
            calls,
            concurrency,
            seed: 0x5eed_d0c5,
            refused: 20,
            faults: Faults::every(0x5eed_d0c5, 20)
                .with(Fault::ServerError, 30)
                .with(Fault::Throttle, 30)
                .with(Fault::ThrottleRetryAfter, 30)
                .with(Fault::Oversized, 10)
                .with_delay(timeout * 2)
                .with_retry_after(Duration::from_millis(50)),
            timeout,
            time_limit: Duration::from_secs(600),
            limited_mix: [30, 60, 60],
            rss_mark: calls.min(1000),
        }
    }
}

/// The five seed actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    Cvm,
    Ecm,
    Vpc,
    Volc,
    Ali,
}

impl Action {
    pub const ALL: [Action; 5] = [
        Action::Cvm,
        Action::Ecm,
        Action::Vpc,
        Action::Volc,
        Action::Ali,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Action::Cvm => "DisassociateSecurityGroups",
            Action::Ecm => "DisassociateInstancesKeyPairs",
            Action::Vpc => "DisassociateNetworkInterfaceSecurityGroups",
            Action::Volc => "DeleteKeyPairs",
            Action::Ali => "DetachInstanceRamRole",
        }
    }

    fn by_name(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The documented limit per second, if any.
    pub fn limit(self) -> Option<usize> {
        match self {
            Action::Cvm => Some(10),
            Action::Ecm | Action::Vpc => Some(20),
            Action::Volc | Action::Ali => None,
        }
    }

    /// Whether the action has an idempotency token (only Volcengine's `ClientToken`).
    pub fn has_token(self) -> bool {
        self == Action::Volc
    }

    /// The parameter whose first item carries the call's number.
    fn id_param(self) -> &'static str {
        match self {
            Action::Cvm | Action::Ecm | Action::Ali => "InstanceIds",
            Action::Vpc => "NetworkInterfaceIds",
            Action::Volc => "KeyPairNames",
        }
    }
}

fn action_of(cfg: &SoakConfig, n: u64) -> Action {
    let r = roll(cfg.seed ^ 0xac71, n);
    let [c, e, v] = cfg.limited_mix;
    if r < c {
        Action::Cvm
    } else if r < c + e {
        Action::Ecm
    } else if r < c + e + v {
        Action::Vpc
    } else if r.is_multiple_of(2) {
        Action::Volc
    } else {
        Action::Ali
    }
}

/// Sends a fixed share of connections to an address nobody listens on.
struct RefusingDns {
    live: SocketAddr,
    dead: SocketAddr,
    seed: u64,
    per_mille: u64,
    n: AtomicU64,
    refused: AtomicU64,
}

impl reqwest::dns::Resolve for RefusingDns {
    fn resolve(&self, _name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let n = self.n.fetch_add(1, Ordering::Relaxed);
        let addr = if roll(self.seed ^ 0xdead, n) < self.per_mille {
            self.refused.fetch_add(1, Ordering::Relaxed);
            self.dead
        } else {
            self.live
        };
        Box::pin(async move { Ok(Box::new(std::iter::once(addr)) as reqwest::dns::Addrs) })
    }
}

/// How one call ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    Success,
    Service,
    Transport,
    Response,
    Validation,
    Config,
    Signing,
}

impl Outcome {
    fn of<T, E>(r: &Result<T, SdkError<E>>) -> Outcome {
        match r {
            Ok(_) => Outcome::Success,
            Err(SdkError::Service(_)) => Outcome::Service,
            Err(SdkError::Transport(_)) => Outcome::Transport,
            Err(SdkError::Response { .. }) => Outcome::Response,
            Err(SdkError::Validation(_)) => Outcome::Validation,
            Err(SdkError::Config(_)) => Outcome::Config,
            Err(SdkError::Signing(_)) => Outcome::Signing,
        }
    }
}

/// How and how fast a call ended (`None` until it has).
type Ended = Option<(Outcome, Duration)>;

/// What the server log says about one call (filled while draining the log).
#[derive(Debug, Clone, Copy, Default)]
struct Seen {
    attempts: u32,
    executions: u32,
    token: u64,
    token_changed: bool,
}

/// The figures and every check's count.
#[derive(Debug)]
pub struct SoakReport {
    pub calls: usize,
    pub finished: usize,
    pub outcomes: BTreeMap<Outcome, usize>,
    pub panics: usize,
    /// Server-side attempts (logged by the mock) and refused connections.
    pub logged_attempts: u64,
    pub refused_connections: u64,
    pub reset_connections: u64,
    pub faults: BTreeMap<&'static str, u64>,
    /// Calls of actions without a token executed more than once.
    pub duplicate_executions: usize,
    /// Calls whose attempts carried different tokens (or none).
    pub token_mismatches: usize,
    /// Calls that succeeded without a logged execution (something lost).
    pub success_without_execution: usize,
    /// One-second windows (starting at each request) over an action's documented limit.
    pub rate_violations: usize,
    pub max_in_window: BTreeMap<&'static str, (usize, usize)>,
    pub elapsed: Duration,
    pub p50: Duration,
    pub p99: Duration,
    pub max: Duration,
    pub rss_mark_kib: Option<u64>,
    pub rss_end_kib: Option<u64>,
}

impl SoakReport {
    pub fn calls_per_second(&self) -> f64 {
        self.finished as f64 / self.elapsed.as_secs_f64()
    }

    /// Attempts per call, counted at the server plus refused connections.
    pub fn attempts_per_call(&self) -> f64 {
        (self.logged_attempts + self.refused_connections + self.reset_connections) as f64
            / self.finished.max(1) as f64
    }

    pub fn rss_growth(&self) -> Option<f64> {
        Some(self.rss_end_kib? as f64 / self.rss_mark_kib? as f64 - 1.0)
    }

    /// Every target of the issue, as failures (empty: all met).
    pub fn failures(&self, rss_limit: Option<f64>) -> Vec<String> {
        let mut out = Vec::new();
        let accounted: usize = self.outcomes.values().sum();
        if self.finished != self.calls || accounted != self.calls {
            out.push(format!(
                "{} of {} calls finished, {accounted} with an outcome",
                self.finished, self.calls
            ));
        }
        for (what, n) in [
            ("panics", self.panics),
            ("duplicate executions", self.duplicate_executions),
            ("token mismatches", self.token_mismatches),
            (
                "successes without an execution",
                self.success_without_execution,
            ),
            ("rate-limit violations", self.rate_violations),
        ] {
            if n > 0 {
                out.push(format!("{n} {what}"));
            }
        }
        if let (Some(limit), Some(g)) = (rss_limit, self.rss_growth()) {
            if g > limit {
                out.push(format!(
                    "resident memory grew {:.1} % (limit {:.0} %)",
                    g * 100.0,
                    limit * 100.0
                ));
            }
        }
        out
    }

    pub fn print(&self) {
        println!(
            "soak: {} calls ({} finished) in {:.1} s = {:.0} calls/s; attempts/call {:.2} \
             ({} at the server, {} refused, {} reset before read)",
            self.calls,
            self.finished,
            self.elapsed.as_secs_f64(),
            self.calls_per_second(),
            self.attempts_per_call(),
            self.logged_attempts,
            self.refused_connections,
            self.reset_connections,
        );
        println!(
            "latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            ms(self.p50),
            ms(self.p99),
            ms(self.max)
        );
        println!("outcomes: {:?}", self.outcomes);
        println!("faults injected by the mock: {:?}", self.faults);
        println!(
            "duplicate executions {}, token mismatches {}, successes without execution {}, \
             rate-limit violations {} (max per 1 s window / limit: {:?}), panics {}",
            self.duplicate_executions,
            self.token_mismatches,
            self.success_without_execution,
            self.rate_violations,
            self.max_in_window,
            self.panics
        );
        if let (Some(a), Some(b)) = (self.rss_mark_kib, self.rss_end_kib) {
            println!(
                "resident memory: {:.1} MiB after the first {} calls, {:.1} MiB at the end ({:+.1} %)",
                a as f64 / 1024.0,
                self.calls.min(1000),
                b as f64 / 1024.0,
                (b as f64 / a as f64 - 1.0) * 100.0
            );
        }
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// VmRSS of this process, in KiB (Linux).
pub fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The call number a logged request carries, from its id parameter (`ins-123`).
fn call_number(action: Action, r: &LoggedRequest) -> Option<usize> {
    let first = r.param(action.id_param())?.as_array()?.first()?.as_str()?;
    first.rsplit('-').next()?.parse().ok()
}

fn hash(s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish() | 1
}

/// Folds drained log entries into per-call state and per-action arrival times.
struct Ledger {
    seen: Vec<Seen>,
    arrivals: BTreeMap<Action, Vec<Duration>>,
    faults: BTreeMap<&'static str, u64>,
    logged: u64,
    unmatched: u64,
}

impl Ledger {
    fn new(calls: usize) -> Self {
        Ledger {
            seen: vec![Seen::default(); calls],
            arrivals: Action::ALL
                .into_iter()
                .filter(|a| a.limit().is_some())
                .map(|a| (a, Vec::with_capacity(calls)))
                .collect(),
            faults: BTreeMap::new(),
            logged: 0,
            unmatched: 0,
        }
    }

    fn absorb(&mut self, log: Vec<LoggedRequest>) {
        for r in log {
            self.logged += 1;
            if let Some(f) = r.fault {
                *self.faults.entry(f.as_str()).or_default() += 1;
            }
            let Some(action) = r.action.as_deref().and_then(Action::by_name) else {
                self.unmatched += 1;
                continue;
            };
            if let Some(times) = self.arrivals.get_mut(&action) {
                times.push(r.since_start);
            }
            let Some(s) = call_number(action, &r).and_then(|n| self.seen.get_mut(n)) else {
                self.unmatched += 1;
                continue;
            };
            s.attempts += 1;
            if r.executed() {
                s.executions += 1;
            }
            if action.has_token() {
                let token = r.client_token().map(hash).unwrap_or(0);
                if s.token == 0 {
                    s.token = token;
                }
                if token == 0 || token != s.token {
                    s.token_changed = true;
                }
            }
        }
    }
}

/// Runs the soak on the current tokio runtime.
pub async fn run(specs: Vec<Spec>, cfg: SoakConfig) -> SoakReport {
    let panics = Arc::new(AtomicUsize::new(0));
    {
        let panics = Arc::clone(&panics);
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            panics.fetch_add(1, Ordering::Relaxed);
            previous(info);
        }));
    }
    let mock = MockServer::start(
        MockConfig::new(specs)
            .with_faults(cfg.faults.clone())
            .with_max_logged_requests(1 << 20),
    )
    .expect("mock starts");
    let dns = Arc::new(RefusingDns {
        live: mock.addr(),
        dead: mock.refusing_addr().expect("a refusing address"),
        seed: cfg.seed,
        per_mille: cfg.refused,
        n: AtomicU64::new(0),
        refused: AtomicU64::new(0),
    });
    // The endpoint's host names no address: the resolver above decides where each
    // connection goes (the URL has no port, so the resolver's addresses keep theirs), and a
    // new connection per request lets connection faults hit any attempt.
    let client = runtime::Client::builder()
        .endpoint_url("http://docsdk-mock.soak")
        .region("ap-guangzhou")
        .http_client(
            reqwest::Client::builder()
                .dns_resolver(Arc::clone(&dns))
                .pool_max_idle_per_host(0)
                .connect_timeout(cfg.timeout)
                .build()
                .expect("http client"),
        )
        .timeout(cfg.timeout)
        .credentials(Credentials::new(TEST_ACCESS_KEY_ID, TEST_SECRET))
        .credentials_from_env(false)
        .region_from_env(false)
        .rate_limits(RateLimits::documented())
        .retry(
            RetryConfig::standard()
                .with_max_attempts(4)
                .with_initial_backoff(Duration::from_millis(20))
                .with_max_retry_after(Duration::from_secs(2)),
        )
        .build()
        .expect("client");

    let ledger = Arc::new(Mutex::new(Ledger::new(cfg.calls)));
    let next = Arc::new(AtomicUsize::new(0));
    let finished = Arc::new(AtomicUsize::new(0));
    let outcomes: Arc<Mutex<Vec<Ended>>> = Arc::new(Mutex::new(vec![None; cfg.calls]));
    let rss_mark = Arc::new(Mutex::new(None::<u64>));
    let started = Instant::now();
    let deadline = started + cfg.time_limit;
    let mock = Arc::new(mock);

    // Drains the mock's log while the calls run, so it does not grow.
    let drain = {
        let (mock, ledger, finished) = (
            Arc::clone(&mock),
            Arc::clone(&ledger),
            Arc::clone(&finished),
        );
        let calls = cfg.calls;
        tokio::spawn(async move {
            while finished.load(Ordering::Relaxed) < calls && Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(100)).await;
                let log = mock.take_requests();
                ledger.lock().unwrap_or_else(|e| e.into_inner()).absorb(log);
            }
        })
    };

    let mut tasks = Vec::new();
    for _ in 0..cfg.concurrency {
        let (client, next, finished, outcomes, rss_mark) = (
            client.clone(),
            Arc::clone(&next),
            Arc::clone(&finished),
            Arc::clone(&outcomes),
            Arc::clone(&rss_mark),
        );
        let cfg = cfg.clone();
        tasks.push(tokio::spawn(async move {
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= cfg.calls || Instant::now() >= deadline {
                    return;
                }
                let t0 = Instant::now();
                let outcome = one_call(&client, action_of(&cfg, n as u64), n).await;
                let took = t0.elapsed();
                outcomes.lock().unwrap_or_else(|e| e.into_inner())[n] = Some((outcome, took));
                let done = finished.fetch_add(1, Ordering::Relaxed) + 1;
                if done == cfg.rss_mark {
                    *rss_mark.lock().unwrap_or_else(|e| e.into_inner()) = rss_kib();
                }
            }
        }));
    }
    let mut task_panics = 0;
    for t in tasks {
        if let Err(e) = t.await {
            task_panics += usize::from(e.is_panic());
        }
    }
    let elapsed = started.elapsed();
    let _ = drain.await;
    // Answers still in flight at the mock (delayed ones) land in the log shortly.
    tokio::time::sleep(cfg.timeout * 3).await;
    let rss_end = rss_kib();
    let mut ledger = Arc::try_unwrap(ledger)
        .map(|m| m.into_inner().unwrap_or_else(|e| e.into_inner()))
        .unwrap_or_else(|l| Ledger::new(l.lock().map(|l| l.seen.len()).unwrap_or(0)));
    ledger.absorb(mock.take_requests());

    let outcomes = Arc::try_unwrap(outcomes)
        .map(|m| m.into_inner().unwrap_or_else(|e| e.into_inner()))
        .unwrap_or_default();
    let mut by_outcome = BTreeMap::new();
    let mut latencies = Vec::with_capacity(cfg.calls);
    let (mut duplicate, mut mismatched, mut lost) = (0, 0, 0);
    for (n, o) in outcomes.iter().enumerate() {
        let Some((outcome, took)) = o else { continue };
        *by_outcome.entry(*outcome).or_insert(0) += 1;
        latencies.push(*took);
        let action = action_of(&cfg, n as u64);
        let seen = ledger.seen[n];
        if !action.has_token() && seen.executions > 1 {
            duplicate += 1;
        }
        if action.has_token() && seen.attempts > 0 && seen.token_changed {
            mismatched += 1;
        }
        if *outcome == Outcome::Success && seen.executions == 0 {
            lost += 1;
        }
    }
    latencies.sort();
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    let mut violations = 0;
    let mut max_in_window = BTreeMap::new();
    for (action, times) in ledger.arrivals.iter_mut() {
        let limit = action.limit().unwrap_or(usize::MAX);
        times.sort();
        let mut j = 0;
        let mut best = 0;
        for i in 0..times.len() {
            while j < times.len() && times[j] < times[i] + Duration::from_secs(1) {
                j += 1;
            }
            best = best.max(j - i);
            if j - i > limit {
                violations += 1;
            }
        }
        max_in_window.insert(action.name(), (best, limit));
    }
    let report = SoakReport {
        calls: cfg.calls,
        finished: finished.load(Ordering::Relaxed),
        outcomes: by_outcome,
        panics: panics.load(Ordering::Relaxed) + task_panics,
        logged_attempts: ledger.logged,
        refused_connections: dns.refused.load(Ordering::Relaxed),
        reset_connections: (0..mock_connections(&mock))
            .filter(|n| cfg.faults.reset_connection(*n))
            .count() as u64,
        faults: ledger.faults,
        duplicate_executions: duplicate,
        token_mismatches: mismatched,
        success_without_execution: lost,
        rate_violations: violations,
        max_in_window,
        elapsed,
        p50: pct(0.50),
        p99: pct(0.99),
        max: latencies.last().copied().unwrap_or_default(),
        rss_mark_kib: *rss_mark.lock().unwrap_or_else(|e| e.into_inner()),
        rss_end_kib: rss_end,
    };
    let _ = std::panic::take_hook();
    report
}

/// How many connections the mock accepted.
fn mock_connections(mock: &MockHandle) -> u64 {
    mock.connections_accepted()
}

async fn one_call(c: &runtime::Client, action: Action, n: usize) -> Outcome {
    match action {
        Action::Cvm => Outcome::of(
            &cvm::Client::new(c.clone())
                .disassociate_security_groups()
                .security_group_ids(["sg-1"])
                .instance_ids([format!("ins-{n}")])
                .send()
                .await,
        ),
        Action::Ecm => Outcome::of(
            &ecm::Client::new(c.clone())
                .disassociate_instances_key_pairs()
                .instance_ids([format!("ein-{n}")])
                .key_ids(["skey-1"])
                .send()
                .await,
        ),
        Action::Vpc => Outcome::of(
            &vpc::Client::new(c.clone())
                .disassociate_network_interface_security_groups()
                .network_interface_ids([format!("eni-{n}")])
                .security_group_ids(["sg-1"])
                .send()
                .await,
        ),
        Action::Volc => Outcome::of(
            &volc::Client::new(c.clone())
                .delete_key_pairs()
                .key_pair_names([format!("k-{n}")])
                .send()
                .await,
        ),
        Action::Ali => Outcome::of(
            &ali::Client::new(c.clone())
                .detach_instance_ram_role()
                .region_id("cn-hangzhou")
                .instance_ids([format!("i-{n}")])
                .send()
                .await,
        ),
    }
}

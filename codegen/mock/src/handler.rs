//! One request in, one answer out: routing, signature, spec, parameters, triggers, fail-first,
//! validation and the answer, plus the request log. No I/O here, so it is testable directly.

use super::auth::{self, Scope, Verifier};
use super::errors::{self, Common, Failure};
use super::params;
use super::respond::{self, Meta};
use super::route::{self, Incoming, RouteError};
use super::validate::{self, Kind, Violation, Wire};
use super::{
    Fault, LoggedRequest, LoggedViolation, MockConfig, FAIL_CODE_HEADER, FAIL_FIRST_HEADER,
    RETRY_AFTER_HEADER,
};
use docsdk_auth::signing::UtcTime;
use docsdk_protocol::wire;
use docsdk_spec::{Provider, RegionUse, Spec};
use serde_json::{Map, Value};
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime};

pub struct State {
    pub config: MockConfig,
    started: Instant,
    seq: AtomicU64,
    /// Requests and connections seen, for the fault mix.
    pub(crate) fault_requests: AtomicU64,
    pub(crate) fault_connections: AtomicU64,
    attempts: Mutex<HashMap<String, u32>>,
    log: Mutex<VecDeque<LoggedRequest>>,
}

/// An answer: status, headers besides `Content-Type`, and JSON body.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
}

/// What is learned about a call while handling it (for the envelope and the log).
#[derive(Default)]
struct Call {
    provider: Option<Provider>,
    service: Option<String>,
    action: Option<String>,
    version: Option<String>,
    region: Option<String>,
    endpoint: Option<String>,
    params: Value,
    violations: Vec<LoggedViolation>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock cannot leave these maps inconsistent.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl State {
    pub fn new(config: MockConfig) -> State {
        State {
            config,
            started: Instant::now(),
            seq: AtomicU64::new(0),
            fault_requests: AtomicU64::new(0),
            fault_connections: AtomicU64::new(0),
            attempts: Mutex::new(HashMap::new()),
            log: Mutex::new(VecDeque::new()),
        }
    }

    pub fn requests(&self) -> Vec<LoggedRequest> {
        lock(&self.log).iter().cloned().collect()
    }

    pub fn clear_requests(&self) {
        lock(&self.log).clear();
    }

    /// The log so far, emptied.
    pub fn take_requests(&self) -> Vec<LoggedRequest> {
        lock(&self.log).drain(..).collect()
    }

    #[cfg(test)]
    pub fn handle(&self, inc: &Incoming) -> Answer {
        self.handle_with(inc, None)
    }

    /// Handles `inc` with an injected fault: one that refuses the call (5xx, throttling)
    /// answers instead of carrying it out; the others are the server's to apply to the
    /// answer.
    pub fn handle_with(&self, inc: &Incoming, fault: Option<Fault>) -> Answer {
        let received_at = SystemTime::now();
        let since_start = self.started.elapsed();
        let seq = self.seq.fetch_add(1, Ordering::Relaxed);
        let mut call = Call {
            params: Value::Object(Map::new()),
            ..Call::default()
        };
        let outcome = self.process(inc, &mut call, fault);
        let request_id = respond::request_id(call.provider);
        let host = if inc.host().is_empty() {
            call.endpoint.clone().unwrap_or_default()
        } else {
            inc.host().to_string()
        };
        let meta = Meta {
            request_id: request_id.clone(),
            action: call.action.clone().unwrap_or_default(),
            version: call.version.clone().unwrap_or_default(),
            service: call.service.clone().unwrap_or_default(),
            region: call.region.clone().unwrap_or_default(),
            host,
        };
        let (status, body, error_code) = match (outcome, call.provider) {
            (Ok(result), Some(p)) => (200, respond::success(p, &meta, result), None),
            (Ok(_), None) => {
                let f = Failure {
                    code: "UnrecognizedRequest".into(),
                    message: "the provider could not be determined".into(),
                    status: 400,
                };
                (400, respond::error(None, &meta, &f), Some(f.code))
            }
            (Err(f), p) => (
                if p.is_some() { f.status } else { 400 },
                respond::error(p, &meta, &f),
                Some(f.code),
            ),
        };
        if self.config.log_to_stderr {
            eprintln!(
                "{seq} {} {} {} -> {status}{}",
                inc.method,
                call.provider.map(|p| p.as_str()).unwrap_or("?"),
                call.action.as_deref().unwrap_or("?"),
                error_code
                    .as_deref()
                    .map(|c| format!(" {c}"))
                    .unwrap_or_default()
            );
        }
        let headers = match (call.provider, &error_code) {
            (Some(p), Some(code)) => self.wait_hint(inc, p, code, status, fault),
            _ => Vec::new(),
        };
        let mut log = lock(&self.log);
        if log.len() >= self.config.max_logged_requests.max(1) {
            log.pop_front();
        }
        log.push_back(LoggedRequest {
            seq,
            received_at,
            since_start,
            method: inc.method.clone(),
            target: if inc.raw_query.is_empty() {
                inc.path.clone()
            } else {
                format!("{}?{}", inc.path, inc.raw_query)
            },
            headers: inc.headers.clone(),
            provider: call.provider,
            service: call.service,
            action: call.action,
            version: call.version,
            region: call.region,
            params: call.params,
            violations: call.violations,
            status,
            error_code,
            request_id,
            fault,
        });
        drop(log);
        Answer {
            status,
            headers,
            body: body.to_string(),
        }
    }

    /// The wait hint a throttling answer carries, as the cloud sends it.
    fn wait_hint(
        &self,
        inc: &Incoming,
        p: Provider,
        code: &str,
        status: u16,
        fault: Option<Fault>,
    ) -> Vec<(&'static str, String)> {
        use docsdk_protocol::errors::{classify_service, RetryKind};
        use docsdk_protocol::retry_after::{ACS_RETRY_AFTER, RETRY_AFTER};
        if classify_service(code, status) != Some(RetryKind::Throttling) {
            return Vec::new();
        }
        let wait = match (fault, inc.header(RETRY_AFTER_HEADER)) {
            (Some(Fault::Throttle), _) => None,
            (Some(Fault::ThrottleRetryAfter), _) => {
                self.config.faults.as_ref().map(|f| f.retry_after)
            }
            (_, Some(v)) => v.trim().parse::<u64>().ok().map(Duration::from_millis),
            (_, None) => self.config.retry_after,
        };
        match wait {
            Some(w) if p == Provider::Alibaba => {
                vec![(ACS_RETRY_AFTER, w.as_millis().max(1).to_string())]
            }
            Some(w) => vec![(RETRY_AFTER, w.as_millis().div_ceil(1000).max(1).to_string())],
            None => Vec::new(),
        }
    }

    /// Route, verify, find the spec, check the parameters, answer: each step may end the call
    /// with the provider's error.
    fn process(
        &self,
        inc: &Incoming,
        call: &mut Call,
        fault: Option<Fault>,
    ) -> Result<Map<String, Value>, Failure> {
        let (routed, scope) = self.accept(inc, call)?;
        let spec = self.spec_for(inc, &routed, &scope, call)?;
        let p = routed.provider;
        let (raw, shape) = self.decode_params(inc, &routed, p)?;
        let checked = validate::check(spec, &raw, shape);
        call.params = checked.params;
        call.violations = checked
            .violations
            .iter()
            .map(|v| LoggedViolation {
                param: v.path.clone(),
                rule: v.rule.to_string(),
            })
            .collect();
        if p == Provider::Alibaba && call.region.is_none() {
            call.region = call
                .params
                .get("RegionId")
                .and_then(Value::as_str)
                .map(str::to_string);
        }
        if let Some(answer) = triggered(spec, &call.params) {
            return answer;
        }
        self.fail_first(inc, spec, call)?;
        match fault {
            Some(Fault::ServerError) => {
                return Err(Failure {
                    code: match p {
                        Provider::Alibaba => "ServiceUnavailable",
                        _ => "InternalError",
                    }
                    .into(),
                    message: "Injected fault: the service failed internally.".into(),
                    status: 503,
                })
            }
            Some(Fault::Throttle | Fault::ThrottleRetryAfter) => {
                return Err(Failure::common(
                    p,
                    Common::Throttled,
                    "Injected fault: throttled.",
                ))
            }
            _ => {}
        }
        if !checked.violations.is_empty() {
            return Err(violation_failure(p, spec, &checked.violations));
        }
        Ok(respond::result_body(spec))
    }

    /// Routes the request and verifies its signature; records what it says in `call`.
    fn accept(&self, inc: &Incoming, call: &mut Call) -> Result<(route::Routed, Scope), Failure> {
        let routed = match route::route(inc, &self.config.specs) {
            Ok(r) => r,
            Err(RouteError::Unrecognized(message)) => {
                return Err(Failure {
                    code: "UnrecognizedRequest".into(),
                    message,
                    status: 400,
                })
            }
            Err(RouteError::Provider(p, f)) => {
                call.provider = Some(p);
                return Err(f);
            }
        };
        let p = routed.provider;
        call.provider = Some(p);
        call.action = routed.action.clone();
        call.version = routed.version.clone();

        let mut scope = auth::scope_of(inc, routed.scheme);
        call.service = scope.service.clone();
        call.region = scope.region.clone();
        if let Some(region) = p.call_headers().and_then(|h| h.region) {
            call.region = inc.header(region).map(str::to_string);
        }
        if self.config.verify_signatures {
            let verifier = Verifier {
                credentials: &self.config.credentials,
                max_clock_skew: self.config.max_clock_skew,
                now: UtcTime::now(),
            };
            scope = verifier.verify(inc, &routed)?;
        }
        Ok((routed, scope))
    }

    /// The spec the request calls, and the region it needs.
    fn spec_for(
        &self,
        inc: &Incoming,
        routed: &route::Routed,
        scope: &Scope,
        call: &mut Call,
    ) -> Result<&Spec, Failure> {
        let p = routed.provider;
        let missing = |what: &str| {
            Failure::common(
                p,
                Common::MissingParameter,
                format!("The request is missing the required parameter `{what}`."),
            )
        };
        let action = routed.action.as_deref().ok_or_else(|| missing("Action"))?;
        let version = routed
            .version
            .as_deref()
            .ok_or_else(|| missing("Version"))?;
        let spec = route::find_spec(
            &self.config.specs,
            p,
            action,
            version,
            scope.service.as_deref(),
            inc.host(),
        )?;
        call.service = Some(spec.action.service.clone());
        call.endpoint = Some(spec.action.endpoint.clone());

        let region_header = p.call_headers().and_then(|h| h.region);
        if let Some(header) = region_header.filter(|_| {
            spec.action.region == RegionUse::Required
                && call.region.as_deref().unwrap_or("").is_empty()
        }) {
            return Err(Failure::common(
                p,
                Common::MissingParameter,
                format!("{action} requires a region: the {header} header is missing."),
            ));
        }
        Ok(spec)
    }

    fn decode_params(
        &self,
        inc: &Incoming,
        routed: &route::Routed,
        p: Provider,
    ) -> Result<(Value, Wire), Failure> {
        let malformed = |m: String| Failure::common(p, Common::MalformedRequest, m);
        let pairs = || {
            let own: Vec<(String, String)> = routed
                .query
                .iter()
                .chain(routed.form.iter())
                .filter(|(n, _)| !wire::is_common_param(n))
                .cloned()
                .collect();
            wire::unflatten(&own, wire::query_item_base(p)).map_err(|e| malformed(format!("{e}.")))
        };
        match p {
            Provider::Tencent if !inc.body.is_empty() && !inc.is_form() => {
                match serde_json::from_slice::<Value>(&inc.body) {
                    Ok(v @ Value::Object(_)) => Ok((v, Wire::Json)),
                    Ok(_) => Err(malformed("The request body must be a JSON object.".into())),
                    Err(e) => Err(malformed(format!("The request body is not JSON: {e}."))),
                }
            }
            Provider::Tencent => Ok((pairs()?, Wire::Strings)),
            Provider::Volcengine | Provider::Alibaba => {
                if !inc.body.is_empty() && inc.is_json() {
                    return match serde_json::from_slice::<Value>(&inc.body) {
                        Ok(Value::Object(body)) => {
                            let Value::Object(mut merged) = pairs()? else {
                                return Ok((Value::Object(body), Wire::Json));
                            };
                            merged.extend(body);
                            Ok((Value::Object(merged), Wire::Json))
                        }
                        Ok(_) => Err(malformed("The request body must be a JSON object.".into())),
                        Err(e) => Err(malformed(format!("The request body is not JSON: {e}."))),
                    };
                }
                Ok((pairs()?, Wire::Strings))
            }
        }
    }

    /// The first N calls per key answer a throttling (or the requested) error.
    fn fail_first(&self, inc: &Incoming, spec: &Spec, call: &Call) -> Result<(), Failure> {
        let p = spec.action.provider;
        let n = match inc.header(FAIL_FIRST_HEADER) {
            Some(v) => v.trim().parse::<u32>().map_err(|_| {
                Failure::common(
                    p,
                    Common::InvalidParameter,
                    format!("{FAIL_FIRST_HEADER} must be a whole number, got `{v}`."),
                )
            })?,
            None => self.config.fail_first,
        };
        if n == 0 {
            return Ok(());
        }
        let token = call
            .params
            .get("ClientToken")
            .and_then(Value::as_str)
            .unwrap_or("");
        let key = format!(
            "{p}/{}/{}/{}#{token}",
            spec.action.service, spec.action.name, spec.action.version
        );
        let attempt = {
            let mut attempts = lock(&self.attempts);
            let seen = attempts.entry(key).or_insert(0);
            if *seen >= n {
                return Ok(());
            }
            *seen += 1;
            *seen
        };
        let mut f = match inc.header(FAIL_CODE_HEADER).map(str::trim) {
            Some(code) if !code.is_empty() => Failure::triggered(p, spec, code),
            _ => Failure::common(p, Common::Throttled, String::new()),
        };
        f.message = format!(
            "{}Call {attempt} of the first {n} that fail on purpose ({FAIL_FIRST_HEADER}).",
            if f.message.is_empty() || f.message.contains(super::ERROR_TRIGGER) {
                String::new()
            } else {
                format!("{} ", f.message)
            }
        );
        Err(f)
    }
}

/// The answer a parameter value `err:<Code>` asks for: a code the page documents per batch
/// item fails that item, not the call; any other fails the call.
fn triggered(spec: &Spec, params: &Value) -> Option<Result<Map<String, Value>, Failure>> {
    let (code, path) = params::find_trigger(params, "")?;
    let item_scoped = spec.errors.iter().any(|e| e.code == code && e.per_item());
    let param = path.split('.').next().unwrap_or("");
    let items = params.get(param).and_then(Value::as_array);
    if let (true, Some(items)) = (item_scoped, items) {
        if let Some(body) = respond::batch_with_item_errors(spec, param, items) {
            return Some(Ok(body));
        }
    }
    Some(Err(Failure::triggered(spec.action.provider, spec, &code)))
}

/// The error for a set of violations: the documented code for the first one's parameter
/// when the spec lists one, else the provider's common code; the message lists them all.
fn violation_failure(p: Provider, spec: &Spec, vs: &[Violation]) -> Failure {
    let message = vs
        .iter()
        .map(|v| v.message.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let Some(first) = vs.first() else {
        return Failure::common(p, Common::InvalidParameter, message);
    };
    let n = &first.field;
    let (candidates, fallback) = match first.kind {
        Kind::Missing => (
            vec![format!("MissingParameter.{n}"), format!("Missing{n}")],
            Common::MissingParameter,
        ),
        Kind::Type => (
            vec![
                format!("Invalid{n}.Malformed"),
                format!("InvalidParameter.{n}"),
            ],
            Common::InvalidParameter,
        ),
        Kind::Value => (
            vec![
                format!("Invalid{n}.Malformed"),
                format!("InvalidParameterValue.{n}"),
                format!("InvalidParameter.{n}"),
            ],
            Common::InvalidParameterValue,
        ),
        Kind::TooMany => (
            vec![
                format!("LimitExceeded.Maximum{n}"),
                format!("Invalid{n}.LimitExceeded"),
                "InvalidParameterValue.LimitExceeded".to_string(),
            ],
            Common::InvalidParameterValue,
        ),
        Kind::Unknown => (Vec::new(), Common::UnknownParameter),
    };
    errors::prefer_documented(p, spec, &candidates, fallback, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::sync::OnceLock;

    fn specs() -> &'static [docsdk_spec::Spec] {
        static SPECS: OnceLock<Vec<docsdk_spec::Spec>> = OnceLock::new();
        SPECS.get_or_init(|| {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs");
            docsdk_codegen::load::load_specs(&dir, &dir.join("docs"))
                .expect("the seed specs load")
                .specs
        })
    }

    fn state() -> &'static State {
        static STATE: OnceLock<State> = OnceLock::new();
        STATE.get_or_init(|| State::new(MockConfig::new(specs().to_vec())))
    }

    /// Action names the mock serves, so fuzzed requests reach past routing.
    fn action_name() -> impl Strategy<Value = String> {
        let names: Vec<String> = specs().iter().map(|s| s.action.name.clone()).collect();
        prop::sample::select(names)
    }

    /// A query naming a served action and version, with its first parameter set.
    fn action_query() -> impl Strategy<Value = String> {
        let queries: Vec<String> = specs()
            .iter()
            .map(|s| {
                let param = s.request.first().map(|f| f.name.as_str()).unwrap_or("X");
                format!(
                    "Action={}&Version={}&{param}.1=a",
                    s.action.name, s.action.version
                )
            })
            .collect();
        prop::sample::select(queries)
    }

    fn header_name() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("authorization".to_string()),
            Just("x-tc-action".to_string()),
            Just("x-tc-version".to_string()),
            Just("x-tc-timestamp".to_string()),
            Just("x-date".to_string()),
            Just("x-acs-action".to_string()),
            Just("x-acs-date".to_string()),
            Just("content-type".to_string()),
            Just(FAIL_FIRST_HEADER.to_string()),
            "[a-z-]{1,12}",
        ]
    }

    fn header_value() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("TC3-HMAC-SHA256 Credential=a/b/c/tc3_request, SignedHeaders=content-type;host, Signature=00".to_string()),
            Just("HMAC-SHA256 Credential=a/20240102/r/s/request, SignedHeaders=host;x-date, Signature=00".to_string()),
            Just("ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host;x-acs-date,Signature=00".to_string()),
            action_name(),
            Just("application/x-www-form-urlencoded".to_string()),
            Just("application/json".to_string()),
            ".{0,40}",
        ]
    }

    fn query() -> impl Strategy<Value = String> {
        prop_oneof![
            action_query(),
            action_query().prop_map(|q| format!("{q}&InstanceIds=%5B1%2C")),
            Just("Signature=x&AccessKeyId=y&SignatureMethod=HMAC-SHA1".to_string()),
            Just("A.99999999999999999999=1&A.1.B=2&A=3".to_string()),
            "[A-Za-z0-9%&=.+]{0,60}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        /// Whatever arrives, the answer is JSON with a status, never a panic.
        #[test]
        fn any_request_gets_a_json_answer(
            method in prop_oneof![Just("GET"), Just("POST"), Just("PUT")],
            path in "/[a-z%0-9]{0,8}",
            query in query(),
            headers in proptest::collection::vec((header_name(), header_value()), 0..6),
            body in proptest::collection::vec(any::<u8>(), 0..64),
        ) {
            let inc = Incoming {
                method: method.to_string(),
                path,
                raw_query: query,
                headers,
                body,
            };
            let a = state().handle(&inc);
            prop_assert!((200..600).contains(&a.status));
            let v: Result<Value, _> = serde_json::from_str(&a.body);
            prop_assert!(v.is_ok(), "{}", a.body);
        }
    }
}

//! Every vector in `signing-vectors.json` (produced by the providers' official Python SDKs)
//! must reproduce exactly, intermediate by intermediate, and verify: the request the SDK sent
//! and the one our signer produces both pass the scheme's `verify`, whose canonical request is
//! the SDK's, and each kind of tampering fails with its own reason.
//!
//! The file is read from `<repo>/../shared/conformance/` when that exists and from the copy
//! committed under `tests/data/`; when both exist they must be identical and both are run.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use docsdk_auth::credentials::Credentials;
use docsdk_auth::signing::verify::{
    self, Authorization, ReceivedRequest, Scheme, Verified, VerifyError, VerifyPolicy,
};
use docsdk_auth::signing::{
    acs3, acs_rpc, form_urldecode, form_urlencode, percent_encode_path, tc3, volc, SignableRequest,
    UtcTime,
};
use serde_json::Value;

const SCHEMES: [(&str, usize); 4] = [
    ("tc3-hmac-sha256", 4),
    ("volc-hmac-sha256", 4),
    ("acs-rpc-hmac-sha1", 4),
    ("acs3-hmac-sha256", 4),
];

fn vector_files() -> Vec<(PathBuf, String)> {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shared = manifest.join("../../../shared/conformance/signing-vectors.json");
    let copy = manifest.join("tests/data/signing-vectors.json");
    let files: Vec<(PathBuf, String)> = [shared, copy]
        .into_iter()
        .filter_map(|p| std::fs::read_to_string(&p).ok().map(|text| (p, text)))
        .collect();
    assert!(
        !files.is_empty(),
        "no signing-vectors.json found next to the repo or in tests/data"
    );
    if let [(a, text_a), (b, text_b)] = files.as_slice() {
        let (va, vb): (Value, Value) = (parse(a, text_a), parse(b, text_b));
        assert!(
            va == vb,
            "{} and {} differ: refresh the committed copy",
            a.display(),
            b.display()
        );
    }
    files
}

fn parse(path: &std::path::Path, text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{}: invalid JSON: {e}", path.display()))
}

#[test]
fn every_vector_reproduces() {
    for (path, text) in vector_files() {
        let doc = parse(&path, &text);
        assert_eq!(doc["format"], "signing-vectors/1", "{}", path.display());
        let vectors = doc["vectors"].as_array().expect("`vectors` is an array");

        let mut report = Report::default();
        let mut per_scheme: BTreeMap<String, usize> = BTreeMap::new();
        let mut ids = BTreeSet::new();
        for v in vectors {
            let id = str_of(v, "id");
            assert!(ids.insert(id.to_owned()), "duplicate vector id {id}");
            let scheme = str_of(v, "scheme");
            let mut check = Check {
                id,
                report: &mut report,
                seen: BTreeSet::new(),
            };
            match scheme {
                "tc3-hmac-sha256" => tc3_vector(v, &mut check),
                "volc-hmac-sha256" => volc_vector(v, &mut check),
                "acs-rpc-hmac-sha1" => acs_rpc_vector(v, &mut check),
                "acs3-hmac-sha256" => acs3_vector(v, &mut check),
                other => panic!("{id}: unknown scheme {other}"),
            }
            // Every expected field must have been compared: a new field must not pass silently.
            for key in v["expected"]
                .as_object()
                .expect("expected is an object")
                .keys()
            {
                assert!(
                    check.seen.contains(key.as_str()),
                    "{id}: expected field `{key}` is not checked by this test"
                );
            }
            *per_scheme.entry(scheme.to_owned()).or_default() += 1;
        }

        for (scheme, want) in SCHEMES {
            assert_eq!(
                per_scheme.get(scheme).copied().unwrap_or(0),
                want,
                "{}: wrong number of {scheme} vectors ran",
                path.display()
            );
        }
        assert_eq!(vectors.len(), 16, "{}: expected 16 vectors", path.display());
        assert!(
            report.failures.is_empty(),
            "{}: {} mismatches (out of {} comparisons):\n{}",
            path.display(),
            report.failures.len(),
            report.comparisons,
            report.failures.join("\n")
        );
        assert!(report.comparisons >= 16 * 8, "too few comparisons ran");
        assert!(report.verdicts >= 16 * 14, "too few verifications ran");
    }
}

#[derive(Default)]
struct Report {
    failures: Vec<String>,
    comparisons: usize,
    /// Verifications run (each also counted as a comparison).
    verdicts: usize,
}

struct Check<'a> {
    id: &'a str,
    report: &'a mut Report,
    seen: BTreeSet<&'static str>,
}

impl Check<'_> {
    /// Compares `actual` with `expected[field]`, recording a failure naming vector and field.
    fn field(&mut self, expected: &Value, field: &'static str, actual: &str) {
        self.seen.insert(field);
        let want = expected[field]
            .as_str()
            .unwrap_or_else(|| panic!("{}: expected.{field} is not a string", self.id));
        self.eq(field, want, actual);
    }

    fn eq(&mut self, what: &str, want: &str, got: &str) {
        self.report.comparisons += 1;
        if want != got {
            self.report.failures.push(format!(
                "[{}] {what}:\n    expected {want:?}\n    actual   {got:?}",
                self.id
            ));
        }
    }

    fn eq_sets(
        &mut self,
        what: &str,
        want: BTreeSet<(String, String)>,
        got: BTreeSet<(String, String)>,
    ) {
        self.report.comparisons += 1;
        if want != got {
            self.report.failures.push(format!(
                "[{}] {what}:\n    missing    {:?}\n    unexpected {:?}",
                self.id,
                want.difference(&got).collect::<Vec<_>>(),
                got.difference(&want).collect::<Vec<_>>()
            ));
        }
    }

    fn cross_checks(&mut self, v: &Value, field: &str, actual: &str) {
        for (i, cc) in v["cross_checks"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            if let Some(want) = cc[field].as_str() {
                self.eq(&format!("cross_checks[{i}].{field}"), want, actual);
            }
        }
    }
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("field `{key}` is not a string in {v}"))
}

fn opt_str<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v[key].as_str()
}

fn pairs(v: &Value) -> Vec<(String, String)> {
    v.as_array()
        .unwrap_or_else(|| panic!("expected [[name, value], ...], got {v}"))
        .iter()
        .map(|p| match (p[0].as_str(), p[1].as_str()) {
            (Some(n), Some(v)) => (n.to_owned(), v.to_owned()),
            _ => panic!("expected a [name, value] pair of strings, got {p}"),
        })
        .collect()
}

fn object_pairs(v: &Value) -> BTreeSet<(String, String)> {
    v.as_object()
        .unwrap_or_else(|| panic!("expected an object, got {v}"))
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().expect("string value").to_owned()))
        .collect()
}

fn credentials(id: &str, secret: &str, token: Option<&str>) -> Credentials {
    let c = Credentials::new(id, secret);
    match token {
        Some(t) => c.with_security_token(t),
        None => c,
    }
}

/// Unix seconds of a UTC civil time; independent of the library's formatter so a vector
/// round-trips through two implementations.
fn unix(year: i64, month: i64, day: i64, h: i64, m: i64, s: i64) -> UtcTime {
    let days_before_month = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    let leap = |y: i64| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let mut days = (1970..year)
        .map(|y| if leap(y) { 366 } else { 365 })
        .sum::<i64>();
    days += days_before_month[(month - 1) as usize] + day - 1;
    if month > 2 && leap(year) {
        days += 1;
    }
    UtcTime::from_unix_seconds((days * 86_400 + h * 3600 + m * 60 + s) as u64)
}

/// Parses `YYYYMMDDTHHMMSSZ` or `YYYY-MM-DDTHH:MM:SSZ`.
fn parse_time(s: &str) -> UtcTime {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    assert_eq!(digits.len(), 14, "bad timestamp {s}");
    let n = |r: std::ops::Range<usize>| digits[r].parse::<i64>().expect("digits");
    unix(n(0..4), n(4..6), n(6..8), n(8..10), n(10..12), n(12..14))
}

fn tc3_vector(v: &Value, check: &mut Check<'_>) {
    let (i, e) = (&v["inputs"], &v["expected"]);
    let query = form_urldecode(str_of(i, "query_string")).expect("query_string decodes");
    let mut headers = vec![
        (
            "Content-Type".to_owned(),
            str_of(i, "content_type").to_owned(),
        ),
        ("Host".to_owned(), str_of(i, "host").to_owned()),
        ("X-TC-Action".to_owned(), str_of(i, "action").to_owned()),
        ("X-TC-Version".to_owned(), str_of(i, "version").to_owned()),
        ("X-TC-Region".to_owned(), str_of(i, "region").to_owned()),
    ];
    if let Some(lang) = opt_str(i, "language") {
        headers.push(("X-TC-Language".to_owned(), lang.to_owned()));
    }
    let req = SignableRequest {
        method: str_of(i, "method"),
        host: str_of(i, "host"),
        path: str_of(i, "path"),
        query: &query,
        headers: &headers,
        body: str_of(i, "body").as_bytes(),
    };
    let creds = credentials(
        str_of(i, "secret_id"),
        str_of(i, "secret_key"),
        opt_str(i, "token"),
    );
    let timestamp = i["timestamp"].as_u64().expect("integer timestamp");
    let params = tc3::Tc3Params {
        service: str_of(i, "service"),
        timestamp: UtcTime::from_unix_seconds(timestamp),
        unsigned_payload: i["unsigned_payload"].as_bool().expect("bool"),
    };
    let s = tc3::sign(&req, &creds, &params)
        .unwrap_or_else(|err| panic!("{}: sign failed: {err}", check.id));
    // The clients' per-call path (no intermediates kept) adds the same headers.
    let lean = tc3::authorize(&req, &creds, &params)
        .unwrap_or_else(|err| panic!("{}: authorize failed: {err}", check.id));
    let lean: Vec<(String, String)> = lean
        .into_headers()
        .map(|(n, v)| (n.to_owned(), v.into_owned()))
        .collect();
    assert_eq!(lean, s.headers_to_add, "{}: authorize", check.id);

    // The signed query string must be the one the SDK sent, byte for byte.
    check.eq("query_string", str_of(i, "query_string"), &s.query_string);
    check.field(e, "hashed_request_payload", &s.hashed_request_payload);
    check.field(e, "canonical_request", &s.canonical_request);
    check.field(e, "hashed_canonical_request", &s.hashed_canonical_request);
    check.field(e, "date", &s.date);
    check.field(e, "credential_scope", &s.credential_scope);
    check.field(e, "string_to_sign", &s.string_to_sign);
    check.field(e, "signature", &s.signature);
    check.field(e, "authorization", &s.authorization);
    check.field(e, "signed_headers", &s.signed_headers);

    // The full header set sent: the caller's plus what the signer adds; X-TC-RequestClient
    // is the Python SDK's own identifier.
    check.seen.insert("request_headers");
    let mut want = object_pairs(&e["request_headers"]);
    want.retain(|(k, _)| k != "X-TC-RequestClient");
    let got = headers.iter().chain(&s.headers_to_add).cloned().collect();
    check.eq_sets("request_headers", want, got);

    let case = Case {
        scheme: Scheme::Tc3,
        credentials: &creds,
        signed_at: params.timestamp,
        stamp: Stamp::Header("X-TC-Timestamp", |t| t.unix_seconds().to_string()),
        service: Some(params.service),
        region: None,
        form_body: false,
    };
    let sdk_sent = Sent {
        method: req.method.to_owned(),
        path: req.path.to_owned(),
        query: str_of(i, "query_string").to_owned(),
        headers: object_pairs(&e["request_headers"]).into_iter().collect(),
        body: req.body.to_vec(),
    };
    let ours = Sent {
        query: s.query_string.clone(),
        headers: headers.iter().chain(&s.headers_to_add).cloned().collect(),
        ..sdk_sent.clone()
    };
    case.verifies(check, &sdk_sent, &ours);
    case.recomputes(
        check,
        &sdk_sent,
        str_of(e, "canonical_request"),
        str_of(e, "string_to_sign"),
    );
    case.tampering_fails(check, &sdk_sent);
}

fn volc_vector(v: &Value, check: &mut Check<'_>) {
    let (i, e) = (&v["inputs"], &v["expected"]);
    let query = pairs(&i["query"]);
    let headers = pairs(&i["headers"]);
    let body = str_of(i, "body");
    if let Some(form) = i.get("form_params") {
        check.eq(
            "inputs.body == urlencode(form_params)",
            body,
            &form_urlencode(&pairs(form)),
        );
    }
    let req = SignableRequest {
        method: str_of(i, "method"),
        host: str_of(i, "host"),
        path: str_of(i, "path"),
        query: &query,
        headers: &headers,
        body: body.as_bytes(),
    };
    let creds = credentials(
        str_of(i, "access_key_id"),
        str_of(i, "secret_access_key"),
        opt_str(i, "session_token"),
    );
    let params = volc::VolcParams {
        region: str_of(i, "region"),
        service: str_of(i, "service"),
        timestamp: parse_time(str_of(i, "x_date")),
    };
    let s = volc::sign(&req, &creds, &params)
        .unwrap_or_else(|err| panic!("{}: sign failed: {err}", check.id));

    check.eq("x_date", str_of(i, "x_date"), &s.x_date);
    check.field(e, "x_content_sha256", &s.x_content_sha256);
    check.field(e, "canonical_query_string", &s.canonical_query_string);
    check.field(e, "signed_headers", &s.signed_headers);
    check.field(e, "canonical_request", &s.canonical_request);
    check.field(e, "hashed_canonical_request", &s.hashed_canonical_request);
    check.field(e, "credential_scope", &s.credential_scope);
    check.field(e, "string_to_sign", &s.string_to_sign);
    check.field(e, "signature", &s.signature);
    check.field(e, "authorization", &s.authorization);
    check.cross_checks(v, "authorization", &s.authorization);

    check.seen.insert("headers_added_by_signer");
    check.eq_sets(
        "headers_added_by_signer",
        object_pairs(&e["headers_added_by_signer"]),
        s.headers_to_add.iter().cloned().collect(),
    );
    if let Some(url) = v["client"]["url_sent"].as_str() {
        let ours = format!(
            "https://{}{}?{}",
            req.host,
            req.path,
            form_urlencode(&query)
        );
        check.eq("client.url_sent", url, &ours);
    }

    let case = Case {
        scheme: Scheme::Volc,
        credentials: &creds,
        signed_at: params.timestamp,
        stamp: Stamp::Header("X-Date", UtcTime::basic_date_time),
        service: Some(params.service),
        region: Some(params.region),
        form_body: false,
    };
    let sdk_sent = Sent {
        method: req.method.to_owned(),
        path: percent_encode_path(req.path),
        query: form_urlencode(&query),
        headers: headers
            .iter()
            .cloned()
            .chain(object_pairs(&e["headers_added_by_signer"]))
            .collect(),
        body: req.body.to_vec(),
    };
    let ours = Sent {
        headers: headers.iter().chain(&s.headers_to_add).cloned().collect(),
        ..sdk_sent.clone()
    };
    case.verifies(check, &sdk_sent, &ours);
    case.recomputes(
        check,
        &sdk_sent,
        str_of(e, "canonical_request"),
        str_of(e, "string_to_sign"),
    );
    case.tampering_fails(check, &sdk_sent);
}

fn acs_rpc_vector(v: &Value, check: &mut Check<'_>) {
    let (i, e) = (&v["inputs"], &v["expected"]);
    let signed_params = pairs(&i["signed_params"]);
    let body = str_of(i, "body");
    let token = opt_str(i, "security_token");
    let lookup = |name: &str| {
        signed_params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let timestamp = parse_time(lookup("Timestamp").expect("Timestamp is signed"));
    let nonce = lookup("SignatureNonce").expect("SignatureNonce is signed");
    check.eq(
        "signed_params.AccessKeyId",
        str_of(i, "access_key_id"),
        lookup("AccessKeyId").unwrap_or_default(),
    );
    check.eq(
        "signed_params.SecurityToken",
        token.unwrap_or_default(),
        lookup("SecurityToken").unwrap_or_default(),
    );

    // The caller supplies the API parameters; the signer adds its own and the body's.
    let owned = [
        "Timestamp",
        "SignatureNonce",
        "SignatureMethod",
        "SignatureVersion",
        "AccessKeyId",
        "SecurityToken",
    ];
    let mut body_params = form_urldecode(body).expect("form body decodes");
    let query: Vec<(String, String)> = signed_params
        .iter()
        .filter(|(n, _)| !owned.contains(&n.as_str()))
        .filter(|p| match body_params.iter().position(|b| b == *p) {
            Some(at) => {
                body_params.remove(at);
                false
            }
            None => true,
        })
        .cloned()
        .collect();
    assert!(
        body_params.is_empty(),
        "{}: body params not in signed_params",
        check.id
    );

    check.seen.insert("request_headers");
    let headers: Vec<(String, String)> = object_pairs(&e["request_headers"]).into_iter().collect();
    let req = SignableRequest {
        method: str_of(i, "method"),
        host: str_of(i, "host"),
        path: str_of(i, "path"),
        query: &query,
        headers: &headers,
        body: body.as_bytes(),
    };
    let creds = credentials(
        str_of(i, "access_key_id"),
        str_of(i, "access_key_secret"),
        token,
    );
    let params = acs_rpc::AcsRpcParams {
        timestamp,
        signature_nonce: nonce,
    };
    let s = acs_rpc::sign(&req, &creds, &params)
        .unwrap_or_else(|err| panic!("{}: sign failed: {err}", check.id));

    check.field(
        e,
        "canonicalized_query_string",
        &s.canonicalized_query_string,
    );
    check.field(e, "string_to_sign", &s.string_to_sign);
    check.field(e, "signature", &s.signature);
    check.cross_checks(v, "signature", &s.signature);

    // The URL carries the caller's query plus everything the signer added, Signature included.
    check.seen.insert("url_sent");
    let url = str_of(e, "url_sent");
    let (base, sent_query) = url.split_once('?').expect("url has a query");
    check.eq(
        "url_sent (base)",
        &format!("https://{}{}", req.host, req.path),
        base,
    );
    let sent: BTreeSet<(String, String)> = form_urldecode(sent_query)
        .expect("url query decodes")
        .into_iter()
        .collect();
    let ours = query.iter().chain(&s.query_to_add).cloned().collect();
    check.eq_sets("url_sent (query parameters)", sent, ours);

    let case = Case {
        scheme: Scheme::AcsRpc,
        credentials: &creds,
        signed_at: timestamp,
        stamp: Stamp::Param("Timestamp", UtcTime::iso8601),
        service: None,
        region: None,
        form_body: headers
            .iter()
            .any(|(n, v)| n.eq_ignore_ascii_case("content-type") && v.contains("form")),
    };
    let sdk_sent = Sent {
        method: req.method.to_owned(),
        path: req.path.to_owned(),
        query: sent_query.to_owned(),
        headers: headers.clone(),
        body: req.body.to_vec(),
    };
    let mut our_query = query.clone();
    our_query.extend(s.query_to_add.iter().cloned());
    let ours = Sent {
        query: form_urlencode(&our_query),
        ..sdk_sent.clone()
    };
    case.verifies(check, &sdk_sent, &ours);
    case.recomputes(
        check,
        &sdk_sent,
        str_of(e, "canonicalized_query_string"),
        str_of(e, "string_to_sign"),
    );
    case.tampering_fails(check, &sdk_sent);
}

fn acs3_vector(v: &Value, check: &mut Check<'_>) {
    let (i, e) = (&v["inputs"], &v["expected"]);
    check.eq(
        "signature_algorithm",
        acs3::ALGORITHM,
        str_of(i, "signature_algorithm"),
    );
    let query = pairs(&i["query"]);
    let headers = pairs(&i["headers"]);
    let id = check.id;
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("{id}: no {name} header"))
    };
    let params = acs3::Acs3Params {
        timestamp: parse_time(header("x-acs-date")),
        signature_nonce: header("x-acs-signature-nonce"),
    };
    let req = SignableRequest {
        method: str_of(i, "method"),
        host: str_of(i, "host"),
        path: str_of(i, "pathname"),
        query: &query,
        headers: &headers,
        body: str_of(i, "body").as_bytes(),
    };
    let creds = credentials(
        str_of(i, "access_key_id"),
        str_of(i, "access_key_secret"),
        opt_str(i, "security_token"),
    );
    let s = acs3::sign(&req, &creds, &params)
        .unwrap_or_else(|err| panic!("{}: sign failed: {err}", check.id));

    check.field(e, "hashed_request_payload", &s.hashed_request_payload);
    check.field(e, "canonical_query_string", &s.canonical_query_string);
    check.field(e, "canonical_headers", &s.canonical_headers);
    check.field(e, "signed_headers", &s.signed_headers);
    check.field(e, "canonical_request", &s.canonical_request);
    check.field(e, "hashed_canonical_request", &s.hashed_canonical_request);
    check.field(e, "string_to_sign", &s.string_to_sign);
    check.field(e, "signature", &s.signature);
    check.field(e, "authorization", &s.authorization);
    check.cross_checks(v, "authorization", &s.authorization);

    // What the signer adds is exactly what the SDK had sent under those names.
    for (name, value) in &s.headers_to_add {
        if name != "authorization" {
            check.eq(&format!("headers_to_add[{name}]"), header(name), value);
        }
    }
    let mut url = format!("https://{}{}", req.host, req.path);
    if !query.is_empty() {
        url.push('?');
        url.push_str(&form_urlencode(&query));
    }
    check.field(e, "url_sent", &url);

    let case = Case {
        scheme: Scheme::Acs3,
        credentials: &creds,
        signed_at: params.timestamp,
        stamp: Stamp::Header("x-acs-date", UtcTime::iso8601),
        service: None,
        region: None,
        form_body: false,
    };
    let sent_url = str_of(e, "url_sent");
    let mut sdk_headers = headers.clone();
    sdk_headers.push(("authorization".into(), str_of(e, "authorization").into()));
    let sdk_sent = Sent {
        method: req.method.to_owned(),
        path: req.path.to_owned(),
        query: sent_url
            .split_once('?')
            .map(|(_, q)| q.to_owned())
            .unwrap_or_default(),
        headers: sdk_headers,
        body: req.body.to_vec(),
    };
    // The signer replaces the SDK's own copies of its headers.
    let ours = Sent {
        headers: headers
            .iter()
            .filter(|(n, _)| {
                !s.headers_to_add
                    .iter()
                    .any(|(a, _)| a.eq_ignore_ascii_case(n))
            })
            .chain(&s.headers_to_add)
            .cloned()
            .collect(),
        ..sdk_sent.clone()
    };
    case.verifies(check, &sdk_sent, &ours);
    case.recomputes(
        check,
        &sdk_sent,
        str_of(e, "canonical_request"),
        str_of(e, "string_to_sign"),
    );
    case.tampering_fails(check, &sdk_sent);
}

// ---- verification ----

/// A request as it went over the wire.
#[derive(Clone)]
struct Sent {
    method: String,
    /// Percent-encoded, as sent.
    path: String,
    /// As sent, without `?`.
    query: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Sent {
    fn received(&self) -> ReceivedRequest<'_> {
        ReceivedRequest {
            method: &self.method,
            path: &self.path,
            query: &self.query,
            headers: &self.headers,
            body: &self.body,
        }
    }

    /// Every header `name` (any case) replaced by one with `value`, or removed for `None`.
    fn with_header(&self, name: &str, value: Option<&str>) -> Sent {
        let mut out = self.clone();
        out.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        if let Some(v) = value {
            out.headers.push((name.to_owned(), v.to_owned()));
        }
        out
    }

    /// Query parameter `name` replaced in place, or removed for `None`.
    fn with_param(&self, name: &str, value: Option<&str>) -> Sent {
        let pairs = form_urldecode(&self.query).expect("sent query decodes");
        let pairs: Vec<(String, String)> = pairs
            .into_iter()
            .filter_map(|(n, v)| match (n == name, value) {
                (false, _) => Some((n, v)),
                (true, Some(new)) => Some((n, new.to_owned())),
                (true, None) => None,
            })
            .collect();
        Sent {
            query: form_urlencode(&pairs),
            ..self.clone()
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Where a scheme sends its signing time, and in which format.
#[derive(Clone, Copy)]
enum Stamp {
    Header(&'static str, fn(UtcTime) -> String),
    Param(&'static str, fn(UtcTime) -> String),
}

/// One vector's scheme, key and the facts a verification must report.
struct Case<'a> {
    scheme: Scheme,
    credentials: &'a Credentials,
    signed_at: UtcTime,
    stamp: Stamp,
    service: Option<&'a str>,
    region: Option<&'a str>,
    /// RPC v1 signs a body only when it is a form.
    form_body: bool,
}

const SKEW: std::time::Duration = std::time::Duration::from_secs(300);

impl Case<'_> {
    fn policy(&self, now: UtcTime) -> VerifyPolicy {
        VerifyPolicy {
            now,
            max_clock_skew: Some(SKEW),
        }
    }

    fn run(
        &self,
        sent: &Sent,
        keys: &[Credentials],
        now: UtcTime,
    ) -> Result<Verified, VerifyError> {
        verify::verify(self.scheme, &sent.received(), keys, &self.policy(now))
    }

    fn keys(&self) -> Vec<Credentials> {
        vec![self.credentials.clone()]
    }

    /// The SDK's request and ours verify, and report the key, time and scope they were
    /// signed with.
    fn verifies(&self, check: &mut Check<'_>, sdk: &Sent, ours: &Sent) {
        for (what, sent) in [("verify(sdk request)", sdk), ("verify(our request)", ours)] {
            let got = self.run(sent, &self.keys(), self.signed_at);
            let want = Verified {
                scheme: self.scheme,
                access_key_id: self.credentials.access_key_id().to_owned(),
                signed_at: self.signed_at,
                service: self.service.map(str::to_owned),
                region: self.region.map(str::to_owned),
            };
            check.verdict(
                what,
                &format!("{:?}", Ok::<_, VerifyError>(want)),
                &format!("{got:?}"),
            );
        }
    }

    /// What the verifier canonicalises from the SDK's request is what the SDK signed.
    fn recomputes(&self, check: &mut Check<'_>, sdk: &Sent, canonical: &str, string_to_sign: &str) {
        let r = match self.scheme {
            Scheme::Tc3 => tc3::recompute(&sdk.received(), self.credentials),
            Scheme::Volc => volc::recompute(&sdk.received(), self.credentials),
            Scheme::Acs3 => acs3::recompute(&sdk.received(), self.credentials),
            Scheme::AcsRpc => acs_rpc::recompute(&sdk.received(), self.credentials),
        };
        match r {
            Ok(r) => {
                check.eq(
                    "recompute.canonical_request",
                    canonical,
                    &r.canonical_request,
                );
                check.eq(
                    "recompute.string_to_sign",
                    string_to_sign,
                    &r.string_to_sign,
                );
            }
            Err(e) => check.eq("recompute", "Ok", &format!("{e:?}")),
        }
    }

    fn stamped(&self, sent: &Sent, value: Option<&str>) -> Sent {
        match self.stamp {
            Stamp::Header(name, _) => sent.with_header(name, value),
            Stamp::Param(name, _) => sent.with_param(name, value),
        }
    }

    fn at(&self, sent: &Sent, t: UtcTime) -> Sent {
        let (Stamp::Header(_, format) | Stamp::Param(_, format)) = self.stamp;
        self.stamped(sent, Some(&format(t)))
    }

    /// Each kind of tampering fails, and says why.
    fn tampering_fails(&self, check: &mut Check<'_>, sdk: &Sent) {
        let headers_signed = self.scheme != Scheme::AcsRpc;
        let keys = self.keys();
        let t = self.signed_at.unix_seconds();
        let later = |secs: u64| UtcTime::from_unix_seconds(t + secs);
        let if_signed = |signed: bool| if signed { "SignatureMismatch" } else { "ok" };

        let mut query = sdk.query.clone();
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str("Injected=1");
        let mut body = sdk.body.clone();
        body.push(b' ');
        let host = sdk
            .header("host")
            .expect("the request has a host")
            .to_owned();

        let cases: Vec<(&str, Sent, Vec<Credentials>, UtcTime, &str)> = vec![
            (
                "host header changed",
                sdk.with_header("Host", Some("evil.example.com")),
                keys.clone(),
                self.signed_at,
                if_signed(headers_signed),
            ),
            (
                "host header removed",
                sdk.with_header("Host", None),
                keys.clone(),
                self.signed_at,
                if headers_signed {
                    "SignedHeaderMissing"
                } else {
                    "ok"
                },
            ),
            (
                "query parameter added",
                Sent {
                    query,
                    ..sdk.clone()
                },
                keys.clone(),
                self.signed_at,
                "SignatureMismatch",
            ),
            (
                "body changed",
                Sent {
                    body,
                    ..sdk.clone()
                },
                keys.clone(),
                self.signed_at,
                if_signed(self.scheme != Scheme::AcsRpc || self.form_body),
            ),
            (
                "signing time moved by a second",
                self.at(sdk, later(1)),
                keys.clone(),
                self.signed_at,
                "SignatureMismatch",
            ),
            (
                "signing time moved by a day, clock alike",
                self.at(sdk, later(86_400)),
                keys.clone(),
                later(86_400),
                if self.service.is_some() {
                    "ScopeDateMismatch"
                } else {
                    "SignatureMismatch"
                },
            ),
            (
                "signed an hour before the server's clock",
                sdk.clone(),
                keys.clone(),
                later(3600),
                "ClockSkew",
            ),
            (
                "signing time not a time",
                self.stamped(sdk, Some("yesterday")),
                keys.clone(),
                self.signed_at,
                "InvalidTimestamp",
            ),
            (
                "signing time removed",
                self.stamped(sdk, None),
                keys.clone(),
                self.signed_at,
                "MissingTimestamp",
            ),
            (
                "unknown access key",
                sdk.clone(),
                vec![Credentials::new("someone-else", self.credentials.secret())],
                self.signed_at,
                "UnknownAccessKey",
            ),
            (
                "wrong secret",
                sdk.clone(),
                vec![Credentials::new(
                    self.credentials.access_key_id(),
                    "not-the-secret",
                )],
                self.signed_at,
                "SignatureMismatch",
            ),
        ];
        for (what, sent, keys, now, want) in cases {
            let got = self.run(&sent, &keys, now);
            check.verdict(&format!("tampered: {what}"), want, &reason(&got));
        }
        // The host header is kept; the request still verifies with the same Host.
        let got = self.run(&sdk.with_header("Host", Some(&host)), &keys, self.signed_at);
        check.verdict("host header re-sent as is", "ok", &reason(&got));

        if headers_signed {
            let auth_value = sdk
                .header("authorization")
                .expect("signed with a header")
                .to_owned();
            let auth = Authorization::parse(&auth_value).expect("authorization parses");
            let without_host: Vec<&str> = auth
                .signed_headers
                .split(';')
                .filter(|n| !n.eq_ignore_ascii_case("host"))
                .collect();
            let forged = auth_value.replacen(auth.signed_headers, &without_host.join(";"), 1);
            let got = self.run(
                &sdk.with_header("Authorization", Some(&forged)),
                &keys,
                self.signed_at,
            );
            check.verdict(
                "tampered: host left out of SignedHeaders",
                "HeaderNotSigned",
                &reason(&got),
            );
            let got = self.run(
                &sdk.with_header("Authorization", None),
                &keys,
                self.signed_at,
            );
            check.verdict(
                "tampered: Authorization removed",
                "MissingSignature",
                &reason(&got),
            );
        } else {
            let got = self.run(&sdk.with_param("Signature", None), &keys, self.signed_at);
            check.verdict(
                "tampered: Signature removed",
                "MissingSignature",
                &reason(&got),
            );
        }
    }
}

/// `ok` or the name of the reason a verification failed.
fn reason(r: &Result<Verified, VerifyError>) -> String {
    let name = match r {
        Ok(_) => "ok",
        Err(VerifyError::MissingSignature { .. }) => "MissingSignature",
        Err(VerifyError::Malformed { .. }) => "Malformed",
        Err(VerifyError::UnknownAccessKey { .. }) => "UnknownAccessKey",
        Err(VerifyError::MissingTimestamp { .. }) => "MissingTimestamp",
        Err(VerifyError::InvalidTimestamp { .. }) => "InvalidTimestamp",
        Err(VerifyError::ClockSkew { .. }) => "ClockSkew",
        Err(VerifyError::ScopeDateMismatch { .. }) => "ScopeDateMismatch",
        Err(VerifyError::SignedHeaderMissing { .. }) => "SignedHeaderMissing",
        Err(VerifyError::HeaderNotSigned { .. }) => "HeaderNotSigned",
        Err(VerifyError::SignatureMismatch) => "SignatureMismatch",
        Err(VerifyError::Signing(_)) => "Signing",
        Err(other) => return format!("{other:?}"),
    };
    match r {
        Err(e) if name != "ok" => format!("{name} ({e})"),
        _ => name.to_owned(),
    }
}

impl Check<'_> {
    /// Records a verification outcome: `got` must start with `want`.
    fn verdict(&mut self, what: &str, want: &str, got: &str) {
        self.report.verdicts += 1;
        self.report.comparisons += 1;
        let same = got == want || got.starts_with(&format!("{want} ("));
        if !same {
            self.report.failures.push(format!(
                "[{}] {what}:\n    expected {want}\n    actual   {got}",
                self.id
            ));
        }
    }
}

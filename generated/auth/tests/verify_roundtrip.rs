//! Whatever a signer signs, the same scheme's `verify` accepts as sent: random query pairs,
//! headers, paths, bodies, tokens and times, for every scheme. And changing a signed query
//! value afterwards makes it fail.

use docsdk_auth::credentials::Credentials;
use docsdk_auth::signing::verify::{self, ReceivedRequest, Scheme, VerifyError, VerifyPolicy};
use docsdk_auth::signing::{
    acs3, acs_rpc, form_urlencode, percent_encode_path, tc3, volc, SignableRequest, UtcTime,
};
use proptest::prelude::*;

type Pairs = Vec<(String, String)>;

/// Names the signers set themselves or that a test sets explicitly.
fn reserved(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    ["host", "authorization", "content-type"].contains(&n.as_str())
        || ["x-date", "x-content-sha256", "x-security-token"].contains(&n.as_str())
        || n.starts_with("x-acs-")
        || n.starts_with("x-tc-")
}

fn query() -> impl Strategy<Value = Pairs> {
    prop::collection::vec(("[A-Za-z][A-Za-z0-9._~-]{0,8}", "\\PC{0,12}"), 0..6)
}

/// Header names unique ignoring case (one header, one value), in mixed case so Volcengine's
/// case rule signs some and not others; values printable ASCII as HTTP carries them.
fn headers() -> impl Strategy<Value = Pairs> {
    prop::collection::vec(("(X-|x-)?[A-Za-z][A-Za-z0-9-]{0,8}", "[ -~]{0,16}"), 0..6).prop_map(
        |pairs| {
            let mut out: Pairs = Vec::new();
            for (name, value) in pairs {
                if !reserved(&name) && !out.iter().any(|(n, _)| n.eq_ignore_ascii_case(&name)) {
                    out.push((name, value));
                }
            }
            out
        },
    )
}

fn host() -> impl Strategy<Value = String> {
    "[a-z]{1,10}\\.example\\.com(:443|:8080)?"
}

/// A raw (not yet encoded) path.
fn path() -> impl Strategy<Value = String> {
    "(/[A-Za-z0-9 ._~%+-]{0,6}){0,3}"
}

fn method() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["GET", "POST", "PUT", "DELETE"])
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..48)
}

fn credentials() -> impl Strategy<Value = Credentials> {
    prop::option::of("[A-Za-z0-9+/=]{1,20}").prop_map(|token| {
        let c = Credentials::new("AKIDroundtrip", "secret/with+chars=");
        match token {
            Some(t) => c.with_security_token(t),
            None => c,
        }
    })
}

/// 1970 to 2100.
fn time() -> impl Strategy<Value = UtcTime> {
    (0u64..=4_102_444_799).prop_map(UtcTime::from_unix_seconds)
}

struct Sent {
    method: String,
    path: String,
    query: String,
    headers: Pairs,
    body: Vec<u8>,
}

impl Sent {
    fn check(&self, scheme: Scheme, keys: &[Credentials], at: UtcTime) -> Result<(), VerifyError> {
        let received = ReceivedRequest {
            method: &self.method,
            path: &self.path,
            query: &self.query,
            headers: &self.headers,
            body: &self.body,
        };
        let policy = VerifyPolicy {
            now: at,
            max_clock_skew: Some(std::time::Duration::from_secs(300)),
        };
        verify::verify(scheme, &received, keys, &policy).map(|_| ())
    }

    /// The request with the first query value changed, when it has a query.
    fn with_query(&self, query: Option<String>) -> Option<Sent> {
        Some(Sent {
            method: self.method.clone(),
            path: self.path.clone(),
            query: query?,
            headers: self.headers.clone(),
            body: self.body.clone(),
        })
    }
}

/// `pairs` with the first value changed, encoded as sent.
fn tampered(pairs: &Pairs) -> Option<String> {
    let mut pairs = pairs.clone();
    pairs.first_mut()?.1.push('!');
    Some(form_urlencode(&pairs))
}

/// Verifies `sent`, and fails `tampered` with a mismatch.
fn round_trip(
    scheme: Scheme,
    creds: &Credentials,
    at: UtcTime,
    sent: &Sent,
    tampered: Option<Sent>,
) -> Result<(), TestCaseError> {
    let keys = [creds.clone()];
    prop_assert_eq!(sent.check(scheme, &keys, at), Ok(()));
    if let Some(t) = tampered {
        prop_assert_eq!(
            t.check(scheme, &keys, at),
            Err(VerifyError::SignatureMismatch)
        );
    }
    Ok(())
}

proptest! {
    #[test]
    fn tc3_round_trip(
        method in method(),
        host in host(),
        path in path(),
        query in query(),
        extra in headers(),
        body in body(),
        creds in credentials(),
        at in time(),
        unsigned_payload in any::<bool>(),
    ) {
        let mut headers = vec![
            ("Content-Type".to_owned(), "application/json".to_owned()),
            ("Host".to_owned(), host.clone()),
        ];
        headers.extend(extra);
        let path = percent_encode_path(&path);
        let req = SignableRequest { method, host: &host, path: &path, query: &query, headers: &headers, body: &body };
        let params = tc3::Tc3Params { service: "cvm", timestamp: at, unsigned_payload };
        let s = tc3::sign(&req, &creds, &params).map_err(|e| TestCaseError::fail(e.to_string()))?;
        headers.extend(s.headers_to_add);
        let sent = Sent { method: method.into(), path, query: s.query_string, headers, body };
        let t = sent.with_query(tampered(&query));
        round_trip(Scheme::Tc3, &creds, at, &sent, t)?;
    }

    #[test]
    fn volc_round_trip(
        method in method(),
        host in host(),
        path in path(),
        query in query(),
        extra in headers(),
        body in body(),
        creds in credentials(),
        at in time(),
    ) {
        let mut headers = vec![("Host".to_owned(), host.clone())];
        headers.extend(extra);
        let req = SignableRequest { method, host: &host, path: &path, query: &query, headers: &headers, body: &body };
        let params = volc::VolcParams { region: "cn-beijing", service: "ecs", timestamp: at };
        let s = volc::sign(&req, &creds, &params).map_err(|e| TestCaseError::fail(e.to_string()))?;
        headers.extend(s.headers_to_add);
        let sent = Sent {
            method: method.into(),
            path: percent_encode_path(&path),
            query: form_urlencode(&query),
            headers,
            body,
        };
        let t = sent.with_query(tampered(&query));
        round_trip(Scheme::Volc, &creds, at, &sent, t)?;
    }

    #[test]
    fn acs3_round_trip(
        method in method(),
        host in host(),
        path in path(),
        query in query(),
        extra in headers(),
        body in body(),
        creds in credentials(),
        at in time(),
        nonce in "[a-z0-9-]{1,16}",
    ) {
        let mut headers = vec![("host".to_owned(), host.clone())];
        headers.extend(extra);
        let path = percent_encode_path(&path);
        let req = SignableRequest { method, host: &host, path: &path, query: &query, headers: &headers, body: &body };
        let params = acs3::Acs3Params { timestamp: at, signature_nonce: &nonce };
        let s = acs3::sign(&req, &creds, &params).map_err(|e| TestCaseError::fail(e.to_string()))?;
        headers.extend(s.headers_to_add);
        let sent = Sent { method: method.into(), path, query: form_urlencode(&query), headers, body };
        let t = sent.with_query(tampered(&query));
        round_trip(Scheme::Acs3, &creds, at, &sent, t)?;
    }

    #[test]
    fn acs_rpc_round_trip(
        method in method(),
        host in host(),
        query in query(),
        form in prop::option::of(query()),
        creds in credentials(),
        at in time(),
        nonce in "[a-z0-9-]{1,16}",
    ) {
        // The caller's copies of the signer's parameters would be replaced, not sent twice.
        let owned = ["Timestamp", "SignatureNonce", "SignatureMethod", "SignatureVersion",
            "AccessKeyId", "SecurityToken", "Signature"];
        let query: Pairs = query.into_iter().filter(|(n, _)| !owned.contains(&n.as_str())).collect();
        let (headers, body) = match &form {
            Some(pairs) => (
                vec![("Content-Type".to_owned(), "application/x-www-form-urlencoded".to_owned())],
                form_urlencode(pairs).into_bytes(),
            ),
            None => (Vec::new(), Vec::new()),
        };
        let req = SignableRequest { method, host: &host, path: "/", query: &query, headers: &headers, body: &body };
        let params = acs_rpc::AcsRpcParams { timestamp: at, signature_nonce: &nonce };
        let s = acs_rpc::sign(&req, &creds, &params).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut all = query.clone();
        all.extend(s.query_to_add);
        let sent = Sent { method: method.into(), path: "/".into(), query: form_urlencode(&all), headers, body };
        // The caller's pairs come first: change one of those, not the signer's.
        let t = sent.with_query(if query.is_empty() { None } else { tampered(&all) });
        round_trip(Scheme::AcsRpc, &creds, at, &sent, t)?;
    }
}

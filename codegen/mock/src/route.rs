//! Which provider sent a request, with which signing scheme, for which action.

use super::errors::{Common, Failure};
use docsdk_auth::signing::form_urldecode;
use docsdk_protocol::request::{ACTION_PARAM, VERSION_PARAM};
use docsdk_spec::{Provider, Spec};

/// A request as received: what the handler and the verifiers read.
#[derive(Debug, Clone, Default)]
pub struct Incoming {
    pub method: String,
    /// The path as sent (not decoded).
    pub path: String,
    /// The query string as sent, without `?`.
    pub raw_query: String,
    /// Names in lower case, in arrival order; a repeated header appears once per value.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Incoming {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn host(&self) -> &str {
        self.header("host").unwrap_or("")
    }

    pub fn is_form(&self) -> bool {
        self.header("content-type").is_some_and(|ct| {
            ct.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        })
    }

    pub fn is_json(&self) -> bool {
        self.header("content-type")
            .is_some_and(|ct| ct.trim_start().to_ascii_lowercase().contains("json"))
    }
}

/// How a request was signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Tc3,
    Volc,
    Acs3,
    AcsRpc,
    /// Signature method v1 of Tencent (query `SecretId`/`Signature`), which the mock does
    /// not verify.
    TencentV1,
    /// An `Authorization` header of an unknown scheme.
    Other,
    Unsigned,
}

impl Scheme {
    /// The cloud a signing scheme belongs to, when it names one.
    pub fn provider(self) -> Option<Provider> {
        match self {
            Scheme::Tc3 | Scheme::TencentV1 => Some(Provider::Tencent),
            Scheme::Volc => Some(Provider::Volcengine),
            Scheme::Acs3 | Scheme::AcsRpc => Some(Provider::Alibaba),
            Scheme::Other | Scheme::Unsigned => None,
        }
    }
}

/// A request decoded enough to route it.
#[derive(Debug, Clone)]
pub struct Routed {
    pub provider: Provider,
    pub scheme: Scheme,
    /// Decoded query pairs, in order.
    pub query: Vec<(String, String)>,
    /// Decoded form-body pairs (for form posts), in order.
    pub form: Vec<(String, String)>,
    pub action: Option<String>,
    pub version: Option<String>,
}

/// A failure before the provider is known gets a neutral body.
pub enum RouteError {
    Unrecognized(String),
    Provider(Provider, Failure),
}

fn lookup<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// Recognises the provider and scheme, decodes query and form, and reads action and version.
pub fn route(inc: &Incoming, specs: &[Spec]) -> Result<Routed, RouteError> {
    let query = form_urldecode(&inc.raw_query).map_err(|e| e.to_string());
    let form = decode_form(inc);
    let (q, f) = (
        query.as_deref().unwrap_or_default(),
        form.as_deref().unwrap_or_default(),
    );
    let has = |name: &str| lookup(q, name).is_some() || lookup(f, name).is_some();
    let scheme = scheme_of(inc.header("authorization").map(str::trim_start), has);
    let provider = scheme.provider().or_else(|| {
        Provider::by_call_headers(|h| inc.header(h).is_some())
            .or_else(|| signer_headers(inc))
            .or_else(|| provider_of_action(specs, q, f))
    });
    let Some(provider) = provider else {
        return Err(RouteError::Unrecognized(
            "cannot tell which cloud this request is for: expected Tencent `X-TC-Action` with a \
             TC3-HMAC-SHA256 Authorization, Volcengine `Action`/`Version` query with an \
             HMAC-SHA256 Authorization, or Alibaba `Action`/`Version` with an ACS3-HMAC-SHA256 \
             Authorization or an RPC `Signature` parameter"
                .to_string(),
        ));
    };
    let malformed = |what: &str, e: String| {
        let message = format!("{what} does not decode: {e}");
        RouteError::Provider(
            provider,
            Failure::common(provider, Common::MalformedRequest, message),
        )
    };
    let query = query.map_err(|e| malformed("the query string", e))?;
    let form = form.map_err(|e| malformed("the form body", e))?;
    let (action, version) = identity(provider, inc, &query, &form);
    Ok(Routed {
        provider,
        scheme,
        query,
        form,
        action,
        version,
    })
}

/// The pairs of a form-encoded body (none for other bodies).
fn decode_form(inc: &Incoming) -> Result<Vec<(String, String)>, String> {
    if !inc.is_form() || inc.body.is_empty() {
        return Ok(Vec::new());
    }
    match std::str::from_utf8(&inc.body) {
        Ok(text) => form_urldecode(text).map_err(|e| e.to_string()),
        Err(e) => Err(format!("form body is not UTF-8: {e}")),
    }
}

/// The signing scheme, by the Authorization header's algorithm or the RPC signature
/// parameters (`has` looks a parameter up in query and form).
fn scheme_of(auth: Option<&str>, has: impl Fn(&str) -> bool) -> Scheme {
    use docsdk_auth::signing::{acs3, tc3, volc};
    match auth {
        Some(a) if a.starts_with(tc3::ALGORITHM) => Scheme::Tc3,
        Some(a) if a.starts_with(acs3::ALGORITHM) => Scheme::Acs3,
        Some(a) if a.starts_with(volc::ALGORITHM) => Scheme::Volc,
        _ if has("Signature") && has("SecretId") => Scheme::TencentV1,
        _ if has("Signature") && (has("SignatureMethod") || has("AccessKeyId")) => Scheme::AcsRpc,
        Some(_) => Scheme::Other,
        None => Scheme::Unsigned,
    }
}

/// The one cloud that documents the request's `Action`, if only one does.
fn provider_of_action(
    specs: &[Spec],
    q: &[(String, String)],
    f: &[(String, String)],
) -> Option<Provider> {
    let action = lookup(q, ACTION_PARAM).or_else(|| lookup(f, ACTION_PARAM))?;
    let mut providers: Vec<Provider> = specs
        .iter()
        .filter(|s| s.action.name == action)
        .map(|s| s.action.provider)
        .collect();
    providers.dedup();
    match providers.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// Action and version: from the cloud's call headers, else from its parameters.
fn identity(
    provider: Provider,
    inc: &Incoming,
    query: &[(String, String)],
    form: &[(String, String)],
) -> (Option<String>, Option<String>) {
    let param = |name: &str| lookup(query, name).or_else(|| lookup(form, name));
    let pick = |header: Option<&str>, name: &str| -> Option<String> {
        header
            .and_then(|h| inc.header(h))
            .or_else(|| param(name))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let headers = provider.call_headers();
    (
        pick(headers.map(|h| h.action), ACTION_PARAM),
        pick(headers.map(|h| h.version), VERSION_PARAM),
    )
}

/// The spec a request calls: by provider, action and version, narrowed by the service the
/// signature's scope (or the host name) names when several services share the action.
pub fn find_spec<'a>(
    specs: &'a [Spec],
    provider: Provider,
    action: &str,
    version: &str,
    service_hint: Option<&str>,
    host: &str,
) -> Result<&'a Spec, Failure> {
    let same_action: Vec<&Spec> = specs
        .iter()
        .filter(|s| s.action.provider == provider && s.action.name == action)
        .collect();
    if same_action.is_empty() {
        return Err(Failure::common(
            provider,
            Common::InvalidAction,
            format!("The action `{action}` (version {version}) is not found: the mock serves no spec for it."),
        ));
    }
    let same_version: Vec<&Spec> = same_action
        .iter()
        .copied()
        .filter(|s| s.action.version == version)
        .collect();
    if same_version.is_empty() {
        let known: Vec<&str> = same_action
            .iter()
            .map(|s| s.action.version.as_str())
            .collect();
        return Err(Failure::common(
            provider,
            Common::InvalidVersion,
            format!(
                "The action `{action}` has no version `{version}` (documented: {}).",
                known.join(", ")
            ),
        ));
    }
    if same_version.len() == 1 {
        return Ok(same_version[0]);
    }
    let host_name = host.split(':').next().unwrap_or("").to_ascii_lowercase();
    let by_service = |svc: &str| {
        same_version
            .iter()
            .copied()
            .find(|s| s.action.service == svc)
    };
    if let Some(spec) = service_hint.and_then(by_service) {
        return Ok(spec);
    }
    if let Some(spec) = same_version.iter().copied().find(|s| {
        host_name == s.action.endpoint
            || host_name.split('.').next() == Some(s.action.service.as_str())
    }) {
        return Ok(spec);
    }
    let services: Vec<&str> = same_version
        .iter()
        .map(|s| s.action.service.as_str())
        .collect();
    Err(Failure::common(
        provider,
        Common::InvalidAction,
        format!(
            "`{action}` {version} exists in several services ({}); the request names none of them (signature scope or host)",
            services.join(", ")
        ),
    ))
}

/// The cloud whose signer's headers an unsigned request carries: ACS3's `x-acs-date` or
/// `x-acs-signature-nonce`, Volcengine's `X-Date`.
fn signer_headers(inc: &Incoming) -> Option<Provider> {
    if inc.header("x-acs-date").is_some() || inc.header("x-acs-signature-nonce").is_some() {
        Some(Provider::Alibaba)
    } else if inc.header("x-date").is_some() {
        Some(Provider::Volcengine)
    } else {
        None
    }
}

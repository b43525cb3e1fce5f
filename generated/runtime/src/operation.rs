use super::{Kind, OperationError, Provider, Rule};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Whether an action needs a region (from the page's common parameters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionUse {
    Required,
    Optional,
    Unused,
}

/// Everything about an action that is data rather than code.
#[derive(Debug)]
pub struct OpMeta {
    pub provider: Provider,
    pub service: &'static str,
    pub version: &'static str,
    pub action: &'static str,
    pub method: &'static str,
    pub endpoint: &'static str,
    /// Endpoint pattern with `{region}`, where the page documents one.
    pub regional_endpoint: Option<&'static str>,
    pub region: RegionUse,
    /// Parameters sent as one JSON-array string (Alibaba `encoding = "json-array"`).
    pub json_array: &'static [&'static str],
    /// Non-string parameters by dotted wire path (arrays are transparent).
    pub kinds: &'static [(&'static str, Kind)],
    /// The idempotency parameter the page documents (e.g. `ClientToken`): filled with a fresh
    /// UUID v4 when the caller leaves it unset, and reused on every retry of the call.
    pub idempotency_token: Option<&'static str>,
    /// The page's documented rate limit, enforced client-side (see `ClientBuilder::rate_limit`).
    pub rate_limit: Option<RateLimit>,
}

/// A documented rate limit: `requests` per `per_seconds` seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub requests: u32,
    pub per_seconds: u32,
}

impl OpMeta {
    /// An action's metadata with the optional parts empty; generated code sets the parts its
    /// page documents with the `const` setters below (one short line each).
    pub const fn new(
        provider: Provider,
        service: &'static str,
        version: &'static str,
        action: &'static str,
        method: &'static str,
        endpoint: &'static str,
    ) -> OpMeta {
        OpMeta {
            provider,
            service,
            version,
            action,
            method,
            endpoint,
            regional_endpoint: None,
            region: RegionUse::Optional,
            json_array: &[],
            kinds: &[],
            idempotency_token: None,
            rate_limit: None,
        }
    }

    pub const fn regional(mut self, pattern: &'static str) -> OpMeta {
        self.regional_endpoint = Some(pattern);
        self
    }

    pub const fn region(mut self, region: RegionUse) -> OpMeta {
        self.region = region;
        self
    }

    pub const fn json_array(mut self, params: &'static [&'static str]) -> OpMeta {
        self.json_array = params;
        self
    }

    pub const fn kinds(mut self, kinds: &'static [(&'static str, Kind)]) -> OpMeta {
        self.kinds = kinds;
        self
    }

    pub const fn token(mut self, param: &'static str) -> OpMeta {
        self.idempotency_token = Some(param);
        self
    }

    pub const fn rate_limit(mut self, requests: u32, per_seconds: u32) -> OpMeta {
        self.rate_limit = Some(RateLimit {
            requests,
            per_seconds,
        });
        self
    }

    /// `provider.service.Action`, as the `call` example and logs name an action.
    pub fn qualified_name(&self) -> String {
        format!(
            "{}.{}.{}",
            self.provider.as_str(),
            self.service,
            self.action
        )
    }
}

/// One documented action: the request type implements it.
/// Requests serialize through [`ToJson`](super::de::ToJson) (their `Serialize` delegates to it).
pub trait Operation:
    super::de::ToJson + Serialize + DeserializeOwned + Clone + Send + Sync + 'static
{
    type Output: DeserializeOwned + Send;
    type Error: OperationError;
    const META: &'static OpMeta;
    /// Rules from the page, each with the sentence it came from.
    const RULES: &'static [Rule];

    /// Every violation of the page's rules, at once.
    fn validate(&self) -> std::result::Result<(), super::ValidationErrors> {
        let params = super::wire::params(self);
        super::validate_params(&params, Self::RULES)
    }
}

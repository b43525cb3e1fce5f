//! Alibaba Cloud RPC pages: service from the `<service>.aliyuncs.com` host or the OpenAPI
//! Explorer link; version and endpoints often only in the service defaults; flat responses
//! whose arrays come wrapped in an object.

use super::{PageFacts, Profile};
use crate::defaults::ServiceDefaults;
use crate::spec::{Field, HttpMethod, Provider, RegionUse};
use regex::Regex;
use std::sync::LazyLock;

pub struct Alibaba;

impl Profile for Alibaba {
    fn provider(&self) -> Provider {
        Provider::Alibaba
    }

    fn score(&self, text: &str) -> u32 {
        let mut s = 0;
        for (w, n) in [
            ("aliyuncs.com", 4),
            ("api.aliyun.com", 3),
            ("OpenAPI Explorer", 2),
            ("Alibaba Cloud", 2),
            ("阿里云", 2),
            ("Elastic Compute Service", 1),
            ("云服务器ECS", 1),
            ("~~", 1),
        ] {
            if text.contains(w) {
                s += n;
            }
        }
        s
    }

    fn common_params(&self) -> &'static [&'static str] {
        &[
            "Action",
            "Version",
            "AccessKeyId",
            "Signature",
            "SignatureMethod",
            "SignatureNonce",
            "SignatureVersion",
            "Timestamp",
            "Format",
        ]
    }

    fn service(&self, facts: &PageFacts, defaults: &ServiceDefaults) -> Option<String> {
        let from_host = facts
            .hosts()
            .find(|h| h.ends_with("aliyuncs.com"))
            .and_then(|h| h.split('.').next())
            .map(|label| {
                defaults
                    .service_at_host(Provider::Alibaba, label)
                    .unwrap_or_else(|| label.to_string())
            });
        from_host
            .or_else(|| {
                static PRODUCT: LazyLock<Regex> = LazyLock::new(|| {
                    Regex::new(r"[?&#]product=([A-Za-z]+)").unwrap_or_else(|e| panic!("{e}"))
                });
                let re = &*PRODUCT;
                facts
                    .prose
                    .iter()
                    .map(|(_, t)| t)
                    .chain(facts.links.iter())
                    .find_map(|t| re.captures(t).map(|m| m[1].to_string()))
                    .map(|code| {
                        defaults
                            .service_with_product(Provider::Alibaba, &code)
                            .unwrap_or_else(|| code.to_ascii_lowercase())
                    })
            })
            .or_else(|| {
                // The product name in the page's title or breadcrumbs, as the service defaults
                // list it (not anywhere on the page: a RAM page may mention ECS).
                facts
                    .lead()
                    .find_map(|t| defaults.service_named_in(Provider::Alibaba, t))
            })
    }

    fn default_method(&self) -> HttpMethod {
        HttpMethod::Post
    }

    fn region_use(&self, _facts: &PageFacts, request: &[Field]) -> RegionUse {
        match request.iter().find(|f| f.name == "RegionId") {
            Some(f) if f.required => RegionUse::Required,
            Some(_) => RegionUse::Optional,
            None => RegionUse::Unused,
        }
    }

    fn wraps_arrays(&self) -> bool {
        true
    }

    /// Some pages wrap the JSON sample in the XML root (`{"CreateXResponse": {…}}`); the
    /// service sends the members unwrapped.
    fn response_body<'a>(&self, example: &'a serde_json::Value) -> &'a serde_json::Value {
        match example.as_object() {
            Some(m) if m.len() == 1 => match m.iter().next() {
                Some((k, v)) if k.ends_with("Response") && v.is_object() => v,
                _ => example,
            },
            _ => example,
        }
    }
}

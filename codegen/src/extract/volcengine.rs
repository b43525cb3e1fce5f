//! Volcengine OpenAPI pages: `open.volcengineapi.com`, the service in the example's
//! `Service:` header, GET with query parameters, `Result` envelope.

use super::{PageFacts, Profile};
use crate::defaults::ServiceDefaults;
use crate::spec::{Field, HttpMethod, Provider, RegionUse};

pub struct Volcengine;

impl Profile for Volcengine {
    fn provider(&self) -> Provider {
        Provider::Volcengine
    }

    fn score(&self, text: &str) -> u32 {
        let mut s = 0;
        for (w, n) in [
            ("volcengineapi.com", 4),
            ("volcengine", 2),
            ("火山引擎", 2),
            ("ResponseMetadata", 2),
            ("byteplusapi.com", 4),
            ("byteplus", 1),
        ] {
            if text.contains(w) {
                s += n;
            }
        }
        s
    }

    fn common_params(&self) -> &'static [&'static str] {
        &["Action", "Version"]
    }

    fn service(&self, facts: &PageFacts, _defaults: &ServiceDefaults) -> Option<String> {
        facts
            .pair("Service")
            .map(|s| s.trim().to_ascii_lowercase())
            .filter(|s| !s.is_empty())
            .or_else(|| {
                // Service-specific hosts: `ecs.volcengineapi.com`.
                facts
                    .hosts()
                    .filter(|h| h.contains("volcengineapi.com") || h.contains("byteplusapi.com"))
                    .filter_map(|h| h.split('.').next())
                    .find(|s| *s != "open")
                    .map(str::to_string)
            })
    }

    fn default_method(&self) -> HttpMethod {
        HttpMethod::Get
    }

    fn region_use(&self, _facts: &PageFacts, _request: &[Field]) -> RegionUse {
        // The region is part of every signature's credential scope.
        RegionUse::Required
    }

    fn response_body<'a>(&self, example: &'a serde_json::Value) -> &'a serde_json::Value {
        example.get("Result").unwrap_or(example)
    }
}

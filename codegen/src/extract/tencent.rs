//! Tencent Cloud API 3.0 pages: service from the `<service>.tencentcloudapi.com` host,
//! common parameters Action / Version / Region, JSON POST.

use super::{PageFacts, Profile};
use crate::defaults::ServiceDefaults;
use crate::spec::{Field, HttpMethod, Provider, RegionUse};

pub struct Tencent;

impl Profile for Tencent {
    fn provider(&self) -> Provider {
        Provider::Tencent
    }

    fn score(&self, text: &str) -> u32 {
        let mut s = 0;
        for (w, n) in [
            ("tencentcloudapi.com", 4),
            ("X-TC-Action", 3),
            ("TencentCloud API", 2),
            ("Tencent Cloud", 1),
            ("腾讯云", 1),
            ("Common Request Parameters", 1),
        ] {
            if text.contains(w) {
                s += n;
            }
        }
        // Tencent's "API Explorer", not Alibaba's "OpenAPI Explorer".
        if text.matches("API Explorer").count() > text.matches("OpenAPI Explorer").count() {
            s += 1;
        }
        s
    }

    fn common_params(&self) -> &'static [&'static str] {
        &["Action", "Version", "Region"]
    }

    fn service(&self, facts: &PageFacts, _defaults: &ServiceDefaults) -> Option<String> {
        facts
            .hosts()
            .find(|h| h.ends_with("tencentcloudapi.com"))
            .and_then(|h| h.split('.').next())
            .map(str::to_string)
    }

    fn default_method(&self) -> HttpMethod {
        HttpMethod::Post
    }

    fn region_use(&self, facts: &PageFacts, _request: &[Field]) -> RegionUse {
        match &facts.region_row {
            Some((true, _, _)) => RegionUse::Required,
            Some((false, _, _)) => RegionUse::Optional,
            // API 3.0 actions without a Region row do not take one.
            None => RegionUse::Unused,
        }
    }

    fn response_body<'a>(&self, example: &'a serde_json::Value) -> &'a serde_json::Value {
        example.get("Response").unwrap_or(example)
    }
}

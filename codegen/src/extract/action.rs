//! What the page says about the action as a whole: name, version, endpoint, method, summary,
//! rate limit and region use.

use super::fields::Columns;
use super::{ExtractError, Extractor};
use crate::blocks::Block;
use crate::diag::Warning;
use crate::spec::{Action, Field, Provider, RateLimit};
use regex::Regex;
use std::sync::LazyLock;

pub(super) static RATE: LazyLock<Vec<(Regex, usize, Option<usize>)>> = LazyLock::new(|| {
    let r = |p: &str| Regex::new(p).unwrap_or_else(|e| panic!("{e}"));
    vec![
        (
            r(
                r"(?i)maximum of (\d+) requests? (?:can be initiated |are allowed |can be made )?per (second|minute|hour)",
            ),
            1,
            Some(2),
        ),
        (
            r(r"(?i)(\d+) (?:requests|calls|times) per (second|minute|hour)"),
            1,
            Some(2),
        ),
        (
            r(r"(?i)(\d+)\s*(?:requests|calls)/(s|second|min|minute)\b"),
            1,
            Some(2),
        ),
        (
            r(r"请求频率限制[为：:]?\s*(\d+)\s*次/(秒|分钟|小时)"),
            1,
            Some(2),
        ),
        (
            r(r"每(秒|分钟|小时)(?:最多|不超过)?(?:请求|调用)?\s*(\d+)\s*次"),
            2,
            Some(1),
        ),
        (r(r"(\d+)\s*次/(秒|分钟|小时)"), 1, Some(2)),
    ]
});
static DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{4}-\d{2}-\d{2})\b").unwrap_or_else(|e| panic!("{e}")));
static ACTION_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:value used for this api|set the value to|value:|取值[:：]?|本接口取值[:：]?|value is)\s*[:：]?\s*`?([A-Z][A-Za-z0-9]+)")
        .unwrap_or_else(|e| panic!("{e}"))
});

/// A service's hosts from the defaults: the global endpoint and the regional pattern.
struct DefaultHosts {
    endpoint: Option<String>,
    regional: Option<String>,
}

impl Extractor<'_> {
    /// The action's identity (provider, service, version, name), where it is called and how:
    /// the page first, then the user's hints, then the service defaults, each fact not from
    /// the page noted with where it came from.
    pub(super) fn action(&mut self, request: &[Field]) -> Result<Action, ExtractError> {
        let mut notes = Vec::new();
        let name = self.action_name(&mut notes)?;
        let service = self.service_name(&mut notes)?;
        let provider = self.profile.provider();
        let version = self.version(provider, &service, &mut notes)?;
        let hosts = self.default_hosts(provider, &service);
        let endpoint = self.endpoint(provider, &service, &hosts);
        for n in notes {
            self.warnings.push(Warning::note(1, n));
        }
        let f = &self.facts;
        let method = f
            .example_method
            .filter(|_| provider != Provider::Tencent)
            .unwrap_or_else(|| self.profile.default_method());
        let region = self.profile.region_use(f, request);
        self.check_region_row();
        let summary = self.summary(&name);
        Ok(Action {
            provider,
            service,
            version,
            name,
            endpoint,
            regional_endpoint: hosts.regional,
            method,
            summary,
            rate_limit: self.rate_limit(),
            region,
        })
    }

    /// The Action row and the page's title name the action; an example may be copied from a
    /// sibling action's page (`Action=GenerateDataKey` on GenerateDataKeyWithoutPlaintext).
    fn action_name(&self, notes: &mut Vec<String>) -> Result<String, ExtractError> {
        let f = &self.facts;
        let from_example = f
            .pair("X-TC-Action")
            .or_else(|| f.pair("Action"))
            .map(|a| a.trim().to_string());
        let title = self.title_action();
        if let (Some(t), Some(e)) = (&title, &from_example) {
            if t != e && f.action_row.is_none() {
                notes.push(format!(
                    "the title names action {t} but the example request calls {e}; the title wins"
                ));
            }
        }
        let stated = f
            .action_row
            .clone()
            .or(title)
            .or(from_example)
            .or_else(|| self.described_action());
        match stated {
            Some(n) => Ok(n),
            None => {
                let h = self.hints.action.as_ref().ok_or(ExtractError::NoAction)?;
                notes.push(format!("action {} from {}", h.value, h.from));
                Ok(h.value.clone())
            }
        }
    }

    /// The page's service (hosts, headers, breadcrumbs) wins over the user's hint, with a
    /// warning when they disagree.
    fn service_name(&mut self, notes: &mut Vec<String>) -> Result<String, ExtractError> {
        let stated = self
            .profile
            .service(&self.facts, self.defaults)
            .or_else(|| self.breadcrumb_service());
        let hint = self.hints.service.as_ref();
        match stated {
            Some(s) => {
                if let Some(h) = hint.filter(|h| h.value != s) {
                    let message = format!(
                        "the page documents service {s} but {} says {}; the page wins",
                        h.from, h.value
                    );
                    self.warnings.push(Warning::new(1, message));
                }
                Ok(s)
            }
            None => {
                let h = hint.ok_or(ExtractError::NoService)?;
                notes.push(format!("service {} from {}", h.value, h.from));
                Ok(h.value.clone())
            }
        }
    }

    /// The version the page states, else the user's, else the service defaults'.
    fn version(
        &self,
        provider: Provider,
        service: &str,
        notes: &mut Vec<String>,
    ) -> Result<String, ExtractError> {
        let f = &self.facts;
        let stated = f
            .version_row
            .clone()
            .or_else(|| f.pair("Version").and_then(date_in))
            .or_else(|| f.pair("X-TC-Version").and_then(date_in))
            .or_else(|| self.linked_version());
        if let Some(v) = stated {
            return Ok(v);
        }
        if let Some(h) = &self.hints.version {
            notes.push(format!("API version {} from {}", h.value, h.from));
            return Ok(h.value.clone());
        }
        let defaults = self.defaults.get(provider, service);
        let v =
            defaults
                .and_then(|d| d.version.clone())
                .ok_or_else(|| ExtractError::NoVersion {
                    provider,
                    service: service.to_string(),
                })?;
        notes.push(format!(
            "API version {v} from the service defaults ([{provider}.{service}])"
        ));
        Ok(v)
    }

    /// The service's hosts from the defaults; BytePlus pages document Volcengine's APIs on
    /// other hosts.
    fn default_hosts(&self, provider: Provider, service: &str) -> DefaultHosts {
        let f = &self.facts;
        let byteplus = provider == Provider::Volcengine
            && f.prose
                .iter()
                .chain(f.code.iter())
                .any(|(_, t)| t.contains("BytePlus") || t.contains("byteplus"));
        match self.defaults.get(provider, service) {
            Some(d) if byteplus => DefaultHosts {
                // A global host: the SDK's, else its regional pattern without the region
                // (`rds-mysql.{region}.byteplusapi.com` → `rds-mysql.byteplusapi.com`).
                endpoint: d.byteplus_endpoint.clone().or_else(|| {
                    Some(match &d.byteplus_regional_endpoint {
                        Some(p) => p.replace(".{region}", ""),
                        None => format!("{}.byteplusapi.com", service.replace('_', "-")),
                    })
                }),
                regional: d.byteplus_regional_endpoint.clone(),
            },
            Some(d) => DefaultHosts {
                endpoint: d.endpoint.clone(),
                regional: d.regional_endpoint.clone(),
            },
            None => DefaultHosts {
                endpoint: None,
                regional: None,
            },
        }
    }

    /// The host a client calls: stated, else a request example's, else an example host that
    /// is this service's (a policy document may name another service's host), else the
    /// defaults'. Warns when there is none.
    fn endpoint(&mut self, provider: Provider, service: &str, hosts: &DefaultHosts) -> String {
        let f = &self.facts;
        let endpoint = f
            .stated_endpoint
            .clone()
            .or_else(|| f.request_hosts.first().cloned())
            .or_else(|| {
                f.example_hosts
                    .iter()
                    .find(|h| {
                        let label = h.split('.').next().unwrap_or("");
                        label == service
                            || self.defaults.service_at_host(provider, label).as_deref()
                                == Some(service)
                    })
                    .cloned()
            })
            .or_else(|| hosts.endpoint.clone())
            .unwrap_or_default();
        // Alibaba pages show regional hosts (`kms.cn-hangzhou.aliyuncs.com`) in examples: the
        // service's global endpoint from the defaults is what a client calls, unless the page
        // names another host altogether (the defaults' host may only be a naming convention).
        // (Alibaba has no BytePlus twin: its default host is the defaults' own endpoint.)
        let endpoint = match hosts.endpoint.clone() {
            Some(global)
                if provider == Provider::Alibaba
                    && (endpoint.is_empty()
                        || endpoint.split('.').next() == global.split('.').next()) =>
            {
                global
            }
            _ => endpoint,
        };
        if endpoint.is_empty() {
            self.warnings.push(Warning::new(
                1,
                format!("no endpoint host on the page or in the service defaults for {provider} {service}; set one in an override or service-defaults.toml"),
            ));
        }
        endpoint
    }

    /// A Region row marked required whose text says it is not.
    fn check_region_row(&mut self) {
        if let Some((required, description, line)) = self.facts.region_row.clone() {
            let says_not_required =
                description.contains("not required") || description.contains("不需要");
            if required && says_not_required {
                self.warn(
                    line,
                    "Region is \"Yes\" in the table but the text says it is not required",
                );
            }
        }
    }

    /// A heading or line that is only an action-like identifier ("DeleteKeyPairs",
    /// "Elastic Compute Service:DetachInstanceRamRole").
    fn title_action(&self) -> Option<String> {
        self.facts.prose.iter().find_map(|(_, t)| {
            let t = t.trim().trim_start_matches('#').trim();
            let t = t.split(['{']).next().unwrap_or(t).trim();
            let last = t.rsplit([':', '：', ' ']).next().unwrap_or(t);
            let ok = last.len() >= 6
                && last.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && last.chars().all(|c| c.is_ascii_alphanumeric())
                && last.chars().filter(char::is_ascii_uppercase).count() >= 2
                && (t == last || t.contains(':') || t.contains('：'));
            ok.then(|| last.to_string())
        })
    }

    /// A service named in the page's breadcrumbs (`BytePlus Docs > API > VPC`): a segment
    /// that is a service of this provider in the service defaults.
    fn breadcrumb_service(&self) -> Option<String> {
        let provider = self.profile.provider();
        self.facts
            .lead()
            .filter(|t| t.contains(['>', '›', '»']))
            .flat_map(|t| t.split(['>', '›', '»']).rev())
            .map(|seg| seg.trim().to_ascii_lowercase())
            .find(|seg| seg.len() >= 2 && self.defaults.get(provider, seg).is_some())
    }

    /// The action a description sentence names: "This API (RunInstances) is used to…",
    /// "本接口（RunInstances）用于…".
    fn described_action(&self) -> Option<String> {
        static DESCRIBED: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?i)(?:\bapi|\binterface|\boperation|接口)\s*[（(]\s*([A-Z][A-Za-z0-9]{3,})\s*[)）]")
                .unwrap_or_else(|e| panic!("{e}"))
        });
        let re = &*DESCRIBED;
        self.facts
            .prose
            .iter()
            .find_map(|(_, t)| re.captures(t).map(|m| m[1].to_string()))
    }

    fn linked_version(&self) -> Option<String> {
        static LINKED: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?i)[?&#]version=(\d{4}-\d{2}-\d{2})").unwrap_or_else(|e| panic!("{e}"))
        });
        let re = &*LINKED;
        self.facts
            .prose
            .iter()
            .chain(self.facts.code.iter())
            .map(|(_, t)| t)
            .chain(self.facts.links.iter())
            .find_map(|t| re.captures(t).map(|m| m[1].to_string()))
    }

    /// The sentence that says what the action does: among the paragraphs before the first
    /// table, the one that best reads as an API description (names the action, or says "This
    /// API is used to" / "用于" / "调用…接口"); page notices and chrome score lowest.
    fn summary(&self, action: &str) -> String {
        let first_table = self
            .doc
            .blocks
            .iter()
            .find(|b| matches!(b, Block::Table(_)))
            .map(Block::line)
            .unwrap_or(usize::MAX);
        let skip = [
            "domain name",
            "域名",
            "requests can be",
            "request parameter list",
            "last updated",
            "javascript",
            "最近更新",
            "首次发布",
            "openapi explorer",
            "api explorer",
            "frequency",
            "频率",
            "document center",
            "all products",
            "authorization information",
        ];
        let cues = [
            "this api",
            "this operation",
            "this interface",
            "is used to",
            "you can call",
            "用于",
            "调用",
            "本接口",
            "该接口",
        ];
        let mut best: Option<(usize, &str)> = None;
        let candidates = self
            .doc
            .blocks
            .iter()
            .take_while(|b| b.line() < first_table)
            .filter_map(|b| match b {
                Block::Paragraph { text, .. } => Some(text.trim()),
                _ => None,
            })
            .filter(|t| {
                let lower = t.to_lowercase();
                (t.ends_with('.') || t.ends_with('。'))
                    && t.chars().count() >= 12
                    && !skip.iter().any(|s| lower.contains(s))
                    && RATE.iter().all(|(r, _, _)| !r.is_match(t))
            });
        for t in candidates {
            let lower = t.to_lowercase();
            let score = 1
                + usize::from(!action.is_empty() && t.contains(action)) * 2
                + usize::from(cues.iter().any(|c| lower.contains(c))) * 2;
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, t));
            }
        }
        best.map(|(_, t)| t.to_string()).unwrap_or_default()
    }

    fn rate_limit(&self) -> Option<RateLimit> {
        for (_, text) in &self.facts.prose {
            for (re, n, unit) in RATE.iter() {
                if let Some(m) = re.captures(text) {
                    let requests: u32 = m.get(*n)?.as_str().parse().ok()?;
                    let unit = unit
                        .and_then(|u| m.get(u))
                        .map(|u| u.as_str())
                        .unwrap_or("second");
                    let per = match unit.to_lowercase().as_str() {
                        "minute" | "min" | "分钟" => crate::spec::Per::Minute,
                        "hour" | "小时" => crate::spec::Per::Hour,
                        _ => crate::spec::Per::Second,
                    };
                    if requests == 0 {
                        continue;
                    }
                    return Some(RateLimit {
                        requests,
                        per,
                        evidence: Some(text.trim().to_string()),
                    });
                }
            }
        }
        None
    }
}

/// The value an Action / Version row states: its example cell, or "value used for this API: X".
pub(super) fn row_value(row: &crate::blocks::Row, cols: &Columns) -> Option<String> {
    let example = cols
        .example
        .map(|i| row.cell(i).trim())
        .filter(|e| !e.is_empty());
    if let Some(e) = example {
        if let Some(d) = date_in(e) {
            return Some(d);
        }
        if e.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Some(e.to_string());
        }
    }
    let desc = cols.description.map(|i| row.cell(i)).unwrap_or("");
    if let Some(d) = date_in(desc) {
        return Some(d);
    }
    ACTION_VALUE.captures(desc).map(|m| m[1].to_string())
}

fn date_in(s: &str) -> Option<String> {
    DATE.captures(s).map(|m| m[1].to_string())
}

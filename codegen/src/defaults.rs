//! Service defaults: facts a page leaves out (an API version, endpoints, product names).
//!
//! The defaults ship inside docsdk: `specs/service-defaults.toml` (derived from the official
//! SDK packages' metadata by `scripts/service_defaults.py`) is compiled in, so a scrape into an
//! empty folder works. A specs folder's own `service-defaults.toml` adds services to it or
//! overrides single facts of one.

use crate::spec::Provider;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::LazyLock;

pub const FILE_NAME: &str = "service-defaults.toml";

/// The defaults compiled into docsdk.
const BUILTIN_TEXT: &str = include_str!("../../specs/service-defaults.toml");

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct ServiceDefault {
    pub version: Option<String>,
    /// Every API version the official SDK knows, oldest first.
    #[serde(default)]
    pub versions: Vec<String>,
    pub endpoint: Option<String>,
    pub regional_endpoint: Option<String>,
    /// The product code the provider's own links use (`product=Slb`).
    pub product: Option<String>,
    /// BytePlus (Volcengine's international site) hosts, for pages from docs.byteplus.com.
    pub byteplus_endpoint: Option<String>,
    pub byteplus_regional_endpoint: Option<String>,
    /// Product names pages use for the service ("Elastic Compute Service", "云服务器 ECS").
    #[serde(default)]
    pub names: Vec<String>,
}

impl ServiceDefault {
    /// `other`'s facts over these; names and versions are kept from both.
    fn overlay(&mut self, other: &ServiceDefault) {
        let take = |mine: &mut Option<String>, theirs: &Option<String>| {
            if theirs.is_some() {
                mine.clone_from(theirs);
            }
        };
        take(&mut self.version, &other.version);
        take(&mut self.endpoint, &other.endpoint);
        take(&mut self.regional_endpoint, &other.regional_endpoint);
        take(&mut self.product, &other.product);
        take(&mut self.byteplus_endpoint, &other.byteplus_endpoint);
        take(
            &mut self.byteplus_regional_endpoint,
            &other.byteplus_regional_endpoint,
        );
        for n in &other.names {
            if !self.names.contains(n) {
                self.names.push(n.clone());
            }
        }
        for v in &other.versions {
            if !self.versions.contains(v) {
                self.versions.push(v.clone());
            }
        }
    }
}

/// `[<provider>.<service>]` tables.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct ServiceDefaults(BTreeMap<String, BTreeMap<String, ServiceDefault>>);

#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct DefaultsError {
    pub path: String,
    pub message: String,
}

static BUILTIN: LazyLock<ServiceDefaults> = LazyLock::new(|| {
    // Checked by a unit test; a broken file degrades to no defaults rather than a panic.
    ServiceDefaults::parse(BUILTIN_TEXT, FILE_NAME).unwrap_or_default()
});

impl ServiceDefaults {
    /// The defaults compiled into docsdk.
    pub fn builtin() -> ServiceDefaults {
        BUILTIN.clone()
    }

    pub fn get(&self, provider: Provider, service: &str) -> Option<&ServiceDefault> {
        self.0.get(provider.as_str())?.get(service)
    }

    /// Services of a provider.
    pub fn services(&self, provider: Provider) -> impl Iterator<Item = (&str, &ServiceDefault)> {
        self.0
            .get(provider.as_str())
            .into_iter()
            .flat_map(|m| m.iter().map(|(k, v)| (k.as_str(), v)))
    }

    /// The service of this provider whose product name the text mentions (longest name wins).
    pub fn service_named_in(&self, provider: Provider, text: &str) -> Option<String> {
        let text = text.to_lowercase();
        self.services(provider)
            .flat_map(|(service, d)| d.names.iter().map(move |n| (n, service)))
            .filter(|(n, _)| !n.is_empty() && text.contains(&n.to_lowercase()))
            .max_by_key(|(n, _)| n.len())
            .map(|(_, service)| service.to_string())
    }

    /// The service served at a host whose first label is `label` (`metrics` → cms): for
    /// products whose host differs from their code.
    pub fn service_at_host(&self, provider: Provider, label: &str) -> Option<String> {
        if self.get(provider, label).is_some() {
            return Some(label.to_string());
        }
        let prefix = format!("{label}.");
        self.services(provider)
            .find(|(_, d)| {
                d.endpoint
                    .as_deref()
                    .is_some_and(|e| e.starts_with(&prefix))
                    || d.regional_endpoint
                        .as_deref()
                        .is_some_and(|e| e.starts_with(&prefix))
            })
            .map(|(service, _)| service.to_string())
    }

    /// The service whose product code (`Slb`, as links spell it) this is.
    pub fn service_with_product(&self, provider: Provider, code: &str) -> Option<String> {
        let code = code.to_ascii_lowercase();
        self.services(provider)
            .find(|(service, d)| {
                d.product
                    .as_deref()
                    .is_some_and(|p| p.eq_ignore_ascii_case(&code))
                    || *service == code
            })
            .map(|(service, _)| service.to_string())
    }

    pub fn parse(text: &str, path: &str) -> Result<Self, DefaultsError> {
        toml::from_str(text).map_err(|e| DefaultsError {
            path: path.to_string(),
            message: e.to_string(),
        })
    }

    /// `other` over these defaults: its services are added, its facts replace single facts.
    pub fn overlay(mut self, other: &ServiceDefaults) -> ServiceDefaults {
        for (provider, services) in &other.0 {
            let mine = self.0.entry(provider.clone()).or_default();
            for (service, d) in services {
                mine.entry(service.clone()).or_default().overlay(d);
            }
        }
        self
    }

    /// The built-in defaults with a defaults file over them.
    pub fn load_file(path: &Path) -> Result<Self, DefaultsError> {
        let text = std::fs::read_to_string(path).map_err(|e| DefaultsError {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        let own = Self::parse(&text, &path.display().to_string())?;
        Ok(Self::builtin().overlay(&own))
    }

    /// The built-in defaults with a specs folder's own `service-defaults.toml` over them
    /// (a folder without one uses the built-in defaults alone).
    pub fn load_dir(specs_dir: &Path) -> Result<Self, DefaultsError> {
        let path = specs_dir.join(FILE_NAME);
        if path.is_file() {
            Self::load_file(&path)
        } else {
            Ok(Self::builtin())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_file_parses_and_knows_the_seed_services() {
        ServiceDefaults::parse(BUILTIN_TEXT, FILE_NAME).expect("built-in defaults parse");
        let d = ServiceDefaults::builtin();
        let ecs = d.get(Provider::Alibaba, "ecs").expect("alibaba ecs");
        assert_eq!(ecs.version.as_deref(), Some("2014-05-26"));
    }

    #[test]
    fn a_folder_file_adds_services_and_overrides_single_facts() {
        let own = ServiceDefaults::parse(
            "[alibaba.ecs]\nversion = \"2099-01-01\"\nnames = [\"My ECS\"]\n[alibaba.newsvc]\nversion = \"2020-01-01\"\n",
            "x",
        )
        .expect("parses");
        let d = ServiceDefaults::builtin().overlay(&own);
        let ecs = d.get(Provider::Alibaba, "ecs").expect("ecs");
        assert_eq!(ecs.version.as_deref(), Some("2099-01-01"));
        assert_eq!(ecs.endpoint.as_deref(), Some("ecs.aliyuncs.com"));
        assert!(ecs.names.iter().any(|n| n == "My ECS"));
        assert!(ecs.names.len() > 1);
        assert!(d.get(Provider::Alibaba, "newsvc").is_some());
    }
}

//! Service defaults: facts a page leaves out (Alibaba's API version and endpoints), kept in
//! a checked-in TOML file under `specs/` rather than in code.

use crate::spec::Provider;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

pub const FILE_NAME: &str = "service-defaults.toml";

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct ServiceDefault {
    pub version: Option<String>,
    pub endpoint: Option<String>,
    pub regional_endpoint: Option<String>,
    /// Product names pages use for the service ("Elastic Compute Service", "云服务器 ECS").
    #[serde(default)]
    pub names: Vec<String>,
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

impl ServiceDefaults {
    pub fn get(&self, provider: Provider, service: &str) -> Option<&ServiceDefault> {
        self.0.get(provider.as_str())?.get(service)
    }

    /// The service of this provider whose product name the text mentions (longest name wins).
    pub fn service_named_in(&self, provider: Provider, text: &str) -> Option<String> {
        let services = self.0.get(provider.as_str())?;
        let text = text.to_lowercase();
        services
            .iter()
            .flat_map(|(service, d)| d.names.iter().map(move |n| (n, service)))
            .filter(|(n, _)| !n.is_empty() && text.contains(&n.to_lowercase()))
            .max_by_key(|(n, _)| n.len())
            .map(|(_, service)| service.clone())
    }

    pub fn parse(text: &str, path: &str) -> Result<Self, DefaultsError> {
        toml::from_str(text).map_err(|e| DefaultsError {
            path: path.to_string(),
            message: e.to_string(),
        })
    }

    /// Loads `service-defaults.toml` from a specs folder; a missing file means no defaults.
    pub fn load_dir(specs_dir: &Path) -> Result<Self, DefaultsError> {
        let path = specs_dir.join(FILE_NAME);
        match std::fs::read_to_string(&path) {
            Ok(text) => Self::parse(&text, &path.display().to_string()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(DefaultsError {
                path: path.display().to_string(),
                message: e.to_string(),
            }),
        }
    }
}

//! Access keys for the three clouds, given explicitly or read from each SDK's environment
//! variables. Secrets never reach `Debug` output or error messages.

use std::fmt;
use std::sync::{Arc, Mutex};

pub use docsdk_protocol::Provider;

/// The environment variable names a cloud's official SDKs read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnvNames {
    pub access_key_id: &'static str,
    pub secret: &'static str,
    /// Tried in order; the first non-empty one wins.
    pub security_token: &'static [&'static str],
    pub region: &'static str,
}

/// The variable names `provider`'s official SDKs read.
pub const fn env_names(provider: Provider) -> EnvNames {
    match provider {
        Provider::Tencent => EnvNames {
            access_key_id: "TENCENTCLOUD_SECRET_ID",
            secret: "TENCENTCLOUD_SECRET_KEY",
            security_token: &[
                "TENCENTCLOUD_SESSION_TOKEN",
                "TENCENTCLOUD_TOKEN",
                "TENCENTCLOUD_SECURITY_TOKEN",
            ],
            region: "TENCENTCLOUD_REGION",
        },
        Provider::Volcengine => EnvNames {
            access_key_id: "VOLCENGINE_ACCESS_KEY",
            secret: "VOLCENGINE_SECRET_KEY",
            security_token: &["VOLCENGINE_SESSION_TOKEN"],
            region: "VOLCENGINE_REGION",
        },
        Provider::Alibaba => EnvNames {
            access_key_id: "ALIBABA_CLOUD_ACCESS_KEY_ID",
            secret: "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
            security_token: &["ALIBABA_CLOUD_SECURITY_TOKEN"],
            region: "ALIBABA_CLOUD_REGION_ID",
        },
    }
}

/// `provider`'s region from the process environment, if set and non-empty.
pub fn region_from_env(provider: Provider) -> Option<String> {
    region_from_env_with(provider, |name| std::env::var(name).ok())
}

/// `provider`'s region via `lookup` (an environment reader), if set and non-empty.
pub fn region_from_env_with(
    provider: Provider,
    lookup: impl Fn(&str) -> Option<String>,
) -> Option<String> {
    non_empty(lookup(env_names(provider).region))
}

/// Why credentials could not be loaded. Names variables, never values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialsError {
    #[error(
        "no {} credentials: set {} and {} (optionally {} for temporary credentials); missing: {}",
        .provider.display_name(),
        .names.access_key_id,
        .names.secret,
        .names.security_token.join(" or "),
        .missing.join(", ")
    )]
    Missing {
        provider: Provider,
        names: EnvNames,
        missing: Vec<&'static str>,
    },
}

/// An access key pair (Tencent: SecretId/SecretKey) and optional STS security token.
///
/// Clones share a small cache of the derived daily signing keys (TC3, Volcengine), so a
/// client signs each call with one HMAC over the string to sign instead of a chain of four.
#[derive(Clone)]
pub struct Credentials {
    access_key_id: String,
    secret: String,
    security_token: Option<String>,
    keys: Arc<KeyCache>,
}

impl PartialEq for Credentials {
    fn eq(&self, other: &Self) -> bool {
        self.access_key_id == other.access_key_id
            && self.secret == other.secret
            && self.security_token == other.security_token
    }
}

impl Eq for Credentials {}

/// Which key derivation a cached key came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyScheme {
    Tc3,
    Volc,
}

/// The derived signing keys of one secret, by scheme, date, region and service. Bounded: the
/// oldest entry goes when a new one would exceed [`KeyCache::CAPACITY`], so a date change
/// (or many services) never grows it.
#[derive(Default)]
pub(crate) struct KeyCache {
    entries: Mutex<Vec<CachedKey>>,
}

struct CachedKey {
    scheme: KeyScheme,
    date: String,
    region: String,
    service: String,
    key: [u8; 32],
}

impl KeyCache {
    pub(crate) const CAPACITY: usize = 16;

    /// Entries held now (tests).
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.entries.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

impl Credentials {
    pub fn new(access_key_id: impl Into<String>, secret: impl Into<String>) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            secret: secret.into(),
            security_token: None,
            keys: Arc::default(),
        }
    }

    /// Temporary (STS) credentials; an empty token means none, as in the SDKs.
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        self.security_token = non_empty(Some(token.into()));
        self
    }

    /// Reads `provider`'s variables from the process environment.
    pub fn from_env(provider: Provider) -> Result<Self, CredentialsError> {
        Self::from_env_with(provider, |name| std::env::var(name).ok())
    }

    /// Reads `provider`'s variables through `lookup`, so callers (and tests) choose the
    /// source. Empty values count as unset.
    pub fn from_env_with(
        provider: Provider,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, CredentialsError> {
        let names = env_names(provider);
        let id = non_empty(lookup(names.access_key_id));
        let secret = non_empty(lookup(names.secret));
        match (id, secret) {
            (Some(id), Some(secret)) => {
                let token = names
                    .security_token
                    .iter()
                    .find_map(|name| non_empty(lookup(name)));
                Ok(Self {
                    access_key_id: id,
                    secret,
                    security_token: token,
                    keys: Arc::default(),
                })
            }
            (id, secret) => {
                let mut missing = Vec::new();
                if id.is_none() {
                    missing.push(names.access_key_id);
                }
                if secret.is_none() {
                    missing.push(names.secret);
                }
                Err(CredentialsError::Missing {
                    provider,
                    names,
                    missing,
                })
            }
        }
    }

    /// Access key id (Tencent SecretId, Volcengine AccessKeyId, Alibaba AccessKeyId).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret key. Only signers should need this.
    pub fn secret(&self) -> &str {
        &self.secret
    }

    pub fn security_token(&self) -> Option<&str> {
        self.security_token.as_deref()
    }

    /// The derived key for `(scheme, date, region, service)` of this secret: from the cache,
    /// or computed by `derive(secret)` and cached. Thread-safe; the lock is held only to look
    /// up or insert, never while deriving.
    pub(crate) fn derived_key(
        &self,
        scheme: KeyScheme,
        date: &str,
        region: &str,
        service: &str,
        derive: impl FnOnce(&str) -> Result<[u8; 32], crate::signing::SigningError>,
    ) -> Result<[u8; 32], crate::signing::SigningError> {
        let lock = || self.keys.entries.lock().unwrap_or_else(|e| e.into_inner());
        let hit = lock()
            .iter()
            .find(|e| {
                e.scheme == scheme && e.date == date && e.region == region && e.service == service
            })
            .map(|e| e.key);
        if let Some(key) = hit {
            return Ok(key);
        }
        let key = derive(&self.secret)?;
        let mut entries = lock();
        if entries.len() >= KeyCache::CAPACITY {
            entries.remove(0);
        }
        entries.push(CachedKey {
            scheme,
            date: date.to_owned(),
            region: region.to_owned(),
            service: service.to_owned(),
            key,
        });
        Ok(key)
    }

    #[cfg(test)]
    pub(crate) fn cached_keys(&self) -> usize {
        self.keys.len()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret", &"<redacted>")
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn loads_each_cloud_from_its_own_names() {
        let c = Credentials::from_env_with(
            Provider::Tencent,
            env(&[
                ("TENCENTCLOUD_SECRET_ID", "AKIDx"),
                ("TENCENTCLOUD_SECRET_KEY", "sk-t"),
                ("TENCENTCLOUD_SESSION_TOKEN", "tok-t"),
                ("VOLCENGINE_ACCESS_KEY", "wrong"),
            ]),
        )
        .unwrap();
        assert_eq!(
            (c.access_key_id(), c.secret(), c.security_token()),
            ("AKIDx", "sk-t", Some("tok-t"))
        );

        let c = Credentials::from_env_with(
            Provider::Volcengine,
            env(&[
                ("VOLCENGINE_ACCESS_KEY", "AKLTx"),
                ("VOLCENGINE_SECRET_KEY", "sk-v"),
            ]),
        )
        .unwrap();
        assert_eq!((c.access_key_id(), c.secret()), ("AKLTx", "sk-v"));
        assert_eq!(c.security_token(), None);

        let lookup = env(&[
            ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIx"),
            ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "sk-a"),
            ("ALIBABA_CLOUD_SECURITY_TOKEN", "tok-a"),
            ("ALIBABA_CLOUD_REGION_ID", "cn-hangzhou"),
        ]);
        let c = Credentials::from_env_with(Provider::Alibaba, &lookup).unwrap();
        assert_eq!(c.security_token(), Some("tok-a"));
        assert_eq!(
            region_from_env_with(Provider::Alibaba, &lookup).as_deref(),
            Some("cn-hangzhou")
        );
        assert_eq!(region_from_env_with(Provider::Tencent, &lookup), None);
    }

    #[test]
    fn tencent_token_falls_back_to_older_names() {
        let c = Credentials::from_env_with(
            Provider::Tencent,
            env(&[
                ("TENCENTCLOUD_SECRET_ID", "AKIDx"),
                ("TENCENTCLOUD_SECRET_KEY", "sk"),
                ("TENCENTCLOUD_SESSION_TOKEN", ""),
                ("TENCENTCLOUD_TOKEN", "tok-old"),
            ]),
        )
        .unwrap();
        assert_eq!(c.security_token(), Some("tok-old"));
    }

    #[test]
    fn missing_or_empty_names_the_variables_not_the_values() {
        let err = Credentials::from_env_with(
            Provider::Volcengine,
            env(&[
                ("VOLCENGINE_ACCESS_KEY", "AKLT-visible"),
                ("VOLCENGINE_SECRET_KEY", ""),
            ]),
        )
        .unwrap_err();
        let CredentialsError::Missing { missing, .. } = &err;
        assert_eq!(missing, &vec!["VOLCENGINE_SECRET_KEY"]);
        let msg = err.to_string();
        assert!(msg.contains("VOLCENGINE_ACCESS_KEY"), "{msg}");
        assert!(msg.contains("VOLCENGINE_SECRET_KEY"), "{msg}");
        assert!(msg.contains("Volcengine"), "{msg}");
        assert!(!msg.contains("AKLT-visible"), "{msg}");

        let err = Credentials::from_env_with(Provider::Alibaba, env(&[])).unwrap_err();
        let CredentialsError::Missing { missing, .. } = &err;
        assert_eq!(
            missing,
            &vec![
                "ALIBABA_CLOUD_ACCESS_KEY_ID",
                "ALIBABA_CLOUD_ACCESS_KEY_SECRET"
            ]
        );
    }

    #[test]
    fn debug_redacts_secret_and_token() {
        let c = Credentials::new("AKID-public", "super-secret-key-123")
            .with_security_token("session-token-456");
        let dbg = format!("{c:?}");
        let pretty = format!("{c:#?}");
        for out in [&dbg, &pretty] {
            assert!(out.contains("AKID-public"), "{out}");
            assert!(!out.contains("super-secret-key-123"), "{out}");
            assert!(!out.contains("session-token-456"), "{out}");
            assert!(out.contains("<redacted>"), "{out}");
        }
    }

    #[test]
    fn empty_token_means_none() {
        let c = Credentials::new("a", "b").with_security_token("");
        assert_eq!(c.security_token(), None);
    }
}

#[cfg(test)]
mod key_cache_tests {
    use super::*;
    use crate::signing::{tc3, volc, SignableRequest, UtcTime};

    const DAY1: u64 = 1_704_164_645; // 2024-01-02T03:04:05Z
    const DAY2: u64 = DAY1 + 86_400;

    fn request<'a>(
        headers: &'a [(String, String)],
        query: &'a [(String, String)],
    ) -> SignableRequest<'a> {
        SignableRequest {
            method: "POST",
            host: "cvm.tencentcloudapi.com",
            path: "/",
            query,
            headers,
            body: br#"{"InstanceIds":["ins-1"]}"#,
        }
    }

    fn tc3_signature(c: &Credentials, at: u64, service: &str) -> String {
        let headers = vec![("Content-Type".to_owned(), "application/json".to_owned())];
        let params = tc3::Tc3Params {
            service,
            timestamp: UtcTime::from_unix_seconds(at),
            unsigned_payload: false,
        };
        tc3::sign(&request(&headers, &[]), c, &params)
            .expect("signs")
            .signature
    }

    fn volc_signature(c: &Credentials, at: u64, region: &str) -> String {
        let params = volc::VolcParams {
            region,
            service: "ecs",
            timestamp: UtcTime::from_unix_seconds(at),
        };
        volc::sign(&request(&[], &[]), c, &params)
            .expect("signs")
            .signature
    }

    /// A cached key gives the signature a fresh derivation gives, across a date change and
    /// back, per scheme, service and region.
    #[test]
    fn cached_keys_follow_dates_services_and_regions() {
        let shared = Credentials::new("AKID", "secret-1");
        let fresh = || Credentials::new("AKID", "secret-1");
        for (at, service) in [(DAY1, "cvm"), (DAY2, "cvm"), (DAY1, "cvm"), (DAY1, "vpc")] {
            assert_eq!(
                tc3_signature(&shared, at, service),
                tc3_signature(&fresh(), at, service)
            );
        }
        for (at, region) in [
            (DAY1, "cn-beijing"),
            (DAY2, "cn-beijing"),
            (DAY1, "cn-shanghai"),
        ] {
            assert_eq!(
                volc_signature(&shared, at, region),
                volc_signature(&fresh(), at, region)
            );
        }
        assert_eq!(shared.cached_keys(), 6);
        // Another secret under the same id never sees these keys.
        let other = Credentials::new("AKID", "secret-2");
        assert_ne!(
            tc3_signature(&other, DAY1, "cvm"),
            tc3_signature(&shared, DAY1, "cvm")
        );
        // Bounded.
        for i in 0..40 {
            tc3_signature(&shared, DAY1 + i * 86_400, "cvm");
        }
        assert_eq!(shared.cached_keys(), KeyCache::CAPACITY);
        assert_eq!(
            tc3_signature(&shared, DAY1, "cvm"),
            tc3_signature(&fresh(), DAY1, "cvm")
        );
    }

    #[test]
    fn clones_share_the_cache_safely_across_threads() {
        let c = Credentials::new("AKID", "secret-1");
        let want1 = tc3_signature(&Credentials::new("AKID", "secret-1"), DAY1, "cvm");
        let want2 = tc3_signature(&Credentials::new("AKID", "secret-1"), DAY2, "cvm");
        std::thread::scope(|s| {
            for t in 0..8 {
                let c = c.clone();
                let (want1, want2) = (&want1, &want2);
                s.spawn(move || {
                    for i in 0..200 {
                        let day2 = (i + t) % 2 == 0;
                        let (at, want) = if day2 { (DAY2, want2) } else { (DAY1, want1) };
                        assert_eq!(&tc3_signature(&c, at, "cvm"), want);
                    }
                });
            }
        });
        assert_eq!(c.cached_keys(), 2);
        assert_eq!(
            c,
            Credentials::new("AKID", "secret-1"),
            "the cache is not identity"
        );
    }
}

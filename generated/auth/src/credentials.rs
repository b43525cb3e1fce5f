//! Access keys for the three clouds, given explicitly or read from each SDK's environment
//! variables. Secrets never reach `Debug` output or error messages.

use std::fmt;
use std::path::{Path, PathBuf};
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

/// Why credentials could not be loaded. Names variables and files, never values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialsError {
    /// A shared credentials file exists but does not hold usable credentials.
    #[error("{}: {reason}", .path.display())]
    File { path: PathBuf, reason: String },
    /// Neither the environment nor a shared credentials file had credentials.
    #[error("{env}; no shared credentials file either (looked for {})", .files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join(", "))]
    NotFound {
        env: Box<CredentialsError>,
        files: Vec<PathBuf>,
    },
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

/// The derived signing keys of one secret, by scheme, date, region and service, each kept as
/// an HMAC already keyed with it (so a signature costs only its message's blocks). Bounded: the
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
    mac: crate::signing::PreparedMac,
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

    /// The provider chain the official SDKs use, minus their cloud-metadata steps: the
    /// environment variables ([`Credentials::from_env`]), then the shared credentials file
    /// ([`Credentials::from_profile`]) under `$HOME`.
    pub fn from_chain(provider: Provider) -> Result<Self, CredentialsError> {
        let lookup = |name: &str| std::env::var(name).ok();
        Self::from_chain_with(provider, lookup, home_dir().as_deref())
    }

    /// [`Credentials::from_chain`] with the environment read through `lookup` and the files
    /// under `home` (none: environment only), for callers and tests that choose both.
    pub fn from_chain_with(
        provider: Provider,
        lookup: impl Fn(&str) -> Option<String>,
        home: Option<&Path>,
    ) -> Result<Self, CredentialsError> {
        let env = match Self::from_env_with(provider, &lookup) {
            Ok(c) => return Ok(c),
            Err(e) => e,
        };
        let Some(home) = home else {
            return Err(env);
        };
        match Self::from_profile_with(provider, home, &lookup)? {
            Some(c) => Ok(c),
            None => Err(CredentialsError::NotFound {
                env: Box::new(env),
                files: profile_paths(provider, home),
            }),
        }
    }

    /// Credentials from `provider`'s shared credentials file under `$HOME`; `Ok(None)` when
    /// there is no such file. See [`profile_paths`] for the files and their formats.
    pub fn from_profile(provider: Provider) -> Result<Option<Self>, CredentialsError> {
        match home_dir() {
            Some(home) => Self::from_profile_with(provider, &home, |name| std::env::var(name).ok()),
            None => Ok(None),
        }
    }

    /// [`Credentials::from_profile`] under `home`, with `lookup` reading the variables that
    /// choose a profile (`ALIBABA_CLOUD_PROFILE`).
    pub fn from_profile_with(
        provider: Provider,
        home: &Path,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<Self>, CredentialsError> {
        let Some((path, text)) = profile_paths(provider, home)
            .into_iter()
            .find_map(|p| std::fs::read_to_string(&p).ok().map(|t| (p, t)))
        else {
            return Ok(None);
        };
        let fail = |reason: String| CredentialsError::File {
            path: path.clone(),
            reason,
        };
        let (id, secret, token) = match provider {
            Provider::Tencent => {
                let section = ini_section(&text, "default")
                    .ok_or_else(|| fail("no [default] section".into()))?;
                let get = |k: &str| section.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
                (get("secret_id"), get("secret_key"), None)
            }
            Provider::Volcengine => {
                let v: serde_json::Value =
                    serde_json::from_str(&text).map_err(|e| fail(format!("not JSON: {e}")))?;
                let get = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_owned);
                (get("ak"), get("sk"), None)
            }
            Provider::Alibaba => {
                let v: serde_json::Value =
                    serde_json::from_str(&text).map_err(|e| fail(format!("not JSON: {e}")))?;
                let name = non_empty(lookup("ALIBABA_CLOUD_PROFILE"))
                    .or_else(|| v.get("current").and_then(|c| c.as_str()).map(str::to_owned))
                    .unwrap_or_else(|| "default".to_owned());
                let profile = v
                    .get("profiles")
                    .and_then(|p| p.as_array())
                    .and_then(|ps| {
                        ps.iter()
                            .find(|p| p.get("name").and_then(|n| n.as_str()) == Some(&name))
                    })
                    .ok_or_else(|| fail(format!("no profile named `{name}`")))?;
                let get = |k: &str| profile.get(k).and_then(|x| x.as_str()).map(str::to_owned);
                let mode = get("mode").unwrap_or_else(|| "AK".to_owned());
                let token = match mode.as_str() {
                    "AK" => None,
                    "StsToken" => Some(get("sts_token").unwrap_or_default()),
                    other => {
                        return Err(fail(format!(
                            "profile `{name}` has mode `{other}`; only AK and StsToken are read"
                        )))
                    }
                };
                (get("access_key_id"), get("access_key_secret"), token)
            }
        };
        match (non_empty(id), non_empty(secret)) {
            (Some(id), Some(secret)) => {
                let c = Credentials::new(id, secret);
                Ok(Some(match token {
                    Some(t) => c.with_security_token(t),
                    None => c,
                }))
            }
            _ => Err(fail(
                "the access key id or the secret is missing or empty".into(),
            )),
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

    /// An HMAC keyed with the derived key for `(scheme, date, region, service)` of this
    /// secret: from the cache, or derived by `derive(secret)` and cached. Thread-safe; the lock
    /// is held only to look up (and clone) or insert, never while deriving.
    pub(crate) fn derived_mac(
        &self,
        scheme: KeyScheme,
        date: &str,
        region: &str,
        service: &str,
        derive: impl FnOnce(&str) -> Result<[u8; 32], crate::signing::SigningError>,
    ) -> Result<crate::signing::PreparedMac, crate::signing::SigningError> {
        let lock = || self.keys.entries.lock().unwrap_or_else(|e| e.into_inner());
        // Inline byte comparisons: these strings are a few bytes long, and a `memcmp` call
        // per field was a tenth of a cached signature's time.
        let eq =
            |a: &str, b: &str| a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y);
        let same = |e: &CachedKey| {
            e.scheme == scheme
                && eq(&e.date, date)
                && eq(&e.region, region)
                && eq(&e.service, service)
        };
        if let Some(hit) = lock().iter().find(|e| same(e)) {
            return Ok(hit.mac.clone());
        }
        let mac = crate::signing::prepared_mac(&derive(&self.secret)?)?;
        let mut entries = lock();
        // Another thread may have derived the same key meanwhile: keep one entry.
        if entries.iter().any(same) {
            return Ok(mac);
        }
        if entries.len() >= KeyCache::CAPACITY {
            entries.remove(0);
        }
        entries.push(CachedKey {
            scheme,
            date: date.to_owned(),
            region: region.to_owned(),
            service: service.to_owned(),
            mac: mac.clone(),
        });
        Ok(mac)
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

/// The shared credentials files `provider`'s official tools read, in the order tried:
///
/// - Tencent (`tencentcloud-sdk-python` `ProfileCredential`): `~/.tencentcloud/credentials`,
///   INI, section `[default]`, keys `secret_id` and `secret_key`;
/// - Volcengine (the `volc-sdk-*` SDKs; the OpenAPI SDKs read only variables):
///   `~/.volc/config`, JSON `{"ak": …, "sk": …}`;
/// - Alibaba (`aliyun` CLI config, read by `credentials-*`' CLI profile provider):
///   `~/.aliyun/config.json`, the profile named by `ALIBABA_CLOUD_PROFILE`, else `current`,
///   in mode `AK` (`access_key_id`, `access_key_secret`) or `StsToken` (and `sts_token`).
pub fn profile_paths(provider: Provider, home: &Path) -> Vec<PathBuf> {
    match provider {
        Provider::Tencent => vec![home.join(".tencentcloud").join("credentials")],
        Provider::Volcengine => vec![home.join(".volc").join("config")],
        Provider::Alibaba => vec![home.join(".aliyun").join("config.json")],
    }
}

/// `$HOME` (`%USERPROFILE%` on Windows), if set.
fn home_dir() -> Option<PathBuf> {
    let var = if cfg!(windows) { "USERPROFILE" } else { "HOME" };
    non_empty(std::env::var(var).ok()).map(PathBuf::from)
}

/// The `key = value` lines of one INI section (keys lower-cased, values trimmed; `#` and
/// `;` lines are comments), as Python's `configparser` reads the SDK's file.
fn ini_section(text: &str, name: &str) -> Option<Vec<(String, String)>> {
    let mut found = None::<Vec<(String, String)>>;
    let mut in_section = false;
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') || t.starts_with(';') {
            continue;
        }
        if let Some(header) = t.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            in_section = header.trim() == name;
            if in_section {
                found.get_or_insert_with(Vec::new);
            }
            continue;
        }
        if in_section {
            if let Some((k, v)) = t.split_once(['=', ':']) {
                if let Some(entries) = found.as_mut() {
                    entries.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
                }
            }
        }
    }
    found
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
        let CredentialsError::Missing { missing, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(missing, &vec!["VOLCENGINE_SECRET_KEY"]);
        let msg = err.to_string();
        assert!(msg.contains("VOLCENGINE_ACCESS_KEY"), "{msg}");
        assert!(msg.contains("VOLCENGINE_SECRET_KEY"), "{msg}");
        assert!(msg.contains("Volcengine"), "{msg}");
        assert!(!msg.contains("AKLT-visible"), "{msg}");

        let err = Credentials::from_env_with(Provider::Alibaba, env(&[])).unwrap_err();
        let CredentialsError::Missing { missing, .. } = &err else {
            panic!("{err:?}")
        };
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

#[cfg(test)]
mod profile_tests {
    use super::*;

    fn home_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let home = tempfile::tempdir().expect("temp home");
        for (rel, text) in files {
            let path = home.path().join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        }
        home
    }

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn each_clouds_file_is_read_as_its_tools_write_it() {
        let home = home_with(&[
            (
                ".tencentcloud/credentials",
                "# comment\n[other]\nsecret_id = wrong\n[default]\nsecret_id = AKIDfile \nsecret_key= sk-file\n",
            ),
            (".volc/config", r#"{"ak": "AKLTfile", "sk": "sk-volc"}"#),
            (
                ".aliyun/config.json",
                r#"{"current": "work", "profiles": [
                    {"name": "default", "mode": "AK", "access_key_id": "LTAIdefault", "access_key_secret": "s0"},
                    {"name": "work", "mode": "StsToken", "access_key_id": "STS.id", "access_key_secret": "s1", "sts_token": "tok-file"}
                ]}"#,
            ),
        ]);
        let read = |p| {
            Credentials::from_profile_with(p, home.path(), no_env)
                .expect("readable")
                .expect("present")
        };
        let t = read(Provider::Tencent);
        assert_eq!((t.access_key_id(), t.secret()), ("AKIDfile", "sk-file"));
        let v = read(Provider::Volcengine);
        assert_eq!((v.access_key_id(), v.secret()), ("AKLTfile", "sk-volc"));
        let a = read(Provider::Alibaba);
        assert_eq!(
            (a.access_key_id(), a.secret(), a.security_token()),
            ("STS.id", "s1", Some("tok-file"))
        );
        // ALIBABA_CLOUD_PROFILE picks another profile.
        let pick = |n: &str| (n == "ALIBABA_CLOUD_PROFILE").then(|| "default".to_string());
        let a = Credentials::from_profile_with(Provider::Alibaba, home.path(), pick)
            .expect("readable")
            .expect("present");
        assert_eq!(
            (a.access_key_id(), a.security_token()),
            ("LTAIdefault", None)
        );
    }

    #[test]
    fn chain_is_env_then_file_and_errors_name_files_not_values() {
        let home = home_with(&[(
            ".tencentcloud/credentials",
            "[default]\nsecret_id=AKIDfile\nsecret_key=sk-file\n",
        )]);
        let env = |n: &str| match n {
            "TENCENTCLOUD_SECRET_ID" => Some("AKIDenv".to_string()),
            "TENCENTCLOUD_SECRET_KEY" => Some("sk-env".to_string()),
            _ => None,
        };
        let c = Credentials::from_chain_with(Provider::Tencent, env, Some(home.path())).unwrap();
        assert_eq!(c.access_key_id(), "AKIDenv");
        let c = Credentials::from_chain_with(Provider::Tencent, no_env, Some(home.path())).unwrap();
        assert_eq!(c.access_key_id(), "AKIDfile");
        let c = Credentials::from_chain_with(Provider::Tencent, no_env, None);
        assert!(matches!(c, Err(CredentialsError::Missing { .. })));

        let empty = home_with(&[]);
        let err = Credentials::from_chain_with(Provider::Volcengine, no_env, Some(empty.path()))
            .unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("VOLCENGINE_ACCESS_KEY") && msg.contains(".volc/config"),
            "{msg}"
        );

        let bad = home_with(&[
            (".volc/config", r#"{"ak": "AKLT-visible", "sk": ""}"#),
            (
                ".aliyun/config.json",
                r#"{"current": "r", "profiles": [{"name": "r", "mode": "RamRoleArn", "access_key_id": "x", "access_key_secret": "hidden-secret"}]}"#,
            ),
            (".tencentcloud/credentials", "[other]\nsecret_id=x\n"),
        ]);
        for p in Provider::ALL {
            let err = Credentials::from_chain_with(p, no_env, Some(bad.path())).unwrap_err();
            let msg = err.to_string();
            assert!(matches!(err, CredentialsError::File { .. }), "{p}: {msg}");
            assert!(
                !msg.contains("AKLT-visible") && !msg.contains("hidden-secret"),
                "{msg}"
            );
        }
    }
}

//! What the user says a page is, when the page does not say it itself.
//!
//! A page names its cloud, service and API version in many ways (an endpoint host, `Action` /
//! `Version` rows, a product link, the doc site's wording); the extractor reads those first.
//! When a page states none of them, these hints fill the gap, in this order: the user's flags
//! (`--provider/--service/--version`), the folder convention `…/<provider>/<service>/[<version>/]`
//! above the page, and, as the last resort, words of the file name. Each hint remembers where it
//! came from, so the extractor can say so in a note.

use crate::defaults::ServiceDefaults;
use crate::spec::Provider;
use std::path::Path;

/// A fact and where it came from ("--service", "folder docs/alibaba/ram", …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hinted<T> {
    pub value: T,
    pub from: String,
}

impl<T> Hinted<T> {
    pub fn new(value: T, from: impl Into<String>) -> Self {
        Hinted {
            value,
            from: from.into(),
        }
    }
}

/// What is known about a page from outside it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hints {
    pub provider: Option<Hinted<Provider>>,
    pub service: Option<Hinted<String>>,
    pub version: Option<Hinted<String>>,
    /// Only from the file name: the last resort for pages that name their action nowhere.
    pub action: Option<Hinted<String>>,
}

impl Hints {
    /// The hints the user gave as flags.
    pub fn from_flags(
        provider: Option<Provider>,
        service: Option<&str>,
        version: Option<&str>,
    ) -> Hints {
        Hints {
            provider: provider.map(|p| Hinted::new(p, "--provider")),
            service: service.map(|s| Hinted::new(s.to_ascii_lowercase(), "--service")),
            version: version.map(|v| Hinted::new(v.to_string(), "--version")),
            action: None,
        }
    }

    /// Hints for one page: these (the flags) first, then the folder convention, then the file
    /// name. A service from the file name counts only when the defaults know it for the
    /// provider, so that a language or template word is not taken for a service.
    pub fn for_page(&self, path: &Path, defaults: &ServiceDefaults) -> Hints {
        let hints = self.clone().or(from_folders(path));
        let provider = hints.provider.as_ref().map(|p| p.value);
        hints.or(from_file_name(path, provider, defaults))
    }

    /// Fills what is missing here from `other`.
    pub fn or(self, other: Hints) -> Hints {
        Hints {
            provider: self.provider.or(other.provider),
            service: self.service.or(other.service),
            version: self.version.or(other.version),
            action: self.action.or(other.action),
        }
    }
}

/// The provider a word names (`aliyun`, `qcloud`, `byteplus`, …).
pub fn provider_word(word: &str) -> Option<Provider> {
    match word.to_ascii_lowercase().as_str() {
        "tencent" | "tencentcloud" | "qcloud" | "tcloud" => Some(Provider::Tencent),
        "volcengine" | "volc" | "volcano" | "byteplus" => Some(Provider::Volcengine),
        "alibaba" | "alibabacloud" | "aliyun" | "alicloud" => Some(Provider::Alibaba),
        _ => None,
    }
}

fn is_version(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

fn is_service_word(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// `…/<provider>/<service>/[<version>/]<page>`: the last provider folder above the page.
fn from_folders(path: &Path) -> Hints {
    let dirs: Vec<String> = path
        .parent()
        .map(|p| {
            p.components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    let Some(at) = dirs.iter().rposition(|d| provider_word(d).is_some()) else {
        return Hints::default();
    };
    let provider = provider_word(&dirs[at]);
    let folder = dirs[at..].join("/");
    let from = format!("folder {folder}");
    let service = dirs
        .get(at + 1)
        .map(|s| s.to_ascii_lowercase())
        .filter(|s| is_service_word(s));
    let version = service
        .as_ref()
        .and_then(|_| dirs.get(at + 2))
        .filter(|v| is_version(v))
        .cloned();
    Hints {
        provider: provider.map(|p| Hinted::new(p, from.clone())),
        service: service.map(|s| Hinted::new(s, from.clone())),
        version: version.map(|v| Hinted::new(v, from)),
        action: None,
    }
}

/// Words of the file name: a provider word, a service the defaults know for that provider, a
/// date, and an action-like name (`CreateRole`).
fn from_file_name(path: &Path, provider: Option<Provider>, defaults: &ServiceDefaults) -> Hints {
    let Some(stem) = path.file_stem().map(|s| s.to_string_lossy().into_owned()) else {
        return Hints::default();
    };
    let from = format!(
        "file name {}",
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    );
    let words: Vec<&str> = stem
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let named = words.iter().find_map(|w| provider_word(w));
    let provider = provider.or(named);
    let service = provider.and_then(|p| {
        words
            .iter()
            .map(|w| w.to_ascii_lowercase())
            .find(|w| defaults.get(p, w).is_some())
    });
    let version = (0..stem.len())
        .filter_map(|i| stem.get(i..i + 10))
        .find(|w| is_version(w))
        .map(str::to_string);
    let action = words
        .iter()
        .find(|w| {
            w.len() >= 6
                && w.starts_with(|c: char| c.is_ascii_uppercase())
                && w.chars().all(|c| c.is_ascii_alphanumeric())
                && w.chars().filter(char::is_ascii_uppercase).count() >= 2
                && w.chars().any(|c| c.is_ascii_lowercase())
        })
        .map(|a| a.to_string());
    Hints {
        provider: named.map(|p| Hinted::new(p, from.clone())),
        service: service.map(|s| Hinted::new(s, from.clone())),
        version: version.map(|v| Hinted::new(v, from.clone())),
        action: action.map(|a| Hinted::new(a, from)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_name_provider_service_and_version() {
        let h = Hints::default().for_page(
            Path::new("specs/docs/alibaba/ram/2015-05-01/page.md"),
            &ServiceDefaults::default(),
        );
        assert_eq!(h.provider.map(|p| p.value), Some(Provider::Alibaba));
        let s = h.service.expect("service");
        assert_eq!(s.value, "ram");
        assert_eq!(s.from, "folder alibaba/ram/2015-05-01");
        assert_eq!(h.version.map(|v| v.value).as_deref(), Some("2015-05-01"));
    }

    #[test]
    fn flags_win_over_folders_and_folders_over_file_names() {
        let flags = Hints::from_flags(None, Some("KMS"), None);
        let h = flags.for_page(
            Path::new("docs/aliyun/ram/CreateRole__alicloud-slb-2014-05-15.md"),
            &ServiceDefaults::builtin(),
        );
        assert_eq!(h.service.as_ref().map(|s| s.value.as_str()), Some("kms"));
        assert_eq!(h.service.map(|s| s.from).as_deref(), Some("--service"));
        assert_eq!(
            h.provider.map(|p| p.from).as_deref(),
            Some("folder aliyun/ram")
        );
        let v = h.version.expect("version from the file name");
        assert_eq!(v.value, "2014-05-15");
        assert!(v.from.starts_with("file name"));
        assert_eq!(h.action.map(|a| a.value).as_deref(), Some("CreateRole"));
    }

    #[test]
    fn a_file_name_service_counts_only_when_the_defaults_know_it() {
        let h = Hints::default().for_page(
            Path::new("pages/Foo__alicloud-ecs-en.md"),
            &ServiceDefaults::builtin(),
        );
        assert_eq!(h.service.map(|s| s.value).as_deref(), Some("ecs"));
        let h = Hints::default().for_page(
            Path::new("pages/Foo__alicloud-zz-en.md"),
            &ServiceDefaults::builtin(),
        );
        assert!(h.service.is_none());
        let h =
            Hints::default().for_page(Path::new("pages/page-ecs.md"), &ServiceDefaults::builtin());
        assert!(h.provider.is_none() && h.service.is_none());
    }
}

//! The cloud an action belongs to: it decides the wire shape, the envelope, the common error
//! codes and the signer.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A cloud. Serialized in lower case, as spec files name it (`provider = "tencent"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    Tencent,
    Volcengine,
    Alibaba,
}

impl Provider {
    pub const ALL: [Provider; 3] = [Provider::Tencent, Provider::Volcengine, Provider::Alibaba];

    /// The spec name: `tencent`, `volcengine`, `alibaba`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Provider::Tencent => "tencent",
            Provider::Volcengine => "volcengine",
            Provider::Alibaba => "alibaba",
        }
    }

    /// The name people know the cloud by, for messages: `Tencent Cloud`, `Volcengine`,
    /// `Alibaba Cloud`.
    pub const fn display_name(self) -> &'static str {
        match self {
            Provider::Tencent => "Tencent Cloud",
            Provider::Volcengine => "Volcengine",
            Provider::Alibaba => "Alibaba Cloud",
        }
    }

    /// The position in [`Provider::ALL`], for per-provider arrays.
    pub const fn index(self) -> usize {
        match self {
            Provider::Tencent => 0,
            Provider::Volcengine => 1,
            Provider::Alibaba => 2,
        }
    }
}

/// The spec name (`tencent`), as paths, logs and generated docs write it.
impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_as_the_spec_writes_them() {
        for p in Provider::ALL {
            let json = serde_json::to_string(&p).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", p.as_str()));
            assert_eq!(serde_json::from_str::<Provider>(&json).ok(), Some(p));
            assert_eq!(Provider::ALL[p.index()], p);
        }
    }
}

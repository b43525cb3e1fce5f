//! Request signers, one per provider scheme, verified against the official SDKs' vectors.
//!
//! Every signer takes the same plain [`SignableRequest`] plus scheme parameters whose clock and
//! nonce inputs come from the caller, so a signature is a pure function of its inputs. Each
//! returns every intermediate value (canonical request, string to sign, ...) so a mismatch with
//! a server or an SDK can be pinned to one step, and the headers or query parameters the
//! transport must add before sending.
//!
//! | module | scheme |
//! |---|---|
//! | [`tc3`] | Tencent Cloud `TC3-HMAC-SHA256` |
//! | [`volc`] | Volcengine `HMAC-SHA256` (`X-Date`, scope `date/region/service/request`) |
//! | [`acs3`] | Alibaba Cloud `ACS3-HMAC-SHA256` (default for Alibaba) |
//! | [`acs_rpc`] | Alibaba Cloud RPC v1 `Signature` query parameter (HMAC-SHA1) |
//!
//! Each scheme module also verifies: `verify` recomputes a received request's signature with
//! the same canonicalisation and key derivation its `sign` uses (see [`verify`] for the shared
//! types). The hash and HMAC primitives both use are public here, so nothing that checks a
//! signature needs cryptography of its own.

pub mod acs3;
pub mod acs_rpc;
mod encoding;
pub mod tc3;
mod time;
pub mod verify;
pub mod volc;

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

pub use encoding::{
    form_urldecode, form_urlencode, percent_decode, percent_encode, percent_encode_path,
    FormDecodeError,
};
pub use time::{ParseTimeError, UtcTime};

/// A request as the signers see it: what a transport layer knows just before sending.
///
/// `query` and `headers` are ordered `(name, value)` pairs; order and repeated names are kept
/// and header names keep their case (Volcengine decides what to sign by the exact name).
/// Query values are raw (not percent-encoded): each signer encodes them its own way, and the
/// transport must encode the URL it sends with [`form_urlencode`] (or the query string a
/// signer returns, where the scheme signs the literal query string).
///
/// `host` is the authority the request goes to. Schemes that sign the host use a `Host`
/// entry in `headers` when there is one and otherwise this value, which is what HTTP clients
/// send when they derive `Host` from the URL.
///
/// Headers may be any `(name, value)` pairs of string types ([`HeaderPair`]): owned
/// `String`s by default, or the `Cow<'static, str>` pairs a client builds from its static
/// action metadata without copying it.
#[derive(Debug)]
pub struct SignableRequest<'a, H = (String, String)> {
    /// HTTP method in upper case, e.g. `GET`, `POST`.
    pub method: &'a str,
    pub host: &'a str,
    /// URL path, e.g. `/`; for Alibaba ROA APIs already percent-encoded.
    pub path: &'a str,
    pub query: &'a [(String, String)],
    pub headers: &'a [H],
    /// The exact bytes that will be sent as the body (empty for none).
    pub body: &'a [u8],
}

// By hand: a view is `Copy` whatever its header type is.
impl<H> Clone for SignableRequest<'_, H> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<H> Copy for SignableRequest<'_, H> {}

/// A header as the signers read it: any pair of string types.
pub trait HeaderPair {
    fn name(&self) -> &str;
    fn value(&self) -> &str;
}

impl<N: AsRef<str>, V: AsRef<str>> HeaderPair for (N, V) {
    fn name(&self) -> &str {
        self.0.as_ref()
    }

    fn value(&self) -> &str {
        self.1.as_ref()
    }
}

impl<'a> SignableRequest<'a> {
    /// `GET /` with query parameters and no headers, as RPC-style calls are signed.
    pub fn get(host: &'a str, query: &'a [(String, String)]) -> Self {
        SignableRequest {
            method: "GET",
            host,
            path: "/",
            query,
            headers: &[],
            body: b"",
        }
    }
}

impl<'a, H: HeaderPair> SignableRequest<'a, H> {
    /// First header whose name matches `name` ignoring ASCII case.
    pub fn header(&self, name: &str) -> Option<&'a str> {
        self.headers
            .iter()
            .find(|h| h.name().eq_ignore_ascii_case(name))
            .map(HeaderPair::value)
    }

    /// The headers as `(name, value)` string pairs.
    pub fn header_pairs(&self) -> impl Iterator<Item = (&'a str, &'a str)> {
        self.headers.iter().map(|h| (h.name(), h.value()))
    }

    fn validate(&self, scheme: &'static str) -> Result<(), SigningError> {
        check_parts(
            scheme,
            [self.method, self.host, self.path],
            self.header_pairs(),
        )
    }
}

/// What every scheme requires of the parts it canonicalises, signing or verifying: a method,
/// and no line break that would let a header forge extra canonical lines.
pub(crate) fn check_parts<'a>(
    scheme: &'static str,
    request_line: [&str; 3],
    headers: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<(), SigningError> {
    if request_line[0].is_empty() {
        return Err(SigningError::Empty {
            scheme,
            field: "method",
        });
    }
    // One two-byte search per part: `str::contains` twice cost more than the rest of a
    // cached TC3 signature's bookkeeping together (these parts are short).
    let bad = |s: &str| memchr::memchr2(b'\n', b'\r', s.as_bytes()).is_some();
    for (name, value) in headers {
        if bad(name) || bad(value) {
            return Err(SigningError::LineBreak {
                scheme,
                what: "header",
                name: name.to_owned(),
            });
        }
    }
    if request_line.iter().any(|part| bad(part)) {
        return Err(SigningError::LineBreak {
            scheme,
            what: "request line",
            name: String::new(),
        });
    }
    Ok(())
}

/// Why a request could not be signed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SigningError {
    #[error("{scheme}: the request has no `{header}` header, which this scheme signs")]
    MissingHeader {
        scheme: &'static str,
        header: &'static str,
    },
    #[error("{scheme}: {field} must not be empty")]
    Empty {
        scheme: &'static str,
        field: &'static str,
    },
    #[error("{scheme}: {what} `{name}` contains a line break, which would corrupt the canonical request")]
    LineBreak {
        scheme: &'static str,
        what: &'static str,
        name: String,
    },
    #[error(
        "{scheme}: the form body is not valid application/x-www-form-urlencoded UTF-8: {reason}"
    )]
    InvalidFormBody {
        scheme: &'static str,
        reason: String,
    },
    #[error("HMAC rejected the key: {0}")]
    HmacKey(#[from] hmac::digest::InvalidLength),
}

/// SHA-256 of `data`.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

/// Lowercase hex SHA-256 of `data`.
pub fn sha256_hex(data: &[u8]) -> String {
    hex_lower(&Sha256::digest(data))
}

/// Lowercase hex of `bytes`, by table (what every signer writes hashes and signatures in;
/// several times faster than a char iterator, which showed in per-call profiles).
pub fn hex_lower(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    push_hex(&mut out, bytes);
    out
}

/// Appends the lowercase hex of `bytes` to `out`.
pub(crate) fn push_hex(out: &mut String, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for chunk in bytes.chunks(32) {
        let mut buf = [0u8; 64];
        for (i, b) in chunk.iter().enumerate() {
            buf[2 * i] = DIGITS[usize::from(b >> 4)];
            buf[2 * i + 1] = DIGITS[usize::from(b & 0x0f)];
        }
        // Only ASCII hex digits were written.
        if let Ok(s) = std::str::from_utf8(&buf[..2 * chunk.len()]) {
            out.push_str(s);
        }
    }
}

/// Lowercase hex of a 32-byte digest, on the stack: what the per-call signing paths write
/// hashes and signatures in without allocating.
#[derive(Clone, Copy)]
pub(crate) struct Hex32([u8; 64]);

impl Hex32 {
    pub(crate) fn of(bytes: &[u8; 32]) -> Self {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut out = [0u8; 64];
        for (i, b) in bytes.iter().enumerate() {
            out[2 * i] = DIGITS[usize::from(b >> 4)];
            out[2 * i + 1] = DIGITS[usize::from(b & 0x0f)];
        }
        Hex32(out)
    }

    pub(crate) fn as_str(&self) -> &str {
        // Only ASCII hex digits are ever written.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

/// Where a canonical form is written: a `String` when the caller keeps it (`sign` returns
/// every intermediate, `verify` reports them), or straight into a hash or MAC when only its
/// digest matters (the clients' per-call path). Either way one function writes it, so the
/// two can never canonicalise differently.
pub(crate) trait Sink {
    fn put(&mut self, s: &str);

    /// `s` in ASCII lower case (header names and values).
    fn put_lower(&mut self, s: &str);
}

impl Sink for String {
    fn put(&mut self, s: &str) {
        self.push_str(s);
    }

    fn put_lower(&mut self, s: &str) {
        let from = self.len();
        self.push_str(s);
        self[from..].make_ascii_lowercase();
    }
}

/// A hash or MAC state as a [`Sink`]. The many short pieces of a canonical form are
/// gathered in a block-sized buffer and handed over whole: a hash's `update` has a fixed cost
/// per call that would otherwise dominate.
pub(crate) struct Digesting<'d, D> {
    state: &'d mut D,
    buf: [u8; 128],
    len: usize,
}

impl<'d, D: hmac::digest::Update> Digesting<'d, D> {
    /// Writes into `state` (borrowed: a hash state is too big to move around per call).
    pub(crate) fn new(state: &'d mut D) -> Self {
        Digesting {
            state,
            buf: [0; 128],
            len: 0,
        }
    }

    /// Hands everything written so far to the state.
    pub(crate) fn finish(mut self) {
        self.flush();
    }

    fn flush(&mut self) {
        self.state.update(&self.buf[..self.len]);
        self.len = 0;
    }

    /// Appends `bytes`, lower-cased when `lower`.
    fn append(&mut self, bytes: &[u8], lower: bool) {
        for chunk in bytes.chunks(self.buf.len()) {
            if self.len + chunk.len() > self.buf.len() {
                self.flush();
            }
            let part = &mut self.buf[self.len..self.len + chunk.len()];
            part.copy_from_slice(chunk);
            if lower {
                part.make_ascii_lowercase();
            }
            self.len += chunk.len();
        }
    }
}

impl<D: hmac::digest::Update> Sink for Digesting<'_, D> {
    fn put(&mut self, s: &str) {
        self.append(s.as_bytes(), false);
    }

    fn put_lower(&mut self, s: &str) {
        self.append(s.as_bytes(), true);
    }
}

/// An HMAC-SHA256 keyed once: the key's inner and outer pad blocks are hashed when it is
/// made, so each signature with a cached key costs only the message's blocks.
pub(crate) type PreparedMac = Hmac<Sha256>;

/// [`PreparedMac`] for `key`.
pub(crate) fn prepared_mac(key: &[u8]) -> Result<PreparedMac, SigningError> {
    Ok(<Hmac<Sha256> as KeyInit>::new_from_slice(key)?)
}

/// HMAC-SHA256 (RFC 2104), the primitive of TC3, Volcengine and ACS3.
pub fn hmac_sha256(key: &[u8], data: &[u8]) -> Result<[u8; 32], SigningError> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key)?;
    mac.update(data);
    Ok(mac.finalize().into_bytes().into())
}

/// HMAC-SHA1 (RFC 2104), the primitive of Alibaba RPC v1.
#[inline] // Its one signer used to hold this code itself; keep it as cheap as then.
pub fn hmac_sha1(key: &[u8], data: &[u8]) -> Result<[u8; 20], SigningError> {
    let mut mac = <Hmac<Sha1> as KeyInit>::new_from_slice(key)?;
    mac.update(data);
    Ok(mac.finalize().into_bytes().into())
}

/// `a == b` in time independent of where they differ, so comparing a guessed signature with
/// the right one does not tell how much of the guess was right. (Lengths may differ in time:
/// a signature's length is public.)
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

/// Session tokens are secrets too: the results' `Debug` output hides any field that carries one.
pub(crate) struct Redacted<'a> {
    pub value: &'a str,
    pub secret: Option<&'a str>,
}

impl std::fmt::Debug for Redacted<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.secret {
            Some(token) if !token.is_empty() => {
                let encoded = percent_encode(token);
                let twice = percent_encode(&encoded);
                let plus = form_urlencode_value(token);
                if [token, &encoded, &twice, &plus]
                    .iter()
                    .any(|t| self.value.contains(*t))
                {
                    return f.write_str("\"<redacted: contains the security token>\"");
                }
                std::fmt::Debug::fmt(self.value, f)
            }
            _ => std::fmt::Debug::fmt(self.value, f),
        }
    }
}

pub(crate) fn debug_pairs<'a>(
    pairs: &'a [(String, String)],
    secret: Option<&'a str>,
) -> Vec<(&'a str, Redacted<'a>)> {
    pairs
        .iter()
        .map(|(n, v)| (n.as_str(), Redacted { value: v, secret }))
        .collect()
}

fn form_urlencode_value(s: &str) -> String {
    let mut out = String::new();
    encoding::encode_into(&mut out, s, encoding::Mode::Form);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmacs_match_rfc_vectors() {
        // RFC 4231 test case 2 and RFC 2202 test case 2.
        let key = b"Jefe";
        let data = b"what do ya want for nothing?";
        assert_eq!(
            hex::encode(hmac_sha256(key, data).unwrap()),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(
            hex::encode(hmac_sha1(key, data).unwrap()),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"
        );
        assert_eq!(hex::encode(sha256(b"")), sha256_hex(b""));
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(hex_lower(&all), hex::encode(&all));
        for t in [
            0,
            1,
            59,
            86_399,
            951_782_400,
            1_704_164_645,
            253_402_300_799,
        ] {
            let u = UtcTime::from_unix_seconds(t);
            assert_eq!(u.unix_seconds_string(), t.to_string());
            let d = u.date_dashed();
            assert_eq!(u.basic_date(), d.replace('-', ""));
            assert_eq!(u.iso8601().len(), 20);
            assert_eq!(&u.iso8601()[..10], d);
            assert_eq!(u.basic_date_time().len(), 16);
        }
        // Past year 9999 the year keeps all its digits, as in the other formats.
        let far = UtcTime::from_unix_seconds(400_000_000_000);
        assert_eq!(far.basic_date(), far.date_dashed().replace('-', ""));
        assert!(
            far.date_dashed().starts_with("14645-"),
            "{}",
            far.date_dashed()
        );
        assert_eq!(
            UtcTime::from_unix_seconds(1_704_164_645).iso8601(),
            "2024-01-02T03:04:05Z"
        );
        assert_eq!(
            UtcTime::from_unix_seconds(1_704_164_645).basic_date_time(),
            "20240102T030405Z"
        );
    }

    #[test]
    fn constant_time_eq_is_plain_equality() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(constant_time_eq(b"", b""));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
        assert!(!constant_time_eq(b"", b"a"));
    }
}

//! The two percent-encodings the SDKs use.
//!
//! Both keep exactly the RFC 3986 unreserved set `A-Z a-z 0-9 - _ . ~` and write everything
//! else as `%XX` (upper-case hex) over the UTF-8 bytes. They differ only in the space: canonical
//! strings use `%20`, while Python's `urlencode` (what the SDKs put on the wire and in form
//! bodies) uses `+`. `~` is unreserved in both, as in Python 3.7+.

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// RFC 3986: space -> `%20`.
    Strict,
    /// RFC 3986 but keeping `/` (canonical URI paths).
    Path,
    /// Python `quote_plus`: space -> `+`.
    Form,
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

pub(crate) fn encode_into(out: &mut String, s: &str, mode: Mode) {
    out.reserve(s.len());
    for &b in s.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b))
            }
            b'/' if mode == Mode::Path => out.push('/'),
            b' ' if mode == Mode::Form => out.push('+'),
            _ => {
                out.push('%');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0x0f)]));
            }
        }
    }
}

/// RFC 3986 percent-encoding (space -> `%20`, `*` -> `%2A`, `/` -> `%2F`, `~` kept).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    encode_into(&mut out, s, Mode::Strict);
    out
}

/// [`percent_encode`] keeping `/`, for canonical URI paths.
pub fn percent_encode_path(s: &str) -> String {
    let mut out = String::new();
    encode_into(&mut out, s, Mode::Path);
    out
}

/// `name=value` pairs joined by `&`, encoded like Python's `urllib.parse.urlencode`
/// (space -> `+`, `*` -> `%2A`, `~` kept), in the given order.
///
/// This is the query string (and form body) the official SDKs send.
pub fn form_urlencode(pairs: &[(String, String)]) -> String {
    let mut out = String::new();
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        encode_into(&mut out, name, Mode::Form);
        out.push('=');
        encode_into(&mut out, value, Mode::Form);
    }
    out
}

/// A form-encoded string that does not decode.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct FormDecodeError(String);

/// Decodes an `application/x-www-form-urlencoded` string into ordered pairs
/// (`+` -> space, `%XX` -> byte, a pair without `=` has an empty value).
pub fn form_urldecode(s: &str) -> Result<Vec<(String, String)>, FormDecodeError> {
    s.split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            Ok((
                decode_component(name, true)?,
                decode_component(value, true)?,
            ))
        })
        .collect()
}

/// Decodes `%XX` escapes in a URL path as sent; unlike a form, `+` stays a plus.
pub fn percent_decode(s: &str) -> Result<String, FormDecodeError> {
    decode_component(s, false)
}

fn decode_component(s: &str, plus_is_space: bool) -> Result<String, FormDecodeError> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            b'%' => {
                let hi = bytes.get(i + 1).and_then(|b| hex_value(*b));
                let lo = bytes.get(i + 2).and_then(|b| hex_value(*b));
                match (hi, lo) {
                    (Some(hi), Some(lo)) => {
                        out.push(hi << 4 | lo);
                        i += 3;
                    }
                    _ => return Err(FormDecodeError(format!("bad percent escape in `{s}`"))),
                }
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| FormDecodeError(format!("`{s}` does not decode to UTF-8")))
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_and_form_differ_only_in_space() {
        let s = "a b*c~d/e+f=g&é";
        assert_eq!(percent_encode(s), "a%20b%2Ac~d%2Fe%2Bf%3Dg%26%C3%A9");
        let pairs = vec![(String::from("k"), String::from(s))];
        assert_eq!(form_urlencode(&pairs), "k=a+b%2Ac~d%2Fe%2Bf%3Dg%26%C3%A9");
        assert_eq!(percent_encode_path("/a b/c"), "/a%20b/c");
    }

    #[test]
    fn decode_round_trips_and_rejects_garbage() {
        let pairs = vec![
            (String::from("Name.0"), String::from("tag:env name")),
            (String::from("V"), String::from("测试 ü*~/")),
            (String::from("Empty"), String::new()),
        ];
        assert_eq!(form_urldecode(&form_urlencode(&pairs)).unwrap(), pairs);
        assert!(form_urldecode("a=%4").is_err());
        assert!(form_urldecode("a=%ZZ").is_err());
        assert!(form_urldecode("a=%FF").is_err());
    }

    #[test]
    fn paths_decode_keeping_plus() {
        assert_eq!(percent_decode("/a%20b/c+d").unwrap(), "/a b/c+d");
        assert_eq!(percent_decode_path_round_trip("/é x/~"), "/é x/~");
        assert!(percent_decode("/%zz").is_err());
    }

    fn percent_decode_path_round_trip(s: &str) -> String {
        percent_decode(&percent_encode_path(s)).unwrap()
    }
}

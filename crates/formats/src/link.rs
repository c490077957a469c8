//! Share links: the whole state lives in the URL fragment, no server.
//!
//! `#code=<text>[&cfg=<settings>][&dockerignore=<text>]&v=<version>` where
//! `<text>` is the base64url (no padding) of the raw DEFLATE of the UTF-8
//! Dockerfile, `<settings>` (only when they differ from the defaults) the
//! same encoding of the settings as JSON, `dockerignore` (only when there
//! is one) the project's `.dockerignore` encoded the same way, and
//! `<version>` the Drydock version that made the link.
//!
//! The playground and `drydock share` both call [`encode`], so a link made
//! by one opens in the other.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use drydock_core::Config;

use crate::VERSION;

/// Links past this length get cut by chat apps: the share dialog warns.
pub const LONG_LINK: usize = 2_000;
/// The largest text (and settings) a link may decode to.
pub const MAX_DECODED: usize = 256 * 1024;
/// DEFLATE rarely beats 1000:1; an encoded part longer than this cannot be
/// a legitimate link, so it is refused before any work.
const MAX_ENCODED: usize = 4 * MAX_DECODED;
/// Where `drydock share` points when not told (`make serve`'s address).
pub const DEFAULT_BASE: &str = "http://127.0.0.1:8080/";

/// What a link holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shared {
    pub code: String,
    pub config: Config,
    /// The project's `.dockerignore`, when one was given.
    pub dockerignore: Option<String>,
    /// The version that made the link, if it says.
    pub version: Option<String>,
}

/// Why a link could not be opened, in words for the error banner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkError {
    TooLong,
    NotBase64,
    NotDeflate,
    NotUtf8,
    BadSettings,
}

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            LinkError::TooLong => "the shared text is larger than 256 KB",
            LinkError::NotBase64 => "the link is damaged (not valid base64url)",
            LinkError::NotDeflate => {
                "the link is truncated or damaged (its data does not decompress)"
            }
            LinkError::NotUtf8 => "the shared text is not valid UTF-8",
            LinkError::BadSettings => "the link's settings are damaged",
        })
    }
}

impl std::error::Error for LinkError {}

/// base64url (no padding) of the raw DEFLATE of `bytes`.
pub fn pack(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(bytes, 9))
}

/// The inverse of [`pack`], refusing more than [`MAX_DECODED`] bytes.
pub fn unpack(encoded: &str) -> Result<Vec<u8>, LinkError> {
    if encoded.len() > MAX_ENCODED {
        return Err(LinkError::TooLong);
    }
    // Tolerate padding a mail client or a person may have added.
    let raw = URL_SAFE_NO_PAD
        .decode(encoded.trim_end_matches('='))
        .map_err(|_| LinkError::NotBase64)?;
    miniz_oxide::inflate::decompress_to_vec_with_limit(&raw, MAX_DECODED).map_err(|e| {
        if e.status == miniz_oxide::inflate::TINFLStatus::HasMoreOutput {
            LinkError::TooLong
        } else {
            LinkError::NotDeflate
        }
    })
}

fn unpack_text(encoded: &str) -> Result<String, LinkError> {
    String::from_utf8(unpack(encoded)?).map_err(|_| LinkError::NotUtf8)
}

/// The fragment (without `#`) of a link holding `code`, `config` and the
/// `.dockerignore`.
pub fn encode(code: &str, config: &Config, dockerignore: Option<&str>) -> String {
    let mut out = format!("code={}", pack(code.as_bytes()));
    if *config != Config::default() {
        let json = serde_json::to_string(config).unwrap_or_default();
        out.push_str("&cfg=");
        out.push_str(&pack(json.as_bytes()));
    }
    if let Some(ignore) = dockerignore.filter(|s| !s.is_empty()) {
        out.push_str("&dockerignore=");
        out.push_str(&pack(ignore.as_bytes()));
    }
    out.push_str("&v=");
    out.push_str(VERSION);
    out
}

/// The full link: `base` (any fragment dropped) and the fragment.
pub fn url(base: &str, fragment: &str) -> String {
    let base = base.split('#').next().unwrap_or(base);
    format!("{base}#{fragment}")
}

/// The value of `key` in a `k=v&k=v` fragment.
pub fn param<'a>(fragment: &'a str, key: &str) -> Option<&'a str> {
    fragment
        .trim_start_matches('#')
        .split('&')
        .find_map(|pair| pair.strip_prefix(key)?.strip_prefix('='))
}

/// Read a fragment. `Ok(None)`: it holds no shared code.
pub fn decode(fragment: &str) -> Result<Option<Shared>, LinkError> {
    let Some(code) = param(fragment, "code") else {
        return Ok(None);
    };
    let code = unpack_text(code)?;
    let config = match param(fragment, "cfg") {
        None => Config::default(),
        Some(cfg) => {
            let json = unpack(cfg).map_err(|e| match e {
                LinkError::TooLong => LinkError::TooLong,
                _ => LinkError::BadSettings,
            })?;
            serde_json::from_slice(&json).map_err(|_| LinkError::BadSettings)?
        }
    };
    let dockerignore = param(fragment, "dockerignore")
        .map(unpack_text)
        .transpose()?;
    let version = param(fragment, "v").map(|v| v.chars().take(32).collect());
    Ok(Some(Shared {
        code,
        config,
        dockerignore,
        version,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use drydock_core::Severity;

    #[test]
    fn round_trip_default_settings() {
        let text = "FROM ubuntu:latest\nRUN echo 'héllo 😀' > /x\n";
        let fragment = encode(text, &Config::default(), None);
        assert!(fragment.starts_with("code="));
        assert!(!fragment.contains("cfg=") && !fragment.contains("dockerignore="));
        assert!(fragment.ends_with(&format!("&v={VERSION}")));
        // base64url without padding: no '+', '/', '='
        let code = param(&fragment, "code").unwrap();
        assert!(!code.contains(['+', '/', '=']));
        let shared = decode(&format!("#{fragment}")).unwrap().unwrap();
        assert_eq!(shared.code, text);
        assert_eq!(shared.config, Config::default());
        assert_eq!(shared.dockerignore, None);
        assert_eq!(shared.version.as_deref(), Some(VERSION));
    }

    #[test]
    fn round_trip_settings_and_dockerignore() {
        let config = Config {
            ignored: vec!["DL3007".into()],
            failure_threshold: Some(Severity::Error),
            trusted_registries: vec!["docker.io".into()],
            ..Config::default()
        };
        let fragment = encode("FROM a\n", &config, Some(".git\nnode_modules\n"));
        assert!(fragment.contains("&cfg=") && fragment.contains("&dockerignore="));
        let shared = decode(&fragment).unwrap().unwrap();
        assert_eq!(shared.config, config);
        assert_eq!(shared.dockerignore.as_deref(), Some(".git\nnode_modules\n"));
        // An empty .dockerignore is not worth carrying.
        assert!(!encode("FROM a\n", &config, Some("")).contains("dockerignore="));
    }

    #[test]
    fn raw_deflate_not_zlib() {
        // Raw DEFLATE of "a" with a fixed Huffman block is 3 bytes; zlib
        // would add a 2-byte header and a 4-byte checksum.
        let raw = URL_SAFE_NO_PAD.decode(pack(b"a")).unwrap();
        assert!(raw.len() <= 3, "{raw:?}");
    }

    #[test]
    fn no_code_is_not_an_error() {
        assert_eq!(decode(""), Ok(None));
        assert_eq!(decode("#rule/DL3007"), Ok(None));
    }

    #[test]
    fn damaged_links_are_errors() {
        assert_eq!(decode("code=***"), Err(LinkError::NotBase64));
        assert_eq!(decode("code=AAAA"), Err(LinkError::NotDeflate));
        let good = encode(
            "FROM ubuntu:22.04\nRUN apt-get update\n",
            &Config::default(),
            None,
        );
        let code = param(&good, "code").unwrap();
        let truncated = format!("code={}", &code[..code.len() / 2]);
        assert!(decode(&truncated).is_err());
        assert_eq!(
            decode(&format!("code={code}&cfg=AAAA")),
            Err(LinkError::BadSettings)
        );
        assert_eq!(
            decode(&format!("code={code}&dockerignore=AAAA")),
            Err(LinkError::NotDeflate)
        );
        let not_utf8 = pack(&[0xff, 0xfe, 0x00]);
        assert_eq!(decode(&format!("code={not_utf8}")), Err(LinkError::NotUtf8));
    }

    #[test]
    fn over_long_links_are_refused() {
        let big = "#".repeat(MAX_DECODED + 1);
        let fragment = encode(&big, &Config::default(), None);
        assert_eq!(decode(&fragment), Err(LinkError::TooLong));
        let exactly = "#".repeat(MAX_DECODED);
        let back = decode(&encode(&exactly, &Config::default(), None));
        assert_eq!(back.unwrap().unwrap().code, exactly);
        let huge = format!("code={}", "A".repeat(MAX_ENCODED + 1));
        assert_eq!(decode(&huge), Err(LinkError::TooLong));
    }

    #[test]
    fn param_matches_whole_keys() {
        assert_eq!(param("#codex=1&code=2", "code"), Some("2"));
        assert_eq!(param("v=1", "v"), Some("1"));
        assert_eq!(param("v", "v"), None);
    }

    #[test]
    fn urls_replace_any_fragment() {
        assert_eq!(
            url("https://x.test/p/", "code=a"),
            "https://x.test/p/#code=a"
        );
        assert_eq!(
            url("https://x.test/#old", "code=a"),
            "https://x.test/#code=a"
        );
    }
}

//! Lint configuration: what the CLI reads from `.hadolint.yaml` and the app
//! edits in its settings. Serde-only (the app stores it as JSON); every
//! field has a default, so `{}` is a valid configuration.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Severity;

/// Optional inputs besides the Dockerfile, read by the caller.
///
/// A field added here is an input of the lint: the fix engine keys the
/// texts it keeps (`fix::engine`'s rejected texts) by the text and these
/// inputs, so it must be added to that key too.
#[derive(Clone, Copy, Debug, Default)]
pub struct Inputs<'a> {
    /// The `.dockerignore` of the build context.
    pub dockerignore: Option<&'a str>,
}

/// The type a label's value must have (hadolint's `label-schema`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LabelType {
    /// Anything (but not empty).
    Text,
    Url,
    /// An SPDX license identifier.
    Spdx,
    /// An RFC 3339 date-time.
    Rfc3339,
    /// A short or long git hash.
    Hash,
    Semver,
    Email,
}

impl LabelType {
    pub const ALL: [LabelType; 7] = [
        LabelType::Text,
        LabelType::Url,
        LabelType::Spdx,
        LabelType::Rfc3339,
        LabelType::Hash,
        LabelType::Semver,
        LabelType::Email,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LabelType::Text => "text",
            LabelType::Url => "url",
            LabelType::Spdx => "spdx",
            LabelType::Rfc3339 => "rfc3339",
            LabelType::Hash => "hash",
            LabelType::Semver => "semver",
            LabelType::Email => "email",
        }
    }

    pub fn parse(s: &str) -> Option<LabelType> {
        let s = s.trim();
        LabelType::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s))
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// Codes (or rule names) never reported.
    pub ignored: Vec<String>,
    /// Per-code severity overrides.
    pub severity_overrides: BTreeMap<String, Severity>,
    /// Registries images may come from (empty: any). DL3026.
    pub trusted_registries: Vec<String>,
    /// Labels every image must carry, with the type of their value.
    /// DL3048–DL3058.
    pub label_schema: BTreeMap<String, LabelType>,
    /// Report labels that are not in `label_schema`.
    pub strict_labels: bool,
    /// The lowest severity that fails a run (`None`: any finding fails).
    pub failure_threshold: Option<Severity>,
    /// `--build-arg` values: override `ARG` defaults when resolving.
    pub build_args: BTreeMap<String, String>,
    /// Ignore `# hadolint ignore=…` / `# drydock ignore=…` pragmas.
    pub disable_ignore_pragma: bool,
    /// The caller reads no fix (`drydock lint` prints none): rules may
    /// leave out the fixes that cost most to build ([`Diagnostic::fix`]
    /// is then `None` for some findings). Findings, messages and places
    /// are the same. Never read from a file; the fix engine, which reads
    /// fixes, lints without it whatever it says.
    ///
    /// [`Diagnostic::fix`]: crate::Diagnostic::fix
    #[serde(skip)]
    pub skip_fixes: bool,
}

impl Config {
    pub fn is_ignored(&self, code: &str) -> bool {
        self.ignored.iter().any(|c| c.eq_ignore_ascii_case(code))
    }

    /// The severity a finding of `code` is reported with.
    pub fn severity_for(&self, code: &str, default: Severity) -> Severity {
        self.severity_override(code).unwrap_or(default)
    }

    /// The severity `severity_overrides` sets for `code`, if any.
    pub fn severity_override(&self, code: &str) -> Option<Severity> {
        self.severity_overrides
            .iter()
            .find(|(c, _)| c.eq_ignore_ascii_case(code))
            .map(|(_, s)| *s)
    }

    /// Whether a finding of this severity fails the run.
    pub fn fails(&self, severity: Severity) -> bool {
        self.failure_threshold.is_none_or(|t| severity >= t)
    }

    /// Apply a severity override as hadolint's config writes it: `error`,
    /// `warning`, `info`, `style`, or `ignore`/`none` (the code is then
    /// ignored). Returns false for an unknown level.
    pub fn set_override(&mut self, code: &str, level: &str) -> bool {
        match level.trim().to_ascii_lowercase().as_str() {
            "ignore" | "none" | "off" => {
                if !self.is_ignored(code) {
                    self.ignored.push(code.to_string());
                }
                true
            }
            other => match Severity::parse(other) {
                Some(sev) => {
                    self.severity_overrides.insert(code.to_string(), sev);
                    true
                }
                None => false,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_json_is_default() {
        let c: Config = serde_json::from_str("{}").unwrap();
        assert_eq!(c, Config::default());
    }

    #[test]
    fn json_round_trip() {
        let mut c = Config::default();
        c.ignored.push("DL3008".into());
        c.label_schema.insert("maintainer".into(), LabelType::Email);
        c.build_args.insert("TAG".into(), "1.0".into());
        c.failure_threshold = Some(Severity::Warning);
        c.strict_labels = true;
        let json = serde_json::to_string(&c).unwrap();
        let back: Config = serde_json::from_str(&json).unwrap();
        assert_eq!(c, back);
        assert!(json.contains("\"maintainer\":\"email\""));
    }

    #[test]
    fn overrides() {
        let mut c = Config::default();
        assert!(c.set_override("DL3008", "error"));
        assert!(c.set_override("DL3015", "ignore"));
        assert!(c.set_override("DL3016", "none"));
        assert!(!c.set_override("DL3017", "fatal"));
        assert_eq!(c.severity_for("dl3008", Severity::Warning), Severity::Error);
        assert_eq!(c.severity_for("DL3009", Severity::Info), Severity::Info);
        assert!(c.is_ignored("DL3015") && c.is_ignored("dl3016"));
    }

    #[test]
    fn threshold() {
        let mut c = Config::default();
        assert!(c.fails(Severity::Style));
        c.failure_threshold = Some(Severity::Warning);
        assert!(c.fails(Severity::Error) && c.fails(Severity::Warning));
        assert!(!c.fails(Severity::Info));
    }

    #[test]
    fn label_types() {
        for t in LabelType::ALL {
            assert_eq!(LabelType::parse(t.as_str()), Some(t));
        }
        assert_eq!(LabelType::parse("SemVer"), Some(LabelType::Semver));
        assert_eq!(LabelType::parse("number"), None);
    }
}

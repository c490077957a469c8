//! `.hadolint.yaml` / `.hadolint.yml` (or `--config PATH`), with
//! hadolint's keys, turned into the core's [`Config`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use drydock_core::config::LabelType;
use drydock_core::{Config, Severity};
use serde::Deserialize;

/// A string or a list of strings (`trustedRegistries: docker.io`).
#[derive(Deserialize, Default)]
#[serde(untagged)]
enum OneOrMany {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::None => Vec::new(),
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Overrides {
    error: Vec<String>,
    warning: Vec<String>,
    info: Vec<String>,
    style: Vec<String>,
    ignore: Vec<String>,
    none: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "kebab-case")]
struct FileConfig {
    ignored: Vec<String>,
    #[serde(rename = "override")]
    overrides: Overrides,
    #[serde(rename = "trustedRegistries", alias = "trusted-registries")]
    trusted_registries: OneOrMany,
    label_schema: BTreeMap<String, String>,
    strict_labels: bool,
    failure_threshold: Option<String>,
    no_fail: bool,
    disable_ignore_pragma: bool,
    /// Ours: `--build-arg` values used to resolve `ARG`s.
    build_args: BTreeMap<String, String>,
    // Read so they are not reported as unknown; the command line decides.
    #[allow(dead_code)]
    format: Option<String>,
    #[allow(dead_code)]
    no_color: bool,
    #[allow(dead_code)]
    verbose: bool,
}

const KNOWN_KEYS: [&str; 13] = [
    "ignored",
    "override",
    "trustedRegistries",
    "trusted-registries",
    "label-schema",
    "strict-labels",
    "failure-threshold",
    "no-fail",
    "disable-ignore-pragma",
    "build-args",
    "format",
    "no-color",
    "verbose",
];

/// What the file says, beyond the core config.
#[derive(Debug, Default)]
pub struct Loaded {
    pub config: Config,
    /// `no-fail: true`.
    pub no_fail: bool,
    /// `failure-threshold: none|ignore`: never fail.
    pub never_fail: bool,
    /// Problems worth a warning (unknown keys …).
    pub warnings: Vec<String>,
}

/// The config file to use: `explicit`, else `.hadolint.yaml` or
/// `.hadolint.yml` in `dir`.
pub fn find(explicit: Option<&Path>, dir: &Path) -> Option<PathBuf> {
    if let Some(p) = explicit {
        return Some(p.to_path_buf());
    }
    [".hadolint.yaml", ".hadolint.yml"]
        .into_iter()
        .map(|name| dir.join(name))
        .find(|p| p.is_file())
}

/// Parse a threshold as hadolint does (`error|warning|info|style|ignore|none`).
/// `Ok(None)` means "never fail".
pub fn parse_threshold(text: &str) -> Result<Option<Severity>, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "ignore" | "none" => Ok(None),
        other => Severity::parse(other).map(Some).ok_or_else(|| {
            format!("invalid failure threshold {text:?}: expected error, warning, info, style, ignore or none")
        }),
    }
}

/// Parse the text of a config file.
pub fn parse(text: &str, origin: &str) -> Result<Loaded, String> {
    let mut loaded = Loaded::default();
    if text.trim().is_empty() {
        return Ok(loaded);
    }
    let value: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(text).map_err(|e| format!("{origin}: invalid YAML: {e}"))?;
    match &value {
        serde_yaml_ng::Value::Null => return Ok(loaded),
        serde_yaml_ng::Value::Mapping(map) => {
            for key in map.keys() {
                let key = key.as_str().unwrap_or("");
                if !KNOWN_KEYS.contains(&key) {
                    loaded
                        .warnings
                        .push(format!("{origin}: unknown key {key:?} ignored"));
                }
            }
        }
        _ => return Err(format!("{origin}: expected a mapping of settings")),
    }
    let file: FileConfig =
        serde_yaml_ng::from_value(value).map_err(|e| format!("{origin}: {e}"))?;
    let config = &mut loaded.config;
    config.ignored = file.ignored;
    let levels = [
        ("error", file.overrides.error),
        ("warning", file.overrides.warning),
        ("info", file.overrides.info),
        ("style", file.overrides.style),
        ("ignore", file.overrides.ignore),
        ("none", file.overrides.none),
    ];
    for (level, codes) in levels {
        for code in codes {
            config.set_override(&code, level);
        }
    }
    config.trusted_registries = file.trusted_registries.into_vec();
    for (label, kind) in file.label_schema {
        let kind = LabelType::parse(&kind).ok_or_else(|| {
            format!(
                "{origin}: label-schema: {label}: unknown type {kind:?} (expected text, url, spdx, rfc3339, hash, semver or email)"
            )
        })?;
        config.label_schema.insert(label, kind);
    }
    config.strict_labels = file.strict_labels;
    config.disable_ignore_pragma = file.disable_ignore_pragma;
    config.build_args = file.build_args;
    if let Some(t) = file.failure_threshold {
        match parse_threshold(&t).map_err(|e| format!("{origin}: {e}"))? {
            Some(sev) => config.failure_threshold = Some(sev),
            None => loaded.never_fail = true,
        }
    }
    loaded.no_fail = file.no_fail;
    Ok(loaded)
}

/// Read and parse a config file.
pub fn load(path: &Path) -> Result<Loaded, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read config {}: {e}", path.display()))?;
    parse(&text, &path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hadolint_example() {
        let text = "
failure-threshold: warning
ignored:
  - DL3000
  - SC1010
override:
  error:
    - DL3001
  info:
    - DL3002
  style: [DL3003]
trustedRegistries:
  - docker.io
  - my-company.com:5000
label-schema:
  author: text
  contact: email
  created: rfc3339
strict-labels: true
disable-ignore-pragma: true
no-fail: true
";
        let l = parse(text, "t").unwrap();
        let c = &l.config;
        assert_eq!(c.ignored, vec!["DL3000", "SC1010"]);
        assert_eq!(c.severity_for("DL3001", Severity::Info), Severity::Error);
        assert_eq!(c.severity_for("DL3002", Severity::Error), Severity::Info);
        assert_eq!(c.severity_for("DL3003", Severity::Error), Severity::Style);
        assert_eq!(
            c.trusted_registries,
            vec!["docker.io", "my-company.com:5000"]
        );
        assert_eq!(c.label_schema["contact"], LabelType::Email);
        assert_eq!(c.failure_threshold, Some(Severity::Warning));
        assert!(c.strict_labels && c.disable_ignore_pragma && l.no_fail);
        assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    }

    #[test]
    fn single_registry_and_none_threshold() {
        let l = parse(
            "trustedRegistries: docker.io\nfailure-threshold: none\n",
            "t",
        )
        .unwrap();
        assert_eq!(l.config.trusted_registries, vec!["docker.io"]);
        assert!(l.never_fail);
    }

    #[test]
    fn ignore_override_level() {
        let l = parse("override:\n  ignore: [DL3008]\n", "t").unwrap();
        assert!(l.config.is_ignored("DL3008"));
    }

    #[test]
    fn errors_are_clear() {
        let e = parse("ignored: [", "cfg.yaml").unwrap_err();
        assert!(e.contains("cfg.yaml") && e.contains("invalid YAML"), "{e}");
        let e = parse("label-schema:\n  a: number\n", "cfg.yaml").unwrap_err();
        assert!(e.contains("unknown type"), "{e}");
        let e = parse("failure-threshold: fatal\n", "cfg.yaml").unwrap_err();
        assert!(e.contains("invalid failure threshold"), "{e}");
        let e = parse("- a\n- b\n", "cfg.yaml").unwrap_err();
        assert!(e.contains("mapping"), "{e}");
        let e = parse("ignored: 3\n", "cfg.yaml").unwrap_err();
        assert!(e.contains("cfg.yaml"), "{e}");
    }

    #[test]
    fn unknown_keys_warn() {
        let l = parse("ignore: [DL3008]\n", "t").unwrap();
        assert_eq!(l.warnings.len(), 1);
        assert!(l.config.ignored.is_empty());
    }

    #[test]
    fn empty_file() {
        let l = parse("", "t").unwrap();
        assert_eq!(l.config, Config::default());
        let l = parse("# nothing\n", "t").unwrap();
        assert_eq!(l.config, Config::default());
    }

    #[test]
    fn the_playground_export_reads_back() {
        let mut config = Config {
            ignored: vec!["DL3008".into(), "latest-tag".into()],
            trusted_registries: vec!["docker.io".into(), "ghcr.io".into()],
            failure_threshold: Some(Severity::Warning),
            strict_labels: true,
            ..Config::default()
        };
        config.set_override("DL3015", "error");
        config
            .label_schema
            .insert("maintainer".into(), LabelType::Email);
        config.build_args.insert("TAG".into(), "1.0 \"x\"".into());
        let text = drydock_formats::hadolint_yaml::write(&config);
        let loaded = parse(&text, "export").unwrap();
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        assert_eq!(loaded.config, config);
        let empty = parse(
            &drydock_formats::hadolint_yaml::write(&Config::default()),
            "e",
        );
        assert_eq!(empty.unwrap().config, Config::default());
    }
}

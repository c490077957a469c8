//! `.hadolint.yaml`'s text read into the core's [`Config`] (hadolint's
//! keys, and ours), for `drydock lint` and the npm package's bin alike.
//! Finding the file and reading it is the caller's (no I/O here). Behind
//! the `yaml` feature: the playground does not read YAML.

use std::collections::BTreeMap;

use drydock_core::config::LabelType;
use drydock_core::{Config, Severity};
use serde::{Deserialize, Serialize};

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
    /// Used when the command line gives no `--format`.
    format: Option<String>,
    no_color: bool,
    // Read so it is not reported as unknown; drydock has no verbose mode.
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
#[derive(Debug, Default, Serialize)]
pub struct Loaded {
    pub config: Config,
    /// `no-fail: true`.
    pub no_fail: bool,
    /// `failure-threshold: none|ignore`: never fail.
    pub never_fail: bool,
    /// `format: …`, as written (the command line's `--format` wins).
    pub format: Option<String>,
    /// `no-color: true`.
    pub no_color: bool,
    /// Problems worth a warning (unknown keys …).
    pub warnings: Vec<String>,
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
    loaded.format = file.format;
    loaded.no_color = file.no_color;
    Ok(loaded)
}

//! What a caller passes besides the text, read strictly: every key must be
//! one we know, and every error names the key it is about. (serde's
//! `deny_unknown_fields` does not combine with the flattened [`Config`],
//! and its type errors do not say where they are; so each key is read on
//! its own.)

use drydock_core::fix::SuggestionId;
use drydock_core::Config;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The settings (the same keys as [`Config`]'s JSON, which are
/// `.hadolint.yaml`'s), the project's `.dockerignore`, and for `fix` which
/// suggestions to leave out or to take.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Options {
    #[serde(flatten)]
    pub config: Config,
    /// The build context's `.dockerignore`.
    pub dockerignore: Option<String>,
    /// Suggestions not to apply, by id (`"DL3042@5"`): any id of a problem
    /// names the problem.
    pub rejected: Vec<SuggestionId>,
    /// Apply safe fixes only.
    pub safe_only: bool,
    /// Risky suggestions (manual fixes with an edit) to apply, by id.
    pub accepted: Vec<SuggestionId>,
}

/// The keys besides [`Config`]'s.
pub const EXTRA_KEYS: [&str; 4] = ["dockerignore", "rejected", "accepted", "safe_only"];

/// Every key [`parse`] accepts, in the order the README lists them.
pub fn known_keys() -> Vec<String> {
    let mut keys: Vec<String> = match serde_json::to_value(Config::default()) {
        Ok(Value::Object(map)) => map.keys().cloned().collect(),
        _ => Vec::new(),
    };
    keys.extend(EXTRA_KEYS.iter().map(|k| k.to_string()));
    keys
}

fn read<T: DeserializeOwned>(key: &str, value: Value) -> Result<T, String> {
    serde_json::from_value(value).map_err(|e| format!("drydock: config key `{key}`: {e}"))
}

/// Read `value` (a JSON object; `null` is the defaults) into [`Options`].
/// An unknown key, or a key with a value of the wrong type, is an error
/// whose message names the key.
pub fn parse(value: Value) -> Result<Options, String> {
    let map = match value {
        Value::Null => return Ok(Options::default()),
        Value::Object(map) => map,
        other => {
            return Err(format!(
                "drydock: the config must be an object of settings, not {}",
                kind(&other)
            ))
        }
    };
    let known = known_keys();
    let mut config = Map::new();
    let mut options = Options::default();
    for (key, value) in map {
        match key.as_str() {
            "dockerignore" => options.dockerignore = read(&key, value)?,
            "rejected" => options.rejected = read(&key, value)?,
            "accepted" => options.accepted = read(&key, value)?,
            "safe_only" => options.safe_only = read(&key, value)?,
            k if known.iter().any(|n| n == k) => {
                // Each key alone, so an error can only be about it.
                let mut one = Map::new();
                one.insert(key.clone(), value.clone());
                read::<Config>(&key, Value::Object(one))?;
                config.insert(key, value);
            }
            _ => {
                let near = known
                    .iter()
                    .find(|n| close(n, &key))
                    .map(|n| format!(" (did you mean `{n}`?)"))
                    .unwrap_or_default();
                return Err(format!(
                    "drydock: unknown config key `{key}`{near}; the keys are {}",
                    known
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
    }
    options.config = read("config", Value::Object(config))?;
    Ok(options)
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Two keys one typo apart (a letter left out, added, changed or two
/// swapped).
fn close(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > 1 || a == b {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let longest = a.len().max(b.len());
    if prefix + suffix + 1 >= longest {
        return true;
    }
    // A swap of two neighbours.
    a.len() == b.len()
        && prefix + 2 <= a.len()
        && a[prefix] == b[prefix + 1]
        && a[prefix + 1] == b[prefix]
        && a[prefix + 2..] == b[prefix + 2..]
}

#[cfg(test)]
mod tests {
    use super::*;
    use drydock_core::Severity;
    use serde_json::json;

    #[test]
    fn reads_config_keys_and_extras() {
        let options = parse(json!({
            "ignored": ["DL3007"], "failure_threshold": "error", "dockerignore": ".git\n",
            "rejected": ["DL3042@2"], "accepted": ["DD011@4"], "safe_only": true
        }))
        .unwrap();
        assert_eq!(options.config.ignored, vec!["DL3007".to_string()]);
        assert_eq!(options.config.failure_threshold, Some(Severity::Error));
        assert_eq!(options.dockerignore.as_deref(), Some(".git\n"));
        assert_eq!(options.rejected, vec![SuggestionId::new("DL3042", 2)]);
        assert_eq!(options.accepted, vec![SuggestionId::new("DD011", 4)]);
        assert!(options.safe_only);
        assert_eq!(parse(json!({})).unwrap(), Options::default());
        assert_eq!(parse(Value::Null).unwrap(), Options::default());
    }

    #[test]
    fn every_error_names_its_key() {
        let e = parse(json!({"ignored": "DL3013"})).unwrap_err();
        assert!(e.contains("`ignored`"), "{e}");
        assert!(e.contains("expected a sequence"), "{e}");
        let e = parse(json!({"ignord": ["DL3013"]})).unwrap_err();
        assert!(e.contains("unknown config key `ignord`"), "{e}");
        assert!(e.contains("did you mean `ignored`"), "{e}");
        let e = parse(json!({"failure_threshold": "fatal"})).unwrap_err();
        assert!(e.contains("`failure_threshold`"), "{e}");
        let e = parse(json!({"rejected": "DL3042@2"})).unwrap_err();
        assert!(e.contains("`rejected`"), "{e}");
        let e = parse(json!({"safe_only": "yes"})).unwrap_err();
        assert!(e.contains("`safe_only`"), "{e}");
        let e = parse(json!({"severity_overrides": {"DL3007": "loud"}})).unwrap_err();
        assert!(e.contains("`severity_overrides`"), "{e}");
        let e = parse(json!(["DL3007"])).unwrap_err();
        assert!(e.contains("must be an object"), "{e}");
    }

    #[test]
    fn every_config_key_is_known() {
        let keys = known_keys();
        for k in [
            "ignored",
            "trusted_registries",
            "failure_threshold",
            "severity_overrides",
            "label_schema",
            "strict_labels",
            "build_args",
            "disable_ignore_pragma",
            "dockerignore",
            "rejected",
            "accepted",
            "safe_only",
        ] {
            assert!(keys.iter().any(|n| n == k), "{k}");
        }
    }

    #[test]
    fn typos() {
        assert!(close("ignored", "ignord"));
        assert!(close("ignored", "ingored"));
        assert!(close("safe_only", "safe-only"));
        assert!(!close("ignored", "rejected"));
    }
}

//! The `.hadolint.yaml` that says what a [`Config`] says, in hadolint's
//! keys, so settings made in the playground can be committed for CI
//! (`drydock lint` and hadolint both read it).

use std::collections::BTreeMap;

use drydock_core::{Config, Severity};

/// A YAML scalar: JSON's double-quoted string is valid YAML.
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn list(out: &mut String, key: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    out.push_str(key);
    out.push_str(":\n");
    for item in items {
        out.push_str("  - ");
        out.push_str(&quoted(item));
        out.push('\n');
    }
}

/// The file's text. Keys at their defaults are left out; an empty config
/// gives a file holding only a comment.
pub fn write(config: &Config) -> String {
    let mut out =
        String::from("# Drydock / hadolint settings (written by the Drydock playground)\n");
    list(&mut out, "ignored", &config.ignored);
    let mut by_level: BTreeMap<Severity, Vec<String>> = BTreeMap::new();
    for (code, level) in &config.severity_overrides {
        by_level.entry(*level).or_default().push(code.clone());
    }
    if !by_level.is_empty() {
        out.push_str("override:\n");
        for level in Severity::ALL {
            if let Some(codes) = by_level.get(&level) {
                out.push_str(&format!("  {}:\n", level.as_str()));
                for code in codes {
                    out.push_str(&format!("    - {}\n", quoted(code)));
                }
            }
        }
    }
    list(&mut out, "trustedRegistries", &config.trusted_registries);
    if !config.label_schema.is_empty() {
        out.push_str("label-schema:\n");
        for (label, kind) in &config.label_schema {
            out.push_str(&format!("  {}: {}\n", quoted(label), kind.as_str()));
        }
    }
    if config.strict_labels {
        out.push_str("strict-labels: true\n");
    }
    if let Some(t) = config.failure_threshold {
        out.push_str(&format!("failure-threshold: {}\n", t.as_str()));
    }
    if config.disable_ignore_pragma {
        out.push_str("disable-ignore-pragma: true\n");
    }
    if !config.build_args.is_empty() {
        out.push_str("build-args:\n");
        for (name, value) in &config.build_args {
            out.push_str(&format!("  {}: {}\n", quoted(name), quoted(value)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_only_a_comment() {
        let text = write(&Config::default());
        assert!(text.lines().all(|l| l.starts_with('#')), "{text}");
    }

    #[test]
    fn writes_hadolint_keys() {
        let mut config = Config {
            ignored: vec!["DL3008".into(), "latest-tag".into()],
            trusted_registries: vec!["docker.io".into(), "my \"odd\" registry".into()],
            failure_threshold: Some(Severity::Warning),
            ..Config::default()
        };
        config.set_override("DL3015", "error");
        let text = write(&config);
        assert!(text.contains("ignored:\n  - \"DL3008\"\n  - \"latest-tag\"\n"));
        assert!(text.contains("override:\n  error:\n    - \"DL3015\"\n"));
        assert!(text
            .contains("trustedRegistries:\n  - \"docker.io\"\n  - \"my \\\"odd\\\" registry\"\n"));
        assert!(text.contains("failure-threshold: warning\n"));
    }
}

//! `.hadolint.yaml` / `.hadolint.yml` (or `--config PATH`), with
//! hadolint's keys, turned into the core's [`Config`].

use std::path::{Path, PathBuf};

pub use drydock_formats::config_file::{parse, parse_threshold, Loaded};

/// Where the user's own directories are (from `XDG_CONFIG_HOME`, `HOME`;
/// `LOCALAPPDATA` on Windows, as hadolint).
#[derive(Debug, Default)]
pub struct Home {
    pub xdg_config: Option<PathBuf>,
    pub home: Option<PathBuf>,
}

impl Home {
    pub fn from_env() -> Home {
        let var = |name| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let home = var("HOME").or_else(|| var("USERPROFILE"));
        let xdg_config = var("XDG_CONFIG_HOME")
            .or_else(|| var("LOCALAPPDATA"))
            .or_else(|| home.as_ref().map(|h| h.join(".config")));
        Home { xdg_config, home }
    }
}

/// The config file to use, in hadolint's order, the first that exists:
/// `explicit`; `.hadolint.yaml` / `.hadolint.yml` in `dir`;
/// `$XDG_CONFIG_HOME/hadolint.yaml`; `~/.config/hadolint.yaml`;
/// `~/.hadolint/hadolint.yaml`; `~/hadolint/config.yaml`;
/// `~/.hadolint.yaml` (each also with `.yml`).
pub fn find(explicit: Option<&Path>, dir: &Path, home: &Home) -> Option<PathBuf> {
    if let Some(p) = explicit {
        return Some(p.to_path_buf());
    }
    let mut stems: Vec<PathBuf> = vec![dir.join(".hadolint")];
    if let Some(x) = &home.xdg_config {
        stems.push(x.join("hadolint"));
    }
    if let Some(h) = &home.home {
        stems.push(h.join(".config").join("hadolint"));
        stems.push(h.join(".hadolint").join("hadolint"));
        stems.push(h.join("hadolint").join("config"));
        stems.push(h.join(".hadolint"));
    }
    stems
        .iter()
        .flat_map(|stem| ["yaml", "yml"].map(|ext| stem.with_extension(ext)))
        .find(|p| p.is_file())
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
    use drydock_core::config::LabelType;
    use drydock_core::{Config, Severity};

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
    fn format_and_no_color() {
        let l = parse("format: json\nno-color: true\n", "t").unwrap();
        assert_eq!(l.format.as_deref(), Some("json"));
        assert!(l.no_color);
    }

    #[test]
    fn discovery_order() {
        let d = std::env::temp_dir().join(format!("drydock-find-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        let (cwd, home, xdg) = (d.join("cwd"), d.join("home"), d.join("xdg"));
        for dir in [&cwd, &home, &xdg, &home.join(".hadolint")] {
            std::fs::create_dir_all(dir).unwrap();
        }
        let h = Home {
            xdg_config: Some(xdg.clone()),
            home: Some(home.clone()),
        };
        assert_eq!(find(None, &cwd, &h), None);
        let expect = |path: PathBuf| {
            std::fs::write(&path, "").unwrap();
            assert_eq!(find(None, &cwd, &h), Some(path));
        };
        // Written from the last in the order to the first: each new one wins.
        expect(home.join(".hadolint.yml"));
        expect(home.join(".hadolint").join("hadolint.yaml"));
        expect(xdg.join("hadolint.yaml"));
        expect(cwd.join(".hadolint.yml"));
        expect(cwd.join(".hadolint.yaml"));
        let explicit = d.join("x.yaml");
        assert_eq!(find(Some(&explicit), &cwd, &h), Some(explicit));
        let _ = std::fs::remove_dir_all(&d);
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

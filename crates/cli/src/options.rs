//! Options `lint` and `fix` share: where the config comes from and what
//! the command line adds to it, and the inputs read beside a Dockerfile.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use drydock_core::config::LabelType;

use crate::config_file::{self, Loaded};

#[derive(clap::Args)]
pub struct ConfigArgs {
    /// Config file (default: `.hadolint.yaml` or `.hadolint.yml` in the
    /// current directory, else hadolint's user-wide locations).
    #[arg(long, short = 'c', value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Do not report this code (repeatable).
    #[arg(long, value_name = "CODE")]
    pub ignore: Vec<String>,
    /// Report this code as an error (repeatable).
    #[arg(long, value_name = "CODE")]
    pub error: Vec<String>,
    /// Report this code as a warning (repeatable).
    #[arg(long, value_name = "CODE")]
    pub warning: Vec<String>,
    /// Report this code as info (repeatable).
    #[arg(long, value_name = "CODE")]
    pub info: Vec<String>,
    /// Report this code as style (repeatable).
    #[arg(long, value_name = "CODE")]
    pub style: Vec<String>,
    /// Require a label of a type, e.g. `maintainer:text` (repeatable;
    /// types: text, url, spdx, rfc3339, hash, semver, email).
    #[arg(long, value_name = "LABEL:TYPE")]
    pub require_label: Vec<String>,
    /// Report labels the label schema does not list.
    #[arg(long)]
    pub strict_labels: bool,
    /// Registry images may come from (repeatable; DL3026).
    #[arg(long, value_name = "REGISTRY")]
    pub trusted_registry: Vec<String>,
    /// Set a build argument used to resolve `ARG`s (repeatable).
    #[arg(long, value_name = "NAME=VALUE")]
    pub build_arg: Vec<String>,
    /// Ignore `# hadolint ignore=` / `# drydock ignore=` pragmas.
    #[arg(long)]
    pub disable_ignore_pragma: bool,
}

impl ConfigArgs {
    /// The config file (found or named), with the command line's additions.
    /// Warnings about the file are printed; an error is a message for the
    /// user (exit 2).
    pub fn load(&self) -> Result<Loaded, String> {
        let cwd = std::env::current_dir().unwrap_or_default();
        let home = config_file::Home::from_env();
        let mut loaded = match config_file::find(self.config.as_deref(), &cwd, &home) {
            Some(path) => config_file::load(&path)?,
            None => Loaded::default(),
        };
        for w in &loaded.warnings {
            eprintln!("drydock: warning: {w}");
        }
        let config = &mut loaded.config;
        config.ignored.extend(self.ignore.iter().cloned());
        config
            .trusted_registries
            .extend(self.trusted_registry.iter().cloned());
        for pair in &self.build_arg {
            let (k, v) = pair
                .split_once('=')
                .ok_or_else(|| format!("--build-arg {pair:?}: expected NAME=VALUE"))?;
            config.build_args.insert(k.to_string(), v.to_string());
        }
        for (level, codes) in [
            ("error", &self.error),
            ("warning", &self.warning),
            ("info", &self.info),
            ("style", &self.style),
        ] {
            for code in codes {
                config.set_override(code, level);
            }
        }
        for spec in &self.require_label {
            let (label, kind) = spec
                .split_once(':')
                .and_then(|(label, kind)| Some((label.trim(), LabelType::parse(kind)?)))
                .filter(|(label, _)| !label.is_empty())
                .ok_or_else(|| {
                    format!("--require-label {spec:?}: expected LABEL:TYPE (types: text, url, spdx, rfc3339, hash, semver, email)")
                })?;
            config.label_schema.insert(label.to_string(), kind);
        }
        config.strict_labels |= self.strict_labels;
        config.disable_ignore_pragma |= self.disable_ignore_pragma;
        Ok(loaded)
    }
}

/// Read a file (or stdin for `-`), lossily when it is not UTF-8.
pub fn read_input(path: &str) -> Result<String, String> {
    let (text, warning) = read_input_quiet(path)?;
    if let Some(warning) = warning {
        eprintln!("{warning}");
    }
    Ok(text)
}

/// [`read_input`] without printing: the text and the warning line it
/// would print (for callers that read on several threads and print in
/// order).
pub fn read_input_quiet(path: &str) -> Result<(String, Option<String>), String> {
    let bytes = if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        buf
    } else {
        // Read without asking the file's size first (`fs::read` and
        // `File::read_to_end` do: one more system call per file, through
        // `take` the generic loop reads); most Dockerfiles fit the first
        // read.
        let mut buf = Vec::with_capacity(16 * 1024);
        std::fs::File::open(path)
            .and_then(|f| f.take(u64::MAX).read_to_end(&mut buf))
            .map_err(|e| format!("cannot read {path}: {e}"))?;
        buf
    };
    match String::from_utf8(bytes) {
        Ok(s) => Ok((s, None)),
        Err(e) => {
            // Where the first bad byte is, as an editor would show it.
            let bytes = e.as_bytes();
            let valid = &bytes[..e.utf8_error().valid_up_to()];
            let line = 1 + valid.iter().filter(|&&b| b == b'\n').count();
            let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let column = 1 + String::from_utf8_lossy(&valid[line_start..])
                .chars()
                .count();
            let name = if path == "-" { "<stdin>" } else { path };
            let warning = format!(
                "drydock: warning: {name} is not valid UTF-8 (first invalid byte at line {line}, \
                 column {column}); invalid bytes are read as U+FFFD"
            );
            Ok((String::from_utf8_lossy(bytes).into_owned(), Some(warning)))
        }
    }
}

/// The `.dockerignore` files that may apply to a Dockerfile, in order:
/// `<file>.dockerignore` beside it (BuildKit's per-Dockerfile ignore
/// file), then `.dockerignore` in its directory.
pub fn dockerignore_paths(path: &str) -> [PathBuf; 2] {
    let dir = Path::new(path)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    [
        PathBuf::from([path, ".dockerignore"].concat()),
        dir.join(".dockerignore"),
    ]
}

/// The `.dockerignore` that applies to a Dockerfile (see
/// [`dockerignore_paths`]); none for standard input. The shared ones are
/// read once per directory (`cache`; several threads may share it).
pub fn dockerignore_for(
    path: &str,
    cache: &Mutex<HashMap<PathBuf, Option<String>>>,
) -> Option<String> {
    if path == "-" {
        return None;
    }
    let [own, shared] = dockerignore_paths(path);
    if let Ok(text) = std::fs::read_to_string(&own) {
        return Some(text);
    }
    let lock = || {
        cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    };
    if let Some(known) = lock().get(&shared) {
        return known.clone();
    }
    // Read outside the lock (two threads may both read it: the same text).
    let text = std::fs::read_to_string(&shared).ok();
    lock().entry(shared).or_insert(text).clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dockerignore_lookup() {
        let d = std::env::temp_dir().join(format!("drydock-ignore-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(d.join("sub")).unwrap();
        std::fs::write(d.join(".dockerignore"), "node_modules\n").unwrap();
        std::fs::write(d.join("api.Dockerfile.dockerignore"), ".git\n").unwrap();
        let path = |name: &str| d.join(name).to_str().unwrap().to_string();
        let cache = Default::default();
        assert_eq!(
            dockerignore_for(&path("Dockerfile"), &cache).as_deref(),
            Some("node_modules\n")
        );
        assert_eq!(
            dockerignore_for(&path("api.Dockerfile"), &cache).as_deref(),
            Some(".git\n")
        );
        assert_eq!(dockerignore_for(&path("sub/Dockerfile"), &cache), None);
        assert_eq!(dockerignore_for("-", &cache), None);
        let _ = std::fs::remove_dir_all(&d);
    }
}

//! `drydock lint`.
//!
//! Exit codes, as hadolint's: 1 when a finding at or above the failure
//! threshold exists (default `info`, so `style` findings alone pass),
//! 0 otherwise or with `--no-fail`; 2 for usage, config or I/O errors.

use std::collections::HashMap;
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use drydock_core::{Inputs, Severity};

use crate::config_file;
use crate::report::{self, FileResult, Format};

#[derive(clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Tty)]
    format: Format,
    /// Exit 0 even when there are findings.
    #[arg(long)]
    no_fail: bool,
    /// Fail only on findings at or above this level
    /// (error, warning, info, style, ignore|none = never).
    #[arg(long, short = 't', value_name = "LEVEL")]
    failure_threshold: Option<String>,
    /// Config file (default: `.hadolint.yaml` or `.hadolint.yml` in the
    /// current directory).
    #[arg(long, short = 'c', value_name = "PATH")]
    config: Option<PathBuf>,
    /// Do not report this code (repeatable).
    #[arg(long, value_name = "CODE")]
    ignore: Vec<String>,
    /// Registry images may come from (repeatable; DL3026).
    #[arg(long, value_name = "REGISTRY")]
    trusted_registry: Vec<String>,
    /// Set a build argument used to resolve `ARG`s (repeatable).
    #[arg(long, value_name = "NAME=VALUE")]
    build_arg: Vec<String>,
    /// Ignore `# hadolint ignore=` / `# drydock ignore=` pragmas.
    #[arg(long)]
    disable_ignore_pragma: bool,
    /// Never color the tty output.
    #[arg(long)]
    no_color: bool,
    /// Dockerfiles to lint; `-` reads standard input.
    #[arg(required = true)]
    files: Vec<String>,
}

/// Read a file (or stdin for `-`), lossily when it is not UTF-8: invalid
/// bytes become U+FFFD and a warning on stderr says where the first one
/// was. Findings keep their lines, and nothing else in the file is lost.
pub fn read_input(path: &str) -> Result<String, String> {
    let bytes = if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        buf
    } else {
        std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?
    };
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
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
            eprintln!(
                "drydock: warning: {name} is not valid UTF-8 (first invalid byte at line {line}, \
                 column {column}); invalid bytes are read as U+FFFD"
            );
            Ok(String::from_utf8_lossy(bytes).into_owned())
        }
    }
}

/// The `.dockerignore` that applies to a Dockerfile: `<file>.dockerignore`
/// beside it (BuildKit's per-Dockerfile ignore file), else `.dockerignore`
/// in its directory.
fn dockerignore_for(path: &str, cache: &mut HashMap<PathBuf, Option<String>>) -> Option<String> {
    if path == "-" {
        return None;
    }
    let own = PathBuf::from(format!("{path}.dockerignore"));
    if let Ok(text) = std::fs::read_to_string(&own) {
        return Some(text);
    }
    let dir = Path::new(path)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    cache
        .entry(dir.clone())
        .or_insert_with(|| std::fs::read_to_string(dir.join(".dockerignore")).ok())
        .clone()
}

pub fn run(args: Args) -> ExitCode {
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut loaded = match config_file::find(args.config.as_deref(), &cwd) {
        Some(path) => match config_file::load(&path) {
            Ok(l) => l,
            Err(message) => {
                eprintln!("drydock: {message}");
                return ExitCode::from(2);
            }
        },
        None => config_file::Loaded::default(),
    };
    for w in &loaded.warnings {
        eprintln!("drydock: warning: {w}");
    }
    let config = &mut loaded.config;
    config.ignored.extend(args.ignore.iter().cloned());
    config
        .trusted_registries
        .extend(args.trusted_registry.iter().cloned());
    for pair in &args.build_arg {
        match pair.split_once('=') {
            Some((k, v)) => {
                config.build_args.insert(k.to_string(), v.to_string());
            }
            None => {
                eprintln!("drydock: --build-arg {pair:?}: expected NAME=VALUE");
                return ExitCode::from(2);
            }
        }
    }
    config.disable_ignore_pragma |= args.disable_ignore_pragma;
    let mut threshold_none = loaded.never_fail;
    if let Some(t) = &args.failure_threshold {
        match config_file::parse_threshold(t) {
            Ok(Some(sev)) => {
                config.failure_threshold = Some(sev);
                threshold_none = false;
            }
            Ok(None) => threshold_none = true,
            Err(message) => {
                eprintln!("drydock: {message}");
                return ExitCode::from(2);
            }
        }
    }
    let never_fail = threshold_none || loaded.no_fail || args.no_fail;
    // hadolint's default threshold.
    let threshold = config.failure_threshold.unwrap_or(Severity::Info);

    let config = &loaded.config;
    let mut results: Vec<FileResult> = Vec::new();
    let mut read_error = false;
    let mut ignore_cache = HashMap::new();
    for path in &args.files {
        match read_input(path) {
            Ok(text) => {
                let dockerignore = dockerignore_for(path, &mut ignore_cache);
                let inputs = Inputs {
                    dockerignore: dockerignore.as_deref(),
                };
                results.push(FileResult {
                    path: path.clone(),
                    diagnostics: drydock_core::lint_with(&text, config, &inputs),
                });
            }
            Err(message) => {
                eprintln!("drydock: {message}");
                read_error = true;
            }
        }
    }
    let color =
        !args.no_color && std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if let Err(e) = report::write(&mut out, args.format, &results, color) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("drydock: cannot write output: {e}");
            return ExitCode::from(2);
        }
    }
    if read_error {
        return ExitCode::from(2);
    }
    let failed = results
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| d.severity >= threshold);
    if failed && !never_fail {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
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
        let mut cache = HashMap::new();
        assert_eq!(
            dockerignore_for(&path("Dockerfile"), &mut cache).as_deref(),
            Some("node_modules\n")
        );
        assert_eq!(
            dockerignore_for(&path("api.Dockerfile"), &mut cache).as_deref(),
            Some(".git\n")
        );
        assert_eq!(dockerignore_for(&path("sub/Dockerfile"), &mut cache), None);
        assert_eq!(dockerignore_for("-", &mut cache), None);
        let _ = std::fs::remove_dir_all(&d);
    }
}

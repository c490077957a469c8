//! `drydock lint`.
//!
//! Exit codes, as hadolint's: 1 when a finding at or above the failure
//! threshold exists (default `info`, so `style` findings alone pass),
//! 0 otherwise or with `--no-fail`; 2 for usage, config or I/O errors.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Mutex;

use clap::ValueEnum;
use drydock_core::{Inputs, Severity};

use crate::config_file;
use crate::discover;
use crate::options::{dockerignore_for, read_input_quiet, ConfigArgs};
use crate::report::{self, FileResult, Format};

#[derive(clap::Args)]
pub struct Args {
    /// Output format (default: the config's `format`, else tty).
    #[arg(long, short = 'f', value_enum)]
    format: Option<Format>,
    /// Exit 0 even when there are findings.
    #[arg(long)]
    no_fail: bool,
    /// Fail only on findings at or above this level
    /// (error, warning, info, style, ignore|none = never).
    #[arg(long, short = 't', value_name = "LEVEL")]
    failure_threshold: Option<String>,
    #[command(flatten)]
    config: ConfigArgs,
    /// Never color the tty output.
    #[arg(long)]
    no_color: bool,
    /// Dockerfiles, directories (searched for Dockerfiles, honouring
    /// `.gitignore`) or globs to lint; `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    files: Vec<String>,
}

/// What linting one file gives: its findings (none when it could not be
/// read), a message for standard error, its part of the JSON report.
type Done = (Option<FileResult>, Option<String>, Option<Vec<u8>>);

pub fn run(args: Args) -> ExitCode {
    let mut loaded = match args.config.load() {
        Ok(l) => l,
        Err(message) => {
            eprintln!("drydock: {message}");
            return ExitCode::from(2);
        }
    };
    let config = &mut loaded.config;
    // No report format prints a fix: the rules may leave out the costly ones.
    config.skip_fixes = true;
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

    let format = match (args.format, &loaded.format) {
        (Some(f), _) => f,
        (None, None) => Format::Tty,
        (None, Some(name)) => match Format::from_str(name, true) {
            Ok(f) => f,
            Err(_) => {
                eprintln!(
                    "drydock: config: format {name:?} is not supported (tty, json, sarif, checkstyle, gnu, github)"
                );
                return ExitCode::from(2);
            }
        },
    };
    let no_color = args.no_color || loaded.no_color;

    let files = match discover::expand(&args.files) {
        Ok(files) => files,
        Err(message) => {
            eprintln!("drydock: {message}");
            return ExitCode::from(2);
        }
    };
    let config = &loaded.config;
    // Each file is read and linted on any core (reading the files one
    // after the other held the other cores up); standard input is read
    // first, once per `-` in order, as before. Warnings and read errors
    // are printed afterwards in the order of the files, and the results
    // keep the order of the arguments.
    let mut stdin_reads: HashMap<usize, Result<(String, Option<String>), String>> = HashMap::new();
    for (i, path) in files.iter().enumerate() {
        if path == "-" {
            stdin_reads.insert(i, read_input_quiet(path));
        }
    }
    let ignore_cache = Mutex::new(HashMap::new());
    let indexed: Vec<(usize, &String)> = files.iter().enumerate().collect();
    // The JSON report's part of each file is written beside its lint.
    let json_parts = format == Format::Json;
    let done: Vec<Done> = crate::parallel::map(&indexed, |&(i, path)| {
        let read = match stdin_reads.get(&i) {
            Some(r) => r.clone(),
            None => read_input_quiet(path),
        };
        match read {
            Ok((text, warning)) => {
                let dockerignore = dockerignore_for(path, &ignore_cache);
                let inputs = Inputs {
                    dockerignore: dockerignore.as_deref(),
                };
                let result = FileResult {
                    path: path.clone(),
                    diagnostics: drydock_core::lint_with(&text, config, &inputs),
                };
                let part = json_parts.then(|| report::json_part(&result));
                (Some(result), warning, part)
            }
            Err(message) => (None, Some(format!("drydock: {message}")), None),
        }
    });
    let mut read_error = false;
    let mut results: Vec<FileResult> = Vec::with_capacity(done.len());
    let mut parts: Vec<Vec<u8>> = Vec::with_capacity(if json_parts { done.len() } else { 0 });
    let mut all_parts = json_parts;
    for (result, message, part) in done {
        if let Some(message) = message {
            eprintln!("{message}");
        }
        match result {
            Some(r) => {
                match part {
                    Some(p) => parts.push(p),
                    None => all_parts = false,
                }
                results.push(r);
            }
            None => read_error = true,
        }
    }
    let color =
        !no_color && std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal();
    let stdout = std::io::stdout();
    // Standard output flushes every line and every 1 KiB: a report is
    // written in 64 KiB blocks instead, past its line buffer (which
    // searches every block for its last newline) where it can be.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, unbuffered(&stdout));
    let written = if all_parts {
        report::write_json_parts(&mut out, &parts)
    } else {
        report::write(&mut out, format, &results, color)
    }
    .and_then(|()| out.flush());
    if let Err(e) = written {
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
    // The process ends here: every finding and report part freed one by
    // one, on one core, would only give the memory back to the allocator
    // (which then returns its pages to the system) just before exiting.
    std::mem::forget(results);
    std::mem::forget(parts);
    if failed && !never_fail {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Standard output without its line buffer: its file descriptor, on Unix
/// (nothing was written to it before); else standard output itself.
fn unbuffered(stdout: &std::io::Stdout) -> Box<dyn Write + '_> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if let Ok(fd) = stdout.as_fd().try_clone_to_owned() {
            return Box::new(std::fs::File::from(fd));
        }
    }
    Box::new(stdout.lock())
}

//! `drydock lint`.

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use drydock_core::{Config, Diagnostic, Severity};
use serde::Serialize;

#[derive(clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Tty)]
    format: Format,
    /// Exit 0 even when there are findings.
    #[arg(long)]
    no_fail: bool,
    /// Dockerfiles to lint; `-` reads standard input.
    #[arg(required = true)]
    files: Vec<String>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Tty,
    Json,
}

/// One finding as the JSON format prints it (1-based lines and columns).
#[derive(Serialize)]
struct JsonFinding<'a> {
    file: &'a str,
    code: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    severity: Severity,
    message: &'a str,
}

/// Read a file (or stdin for `-`), lossily when it is not UTF-8.
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
            eprintln!("drydock: warning: {path} is not valid UTF-8; invalid bytes were replaced");
            Ok(String::from_utf8_lossy(e.as_bytes()).into_owned())
        }
    }
}

pub fn run(args: Args) -> ExitCode {
    let config = Config::default();
    let mut results: Vec<(String, Vec<Diagnostic>)> = Vec::new();
    let mut read_error = false;
    for path in &args.files {
        match read_input(path) {
            Ok(text) => results.push((path.clone(), drydock_core::lint(&text, &config))),
            Err(message) => {
                eprintln!("drydock: {message}");
                read_error = true;
            }
        }
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let written = match args.format {
        Format::Json => write_json(&mut out, &results),
        Format::Tty => write_tty(&mut out, &results, std::io::stdout().is_terminal()),
    };
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("drydock: cannot write output: {e}");
            return ExitCode::from(2);
        }
    }
    if read_error {
        return ExitCode::from(2);
    }
    let failed = results.iter().any(|(_, d)| !d.is_empty());
    if failed && !args.no_fail {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn write_json(out: &mut impl Write, results: &[(String, Vec<Diagnostic>)]) -> std::io::Result<()> {
    let findings: Vec<JsonFinding> = results
        .iter()
        .flat_map(|(file, diags)| {
            diags.iter().map(move |d| JsonFinding {
                file,
                code: &d.code,
                line: d.start.line,
                column: d.start.column,
                end_line: d.end.line,
                end_column: d.end.column,
                severity: d.severity,
                message: &d.message,
            })
        })
        .collect();
    serde_json::to_writer(&mut *out, &findings)?;
    writeln!(out)
}

fn write_tty(
    out: &mut impl Write,
    results: &[(String, Vec<Diagnostic>)],
    color: bool,
) -> std::io::Result<()> {
    for (file, diags) in results {
        for d in diags {
            let (on, off) = match (color, d.severity) {
                (false, _) => ("", ""),
                (true, Severity::Error) => ("\x1b[1;31m", "\x1b[0m"),
                (true, Severity::Warning) => ("\x1b[1;33m", "\x1b[0m"),
                (true, Severity::Info) => ("\x1b[1;36m", "\x1b[0m"),
                (true, Severity::Style) => ("\x1b[1;35m", "\x1b[0m"),
            };
            writeln!(
                out,
                "{file}:{}:{} {} {on}{}{off}: {}",
                d.start.line, d.start.column, d.code, d.severity, d.message
            )?;
        }
    }
    Ok(())
}

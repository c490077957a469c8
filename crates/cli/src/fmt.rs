//! `drydock fmt`: format Dockerfiles (docs/formatting.md).
//!
//! Output, by mode:
//! - default: the formatted text of the one FILE on stdout;
//! - `--check`: nothing on stdout; the files that would change on stderr;
//! - `--diff`: a unified diff per file that would change;
//! - `--write`: each file that changes rewritten in place, atomically.
//!
//! Options, the first found wins: `--indent`, the `[fmt]` section of the
//! nearest `.drydock.toml` (from the file's directory up), the file's
//! `.editorconfig` (`indent_style`, `indent_size`), then 4 spaces.
//!
//! Exit codes: 0 when done (with `--check`/`--diff`: nothing to change);
//! 1 with `--check`/`--diff` when something would change; 2 for usage,
//! config or I/O errors, and for a file the formatter refuses (its result
//! would not mean the same: a bug, reported with the line).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use drydock_core::format::{format, Indent, Options};
use serde::Deserialize;

use crate::options::read_input;

#[derive(clap::Args)]
pub struct Args {
    /// Print nothing; exit 1 when a file is not formatted.
    #[arg(long, conflicts_with_all = ["diff", "write"])]
    check: bool,
    /// Print a unified diff of the changes (exit 1 when not empty).
    #[arg(long, conflicts_with = "write")]
    diff: bool,
    /// Rewrite the files in place.
    #[arg(long)]
    write: bool,
    /// Continuation indent: a number of spaces or `tab` (overrides the
    /// config files).
    #[arg(long, value_name = "N|tab", value_parser = parse_indent)]
    indent: Option<Indent>,
    /// Dockerfiles to format; `-` reads standard input.
    #[arg(required = true)]
    files: Vec<String>,
}

fn parse_indent(s: &str) -> Result<Indent, String> {
    if s.eq_ignore_ascii_case("tab") {
        return Ok(Indent::Tab);
    }
    match s.parse::<u8>() {
        Ok(n) if (1..=16).contains(&n) => Ok(Indent::Spaces(n)),
        _ => Err(format!(
            "{s:?}: expected a number of spaces from 1 to 16, or `tab`"
        )),
    }
}

/// The `[fmt]` section of `.drydock.toml`.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FmtSection {
    /// `space` or `tab`.
    indent_style: Option<String>,
    /// Spaces per continuation indent.
    indent_size: Option<u8>,
}

#[derive(Deserialize, Default)]
struct SettingsFile {
    #[serde(default)]
    fmt: Option<FmtSection>,
}

/// The options for the file at `path` (stdin: the current directory).
pub(crate) fn options_for(path: &str, cli: Option<Indent>) -> Result<Options, String> {
    if let Some(indent) = cli {
        return Ok(Options { indent });
    }
    let file = if path == "-" {
        std::env::current_dir()
            .unwrap_or_default()
            .join("Dockerfile")
    } else {
        std::path::absolute(path).unwrap_or_else(|_| PathBuf::from(path))
    };
    if let Some(indent) = from_settings(&file)? {
        return Ok(Options { indent });
    }
    Ok(Options {
        indent: from_editorconfig(&file).unwrap_or(Options::default().indent),
    })
}

fn from_settings(file: &Path) -> Result<Option<Indent>, String> {
    let Some(settings) = file
        .ancestors()
        .skip(1)
        .map(|d| d.join(".drydock.toml"))
        .find(|p| p.is_file())
    else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(&settings)
        .map_err(|e| format!("cannot read {}: {e}", settings.display()))?;
    let parsed: SettingsFile =
        toml::from_str(&text).map_err(|e| format!("{}: {e}", settings.display()))?;
    let Some(section) = parsed.fmt else {
        return Ok(None);
    };
    let bad = |what: String| format!("{}: [fmt] {what}", settings.display());
    match section.indent_style.as_deref() {
        Some("tab") => Ok(Some(Indent::Tab)),
        Some("space") | None => match section.indent_size {
            Some(n) if (1..=16).contains(&n) => Ok(Some(Indent::Spaces(n))),
            Some(n) => Err(bad(format!("indent_size = {n}: expected 1 to 16"))),
            None if section.indent_style.is_some() => Ok(Some(Indent::Spaces(4))),
            None => Ok(None),
        },
        Some(other) => Err(bad(format!(
            "indent_style = {other:?}: expected \"space\" or \"tab\""
        ))),
    }
}

fn from_editorconfig(file: &Path) -> Option<Indent> {
    use ec4rs::property::{IndentSize, IndentStyle};
    let mut props = ec4rs::properties_of(file).ok()?;
    props.use_fallbacks();
    match props.get::<IndentStyle>() {
        Ok(IndentStyle::Tabs) => Some(Indent::Tab),
        Ok(IndentStyle::Spaces) | Err(_) => match props.get::<IndentSize>() {
            Ok(IndentSize::Value(n)) if (1..=16).contains(&n) => {
                Some(Indent::Spaces(u8::try_from(n).ok()?))
            }
            _ => None,
        },
    }
}

pub fn run(args: Args) -> ExitCode {
    let printing = !args.check && !args.diff && !args.write;
    if printing && args.files.len() > 1 {
        return usage(
            "printing the result takes one file; use --check, --diff or --write for several",
        );
    }
    if args.write && args.files.iter().any(|f| f == "-") {
        return usage("--write cannot rewrite standard input");
    }
    let (mut failed, mut differs) = (false, false);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for path in &args.files {
        let options = match options_for(path, args.indent) {
            Ok(o) => o,
            Err(message) => return usage(&message),
        };
        let text = match read_input(path) {
            Ok(t) => t,
            Err(message) => {
                eprintln!("drydock: {message}");
                failed = true;
                continue;
            }
        };
        let name = if path == "-" {
            "<stdin>"
        } else {
            path.as_str()
        };
        let formatted = match format(&text, &options) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("drydock: {name}: {e}");
                failed = true;
                if printing {
                    // The text as it is, never nothing.
                    let _ = out.write_all(text.as_bytes());
                }
                continue;
            }
        };
        let changed = formatted != text;
        differs |= changed;
        let written = if args.check {
            if changed {
                eprintln!("drydock: {name}: not formatted");
            }
            Ok(())
        } else if args.diff {
            if changed {
                let label = if path == "-" { "stdin" } else { path.as_str() };
                let diff = similar::TextDiff::from_lines(&text, &formatted);
                write!(
                    out,
                    "{}",
                    diff.unified_diff()
                        .context_radius(3)
                        .header(&format!("a/{label}"), &format!("b/{label}"))
                )
            } else {
                Ok(())
            }
        } else if args.write {
            if changed {
                if let Err(e) = crate::fix::write_atomically(Path::new(path), &formatted) {
                    eprintln!("drydock: cannot write {path}: {e}");
                    failed = true;
                }
            }
            Ok(())
        } else {
            out.write_all(formatted.as_bytes())
        };
        if let Err(e) = written {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return ExitCode::SUCCESS;
            }
            eprintln!("drydock: cannot write output: {e}");
            return ExitCode::from(2);
        }
    }
    if failed {
        ExitCode::from(2)
    } else if (args.check || args.diff) && differs {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn usage(message: &str) -> ExitCode {
    eprintln!("drydock: {message}");
    ExitCode::from(2)
}

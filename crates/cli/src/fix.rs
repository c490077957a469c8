//! `drydock fix`: apply the fixes of the findings, to a fixed point.
//!
//! Output, by mode:
//! - default: the rewrite of the one FILE on stdout;
//! - `--diff`: a unified diff per changed file (and per extra file a fix
//!   creates, against `/dev/null`);
//! - `--write`: each file rewritten in place, atomically (a temporary
//!   file in the same directory, renamed over it), keeping its
//!   permissions;
//! - `--json`: per file, the rewrite and what was applied and skipped.
//!
//! A summary goes to stderr (unless `--quiet`): each fix applied, and each
//! finding left for a human (a *manual* fix) with what to do.
//!
//! Extra files: a fix may produce a file beside the Dockerfile (a generated
//! `.dockerignore`). `--write` creates it only when the Dockerfile has no
//! ignore file yet (neither `<file>.dockerignore` nor `.dockerignore` in
//! its directory) and says so on stderr; it never overwrites one. `--diff`
//! shows it as a new file; the default mode only mentions it.
//!
//! Exit codes: 0 on success (with `--diff`: nothing to change); 1 with
//! `--diff` when there is something to change; 2 for usage, config or
//! I/O errors.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use drydock_core::fix::{fix_all_with, Applicability, Choices, ExtraFile, FixOutcome, Skip};
use drydock_core::{syntax, Inputs};
use serde::Serialize;

use crate::options::{dockerignore_for, dockerignore_paths, read_input, ConfigArgs};

#[derive(clap::Args)]
pub struct Args {
    /// Print a unified diff instead of the rewrite (exit 1 when it is not
    /// empty).
    #[arg(long, conflicts_with_all = ["write", "json"])]
    diff: bool,
    /// Rewrite the files in place.
    #[arg(long, conflicts_with = "json")]
    write: bool,
    /// Print, per file, the rewrite and the fixes applied and skipped as
    /// JSON.
    #[arg(long)]
    json: bool,
    /// Apply only the fixes of these rules (codes or names, comma-separated,
    /// repeatable).
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    only: Vec<String>,
    /// Apply only safe fixes (same behaviour), no suggested ones.
    #[arg(long)]
    safe_only: bool,
    /// Reject a suggestion by its id, `CODE@LINE` (repeatable).
    #[arg(long, value_name = "CODE@LINE")]
    reject: Vec<String>,
    /// Apply a risky (manual) fix that has an edit, by its id, `CODE@LINE`
    /// (repeatable): never applied otherwise.
    #[arg(long, value_name = "CODE@LINE")]
    accept: Vec<String>,
    /// No summary on stderr.
    #[arg(long, short = 'q')]
    quiet: bool,
    #[command(flatten)]
    config: ConfigArgs,
    /// Dockerfiles, directories (searched for Dockerfiles, honouring
    /// `.gitignore`) or globs to fix; `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    files: Vec<String>,
}

/// One file's result, as `--json` prints it.
#[derive(Serialize)]
struct Report<'a> {
    file: &'a str,
    changed: bool,
    syntax_errors_before: usize,
    syntax_errors_after: usize,
    #[serde(flatten)]
    outcome: &'a FixOutcome,
}

pub fn run(args: Args) -> ExitCode {
    let loaded = match args.config.load() {
        Ok(l) => l,
        Err(message) => return usage(&message),
    };
    for code in &args.only {
        if drydock_core::rules::find(code.trim()).is_none() {
            return usage(&format!(
                "--only {code:?}: no such rule (see `drydock rules`)"
            ));
        }
    }
    let files = match crate::discover::expand(&args.files) {
        Ok(files) => files,
        Err(message) => return usage(&message),
    };
    let printing = !args.diff && !args.write && !args.json;
    if printing && files.len() > 1 {
        return usage(
            "printing the rewrite takes one file; use --diff, --write or --json for several",
        );
    }
    if args.write && files.iter().any(|f| f == "-") {
        return usage("--write cannot rewrite standard input");
    }
    let choices = Choices {
        safe_only: args.safe_only,
        only: args.only.iter().map(|c| c.trim().to_string()).collect(),
        rejected: args
            .reject
            .iter()
            .map(|r| drydock_core::fix::SuggestionId(r.trim().to_string()))
            .collect(),
        accepted: args
            .accept
            .iter()
            .map(|r| drydock_core::fix::SuggestionId(r.trim().to_string()))
            .collect(),
    };

    let config = &loaded.config;
    let mut failed = false;
    let mut differs = false;
    let ignore_cache = Default::default();
    let mut reports: Vec<(String, bool, FixOutcome, usize, usize)> = Vec::new();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let fix_one = |text: &str, dockerignore: Option<&str>| {
        fix_all_with(text, config, &Inputs { dockerignore }, &choices)
    };
    // Read every file first, then fix them on every core, and report in
    // the order given. With --write and a file named twice, one after the
    // other instead: the second must read the first's rewrite.
    let mut seen = HashSet::new();
    let ahead = !args.write || files.iter().all(|p| seen.insert(p));
    type Read = Result<(String, Option<String>), String>;
    let mut read: Vec<Read> = Vec::new();
    if ahead {
        for path in &files {
            read.push(read_input(path).map(|t| (t, dockerignore_for(path, &ignore_cache))));
        }
    }
    let fixed = crate::parallel::map(&read, |r| {
        r.as_ref()
            .ok()
            .map(|(text, dockerignore)| fix_one(text, dockerignore.as_deref()))
    });
    let mut ready = read.into_iter().zip(fixed);
    for path in &files {
        let (text, outcome) = match ready.next() {
            Some((Ok((text, _)), Some(outcome))) => (text, outcome),
            Some((Err(message), _)) => {
                eprintln!("drydock: {message}");
                failed = true;
                continue;
            }
            Some((Ok(_), None)) => unreachable!("every file read is fixed"),
            None => match read_input(path) {
                Ok(text) => {
                    let dockerignore = dockerignore_for(path, &ignore_cache);
                    let outcome = fix_one(&text, dockerignore.as_deref());
                    (text, outcome)
                }
                Err(message) => {
                    eprintln!("drydock: {message}");
                    failed = true;
                    continue;
                }
            },
        };
        if !args.quiet {
            summarize(path, &outcome);
        }
        let changed = outcome.changed(&text);
        differs |= changed || !outcome.files.is_empty();
        let written = if args.json {
            let before = syntax::parse(&text).errors.len();
            let after = syntax::parse(&outcome.text).errors.len();
            reports.push((path.clone(), changed, outcome, before, after));
            Ok(())
        } else if args.diff {
            write_diff(&mut out, path, &text, &outcome)
        } else if args.write {
            if changed {
                if let Err(e) = write_atomically(Path::new(path), &outcome.text) {
                    eprintln!("drydock: cannot write {path}: {e}");
                    failed = true;
                    continue;
                }
            }
            create_extra_files(path, &outcome.files, &mut failed);
            Ok(())
        } else {
            if !outcome.files.is_empty() && !args.quiet {
                for f in &outcome.files {
                    eprintln!(
                        "drydock: {path}: the fixes also create {} (not written; see it with --diff, create it with --write)",
                        f.path
                    );
                }
            }
            out.write_all(outcome.text.as_bytes())
        };
        if let Err(e) = written {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return ExitCode::SUCCESS;
            }
            eprintln!("drydock: cannot write output: {e}");
            return ExitCode::from(2);
        }
    }
    if args.json {
        let list: Vec<Report> = reports
            .iter()
            .map(|(file, changed, outcome, before, after)| Report {
                file,
                changed: *changed,
                syntax_errors_before: *before,
                syntax_errors_after: *after,
                outcome,
            })
            .collect();
        let printed = serde_json::to_writer_pretty(&mut out, &list)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out));
        if let Err(e) = printed {
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                eprintln!("drydock: cannot write output: {e}");
                return ExitCode::from(2);
            }
        }
    }
    if failed {
        ExitCode::from(2)
    } else if args.diff && differs {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn usage(message: &str) -> ExitCode {
    eprintln!("drydock: {message}");
    ExitCode::from(2)
}

/// What was applied, and what is left for a human, on stderr.
fn summarize(path: &str, outcome: &FixOutcome) {
    let mut lines = Vec::new();
    // Other codes reporting the same problem.
    let also = |codes: &[drydock_core::Code]| -> String {
        if codes.len() > 1 {
            format!(" [also {}]", codes[1..].join(", "))
        } else {
            String::new()
        }
    };
    for a in &outcome.applied {
        lines.push(format!(
            "  fixed   {:<14} {} ({}){}",
            a.id.as_str(),
            a.fix_message,
            applicability(a.applicability),
            also(&a.codes)
        ));
    }
    for s in &outcome.skipped {
        let why = match s.reason {
            Skip::Manual => "needs a human",
            Skip::NotSelected => "not selected (--only)",
            Skip::NotSafe => "suggested, not applied (--safe-only)",
            Skip::Rejected => "rejected",
            Skip::BreaksSyntax => "dropped: it would break the syntax",
            Skip::LosesCommand => "dropped: a command would be lost (a bug; please report it)",
            Skip::Risky => "risky, not applied unless accepted (--accept ID)",
            Skip::InvalidEdits => "dropped: invalid edits (a bug; please report it)",
            Skip::AddsFindings => "dropped: it would add a finding no fix removes",
            Skip::Unchecked => {
                "not applied: the file's fixes interfere and checking them all would take too long"
            }
        };
        lines.push(format!(
            "  {why}: {:<14} {}{}",
            s.id.as_str(),
            s.fix_message,
            also(&s.codes)
        ));
        if let (Skip::Risky, Some(risk)) = (s.reason, &s.risk) {
            lines.push(format!("      risk: {risk}"));
        }
    }
    if !outcome.converged {
        lines.push(
            "  warning: fixes were still being applied when the round limit was reached".into(),
        );
    }
    if lines.is_empty() {
        eprintln!("drydock: {path}: nothing to fix");
    } else {
        let n = outcome.applied.len();
        let fixes = if n == 1 { "fix" } else { "fixes" };
        eprintln!("drydock: {path}: {n} {fixes} applied");
        for l in lines {
            eprintln!("{l}");
        }
    }
}

fn applicability(a: Applicability) -> &'static str {
    match a {
        Applicability::Safe => "safe",
        Applicability::Suggested => "suggested",
        Applicability::Manual => "manual",
    }
}

fn write_diff(
    out: &mut impl Write,
    path: &str,
    text: &str,
    outcome: &FixOutcome,
) -> std::io::Result<()> {
    let name = if path == "-" { "stdin" } else { path };
    if outcome.text != text {
        let diff = similar::TextDiff::from_lines(text, &outcome.text);
        write!(
            out,
            "{}",
            diff.unified_diff()
                .context_radius(3)
                .header(&format!("a/{name}"), &format!("b/{name}"))
        )?;
    }
    for f in &outcome.files {
        let target =
            extra_path(path, f).map_or_else(|| f.path.clone(), |p| p.display().to_string());
        let diff = similar::TextDiff::from_lines("", &f.contents);
        write!(
            out,
            "{}",
            diff.unified_diff()
                .context_radius(3)
                .header("/dev/null", &format!("b/{target}"))
        )?;
    }
    Ok(())
}

/// Where an extra file goes: beside the Dockerfile. Only plain file names
/// are accepted (no directories, no `..`).
fn extra_path(dockerfile: &str, file: &ExtraFile) -> Option<PathBuf> {
    let name = Path::new(&file.path);
    let plain = name.components().count() == 1
        && matches!(
            name.components().next(),
            Some(std::path::Component::Normal(_))
        );
    if !plain || dockerfile == "-" {
        return None;
    }
    let dir = Path::new(dockerfile).parent().unwrap_or(Path::new(""));
    Some(dir.join(name))
}

/// Create the extra files of a fix beside the Dockerfile, never over an
/// existing file; a `.dockerignore` only when no ignore file applies.
fn create_extra_files(dockerfile: &str, files: &[ExtraFile], failed: &mut bool) {
    for f in files {
        let Some(target) = extra_path(dockerfile, f) else {
            eprintln!(
                "drydock: {dockerfile}: not creating {:?}: not a plain file name",
                f.path
            );
            continue;
        };
        if f.path == ".dockerignore" {
            if let Some(existing) = dockerignore_paths(dockerfile).iter().find(|p| p.exists()) {
                eprintln!(
                    "drydock: {dockerfile}: {} exists; not creating {}",
                    existing.display(),
                    target.display()
                );
                continue;
            }
        }
        let created = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&target)
            .and_then(|mut file| file.write_all(f.contents.as_bytes()));
        match created {
            Ok(()) => eprintln!(
                "drydock: {dockerfile}: created {} (review it: it decides what the build can see)",
                target.display()
            ),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => eprintln!(
                "drydock: {dockerfile}: {} exists; not overwritten",
                target.display()
            ),
            Err(e) => {
                eprintln!("drydock: cannot create {}: {e}", target.display());
                *failed = true;
            }
        }
    }
}

/// Replace `path`'s contents with `text` atomically: write a temporary file
/// in the same directory, give it the original's permissions, rename it
/// over the original. A symlink is followed: its target is rewritten.
pub(crate) fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let real = std::fs::canonicalize(path)?;
    let permissions = std::fs::metadata(&real)?.permissions();
    let dir = real.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".drydock-fix-")
        .tempfile_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    std::fs::set_permissions(tmp.path(), permissions)?;
    tmp.persist(&real).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("drydock-extra-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    fn ignore_file() -> ExtraFile {
        ExtraFile {
            path: ".dockerignore".into(),
            contents: ".git\nnode_modules\n".into(),
        }
    }

    #[test]
    fn creates_a_dockerignore_only_when_none_applies() {
        let d = dir("create");
        let dockerfile = d.join("Dockerfile").to_str().unwrap().to_string();
        let mut failed = false;
        create_extra_files(&dockerfile, &[ignore_file()], &mut failed);
        assert!(!failed);
        assert_eq!(
            std::fs::read_to_string(d.join(".dockerignore")).unwrap(),
            ".git\nnode_modules\n"
        );
        // Never overwritten.
        std::fs::write(d.join(".dockerignore"), "mine\n").unwrap();
        create_extra_files(&dockerfile, &[ignore_file()], &mut failed);
        assert_eq!(
            std::fs::read_to_string(d.join(".dockerignore")).unwrap(),
            "mine\n"
        );
        // A per-Dockerfile ignore file counts as one.
        let e = dir("own");
        let api = e.join("api.Dockerfile").to_str().unwrap().to_string();
        std::fs::write(e.join("api.Dockerfile.dockerignore"), "x\n").unwrap();
        create_extra_files(&api, &[ignore_file()], &mut failed);
        assert!(!e.join(".dockerignore").exists());
        assert!(!failed);
    }

    #[test]
    fn only_plain_file_names_beside_the_dockerfile() {
        for path in ["../x", "/etc/x", "a/b", ".", ""] {
            let f = ExtraFile {
                path: path.into(),
                contents: String::new(),
            };
            assert_eq!(extra_path("dir/Dockerfile", &f), None, "{path}");
        }
        assert_eq!(
            extra_path("dir/Dockerfile", &ignore_file()),
            Some(PathBuf::from("dir/.dockerignore"))
        );
        assert_eq!(extra_path("-", &ignore_file()), None);
    }

    #[test]
    fn diff_shows_extra_files_as_new() {
        let outcome = FixOutcome {
            text: "FROM scratch\n".into(),
            applied: Vec::new(),
            skipped: Vec::new(),
            files: vec![ignore_file()],
            rounds: 1,
            converged: true,
        };
        let mut out = Vec::new();
        write_diff(&mut out, "app/Dockerfile", "FROM scratch\n", &outcome).unwrap();
        let diff = String::from_utf8(out).unwrap();
        assert_eq!(
            diff,
            "--- /dev/null\n+++ b/app/.dockerignore\n@@ -0,0 +1,2 @@\n+.git\n+node_modules\n"
        );
    }
}

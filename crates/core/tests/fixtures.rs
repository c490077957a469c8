//! Per-rule fixtures and their snapshots (as ruff does).
//!
//! `tests/fixtures/<CODE>.Dockerfile` holds a rule's cases, each starting
//! at a `# -- bad: <what>` or `# -- good: <what>` line and linted on its
//! own (with `<CODE>.json`, a `Config`, and `<CODE>.dockerignore` beside
//! it when the rule needs them). For each fixture one snapshot,
//! `tests/snapshots/fixtures__<CODE>.snap`, records what the rule reports
//! on every case and the text its fixes give (`drydock fix --only CODE`).
//! A bad case must be reported and a good one must not, whatever the
//! snapshot says.
//!
//! Run one rule's: `FIXTURE=DL3015 cargo test -p drydock-core --test
//! fixtures`. After a deliberate change, review and accept the new
//! snapshots with `cargo insta review` (or run with `INSTA_UPDATE=always`
//! and read `git diff tests/snapshots`).

use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use drydock_core::fix::{fix_all_with, Applicability, Choices};
use drydock_core::rules::{self, FixAvailability};
use drydock_core::{lint_with, Config, Inputs};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn snapshots_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots")
}

/// The fixtures, by code, sorted. Fails when the folder is missing.
fn fixtures() -> Vec<(String, PathBuf)> {
    let dir = fixtures_dir();
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| {
        panic!(
            "{}: {e}: the rule fixtures are part of the repository",
            dir.display()
        )
    });
    let mut out: Vec<(String, PathBuf)> = entries
        .map(|e| e.expect("directory entry").path())
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?;
            let code = name.strip_suffix(".Dockerfile")?.to_string();
            Some((code, p))
        })
        .collect();
    out.sort();
    out
}

struct Case {
    bad: bool,
    title: String,
    text: String,
}

/// The cases of a fixture: the text after each `# -- bad:` / `# --
/// good:` line up to the next one (what comes before the first is a
/// header).
fn cases(fixture: &str) -> Vec<Case> {
    let mut out: Vec<Case> = Vec::new();
    for line in fixture.split_inclusive('\n') {
        let marker = line
            .strip_prefix("# -- bad:")
            .map(|t| (true, t))
            .or_else(|| line.strip_prefix("# -- good:").map(|t| (false, t)));
        match (marker, out.last_mut()) {
            (Some((bad, title)), _) => out.push(Case {
                bad,
                title: title.trim().to_string(),
                text: String::new(),
            }),
            (None, Some(case)) => case.text.push_str(line),
            (None, None) => {}
        }
    }
    for case in &mut out {
        let trimmed = case.text.trim_end_matches('\n').len();
        case.text.truncate(trimmed);
        case.text.push('\n');
    }
    out
}

fn applicability(a: Applicability) -> &'static str {
    match a {
        Applicability::Safe => "safe",
        Applicability::Suggested => "suggested",
        Applicability::Manual => "manual",
    }
}

/// The snapshot of one fixture, and the cases that broke the bad/good
/// contract.
fn render(code: &str, path: &Path) -> (String, Vec<String>) {
    let fixture =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let config: Config = match std::fs::read_to_string(path.with_extension("json")) {
        Ok(json) => serde_json::from_str(&json)
            .unwrap_or_else(|e| panic!("{code}.json is not a Config: {e}")),
        Err(_) => Config::default(),
    };
    let dockerignore = std::fs::read_to_string(path.with_extension("dockerignore")).ok();
    let inputs = Inputs {
        dockerignore: dockerignore.as_deref(),
    };
    let choices = Choices {
        only: vec![code.to_string()],
        ..Choices::all()
    };
    let cases = cases(&fixture);
    let mut broken = Vec::new();
    if !cases.iter().any(|c| c.bad) || !cases.iter().any(|c| !c.bad) {
        broken.push(format!("{code}: needs at least one bad and one good case"));
    }
    let mut out = String::new();
    for case in &cases {
        let kind = if case.bad { "bad" } else { "good" };
        writeln!(out, "### {kind}: {}", case.title).unwrap();
        let found: Vec<_> = lint_with(&case.text, &config, &inputs)
            .into_iter()
            .filter(|d| d.code == code)
            .collect();
        if case.bad == found.is_empty() {
            broken.push(format!(
                "{code}: {kind} case `{}` {}",
                case.title,
                if case.bad { "not reported" } else { "reported" }
            ));
        }
        if found.is_empty() {
            writeln!(out, "no finding").unwrap();
        }
        for d in &found {
            writeln!(
                out,
                "{}:{}-{}:{} {} {}",
                d.start.line, d.start.column, d.end.line, d.end.column, d.severity, d.message
            )
            .unwrap();
            match &d.fix {
                Some(fix) => {
                    let edits = if fix.edits.is_empty() && fix.files.is_empty() {
                        ", no edit"
                    } else {
                        ""
                    };
                    writeln!(
                        out,
                        "  fix ({}{edits}): {}",
                        applicability(fix.applicability),
                        fix.message
                    )
                    .unwrap();
                    if let Some(risk) = &fix.risk {
                        writeln!(out, "  risk: {risk}").unwrap();
                    }
                }
                None => writeln!(out, "  no fix").unwrap(),
            }
        }
        let outcome = fix_all_with(&case.text, &config, &inputs, &choices);
        if outcome.changed(&case.text) {
            writeln!(out, "fixed:").unwrap();
            for line in outcome.text.lines() {
                writeln!(out, "  | {line}").unwrap();
            }
        }
        for file in &outcome.files {
            writeln!(out, "creates {}:", file.path).unwrap();
            for line in file.contents.lines() {
                writeln!(out, "  | {line}").unwrap();
            }
        }
        out.push('\n');
    }
    (out, broken)
}

#[test]
fn every_fixing_rule_has_a_fixture() {
    let have: Vec<String> = fixtures().into_iter().map(|(c, _)| c).collect();
    for (code, _) in fixtures() {
        assert!(
            rules::find(&code).is_some_and(|r| r.code == code),
            "fixture {code}.Dockerfile names no rule (use the rule's code)"
        );
    }
    let missing: Vec<&str> = rules::RULES
        .iter()
        .filter(|r| r.fix != FixAvailability::Never)
        .map(|r| r.code)
        .filter(|c| !have.iter().any(|h| h == c))
        .collect();
    assert!(
        missing.is_empty(),
        "rules with a fix and no fixture in tests/fixtures: {missing:?}"
    );
    // A snapshot without its fixture is stale.
    if let Ok(entries) = std::fs::read_dir(snapshots_dir()) {
        for entry in entries {
            let name = entry.expect("entry").file_name();
            let name = name.to_string_lossy();
            if let Some(code) = name
                .strip_prefix("fixtures__")
                .and_then(|n| n.strip_suffix(".snap"))
            {
                assert!(
                    have.iter().any(|h| h == code),
                    "snapshot {name} has no fixture"
                );
            }
        }
    }
}

/// Every fixture against its snapshot; all differences are reported, not
/// only the first. `FIXTURE=DL3015` checks one.
#[test]
fn fixtures_match_their_snapshots() {
    let only = std::env::var("FIXTURE").ok();
    let all = fixtures();
    assert!(
        all.len() >= 50,
        "only {} fixtures in {}",
        all.len(),
        fixtures_dir().display()
    );
    let mut failed = Vec::new();
    let mut checked = 0;
    for (code, path) in &all {
        if only
            .as_deref()
            .is_some_and(|o| !o.eq_ignore_ascii_case(code))
        {
            continue;
        }
        checked += 1;
        let (snapshot, broken) = render(code, path);
        failed.extend(broken);
        let result = catch_unwind(AssertUnwindSafe(|| {
            insta::with_settings!({
                snapshot_path => snapshots_dir(),
                prepend_module_to_snapshot => true,
                omit_expression => true,
                description => format!("tests/fixtures/{code}.Dockerfile"),
            }, {
                insta::assert_snapshot!(code.as_str(), snapshot);
            });
        }));
        if result.is_err() {
            failed.push(format!("{code}: snapshot differs (see above)"));
        }
    }
    assert!(checked > 0, "FIXTURE={only:?} names no fixture");
    assert!(failed.is_empty(), "fixtures failed:\n{}", failed.join("\n"));
}

#[test]
fn cases_are_split_at_markers() {
    let c = cases("# header\n\n# -- bad: one\nFROM a\n\n# -- good: two\nFROM b\nRUN x\n");
    assert_eq!(c.len(), 2);
    assert!(c[0].bad && !c[1].bad);
    assert_eq!(
        (c[0].title.as_str(), c[0].text.as_str()),
        ("one", "FROM a\n")
    );
    assert_eq!(c[1].text, "FROM b\nRUN x\n");
}

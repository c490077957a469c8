//! The BuildKit checks' safe fixes over the 1,919 real Dockerfiles of the
//! shared corpus (`../shared/corpus/files`): applied to a fixed point,
//! they never add a syntax error, leave no finding a safe fix could have
//! removed, and keep every `ENV` and `LABEL` value exactly (the
//! LegacyKeyValueFormat fix requotes values; the MaintainerDeprecated fix
//! moves a `MAINTAINER`'s text to a label).

use drydock_core::fix::{fix_all, Applicability, Choices};
use drydock_core::rules::{Source, RULES};
use drydock_core::syntax::{parse, Body};
use drydock_core::{lint, Config, Diagnostic};

#[path = "support/shared.rs"]
mod shared;

fn buildkit_codes() -> Vec<String> {
    RULES
        .iter()
        .filter(|r| r.source == Source::Buildkit)
        .map(|r| r.code.to_string())
        .collect()
}

fn safe_buildkit_findings(text: &str, codes: &[String]) -> Vec<Diagnostic> {
    lint(text, &Config::default())
        .into_iter()
        .filter(|d| codes.iter().any(|c| *c == d.code))
        .filter(|d| {
            d.fix
                .as_ref()
                .is_some_and(|f| f.applicability == Applicability::Safe)
        })
        .collect()
}

/// Every `ENV` and `LABEL` pair as BuildKit reads it: key and unquoted
/// value, in order. A `MAINTAINER` counts as the label its safe fix
/// (MaintainerDeprecated's) writes, with its text exactly.
fn key_values(text: &str) -> Vec<(String, String)> {
    let file = parse(text);
    let mut out = Vec::new();
    for inst in &file.instructions {
        match &inst.body {
            Body::Env(pairs) | Body::Label(pairs) => {
                for kv in pairs {
                    let value = kv.value.as_ref().map(|v| v.unquoted(file.escape));
                    out.push((kv.key.unquoted(file.escape), value.unwrap_or_default()));
                }
            }
            Body::Maintainer(who) => out.push((
                "org.opencontainers.image.authors".to_string(),
                who.text.trim().to_string(),
            )),
            _ => {}
        }
    }
    out
}

#[test]
fn safe_fixes_over_the_corpus() {
    let Some(dir) = shared::path("corpus/files") else {
        return;
    };
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    paths.sort();
    assert!(paths.len() >= 1900, "corpus has {} files", paths.len());
    let codes = buildkit_codes();
    let choices = Choices {
        safe_only: true,
        only: codes.clone(),
        ..Choices::default()
    };
    let (mut fixed_files, mut applied) = (0, 0);
    let mut failures = Vec::new();
    for path in &paths {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        if safe_buildkit_findings(&text, &codes).is_empty() {
            continue;
        }
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let outcome = fix_all(&text, &Config::default(), &choices);
        fixed_files += 1;
        applied += outcome.applied.len();
        if outcome.dropped().next().is_some() {
            failures.push(format!("{name}: a fix would break the syntax"));
        }
        if parse(&text).errors.is_empty() && !parse(&outcome.text).errors.is_empty() {
            failures.push(format!("{name}: syntax errors after fixing"));
        }
        let left = safe_buildkit_findings(&outcome.text, &codes);
        if outcome.converged && !left.is_empty() {
            failures.push(format!("{name}: still fixable after fixing: {left:?}"));
        }
        if key_values(&text) != key_values(&outcome.text) {
            failures.push(format!("{name}: an ENV or LABEL value changed"));
        }
    }
    eprintln!("corpus: {applied} safe BuildKit fixes applied in {fixed_files} files");
    assert!(fixed_files > 500, "only {fixed_files} files had safe fixes");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

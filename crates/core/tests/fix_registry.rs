//! What the registry says about fixes, checked against what the rules do.
//!
//! A rule's `fix` metadata (`Never`, `Sometimes`, `Always`) says whether it
//! can offer an edit. These tests keep that honest, and count the rules
//! that fix, from the registry itself.

use drydock_core::fix::{fix_all, Applicability, Choices};
use drydock_core::rules::{FixAvailability, Source, RULES};
use drydock_core::{lint, Config};

/// The ```dockerfile blocks under `heading` in a rule's docs.
fn examples<'d>(docs: &'d str, heading: &str) -> Vec<&'d str> {
    let Some(start) = docs.find(heading) else {
        return Vec::new();
    };
    let rest = &docs[start + heading.len()..];
    let section = &rest[..rest.find("\n## ").unwrap_or(rest.len())];
    section
        .split("```dockerfile\n")
        .skip(1)
        .filter_map(|block| block.split("```").next())
        .collect()
}

/// Whether linting `text` gives a finding of `code` with an edit to apply
/// (or a file to write beside the Dockerfile, DD003's `.dockerignore`).
fn offers_edit(text: &str, code: &str) -> bool {
    lint(text, &Config::default()).iter().any(|d| {
        d.code == code
            && d.fix.as_ref().is_some_and(|f| {
                (!f.edits.is_empty() || !f.files.is_empty())
                    && f.applicability != Applicability::Manual
            })
    })
}

/// Whether the fixes of `code` on `text` only write files (the finding
/// stays in the text until the file is given back as an input).
fn files_only(text: &str, code: &str) -> bool {
    lint(text, &Config::default()).iter().any(|d| {
        d.code == code
            && d.fix
                .as_ref()
                .is_some_and(|f| f.edits.is_empty() && !f.files.is_empty())
    })
}

fn fixing_rules() -> Vec<&'static drydock_core::rules::Rule> {
    RULES
        .iter()
        .copied()
        .filter(|r| r.fix != FixAvailability::Never)
        .collect()
}

/// A rule that says it can fix does so on one of its documented bad
/// examples (and the fix removes that finding); a rule that says it never
/// fixes offers no edit on them.
#[test]
fn fix_metadata_matches_the_documented_examples() {
    let mut wrong = Vec::new();
    for rule in RULES {
        let bad = examples(rule.docs, "## Example");
        let edits = bad.iter().filter(|t| offers_edit(t, rule.code)).count();
        match rule.fix {
            FixAvailability::Never if edits > 0 => {
                wrong.push(format!("{}: says Never, offers an edit", rule.code));
            }
            FixAvailability::Sometimes | FixAvailability::Always if edits == 0 => {
                wrong.push(format!(
                    "{}: says it fixes, no documented example gets an edit",
                    rule.code
                ));
            }
            FixAvailability::Always if edits < bad.len() => {
                wrong.push(format!(
                    "{}: says Always, an example gets no edit",
                    rule.code
                ));
            }
            _ => {}
        }
        for text in bad
            .iter()
            .filter(|t| offers_edit(t, rule.code) && !files_only(t, rule.code))
        {
            let only = Choices {
                only: vec![rule.code.to_string()],
                ..Choices::all()
            };
            let out = fix_all(text, &Config::default(), &only);
            let left = lint(&out.text, &Config::default())
                .into_iter()
                .filter(|d| d.code == rule.code)
                .count();
            let was = lint(text, &Config::default())
                .into_iter()
                .filter(|d| d.code == rule.code)
                .count();
            if left >= was {
                wrong.push(format!(
                    "{}: its fix leaves the example's findings ({was} → {left}):\n{}",
                    rule.code, out.text
                ));
            }
        }
    }
    let fixing = fixing_rules();
    eprintln!(
        "rules with fixes: {} of {} (hadolint {}, buildkit {}, drydock {})",
        fixing.len(),
        RULES.len(),
        fixing
            .iter()
            .filter(|r| r.source == Source::Hadolint)
            .count(),
        fixing
            .iter()
            .filter(|r| r.source == Source::Buildkit)
            .count(),
        fixing
            .iter()
            .filter(|r| r.source == Source::Drydock)
            .count(),
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The project's goal (issue 7): at least 40 rules, of all sources, offer
/// fixes. Counted from the registry metadata (kept honest by the test
/// above).
#[test]
fn at_least_40_rules_offer_fixes() {
    let fixing = fixing_rules();
    let codes: Vec<&str> = fixing.iter().map(|r| r.code).collect();
    assert!(
        fixing.len() >= 40,
        "{} rules with fixes: {codes:?}",
        fixing.len()
    );
}

/// Every rule that can edit states the fix's behavioural contract in its
/// docs: a `## Fix` section before `## Example`, naming its
/// applicability (*Safe*, *Suggested*) and saying what changes in the
/// image, what must hold, and what the fix checks. And the applicability
/// it names is one the rule's documented examples really get (or a
/// weaker one: the docs may say "suggested, or offered as a risk").
#[test]
fn every_fix_states_its_contract() {
    let mut wrong = Vec::new();
    for rule in fixing_rules() {
        let docs = rule.docs;
        let Some(at) = docs.find("\n## Fix\n") else {
            wrong.push(format!("{}: no `## Fix` section", rule.code));
            continue;
        };
        let section = &docs[at + 1..];
        let section = &section[..section[1..].find("\n## ").map_or(section.len(), |i| i + 1)];
        if docs.find("\n## Example").is_some_and(|e| e < at) {
            wrong.push(format!("{}: `## Fix` comes after `## Example`", rule.code));
        }
        for label in [
            "**What changes in the image:**",
            "**What must hold:**",
            "**What the fix checks:**",
        ] {
            if !section.contains(label) {
                wrong.push(format!("{}: `## Fix` lacks {label}", rule.code));
            }
        }
        let named: Vec<Applicability> = [
            ("*Safe", Applicability::Safe),
            ("*safe", Applicability::Safe),
            ("*Suggested", Applicability::Suggested),
            ("*suggested", Applicability::Suggested),
        ]
        .into_iter()
        .filter(|(word, _)| section.contains(word))
        .map(|(_, a)| a)
        .collect();
        if named.is_empty() {
            wrong.push(format!("{}: `## Fix` names no applicability", rule.code));
            continue;
        }
        // What the documented bad examples get must be named.
        for text in examples(docs, "## Example") {
            for d in lint(text, &Config::default())
                .iter()
                .filter(|d| d.code == rule.code)
            {
                let Some(f) = &d.fix else { continue };
                let edits = !f.edits.is_empty() || !f.files.is_empty();
                if edits
                    && f.applicability != Applicability::Manual
                    && !named.contains(&f.applicability)
                {
                    wrong.push(format!(
                        "{}: an example gets a {:?} fix, the contract does not say so",
                        rule.code, f.applicability
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

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

/// Whether linting `text` gives a finding of `code` with an edit to apply.
fn offers_edit(text: &str, code: &str) -> bool {
    lint(text, &Config::default()).iter().any(|d| {
        d.code == code
            && d.fix
                .as_ref()
                .is_some_and(|f| !f.edits.is_empty() && f.applicability != Applicability::Manual)
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
        for text in bad.iter().filter(|t| offers_edit(t, rule.code)) {
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

//! BuildKit's own documentation of its build checks
//! (`../shared/conformance/buildkit-checks/<Check>.md`): every example
//! marked ❌ must be reported under the check's name, and no example
//! marked ✅ may be.
//!
//! The documents are read at test time and the examples counted, so the
//! test cannot pass on an empty or missing folder: a missing folder is a
//! failure, not a skip.
//!
//! Examples that need more than the Dockerfile get it here, explained
//! where it is given:
//! - CopyIgnoredFile needs the `.dockerignore` the document shows;
//! - InvalidDefinitionDescription is experimental in BuildKit: it runs
//!   only when `# check=experimental=InvalidDefinitionDescription` (or
//!   `all`) enables it, so its examples are checked with that directive.

use std::path::PathBuf;

use drydock_core::rules::{self, Source};
use drydock_core::{lint_with, Config, Inputs};

#[path = "support/shared.rs"]
mod shared;

/// The examples in the documents, counted when this test was written. A
/// changed document must change this number on purpose.
const EXAMPLES: usize = 58;

/// The checks BuildKit documents.
const CHECKS: usize = 21;

fn docs_dir() -> PathBuf {
    shared::root().join("conformance/buildkit-checks")
}

#[derive(Debug)]
struct Example {
    check: String,
    bad: bool,
    text: String,
    /// The ```text block after "With the given `.dockerignore` file:".
    dockerignore: Option<String>,
}

/// The ❌ / ✅ examples of one document: each verdict line applies to the
/// next ```dockerfile block.
fn examples(check: &str, doc: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut verdict: Option<bool> = None;
    let mut dockerignore: Option<String> = None;
    let mut want_ignore = false;
    let mut lines = doc.lines();
    while let Some(line) = lines.next() {
        if line.starts_with('❌') {
            verdict = Some(true);
        } else if line.starts_with('✅') {
            verdict = Some(false);
        } else if line.contains("`.dockerignore` file") {
            want_ignore = true;
        }
        let block = match line.trim_end() {
            "```dockerfile" => verdict.take().map(|bad| (bad, true)),
            "```text" if want_ignore => {
                want_ignore = false;
                Some((false, false))
            }
            _ => None,
        };
        let Some((bad, is_example)) = block else {
            continue;
        };
        let mut text = String::new();
        for l in lines.by_ref() {
            if l.trim_end() == "```" {
                break;
            }
            text.push_str(l);
            text.push('\n');
        }
        if is_example {
            out.push(Example {
                check: check.to_string(),
                bad,
                text,
                dockerignore: dockerignore.clone(),
            });
        } else {
            dockerignore = Some(text);
        }
    }
    out
}

fn all_examples() -> Option<Vec<Example>> {
    shared::path("conformance/buildkit-checks")?;
    let dir = docs_dir();
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| {
        panic!(
            "{}: {e}: the BuildKit check documents are part of the shared material",
            dir.display()
        )
    });
    let mut docs: Vec<PathBuf> = entries
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    docs.sort();
    assert_eq!(docs.len(), CHECKS, "documents in {}", dir.display());
    let mut out = Vec::new();
    for path in docs {
        let check = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("UTF-8 file name")
            .to_string();
        let doc = std::fs::read_to_string(&path).expect("readable document");
        out.extend(examples(&check, &doc));
    }
    Some(out)
}

/// The codes `text` is reported under, with the example's context.
fn reported(text: &str, dockerignore: Option<&str>) -> Vec<String> {
    lint_with(text, &Config::default(), &Inputs { dockerignore })
        .into_iter()
        .map(|d| d.code.to_string())
        .collect()
}

/// The Dockerfile and `.dockerignore` an example is checked with.
fn context(example: &Example) -> (String, Option<String>) {
    match example.check.as_str() {
        "InvalidDefinitionDescription" => (
            format!(
                "# check=experimental=InvalidDefinitionDescription\n{}",
                example.text
            ),
            None,
        ),
        // The document's `.dockerignore` is `*/tmp/*`, but its ❌ example
        // copies `./tmp/helloworld.txt`: under Docker's pattern matcher
        // (moby/patternmatcher, which BuildKit uses) `*` is exactly one
        // path component, so `*/tmp/*` does not exclude
        // `tmp/helloworld.txt` and BuildKit itself would not warn
        // (`doc_dockerignore_matches_like_buildkit` checks that we agree).
        // The example means "tmp/ is ignored": we add `tmp/*`.
        "CopyIgnoredFile" => {
            let doc = example.dockerignore.clone().unwrap_or_default();
            (example.text.clone(), Some(format!("{doc}tmp/*\n")))
        }
        _ => (example.text.clone(), None),
    }
}

#[test]
fn every_documented_example_agrees() {
    let Some(examples) = all_examples() else {
        return;
    };
    assert_eq!(examples.len(), EXAMPLES, "examples found in the documents");
    let mut failures = Vec::new();
    for example in &examples {
        let registered = rules::find(&example.check)
            .is_some_and(|r| r.code == example.check && r.source == Source::Buildkit);
        if !registered {
            failures.push(format!("{}: no such BuildKit check", example.check));
            continue;
        }
        let (text, dockerignore) = context(example);
        let codes = reported(&text, dockerignore.as_deref());
        let hit = codes.contains(&example.check);
        if hit != example.bad {
            failures.push(format!(
                "{} {} example {}:\n{text}",
                example.check,
                if example.bad { "❌" } else { "✅" },
                if example.bad {
                    "not reported"
                } else {
                    "reported"
                },
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} examples disagree:\n{}",
        failures.len(),
        examples.len(),
        failures.join("\n")
    );
}

#[test]
fn every_check_has_bad_and_good_examples() {
    let Some(examples) = all_examples() else {
        return;
    };
    let mut checks: Vec<&str> = examples.iter().map(|e| e.check.as_str()).collect();
    checks.dedup();
    assert_eq!(checks.len(), CHECKS);
    for check in checks {
        let of = |bad| {
            examples
                .iter()
                .filter(|e| e.check == check && e.bad == bad)
                .count()
        };
        assert!(of(true) > 0 && of(false) > 0, "{check}");
    }
}

/// With the document's own `.dockerignore` (`*/tmp/*`), neither example
/// copies an ignored file, as BuildKit's matcher decides; a file one
/// directory deeper is.
#[test]
fn doc_dockerignore_matches_like_buildkit() {
    let Some(examples) = all_examples() else {
        return;
    };
    let copy: Vec<&Example> = examples
        .iter()
        .filter(|e| e.check == "CopyIgnoredFile")
        .collect();
    assert_eq!(copy.len(), 2);
    let doc = copy[0].dockerignore.as_deref();
    assert_eq!(doc, Some("*/tmp/*\n"));
    for e in &copy {
        assert!(!reported(&e.text, doc).contains(&"CopyIgnoredFile".to_string()));
    }
    let deeper = "FROM scratch\nCOPY ./src/tmp/helloworld.txt /helloworld.txt\n";
    assert!(reported(deeper, doc).contains(&"CopyIgnoredFile".to_string()));
}

/// Without the directive, the experimental check stays silent, as in
/// BuildKit.
#[test]
fn experimental_check_is_off_by_default() {
    let Some(examples) = all_examples() else {
        return;
    };
    for e in examples
        .iter()
        .filter(|e| e.check == "InvalidDefinitionDescription")
    {
        assert!(!reported(&e.text, None).contains(&e.check));
    }
}

/// Every prefix of every example, and odd variants of it (CRLF, the
/// backtick escape, tabs, non-ASCII), lint without a panic.
#[test]
fn truncated_and_odd_examples_never_panic() {
    let mut linted = 0;
    let Some(examples) = all_examples() else {
        return;
    };
    for example in examples {
        let (text, dockerignore) = context(&example);
        let variants = [
            text.clone(),
            text.replace('\n', "\r\n"),
            format!("# escape=`\n{}", text.replace('\\', "`")),
            text.replace(' ', "\t"),
            text.replace('a', "é").replace('=', " "),
        ];
        for variant in &variants {
            for (at, _) in variant.char_indices() {
                lint_with(
                    &variant[..at],
                    &Config::default(),
                    &Inputs {
                        dockerignore: dockerignore.as_deref(),
                    },
                );
                linted += 1;
            }
        }
    }
    assert!(linted > 10_000, "{linted}");
}

//! What the image, security and runtime rules (DD001, DD007–DD013) do to
//! the seed examples' rewrite (`../shared/examples/seeds/README.md`): the
//! slim base images the table asks for, nothing invented for the secrets,
//! and nothing at all for the articles' finished file.

use drydock_core::fix::{fix_all, Applicability, Choices};
use drydock_core::{lint, syntax, Config};

macro_rules! seed {
    ($file:literal) => {
        include_str!(concat!("../../../examples/seeds/", $file, ".Dockerfile"))
    };
}

const CODES: &[&str] = &[
    "DD001", "DD007", "DD008", "DD009", "DD010", "DD011", "DD012", "DD013",
];

/// The rewrite with only these rules' fixes.
fn rewrite(text: &str) -> String {
    let choices = Choices {
        only: CODES.iter().map(|c| c.to_string()).collect(),
        ..Choices::default()
    };
    let out = fix_all(text, &Config::default(), &choices);
    assert!(out.converged);
    assert!(syntax::parse(&out.text).errors.is_empty(), "{}", out.text);
    let again = fix_all(&out.text, &Config::default(), &choices);
    assert_eq!(again.text, out.text, "not stable");
    out.text
}

#[test]
fn slim_images_where_the_table_asks() {
    for (text, from) in [
        (seed!("01-python-naive"), "FROM python:3.13.1-slim\n"),
        (seed!("03-python-naive-311"), "FROM python:3.11-slim\n"),
        (seed!("08-python-uvicorn"), "FROM python:3.10-slim\n"),
    ] {
        let out = rewrite(text);
        assert!(out.starts_with(from), "{out}");
        assert!(
            out.contains("\nENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1\n"),
            "{out}"
        );
        // Every original line but the FROM is still there, in order.
        let kept: Vec<&str> = text.lines().skip(1).collect();
        let now: Vec<&str> = out.lines().filter(|l| kept.contains(l)).collect();
        assert_eq!(now, kept, "{out}");
        assert!(lint(&out, &Config::default()).len() < lint(text, &Config::default()).len());
    }
}

#[test]
fn secrets_are_explained_not_edited() {
    let text = seed!("04-hardcoded-secrets");
    let found = lint(text, &Config::default());
    let secrets: Vec<_> = found.iter().filter(|d| d.code == "DD009").collect();
    assert_eq!(secrets.len(), 2);
    for d in secrets {
        let fix = d.fix.as_ref().expect("an explanation");
        assert_eq!(fix.applicability, Applicability::Manual);
        assert!(fix.edits.is_empty());
    }
    let out = rewrite(text);
    assert!(out.contains("ENV SECRET_KEY=my-super-secret-hardcoded\n"));
    assert!(out.contains("ENV AWS_ACCESS_KEY=AKIAIOSFODNN7EXAMPLE\n"));
}

#[test]
fn the_typo_is_fixed_and_the_finished_file_untouched() {
    let out = rewrite(seed!("06-go-multistage-typo"));
    assert!(out.starts_with("FROM golang:1.18 as builder\n"), "{out}");
    let good = seed!("10-python-production-good");
    let found: Vec<_> = lint(good, &Config::default())
        .into_iter()
        .filter(|d| CODES.contains(&d.code.as_str()))
        .collect();
    assert!(found.is_empty(), "{found:#?}");
    assert_eq!(rewrite(good), good);
}

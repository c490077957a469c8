//! The build-cache and layer rules' fixes (DD002–DD006, DD014, DD015)
//! through the fix engine:
//! - the seed examples' rewrites hold what the acceptance table
//!   (`../shared/examples/seeds/README.md`, "the rewrite must") asks of
//!   these rules, combined with the hadolint fixes;
//! - over the shared corpus (skipped with a note when absent), applying
//!   every fix never adds a parse error, is stable, and leaves none of
//!   these rules' fixable findings behind.

use std::path::PathBuf;

use drydock_core::fix::{fix_all, Applicability, Choices, Skip};
use drydock_core::{lint, Config};

#[path = "support/shared.rs"]
mod shared;

const CODES: &[&str] = &[
    "DD002", "DD003", "DD004", "DD005", "DD006", "DD014", "DD015",
];

macro_rules! seed {
    ($file:literal) => {
        include_str!(concat!("../../../examples/seeds/", $file, ".Dockerfile"))
    };
}

fn rewrite(text: &str) -> String {
    let out = fix_all(text, &Config::default(), &Choices::all());
    assert!(out.converged, "no fixed point:\n{}", out.text);
    let file = drydock_core::syntax::parse(&out.text);
    assert!(
        file.errors.is_empty(),
        "rewrite does not parse:\n{}",
        out.text
    );
    let again = fix_all(&out.text, &Config::default(), &Choices::all());
    assert_eq!(again.text, out.text, "fixing the rewrite changes it again");
    out.text
}

/// The lines of `text` with their indentation and continuation joins
/// removed, for comparing what a `RUN` runs.
fn joined(text: &str) -> String {
    text.replace("\\\n", " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn seed_01_copies_requirements_first() {
    let out = rewrite(seed!("01-python-naive"));
    assert!(
        out.contains(
            "WORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\n"
        ),
        "{out}"
    );
    // The whole context is still copied: a .dockerignore comes with it.
    let files = fix_all(
        seed!("01-python-naive"),
        &Config::default(),
        &Choices::all(),
    )
    .files;
    let ignore = files
        .iter()
        .find(|f| f.path == ".dockerignore")
        .expect("a .dockerignore");
    let matcher = drydock_core::semantics::dockerignore::Dockerignore::parse(&ignore.contents);
    assert!(matcher.excludes(".git/HEAD") && matcher.excludes("app/__pycache__/x.pyc"));
    assert!(!matcher.excludes("requirements.txt") && !matcher.excludes("main.py"));
}

#[test]
fn seed_02_one_run_for_the_build_deps() {
    let out = rewrite(seed!("02-python-build-deps-split"));
    assert!(
        joined(&out).contains(
            "RUN apk add --no-cache --virtual .build-deps gcc musl-dev python3-dev && pip install --no-cache-dir -r requirements.txt && apk del .build-deps COPY . ."
        ),
        "{out}"
    );
    assert_eq!(out.matches("RUN ").count(), 1, "{out}");
}

#[test]
fn seed_03_requirements_before_the_sources() {
    let out = rewrite(seed!("03-python-naive-311"));
    assert!(
        out.contains(
            "COPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\n"
        ),
        "{out}"
    );
}

#[test]
fn seed_05_one_run() {
    let out = rewrite(seed!("05-alpine-apk-layers"));
    assert_eq!(out.matches("RUN ").count(), 1, "{out}");
    let flat = joined(&out);
    assert!(
        flat.contains("RUN apk add --no-cache python3 && apk add --no-cache py3-pip && pip3 install --no-cache-dir django && apk del py3-pip"),
        "{out}"
    );
}

/// fix_all drops this reorder today (it adds a second relative `COPY` in a
/// stage without `WORKDIR`, one more DL3045, which the engine refuses):
/// the fix itself, applied alone, does what the table asks.
#[test]
fn seed_06_go_mod_first() {
    let text = seed!("06-go-multistage-typo");
    let found = lint(text, &Config::default());
    let fix = found
        .iter()
        .find(|d| d.code == "DD002")
        .and_then(|d| d.fix.as_ref())
        .expect("DD002 with a fix");
    assert_eq!(fix.applicability, Applicability::Suggested);
    let out = drydock_core::fix::apply_edits(text, &fix.edits);
    assert!(
        out.contains(
            "COPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build"
        ),
        "{out}"
    );
    assert!(out.contains("# first (build) stage\n"), "{out}");
    assert!(drydock_core::syntax::parse(&out).errors.is_empty());
    assert!(!lint(&out, &Config::default())
        .iter()
        .any(|d| d.code == "DD002"));
}

#[test]
fn seed_11_update_and_install_in_one_run() {
    let out = rewrite(seed!("11-apt-naive"));
    // The join may continue the line (`&& \` + newline): compare the
    // instruction as one logical line. DL3015 puts its flag right after
    // `install`: compare the words.
    let logical = out.replace("\\\n", "");
    let line = logical
        .lines()
        .find(|l| {
            l.split_whitespace().take(5).collect::<Vec<_>>()
                == ["RUN", "apt-get", "update", "&&", "apt-get"]
        })
        .unwrap_or_else(|| panic!("update and install not joined:\n{out}"));
    let mut words: Vec<&str> = line.split_whitespace().collect();
    words.sort();
    let mut want: Vec<&str> = "RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*"
        .split_whitespace()
        .collect();
    want.sort();
    assert_eq!(words, want, "{out}");
    assert!(
        line.ends_with("curl && rm -rf /var/lib/apt/lists/*"),
        "{out}"
    );
    assert!(!out.contains("RUN apt-get update\n"), "{out}");
}

#[test]
fn seed_10_is_not_changed() {
    let text = seed!("10-python-production-good");
    assert_eq!(rewrite(text), text);
}

fn shared_dir() -> Option<PathBuf> {
    shared::root_with("corpus/files")
}

/// Findings of these rules that still offer an edit.
fn fixable(text: &str) -> Vec<String> {
    lint(text, &Config::default())
        .into_iter()
        .filter(|d| CODES.contains(&d.code.as_str()))
        .filter(|d| {
            d.fix
                .as_ref()
                .is_some_and(|f| f.applicability != Applicability::Manual && !f.edits.is_empty())
        })
        .map(|d| format!("{}:{}", d.code, d.start.line))
        .collect()
}

#[test]
fn corpus_fixes_are_safe_and_stable() {
    let Some(dir) = shared_dir() else { return };
    let mut paths: Vec<_> = std::fs::read_dir(dir.join("corpus/files"))
        .expect("corpus dir")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    let mut problems = Vec::new();
    let mut changed = 0;
    for path in &paths {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let text = String::from_utf8_lossy(&std::fs::read(path).expect("readable")).into_owned();
        let before = drydock_core::syntax::parse(&text).errors.len();
        let only = Choices {
            only: CODES.iter().map(|c| c.to_string()).collect(),
            ..Choices::all()
        };
        let out = fix_all(&text, &Config::default(), &only);
        if out.text == text {
            continue;
        }
        changed += 1;
        let after = drydock_core::syntax::parse(&out.text).errors.len();
        if after > before {
            problems.push(format!("{name}: {before} → {after} parse errors"));
        }
        if !out.converged {
            problems.push(format!("{name}: no fixed point"));
        }
        let again = fix_all(&out.text, &Config::default(), &only);
        if again.text != out.text {
            problems.push(format!("{name}: not stable"));
        }
        // Left fixable only when the engine refused the fix, and said why.
        let refused: Vec<&str> = out
            .skipped
            .iter()
            .filter(|s| matches!(s.reason, Skip::AddsFindings | Skip::BreaksSyntax))
            .map(|s| s.code.as_str())
            .collect();
        let left: Vec<String> = fixable(&out.text)
            .into_iter()
            .filter(|f| !refused.iter().any(|c| f.starts_with(&format!("{c}:"))))
            .collect();
        if !left.is_empty() {
            problems.push(format!("{name}: still fixable {left:?}"));
        }
    }
    eprintln!(
        "layer fixes changed {changed} of {} corpus files",
        paths.len()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Random files made of these rules' own fragments, broken ones and
/// non-ASCII text included: linting and fixing never panic, never add a
/// parse error, and reach a stable text.
#[test]
fn random_files_are_fixed_safely() {
    const LINES: &[&str] = &[
        "FROM python:3.13",
        "FROM alpine:3 AS b",
        "FROM b",
        "WORKDIR /app",
        "WORKDIR é/ü",
        "COPY . .",
        "ADD . /src",
        "COPY --chown=a:b . /srv",
        "COPY requirements.txt .",
        "COPY x.tar.gz /tmp/",
        "RUN pip install -r requirements.txt",
        "RUN pip install -r 'é ü.txt'",
        "RUN cd /src; npm ci",
        "RUN cd /src && yarn",
        "RUN apt-get update",
        "RUN apt-get update && apt-get clean",
        "RUN apt-get install -y curl",
        "RUN apt-get purge -y curl",
        "RUN rm -rf /var/lib/apt/lists/*",
        "RUN apk add --virtual .b gcc",
        "RUN apk add --update gcc && true",
        "RUN apk del .b",
        "RUN go mod download",
        "RUN go build -o /x .",
        "RUN wget -O /tmp/x.tgz https://e.com/x.tgz",
        "RUN rm /tmp/x.tgz x.tar.gz",
        "RUN yum install -y x",
        "RUN yum clean all",
        "RUN --mount=type=cache,target=/root/.cache/pip pip install x",
        "USER app",
        "ENV A=1",
        "# comment",
        "",
        "RUN a && \\",
        "  b",
        "RUN <<EOF",
        "apt-get update",
        "EOF",
        "RUN [\"npm\", \"ci\"]",
        "COPY . \"",
        "RUN \"unterminated",
        "ONBUILD RUN apt-get update",
        "SHELL [\"pwsh\", \"-c\"]",
        "RUN cd",
        "COPY",
        "RUN curl -fsSLo",
        "RUN pip install -r",
        // Whole patterns, so the fixes get exercised between the noise.
        "COPY . .\nRUN pip install -r requirements.txt",
        "COPY . /app\nWORKDIR /app\nRUN npm ci",
        "RUN apt-get update\nRUN apt-get install -y curl",
        "RUN apk add --virtual .b gcc\nRUN make\nRUN apk del .b",
        "RUN apt-get update && apt-get install -y x\nRUN rm -rf /var/lib/apt/lists/*",
        "RUN apk add a\nRUN apk add b && true",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let only = Choices {
        only: CODES.iter().map(|c| c.to_string()).collect(),
        ..Choices::all()
    };
    let mut changed = 0;
    for _ in 0..400 {
        let count = 1 + next(14);
        let mut text = String::from(["FROM python:3.13\n", "FROM debian:12 AS b\n", ""][next(3)]);
        for _ in 0..count {
            text.push_str(LINES[next(LINES.len())]);
            text.push('\n');
        }
        let before = drydock_core::syntax::parse(&text).errors.len();
        let out = fix_all(&text, &Config::default(), &only);
        let after = drydock_core::syntax::parse(&out.text).errors.len();
        assert!(
            after <= before,
            "parse errors {before} → {after}:\n{text}\n→\n{}",
            out.text
        );
        let again = fix_all(&out.text, &Config::default(), &only);
        assert_eq!(again.text, out.text, "not stable:\n{text}");
        changed += usize::from(out.text != text);
    }
    // The patterns do exercise the fixes.
    eprintln!("{changed} of 400 random files changed");
    assert!(changed > 100, "only {changed} files changed");
}

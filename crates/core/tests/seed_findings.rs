//! The acceptance table of the seed examples (`../shared/examples/seeds/
//! README.md`, copied into `examples/seeds/`): what must be reported, at
//! the line the table names.
//!
//! The codes of our own rules (`DD…`) are assigned here; a rule that lands
//! must make its rows pass.

use drydock_core::{lint, Config, Diagnostic, Severity};

macro_rules! seed {
    ($file:literal) => {
        (
            $file,
            include_str!(concat!("../../../examples/seeds/", $file, ".Dockerfile")),
        )
    };
}

/// (example, [(code, line)]): `line` 0 means "anywhere in the file".
type Row = (
    (&'static str, &'static str),
    &'static [(&'static str, usize)],
);

const MUST_REPORT: &[Row] = &[
    (
        seed!("01-python-naive"),
        &[
            ("DD001", 1), // full-size python image, a -slim exists
            ("DD002", 3), // COPY . . before the dependency install
            ("DD003", 3), // whole build context copied: .dockerignore
            ("DD007", 0), // final stage runs as root
            ("DD008", 5), // EXPOSE without HEALTHCHECK
        ],
    ),
    (
        seed!("02-python-build-deps-split"),
        &[
            ("DD004", 4), // build deps added here …
            ("DD004", 6), // … and removed in a later layer: saves nothing
            ("DL3059", 5),
            ("DL3059", 6),
        ],
    ),
    (
        seed!("03-python-naive-311"),
        &[("DD001", 1), ("DD002", 4), ("DL3042", 5), ("DD003", 4)],
    ),
    (
        seed!("04-hardcoded-secrets"),
        &[("DD009", 2), ("DD009", 3), ("DL3013", 4)],
    ),
    (
        seed!("05-alpine-apk-layers"),
        &[
            ("DL3019", 2),
            ("DL3019", 3),
            ("DD015", 3), // consecutive RUNs of the same package manager
            ("DL3042", 3),
        ],
    ),
    (
        seed!("06-go-multistage-typo"),
        &[
            ("DD012", 1), // golfing: did you mean golang?
            ("FromAsCasing", 1),
            ("DL3045", 4),
            ("DD002", 4), // COPY . . before go mod download
        ],
    ),
    (
        seed!("07-ubuntu-copy-everything"),
        &[("DL3007", 1), ("DL3045", 2), ("DD003", 2)],
    ),
    (
        seed!("08-python-uvicorn"),
        &[("DD001", 1), ("DL3042", 3), ("DL3045", 2), ("DL3045", 4)],
    ),
    (
        seed!("09-django-wheels-multistage"),
        &[
            ("FromAsCasing", 1),
            ("LegacyKeyValueFormat", 22),
            ("LegacyKeyValueFormat", 23),
            ("DL3013", 16),
            ("DL3042", 16),
            ("DL3059", 17),
        ],
    ),
    (
        seed!("11-apt-naive"),
        &[
            ("DD014", 2), // apt-get update alone in its own layer
            ("DL3015", 3),
            ("DL3009", 2),
            ("DL3042", 5),
            ("DL3025", 7),
        ],
    ),
];

fn found(text: &str) -> Vec<Diagnostic> {
    lint(text, &Config::default())
}

fn registered(code: &str) -> bool {
    drydock_core::rules::find(code).is_some_and(|r| r.code == code)
}

#[test]
fn every_example_reports_what_the_table_names() {
    let mut missing = Vec::new();
    for ((name, text), rows) in MUST_REPORT {
        let found = found(text);
        for (code, line) in *rows {
            assert!(registered(code), "{name}: {code} is not a registered rule");
            let hit = found
                .iter()
                .any(|d| d.code == *code && (*line == 0 || d.start.line == *line));
            if !hit {
                missing.push(format!("{name}: {code} at line {line}"));
            }
        }
    }
    assert!(missing.is_empty(), "not reported:\n{}", missing.join("\n"));
}

#[test]
fn secrets_are_errors() {
    let (_, text) = seed!("04-hardcoded-secrets");
    let lines: Vec<usize> = found(text)
        .into_iter()
        .filter(|d| d.code == "DD009" && d.severity == Severity::Error)
        .map(|d| d.start.line)
        .collect();
    assert!(
        lines.contains(&2) && lines.contains(&3),
        "DD009 errors at {lines:?}"
    );
}

#[test]
fn the_finished_file_gets_no_warning_or_error() {
    let (_, text) = seed!("10-python-production-good");
    let loud: Vec<String> = found(text)
        .into_iter()
        .filter(|d| d.severity >= Severity::Warning)
        .map(|d| format!("{}:{} {}", d.code, d.start.line, d.message))
        .collect();
    assert!(loud.is_empty(), "{loud:#?}");
}

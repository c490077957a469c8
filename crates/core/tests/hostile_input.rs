//! Pathological inputs, each through parse, lint and `fix_all`: nothing
//! panics, nothing overflows the stack, the tree keeps every byte, findings
//! and edits stay in bounds, and fixing adds no syntax error and is
//! idempotent (the checks of `fuzz/checks.rs`). Each test also checks what
//! the parser made of the input.
//!
//! Speed is measured by `benches/hostile.rs`, not here: these tests only
//! make sure every case runs to completion with the right result.

#[path = "../../../fuzz/checks.rs"]
mod checks;

use drydock_core::fix::{fix_all, Choices};
use drydock_core::syntax::{parse, Body, CommandForm, Dockerfile};
use drydock_core::Config;

/// Parse, lint and fix `text` with every fuzz check; returns the tree.
fn through_everything(text: &str) -> Dockerfile {
    checks::parse_target(text.as_bytes());
    checks::lint_target(text.as_bytes());
    checks::fix_target(text.as_bytes());
    parse(text)
}

fn script(file: &Dockerfile, i: usize) -> &drydock_core::syntax::shell::Script {
    match &file.instructions[i].body {
        Body::Run(CommandForm::Shell { script, .. }) => script,
        other => panic!("not a shell-form RUN: {other:?}"),
    }
}

#[test]
fn fifty_thousand_continuation_lines() {
    let n = 50_000;
    let text = format!(
        "FROM debian:12\nRUN echo a \\\n{}  && echo b\n",
        "  && echo x \\\n".repeat(n)
    );
    let file = through_everything(&text);
    assert!(file.errors.is_empty());
    assert_eq!(file.instructions.len(), 2);
    assert_eq!(file.instructions[1].end_line, n + 3);
    assert_eq!(script(&file, 1).commands.len(), n + 2);
}

#[test]
fn a_two_megabyte_line() {
    let word = "a".repeat(2 << 20);
    let text = format!("FROM debian:12\nRUN echo {word}\n");
    let file = through_everything(&text);
    assert!(file.errors.is_empty());
    let commands = &script(&file, 1).commands;
    assert_eq!(commands.len(), 1);
    assert_eq!(commands[0].words[1].value.len(), 2 << 20);
    // A 2 MB line of quotes and substitutions: read, not re-scanned.
    let text = format!("FROM debian:12\nRUN {}\n", "\"$(x '".repeat(350_000));
    through_everything(&text);
}

#[test]
fn ten_thousand_heredocs() {
    let n = 10_000;
    // In ten thousand instructions…
    let text = "FROM debian:12\n".to_string() + &"RUN <<EOF\necho hi\nEOF\n".repeat(n);
    let file = through_everything(&text);
    assert!(file.errors.is_empty());
    assert_eq!(file.instructions.len(), n + 1);
    assert!(file.instructions[1..]
        .iter()
        .all(|i| i.heredocs.len() == 1 && i.heredocs[0].script.is_some()));
    // …and in one.
    let markers: String = (0..n).map(|i| format!(" <<E{i}")).collect();
    let bodies: String = (0..n).map(|i| format!("echo {i}\nE{i}\n")).collect();
    let text = format!("FROM debian:12\nRUN cat{markers}\n{bodies}");
    let file = through_everything(&text);
    assert!(file.errors.is_empty());
    assert_eq!(file.instructions[1].heredocs.len(), n);
    assert_eq!(file.instructions[1].end_line, 2 + 2 * n);
    // Unterminated: one error, the rest of the file is the body.
    let text = "FROM debian:12\nRUN <<EOF\n".to_string() + &"echo x\n".repeat(n);
    let file = through_everything(&text);
    assert_eq!(file.errors.len(), 1);
}

#[test]
fn five_thousand_nested_substitutions() {
    let n = 5_000;
    let text = format!("FROM debian:12\nRUN {}x{}\n", "$(".repeat(n), ")".repeat(n));
    let file = through_everything(&text);
    let script = script(&file, 1);
    // Read 16 levels deep; the rest is reported, not walked.
    assert_eq!(script.commands.iter().map(|c| c.depth).max(), Some(16));
    assert_eq!(script.errors.len(), 1);
    // Unclosed, 100,000 times (once ran out of memory).
    let text = format!("FROM debian:12\nRUN {}\n", "$(".repeat(100_000));
    let file = through_everything(&text);
    assert!(script_errors(&file) <= 9);
    // Backticks, `${`, `<(`, quotes, and nested compound commands.
    for piece in [
        "`",
        "${a:-",
        "<(",
        "\"$(",
        "{ ",
        "( ",
        "if a; then ",
        "case x in a) ",
    ] {
        let text = format!("FROM debian:12\nRUN {}\n", piece.repeat(20_000));
        through_everything(&text);
    }
    // Closers that match nothing.
    let text = format!(
        "FROM debian:12\nRUN {}{}\n",
        "{ ".repeat(20_000),
        "fi ".repeat(20_000)
    );
    through_everything(&text);
    // JSON nested past Go's limit.
    let text = format!("FROM debian:12\nCMD {}\n", "[".repeat(100_000));
    through_everything(&text);
}

fn script_errors(file: &Dockerfile) -> usize {
    script(file, 1).errors.len()
}

#[test]
fn nul_bytes() {
    let text = "FROM debian:12\0\nRUN echo \0 && apt-get install -y \0curl\n\0\0\0\nENV A=\0\n";
    let file = through_everything(text);
    assert_eq!(file.instructions.len(), 4);
    through_everything(&"\0".repeat(100_000));
    through_everything(&"RUN \0\\\n".repeat(10_000));
}

#[test]
fn replacement_characters_from_invalid_utf8() {
    // What the CLI hands the core for invalid UTF-8 (read lossily).
    let bytes =
        b"FROM debian:12\nRUN echo \xff\xfe && apt-get install -y \xc3curl\nLABEL a=\"\xe2\x82\"\n";
    let text = String::from_utf8_lossy(bytes).into_owned();
    assert!(text.contains('\u{FFFD}'));
    let file = through_everything(&text);
    assert!(file.errors.is_empty());
    assert_eq!(file.instructions.len(), 3);
    for data in [&b"\xff\xff\xff"[..], b"RUN \xf0\x9f\x98", b"\xef\xbb"] {
        checks::parse_target(data);
        checks::lint_target(data);
        checks::fix_target(data);
    }
}

#[test]
fn crlf_and_bom() {
    let text = "\u{feff}# syntax=docker/dockerfile:1\r\nFROM debian:12\r\nRUN apt-get update \\\r\n  && apt-get install -y curl\r\nRUN echo a\r\nRUN echo b\r\n";
    let file = through_everything(text);
    assert!(file.errors.is_empty());
    assert_eq!(file.directives.len(), 1);
    assert_eq!(file.instructions.len(), 4);
    assert_eq!(file.instructions[1].end_line, 4);
    let fixed = fix_all(text, &Config::default(), &Choices::all());
    assert!(fixed.text.starts_with('\u{feff}'));
    assert!(fixed.text.contains("\r\n"));
    // A lone CR, a BOM only, CRLF with no final newline.
    through_everything("FROM a\rRUN b\r");
    through_everything("\u{feff}");
    through_everything("\u{feff}\u{feff}FROM a\r\nRUN b");
    through_everything(&"RUN a \\\r\n".repeat(10_000));
}

#[test]
fn a_hundred_thousand_instructions() {
    let n = 100_000;
    let text = "FROM debian:12\n".to_string() + &"RUN echo hi\n".repeat(n);
    let file = through_everything(&text);
    assert!(file.errors.is_empty());
    assert_eq!(file.instructions.len(), n + 1);
    // Every RUN after the first joins the one before it.
    let lint = drydock_core::lint(&text, &Config::default());
    assert_eq!(lint.iter().filter(|d| d.code == "DL3059").count(), n - 1);
}

#[test]
fn onbuild_two_thousand_times() {
    let n = 2_000;
    let text =
        "FROM debian:12\n".to_string() + &"ONBUILD ".repeat(n) + "RUN apt-get install curl\n";
    let file = through_everything(&text);
    assert_eq!(file.instructions.len(), 2);
    assert!(file
        .errors
        .iter()
        .any(|e| e.message.contains("Chaining ONBUILD")));
    let text = "FROM debian:12\n".to_string() + &"ONBUILD RUN apt-get install curl\n".repeat(n);
    let file = through_everything(&text);
    assert!(file.errors.is_empty());
    assert_eq!(file.instructions.len(), n + 1);
}

#[test]
fn twenty_thousand_ignore_pragmas() {
    let n = 20_000;
    let text = "FROM debian:12\nRUN echo a\n".to_string()
        + &"# drydock ignore=DL3059,consecutive-run\nRUN echo hi\n".repeat(n);
    through_everything(&text);
    let lint = drydock_core::lint(&text, &Config::default());
    assert!(lint.iter().all(|d| d.code != "DL3059"));
    let text = "FROM debian:12\nRUN echo a\n".to_string()
        + &"# hadolint stage ignore=DL3007\nRUN echo hi\n".repeat(n);
    let lint = drydock_core::lint(&text, &Config::default());
    assert_eq!(lint.iter().filter(|d| d.code == "DL3059").count(), n);
}

#[test]
fn variables_that_double_forty_times() {
    // 2^40 bytes if every line were expanded in full.
    let n = 40;
    let text =
        "FROM debian:12\nENV A=x\n".to_string() + &"ENV A=$A$A\n".repeat(n) + "RUN echo $A\n";
    let file = through_everything(&text);
    let semantics = drydock_core::semantics::Semantics::new(&file, &Config::default());
    let last = file.instructions.len() - 1;
    let resolved = semantics.resolve(last, "$A");
    assert!(
        resolved.value.len() <= 2 * 64 * 1024 + 2 * n,
        "{}",
        resolved.value.len()
    );
    assert_eq!(resolved.unknown, ["A"]);
    let text = "ARG A=x\n".to_string() + &"ARG A=${A}${A}\n".repeat(n) + "FROM debian:$A\n";
    through_everything(&text);
}

/// The codes `lint` reports on `text`, with how often.
fn counts(text: &str) -> std::collections::BTreeMap<String, usize> {
    let mut out = std::collections::BTreeMap::new();
    for d in drydock_core::lint(text, &Config::default()) {
        *out.entry(d.code.to_string()).or_insert(0) += 1;
    }
    out
}

#[test]
fn five_thousand_chained_stages() {
    // Each stage built on the one before, each adding a variable made from
    // the previous one: the model shares variables between stages.
    let n = 5_000;
    let chain: String = (1..n)
        .map(|i| format!("FROM s{} AS s{i}\nENV V{i}=$V{}\n", i - 1, i - 1))
        .collect();
    let text = "FROM debian:12 AS s0\nENV V0=0\n".to_string() + &chain;
    let file = through_everything(&text);
    let semantics = drydock_core::semantics::Semantics::new(&file, &Config::default());
    assert_eq!(semantics.stages.len(), n);
    let last = file.instructions.len() - 1;
    assert_eq!(semantics.resolve(last, "$V0-${V4998}").value, "0-0");
    assert!(semantics.stages.iter().all(|s| s.needed));
    assert!(!counts(&text).contains_key("UndefinedVar"));
}

#[test]
fn five_thousand_stages_on_one_base_with_five_thousand_variables() {
    let n = 5_000;
    let envs: String = (0..n).map(|i| format!("ENV V{i}=1\n")).collect();
    let stages: String = (0..n)
        .map(|i| format!("FROM base AS s{i}\nRUN echo $V{i} $W{i}\n"))
        .collect();
    let text = "FROM debian:12 AS base\n".to_string() + &envs + &stages;
    let file = through_everything(&text);
    let semantics = drydock_core::semantics::Semantics::new(&file, &Config::default());
    let last = file.instructions.len() - 1;
    assert_eq!(semantics.resolve(last, "$V4999").value, "1");
    // Base is an image BuildKit does not know the environment of, so no
    // variable is reported undefined; the stages are all in the model.
    assert_eq!(semantics.stages.len(), n + 1);
}

#[test]
fn twenty_thousand_undefined_variables() {
    let n = 20_000;
    let envs: String = (0..n).map(|i| format!("ENV E{i}=$A{i}\n")).collect();
    let text = "FROM scratch\n".to_string() + &envs;
    through_everything(&text);
    // `scratch` has a known (empty) environment: every use is reported,
    // and the "did you mean" hints stop before they cost more than the
    // file (each `A{i}` is one letter away from an `E{i}` of the file).
    let lint = drydock_core::lint(&text, &Config::default());
    let undefined: Vec<_> = lint.iter().filter(|d| d.code == "UndefinedVar").collect();
    assert_eq!(undefined.len(), n);
    assert!(
        undefined[1].message.contains("(did you mean $E0?)"),
        "{}",
        undefined[1].message
    );
    assert!(!undefined[n - 1].message.contains("did you mean"));
}

#[test]
fn thousands_of_cds_installs_downloads_and_users() {
    let n = 5_000;
    // DL3003 on every `cd`; DD011's "later commands" read once.
    let text = "FROM debian:12\n".to_string() + &"RUN cd /opt/app && npm install\n".repeat(n);
    through_everything(&text);
    assert_eq!(counts(&text).get("DL3003"), Some(&n));
    // Thousands of downloads removed by one later RUN: one DD005 finding
    // naming the first few.
    let downloads: String = (0..n)
        .map(|i| format!("RUN curl -o f{i} https://example.com/f\n"))
        .collect();
    let files: Vec<String> = (0..n).map(|i| format!("f{i}")).collect();
    let text = format!(
        "FROM debian:12\nWORKDIR /w\n{downloads}RUN rm {}\n",
        files.join(" ")
    );
    through_everything(&text);
    let lint = drydock_core::lint(&text, &Config::default());
    let dd005: Vec<_> = lint.iter().filter(|d| d.code == "DD005").collect();
    assert_eq!(dd005.len(), 1);
    assert!(
        dd005[0].message.contains(&format!("and {} more", n - 5)),
        "{}",
        dd005[0].message
    );
    // Each USER given the id a RUN before it created.
    let users: String = (0..n)
        .map(|i| format!("RUN useradd -u {} u{i}\nUSER u{i}\n", 1000 + i))
        .collect();
    let text = "FROM debian:12\n".to_string() + &users;
    through_everything(&text);
    let fixed = fix_all(&text, &Config::default(), &Choices::all()).text;
    assert!(
        fixed.contains("\nUSER 5999\n"),
        "{}",
        &fixed[fixed.len() - 200..]
    );
}

#[test]
fn twenty_thousand_relative_workdirs() {
    // The path would grow by 4 bytes a line; past PATH_MAX it is unknown.
    let n = 20_000;
    let text = "FROM debian:12\n".to_string() + &"WORKDIR sub\nRUN make\n".repeat(n);
    let file = through_everything(&text);
    assert_eq!(file.instructions.len(), 2 * n + 1);
    // BuildKit reports the first relative WORKDIR, before any absolute one.
    assert_eq!(counts(&text).get("WorkdirRelativePath"), Some(&1));
}

#[test]
fn two_thousand_fixes_that_each_add_a_lasting_finding() {
    // Dropping `sudo` (DL3004) exposes the unpinned install (DL3008, no
    // fix): each of those fixes must be dropped, the joins kept. Finding
    // them one trial lint at a time would take thousands of lints of the
    // whole file; the engine looks where the new findings are instead.
    let n = 2_000;
    let text = "FROM debian:12\n".to_string()
        + &"RUN sudo apt-get install -y wget\nRUN echo x\n".repeat(n);
    through_everything(&text);
    let outcome = fix_all(&text, &Config::default(), &Choices::all());
    assert!(outcome.converged);
    let count = |code: &str| outcome.applied.iter().filter(|a| a.code == code).count();
    assert_eq!(count("DL3059"), 2 * n - 1);
    assert_eq!(count("DL3004"), 0);
    let dropped = outcome
        .skipped
        .iter()
        .filter(|s| s.code == "DL3004" && s.reason == drydock_core::fix::Skip::AddsFindings)
        .count();
    assert_eq!(dropped, n);
}

#[test]
fn twenty_thousand_relative_copies() {
    // DL3045 asks, for each, whether a WORKDIR came before in the stage
    // or the stages it is built on: an index, not a scan.
    let n = 20_000;
    let text = "FROM debian:12 AS base\n".to_string()
        + &"COPY mix.exs .\n".repeat(n)
        + "FROM base\nCOPY a b\n";
    through_everything(&text);
    assert_eq!(counts(&text).get("DL3045"), Some(&(n + 1)));
    // One `WORKDIR /` before the first of each stage settles them all.
    let fixed = fix_all(&text, &Config::default(), &Choices::all()).text;
    assert_eq!(fixed.matches("WORKDIR /\n").count(), 2);
    assert!(!counts(&fixed).contains_key("DL3045"));
}

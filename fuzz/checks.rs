#![allow(dead_code)]

//! What the fuzz targets check, one function per target. The same file is
//! compiled into the fuzz targets (`fuzz/fuzz_targets/*.rs`) and into the
//! core's `tests/fuzz_replay.rs`, which replays the corpus and every kept
//! reproducer through it in `cargo test`.
//!
//! Input bytes are read as the CLI reads a file: lossily as UTF-8.

use drydock_core::fix::{fix_all, Choices};
use drydock_core::syntax::{parse, Dockerfile, ItemKind, Span};
use drydock_core::Config;

/// The text a fuzz input stands for.
pub fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

fn check_span(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {span:?} outside 0..{}",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} splits a character"
    );
}

/// The items tile the input byte for byte; every span is in bounds.
pub fn check_tree(text: &str, file: &Dockerfile) {
    assert_eq!(file.source, text, "the tree keeps the source");
    let mut at = 0;
    for item in &file.items {
        assert_eq!(item.span.start, at, "gap or overlap at byte {at}");
        assert!(item.span.end > item.span.start, "empty item at {at}");
        check_span(text, item.span, "item");
        if let ItemKind::Instruction(i) = item.kind {
            let inst = &file.instructions[i];
            assert!(
                item.span.start <= inst.span.start && inst.span.end <= item.span.end,
                "instruction outside its item"
            );
            assert!(inst.line <= inst.end_line);
        }
        at = item.span.end;
    }
    assert_eq!(at, text.len(), "items stop at {at}");
    let rebuilt: String = file
        .items
        .iter()
        .map(|i| &text[i.span.start..i.span.end])
        .collect();
    assert_eq!(rebuilt, text, "round trip differs");
    for inst in file.all_instructions() {
        check_span(text, inst.span, "instruction");
        check_span(text, inst.keyword_word.span, "keyword");
        for f in &inst.flags {
            check_span(text, f.span, "flag");
        }
        for h in &inst.heredocs {
            check_span(text, h.marker_span, "heredoc marker");
            check_span(text, h.body_span, "heredoc body");
        }
    }
    for e in &file.errors {
        check_span(text, e.span, "syntax error");
    }
    for c in &file.comments {
        check_span(text, c.span, "comment");
    }
}

/// `parse`: never panics, round-trips byte for byte.
pub fn parse_target(data: &[u8]) {
    let text = text(data);
    check_tree(&text, &parse(&text));
}

/// `lint`: never panics; every finding and every edit of its fix lies in
/// the text, on character boundaries, with 1-based positions.
pub fn lint_target(data: &[u8]) {
    let text = text(data);
    for d in drydock_core::lint(&text, &Config::default()) {
        check_span(&text, d.span, &d.code);
        assert!(d.start.line >= 1 && d.start.column >= 1, "{}", d.code);
        if let Some(fix) = &d.fix {
            for e in &fix.edits {
                check_span(&text, e.span, &d.code);
            }
        }
    }
}

/// `fix`: `fix_all` never panics, adds no syntax error, and is idempotent
/// (fixing its output again changes nothing).
pub fn fix_target(data: &[u8]) {
    let text = text(data);
    let config = Config::default();
    let choices = Choices::all();
    let before = parse(&text).errors.len();
    let once = fix_all(&text, &config, &choices);
    let after = parse(&once.text);
    check_tree(&once.text, &after);
    assert!(
        after.errors.len() <= before,
        "fix_all added a syntax error: {:?}\n--- output:\n{}",
        after.errors,
        once.text
    );
    let twice = fix_all(&once.text, &config, &choices);
    assert!(
        twice.text == once.text,
        "fix_all is not idempotent; second pass applied {:?}\n--- first output:\n{}\n--- second output:\n{}",
        twice.applied.iter().map(|a| &a.id).collect::<Vec<_>>(),
        once.text,
        twice.text
    );
}

/// `format`: never panics, never refuses (a refusal is its own meaning
/// check failing: a formatter bug), its edits are in order and in the
/// text, the result means the same and formatting it again changes
/// nothing.
pub fn format_target(data: &[u8]) {
    use drydock_core::format::{format, format_edits, same_meaning, Options};
    let text = text(data);
    let options = Options::default();
    let edits = match format_edits(&text, &options) {
        Ok(e) => e,
        Err(e) => panic!("format refused: {e}\n--- input:\n{text}"),
    };
    let mut end = 0;
    for e in &edits {
        check_span(&text, e.span, "format edit");
        assert!(
            e.span.start >= end,
            "format edits overlap at {}",
            e.span.start
        );
        end = e.span.end;
    }
    let once = format(&text, &options).expect("formats");
    let after = parse(&once);
    check_tree(&once, &after);
    if let Err(d) = same_meaning(&parse(&text), &after) {
        panic!("format changed line {}: {}", d.line, d.message);
    }
    let twice = format(&once, &options).expect("formats its own output");
    assert!(
        twice == once,
        "format is not idempotent\n--- once:\n{once}\n--- twice:\n{twice}"
    );
}

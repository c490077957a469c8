//! Differential test against the `parse-dockerfile` crate (a strict,
//! independent BuildKit-compatible parser): for every corpus file it
//! accepts, we must find the same instruction keywords at the same lines.
//! The corpus is `../shared/corpus/files` beside the repository; skipped
//! with a note when absent.

use drydock_core::syntax::parse;
use drydock_core::LineIndex;
use parse_dockerfile::Instruction as I;

#[path = "support/shared.rs"]
mod shared;

/// `(KEYWORD, byte offset of the keyword)` for each of its instructions.
fn theirs(text: &str) -> Option<Vec<(&'static str, usize)>> {
    let file = parse_dockerfile::parse(text).ok()?;
    Some(
        file.instructions
            .iter()
            .map(|i| match i {
                I::Add(x) => ("ADD", x.add.span.start),
                I::Arg(x) => ("ARG", x.arg.span.start),
                I::Cmd(x) => ("CMD", x.cmd.span.start),
                I::Copy(x) => ("COPY", x.copy.span.start),
                I::Entrypoint(x) => ("ENTRYPOINT", x.entrypoint.span.start),
                I::Env(x) => ("ENV", x.env.span.start),
                I::Expose(x) => ("EXPOSE", x.expose.span.start),
                I::From(x) => ("FROM", x.from.span.start),
                I::Healthcheck(x) => ("HEALTHCHECK", x.healthcheck.span.start),
                I::Label(x) => ("LABEL", x.label.span.start),
                I::Maintainer(x) => ("MAINTAINER", x.maintainer.span.start),
                I::Onbuild(x) => ("ONBUILD", x.onbuild.span.start),
                I::Run(x) => ("RUN", x.run.span.start),
                I::Shell(x) => ("SHELL", x.shell.span.start),
                I::Stopsignal(x) => ("STOPSIGNAL", x.stopsignal.span.start),
                I::User(x) => ("USER", x.user.span.start),
                I::Volume(x) => ("VOLUME", x.volume.span.start),
                I::Workdir(x) => ("WORKDIR", x.workdir.span.start),
                _ => ("?", 0),
            })
            .collect(),
    )
}

#[test]
fn same_keywords_at_same_lines_as_parse_dockerfile() {
    let Some(dir) = shared::path("corpus/files") else {
        return;
    };
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut paths: Vec<_> = entries.map(|e| e.expect("entry").path()).collect();
    paths.sort();
    let (mut accepted, mut instructions) = (0, 0);
    let mut mismatches = Vec::new();
    for path in &paths {
        let text = String::from_utf8_lossy(&std::fs::read(path).expect("readable")).into_owned();
        // parse-dockerfile expects the BOM already removed.
        let Some(expected) = theirs(text.strip_prefix('\u{feff}').unwrap_or(&text)) else {
            continue;
        };
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        accepted += 1;
        let index = LineIndex::new(&text);
        let expected: Vec<(String, usize)> = expected
            .into_iter()
            .map(|(k, at)| (k.to_string(), index.line(at + bom)))
            .collect();
        let file = parse(&text);
        let ours: Vec<(String, usize)> = file
            .instructions
            .iter()
            .map(|i| {
                (
                    i.keyword.as_str().to_string(),
                    index.line(i.keyword_word.span.start),
                )
            })
            .collect();
        instructions += ours.len();
        if ours != expected {
            mismatches.push(format!(
                "{}:\n  ours   {ours:?}\n  theirs {expected:?}",
                path.display()
            ));
        }
    }
    eprintln!(
        "differential: parse-dockerfile accepts {accepted}/{} corpus files; {} of them agree ({instructions} instructions), {} differ",
        paths.len(),
        accepted - mismatches.len(),
        mismatches.len()
    );
    assert!(
        accepted > 1000,
        "parse-dockerfile accepted only {accepted} files"
    );
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

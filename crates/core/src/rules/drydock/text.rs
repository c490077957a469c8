//! Small text helpers for the DD rules' edits: keep the edit to the bytes
//! that change, and write new lines the way the file writes its own.

use crate::diagnostic::Edit;
use crate::rules::Checker;
use crate::syntax::{Body, Span, Word};

/// An edit turning `old` (found at byte `start` of the source) into `new`,
/// replacing only the part between their common prefix and suffix
/// (`python:3.11` → `python:3.11-slim` inserts `-slim`). Splits only on
/// character boundaries.
pub fn minimal_edit(start: usize, old: &str, new: &str) -> Edit {
    let prefix: usize = old
        .chars()
        .zip(new.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let room = (old.len() - prefix).min(new.len() - prefix);
    let suffix: usize = old[prefix..]
        .chars()
        .rev()
        .zip(new[prefix..].chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .scan(0, |total, n| {
            *total += n;
            (*total <= room).then_some(n)
        })
        .sum();
    Edit::replace(
        Span::new(start + prefix, start + old.len() - suffix),
        &new[prefix..new.len() - suffix],
    )
}

/// The line ending the file uses: `\r\n` when its first line break is
/// one, `\n` otherwise.
pub fn newline(source: &str) -> &'static str {
    match source.find('\n') {
        Some(i) if source[..i].ends_with('\r') => "\r\n",
        _ => "\n",
    }
}

/// The spaces and tabs that start the line holding byte `offset`.
pub fn indentation(source: &str, offset: usize) -> &str {
    let offset = crate::position::floor_char_boundary(source, offset.min(source.len()));
    let start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = &source[start..];
    let end = line
        .find(|c: char| c != ' ' && c != '\t')
        .unwrap_or(line.len());
    &line[..end]
}

/// An edit inserting `line` (without line ending) as a new line right
/// after the line that ends at byte `end` (an instruction's span end),
/// in the file's line-ending style, indented with `indent`.
pub fn insert_line_after(source: &str, end: usize, indent: &str, line: &str) -> Edit {
    let nl = newline(source);
    let rest = source.get(end..).unwrap_or("");
    if let Some(after) = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))
    {
        let at = source.len() - after.len();
        Edit::insert(at, format!("{indent}{line}{nl}"))
    } else {
        // The last line has no line ending: keep it that way.
        Edit::insert(end.min(source.len()), format!("{nl}{indent}{line}"))
    }
}

/// An edit making an image reference read `new` instead of `value` (what
/// its word `word` resolves to): in the word itself when it is written
/// literally, or in the default of the global `ARG` it names when it is a
/// single variable (`FROM ${BASE}`) that no build argument overrides.
/// `None` when the text mixes literal parts and variables, or when the
/// word spans a line continuation.
pub fn reference_edit(cx: &Checker, word: &Word, value: &str, new: &str) -> Option<Edit> {
    if !word.text.contains('$') {
        let literal = cx.source().get(word.span.start..word.span.end) == Some(word.text.as_str());
        return (literal && word.text == value).then(|| minimal_edit(word.span.start, value, new));
    }
    let name = single_variable(&word.text)?;
    if cx.config.build_args.contains_key(name) {
        return None;
    }
    let at = cx.semantics().global_args.get(name)?.defined_at?;
    let Body::Arg(pairs) = &cx.file.instructions.get(at)?.body else {
        return None;
    };
    let default = pairs
        .iter()
        .find(|kv| kv.key.text == name)?
        .value
        .as_ref()?;
    let literal =
        cx.source().get(default.span.start..default.span.end) == Some(default.text.as_str());
    (literal && default.text == value).then(|| minimal_edit(default.span.start, value, new))
}

/// `X` for `$X` or `${X}`.
pub fn single_variable(text: &str) -> Option<&str> {
    let name = text
        .strip_prefix("${")
        .and_then(|t| t.strip_suffix('}'))
        .or_else(|| text.strip_prefix('$'))?;
    let ok = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    ok.then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str, e: &Edit) -> String {
        crate::diagnostic::apply_edits(text, std::slice::from_ref(e))
    }

    #[test]
    fn minimal_edits() {
        let e = minimal_edit(5, "python:3.11", "python:3.11-slim");
        assert_eq!(
            (e.span, e.replacement.as_str()),
            (Span::new(16, 16), "-slim")
        );
        let e = minimal_edit(0, "python:3.11-bookworm", "python:3.11-slim-bookworm");
        assert_eq!(
            apply("python:3.11-bookworm", &e),
            "python:3.11-slim-bookworm"
        );
        assert_eq!(e.span.len(), 0);
        let e = minimal_edit(0, "golfing:1.18", "golang:1.18");
        assert_eq!(apply("golfing:1.18", &e), "golang:1.18");
        assert_eq!((e.span, e.replacement.as_str()), (Span::new(3, 5), "a"));
        // Repeated characters: the prefix wins, the suffix never overlaps it.
        let e = minimal_edit(0, "aa", "aaa");
        assert_eq!(apply("aa", &e), "aaa");
        let e = minimal_edit(0, "é-ü", "é-üé");
        assert_eq!(apply("é-ü", &e), "é-üé");
        let e = minimal_edit(0, "x", "x");
        assert!(e.span.is_empty() && e.replacement.is_empty());
    }

    #[test]
    fn lines_in_the_file_style() {
        assert_eq!(newline("FROM a\r\nRUN b\r\n"), "\r\n");
        assert_eq!(newline("FROM a\nRUN b"), "\n");
        assert_eq!(newline("FROM a"), "\n");
        assert_eq!(indentation("FROM a\n  \tRUN b\n", 12), "  \t");
        assert_eq!(indentation("FROM a", 99), "");
        let text = "FROM a\r\n  RUN b\r\n";
        let e = insert_line_after(text, 6, "  ", "ENV X=1");
        assert_eq!(apply(text, &e), "FROM a\r\n  ENV X=1\r\n  RUN b\r\n");
        let text = "FROM a";
        let e = insert_line_after(text, 6, "", "ENV X=1");
        assert_eq!(apply(text, &e), "FROM a\nENV X=1");
    }
}

//! An open document: its text, version, and the conversions between the
//! byte offsets the core speaks and the LSP positions (line, UTF-16 code
//! unit) the editor speaks. Every conversion clamps: a position past the
//! end of a line or of the file, or inside a character, never panics.

use lsp_types::{Position, Range, TextDocumentContentChangeEvent};

use drydock_core::syntax::Span;

/// The start of every line of a text, in bytes.
#[derive(Clone, Debug)]
pub struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Lines { starts }
    }

    /// The byte offset of an LSP position in `text` (clamped: past the end
    /// of its line is the line's end; past the last line is the end).
    pub fn offset(&self, text: &str, pos: Position) -> usize {
        let line = pos.line as usize;
        let Some(&start) = self.starts.get(line) else {
            return text.len();
        };
        let end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |&next| next - 1);
        let line_text = &text[start..end];
        let mut units = 0usize;
        for (i, c) in line_text.char_indices() {
            if units >= pos.character as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        end
    }

    /// The LSP position of byte `offset` (clamped to the text, and back to
    /// a character boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_boundary(text, offset);
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let character: usize = text[start..offset].chars().map(char::len_utf16).sum();
        Position::new(line as u32, character as u32)
    }

    pub fn range(&self, text: &str, span: Span) -> Range {
        Range::new(
            self.position(text, span.start),
            self.position(text, span.end),
        )
    }

    pub fn span(&self, text: &str, range: Range) -> Span {
        let a = self.offset(text, range.start);
        let b = self.offset(text, range.end);
        Span::new(a.min(b), a.max(b))
    }

    /// How many lines the text has (a final newline starts an empty one).
    pub fn count(&self) -> usize {
        self.starts.len()
    }
}

/// The largest character boundary at or before `offset`, within `text`.
pub fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A document the editor has open.
#[derive(Clone, Debug)]
pub struct Document {
    pub text: String,
    pub version: i32,
    pub lines: Lines,
}

impl Document {
    pub fn new(text: String, version: i32) -> Document {
        let lines = Lines::new(&text);
        Document {
            text,
            version,
            lines,
        }
    }

    /// Apply `didChange` events in order: a change with a range replaces
    /// that range (incremental sync), one without replaces the whole text.
    pub fn apply(&mut self, version: i32, changes: Vec<TextDocumentContentChangeEvent>) {
        for change in changes {
            match change.range {
                Some(range) => {
                    let span = self.lines.span(&self.text, range);
                    self.text.replace_range(span.start..span.end, &change.text);
                }
                None => self.text = change.text,
            }
            self.lines = Lines::new(&self.text);
        }
        self.version = version;
    }

    pub fn offset(&self, pos: Position) -> usize {
        self.lines.offset(&self.text, pos)
    }

    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(&self.text, offset)
    }

    pub fn range(&self, span: Span) -> Range {
        self.lines.range(&self.text, span)
    }

    pub fn span(&self, range: Range) -> Span {
        self.lines.span(&self.text, range)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_and_clamp() {
        let text = "FROM a\nRUN é😀x\n";
        let lines = Lines::new(text);
        // 'x' is after "RUN " (4), 'é' (1 unit), '😀' (2 units).
        let x = text.find('x').unwrap();
        assert_eq!(lines.position(text, x), Position::new(1, 7));
        assert_eq!(lines.offset(text, Position::new(1, 7)), x);
        // Inside the surrogate pair: the character's start.
        let emoji = text.find('😀').unwrap();
        assert_eq!(lines.offset(text, Position::new(1, 6)), emoji + 4);
        assert_eq!(lines.offset(text, Position::new(1, 5)), emoji);
        // Past the line's end, past the last line.
        assert_eq!(lines.offset(text, Position::new(0, 99)), 6);
        assert_eq!(lines.offset(text, Position::new(9, 0)), text.len());
        // Inside a character, past the end.
        assert_eq!(lines.position(text, emoji + 1), Position::new(1, 5));
        assert_eq!(lines.position(text, 999), Position::new(2, 0));
    }

    #[test]
    fn incremental_changes_apply_in_order() {
        let mut doc = Document::new("FROM a\nRUN b\n".into(), 1);
        doc.apply(
            2,
            vec![
                TextDocumentContentChangeEvent {
                    range: Some(Range::new(Position::new(0, 5), Position::new(0, 6))),
                    range_length: None,
                    text: "debian:12".into(),
                },
                TextDocumentContentChangeEvent {
                    range: Some(Range::new(Position::new(1, 4), Position::new(1, 5))),
                    range_length: None,
                    text: "true".into(),
                },
            ],
        );
        assert_eq!(doc.text, "FROM debian:12\nRUN true\n");
        assert_eq!(doc.version, 2);
        // A reversed range is read in order.
        doc.apply(
            3,
            vec![TextDocumentContentChangeEvent {
                range: Some(Range::new(Position::new(1, 8), Position::new(1, 4))),
                range_length: None,
                text: "false".into(),
            }],
        );
        assert_eq!(doc.text, "FROM debian:12\nRUN false\n");
    }
}

//! Byte offsets to 1-based line/column, and to the UTF-16 offsets the
//! browser editor uses.

use serde::Serialize;

/// A 1-based line and column. Columns count Unicode scalar values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Precomputed line starts of a text.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset of the start of every line (the first is 0).
    starts: Vec<usize>,
    /// True when the text is pure ASCII: columns and UTF-16 offsets are bytes.
    ascii: bool,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex {
            starts,
            ascii: text.is_ascii(),
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where 1-based `line` starts (clamped to the last line).
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.clamp(1, self.starts.len()) - 1]
    }

    /// The 1-based line containing byte `offset`.
    pub fn line(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// 1-based line and column of byte `offset` in `text` (the text this
    /// index was built from). Offsets past the end or inside a character
    /// are clamped.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset);
        let line = self.line(offset);
        let start = self.starts[line - 1];
        let column = if self.ascii {
            offset - start
        } else {
            text[start..offset].chars().count()
        };
        Position {
            line,
            column: column + 1,
        }
    }

    /// UTF-16 code-unit offset of byte `offset` (what CodeMirror uses).
    pub fn utf16_offset(&self, text: &str, offset: usize) -> usize {
        let offset = floor_char_boundary(text, offset);
        if self.ascii {
            return offset;
        }
        text[..offset].chars().map(char::len_utf16).sum()
    }
}

/// The largest char boundary `<= offset`, clamped to the text.
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let text = "FROM a\nRUN é x\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), Position { line: 1, column: 1 });
        assert_eq!(idx.position(text, 7), Position { line: 2, column: 1 });
        // "RUN é x": 'x' is at byte 7+7=14, char column 7.
        assert_eq!(idx.position(text, 14), Position { line: 2, column: 7 });
        assert_eq!(
            idx.position(text, text.len()),
            Position { line: 3, column: 1 }
        );
        // inside 'é' clamps back to its start
        assert_eq!(idx.position(text, 12), Position { line: 2, column: 5 });
    }

    #[test]
    fn utf16() {
        let text = "a😀b";
        let idx = LineIndex::new(text);
        assert_eq!(idx.utf16_offset(text, 5), 3);
        assert_eq!(idx.utf16_offset(text, 1), 1);
    }
}

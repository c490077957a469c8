//! Byte offsets and ranges ([`Span`]), to 1-based line/column, and to the
//! UTF-16 offsets the browser editor uses. The bottom layer: imports
//! nothing from the rest of the crate.

use serde::Serialize;

/// A half-open byte range `start..end` into a text (for a parsed file, [`crate::syntax::Dockerfile::source`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub const fn len(self) -> usize {
        self.end - self.start
    }
    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }
    pub fn contains(self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

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
    /// UTF-16 offset of the start of every line; empty when `ascii`. Keeps
    /// [`LineIndex::utf16_offset`] to the length of one line (a long file
    /// with one non-ASCII character and many findings stays linear).
    utf16_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        // One pass, eight bytes at a time: a word without a newline (most
        // of them) costs a few operations, and a search call per line
        // (`find`) cost more than that on short lines.
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        const NL: u64 = ONES * b'\n' as u64;
        let bytes = text.as_bytes();
        let mut starts = Vec::with_capacity(bytes.len() / 32 + 2);
        starts.push(0);
        let mut high = 0u64;
        let mut chunks = bytes.chunks_exact(8);
        let mut at = 0;
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            let w = u64::from_le_bytes(word);
            high |= w;
            let x = w ^ NL;
            // Non-zero when some byte of `x` is zero (a newline in `w`).
            if x.wrapping_sub(ONES) & !x & HIGH != 0 {
                for (k, &b) in chunk.iter().enumerate() {
                    if b == b'\n' {
                        starts.push(at + k + 1);
                    }
                }
            }
            at += 8;
        }
        for (k, &b) in chunks.remainder().iter().enumerate() {
            high |= u64::from(b);
            if b == b'\n' {
                starts.push(at + k + 1);
            }
        }
        let ascii = high & HIGH == 0;
        let mut utf16_starts = Vec::new();
        if !ascii {
            utf16_starts.reserve(starts.len());
            let mut units = 0;
            let mut from = 0;
            for &start in &starts {
                units += text[from..start]
                    .chars()
                    .map(char::len_utf16)
                    .sum::<usize>();
                utf16_starts.push(units);
                from = start;
            }
        }
        LineIndex {
            starts,
            ascii,
            utf16_starts,
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
        let line = self.line(offset);
        let start = self.starts[line - 1];
        self.utf16_starts[line - 1]
            + text[start..offset]
                .chars()
                .map(char::len_utf16)
                .sum::<usize>()
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

/// Append `n` in decimal to `out`, as `write!(out, "{n}")` would, without
/// the formatting machinery (the fix engine names every finding of every
/// round, and keys every model, with these).
pub(crate) fn push_decimal(out: &mut String, n: usize) {
    let mut digits = [0u8; 20];
    let (mut at, mut n) = (digits.len(), n);
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_decimal_writes_as_format_does() {
        for n in [0, 7, 10, 99, 1_000, 123_456_789, usize::MAX] {
            let mut out = String::from("x");
            push_decimal(&mut out, n);
            assert_eq!(out, format!("x{n}"));
        }
    }

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
    fn line_starts_match_a_plain_scan() {
        // Every length around the 8-byte steps, newlines anywhere, and
        // non-ASCII in the last partial step and in a full one.
        for text in [
            "",
            "\n",
            "a",
            "abcdefg\n",
            "abcdefgh\n",
            "abcdefgh\nijklmnop\nq",
            "\n\n\n\n\n\n\n\n\n\n",
            "FROM a\nRUN x \\\n  && y\n\nCMD z",
            "0123456789abcdé",
            "é123456789abcdef\n",
        ] {
            let idx = LineIndex::new(text);
            let mut expected = vec![0];
            expected.extend(text.match_indices('\n').map(|(i, _)| i + 1));
            assert_eq!(idx.starts, expected, "{text:?}");
            assert_eq!(idx.ascii, text.is_ascii(), "{text:?}");
        }
    }

    #[test]
    fn utf16() {
        let text = "a😀b";
        let idx = LineIndex::new(text);
        assert_eq!(idx.utf16_offset(text, 5), 3);
        assert_eq!(idx.utf16_offset(text, 1), 1);
        // Counted from the start of the line, after lines with astral
        // characters (2 units) and with 'é' (1 unit, 2 bytes).
        let text = "a😀\né\nRUN 😀 x\n";
        let idx = LineIndex::new(text);
        for offset in 0..=text.len() {
            let floor = floor_char_boundary(text, offset);
            let expected: usize = text[..floor].chars().map(char::len_utf16).sum();
            assert_eq!(idx.utf16_offset(text, offset), expected, "offset {offset}");
        }
    }
}

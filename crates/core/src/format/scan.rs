//! Where whitespace is only a word separator.
//!
//! A small shell-quoting tracker over an instruction's text, fed left to
//! right across line continuations (BuildKit joins them, so quotes carry
//! over). Whitespace is a separator, and its amount does not matter to
//! the shell or to BuildKit's word readers, when it is outside quotes,
//! outside `${…}`, and not escaped. The formatter changes the amount of
//! whitespace only there, and [`super::meaning`] compares shell-form
//! commands with such runs collapsed: both read the text through this one
//! definition.
//!
//! It is conservative by design: anything it cannot follow (a quote in a
//! shell comment, `$'…'`) keeps it in a quoted state, so whitespace after
//! it is left alone, never changed.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Frame {
    Single,
    Double,
    Backtick,
    /// `$(` (or a `(` inside one).
    Paren,
    /// `${`
    Brace,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Scanner {
    stack: Vec<Frame>,
    escaped: bool,
    dollar: bool,
}

impl Scanner {
    pub(crate) fn feed(&mut self, s: &str) {
        for b in s.bytes() {
            self.byte(b);
        }
    }

    pub(crate) fn byte(&mut self, b: u8) {
        if self.escaped {
            self.escaped = false;
            self.dollar = false;
            return;
        }
        let top = self.stack.last().copied();
        if top == Some(Frame::Single) {
            if b == b'\'' {
                self.stack.pop();
            }
            return;
        }
        match b {
            b'\\' => {
                self.escaped = true;
                self.dollar = false;
                return;
            }
            b'"' if top == Some(Frame::Double) => {
                self.stack.pop();
            }
            b'"' => self.stack.push(Frame::Double),
            b'\'' if top != Some(Frame::Double) => self.stack.push(Frame::Single),
            b'`' if top == Some(Frame::Backtick) => {
                self.stack.pop();
            }
            b'`' => self.stack.push(Frame::Backtick),
            b'(' if self.dollar || top == Some(Frame::Paren) => self.stack.push(Frame::Paren),
            b'{' if self.dollar => self.stack.push(Frame::Brace),
            b')' if top == Some(Frame::Paren) => {
                self.stack.pop();
            }
            b'}' if top == Some(Frame::Brace) => {
                self.stack.pop();
            }
            _ => {}
        }
        self.dollar = b == b'$';
    }

    /// Whitespace fed now would only separate words: not escaped, not
    /// inside quotes or `${…}`.
    pub(crate) fn separator(&self) -> bool {
        !self.escaped
            && !self
                .stack
                .iter()
                .any(|f| matches!(f, Frame::Single | Frame::Double | Frame::Brace))
    }
}

/// `text` with every separator run of spaces and tabs written as one
/// space, and no leading or trailing separator: what the shell reads the
/// same whatever the amount of whitespace.
pub(crate) fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut scanner = Scanner::default();
    let mut pending = false;
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if matches!(b, b' ' | b'\t') && scanner.separator() {
            if start < i {
                out.push_str(&text[start..i]);
            }
            start = i + 1;
            pending = !out.is_empty();
        } else if pending {
            out.push(' ');
            pending = false;
        }
        scanner.byte(b);
    }
    out.push_str(&text[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_only_separators() {
        assert_eq!(collapse("a    b\t c"), "a b c");
        assert_eq!(collapse("  a  "), "a");
        assert_eq!(
            collapse("echo \"a   b\"  'c   d'"),
            "echo \"a   b\" 'c   d'"
        );
        assert_eq!(collapse("echo ${X:-a   b}   y"), "echo ${X:-a   b} y");
        assert_eq!(collapse("echo a\\   b"), "echo a\\  b");
        assert_eq!(collapse("x=$(echo   a)  y"), "x=$(echo a) y");
        assert_eq!(collapse("echo \"$(echo   a)\""), "echo \"$(echo   a)\"");
        assert_ne!(collapse("ab"), collapse("a b"));
    }
}

//! Finding heredoc markers (`<<EOF`, `<<-"EOF"`, `3<<EOF`) on an
//! instruction line, the way BuildKit does: the line is split into words by
//! its shell lexer (quotes and escapes kept), and each word that looks like
//! `[n]<<[-]WORD` names a heredoc.

/// A heredoc marker found on a cooked instruction line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Marker {
    /// Range of the whole marker word in the cooked line.
    pub start: usize,
    pub end: usize,
    pub name: String,
    pub chomp: bool,
    /// Some part of the delimiter was quoted: the body is not expanded.
    pub quoted: bool,
}

/// Every heredoc marker in `line`, in order. Empty when the line cannot be
/// lexed (BuildKit then finds none either).
pub(crate) fn markers(line: &str) -> Vec<Marker> {
    let Some(words) = lex_words(line, true, true) else {
        return Vec::new();
    };
    words
        .into_iter()
        .filter_map(|w| {
            let (name, chomp, quoted) = from_word(&w.text)?;
            Some(Marker {
                start: w.start,
                end: w.end,
                name,
                chomp,
                quoted,
            })
        })
        .collect()
}

/// `^(\d*)<<(-?)\s*([^<]*)$` on a word, then the delimiter must lex to
/// exactly one word.
fn from_word(word: &str) -> Option<(String, bool, bool)> {
    let digits = word.len() - word.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = word[digits..].strip_prefix("<<")?;
    let (chomp, rest) = match rest.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let rest = rest.trim_start_matches(['\t', '\n', '\u{c}', '\r', ' ']);
    if rest.is_empty() || rest.contains('<') {
        return None;
    }
    let cooked = lex_words(rest, false, false)?;
    if cooked.len() != 1 {
        return None;
    }
    let raw = lex_words(rest, true, false)?;
    if raw.len() != 1 {
        return None;
    }
    let quotes = |s: &str| s.chars().filter(|&c| c == '\'' || c == '"').count();
    let quoted = quotes(&cooked[0].text) != quotes(&raw[0].text);
    Some((cooked[0].text.clone(), chomp, quoted))
}

#[derive(Debug)]
pub(crate) struct LexWord {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

struct Words {
    out: Vec<LexWord>,
    buf: String,
    in_word: bool,
    start: usize,
    end: usize,
}

impl Words {
    fn flush(&mut self) {
        if !self.buf.is_empty() {
            self.out.push(LexWord {
                text: std::mem::take(&mut self.buf),
                start: self.start,
                end: self.end,
            });
        }
        self.in_word = false;
    }
    fn raw_char(&mut self, c: char, at: usize, end: usize) {
        if self.buf.is_empty() && !self.in_word {
            self.start = at;
        }
        self.buf.push(c);
        self.in_word = true;
        self.end = end;
    }
    fn char(&mut self, c: char, at: usize, end: usize) {
        if c.is_whitespace() {
            if self.in_word && !self.buf.is_empty() {
                self.flush();
            }
        } else {
            self.raw_char(c, at, end);
        }
    }
    fn raw_str(&mut self, s: &str, at: usize, end: usize) {
        if self.buf.is_empty() && !self.in_word {
            self.start = at;
        }
        self.buf.push_str(s);
        self.in_word = true;
        self.end = end;
    }
}

/// BuildKit's shell lexer splitting a line into words with `$VARS` left as
/// written (no environment), escape `\`. `None` on an unterminated quote or
/// a bad `${`.
pub(crate) fn lex_words(s: &str, raw_quotes: bool, raw_escapes: bool) -> Option<Vec<LexWord>> {
    let b = s.as_bytes();
    let mut w = Words {
        out: Vec::new(),
        buf: String::new(),
        in_word: false,
        start: 0,
        end: 0,
    };
    let mut i = 0;
    while i < s.len() {
        let c = s[i..].chars().next()?;
        match c {
            '$' => {
                let end = dollar(s, i)?;
                // Expanded text is split on white space.
                let mut j = i;
                for ch in s[i..end].chars() {
                    w.char(ch, j, j + ch.len_utf8());
                    j += ch.len_utf8();
                }
                i = end;
            }
            '<' => {
                if b.get(i + 1) == Some(&b'<') {
                    let mut j = i + 2;
                    while matches!(b.get(j), Some(b'\t' | b'\r' | b' ')) {
                        j += 1;
                    }
                    w.raw_str(&s[i..j], i, j);
                    i = j;
                } else {
                    w.raw_str("<", i, i + 1);
                    i += 1;
                }
            }
            '\'' => {
                let close = s[i + 1..].find('\'')? + i + 1;
                let text = if raw_quotes {
                    &s[i..=close]
                } else {
                    &s[i + 1..close]
                };
                w.raw_str(text, i, close + 1);
                i = close + 1;
            }
            '"' => {
                let mut text = String::new();
                if raw_quotes {
                    text.push('"');
                }
                let mut j = i + 1;
                loop {
                    let ch = s[j..].chars().next()?;
                    match ch {
                        '"' => {
                            if raw_quotes {
                                text.push('"');
                            }
                            j += 1;
                            break;
                        }
                        '$' => {
                            let end = dollar(s, j)?;
                            text.push_str(&s[j..end]);
                            j = end;
                        }
                        '\\' => {
                            if raw_escapes {
                                text.push('\\');
                            }
                            j += 1;
                            match b.get(j) {
                                None => {}
                                Some(b'"' | b'$' | b'\\') => {
                                    text.push(b[j] as char);
                                    j += 1;
                                }
                                Some(_) => text.push('\\'),
                            }
                        }
                        _ => {
                            text.push(ch);
                            j += ch.len_utf8();
                        }
                    }
                }
                w.raw_str(&text, i, j);
                i = j;
            }
            '\\' => {
                if raw_escapes {
                    w.raw_char('\\', i, i + 1);
                }
                i += 1;
                let Some(n) = s[i..].chars().next() else {
                    break;
                };
                w.raw_char(n, i - 1, i + n.len_utf8());
                i += n.len_utf8();
            }
            _ => {
                w.char(c, i, i + c.len_utf8());
                i += c.len_utf8();
            }
        }
    }
    w.flush();
    Some(w.out)
}

/// The end of a `$…` expansion starting at `i` (on `$`), as written; `None`
/// for an unterminated or malformed `${`. Nested `${` are counted with a
/// counter, not recursion.
fn dollar(s: &str, i: usize) -> Option<usize> {
    let b = s.as_bytes();
    let mut j = i + 1;
    if b.get(j) != Some(&b'{') {
        let Some(c) = s[j..].chars().next() else {
            return Some(j);
        };
        if c.is_ascii_digit() {
            while b.get(j).is_some_and(u8::is_ascii_digit) {
                j += 1;
            }
            return Some(j);
        }
        if matches!(c, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0') {
            return Some(j + 1);
        }
        for ch in s[j..].chars() {
            if !(ch.is_alphanumeric() || ch == '_') {
                break;
            }
            j += ch.len_utf8();
        }
        return Some(j);
    }
    j += 1;
    match b.get(j) {
        None | Some(b'{' | b'}' | b':') => return None,
        _ => {}
    }
    let mut depth = 1usize;
    while j < b.len() {
        match b[j] {
            b'$' if b.get(j + 1) == Some(&b'{') => {
                depth += 1;
                j += 2;
                continue;
            }
            b'\\' => j += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(j + 1);
                }
            }
            _ => {}
        }
        j += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str) -> Vec<(String, bool, bool)> {
        markers(line)
            .into_iter()
            .map(|m| (m.name, m.chomp, m.quoted))
            .collect()
    }

    #[test]
    fn finds_markers() {
        assert_eq!(names("RUN <<EOF"), [("EOF".into(), false, false)]);
        assert_eq!(names("RUN <<-EOF"), [("EOF".into(), true, false)]);
        assert_eq!(names("RUN <<'EOF'"), [("EOF".into(), false, true)]);
        assert_eq!(names("RUN <<\"EOF\""), [("EOF".into(), false, true)]);
        assert_eq!(
            names("COPY <<a <<b /dest/"),
            [("a".into(), false, false), ("b".into(), false, false)]
        );
        assert_eq!(names("RUN 3<<EOF cat"), [("EOF".into(), false, false)]);
        assert_eq!(names("RUN cat << EOF > x"), [("EOF".into(), false, false)]);
        assert!(names("RUN echo 'a <<b'").is_empty());
        assert!(names("RUN echo don't <<EOF").is_empty());
        assert!(names("RUN cat<<EOF").is_empty());
        let m = markers("RUN  <<EOF");
        assert_eq!((m[0].start, m[0].end), (5, 10));
    }
}

//! BuildKit's readers for instruction arguments, reimplemented with byte
//! ranges so every value can be traced back to the source.
//!
//! Each function here mirrors one behaviour of BuildKit's
//! `frontend/dockerfile/parser` (word splitting, `--flag` extraction, the
//! JSON array check, Go's string quoting used by its test dumps). They work
//! on a cooked line (continuations already joined) and return offsets into
//! it; the caller maps those through [`super::Cooked`].

/// Go's `strings.TrimSpace` on `s[start..end]`, as a range.
pub(crate) fn trim_space(s: &str, start: usize, end: usize) -> (usize, usize) {
    let t = &s[start..end];
    let left = t.len() - t.trim_start().len();
    let right = t.trim_end().len();
    if left >= right {
        return (start + left, start + left);
    }
    (start + left, start + right)
}

/// `reWhitespace.Split(s[start..end], -1)` for a trimmed, non-empty range:
/// the runs between `[\t\v\f\r ]+`. Empty input gives nothing.
pub(crate) fn split_whitespace(s: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if start >= end {
        return out;
    }
    let bytes = s.as_bytes();
    let mut i = start;
    let mut word_start = start;
    while i < end {
        let b = bytes[i];
        if matches!(b, b'\t' | 0x0b | 0x0c | b'\r' | b' ') {
            out.push((word_start, i));
            while i < end && matches!(bytes[i], b'\t' | 0x0b | 0x0c | b'\r' | b' ') {
                i += 1;
            }
            word_start = i;
        } else {
            i += 1;
        }
    }
    out.push((word_start, end));
    out
}

/// The first `[\t\v\f\r ]+` in `s[start..end]`: `(run_start, run_end)`.
pub(crate) fn first_space_run(s: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let bytes = s.as_bytes();
    let i = (start..end).find(|&i| matches!(bytes[i], b'\t' | 0x0b | 0x0c | b'\r' | b' '))?;
    let mut j = i;
    while j < end && matches!(bytes[j], b'\t' | 0x0b | 0x0c | b'\r' | b' ') {
        j += 1;
    }
    Some((i, j))
}

/// A word found by [`parse_words`]: its range and its text (quotes kept).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RawWord {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// BuildKit's `parseWords`: split on white space outside quotes. Quotes and
/// escapes are kept in the word text; an escape character at the very end
/// of the input is dropped.
pub(crate) fn parse_words(s: &str, start: usize, end: usize, escape: char) -> Vec<RawWord> {
    let mut words = Vec::new();
    // A word's text is every character from its start to `word_end`
    // (quotes and escapes kept): it is copied from `s` once the word ends.
    let word = |words: &mut Vec<RawWord>, word_start: usize, word_end: usize, blank_ok: bool| {
        if blank_ok || word_end > word_start {
            words.push(RawWord {
                start: word_start,
                end: word_end,
                text: s[word_start..word_end].to_owned(),
            });
        }
    };
    let mut chars = s[start..end]
        .char_indices()
        .map(|(i, c)| (start + i, c))
        .peekable();
    // None: between words; Some(None): in a word; Some(Some(q)): in quote q.
    let mut state: Option<Option<char>> = None;
    let mut word_start = start;
    let mut word_end = start;
    let mut blank_ok = false;
    while let Some(&(pos, c)) = chars.peek() {
        match state {
            None => {
                if c.is_whitespace() {
                    chars.next();
                    continue;
                }
                state = Some(None);
                word_start = pos;
                word_end = pos;
                blank_ok = false;
                continue; // re-handle this char as part of the word
            }
            Some(None) => {
                chars.next();
                if c.is_whitespace() {
                    state = None;
                    word(&mut words, word_start, word_end, blank_ok);
                    continue;
                }
                if c == '\'' || c == '"' {
                    state = Some(Some(c));
                    blank_ok = true;
                }
                if c == escape {
                    // The escaped character is part of the word; an escape
                    // at the very end is dropped.
                    if let Some((p2, c2)) = chars.next() {
                        word_end = p2 + c2.len_utf8();
                    }
                    continue;
                }
                word_end = pos + c.len_utf8();
            }
            Some(Some(q)) => {
                chars.next();
                if c == q {
                    state = Some(None);
                }
                if c == escape && q != '\'' {
                    match chars.next() {
                        Some((p2, c2)) => word_end = p2 + c2.len_utf8(),
                        None => state = Some(None),
                    }
                    continue;
                }
                word_end = pos + c.len_utf8();
            }
        }
    }
    if state.is_some() {
        word(&mut words, word_start, word_end, blank_ok);
    }
    words
}

/// A `--flag` found by [`extract_flags`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RawFlag {
    pub start: usize,
    pub end: usize,
    /// The flag as BuildKit reads it: quotes removed, escapes resolved.
    pub text: String,
}

/// BuildKit's `extractBuilderFlags` on `s[start..end]`: the leading words
/// that start with `--` (a lone `--` ends them and is dropped), and the
/// offset where the remaining arguments start.
pub(crate) fn extract_flags(
    s: &str,
    start: usize,
    end: usize,
    escape: char,
) -> (Vec<RawFlag>, usize) {
    let mut flags = Vec::new();
    let bytes = s.as_bytes();
    let mut pos = start;
    loop {
        // between words
        while pos < end {
            let c = s[pos..end].chars().next().expect("in range");
            if !c.is_whitespace() {
                break;
            }
            pos += c.len_utf8();
        }
        if pos >= end {
            return (flags, end);
        }
        if !(bytes[pos] == b'-' && pos + 1 < end && bytes[pos + 1] == b'-') {
            return (flags, pos);
        }
        // a word starting with `--`
        let word_start = pos;
        let mut text = String::new();
        let mut quote: Option<char> = None;
        let mut blank_ok = false;
        loop {
            if pos >= end {
                if text != "--" && (blank_ok || !text.is_empty()) {
                    flags.push(RawFlag {
                        start: word_start,
                        end,
                        text,
                    });
                }
                return (flags, end);
            }
            let c = s[pos..end].chars().next().expect("in range");
            match quote {
                None => {
                    if c.is_whitespace() {
                        if text == "--" {
                            return (flags, pos);
                        }
                        if blank_ok || !text.is_empty() {
                            flags.push(RawFlag {
                                start: word_start,
                                end: pos,
                                text,
                            });
                        }
                        break;
                    }
                    pos += c.len_utf8();
                    if c == '\'' || c == '"' {
                        quote = Some(c);
                        blank_ok = true;
                        continue;
                    }
                    if c == escape {
                        if pos >= end {
                            continue;
                        }
                        let c2 = s[pos..end].chars().next().expect("in range");
                        pos += c2.len_utf8();
                        text.push(c2);
                        continue;
                    }
                    text.push(c);
                }
                Some(q) => {
                    pos += c.len_utf8();
                    if c == q {
                        quote = None;
                        continue;
                    }
                    if c == escape {
                        if pos >= end {
                            quote = None;
                            continue;
                        }
                        let c2 = s[pos..end].chars().next().expect("in range");
                        pos += c2.len_utf8();
                        text.push(c2);
                        continue;
                    }
                    text.push(c);
                }
            }
        }
    }
}

/// The result of BuildKit's `parseJSON` on an argument string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Json {
    /// A JSON array of strings: each decoded string with the range of its
    /// literal (quotes included).
    Strings(Vec<(String, usize, usize)>),
    /// Valid JSON array, but an element is not a string: an error.
    NotStrings,
    /// Not a JSON array (BuildKit falls back to the shell form).
    Invalid,
}

/// Go's `encoding/json` nests at most this deep.
const JSON_MAX_DEPTH: usize = 10_000;

/// BuildKit's `parseJSON`: `s[start..end]` (left-trimmed) must start with
/// `[` and be exactly one JSON array; its elements must be strings.
pub(crate) fn parse_json_array(s: &str, start: usize, end: usize) -> Json {
    let b = s.as_bytes();
    let mut i = start;
    while i < end && s[i..end].starts_with(char::is_whitespace) {
        i += s[i..end].chars().next().map_or(1, char::len_utf8);
    }
    if i >= end || b[i] != b'[' {
        return Json::Invalid;
    }
    let mut p = JsonReader { s, b, i, end };
    let mut items = Vec::new();
    let mut all_strings = true;
    p.i += 1;
    p.ws();
    if p.peek() == Some(b']') {
        p.i += 1;
    } else {
        loop {
            p.ws();
            let lit_start = p.i;
            if p.peek() == Some(b'"') {
                match p.string() {
                    Some(v) => items.push((v, lit_start, p.i)),
                    None => return Json::Invalid,
                }
            } else {
                if !p.skip_value() {
                    return Json::Invalid;
                }
                all_strings = false;
            }
            p.ws();
            match p.peek() {
                Some(b',') => p.i += 1,
                Some(b']') => {
                    p.i += 1;
                    break;
                }
                _ => return Json::Invalid,
            }
        }
    }
    p.ws();
    if p.i != end {
        return Json::Invalid;
    }
    if all_strings {
        Json::Strings(items)
    } else {
        Json::NotStrings
    }
}

struct JsonReader<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
    end: usize,
}

impl JsonReader<'_> {
    fn peek(&self) -> Option<u8> {
        (self.i < self.end).then(|| self.b[self.i])
    }
    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }
    fn hex4(&mut self) -> Option<u32> {
        if self.i + 4 > self.end {
            return None;
        }
        let h = self.s.get(self.i..self.i + 4)?;
        if !h.bytes().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        self.i += 4;
        u32::from_str_radix(h, 16).ok()
    }
    /// A string literal at `i` (on `"`), decoded like Go does.
    fn string(&mut self) -> Option<String> {
        self.i += 1;
        let mut out = String::new();
        loop {
            let run_start = self.i;
            while self.i < self.end && !matches!(self.b[self.i], b'"' | b'\\' | 0..=0x1f) {
                self.i += 1;
            }
            out.push_str(&self.s[run_start..self.i]);
            match self.peek()? {
                b'"' => {
                    self.i += 1;
                    return Some(out);
                }
                b'\\' => {
                    self.i += 1;
                    let e = self.peek()?;
                    self.i += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            if (0xD800..0xDC00).contains(&hi) {
                                // a surrogate pair, or U+FFFD like Go
                                let save = self.i;
                                if self.s[self.i..self.end].starts_with("\\u") {
                                    self.i += 2;
                                    if let Some(lo) = self.hex4() {
                                        if (0xDC00..0xE000).contains(&lo) {
                                            let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                                            out.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
                                            continue;
                                        }
                                    }
                                }
                                self.i = save;
                                out.push('\u{FFFD}');
                            } else {
                                out.push(char::from_u32(hi).unwrap_or('\u{FFFD}'));
                            }
                        }
                        _ => return None,
                    }
                }
                _ => return None, // a control character
            }
        }
    }
    /// Skip any JSON value; false when it is not valid JSON. Iterative,
    /// with Go's nesting limit.
    fn skip_value(&mut self) -> bool {
        // Stack of open containers: b'[' or b'{'.
        let mut stack: Vec<u8> = Vec::new();
        loop {
            self.ws();
            // a value
            match self.peek() {
                Some(b'"') => {
                    if self.string().is_none() {
                        return false;
                    }
                }
                Some(b'[') | Some(b'{') => {
                    let open = self.b[self.i];
                    self.i += 1;
                    stack.push(open);
                    if stack.len() > JSON_MAX_DEPTH {
                        return false;
                    }
                    self.ws();
                    let close = if open == b'[' { b']' } else { b'}' };
                    if self.peek() == Some(close) {
                        self.i += 1;
                        stack.pop();
                    } else {
                        if open == b'{' && !self.key() {
                            return false;
                        }
                        continue;
                    }
                }
                Some(b't') => {
                    if !self.lit("true") {
                        return false;
                    }
                }
                Some(b'f') => {
                    if !self.lit("false") {
                        return false;
                    }
                }
                Some(b'n') => {
                    if !self.lit("null") {
                        return false;
                    }
                }
                Some(b'-' | b'0'..=b'9') => {
                    if !self.number() {
                        return false;
                    }
                }
                _ => return false,
            }
            // after a value: close containers or move to the next element
            loop {
                let Some(&top) = stack.last() else {
                    return true;
                };
                self.ws();
                match self.peek() {
                    Some(b',') => {
                        self.i += 1;
                        if top == b'{' && !self.key() {
                            return false;
                        }
                        break;
                    }
                    Some(b']') if top == b'[' => {
                        self.i += 1;
                        stack.pop();
                    }
                    Some(b'}') if top == b'{' => {
                        self.i += 1;
                        stack.pop();
                    }
                    _ => return false,
                }
            }
        }
    }
    /// `"key" :` inside an object.
    fn key(&mut self) -> bool {
        self.ws();
        if self.peek() != Some(b'"') || self.string().is_none() {
            return false;
        }
        self.ws();
        if self.peek() != Some(b':') {
            return false;
        }
        self.i += 1;
        true
    }
    fn lit(&mut self, word: &str) -> bool {
        if self.s[self.i..self.end].starts_with(word) {
            self.i += word.len();
            true
        } else {
            false
        }
    }
    fn number(&mut self) -> bool {
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.peek() {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                while matches!(self.peek(), Some(b'0'..=b'9')) {
                    self.i += 1;
                }
            }
            _ => return false,
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return false;
            }
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.i += 1;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return false;
            }
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.i += 1;
            }
        }
        true
    }
}

/// Go's `strconv.Quote`, used by BuildKit's `Node.Dump`.
pub(crate) fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if go_is_print(c) => out.push(c),
            c if (c as u32) < 0x80 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// An approximation of Go's `strconv.IsPrint` (letters, marks, numbers,
/// punctuation, symbols and the ASCII space).
fn go_is_print(c: char) -> bool {
    if c.is_ascii() {
        return (' '..='~').contains(&c);
    }
    !(c.is_whitespace()
        || c.is_control()
        || matches!(c as u32,
            0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x180E | 0x200B..=0x200F
            | 0x202A..=0x202E | 0x2060..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB
            | 0xE000..=0xF8FF | 0xFFFE | 0xFFFF | 0xF0000..=0x10FFFF))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        parse_words(s, 0, s.len(), '\\')
            .into_iter()
            .map(|w| w.text)
            .collect()
    }

    /// [`parse_words`] as it was written before it copied each word's
    /// text from the input (a character at a time into a buffer).
    #[allow(clippy::all)]
    fn parse_words_before(s: &str, start: usize, end: usize, escape: char) -> Vec<RawWord> {
        let mut words = Vec::new();
        let body = &s[start..end];
        let chars: Vec<(usize, char)> = body.char_indices().map(|(i, c)| (start + i, c)).collect();
        // Sized once for the longest word there can be.
        let mut text = String::with_capacity(body.len());
        let n = chars.len();
        // None: between words; Some(None): in a word; Some(Some(q)): in quote q.
        let mut state: Option<Option<char>> = None;
        let mut word_start = start;
        let mut word_end = start;
        let mut blank_ok = false;
        let mut k = 0;
        while k < n {
            let (pos, c) = chars[k];
            let at_last = k + 1 == n;
            match state {
                None => {
                    if c.is_whitespace() {
                        k += 1;
                        continue;
                    }
                    state = Some(None);
                    word_start = pos;
                    word_end = pos;
                    text.clear();
                    blank_ok = false;
                    continue; // re-handle this char as part of the word
                }
                Some(None) => {
                    if c.is_whitespace() {
                        state = None;
                        if blank_ok || !text.is_empty() {
                            words.push(RawWord {
                                start: word_start,
                                end: word_end,
                                // Copied at its length; `text` is reused.
                                text: text.as_str().to_owned(),
                            });
                        }
                        k += 1;
                        continue;
                    }
                    if c == '\'' || c == '"' {
                        state = Some(Some(c));
                        blank_ok = true;
                    }
                    if c == escape {
                        if at_last {
                            k += 1;
                            continue;
                        }
                        let (p2, c2) = chars[k + 1];
                        text.push(c);
                        text.push(c2);
                        word_end = p2 + c2.len_utf8();
                        k += 2;
                        continue;
                    }
                    text.push(c);
                    word_end = pos + c.len_utf8();
                    k += 1;
                }
                Some(Some(q)) => {
                    if c == q {
                        state = Some(None);
                    }
                    if c == escape && q != '\'' {
                        if at_last {
                            state = Some(None);
                            k += 1;
                            continue;
                        }
                        let (p2, c2) = chars[k + 1];
                        text.push(c);
                        text.push(c2);
                        word_end = p2 + c2.len_utf8();
                        k += 2;
                        continue;
                    }
                    text.push(c);
                    word_end = pos + c.len_utf8();
                    k += 1;
                }
            }
        }
        if state.is_some() && (blank_ok || !text.is_empty()) {
            words.push(RawWord {
                start: word_start,
                end: word_end,
                text: text.as_str().to_owned(),
            });
        }
        words
    }

    #[test]
    fn parse_words_is_what_it_was() {
        let mut texts: Vec<String> = [
            "",
            " ",
            "a",
            "a b",
            "  ab  'c d'",
            "a\\",
            "a\\ b",
            "'a\\'",
            "\"a\\\"b\" c",
            "x='' y=\"\"",
            "'unterminated",
            "\"unterminated",
            "a\\\u{e9}",
            "f\u{f6}o\u{a0}b\u{e0}r",
            "'' \"\"",
            "a'b c'd",
            "`a` b`",
            "k=v\\\n  w",
            "\u{2003}a\u{2003}",
            "a \\",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        // Every line of every file of the corpus, when it is there.
        let corpus =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/files");
        if let Ok(dir) = std::fs::read_dir(&corpus) {
            for e in dir.flatten().take(400) {
                if let Ok(t) = std::fs::read_to_string(e.path()) {
                    texts.extend(t.lines().map(str::to_string));
                }
            }
        }
        for t in &texts {
            for escape in ['\\', '`'] {
                for (a, b) in [(0, t.len()), (t.len().min(1), t.len())] {
                    if !t.is_char_boundary(a) {
                        continue;
                    }
                    assert_eq!(
                        parse_words(t, a, b, escape),
                        parse_words_before(t, a, b, escape),
                        "{t:?} {a}..{b} escape {escape:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn parse_words_like_buildkit() {
        assert_eq!(words("foo"), ["foo"]);
        assert_eq!(words("foo bar"), ["foo", "bar"]);
        assert_eq!(words("foo\\ bar"), ["foo\\ bar"]);
        assert_eq!(words("foo bar 'abc xyz'"), ["foo", "bar", "'abc xyz'"]);
        assert_eq!(words("föo bàr \"âbc xÿz\""), ["föo", "bàr", "\"âbc xÿz\""]);
        assert_eq!(words("a\\"), ["a"]);
        assert_eq!(words("x=''"), ["x=''"]);
        let w = parse_words("  ab  'c d'", 0, 11, '\\');
        assert_eq!((w[1].start, w[1].end), (6, 11));
    }

    #[test]
    fn flags() {
        let s = "--a=1 --b=\"x y\" -- rest";
        let (f, at) = extract_flags(s, 0, s.len(), '\\');
        let texts: Vec<_> = f.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(texts, ["--a=1", "--b=x y"]);
        assert_eq!(&s[at..], " rest");
        let s = "--x foo";
        let (f, at) = extract_flags(s, 0, s.len(), '\\');
        assert_eq!(f.len(), 1);
        assert_eq!(&s[at..], "foo");
    }

    #[test]
    fn json() {
        let j = |s: &str| parse_json_array(s, 0, s.len());
        assert_eq!(
            j(r#"[ "a", "b\"c" ]"#),
            Json::Strings(vec![("a".into(), 2, 5), ("b\"c".into(), 7, 13)])
        );
        assert_eq!(j("[]"), Json::Strings(vec![]));
        assert_eq!(j(r#"["a", ["b"]]"#), Json::NotStrings);
        assert_eq!(j(r#"["a", {"k": [1, 2.5e3, null]}]"#), Json::NotStrings);
        assert_eq!(j("['a']"), Json::Invalid);
        assert_eq!(j(r#"["a""#), Json::Invalid);
        assert_eq!(j(r#"["a"] x"#), Json::Invalid);
        let deep = "[".repeat(20_000) + &"]".repeat(20_000);
        assert_eq!(j(&deep), Json::Invalid);
    }

    #[test]
    fn quote() {
        assert_eq!(go_quote("a\"b\\c\n"), r#""a\"b\\c\n""#);
        assert_eq!(go_quote("é\u{0}"), "\"é\\x00\"");
    }
}

//! The list syntax the data files share (written by
//! `scripts/knowledge/textfmt.py`).
//!
//! A line is words separated by spaces; `#` starts a comment line. A word
//! may hold one brace group: `cpp-{10,12,14}` stands for `cpp-10 cpp-12
//! cpp-14`, `{llc,lli}-19` for `llc-19 lli-19`, and inside the braces
//! `a..b` (two decimal numbers, a ≤ b) for every number from a to b. `~`
//! alone stands for the empty word. A line `[NAME]` starts a section (see
//! [`section_lines`]).

use std::fmt::Write;
use std::sync::Mutex;

use rustc_hash::FxHashMap as HashMap;

/// Most words one brace group may stand for: a bound on what a damaged
/// data file could make us allocate.
const MAX_EXPANSION: u64 = 10_000;

/// The data lines of `text`: trimmed, without blank and comment lines.
pub(crate) fn data_lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The data lines of `text` that belong to one of `sections`: a line
/// `[NAME]` starts section NAME, and the lines before the first such line
/// belong to the section `both`.
pub(crate) fn section_lines<'s>(
    text: &'static str,
    sections: &'s [&'s str],
) -> impl Iterator<Item = &'static str> + 's {
    let mut current = "both";
    data_lines(text).filter(move |line| {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = name;
            return false;
        }
        sections.contains(&current)
    })
}

/// Calls `f` with each word `word` stands for, in order.
pub(crate) fn expand_word(word: &str, f: &mut dyn FnMut(&str)) {
    if word == "~" {
        f("");
        return;
    }
    let (Some(open), Some(close)) = (word.find('{'), word.find('}')) else {
        f(word);
        return;
    };
    if close < open {
        f(word);
        return;
    }
    let (head, body, tail) = (&word[..open], &word[open + 1..close], &word[close + 1..]);
    let mut buf = String::with_capacity(word.len() + 8);
    for item in body.split(',') {
        match item.split_once("..") {
            Some((a, b)) => {
                let (Ok(a), Ok(b)) = (a.parse::<u64>(), b.parse::<u64>()) else {
                    continue;
                };
                if b < a || b - a > MAX_EXPANSION {
                    continue;
                }
                for n in a..=b {
                    buf.clear();
                    buf.push_str(head);
                    // Written in place: no string per number.
                    let _ = write!(buf, "{n}");
                    buf.push_str(tail);
                    f(&buf);
                }
            }
            None => {
                buf.clear();
                buf.push_str(head);
                buf.push_str(item);
                buf.push_str(tail);
                f(&buf);
            }
        }
    }
}

/// Every word `words` stand for, as owned strings.
pub(crate) fn expand_all<'a>(words: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out = Vec::new();
    for w in words {
        expand_word(w, &mut |s| out.push(s.to_string()));
    }
    out
}

/// Every word `words` stand for, as `'static` strings: a word without
/// braces is the data text itself; an expanded one is interned (allocated
/// once for the life of the program, like the tables that hold it).
pub(crate) fn expand_static(words: impl IntoIterator<Item = &'static str>) -> Vec<&'static str> {
    let mut out = Vec::new();
    for w in words {
        if w.contains('{') || w == "~" {
            expand_word(w, &mut |s| out.push(intern(s)));
        } else {
            out.push(w);
        }
    }
    out
}

/// A `'static` copy of `s`, made once per distinct string.
pub(crate) fn intern(s: &str) -> &'static str {
    static POOL: Mutex<Option<HashMap<String, &'static str>>> = Mutex::new(None);
    let mut guard = match POOL.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    };
    let pool = guard.get_or_insert_with(HashMap::default);
    if let Some(s) = pool.get(s) {
        return s;
    }
    let leaked: &'static str = Box::leak(s.to_string().into_boxed_str());
    pool.insert(s.to_string(), leaked);
    leaked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(w: &str) -> Vec<String> {
        expand_all([w])
    }

    #[test]
    fn braces_and_ranges() {
        assert_eq!(ex("cpp-{10,12,14}"), ["cpp-10", "cpp-12", "cpp-14"]);
        assert_eq!(ex("{llc,lli}-19"), ["llc-19", "lli-19"]);
        assert_eq!(ex("3.9.{0..2,5}"), ["3.9.0", "3.9.1", "3.9.2", "3.9.5"]);
        assert_eq!(ex("plain"), ["plain"]);
        assert_eq!(ex("~"), [""]);
    }

    #[test]
    fn damaged_words_do_not_panic_or_explode() {
        for w in [
            "{",
            "}",
            "}{",
            "a{",
            "a}b{c",
            "{..}",
            "{1..}",
            "{5..1}",
            "{0..99999999999}",
            "{é..ü}",
            "{,}",
            "x{1..3}y{4}",
            "{18446744073709551615..18446744073709551615}",
        ] {
            let out = ex(w);
            assert!(out.len() <= 10_002, "{w}");
        }
        assert_eq!(ex("{5..1}"), Vec::<String>::new());
        assert_eq!(ex("}{"), ["}{"]);
    }

    #[test]
    fn sections() {
        const TEXT: &str = "# c\na\n[debian]\nb\n[ubuntu]\nc\n[both]\nd\n[]\n[\ne\n";
        let got: Vec<&str> = section_lines(TEXT, &["both", "debian"]).collect();
        assert_eq!(got, ["a", "b", "d"]);
        let got: Vec<&str> = section_lines(TEXT, &["ubuntu"]).collect();
        assert_eq!(got, ["c"]);
        // `[` alone is not a section header: a data line of the section `` (empty name).
        let got: Vec<&str> = section_lines(TEXT, &[""]).collect();
        assert_eq!(got, ["[", "e"]);
    }

    #[test]
    fn interned_strings_are_shared() {
        let a = intern("knowledge-test");
        let b = intern("knowledge-test");
        assert!(std::ptr::eq(a, b));
        assert_eq!(expand_static(["a-{1,2}", "b"]), ["a-1", "a-2", "b"]);
    }
}

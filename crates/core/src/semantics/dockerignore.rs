//! `.dockerignore` matching with the semantics of Docker's pattern
//! matcher (moby/patternmatcher), which BuildKit uses to filter the build
//! context:
//!
//! - one pattern a line; lines starting with `#` are comments; blank
//!   lines are skipped; surrounding whitespace is trimmed; a UTF-8 BOM
//!   on the first line is dropped;
//! - `!pattern` re-includes what earlier patterns excluded (the last
//!   matching pattern wins);
//! - patterns are cleaned like paths (`./a//b/` → `a/b`, `a/../b` → `b`)
//!   and a leading `/` is dropped: every pattern is relative to the
//!   context root;
//! - `*` matches any run of characters but `/`, `?` one character but
//!   `/`, `[a-z]` / `[^a-z]` a character class, `\x` the character `x`;
//! - `**` matches any number of directories (zero included): `**/x`
//!   matches `x` at any depth, `a/**` everything under `a`;
//! - a pattern that matches a directory excludes everything beneath it
//!   ([`Dockerignore::excludes`] checks the path's parents too), so a
//!   trailing-slash directory pattern (`build/`) excludes the directory's
//!   content.
//!
//! Matching is linear in `pattern × path` (no backtracking blow-up).

/// A parsed `.dockerignore`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dockerignore {
    pub patterns: Vec<Pattern>,
}

/// One pattern line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    /// The cleaned pattern, without `!`.
    pub text: String,
    /// A `!` line: re-includes.
    pub exclusion: bool,
    /// 1-based line in the file.
    pub line: usize,
    tokens: Vec<Token>,
    kind: MatchKind,
    /// For a glob, its longest run of literal characters: a text the
    /// pattern matches contains it, so a path without it (and then each
    /// of its parents) is not matched, and not run through the matcher.
    literal: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Char(char),
    /// `*`
    Star,
    /// `?`
    Any,
    /// `**` (with its `/` eaten): any string, `/` included, ending in `/`
    /// or empty — or, at the end of the pattern, any string.
    Dirs {
        at_end: bool,
    },
    /// `[...]`: (negated, items)
    Class(bool, Vec<(char, char)>),
}

/// The matcher's shortcuts, which decide a few edge cases.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MatchKind {
    Exact,
    /// `foo**`: the path starts with `foo`.
    Prefix,
    /// `**foo`, `**/foo`: the path ends with `foo` (or is `foo` without
    /// the `/`).
    Suffix,
    Glob,
}

impl Dockerignore {
    /// Read a `.dockerignore`'s text. Never fails: a malformed class is
    /// taken literally.
    pub fn parse(text: &str) -> Dockerignore {
        let mut patterns = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = if n == 0 {
                line.strip_prefix('\u{feff}').unwrap_or(line)
            } else {
                line
            };
            if line.starts_with('#') {
                continue;
            }
            let mut p = line.trim();
            if p.is_empty() {
                continue;
            }
            let exclusion = p.starts_with('!');
            if exclusion {
                p = p[1..].trim();
            }
            let mut cleaned = if p.is_empty() {
                String::new()
            } else {
                clean(p)
            };
            if cleaned.len() > 1 && cleaned.starts_with('/') {
                cleaned.remove(0);
            }
            if exclusion && cleaned.is_empty() {
                // `!` alone: Docker rejects the file; ignore the line.
                continue;
            }
            let (tokens, kind) = compile(&cleaned);
            let literal = if kind == MatchKind::Glob {
                longest_literal(&tokens)
            } else {
                String::new()
            };
            patterns.push(Pattern {
                text: cleaned,
                exclusion,
                line: n + 1,
                tokens,
                kind,
                literal,
            });
        }
        Dockerignore { patterns }
    }

    /// True when some pattern is a `!` exception.
    pub fn has_exclusions(&self) -> bool {
        self.patterns.iter().any(|p| p.exclusion)
    }

    /// True when `path` (relative to the context, `/`-separated) or one of
    /// its parent directories is excluded, as Docker decides whether a
    /// file reaches the build context (`MatchesOrParentMatches`).
    pub fn excludes(&self, path: &str) -> bool {
        let parent = match path.rfind('/') {
            Some(i) => &path[..i],
            None => ".",
        };
        let mut matched = false;
        for pattern in &self.patterns {
            if pattern.exclusion != matched {
                continue;
            }
            if !path.contains(pattern.literal.as_str()) {
                // Neither the path nor a parent (a prefix of it) can match.
                continue;
            }
            let mut m = pattern.matches(path);
            if !m && parent != "." {
                // Each parent directory, the shortest first (`a`, `a/b` …):
                // `parent` up to each `/`, then all of it.
                let ends = parent.match_indices('/').map(|(i, _)| i);
                m = ends
                    .chain([parent.len()])
                    .any(|end| pattern.matches(&parent[..end]));
            }
            if m {
                matched = !pattern.exclusion;
            }
        }
        matched
    }

    /// True when a pattern excludes every entry of the context root
    /// (`*`, `**`, `**/*`).
    pub fn excludes_root(&self) -> bool {
        self.patterns
            .iter()
            .any(|p| !p.exclusion && matches!(p.text.as_str(), "*" | "**" | "**/*"))
    }
}

impl Pattern {
    /// Does this pattern match `path` itself (parents not considered)?
    pub fn matches(&self, path: &str) -> bool {
        match self.kind {
            MatchKind::Exact => path == self.text,
            MatchKind::Prefix => path.starts_with(&self.text[..self.text.len() - 2]),
            MatchKind::Suffix => {
                let suffix = &self.text[2..];
                path.ends_with(suffix) || (suffix.starts_with('/') && path == &suffix[1..])
            }
            MatchKind::Glob => glob_match(&self.tokens, path),
        }
    }
}

/// The longest run of consecutive [`Token::Char`]s: they match consecutive
/// characters, so whatever the tokens match contains it.
fn longest_literal(tokens: &[Token]) -> String {
    let mut best = String::new();
    let mut run = String::new();
    for t in tokens {
        match t {
            Token::Char(c) => run.push(*c),
            _ => {
                if run.len() > best.len() {
                    best = std::mem::take(&mut run);
                }
                run.clear();
            }
        }
    }
    if run.len() > best.len() {
        best = run;
    }
    best
}

/// Lexically clean a `/`-separated path like Go's `filepath.Clean`.
pub fn clean(path: &str) -> String {
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    // `/` when rooted, the parts joined by `/`, `.` for nothing: written
    // into one string.
    let mut out = String::with_capacity(path.len() + 1);
    if rooted {
        out.push('/');
    }
    for (k, part) in parts.iter().enumerate() {
        if k > 0 {
            out.push('/');
        }
        out.push_str(part);
    }
    if out.is_empty() {
        out.push('.');
    }
    out
}

fn compile(pattern: &str) -> (Vec<Token>, MatchKind) {
    let chars: Vec<char> = pattern.chars().collect();
    let mut tokens = Vec::new();
    let mut kind = MatchKind::Exact;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let first = i == 0;
        i += 1;
        match c {
            '*' if chars.get(i) == Some(&'*') => {
                i += 1;
                if chars.get(i) == Some(&'/') {
                    i += 1;
                }
                let at_end = i == chars.len();
                if at_end {
                    kind = if kind == MatchKind::Exact {
                        MatchKind::Prefix
                    } else {
                        MatchKind::Glob
                    };
                } else {
                    kind = MatchKind::Glob;
                }
                if first {
                    kind = MatchKind::Suffix;
                }
                tokens.push(Token::Dirs { at_end });
            }
            '*' => {
                kind = MatchKind::Glob;
                tokens.push(Token::Star);
            }
            '?' => {
                kind = MatchKind::Glob;
                tokens.push(Token::Any);
            }
            '\\' => {
                if let Some(&n) = chars.get(i) {
                    i += 1;
                    kind = MatchKind::Glob;
                    tokens.push(Token::Char(n));
                } else {
                    tokens.push(Token::Char('\\'));
                }
            }
            '[' => {
                kind = MatchKind::Glob;
                match read_class(&chars, i) {
                    Some((class, next)) => {
                        tokens.push(class);
                        i = next;
                    }
                    None => tokens.push(Token::Char('[')),
                }
            }
            c => tokens.push(Token::Char(c)),
        }
    }
    (tokens, kind)
}

/// Read `[...]` starting after the `[`; `None` when it is not closed.
fn read_class(chars: &[char], mut i: usize) -> Option<(Token, usize)> {
    let negated = chars.get(i) == Some(&'^');
    if negated {
        i += 1;
    }
    let mut items = Vec::new();
    let mut first = true;
    loop {
        let mut c = *chars.get(i)?;
        if c == ']' && !first {
            return Some((Token::Class(negated, items), i + 1));
        }
        first = false;
        i += 1;
        if c == '\\' {
            c = *chars.get(i)?;
            i += 1;
        }
        let mut hi = c;
        if chars.get(i) == Some(&'-') && chars.get(i + 1).is_some_and(|n| *n != ']') {
            hi = chars[i + 1];
            i += 2;
            if hi == '\\' {
                hi = *chars.get(i)?;
                i += 1;
            }
        }
        items.push((c, hi));
    }
}

/// Whole-string glob match by dynamic programming over (token, char).
fn glob_match(tokens: &[Token], path: &str) -> bool {
    // On the stack for the paths of a Dockerfile (short), else on the heap.
    const SHORT: usize = 127;
    let mut chars = ['\0'; SHORT];
    let mut rows = [false; 2 * (SHORT + 1)];
    let (mut heap_chars, mut heap_rows) = (Vec::new(), Vec::new());
    let len = path.chars().count();
    let (s, rows): (&[char], &mut [bool]) = if len <= SHORT {
        for (k, c) in path.chars().enumerate() {
            chars[k] = c;
        }
        (&chars[..len], &mut rows[..2 * (len + 1)])
    } else {
        heap_chars.extend(path.chars());
        heap_rows.resize(2 * (len + 1), false);
        (&heap_chars, &mut heap_rows)
    };
    let n = s.len();
    // reach[j]: the tokens so far can consume exactly s[..j]; two rows,
    // swapped after each token.
    let (mut reach, mut next) = rows.split_at_mut(n + 1);
    reach[0] = true;
    for token in tokens {
        next.fill(false);
        match token {
            Token::Char(c) => {
                for j in 0..n {
                    if reach[j] && s[j] == *c {
                        next[j + 1] = true;
                    }
                }
            }
            Token::Any => {
                for j in 0..n {
                    if reach[j] && s[j] != '/' {
                        next[j + 1] = true;
                    }
                }
            }
            Token::Class(negated, items) => {
                for j in 0..n {
                    if reach[j] {
                        let inside = items.iter().any(|(lo, hi)| *lo <= s[j] && s[j] <= *hi);
                        if inside != *negated {
                            next[j + 1] = true;
                        }
                    }
                }
            }
            Token::Star => {
                let mut on = false;
                for j in 0..=n {
                    on = reach[j] || (on && s[j - 1] != '/');
                    next[j] = on;
                }
            }
            Token::Dirs { at_end: true } => {
                // `.*`
                let mut on = false;
                for j in 0..=n {
                    on = on || reach[j];
                    next[j] = on;
                }
            }
            Token::Dirs { at_end: false } => {
                // `(.*/)?`
                let mut on = false;
                for j in 0..=n {
                    if j > 0 && on && s[j - 1] == '/' {
                        next[j] = true;
                    }
                    on = on || reach[j];
                    if reach[j] {
                        next[j] = true;
                    }
                }
            }
        }
        std::mem::swap(&mut reach, &mut next);
        // Nothing reached stays nothing.
        if !reach.contains(&true) {
            return false;
        }
    }
    reach[n]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(ignore: &str, path: &str) -> bool {
        Dockerignore::parse(ignore).excludes(path)
    }

    #[test]
    fn cleans_paths() {
        assert_eq!(clean("./a//b/"), "a/b");
        assert_eq!(clean("a/../b"), "b");
        assert_eq!(clean("/a/./b/.."), "/a");
        assert_eq!(clean("../a"), "../a");
        assert_eq!(clean("."), ".");
        assert_eq!(clean("/"), "/");
    }

    #[test]
    fn reads_lines() {
        let d = Dockerignore::parse(
            "\u{feff}# comment\n\n  node_modules  \n!keep\n/abs/\n ! spaced\n!\n",
        );
        let texts: Vec<(&str, bool, usize)> = d
            .patterns
            .iter()
            .map(|p| (p.text.as_str(), p.exclusion, p.line))
            .collect();
        assert_eq!(
            texts,
            vec![
                ("node_modules", false, 3),
                ("keep", true, 4),
                ("abs", false, 5),
                ("spaced", true, 6)
            ]
        );
        assert!(d.has_exclusions());
        // A `#` not at the start of the line is part of the pattern.
        assert!(ex(" #x", "#x"));
    }

    #[test]
    fn exact_and_parent_directories() {
        assert!(ex("Dockerfile", "Dockerfile"));
        assert!(!ex("Dockerfile", "Dockerfile.dev"));
        assert!(!ex("Dockerfile", "sub/Dockerfile"));
        // A directory pattern excludes what is under it, trailing slash or not.
        assert!(ex("build/", "build/out/app"));
        assert!(ex("build", "build/out/app"));
        assert!(ex("/build", "build/x"));
        assert!(!ex("build", "src/build"));
        assert!(ex("a/b", "a/b/c"));
        assert!(!ex("a/b", "a/bc"));
    }

    #[test]
    fn single_star_and_question_mark_stop_at_slashes() {
        assert!(ex("*.md", "README.md"));
        assert!(!ex("*.md", "docs/README.md"));
        assert!(ex("*/tmp/*", "x/tmp/file"));
        assert!(!ex("*/tmp/*", "tmp/file"));
        assert!(ex("*/tmp/*", "./tmp/file"));
        assert!(ex("file?.txt", "file1.txt"));
        assert!(!ex("file?.txt", "file/.txt"));
        assert!(ex("*", "anything"));
        assert!(ex("*", "dir/anything"), "parent `dir` matches `*`");
        assert!(ex(".*", ".git/config"));
        assert!(!ex(".*", "src/.env"));
    }

    #[test]
    fn double_star() {
        assert!(ex("**/*.pyc", "a.pyc"));
        assert!(ex("**/*.pyc", "a/b/c.pyc"));
        assert!(ex("**/node_modules", "node_modules/x"));
        assert!(ex("**/node_modules", "web/app/node_modules/x"));
        assert!(ex("docs/**", "docs/a/b.md"));
        assert!(!ex("docs/**", "docsx"));
        assert!(ex("a/**/z", "a/z"));
        assert!(ex("a/**/z", "a/b/c/z"));
        assert!(!ex("a/**/z", "b/z"));
        assert!(ex("**", "x/y"));
        assert!(ex("a/**/*.go", "a/b/c.go"));
        assert!(!ex("a/**/*.go", "a/b/c.rs"));
        // The `**foo` shortcut is a plain suffix match.
        assert!(ex("**foo", "barfoo"));
    }

    #[test]
    fn exceptions_last_match_wins() {
        let ignore = "*.md\n!README.md\n";
        assert!(ex(ignore, "CHANGES.md"));
        assert!(!ex(ignore, "README.md"));
        let ignore = "*.md\n!README*.md\nREADME-secret.md\n";
        assert!(!ex(ignore, "README-public.md"));
        assert!(ex(ignore, "README-secret.md"));
        // An exception only applies to what an earlier pattern excluded.
        assert!(!ex("!a\n", "a"));
        let ignore = "build\n!build/keep\n";
        assert!(ex(ignore, "build/drop"));
        assert!(!ex(ignore, "build/keep"));
    }

    #[test]
    fn escapes_and_classes() {
        assert!(ex("\\*", "*"));
        assert!(!ex("\\*", "a"));
        assert!(ex("log[0-9]", "log7"));
        assert!(!ex("log[0-9]", "logx"));
        assert!(ex("log[^0-9]", "logx"));
        assert!(ex("a.b", "a.b"));
        assert!(!ex("a.b", "axb"));
        assert!(ex("x[", "x["), "an unclosed class is literal");
    }

    #[test]
    fn root_patterns() {
        assert!(Dockerignore::parse("*\n").excludes_root());
        assert!(Dockerignore::parse("**/*\n").excludes_root());
        assert!(!Dockerignore::parse(".*\n").excludes_root());
    }

    /// The prefilter by a glob's literal decides nothing: every pattern
    /// and path asked of random ones (and the corpus's `.dockerignore`
    /// kinds of pattern) gets the answer of the matcher run on the path
    /// and each parent.
    #[test]
    fn the_literal_prefilter_changes_no_answer() {
        fn unfiltered(d: &Dockerignore, path: &str) -> bool {
            let parent = path.rfind('/').map_or(".", |i| &path[..i]);
            let mut matched = false;
            for p in &d.patterns {
                if p.exclusion != matched {
                    continue;
                }
                let mut m = p.matches(path);
                if !m && parent != "." {
                    let ends = parent.match_indices('/').map(|(i, _)| i);
                    m = ends.chain([parent.len()]).any(|e| p.matches(&parent[..e]));
                }
                if m {
                    matched = !p.exclusion;
                }
            }
            matched
        }
        const PIECES: &[&str] = &[
            "a", "b", "ab", "/", "*", "**", "?", "[a-b]", "[^a]", "\\*", ".", "é", "!",
        ];
        let mut rng = crate::testing::Rng(0x9e37_79b9_7f4a_7c15);
        let mut next = |n: usize| rng.below(n);
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..1 + next(3) {
                for _ in 0..1 + next(6) {
                    text.push_str(PIECES[next(PIECES.len())]);
                }
                text.push('\n');
            }
            let d = Dockerignore::parse(&text);
            for _ in 0..8 {
                let path: String = (0..1 + next(8))
                    .map(|_| ["a", "b", "ab", "/", ".", "é", "*"][next(7)])
                    .collect();
                assert_eq!(
                    d.excludes(&path),
                    unfiltered(&d, &path),
                    "{text:?} {path:?}"
                );
            }
        }
    }

    #[test]
    fn long_inputs_stay_fast() {
        let pattern = "*a*a*a*a*a*a*a*a*a*a*a*a*b";
        let path = "a".repeat(5000);
        assert!(!ex(pattern, &path));
    }
}

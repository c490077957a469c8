//! Helpers that rules of different sources share: each here because more
//! than one rule needs it, so that no rule imports another rule.

use crate::diagnostic::{Edit, Fix};
use crate::rules::hadolint::scan::drop_quotes;
use crate::rules::Checker;
use crate::syntax::{Body, CommandForm, Keyword};
/// `root`, `0`, `root:group`, `0:group`.
pub fn is_root(user: &str) -> bool {
    let u = user.trim();
    u == "root" || u == "0" || u.starts_with("root:") || u.starts_with("0:")
}

pub fn is_sensitive(name: &str) -> bool {
    // (KNOWN is upper case, SUSPICIOUS lower case: compared without case,
    // nothing allocated.)
    KNOWN.iter().any(|k| name.eq_ignore_ascii_case(k))
        || SUSPICIOUS
            .iter()
            .any(|s| contains_ignore_ascii_case(name, s))
}

/// `haystack` contains `needle` (ASCII) when both are ASCII-lowercased.
pub(crate) fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    needle.is_empty()
        || haystack
            .as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// The fix that rewrites a shell-form command in exec form, when the
/// shell adds nothing (shared with BuildKit's JSONArgsRecommended).
/// The exec form of instruction `i`'s command `form` (its `CMD` or
/// `ENTRYPOINT`), as a suggestion; as a risk where the arguments the other
/// one receives would change: an `ENTRYPOINT` in exec form receives the
/// stage's `CMD` as arguments (in shell form it ignored them), and a
/// `CMD` in exec form reaches the `ENTRYPOINT` as its own words instead
/// of `/bin/sh -c "…"`.
pub(crate) fn exec_form_fix(cx: &Checker, i: usize, form: &CommandForm) -> Option<Fix> {
    let (span, json) = exec_form(form)?;
    let message = format!("Use the exec form `{json}`");
    let edits = vec![Edit::replace(span, json)];
    let file = cx.file;
    let sem = cx.semantics();
    let other = match &file.instructions[i].body {
        Body::Entrypoint(_) => Keyword::Cmd,
        _ => Keyword::Entrypoint,
    };
    // The other instruction: for an `ENTRYPOINT`, a `CMD` of its stage or
    // of a stage built on it (an `ENTRYPOINT` resets the `CMD` it
    // inherits); for a `CMD`, an `ENTRYPOINT` of its stage or one it is
    // built on.
    let set = match other {
        Keyword::Cmd => sem.stage_of(i).and_then(|stage| {
            (stage.from..i)
                .chain(crate::rules::later::after(cx, i))
                .find(|&j| file.instructions[j].keyword == Keyword::Cmd)
        }),
        _ => sem.stage_of(i).and_then(|stage| {
            crate::rules::drydock::lineage::lineage(sem, stage.index)
                .into_iter()
                .flat_map(|s| s.instructions())
                .find(|&j| file.instructions[j].keyword == other)
        }),
    };
    Some(match (set, other) {
        (Some(j), Keyword::Cmd) => Fix::risky(
            message,
            edits,
            format!(
                "the `ENTRYPOINT` would receive the `CMD` of line {} as arguments (in shell form it ignores them)",
                file.instructions[j].line
            ),
        ),
        (Some(j), _) => Fix::risky(
            message,
            edits,
            format!(
                "the `ENTRYPOINT` of line {} would receive the command's words instead of `/bin/sh -c \"…\"`",
                file.instructions[j].line
            ),
        ),
        (None, _) => Fix::suggested(message, edits),
    })
}

/// Report every `MAINTAINER` with `message` and a safe fix that writes its
/// text as the label `key` (shared with BuildKit's
/// MaintainerDeprecated).
pub(crate) fn report_maintainers(cx: &mut Checker, key: &str, message: &str) {
    let file = cx.file;
    for inst in &file.instructions {
        let Body::Maintainer(who) = &inst.body else {
            continue;
        };
        let fix = cx.wants_fixes().then(|| {
            Fix::safe(
                format!("Replace with the label `{key}`"),
                vec![Edit::replace(
                    inst.span,
                    maintainer_label(key, &who.text, file.escape),
                )],
            )
        });
        cx.report_with(inst.span, message, fix);
    }
}

/// Whether a `COPY` at instruction `i` to `dest` would be reported: a
/// relative destination (after resolving variables; unknown ones pass) in
/// a stage that has not set `WORKDIR` before `i`, neither itself nor in
/// the stages it is built `FROM`; before any `FROM`, when no `WORKDIR`
/// came before it (as hadolint reads it). Also used by fixes that would turn an
/// instruction into such a `COPY` (DL3020).
pub(crate) fn relative_without_workdir(cx: &Checker, i: usize, dest: &str) -> bool {
    let sem = cx.semantics();
    let d = drop_quotes(dest);
    if is_absolute(d) {
        return false;
    }
    // Before any `FROM` (hadolint reports it too): a `WORKDIR` before it,
    // also before any `FROM`, counts, and a variable is not read.
    let Some(stage) = sem.stage_of(i) else {
        return !d.starts_with('$')
            && !cx.file.instructions[..i]
                .iter()
                .any(|inst| matches!(inst.body, Body::Workdir(_)));
    };
    if d.starts_with('$') {
        let r = cx.resolve(i, d);
        if !r.is_complete() || is_absolute(&r.value) {
            return false;
        }
    }
    // A WORKDIR earlier in the stage, or in a stage it is built on.
    let workdirs = cx.stage_workdirs();
    let earlier = workdirs.first[stage.index].is_some_and(|w| w < i);
    !earlier && !workdirs.inherited[stage.index]
}

pub(crate) const KNOWN: &[&str] = &[
    "ACCESS_TOKEN",
    "APPLICATION_KEY",
    "APP_SECRET",
    "AUTH_TOKEN",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "BITTREX_API_KEY",
    "BITTREX_API_SECRET",
    "CF_PASSWORD",
    "CF_USERNAME",
    "CIRCLE_TOKEN",
    "CI_DEPLOY_PASSWORD",
    "CI_DEPLOY_USER",
    "DOCKERHUB_PASSWORD",
    "DOCKER_EMAIL",
    "DOCKER_PASSWORD",
    "DOCKER_USERNAME",
    "FACEBOOK_ACCESS_TOKEN",
    "FACEBOOK_APP_ID",
    "FACEBOOK_APP_SECRET",
    "FIREBASE_API_TOKEN",
    "FIREBASE_TOKEN",
    "FOSSA_API_KEY",
    "GH_ENTERPRISE_TOKEN",
    "GH_TOKEN",
    "GITHUB_ENTERPRISE_TOKEN",
    "GITHUB_TOKEN",
    "HEROKU_API_KEY",
    "HEROKU_API_USER",
    "NPM_AUTH_TOKEN",
    "NPM_TOKEN",
    "OKTA_AUTHN_GROUPID",
    "OKTA_CLIENT_ORGURL",
    "OKTA_CLIENT_TOKEN",
    "OKTA_OAUTH2_CLIENTID",
    "OKTA_OAUTH2_CLIENTSECRET",
    "OPENAI_API_KEY",
    "OS_PASSWORD",
    "OS_USERNAME",
    "POSTGRES_PASSWORD",
    "SLACK_TOKEN",
    "STRIPE_API_KEY",
    "STRIPE_DEVICE_NAME",
    "TRAVIS_OS_NAME",
    "TRAVIS_SECURE_ENV_VARS",
    "TRAVIS_SUDO",
    "VAULT_CLIENT_KEY",
    "VAULT_TOKEN",
];

pub(crate) const SUSPICIOUS: &[&str] = &[
    "api_key",
    "client_key",
    "password",
    "private",
    "secret",
    "token",
    "username",
];

pub(crate) fn exec_form(form: &CommandForm) -> Option<(crate::syntax::Span, String)> {
    let CommandForm::Shell { text, script } = form else {
        return None;
    };
    if !script.errors.is_empty() {
        return None;
    }
    let [cmd] = script.commands.as_slice() else {
        return None;
    };
    if !cmd.assignments.is_empty() || !cmd.redirects.is_empty() || cmd.depth != 0 {
        return None;
    }
    let mut words = cmd.words.as_slice();
    if words.first().is_some_and(|w| w.raw == "exec") {
        words = &words[1..];
    }
    let first = words.first()?;
    if BUILTINS.contains(&first.value.as_str()) {
        return None;
    }
    if words.iter().any(|w| w.has_expansion || !literal(&w.raw)) {
        return None;
    }
    // Nothing else may hide in the text (comments, operators).
    let rest: String = text.text.split_whitespace().collect::<Vec<_>>().join(" ");
    let joined: String = cmd
        .words
        .iter()
        .map(|w| w.raw.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    if rest != joined {
        return None;
    }
    let json: Vec<String> = words.iter().map(|w| json_string(&w.value)).collect();
    Some((text.span, format!("[{}]", json.join(", "))))
}

/// `LABEL <key>="<who>"` carrying exactly the text of `MAINTAINER <who>`
/// (BuildKit takes it verbatim): `"`, `$` and the escape character are
/// escaped inside the double quotes. Shared with BuildKit's
/// MaintainerDeprecated, which uses the OCI authors label.
pub(crate) fn maintainer_label(key: &str, who: &str, esc: char) -> String {
    let mut value = String::new();
    for c in who.trim().chars() {
        if c == '"' || c == '$' || c == esc {
            value.push(esc);
        }
        value.push(c);
    }
    format!("LABEL {key}=\"{value}\"")
}

pub(crate) fn is_absolute(path: &str) -> bool {
    let p = drop_quotes(path);
    let mut chars = p.chars();
    p.starts_with('/')
        || matches!((chars.next(), chars.next()), (Some(d), Some(':')) if d.is_alphabetic())
}

/// Shell builtins and keywords that have no executable of their name.
pub(crate) const BUILTINS: &[&str] = &[
    ".", ":", "source", "cd", "export", "set", "unset", "eval", "alias", "ulimit", "umask", "trap",
    "wait", "read", "shift", "if", "for", "while", "until", "case", "{", "(", "!", "[[",
    "function", "exit", "return", "local", "declare", "typeset",
];

/// A JSON string literal.
pub fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The exec form of a shell-form command, when the shell adds nothing.
/// A word the shell passes on as written, but for its quotes: plain
/// characters, `'…'` segments, and `"…"` segments without `$`, `` ` `` or
/// `\\` (inside quotes, blanks and glob characters are literal).
pub(crate) fn literal(raw: &str) -> bool {
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                let closed = chars.by_ref().any(|c| c == '\'');
                if !closed {
                    return false;
                }
            }
            '"' => loop {
                match chars.next() {
                    Some('"') => break,
                    Some('$' | '`' | '\\') | None => return false,
                    Some(_) => {}
                }
            },
            c if "$`*?[]{}~&|;<>()#!\\".contains(c) || c.is_whitespace() => return false,
            _ => {}
        }
    }
    true
}

/// Why a flag is kept when a global `ARG` gives `TARGETPLATFORM` a
/// default (shared with DL3065).
pub(crate) const PINNED: &str = "A global `ARG TARGETPLATFORM=…` gives the variable a default: \
     the flag builds this stage for that platform, and without it the stage would follow \
     `--platform`. Remove the `ARG` default first if that is what you mean";

/// A global `ARG TARGETPLATFORM` with a default, whatever its value
/// (`=linux/arm64`, `=$BUILDPLATFORM`): `FROM` lines then read that
/// default instead of the target platform.
pub(crate) fn pins_target_platform(file: &crate::syntax::Dockerfile) -> bool {
    crate::rules::buildkit::global_args(file)
        .any(|kv| kv.key.text == "TARGETPLATFORM" && kv.value.is_some())
}

/// The edit distance between `a` and `b` (in characters): the fewest
/// insertions, deletions and substitutions that turn one into the other
/// (Levenshtein), and with `swaps` also swaps of two adjacent characters
/// counted as one edit (optimal string alignment: `pyhton` → `python` is
/// 1 with swaps, 2 without).
///
/// The one edit distance of the core. BuildKit's "did you mean" hints
/// (`buildkit::suggest`) use it without swaps, as BuildKit does; DD012's
/// image-name typos (`drydock::images::edit_distance`) with swaps.
pub fn edit_distance(a: &[char], b: &[char], swaps: bool) -> usize {
    edit_distance_capped(a, b, swaps, usize::MAX - 1)
}

/// [`edit_distance`]`.min(max + 1)`, stopping at the first row of the
/// table above `max`: no row is below the one before it (a step costs
/// nothing only on the diagonal, and a swap from two rows up costs one
/// more than the diagonal step it skips), so the distance is above `max`
/// too.
pub fn edit_distance_capped(a: &[char], b: &[char], swaps: bool, max: usize) -> usize {
    // Three rows of the table (the one before the previous is needed for
    // a swap), on the stack for the short names it is asked about.
    let n = b.len() + 1;
    let mut stack = [0usize; 3 * 65];
    let mut heap = Vec::new();
    let rows: &mut [usize] = if n <= 65 {
        &mut stack[..3 * n]
    } else {
        heap.resize(3 * n, 0);
        &mut heap
    };
    // Where each row starts in `rows`.
    let (mut before, mut prev, mut cur) = (0, n, 2 * n);
    for j in 0..n {
        rows[prev + j] = j;
    }
    for (i, ca) in a.iter().enumerate() {
        rows[cur] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let mut v = (rows[prev + j] + cost)
                .min(rows[prev + j + 1] + 1)
                .min(rows[cur + j] + 1);
            if swaps && i > 0 && j > 0 && *ca == b[j - 1] && a[i - 1] == *cb {
                v = v.min(rows[before + j - 1] + 1);
            }
            rows[cur + j + 1] = v;
        }
        // (Not in the playground's wasm: smaller without.)
        if !cfg!(target_arch = "wasm32") && rows[cur..cur + n].iter().all(|&v| v > max) {
            return max + 1;
        }
        (before, prev, cur) = (prev, cur, before);
    }
    rows[prev + b.len()].min(max + 1)
}

/// The characters of `s` in `buf`, ASCII-lowercased when `lower`; `None`
/// when `s` has more than 64 (the edit distances' names are short).
pub(crate) fn chars_in<'b>(s: &str, buf: &'b mut [char; 64], lower: bool) -> Option<&'b [char]> {
    let mut n = 0;
    for c in s.chars() {
        *buf.get_mut(n)? = if lower { c.to_ascii_lowercase() } else { c };
        n += 1;
    }
    Some(&buf[..n])
}

#[cfg(test)]
mod tests {
    /// The capped distance is the full one, capped, for every pair of
    /// short words over a small alphabet (swaps and all), at every cap.
    #[test]
    fn capped_edit_distance_is_the_capped_distance() {
        let mut words: Vec<Vec<char>> = vec![Vec::new()];
        for len in 1..=4 {
            let mut next = Vec::new();
            for w in words.iter().filter(|w| w.len() == len - 1) {
                for c in ['a', 'b', 'c'] {
                    let mut x = w.clone();
                    x.push(c);
                    next.push(x);
                }
            }
            words.extend(next);
        }
        for a in &words {
            for b in &words {
                for swaps in [false, true] {
                    let full = super::edit_distance(a, b, swaps);
                    for max in 0..5 {
                        assert_eq!(
                            super::edit_distance_capped(a, b, swaps, max),
                            full.min(max + 1),
                            "{a:?} {b:?} {swaps} {max}"
                        );
                    }
                }
            }
        }
    }

    use super::edit_distance;

    fn d(a: &str, b: &str, swaps: bool) -> usize {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        edit_distance(&a, &b, swaps)
    }

    /// `is_sensitive` compares without case on the lists' own case.
    #[test]
    fn sensitive_lists_are_in_the_case_compared() {
        for k in super::KNOWN {
            assert_eq!(*k, k.to_ascii_uppercase(), "{k}");
        }
        for s in super::SUSPICIOUS {
            assert_eq!(*s, s.to_ascii_lowercase(), "{s}");
        }
        assert!(super::is_sensitive("aws_secret_access_key"));
        assert!(super::is_sensitive("My_Api_Key_X"));
        assert!(!super::is_sensitive("PATH"));
        assert!(super::contains_ignore_ascii_case("xTOKENy", "token"));
        assert!(!super::contains_ignore_ascii_case("tok", "token"));
    }

    #[test]
    fn edit_distance_with_and_without_swaps() {
        assert_eq!(d("kitten", "sitting", false), 3);
        assert_eq!(d("kitten", "sitting", true), 3);
        assert_eq!(d("pyhton", "python", false), 2);
        assert_eq!(d("pyhton", "python", true), 1);
        assert_eq!(d("ab", "ba", true), 1);
        assert_eq!(d("", "abc", true), 3);
        assert_eq!(d("abc", "", false), 3);
        assert_eq!(d("ca", "abc", false), 3);
        // Optimal string alignment, not full Damerau: a swapped pair is
        // not edited again.
        assert_eq!(d("ca", "abc", true), 3);
        assert_eq!(d("é", "e", false), 1);
    }
}

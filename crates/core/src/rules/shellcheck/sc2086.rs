use std::collections::HashMap;

use super::{is_declaration, name_of, pieces, sub_span, Dialect, Exported, Kind, ShellRun};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::{ShellWord, SimpleCommand};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2086",
    name: "unquoted-expansion",
    severity: Severity::Info,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Double-quote this expansion: unquoted, its value is split into words and its glob characters are expanded.",
    docs: r#"
## What it does
Reports a `RUN` where a variable is expanded outside double quotes
(`cp $SRC /app`) and its value may hold spaces or glob characters: a
variable the script sets from a command's output, a quoted string with
spaces, `read`, or one it never sets (`$HOME`, a positional parameter).
A variable the stage declares with `ARG` or `ENV`, or that the script sets
to a plain word (`V=1`, `for v in a b`), is not reported: hadolint tells
ShellCheck they hold a value without spaces. `$#`, `$?`, `$$`, `${#V}`
and arithmetic are numbers and are not reported either. The finding is on
the `RUN`'s first line, as hadolint reports it (once per `RUN`).

## Why is this bad?
The shell splits the value of an unquoted expansion on spaces and expands
`*`, `?` and `[…]` in it against the files of the working directory. A
path with a space becomes two arguments; a value `*` becomes the list of
files. `"$VAR"` passes the value as one argument, unchanged.

## Example
```dockerfile
FROM debian:12
RUN dir=$(mktemp -d) && cp -r /src $dir
```

## Use instead
```dockerfile
FROM debian:12
ARG VERSION=1.2
RUN dir="$(mktemp -d)" && cp -r /src "$dir" && echo $VERSION
```
"#,
    check,
};

/// The special parameters that are numbers or flags, never split.
fn numeric(name: &str) -> bool {
    matches!(
        name,
        "#" | "?" | "$" | "!" | "-" | "RANDOM" | "LINENO" | "SECONDS" | "PPID" | "OPTIND" | "EUID"
    ) || name.is_empty()
}

/// Variables' states as the script runs: known to hold no spaces or
/// globs (`true`), or maybe (`false`); absent = never set (maybe).
type State<'e> = (HashMap<String, bool>, &'e Exported);

/// Whether `name` holds no spaces or globs as far as the script knows.
fn known(state: &State, name: &str) -> bool {
    match state.0.get(name) {
        Some(&safe) => safe,
        None => state.1.contains(name),
    }
}

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Every unquoted expansion of a maybe-spaced variable.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    let mut out = Vec::new();
    // Names the script sets; the others are the exported ones (known, no
    // spaces) or unknown.
    let mut state: State = (HashMap::new(), &run.exported);
    let script = run.script;
    let mut loops = script.loops.iter().peekable();
    for cmd in &script.commands {
        while let Some(l) = loops.next_if(|l| l.var.span.start < cmd.span.start) {
            let safe = l
                .items
                .as_ref()
                .is_some_and(|items| items.iter().all(|w| value_safe(&w.raw, &state)));
            state.0.insert(l.var.raw.clone(), safe);
        }
        unsafe_uses(run.dialect, cmd, &state, &mut out);
        assign(cmd, &mut state);
    }
    out
}

/// The unquoted expansions of maybe-spaced variables in `cmd`.
fn unsafe_uses(dialect: Dialect, cmd: &SimpleCommand, state: &State, out: &mut Vec<Span>) {
    let name = name_of(cmd);
    if name == Some("[[") {
        return;
    }
    let declaration = name.is_some_and(is_declaration);
    for (k, w) in cmd.words.iter().chain(&cmd.redirects).enumerate() {
        // `$CMD args`: a command named by one variable is not reported
        // (ShellCheck reports what it knows of the variable instead).
        if !w.raw.contains('$') {
            continue;
        }
        if k == 0 && !cmd.words.is_empty() {
            let p = pieces(&w.raw);
            if p.len() == 1 && matches!(p[0].kind, Kind::Param { .. }) {
                continue;
            }
        }
        // `export A=$B`: an assignment under bash, words under sh.
        let skip = if declaration {
            match w.raw.find('=') {
                Some(eq) if dialect != Dialect::Sh && is_name(&w.raw[..eq]) => continue,
                Some(eq) if is_name(&w.raw[..eq]) => eq + 1,
                _ => 0,
            }
        } else {
            0
        };
        unsafe_pieces(w, skip, state, out);
    }
}

fn unsafe_pieces(w: &ShellWord, from: usize, state: &State, out: &mut Vec<Span>) {
    for p in pieces(&w.raw) {
        if p.quoted || p.start < from {
            continue;
        }
        if let Kind::Param {
            name,
            length,
            modified,
        } = &p.kind
        {
            if *length || numeric(name) || name == "@" || name == "*" {
                continue;
            }
            let safe = !modified && known(state, name);
            if !safe {
                out.push(sub_span(w, p.start, p.end));
            }
        }
    }
}

fn is_name(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && (b[0].is_ascii_alphabetic() || b[0] == b'_')
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_')
}

/// Whether a value as written (`raw`, after the `=`) is known to hold no
/// spaces or glob characters.
fn value_safe(raw: &str, state: &State) -> bool {
    pieces(raw).iter().all(|p| {
        let text = &raw[p.start..p.end];
        match &p.kind {
            Kind::Literal | Kind::SingleQuoted | Kind::AnsiC => !text
                .trim_matches('\'')
                .bytes()
                .any(|c| c.is_ascii_whitespace() || matches!(c, b'*' | b'?' | b'[')),
            Kind::Param {
                name,
                length,
                modified,
            } => *length || numeric(name) || (!modified && known(state, name)),
            Kind::Arith => true,
            Kind::CommandSub | Kind::Backtick => false,
        }
    })
}

/// What `cmd` sets.
fn assign(cmd: &SimpleCommand, state: &mut State) {
    let set = |raw: &str, state: &mut State| {
        if let Some(eq) = raw.find('=') {
            let name = raw[..eq].trim_end_matches('+');
            if is_name(name) {
                let safe = value_safe(&raw[eq + 1..], state);
                state.0.insert(name.to_string(), safe);
            }
        }
    };
    for a in &cmd.assignments {
        set(&a.raw, state);
    }
    match name_of(cmd) {
        Some(n) if is_declaration(n) => {
            for w in cmd.args() {
                set(&w.raw, state);
            }
        }
        Some("read") => {
            for w in cmd.args() {
                if is_name(&w.raw) {
                    state.0.insert(w.raw.clone(), false);
                }
            }
        }
        Some("unset") => {
            for w in cmd.args() {
                state.0.insert(w.raw.clone(), false);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::shellcheck::testing::{flags, flags_bash, lines};

    #[test]
    fn reports_maybe_spaced_variables() {
        assert!(flags(&RULE, "echo $bar"));
        assert!(flags(&RULE, "echo $HOME/x"));
        assert!(flags(&RULE, "x=$(date); echo $x"));
        assert!(flags(&RULE, "x=\"a b\"; echo $x"));
        assert!(flags(&RULE, "x='*'; echo $x"));
        assert!(flags(&RULE, "read x; echo $x"));
        assert!(flags(&RULE, "echo $x; x=1"));
        assert!(flags(&RULE, "echo ${x:-a}"));
        assert!(flags(&RULE, "echo > $bar"));
        assert!(flags(&RULE, "[ $bar = 1 ]"));
        assert!(flags(&RULE, "for i in \"a b\"; do rm $i; done"));
        assert!(flags(&RULE, "export x=$bar"));
        assert!(flags(&RULE, "echo $1"));
        assert!(flags(&RULE, "$HOME/bin/tool run"));
    }

    #[test]
    fn known_words_numbers_and_quotes_pass() {
        assert!(!flags(&RULE, "echo \"$bar\" '$bar'"));
        assert!(!flags(&RULE, "x=1 && echo $x"));
        assert!(!flags(&RULE, "x=a; y=$x; echo $y"));
        assert!(!flags(&RULE, "x=$((1+2)); echo $x"));
        assert!(!flags(&RULE, "echo $# $? $$ ${#bar} $((bar + 1))"));
        assert!(!flags(&RULE, "for i in 1 2; do echo $i; done"));
        assert!(!flags(&RULE, "a=$bar"));
        assert!(!flags(&RULE, "echo $http_proxy"));
        assert!(!flags_bash(&RULE, "export x=$bar"));
        assert!(!flags_bash(&RULE, "[[ $bar = 1 ]]"));
    }

    #[test]
    fn declared_args_and_envs_are_known() {
        let text = "FROM a:1\nARG V\nENV W=x\nRUN echo $V $W\nFROM b:1\nRUN echo $V\n";
        assert_eq!(lines(&RULE, text), vec![6]);
        // Once per RUN, on its first line.
        let text = "FROM a:1\nRUN echo ok && \\\n  echo $a $b\n";
        assert_eq!(lines(&RULE, text), vec![2]);
        // Not under PowerShell.
        let text = "FROM a:1\nSHELL [\"pwsh\", \"-c\"]\nRUN echo $a\n";
        assert!(lines(&RULE, text).is_empty());
    }
}

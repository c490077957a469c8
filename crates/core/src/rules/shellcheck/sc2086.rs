use rustc_hash::FxHashMap as HashMap;

use super::{is_declaration, name_of, pieces, sub_span, Dialect, Exported, Kind, Piece, ShellRun};
use crate::fix::{Edit, Fix};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::{ShellWord, SimpleCommand};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2086",
    name: "unquoted-expansion",
    severity: Severity::Info,
    source: Source::Hadolint,
    fix: FixAvailability::Sometimes,
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

## Fix
*Suggested* where the file shows the value is one word, *manual*
elsewhere: `$dir` becomes `"$dir"`.

- **What changes in the image:** nothing while the value is one word
  without glob characters. With spaces or `*` in it, the command gets the
  value as one argument instead of several words or a list of files.
  With an empty value it gets one empty argument instead of none.
- **What must hold:** word splitting is not meant (it sometimes is:
  `PKGS="curl git"; apt-get install $PKGS` relies on it), and the value is
  not empty.
- **What the fix checks:** every assignment of the variable in the `RUN`
  is the output of a command that prints one non-empty word when it
  succeeds (`mktemp`, `pwd`, `dirname X`, `basename X`, `realpath X`,
  `readlink -f X`, `uname -m` and its other one-word options, `nproc`,
  `id -u`, `whoami`, `arch`, `dpkg --print-architecture`, `command -v X`,
  `which X`, `getconf NAME`), or the variable is never assigned and is one
  the environment holds a single path or name in (`HOME`, `PWD`, `USER`,
  `HOSTNAME`); the expansion is plain (`$dir`, `${dir}`) and written in the
  file as the shell reads it; all of this for every place the `RUN` is
  reported for, or there is no edit but a manual fix: only the author
  knows whether splitting is meant.

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
type State<'e, 'x> = (HashMap<&'e str, bool>, &'e Exported<'x>);

/// Whether `name` holds no spaces or globs as far as the script knows.
fn known(state: &State, name: &str) -> bool {
    match state.0.get(name) {
        Some(&safe) => safe,
        None => state.1.contains(name),
    }
}

fn check(cx: &mut Checker) {
    super::report_fixing(cx, &RULE, fix);
}

/// `"$v"` for every reported expansion the docs' Fix section proves is one
/// word; a manual fix when there is none.
fn fix(source: &str, run: &ShellRun) -> Option<Fix> {
    let words = one_word_names(run);
    let mut edits = Vec::new();
    for at in find(run) {
        let Some(text) = source.get(at.start..at.end) else {
            edits.clear();
            break;
        };
        let p = pieces(text);
        let [Piece {
            kind:
                Kind::Param {
                    name,
                    length: false,
                    modified: false,
                },
            start: 0,
            ..
        }] = p.as_slice()
        else {
            edits.clear();
            break;
        };
        if p[0].end == text.len() && words.get(name) == Some(&true) {
            edits.push(Edit::replace(at, format!("\"{text}\"")));
        } else {
            // All or nothing: the finding is the RUN's, and a place left
            // unquoted keeps it.
            edits.clear();
            break;
        }
    }
    Some(if edits.is_empty() {
        Fix::manual(
            "Quote the expansion (\"$var\") unless its value is meant to be split into words",
        )
    } else {
        Fix::suggested("Quote the expansions of one-word values", edits)
    })
}

/// Whether the command substitution `$(…)` (as written) prints one
/// non-empty word when it succeeds.
fn one_word_output(sub: &str) -> bool {
    let inner = sub
        .strip_prefix("$(")
        .and_then(|s| s.strip_suffix(')'))
        .unwrap_or("");
    if inner.contains([
        '|', ';', '&', '>', '<', '`', '$', '"', '\'', '\\', '*', '?', '[',
    ]) {
        return false;
    }
    let words: Vec<&str> = inner.split_whitespace().collect();
    let Some((&prog, args)) = words.split_first() else {
        return false;
    };
    let plain = args.iter().filter(|a| !a.starts_with('-')).count();
    match prog {
        "mktemp" => true,
        "pwd" | "nproc" | "whoami" | "arch" => args.iter().all(|a| a.starts_with('-')),
        "dirname" | "basename" | "realpath" | "which" => plain == 1,
        "readlink" => plain == 1 && args.iter().any(|a| matches!(*a, "-f" | "-e" | "-m")),
        "uname" => matches!(args, ["-m" | "-s" | "-r" | "-p" | "-i" | "-o" | "-n"]),
        "id" => matches!(args, ["-u" | "-g" | "-un" | "-gn" | "-nu" | "-ng"]),
        "dpkg" => matches!(args, ["--print-architecture"]),
        "command" => matches!(args, ["-v", _]),
        "getconf" => matches!(args, [_]),
        _ => false,
    }
}

/// For each name the `RUN` expands: whether its value is one non-empty
/// word (see [`one_word_output`]); names assigned otherwise map to `false`.
fn one_word_names<'a>(run: &ShellRun<'a>) -> HashMap<&'a str, bool> {
    // Every assignment of a name must be one word for the name to be.
    let mut out: HashMap<&str, bool> = HashMap::default();
    fn note<'a>(out: &mut HashMap<&'a str, bool>, name: &'a str, ok: bool) {
        out.entry(name).and_modify(|v| *v &= ok).or_insert(ok);
    }
    for l in &run.script.loops {
        note(&mut out, l.var.raw.as_str(), false);
    }
    for cmd in &run.script.commands {
        let declaration = name_of(cmd).is_some_and(is_declaration);
        let assigned = cmd
            .assignments
            .iter()
            .chain(cmd.args().iter().filter(|_| declaration));
        for w in assigned {
            match w.raw.find('=') {
                Some(eq) if is_name(&w.raw[..eq]) => {
                    let value = w.raw[eq + 1..].trim_matches('"');
                    note(&mut out, &w.raw[..eq], one_word_output(value));
                }
                // `export NAME`: no value given here.
                _ => {}
            }
        }
        if matches!(
            name_of(cmd),
            Some("read" | "getopts" | "mapfile" | "readarray" | "unset" | "printf")
        ) {
            for w in cmd.args() {
                if is_name(&w.raw) {
                    note(&mut out, w.raw.as_str(), false);
                }
            }
        }
    }
    for env in ["HOME", "PWD", "USER", "HOSTNAME"] {
        out.entry(env).or_insert(true);
    }
    out
}

/// Every unquoted expansion of a maybe-spaced variable.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    let mut out = Vec::new();
    // Names the script sets; the others are the exported ones (known, no
    // spaces) or unknown.
    let mut state: State = (HashMap::default(), &run.exported);
    let script = run.script;
    let mut loops = script.loops.iter().peekable();
    for (k, cmd) in script.commands.iter().enumerate() {
        let name = run.name(k);
        while let Some(l) = loops.next_if(|l| l.var.span.start < cmd.span.start) {
            let safe = l
                .items
                .as_ref()
                .is_some_and(|items| items.iter().all(|w| value_safe(&w.raw, &state)));
            state.0.insert(l.var.raw.as_str(), safe);
        }
        unsafe_uses(run.dialect, cmd, name, &state, &mut out);
        assign(cmd, name, &mut state);
    }
    out
}

/// The unquoted expansions of maybe-spaced variables in `cmd`.
fn unsafe_uses(
    dialect: Dialect,
    cmd: &SimpleCommand,
    name: Option<&str>,
    state: &State,
    out: &mut Vec<Span>,
) {
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
            if *length || numeric(name) || *name == "@" || *name == "*" {
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
fn assign<'e>(cmd: &'e SimpleCommand, name: Option<&str>, state: &mut State<'e, '_>) {
    let set = |raw: &'e str, state: &mut State<'e, '_>| {
        if let Some(eq) = raw.find('=') {
            let name = raw[..eq].trim_end_matches('+');
            if is_name(name) {
                let safe = value_safe(&raw[eq + 1..], state);
                state.0.insert(name, safe);
            }
        }
    };
    for a in &cmd.assignments {
        set(&a.raw, state);
    }
    match name {
        Some(n) if is_declaration(n) => {
            for w in cmd.args() {
                set(&w.raw, state);
            }
        }
        Some("read") => {
            for w in cmd.args() {
                if is_name(&w.raw) {
                    state.0.insert(w.raw.as_str(), false);
                }
            }
        }
        Some("unset") => {
            for w in cmd.args() {
                state.0.insert(w.raw.as_str(), false);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::fix::Applicability;
    use crate::testing::{findings, lines, reports_run, reports_run_bash, suggested_rewrites};

    #[test]
    fn reports_maybe_spaced_variables() {
        assert!(reports_run(&RULE, "echo $bar"));
        assert!(reports_run(&RULE, "echo $HOME/x"));
        assert!(reports_run(&RULE, "x=$(date); echo $x"));
        assert!(reports_run(&RULE, "x=\"a b\"; echo $x"));
        assert!(reports_run(&RULE, "x='*'; echo $x"));
        assert!(reports_run(&RULE, "read x; echo $x"));
        assert!(reports_run(&RULE, "echo $x; x=1"));
        assert!(reports_run(&RULE, "echo ${x:-a}"));
        assert!(reports_run(&RULE, "echo > $bar"));
        assert!(reports_run(&RULE, "[ $bar = 1 ]"));
        assert!(reports_run(&RULE, "for i in \"a b\"; do rm $i; done"));
        assert!(reports_run(&RULE, "export x=$bar"));
        assert!(reports_run(&RULE, "echo $1"));
        assert!(reports_run(&RULE, "$HOME/bin/tool run"));
    }

    #[test]
    fn known_words_numbers_and_quotes_pass() {
        assert!(!reports_run(&RULE, "echo \"$bar\" '$bar'"));
        assert!(!reports_run(&RULE, "x=1 && echo $x"));
        assert!(!reports_run(&RULE, "x=a; y=$x; echo $y"));
        assert!(!reports_run(&RULE, "x=$((1+2)); echo $x"));
        assert!(!reports_run(&RULE, "echo $# $? $$ ${#bar} $((bar + 1))"));
        assert!(!reports_run(&RULE, "for i in 1 2; do echo $i; done"));
        assert!(!reports_run(&RULE, "a=$bar"));
        assert!(!reports_run(&RULE, "echo $http_proxy"));
        assert!(!reports_run_bash(&RULE, "export x=$bar"));
        assert!(!reports_run_bash(&RULE, "[[ $bar = 1 ]]"));
    }

    #[test]
    fn fix_quotes_one_word_values_only() {
        suggested_rewrites(
            &RULE,
            &[
                (
                    "dir=$(mktemp -d) && cp -r /src $dir",
                    "dir=$(mktemp -d) && cp -r /src \"$dir\"",
                ),
                (
                    "a=\"$(uname -m)\"; curl -o /x/$a.tgz https://x/${a}",
                    "a=\"$(uname -m)\"; curl -o /x/\"$a\".tgz https://x/\"${a}\"",
                ),
                ("cp x $HOME/bin", "cp x \"$HOME\"/bin"),
            ],
        );
    }

    #[test]
    fn splitting_that_may_be_meant_is_manual() {
        for run in [
            "PKGS=\"curl git\"; apt-get install -y $PKGS",
            "f=$(ls /x); rm $f",
            "d=$(mktemp -d); d=$(cat /f); cp a $d",
            "read -r d; cp a $d",
            "for d in $(ls); do cp a $d; done",
            "cp a ${d:-/tmp}",
            "u=$(uname -a); echo $u",
            "echo $1",
            "d=$(pwd); f=$(cat /list); cp $f $d",
        ] {
            let text = format!("FROM debian:12\nRUN {run}\n");
            let found = findings(&RULE, &text);
            assert_eq!(found.len(), 1, "{run}");
            let fix = found[0].fix.as_ref().expect("a manual fix");
            assert_eq!(fix.applicability, Applicability::Manual, "{run}");
            assert!(fix.edits.is_empty(), "{run}");
        }
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

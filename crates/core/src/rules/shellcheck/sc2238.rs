use super::{sub_span, ShellRun, Span};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2238",
    name: "redirect-to-command-name",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "This redirection reads or writes a file named like a standard command (`> tee`): a pipe (`| tee`) was probably meant.",
    docs: r#"
## What it does
Reports a `RUN` where a redirection's target is the bare name of a
standard POSIX utility: `echo x > tee /etc/conf`, `cat < ls`. On the
`RUN`'s first line, once.

## Why is this bad?
`>` writes to a *file*: `echo deb … > tee /etc/apt/sources.list` creates
a file named `tee` in the working directory and passes
`/etc/apt/sources.list` to `echo`; the list the next step reads is never
written. A pipe (`| tee file`) feeds the command. A file that really has
that name can be written as `./tee` or quoted.

## Example
```dockerfile
FROM debian:12
RUN echo "deb http://deb.debian.org/debian bookworm main" > tee /etc/apt/sources.list
```

## Use instead
```dockerfile
FROM debian:12
RUN echo "deb http://deb.debian.org/debian bookworm main" | tee /etc/apt/sources.list
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// POSIX utilities (IEEE Std 1003.1), but for `true`, `false`, `file`
/// and `id`, names that are common as plain files. Sorted (searched by
/// bisection).
const UTILITIES: &[&str] = &[
    "admin",
    "alias",
    "ar",
    "asa",
    "at",
    "awk",
    "basename",
    "batch",
    "bc",
    "bg",
    "c99",
    "cal",
    "cat",
    "cd",
    "cflow",
    "chgrp",
    "chmod",
    "chown",
    "cksum",
    "cmp",
    "comm",
    "command",
    "compress",
    "cp",
    "crontab",
    "csplit",
    "ctags",
    "cut",
    "cxref",
    "date",
    "dd",
    "delta",
    "df",
    "diff",
    "dirname",
    "du",
    "echo",
    "ed",
    "env",
    "ex",
    "expand",
    "expr",
    "fc",
    "fg",
    "find",
    "fold",
    "fort77",
    "fuser",
    "gencat",
    "get",
    "getconf",
    "getopts",
    "grep",
    "hash",
    "head",
    "iconv",
    "ipcrm",
    "ipcs",
    "jobs",
    "join",
    "kill",
    "lex",
    "link",
    "ln",
    "locale",
    "localedef",
    "logger",
    "logname",
    "lp",
    "ls",
    "m4",
    "mailx",
    "make",
    "man",
    "mesg",
    "mkdir",
    "mkfifo",
    "more",
    "mv",
    "newgrp",
    "nice",
    "nl",
    "nm",
    "nohup",
    "od",
    "paste",
    "patch",
    "pathchk",
    "pax",
    "pr",
    "printf",
    "prs",
    "ps",
    "pwd",
    "qalter",
    "qdel",
    "qhold",
    "qmove",
    "qmsg",
    "qrerun",
    "qrls",
    "qselect",
    "qsig",
    "qstat",
    "qsub",
    "read",
    "renice",
    "rm",
    "rmdel",
    "rmdir",
    "sact",
    "sccs",
    "sed",
    "sh",
    "sleep",
    "sort",
    "split",
    "strings",
    "strip",
    "stty",
    "tabs",
    "tail",
    "talk",
    "tee",
    "test",
    "time",
    "touch",
    "tput",
    "tr",
    "tsort",
    "tty",
    "type",
    "ulimit",
    "umask",
    "unalias",
    "uname",
    "uncompress",
    "unexpand",
    "unget",
    "uniq",
    "unlink",
    "uucp",
    "uudecode",
    "uuencode",
    "uustat",
    "uux",
    "val",
    "vi",
    "wait",
    "wc",
    "what",
    "who",
    "write",
    "xargs",
    "yacc",
    "zcat",
];

/// The target of every `>`, `>>`, `<` (with a file descriptor or not)
/// that is a utility's bare name.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    // A quick look at the text first: most `RUN`s have none.
    if !run.text.text.contains('>') && !run.text.text.contains('<') {
        return Vec::new();
    }
    let mut out = Vec::new();
    for r in run.script.commands.iter().flat_map(|c| &c.redirects) {
        let raw = r.raw.as_str();
        let op_start = raw.trim_start_matches(|c: char| c.is_ascii_digit());
        let op_len = op_start
            .find(|c: char| !matches!(c, '<' | '>' | '&' | '|'))
            .unwrap_or(op_start.len());
        let op = &op_start[..op_len];
        if !matches!(op, ">" | ">>" | "<" | ">|" | ">&") {
            continue;
        }
        let rest = &op_start[op_len..];
        let target = rest.trim_start();
        if UTILITIES.binary_search(&target).is_ok() {
            let at = raw.len() - target.len();
            out.push(sub_span(r, at, raw.len()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports_run;

    #[test]
    fn utilities_are_sorted() {
        assert!(super::UTILITIES.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn reports_redirects_to_utility_names() {
        assert!(reports_run(&RULE, "echo a > tee"));
        assert!(reports_run(&RULE, "echo a >tee /etc/x"));
        assert!(reports_run(&RULE, "cat < ls"));
        assert!(reports_run(&RULE, "echo a 2> echo"));
        assert!(reports_run(&RULE, "echo a >> sed"));
    }

    #[test]
    fn files_paths_and_quoted_names_pass() {
        assert!(!reports_run(&RULE, "echo a | tee /etc/x"));
        assert!(!reports_run(&RULE, "echo a > \"tee\""));
        assert!(!reports_run(&RULE, "echo a > ./tee"));
        assert!(!reports_run(&RULE, "echo a > tee.txt"));
        assert!(!reports_run(&RULE, "echo a > true"));
        assert!(!reports_run(&RULE, "echo a > /usr/bin/tee"));
        assert!(!reports_run(&RULE, "echo a 2>&1"));
    }
}

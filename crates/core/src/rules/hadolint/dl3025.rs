use crate::fix::{Edit, Fix};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::{Body, CommandForm};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3025",
    name: "shell-form-cmd",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Sometimes,
    summary: "Use arguments JSON notation for CMD and ENTRYPOINT arguments",
    docs: r#"
## What it does
Reports `CMD` and `ENTRYPOINT` written in shell form (`CMD node app.js`)
instead of exec form (`CMD ["node", "app.js"]`).

## Why is this bad?
In shell form the command runs as `/bin/sh -c "…"`: the shell is PID 1,
so `docker stop`'s `SIGTERM` goes to the shell, which does not forward
it; the container is killed after the grace period instead of shutting
down cleanly. A shell-form `ENTRYPOINT` also ignores `CMD` and the
arguments of `docker run`.

`HEALTHCHECK CMD` is not reported, unlike hadolint: a health check is
a short-lived command run by the daemon, not the container's main
process, so the signal argument does not apply, and its shell form is
the documented, idiomatic way to write `curl -f … || exit 1`.

When the command uses no shell feature (no variables, globs, operators,
redirections or quotes that matter), the fix rewrites it in exec form; a
leading `exec` is dropped. It is a suggestion: the process no longer runs
under a shell, which is the point, and an `ENTRYPOINT` then receives
`CMD` as arguments.

## Example
```dockerfile
FROM node:20
CMD node server.js
```

## Use instead
```dockerfile
FROM node:20
CMD ["node", "server.js"]
```
"#,
    check,
};

/// Shell builtins and keywords that have no executable of their name.
const BUILTINS: &[&str] = &[
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
fn exec_form(form: &CommandForm) -> Option<(crate::syntax::Span, String)> {
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
    for w in words {
        let plain = w
            .raw
            .chars()
            .all(|c| !"$`*?[]{}~&|;<>()#!'\"\\".contains(c) && !c.is_whitespace());
        if w.has_expansion || !plain {
            return None;
        }
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

/// The fix that rewrites a shell-form command in exec form, when the
/// shell adds nothing (shared with BuildKit's JSONArgsRecommended).
pub(crate) fn exec_form_fix(form: &CommandForm) -> Option<Fix> {
    let (span, json) = exec_form(form)?;
    Some(Fix::suggested(
        format!("Use the exec form `{json}`"),
        vec![Edit::replace(span, json)],
    ))
}

fn check(cx: &mut Checker) {
    let file = cx.file;
    for inst in &file.instructions {
        let form = match &inst.body {
            Body::Cmd(f) | Body::Entrypoint(f) => f,
            _ => continue,
        };
        if !matches!(form, CommandForm::Shell { .. }) {
            continue;
        }
        match exec_form_fix(form) {
            Some(fix) => cx.report_fix(inst.span, RULE.summary, fix),
            None => {
                cx.report(inst.span, RULE.summary);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::hadolint::scan::check::{fixed, lines};

    #[test]
    fn shell_forms() {
        let text = "FROM a:1\nCMD node app.js\nENTRYPOINT [\"x\"]\nENTRYPOINT x y\nHEALTHCHECK CMD curl -f http://x/ || exit 1\nCMD [\"a\", \"b\"]\n";
        assert_eq!(lines(&RULE, text), vec![2, 4]);
    }

    #[test]
    fn fix_to_exec_form() {
        let text = "FROM a:1\nCMD exec java -jar /app.jar --port=80\nCMD echo $HOME\nCMD a && b\nCMD \"python\" app.py\nENTRYPOINT /entrypoint.sh\n";
        let out = fixed(&RULE, text);
        assert_eq!(
            out,
            "FROM a:1\nCMD [\"java\", \"-jar\", \"/app.jar\", \"--port=80\"]\nCMD echo $HOME\nCMD a && b\nCMD \"python\" app.py\nENTRYPOINT [\"/entrypoint.sh\"]\n"
        );
        assert_eq!(lines(&RULE, &out), vec![3, 4, 5]);
        assert!(crate::syntax::parse(&out).errors.is_empty());
    }

    #[test]
    fn json_escapes() {
        assert_eq!(super::json_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
    }
}

use std::collections::{HashMap, HashSet};

use crate::diagnostic::{Edit, Fix};
use crate::rules::hadolint::scan::{named_commands, run_script};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::semantics::Base;
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3066",
    name: "non-numeric-user",
    severity: Severity::Info,
    source: Source::Hadolint,
    fix: FixAvailability::Sometimes,
    summary: "Non-numeric user-id may not be resolvable by host system",
    docs: r#"
## What it does
Reports a `USER` given by name (`USER app`) rather than by numeric UID
(`USER 10001`). Variables are resolved: `USER $UID` is accepted when
`$UID` is numeric, or when its value comes from a build argument that
has no default.

## Why is this bad?
A user name only means something inside the image's `/etc/passwd`.
Orchestrators such as Kubernetes check `runAsNonRoot` against the UID
and cannot verify a name; volume permissions on the host are also set by
number. A numeric UID (and GID) states exactly who runs the process.

## Fix
*Safe*, for a user (or group) this Dockerfile creates earlier, in the
stage or one it is built on, with an explicit id (`useradd -u 10001 app`,
`groupadd -g 10001 app`, `adduser -u …`, `addgroup -g …`): writes that
id.

- **What changes in the image:** the configured user is spelled as a
  number; the process runs as the same account (the runtime finds the
  same `/etc/passwd` entry, with its group and home).
- **What must hold:** the id is the one the account has.
- **What the fix checks:** the account was created with that id by a
  `RUN` before the `USER`. Other names get their id from the base image,
  which only a human can check: no edit. `root` is uid 0 in every image:
  `USER 0` would only change the spelling, so it is left as it is.

## Example
```dockerfile
FROM node:20
USER node
```

```dockerfile
FROM debian:12
RUN useradd -u 10001 app
USER app
```

## Use instead
```dockerfile
FROM node:20
USER 1000:1000
```
"#,
    check,
};

/// `user[:group]` with each name replaced by its certain numeric id, when
/// every name has one (see the docs).
fn numeric_user(cx: &Checker, ids: &Created, i: usize, text: &str) -> Option<String> {
    if text.contains(['$', '"', '\'', ' ']) {
        return None;
    }
    let (user, group) = match text.split_once(':') {
        Some((u, g)) => (u, Some(g)),
        None => (text, None),
    };
    let id = |name: &str, group: bool| -> Option<String> {
        if numeric(name) && !name.is_empty() {
            Some(name.to_string())
        } else if name == "root" {
            Some("0".to_string())
        } else {
            ids.id(cx, i, name, group)
        }
    };
    let mut out = id(user, false)?;
    if let Some(g) = group {
        out.push(':');
        out.push_str(&id(g, true)?);
    }
    Some(out)
}

/// The users and groups `RUN`s create with a certain id: `useradd`/
/// `adduser` with `-u`/`--uid`, `groupadd`/`addgroup` with `-g`/`--gid`,
/// by (group?, name), in file order. Read once per file, so a file with
/// thousands of `USER`s stays linear.
#[derive(Default)]
struct Created {
    by_name: HashMap<(bool, String), Vec<(usize, String)>>,
}

impl Created {
    fn new(cx: &Checker) -> Self {
        let mut by_name: HashMap<(bool, String), Vec<(usize, String)>> = HashMap::new();
        for (j, inst) in cx.file.instructions.iter().enumerate() {
            let Some(script) = run_script(inst) else {
                continue;
            };
            for (program, cmd) in named_commands(&script) {
                let group = match program {
                    "useradd" | "adduser" => false,
                    "groupadd" | "addgroup" => true,
                    _ => continue,
                };
                let id_flags: &[&str] = if group {
                    &["-g", "--gid"]
                } else {
                    &["-u", "--uid"]
                };
                let words: Vec<&str> = cmd.args().iter().map(|w| w.value.as_str()).collect();
                if let Some((name, id)) = created(&words, id_flags) {
                    by_name
                        .entry((group, name.to_string()))
                        .or_default()
                        .push((j, id));
                }
            }
        }
        Created { by_name }
    }

    /// The id a `RUN` before instruction `i`, in its stage or a stage it
    /// is built on, gives the user (or group) `name`: the last one.
    fn id(&self, cx: &Checker, i: usize, name: &str, group: bool) -> Option<String> {
        let sem = cx.semantics();
        let mut stages = Vec::new();
        let mut s = sem.stage_of(i)?.index;
        for _ in 0..sem.stages.len() {
            stages.push(s);
            match sem.stages[s].base {
                Base::Stage(p) if p < s => s = p,
                _ => break,
            }
        }
        let made = self.by_name.get(&(group, name.to_string()))?;
        let before = made.partition_point(|(j, _)| *j < i);
        made[..before]
            .iter()
            .rev()
            .find(|(j, _)| {
                sem.stage_of(*j)
                    .is_some_and(|st| stages.contains(&st.index))
            })
            .map(|(_, id)| id.clone())
    }
}

/// In the arguments of one `useradd`-like command: its only positional
/// argument (the name) and the numeric value of one of `id_flags`, when
/// it has both. Flags that take a value are those of shadow's and
/// busybox's tools.
fn created<'w>(words: &[&'w str], id_flags: &[&str]) -> Option<(&'w str, String)> {
    const WITH_VALUE: &[&str] = &[
        "-u",
        "-g",
        "-G",
        "-d",
        "-s",
        "-c",
        "-e",
        "-f",
        "-k",
        "-K",
        "-p",
        "-b",
        "-Z",
        "-h",
        "--uid",
        "--gid",
        "--groups",
        "--home-dir",
        "--home",
        "--shell",
        "--comment",
        "--expiredate",
        "--inactive",
        "--skel",
        "--key",
        "--password",
        "--base-dir",
        "--ingroup",
        "--gecos",
        "--firstuid",
        "--lastuid",
        "--add_extra_groups",
    ];
    let mut id = None;
    let mut positionals = Vec::new();
    let mut k = 0;
    while k < words.len() {
        let w = words[k];
        if let Some((flag, value)) = w.split_once('=').filter(|(f, _)| f.starts_with("--")) {
            if id_flags.contains(&flag) {
                id = Some(value.to_string());
            }
        } else if WITH_VALUE.contains(&w) {
            if id_flags.contains(&w) {
                id = words.get(k + 1).map(|v| v.to_string());
            }
            k += 1;
        } else if !w.starts_with('-') {
            positionals.push(w);
        }
        k += 1;
    }
    let id = id.filter(|v| !v.is_empty() && numeric(v))?;
    match positionals[..] {
        [name] => Some((name, id)),
        _ => None,
    }
}

fn numeric(uid: &str) -> bool {
    uid.chars().all(|c| c.is_ascii_digit())
}

fn uid_part(user: &str) -> &str {
    user.split(':').next().unwrap_or("")
}

/// The names of the `ARG`s declared so far.
#[derive(Default)]
struct Args {
    names: HashSet<String>,
    longest: usize,
}

impl Args {
    fn add(&mut self, name: &str) {
        self.longest = self.longest.max(name.len());
        self.names.insert(name.to_string());
    }

    /// `$name` or `${name}` appears in `text` for some declared `name`
    /// (hadolint's test, a substring test: `$UIDX` mentions `UID`). Each
    /// `$` is followed by at most `longest` bytes, so the cost does not
    /// depend on how many `ARG`s there are.
    fn mentioned_in(&self, text: &str) -> bool {
        let found = |candidate: &str| self.names.contains(candidate);
        text.match_indices('$').any(|(at, _)| {
            let rest = &text[at + 1..];
            if let Some(inner) = rest.strip_prefix('{') {
                if let Some(end) = inner.find('}') {
                    if found(&inner[..end]) {
                        return true;
                    }
                }
            }
            (0..=rest.len().min(self.longest))
                .filter(|&n| rest.is_char_boundary(n))
                .any(|n| found(&rest[..n]))
        })
    }
}

fn check(cx: &mut Checker) {
    let file = cx.file;
    let mut args = Args::default();
    let mut ids: Option<Created> = None;
    for (i, inst) in file.instructions.iter().enumerate() {
        match &inst.body {
            Body::Arg(pairs) => pairs.iter().for_each(|kv| args.add(&kv.key.text)),
            Body::User(user) => {
                let text = user.text.trim();
                if numeric(uid_part(text)) {
                    continue;
                }
                let bad = if text.contains('$') {
                    let resolved = cx.resolve(i, text);
                    if resolved.is_complete() {
                        !numeric(uid_part(&resolved.value))
                    } else {
                        // Unknown at lint time: accepted when it comes from a
                        // build argument, as hadolint does.
                        !args.mentioned_in(text)
                    }
                } else {
                    true
                };
                if !bad {
                    continue;
                }
                // `root` is uid 0 everywhere: `USER 0` would only change
                // the spelling (and `USER root` around a privileged step is
                // the idiom people read).
                if text.split(':').all(|n| n == "root" || numeric(n)) {
                    cx.report_fix(
                        inst.span,
                        RULE.summary,
                        Fix::manual(
                            "`root` is uid 0 in every image: nothing to resolve. Leave it, or \
                             write `USER 0` if a policy asks for numbers",
                        ),
                    );
                    continue;
                }
                let ids = ids.get_or_insert_with(|| Created::new(cx));
                match numeric_user(cx, ids, i, text) {
                    Some(ids) => cx.report_fix(
                        inst.span,
                        RULE.summary,
                        Fix::safe(
                            format!("Use the numeric id `{ids}`"),
                            vec![Edit::replace(user.span, ids)],
                        ),
                    ),
                    None => {
                        cx.report(inst.span, RULE.summary);
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixed_once, lines};

    #[test]
    fn users() {
        let text = "FROM a:1\nUSER app\nUSER 1000\nUSER 1000:1000\nUSER app:1000\nARG UID\nUSER $UID\nENV N=1001\nUSER ${N}\nENV M=bob\nUSER $M\nUSER $FROM_BASE\n";
        assert_eq!(lines(&RULE, text), vec![2, 5, 11, 12]);
    }

    #[test]
    fn fix_uses_certain_ids() {
        let text = "FROM a:1 AS base\nRUN groupadd -r -g 10001 app && useradd --uid=10001 -g app -m app\nFROM base\nUSER app:app\n";
        assert_eq!(
            fixed_once(&RULE, text),
            "FROM a:1 AS base\nRUN groupadd -r -g 10001 app && useradd --uid=10001 -g app -m app\nFROM base\nUSER 10001:10001\n"
        );
        let text = "FROM alpine:3\nRUN addgroup -S g && adduser -S -D -u 1001 -G g bob\nUSER bob\n";
        assert_eq!(
            fixed_once(&RULE, text),
            "FROM alpine:3\nRUN addgroup -S g && adduser -S -D -u 1001 -G g bob\nUSER 1001\n"
        );
    }

    #[test]
    fn no_fix_without_a_certain_id() {
        for text in [
            "FROM node:20\nUSER node\n",
            // No explicit uid; or a group without a gid.
            "FROM a:1\nRUN useradd app\nUSER app\n",
            "FROM a:1\nRUN useradd -u 1000 app\nUSER app:staff\n",
            // Created in another, unrelated stage, or after.
            "FROM a:1 AS x\nRUN useradd -u 1000 app\nFROM b:1\nUSER app\n",
            "FROM a:1\nUSER app\nRUN useradd -u 1000 app\n",
            // `adduser bob staff` adds a user to a group.
            "FROM a:1\nRUN adduser -u 1000 bob staff\nUSER bob\n",
        ] {
            let found = crate::testing::findings(&RULE, text);
            assert!(found[0].fix.is_none(), "{text}");
        }
        // root is 0 everywhere: only an explanation.
        for text in ["FROM a:1\nUSER root\n", "FROM a:1\nUSER root:root\n"] {
            let found = crate::testing::findings(&RULE, text);
            let fix = found[0].fix.as_ref().unwrap();
            assert!(fix.edits.is_empty(), "{text}");
        }
    }
}

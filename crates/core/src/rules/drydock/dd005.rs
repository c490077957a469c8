use std::collections::{HashMap, HashSet};

use crate::diagnostic::{Applicability, Fix};
use crate::rules::drydock::context::{context_copy, in_final_image, join_path, workdir_at};
use crate::rules::drydock::deps::{install, Reads, Tool};
use crate::rules::layers::join_range;
use crate::rules::pkg::{is_flag_word, run_at, unquote, CommandExt};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::SimpleCommand;
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DD005",
    name: "cleanup-in-later-layer",
    severity: Severity::Warning,
    source: Source::Drydock,
    fix: FixAvailability::Sometimes,
    summary: "Caches or downloads removed in a later layer than the one that made them: the removal saves nothing.",
    docs: r#"
## What it does
Reports a `RUN` that removes what an earlier instruction of the same stage
left behind:
- the apt package lists (`rm -rf /var/lib/apt/lists/*`) after an
  `apt-get update` in an earlier `RUN`;
- the yum/dnf cache (`yum clean all`, `dnf clean all`) after an install;
- the apk index (`rm -rf /var/cache/apk/*`, `apk cache clean`) after
  `apk update` or `apk add --update`;
- the pip, npm or yarn cache (`pip cache purge`, `npm cache clean`,
  `yarn cache clean`, `rm -rf /root/.cache/pip` …) after an install that
  filled it;
- a downloaded or copied file (`rm /tmp/x.tar.gz`) that an earlier `RUN`
  fetched with `curl -o`/`wget`, or that `ADD <url>` or `COPY` brought in.

Only stages whose layers end up in the image are checked.

## Why is this bad?
Layers are immutable. A file written by one instruction stays in that
instruction's layer; deleting it in a later `RUN` only hides it, and the
image is as big as before. The cleanup must run in the same `RUN` that
made the mess (or the download must happen inside the `RUN` that uses it).

## Fix
*Suggested*: joins the `RUN`s from the one that made the files to the
one that removes them, with ` && \`.

- **What changes in the image:** the removed files never reach a layer:
  the image is smaller by their size. The same commands run in the same
  order; one layer replaces several.
- **What must hold:** each joined command runs in the state it ran in
  before (see DL3059), and none is lost.
- **What the fix checks:** only `RUN`s that can be joined lie between
  (DL3059's conditions). Files brought in by `ADD`/`COPY` need a human:
  download them in the `RUN` that uses them, or bind-mount them
  (`RUN --mount=type=bind,source=x.tar.gz,target=/tmp/x.tar.gz …`): only
  the explanation.

## Example
```dockerfile
FROM rockylinux:9
RUN dnf install -y httpd-2.4.57
RUN dnf clean all
```

## Use instead
```dockerfile
FROM rockylinux:9
RUN dnf install -y httpd-2.4.57 && dnf clean all
```
"#,
    check,
};

/// What a cleanup removes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Mess {
    AptLists,
    RpmCache,
    ApkIndex,
    PipCache,
    NpmCache,
    YarnCache,
    /// A file, by absolute (or workdir-relative) path.
    File(String),
}

impl Mess {
    fn describe(&self) -> String {
        match self {
            Mess::AptLists => "the apt package lists".into(),
            Mess::RpmCache => "the yum/dnf cache".into(),
            Mess::ApkIndex => "the apk index".into(),
            Mess::PipCache => "the pip cache".into(),
            Mess::NpmCache => "the npm cache".into(),
            Mess::YarnCache => "the yarn cache".into(),
            Mess::File(path) => format!("`{path}`"),
        }
    }
}

fn program(cmd: &SimpleCommand) -> &str {
    cmd.program_name().unwrap_or("")
}

fn sub(cmd: &SimpleCommand) -> Option<&str> {
    cmd.args()
        .iter()
        .map(|w| w.value.as_str())
        .find(|v| !is_flag_word(v))
}

/// The `rm` paths of a command.
fn removed_paths(cmd: &SimpleCommand) -> Vec<&str> {
    if program(cmd) != "rm" {
        return Vec::new();
    }
    cmd.positionals(&[])
        .into_iter()
        .map(|w| w.value.as_str())
        .collect()
}

/// The caches a command cleans.
fn cleans(cmd: &SimpleCommand) -> Vec<Mess> {
    let mut out = Vec::new();
    for path in removed_paths(cmd) {
        let path = path.trim_end_matches(['*', '/']);
        if path.starts_with("/var/lib/apt/lists") {
            out.push(Mess::AptLists);
        } else if path.starts_with("/var/cache/yum") || path.starts_with("/var/cache/dnf") {
            out.push(Mess::RpmCache);
        } else if path.starts_with("/var/cache/apk") {
            out.push(Mess::ApkIndex);
        } else if path.ends_with(".cache/pip") || path == "/root/.cache" || path == "~/.cache" {
            out.push(Mess::PipCache);
        } else if path.ends_with("/.npm") || path == "~/.npm" {
            out.push(Mess::NpmCache);
        } else if path.ends_with(".cache/yarn") {
            out.push(Mess::YarnCache);
        }
    }
    match (program(cmd), sub(cmd)) {
        ("yum" | "dnf" | "microdnf", Some("clean")) => out.push(Mess::RpmCache),
        ("apk", Some("cache")) if cmd.has_arg("clean") => out.push(Mess::ApkIndex),
        ("pip" | "pip3", Some("cache")) if cmd.has_arg("purge") => out.push(Mess::PipCache),
        ("npm", Some("cache")) if cmd.has_arg("clean") || cmd.has_arg("clear") => {
            out.push(Mess::NpmCache)
        }
        ("yarn", Some("cache")) if cmd.has_arg("clean") => out.push(Mess::YarnCache),
        _ => {}
    }
    out
}

/// The caches a command fills (before any cleanup in the same `RUN`).
fn fills(cmd: &SimpleCommand) -> Option<Mess> {
    match (program(cmd), sub(cmd)) {
        ("apt-get" | "apt" | "aptitude", Some("update")) => return Some(Mess::AptLists),
        ("yum" | "dnf" | "microdnf", Some("install" | "update" | "upgrade" | "makecache")) => {
            return Some(Mess::RpmCache)
        }
        ("apk", Some(s))
            if !cmd.has_arg("--no-cache")
                && (s == "update" || cmd.has_arg("--update") || cmd.has_arg("-U")) =>
        {
            return Some(Mess::ApkIndex)
        }
        _ => {}
    }
    let found = install(cmd)?;
    match found.tool {
        Tool::Pip if !cmd.has_arg("--no-cache-dir") => Some(Mess::PipCache),
        Tool::Npm => Some(Mess::NpmCache),
        Tool::Yarn if !matches!(found.reads, Reads::Nothing) || cmd.has_arg("add") => {
            Some(Mess::YarnCache)
        }
        _ => None,
    }
}

/// The file a `curl`/`wget` command writes, as written.
fn downloads(cmd: &SimpleCommand) -> Option<String> {
    let args = cmd.args();
    let url_name = || {
        args.iter()
            .map(|w| w.value.as_str())
            .find(|v| v.contains("://"))
            .and_then(|u| u.split(['?', '#']).next())
            .and_then(|u| u.rsplit('/').next())
            .filter(|n| !n.is_empty())
            .map(str::to_string)
    };
    // `-o F`, `-oF`, `-fsSLo F`, `--output F`, `--output=F`.
    let value_of = |short: char, long: &str| -> Option<String> {
        for (i, w) in args.iter().enumerate() {
            let v = w.value.as_str();
            if let Some(rest) = v.strip_prefix(long) {
                if rest.is_empty() {
                    return args.get(i + 1).map(|n| n.value.clone());
                }
                if let Some(value) = rest.strip_prefix('=') {
                    return Some(value.to_string());
                }
                continue;
            }
            let Some(letters) = v.strip_prefix('-').filter(|l| !l.starts_with('-')) else {
                continue;
            };
            if let Some(at) = letters.find(short) {
                let rest = &letters[at + short.len_utf8()..];
                return if rest.is_empty() {
                    args.get(i + 1).map(|n| n.value.clone())
                } else {
                    Some(rest.to_string())
                };
            }
        }
        None
    };
    let file = match program(cmd) {
        "wget" => value_of('O', "--output-document").or_else(url_name),
        "curl" => value_of('o', "--output").or_else(|| {
            (cmd.has_flag("O") || cmd.has_flag("remote-name"))
                .then(url_name)
                .flatten()
        }),
        _ => None,
    }?;
    (file != "-" && !file.starts_with('$') && !file.contains("$(")).then_some(file)
}

/// A mess made by instruction `index`: what, and whether a `RUN` made it.
struct Made {
    index: usize,
    mess: Mess,
}

fn absolute(cx: &Checker, i: usize, path: &str) -> Option<String> {
    let path = unquote(path);
    if path.contains('$') || path.contains('*') {
        return None;
    }
    if path.starts_with('/') {
        return Some(join_path("", path));
    }
    workdir_at(cx, i).map(|dir| join_path(&dir, path))
}

/// `absolute`, except that after a `cd` in the same `RUN` relative paths
/// are not known.
fn resolve(cx: &Checker, i: usize, moved: bool, path: &str) -> Option<String> {
    if moved && !unquote(path).starts_with('/') {
        None
    } else {
        absolute(cx, i, path)
    }
}

/// The messes earlier instructions left behind, in the order they were
/// made, found by what they are (a file made by each of thousands of
/// `RUN`s and removed by each of thousands more stays linear).
#[derive(Default)]
struct Left {
    /// Mess → (order made, instruction) of each instruction that left it.
    by_mess: HashMap<Mess, Vec<(usize, usize)>>,
    /// (mess, instruction) pairs already recorded.
    seen: HashSet<(Mess, usize)>,
    next: usize,
}

impl Left {
    fn add(&mut self, index: usize, mess: Mess) {
        if self.seen.insert((mess.clone(), index)) {
            self.by_mess
                .entry(mess)
                .or_default()
                .push((self.next, index));
            self.next += 1;
        }
    }

    /// Remove and return, in the order they were made, the messes of
    /// `cleaned`.
    fn take(&mut self, cleaned: &[Mess]) -> Vec<Made> {
        let mut out: Vec<(usize, Made)> = Vec::new();
        for mess in cleaned {
            let Some(made) = self.by_mess.remove(mess) else {
                continue;
            };
            for (order, index) in made {
                self.seen.remove(&(mess.clone(), index));
                out.push((
                    order,
                    Made {
                        index,
                        mess: mess.clone(),
                    },
                ));
            }
        }
        out.sort_by_key(|(order, _)| *order);
        out.into_iter().map(|(_, m)| m).collect()
    }
}

fn check(cx: &mut Checker) {
    let file = cx.file;
    let sem = cx.semantics();
    let shipped = in_final_image(sem);
    for stage in &sem.stages {
        if !shipped[stage.index] {
            continue;
        }
        let mut left = Left::default();
        for j in stage.instructions() {
            let inst = &file.instructions[j];
            // Files an ADD <url> or a COPY of one file brings in.
            if let Some((body, _)) = context_copy(inst) {
                if let (1, Some(dest)) = (body.sources.len(), body.dest.as_ref()) {
                    let src = unquote(&body.sources[0].text);
                    let name = src.rsplit('/').next().unwrap_or(src);
                    let dest = unquote(&dest.text);
                    let target = if dest.ends_with('/') {
                        format!("{dest}{name}")
                    } else {
                        dest.to_string()
                    };
                    if !name.is_empty() && name.contains('.') && !name.contains('*') {
                        if let Some(path) = absolute(cx, j, &target) {
                            left.add(j, Mess::File(path));
                        }
                    }
                }
                continue;
            }
            let Some(run) = run_at(cx, j) else { continue };
            if run.onbuild || !cx.shell_is_posix(j) {
                continue;
            }
            // What this RUN cleans that an earlier instruction made, and
            // (all of) what it cleans.
            let mut cleaned: Vec<Mess> = Vec::new();
            let mut cleaned_here: HashSet<Mess> = HashSet::new();
            // What it makes, in order, once each.
            let mut here: Vec<Mess> = Vec::new();
            let mut here_set: HashSet<Mess> = HashSet::new();
            // After a `cd`, relative paths no longer mean the WORKDIR.
            let mut moved = false;
            for cmd in run.commands.iter() {
                moved |= matches!(cmd.program(), Some("cd" | "pushd" | "popd"));
                let mut removes = cleans(cmd);
                removes.extend(
                    removed_paths(cmd)
                        .into_iter()
                        .filter_map(|path| resolve(cx, j, moved, path))
                        .map(Mess::File),
                );
                for c in removes {
                    if !here_set.contains(&c) && !cleaned_here.contains(&c) {
                        cleaned.push(c.clone());
                    }
                    cleaned_here.insert(c);
                }
                let made = fills(cmd).into_iter().chain(
                    downloads(cmd)
                        .and_then(|f| resolve(cx, j, moved, &f))
                        .map(Mess::File),
                );
                for m in made {
                    if here_set.insert(m.clone()) {
                        here.push(m);
                    }
                }
            }
            let earlier = left.take(&cleaned);
            if !earlier.is_empty() {
                let earlier: Vec<&Made> = earlier.iter().collect();
                report(cx, &earlier, j);
            }
            // What this RUN leaves behind.
            let cached = |m: &Mess| match m {
                Mess::AptLists => run.has_cache_mount("/var/lib/apt"),
                Mess::PipCache => {
                    run.has_cache_mount(".cache/pip") || run.text().contains("PIP_NO_CACHE_DIR")
                }
                Mess::NpmCache => run.has_cache_mount(".npm"),
                Mess::ApkIndex => run.has_cache_mount("/var/cache/apk"),
                Mess::RpmCache => run.has_cache_mount("/var/cache/"),
                Mess::YarnCache => run.has_cache_mount("yarn"),
                Mess::File(_) => false,
            };
            for m in here {
                if !cleaned_here.contains(&m) && !cached(&m) {
                    left.add(j, m);
                }
            }
        }
    }
}

/// The first few `items` joined with `, `, and how many more there are.
fn first_few(items: &[String]) -> String {
    const SHOWN: usize = 5;
    let mut out = items[..items.len().min(SHOWN)].join(", ");
    if items.len() > SHOWN {
        out.push_str(&format!(" and {} more", items.len() - SHOWN));
    }
    out
}

fn report(cx: &mut Checker, earlier: &[&Made], j: usize) {
    let file = cx.file;
    let inst = &file.instructions[j];
    let first = earlier.iter().map(|m| m.index).min().unwrap_or(j);
    let mut what: Vec<String> = Vec::new();
    let mut described: HashSet<String> = HashSet::new();
    for m in earlier {
        let d = m.mess.describe();
        if described.insert(d.clone()) {
            what.push(d);
        }
    }
    let mut lines: Vec<usize> = earlier
        .iter()
        .map(|m| file.instructions[m.index].line)
        .collect();
    lines.sort_unstable();
    lines.dedup();
    let lines: Vec<String> = lines.iter().map(usize::to_string).collect();
    let message = format!(
        "Removing {} here saves nothing: line {} made them in an earlier layer, which still holds \
         them. Clean up in the RUN that makes the files",
        first_few(&what),
        first_few(&lines)
    );
    if !cx.wants_fixes() {
        cx.report(inst.span, message);
        return;
    }
    let by_run = earlier
        .iter()
        .all(|m| matches!(file.instructions[m.index].body, Body::Run(_)));
    let fix = match by_run.then(|| join_range(file, cx.semantics(), first, j)).flatten() {
        Some(join) => join.fix(
            format!(
                "Join the RUNs from line {} to line {} into one",
                file.instructions[first].line, inst.line
            ), Applicability::Suggested),
        None if by_run => Fix::manual(
            "Move the cleanup into the RUN that makes the files (the RUNs cannot simply be joined)",
        ),
        None => Fix::manual(
            "Fetch the file in the RUN that uses and removes it (`curl -fsSLo f URL && … && rm f`), \
             or bind-mount it for that RUN (`RUN --mount=type=bind,source=…,target=…`)",
        ),
    };
    cx.report_fix(inst.span, message, fix);
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{findings, fixed_until_clean, lines};

    #[test]
    fn reports_late_cleanups() {
        for text in [
            "FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\n",
            "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\n",
            "FROM centos:7\nRUN yum install -y httpd\nRUN yum clean all\n",
            "FROM alpine:3\nRUN apk add --update curl\nRUN rm -rf /var/cache/apk/*\n",
            "FROM python:3\nRUN pip install flask\nRUN pip cache purge\n",
            "FROM python:3\nRUN pip install flask\nRUN rm -rf /root/.cache/pip\n",
            "FROM node:22\nRUN npm install -g pm2\nRUN npm cache clean --force\n",
            "FROM debian:12\nRUN wget https://example.com/x.tar.gz -O /tmp/x.tar.gz\nRUN tar xzf /tmp/x.tar.gz && rm /tmp/x.tar.gz\n",
            "FROM debian:12\nWORKDIR /tmp\nRUN curl -fsSLO https://example.com/a/x.tgz\nRUN tar xzf x.tgz && rm x.tgz\n",
            "FROM debian:12\nADD https://example.com/x.tar.gz /tmp/\nRUN tar xzf /tmp/x.tar.gz -C /opt && rm /tmp/x.tar.gz\n",
            "FROM debian:12\nCOPY setup.run /tmp/setup.run\nRUN /tmp/setup.run && rm -f /tmp/setup.run\n",
        ] {
            assert_eq!(lines(&RULE, text).len(), 1, "{text}");
        }
    }

    #[test]
    fn accepts_cleanups_in_the_same_layer() {
        for text in [
            "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN rm -rf /var/lib/apt/lists/*\n",
            "FROM debian:12\nRUN rm -rf /var/lib/apt/lists/*\n",
            "FROM python:3\nRUN pip install --no-cache-dir flask\nRUN pip cache purge\n",
            "FROM alpine:3\nRUN apk add --no-cache curl\nRUN rm -rf /var/cache/apk/*\n",
            "FROM debian:12\nRUN wget -qO- https://example.com/x.tar.gz | tar xz\nRUN rm -rf x.tar.gz\n",
            "FROM debian:12 AS build\nRUN apt-get update\nRUN rm -rf /var/lib/apt/lists/*\nFROM debian:12\nCOPY --from=build /x /x\n",
            "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt apt-get update\nRUN rm -rf /var/lib/apt/lists/*\n",
            "FROM debian:12\nRUN apt-get update\nFROM debian:12\nRUN rm -rf /var/lib/apt/lists/*\n",
            "FROM debian:12\nCOPY x.tar.gz ./\nRUN cd /opt && rm x.tar.gz\n",
        ] {
            assert!(findings(&RULE, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn fix_joins_or_explains() {
        assert_eq!(
            fixed_until_clean(
                &RULE,
                "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\n"
            ),
            "FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl && \\\n    rm -rf /var/lib/apt/lists/*\n"
        );
        for text in [
            "FROM debian:12\nADD https://example.com/x.tar.gz /tmp/\nRUN tar xzf /tmp/x.tar.gz && rm /tmp/x.tar.gz\n",
            "FROM debian:12\nRUN apt-get update\nCOPY a /a\nRUN rm -rf /var/lib/apt/lists/*\n",
        ] {
            let found = findings(&RULE, text);
            assert_eq!(found.len(), 1, "{text}");
            assert!(found[0].fix.as_ref().is_some_and(|f| f.edits.is_empty()), "{text}");
        }
    }
}

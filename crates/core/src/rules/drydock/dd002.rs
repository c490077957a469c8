use std::collections::HashMap;

use crate::diagnostic::{Edit, Fix};
use crate::rules::drydock::context::{context_copy, copies_whole_context, join_path, workdir_at};
use crate::rules::drydock::deps::{install, Ecosystem, Install, Reads, Tool};
use crate::rules::pkg::{run_at, CommandExt, Run};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::semantics::dockerignore::Dockerignore;
use crate::syntax::shell::SimpleCommand;
use crate::syntax::{Body, Instruction};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DD002",
    name: "cache-busting-copy",
    severity: Severity::Warning,
    source: Source::Drydock,
    fix: FixAvailability::Sometimes,
    summary: "The whole build context is copied before the dependency install: every source change reinstalls the dependencies.",
    docs: r#"
## What it does
Reports a `COPY`/`ADD` of the whole build context (`COPY . .`,
`ADD . /app`) that comes before a dependency install in the same stage:
`pip install -r …`, `poetry install`, `pipenv install`, `uv sync`,
`npm ci`/`npm install`, `yarn`, `pnpm install`, `go mod download`,
`cargo fetch`, `bundle install`, `composer install`,
`mvn dependency:go-offline`. A build step that fetches dependencies as it
builds (`go build` outside a GOPATH, `go get`, `cargo build`, `mvn package`,
`gradle build`) is reported too when the stage has no earlier step that
fetched them and the `RUN` mounts no cache.

## Why is this bad?
Docker reuses a layer only when the instruction and everything before it
are unchanged. `COPY . .` changes whenever *any* file of the project
changes, so the install after it runs again on every build: every
dependency is downloaded and installed again for a one-line code change.
Copy the dependency manifests alone, install, and only then copy the rest:
the install layer is then reused until the manifests change.

## Fix
*Suggested*: replaces the `COPY` with one that copies only the manifests
the install reads, keeping its flags (`--chown` …), and moves the
original `COPY` right after the install.

- **What changes in the image:** nothing in its files, as a rule: the
  same files end up in the same places; only the layers are ordered for
  the cache. Two details: an install that rewrites a manifest
  (`npm install` updating `package-lock.json`) leaves the context's
  version in the image, since the full copy now comes after it; and what
  the install writes inside the copied directory (`node_modules`,
  `vendor`) would be overwritten by the context's own copy of it.
- **What must hold:** the install needs nothing but the manifests, runs
  in the same directory, and the context holds no `node_modules` or
  `vendor` of its own (a `.dockerignore` keeps them out: DD003 writes
  one).
- **What the fix checks:** the install needs nothing else (no `cd`, no
  build or script in the same `RUN`; `poetry install` only with
  `--no-root`, `composer install` only with `--no-scripts
  --no-autoloader`), the working directory is the same, and nothing
  between the two instructions uses the copied files (only `ENV`, `ARG`,
  `LABEL`, `EXPOSE`, `USER` and system package installs may sit
  between). The manifests are the usual ones (`requirements.txt` as
  named by `-r`, `package*.json`, `go.mod go.sum`, `Gemfile
  Gemfile.lock` …): check that they exist, and that the install reads
  nothing else (a requirements file including another one, npm
  workspaces, a private `.npmrc`). When a `.dockerignore` is given and
  does not exclude the directory the install writes into the copy
  (`node_modules`, `vendor`), the edit is offered unticked, as a risk.
  Otherwise the finding explains what to do.

## Example
```dockerfile
FROM python:3.13-slim
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -r requirements.txt
CMD ["python", "main.py"]
```

## Use instead
```dockerfile
FROM python:3.13-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["python", "main.py"]
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    let sem = cx.semantics();
    // Ecosystems whose dependencies each stage fetched from manifests,
    // with the instruction that did: inherited by `FROM <stage>`.
    let mut fetched: Vec<HashMap<Ecosystem, usize>> = Vec::new();
    for stage in &sem.stages {
        let mut seen: HashMap<Ecosystem, usize> = match stage.base {
            crate::semantics::Base::Stage(p) => fetched.get(p).cloned().unwrap_or_default(),
            _ => HashMap::new(),
        };
        // Whole-context copies not yet followed by an install.
        let mut pending: Vec<usize> = Vec::new();
        for i in stage.instructions().skip(1) {
            let inst = &file.instructions[i];
            if copies_whole_context(inst) {
                pending.push(i);
                continue;
            }
            // Dependencies fetched in another stage and copied in
            // (`COPY --from=deps /root/.m2 /root/.m2`).
            if let Some(from) = inst.flag("from").and_then(|f| f.value.as_ref()) {
                let name = crate::rules::pkg::unquote(&from.text);
                let stage = sem
                    .stage_named(name)
                    .map(|s| s.index)
                    .or_else(|| name.parse::<usize>().ok());
                if let Some(other) = stage.and_then(|s| fetched.get(s)) {
                    for eco in other.keys() {
                        seen.entry(*eco).or_insert(i);
                    }
                }
                continue;
            }
            if !matches!(inst.body, Body::Run(_)) || !cx.shell_is_posix(i) {
                continue;
            }
            let Some(run) = run_at(cx, i) else { continue };
            let cached = inst.flags.iter().any(|f| {
                f.name.eq_ignore_ascii_case("mount")
                    && f.value
                        .as_ref()
                        .is_some_and(|v| v.text.contains("type=cache"))
            });
            let mut trigger: Option<Install> = None;
            for cmd in run.commands.iter() {
                let Some(found) = install(cmd) else { continue };
                let Some(eco) = found.tool.ecosystem() else {
                    continue;
                };
                let busts = match &found.reads {
                    Reads::Manifests(_) => true,
                    // pip/npm installing the project itself (`pip install
                    // -e .`) may find every dependency already installed.
                    Reads::Sources => pending.first().is_some_and(|&c| {
                        builds_fetch(found.tool)
                            && !cached
                            && seen.get(&eco).is_none_or(|&at| at > c)
                            && !gopath_build(&found, &file.instructions[c])
                            && !offline(&found)
                    }),
                    Reads::Nothing => false,
                };
                if found.is_manifest_install() {
                    seen.entry(eco).or_insert(i);
                }
                if busts && trigger.is_none() {
                    trigger = Some(found);
                }
            }
            let Some(trigger) = trigger else { continue };
            let copies = std::mem::take(&mut pending);
            for &c in &copies {
                report(cx, c, i, &trigger, copies.len() == 1);
            }
        }
        fetched.push(seen);
    }
}

/// Build tools that download the dependencies whenever they build.
fn builds_fetch(tool: Tool) -> bool {
    matches!(tool, Tool::Go | Tool::Cargo | Tool::Maven | Tool::Gradle)
}

/// `go build`/`go install` of a project copied under a GOPATH
/// (`/go/src/…`): GOPATH builds use what `go get` fetched before and
/// download nothing themselves.
fn gopath_build(found: &Install, copy: &Instruction) -> bool {
    let building = found.tool == Tool::Go
        && found
            .cmd
            .args()
            .first()
            .is_some_and(|w| w.value == "build" || w.value == "install");
    let dest = context_copy(copy)
        .and_then(|(body, _)| body.dest.as_ref())
        .map_or("", |d| d.text.as_str());
    building && dest.contains("/src/")
}

/// A Maven build told to stay offline or to use a repository prepared
/// elsewhere (`-o`, `-Dmaven.repo.local=…`).
fn offline(found: &Install) -> bool {
    found.tool == Tool::Maven
        && found.cmd.args().iter().any(|w| {
            w.value == "-o" || w.value == "--offline" || w.value.starts_with("-Dmaven.repo.local")
        })
}

fn report(cx: &mut Checker, c: usize, r: usize, found: &Install, single: bool) {
    let file = cx.file;
    let copy = &file.instructions[c];
    let run = &file.instructions[r];
    let what = first_line(&file.source[copy.span.start..copy.span.end]);
    let cmd = command_text(cx, found.cmd);
    let message = match &found.reads {
        Reads::Sources => format!(
            "`{what}` comes before `{cmd}` (line {}), which fetches the dependencies as it builds: \
             every source change downloads them again. Fetch them in an earlier step that reads only \
             the manifests, or mount a cache (`RUN --mount=type=cache`)",
            run.line
        ),
        _ => format!(
            "`{what}` copies the whole build context before the dependency install `{cmd}` (line {}): \
             any change to any file re-runs it. Copy the manifests first, install, then copy the rest",
            run.line
        ),
    };
    if !cx.wants_fixes() {
        cx.report(copy.span, message);
        return;
    }
    let fix = if single {
        reorder(cx, c, r, found)
    } else {
        Err("several copies of the whole context come before the install".into())
    };
    // The directory the install writes inside the copied tree: the
    // context's own copy of it would now land on top of it.
    let writes_into = match found.tool {
        Tool::Npm | Tool::Yarn | Tool::Pnpm => Some("node_modules"),
        Tool::Composer => Some("vendor"),
        _ => None,
    };
    let fix = fix.map(|fix| match (writes_into, cx.dockerignore()) {
        (Some(dir), Some(ignore)) if !Dockerignore::parse(ignore).excludes(&format!("{dir}/x")) => {
            Fix::risky(
                fix.message,
                fix.edits,
                format!(
                    "the .dockerignore does not exclude `{dir}`: the context's copy would land on top of the installed one"
                ),
            )
        }
        _ => fix,
    });
    match fix {
        Ok(fix) => cx.report_fix(copy.span, message, fix),
        Err(why) => {
            let advice = match &found.reads {
                Reads::Manifests(files) => format!(
                    "Copy {} first, run the install, then `{what}` ({why})",
                    files.join(" ")
                ),
                _ => format!(
                    "Copy the dependency manifests and fetch the dependencies before `{what}`"
                ),
            };
            cx.report_fix(copy.span, message, Fix::manual(advice));
        }
    }
}

/// The first line of an instruction's text (for messages).
fn first_line(text: &str) -> &str {
    let line = text.lines().next().unwrap_or(text);
    line.trim_end_matches(['\\', ' ', '\t'])
}

/// A command as written, on one line.
fn command_text(cx: &Checker, cmd: &SimpleCommand) -> String {
    let text = cx
        .source()
        .get(cmd.span.start..cmd.span.end)
        .unwrap_or_default();
    let words: Vec<&str> = text.split_whitespace().filter(|w| *w != "\\").collect();
    let joined = words.join(" ");
    if joined.chars().count() > 60 {
        let cut: String = joined.chars().take(57).collect();
        format!("{cut}…")
    } else {
        joined
    }
}

/// Programs whose commands cannot read or change the copied files, so a
/// `RUN` made only of them may move across the `COPY`.
const SYSTEM: &[&str] = &[
    "apt-get",
    "apt",
    "apk",
    "yum",
    "dnf",
    "microdnf",
    "zypper",
    "true",
    "useradd",
    "groupadd",
    "adduser",
    "addgroup",
    "update-ca-certificates",
    "ldconfig",
    "corepack",
];

/// System directories a `rm`/`mkdir` may touch without touching the
/// project's files.
const SYSTEM_DIRS: &[&str] = &["/var/", "/tmp/", "/root/.", "/usr/", "/etc/", "~/."];

/// The command cannot depend on the files a `COPY` of the context brings
/// in (or on the working directory).
fn independent(cmd: &SimpleCommand) -> bool {
    if !cmd.redirects.iter().all(|r| redirect_is_harmless(&r.raw)) {
        return false;
    }
    if let Some(found) = install(cmd) {
        return !matches!(found.reads, Reads::Sources);
    }
    let Some(name) = cmd.program() else {
        // Assignments only.
        return cmd.words.is_empty();
    };
    let base = name.rsplit('/').next().unwrap_or(name);
    if SYSTEM.contains(&base) {
        return true;
    }
    match base {
        "rm" | "mkdir" => cmd
            .positionals(&[])
            .iter()
            .all(|w| SYSTEM_DIRS.iter().any(|d| w.value.starts_with(d))),
        "npm" | "yarn" | "pip" | "pip3" => {
            matches!(
                cmd.args().first().map(|w| w.value.as_str()),
                Some("config" | "cache")
            )
        }
        "echo" | "printf" | "export" | "set" => true,
        _ => false,
    }
}

/// A redirection to a file outside the project (`> /dev/null`, `2>&1`,
/// `>> /etc/apt/sources.list`).
fn redirect_is_harmless(raw: &str) -> bool {
    let target = raw.trim_start_matches(|c: char| c.is_ascii_digit() || "<>&|".contains(c));
    let target = target.trim_start();
    raw.contains(">&") || target.starts_with('/')
}

/// The directory a leading `cd /dir && …` moves the `RUN`'s commands to:
/// `Ok(None)` without a `cd`; `Err` for a `cd` elsewhere, or to a path
/// that is not a plain absolute one.
fn leading_cd(run: &Run) -> Result<Option<String>, ()> {
    let mut out = None;
    for (k, c) in run.commands.iter().enumerate() {
        if c.program() != Some("cd") {
            continue;
        }
        match c.args() {
            [dir] if k == 0 && c.depth == 0 && dir.value.starts_with('/') && !dir.has_expansion => {
                out = Some(dir.value.clone())
            }
            _ => return Err(()),
        }
    }
    Ok(out)
}

/// Every command of the `RUN` is independent of the copied files, except
/// the install itself, which reads only its manifests (a leading `cd` to
/// an absolute path is fine).
fn run_is_independent(inst: &Instruction) -> bool {
    Run::of(inst).is_some_and(|run| {
        let skip = usize::from(matches!(leading_cd(&run), Ok(Some(_))));
        !run.exec
            && leading_cd(&run).is_ok()
            && run.commands.iter().skip(skip).all(|c| independent(c))
    })
}

/// The minimal edits that copy the manifests in place of the whole
/// context and move the whole-context copy after the install.
fn reorder(cx: &Checker, c: usize, r: usize, found: &Install) -> Result<Fix, String> {
    let file = cx.file;
    let copy = &file.instructions[c];
    let run = &file.instructions[r];
    let Reads::Manifests(manifests) = &found.reads else {
        return Err("the step needs the sources".into());
    };
    if let Some(caveat) = found.caveat {
        return Err(caveat.into());
    }
    if !run_is_independent(run) {
        return Err("the same RUN does more than install".into());
    }
    let copy_text = &file.source[copy.span.start..copy.span.end];
    let (body, _) = context_copy(copy).ok_or("not a copy of the context")?;
    let dest = body.dest.as_ref().ok_or("the COPY has no destination")?;
    let dest_text = crate::rules::pkg::unquote(&dest.text);
    if dest_text.contains('$') || dest_text.contains(char::is_whitespace) {
        return Err("the destination uses a variable".into());
    }
    for between in &file.instructions[c + 1..r] {
        let ok = match &between.body {
            // An absolute destination does not depend on the WORKDIR.
            Body::Workdir(_) => dest_text.starts_with('/'),
            Body::Env(_) | Body::Arg(_) => !copy_text.contains('$'),
            Body::Label(_)
            | Body::Expose(_)
            | Body::User(_)
            | Body::Cmd(_)
            | Body::Entrypoint(_)
            | Body::Healthcheck(_)
            | Body::Stopsignal(_)
            | Body::Maintainer(_) => true,
            Body::Run(_) => run_is_independent(between),
            _ => false,
        };
        if !ok {
            return Err(format!(
                "line {} runs between them and may use the copied files",
                between.line
            ));
        }
    }
    if body.sources.len() != 1 || !copy.heredocs.is_empty() {
        return Err("the COPY has several sources".into());
    }
    // Where the context lands, and where the install looks for its
    // manifests.
    let copy_dir = workdir_at(cx, c).ok_or("the working directory is unknown")?;
    let dest_dir = join_path(&copy_dir, dest_text);
    let cd = Run::of(run).and_then(|r| leading_cd(&r).ok()).flatten();
    let workdir = match cd {
        Some(dir) => dir,
        None => workdir_at(cx, r).ok_or("the working directory is unknown")?,
    };
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for m in manifests {
        if m.contains('$') || m.contains(char::is_whitespace) || m.contains('\'') || m.contains('"')
        {
            return Err(format!("the manifest `{m}` is not a plain path"));
        }
        let path = join_path(&workdir, m);
        let rel = if dest_dir.is_empty() {
            path.clone()
        } else {
            match path.strip_prefix(&format!("{dest_dir}/")) {
                Some(rel) => rel.to_string(),
                None if !path.starts_with('/') && !dest_dir.starts_with('/') => {
                    return Err("the destination and the manifests do not match".into())
                }
                None => return Err(format!("`{m}` is not under the COPY's destination")),
            }
        };
        if rel.is_empty() || rel.starts_with("..") || rel.starts_with('/') {
            return Err(format!("`{m}` is not under the COPY's destination"));
        }
        let (dir, _) = rel.rsplit_once('/').unwrap_or(("", &rel));
        match groups.iter_mut().find(|(d, _)| d == dir) {
            Some((_, files)) => files.push(rel.clone()),
            None => groups.push((dir.to_string(), vec![rel.clone()])),
        }
    }
    let keyword = if copy
        .keyword_word
        .text
        .chars()
        .all(|c| c.is_ascii_lowercase())
    {
        "copy"
    } else {
        "COPY"
    };
    let flags: Vec<&str> = copy
        .flags
        .iter()
        .map(|f| &file.source[f.span.start..f.span.end])
        .collect();
    let lines: Vec<String> = groups
        .iter()
        .map(|(dir, files)| {
            let several = files.len() > 1 || files.iter().any(|f| f.contains('*'));
            let to = if dir.is_empty() {
                // Several files need a directory ending in `/` (DL3021).
                if dest_text.ends_with('/') || !several && dest_text == "." {
                    dest_text.to_string()
                } else {
                    format!("{dest_text}/")
                }
            } else if dest_text == "." || dest_text == "./" {
                format!("{dir}/")
            } else {
                format!("{}/{dir}/", dest_text.trim_end_matches('/'))
            };
            let mut words: Vec<&str> = vec![keyword];
            words.extend(flags.iter().copied());
            words.extend(files.iter().map(String::as_str));
            words.push(&to);
            words.join(" ")
        })
        .collect();
    let listed: Vec<&str> = groups
        .iter()
        .flat_map(|(_, f)| f.iter().map(String::as_str))
        .collect();
    Ok(Fix::suggested(
        format!(
            "Copy {} first and `{}` after the install",
            listed.join(" "),
            first_line(copy_text)
        ),
        vec![
            Edit::replace(copy.span, lines.join("\n")),
            Edit::insert(run.span.end, format!("\n{copy_text}")),
        ],
    ))
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{findings, fixed_until_clean, reports};

    #[test]
    fn a_dockerignore_that_lets_node_modules_in_makes_it_a_risk() {
        use crate::testing::findings_with_inputs;
        let text =
            "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD [\"node\", \"index.js\"]\n";
        let with = |ignore: &str| {
            let inputs = crate::Inputs {
                dockerignore: Some(ignore),
            };
            let d = findings_with_inputs(&RULE, text, &crate::Config::default(), &inputs);
            d[0].fix.clone().unwrap()
        };
        assert_eq!(
            with(".git\n").applicability,
            crate::diagnostic::Applicability::Manual
        );
        assert!(with(".git\n").risk.unwrap().contains("node_modules"));
        assert_eq!(
            with("node_modules\n").applicability,
            crate::diagnostic::Applicability::Suggested
        );
        assert_eq!(
            findings(&RULE, text)[0].fix.as_ref().unwrap().applicability,
            crate::diagnostic::Applicability::Suggested
        );
    }

    #[test]
    fn reports_context_before_install() {
        for text in [
            "FROM python:3.13\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n",
            "FROM node:22\nWORKDIR /app\nADD . /app\nRUN npm ci\n",
            "FROM node:22\nCOPY . .\nRUN yarn install --frozen-lockfile\n",
            "FROM golang:1.23\nCOPY . .\nRUN go mod download\n",
            "FROM golang:1.23\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n",
            "FROM rust:1\nCOPY . .\nRUN cargo build --release\n",
            "FROM ruby:3\nCOPY . .\nRUN bundle install\n",
            "FROM maven:3\nCOPY . .\nRUN mvn -B package\n",
            "FROM golang:1.8\nCOPY . /go/src/github.com/x/y\nRUN go get -d -v ./... && go build\n",
            "FROM python:3\nCOPY . .\nRUN apt-get update && pip install -r req.txt\n",
        ] {
            assert_eq!(reports(&RULE, text), 1, "{text}");
        }
    }

    #[test]
    fn accepts_manifests_first() {
        for text in [
            "FROM python:3.13\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n",
            // The build after the copy is fine once the dependencies were fetched.
            "FROM golang:1.23\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /app .\n",
            "FROM golang:1.23 AS deps\nCOPY go.mod go.sum ./\nRUN go mod download\nFROM deps\nCOPY . .\nRUN go build -o /app .\n",
            "FROM golang:1.23\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod go build -o /app .\n",
            "FROM golang:1.23\nCOPY . .\nRUN go build -mod=vendor -o /app .\n",
            "FROM golang:1.8\nCOPY . /go/src/github.com/x/y\nRUN go build -o /y github.com/x/y\n",
            "FROM maven:3 AS deps\nCOPY pom.xml .\nRUN mvn dependency:go-offline\nFROM maven:3\nCOPY --from=deps /root/.m2 /root/.m2\nCOPY . .\nRUN mvn package\n",
            // Named packages read nothing from the context.
            "FROM python:3.13\nCOPY . .\nRUN pip install gunicorn==23.0.0\n",
            "FROM node:22\nCOPY . .\nRUN npm run build\n",
            "FROM python:3\nWORKDIR /app\nCOPY . .\nRUN pip install -e .\n",
            "FROM maven:3 AS deps\nCOPY pom.xml .\nRUN mvn compile dependency:resolve\nFROM maven:3\nCOPY --from=deps /root/.m2 /root/.m2\nCOPY . .\nRUN mvn package\n",
            // Another stage, or copies from a stage.
            "FROM python:3 AS a\nCOPY . .\nFROM python:3\nRUN pip install -r requirements.txt\n",
            "FROM python:3\nCOPY --from=build /app .\nRUN pip install -r requirements.txt\n",
            "FROM python:3\nCOPY src/ src/\nRUN pip install flask\n",
        ] {
            assert_eq!(reports(&RULE, text), 0, "{text}");
        }
    }

    #[test]
    fn reorders_like_the_article() {
        let text = "FROM python:3.13.1\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nEXPOSE 1234\nCMD [\"python\", \"./main.py\"]\n";
        assert_eq!(
            fixed_until_clean(&RULE, text),
            "FROM python:3.13.1\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nEXPOSE 1234\nCMD [\"python\", \"./main.py\"]\n"
        );
        let go = "FROM golang:1.18 AS builder\n\n# first (build) stage\nCOPY . .\nRUN go mod download\nRUN CGO_ENABLED=0 go build -v -o app .\n";
        assert_eq!(
            fixed_until_clean(&RULE, go),
            "FROM golang:1.18 AS builder\n\n# first (build) stage\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -v -o app .\n"
        );
    }

    #[test]
    fn keeps_flags_and_destination() {
        let text = "FROM node:22\nWORKDIR /srv\nENV NODE_ENV=production\nCOPY --chown=node:node . /srv\nUSER node\nRUN apt-get update && npm ci --omit=dev\n";
        assert_eq!(
            fixed_until_clean(&RULE, text),
            "FROM node:22\nWORKDIR /srv\nENV NODE_ENV=production\nCOPY --chown=node:node package*.json /srv/\nUSER node\nRUN apt-get update && npm ci --omit=dev\nCOPY --chown=node:node . /srv\n"
        );
        let moved = "FROM node:8\nCOPY . /opt/app\nWORKDIR /opt/app\nRUN yarn\nCMD yarn start\n";
        assert_eq!(
            fixed_until_clean(&RULE, moved),
            "FROM node:8\nCOPY package.json yarn.lock /opt/app/\nWORKDIR /opt/app\nRUN yarn\nCOPY . /opt/app\nCMD yarn start\n"
        );
        let cd = "FROM python:2\nADD . /src\nRUN cd /src; pip install -r requirements.txt\n";
        assert_eq!(
            fixed_until_clean(&RULE, cd),
            "FROM python:2\nCOPY requirements.txt /src/\nRUN cd /src; pip install -r requirements.txt\nADD . /src\n"
        );
        let sub = "FROM python:3\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements/prod.txt -r requirements/base.txt\n";
        assert!(fixed_until_clean(&RULE, sub)
            .contains("COPY requirements/prod.txt requirements/base.txt requirements/\n"));
    }

    #[test]
    fn explains_when_the_move_is_unsafe() {
        for text in [
            // The install needs the sources.
            "FROM golang:1.23\nCOPY . .\nRUN go build -o /app .\n",
            "FROM python:3\nCOPY . .\nRUN poetry install\n",
            "FROM node:22\nCOPY . .\nRUN yarn install --offline\n",
            // Something between uses the files.
            "FROM python:3\nCOPY . .\nRUN chmod +x entrypoint.sh\nRUN pip install -r requirements.txt\n",
            "FROM python:3\nCOPY . .\nWORKDIR /x\nRUN pip install -r requirements.txt\n",
            // The same RUN builds.
            "FROM node:22\nCOPY . .\nRUN npm ci && npm run build\n",
            "FROM node:22\nCOPY . .\nRUN cd web && npm ci\n",
            "FROM node:22\nCOPY . .\nRUN npm ci && cd /x\n",
        ] {
            let found = findings(&RULE, text);
            assert_eq!(found.len(), 1, "{text}");
            let fix = found[0].fix.as_ref().expect("an explanation");
            assert!(fix.edits.is_empty(), "{text}: {fix:?}");
            assert_eq!(fix.applicability, crate::diagnostic::Applicability::Manual);
        }
    }
}

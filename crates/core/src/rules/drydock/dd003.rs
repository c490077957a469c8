use std::collections::HashMap;
use std::sync::OnceLock;

use crate::diagnostic::{ExtraFile, Fix};
use crate::rules::drydock::context::{context_copy, copies_whole_context};
use crate::rules::drydock::deps::{install, Ecosystem, Reads};
use crate::rules::pkg::{runs, unquote, CommandExt};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::semantics::dockerignore::Dockerignore;
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DD003",
    name: "whole-context-copy",
    severity: Severity::Info,
    source: Source::Drydock,
    fix: FixAvailability::Always,
    summary: "The whole build context is copied without a `.dockerignore` that keeps out `.git`, secrets and local dependencies.",
    docs: r#"
## What it does
Reports the first `COPY`/`ADD` of the whole build context (`COPY . .`,
`ADD . /app`, `COPY * ./`) when no `.dockerignore` was given. When one was
given, reports only what it misses that matters: `.git`, `.env`, and the
local dependency and build directories of the project's ecosystem
(`node_modules` when the image installs Node packages, `.venv`/`venv` for
Python, `target` for Rust and Maven, `vendor` when the image runs
`composer install`). An allow-list `.dockerignore` (`*` then `!src`)
misses nothing.

## Why is this bad?
`COPY . .` copies everything the build context holds: the `.git` history,
virtual environments and `node_modules` built for the host, editor
settings, logs, and secrets such as `.env` files. They make the context
slower to send and the image bigger, they bust the build cache whenever
any of them changes, and secrets copied into a layer stay readable in the
image.

## Fix
*Suggested.* Writes a `.dockerignore` (a new file beside the Dockerfile,
not an edit of it) for the ecosystems the Dockerfile uses (Python, Node,
Go, Rust, Java, Ruby, PHP, from the base images and the package
managers), plus what every project should leave out (`.git`, `.env`,
keys, logs, `Dockerfile*`). With an existing `.dockerignore`, the
missing entries are appended to it.

- **What changes in the image:** the listed files are no longer in the
  build context: not copied into the image, not able to bust the cache.
- **What must hold:** the build never reads them.
- **What the fix checks:** a pattern that would hide a file the
  Dockerfile copies by name, or its `CMD`/`ENTRYPOINT` names, is left
  out; local dependency directories (`node_modules`, `.venv`, `vendor`)
  only when the image installs them itself; `.git` only when nothing
  reads the repository: not when a `RUN` runs `git describe` and the
  like, or a build tool that may read it (`make`, Go, Cargo, Maven,
  Gradle, `npm run`, `pip install .`, `setup.py`, a script of the
  project). What the build's own scripts read is beyond the file: review
  it.

## Example
```dockerfile
FROM python:3.13-slim
WORKDIR /app
COPY . .
```

## Use instead
```dockerfile
FROM python:3.13-slim
WORKDIR /app
COPY requirements.txt main.py ./
```
"#,
    check,
};

/// One `.dockerignore` line of the generated file.
struct Entry {
    pattern: &'static str,
    /// A path the pattern must exclude (to test a given `.dockerignore`).
    probe: &'static str,
    /// Worth reporting when a given `.dockerignore` misses it.
    important: bool,
    /// Only when the image installs the ecosystem's dependencies itself
    /// (otherwise the local ones may be what the image runs).
    needs_install: bool,
}

const fn e(pattern: &'static str, probe: &'static str, important: bool) -> Entry {
    Entry {
        pattern,
        probe,
        important,
        needs_install: false,
    }
}

const fn installed(pattern: &'static str, probe: &'static str) -> Entry {
    Entry {
        pattern,
        probe,
        important: true,
        needs_install: true,
    }
}

const COMMON: &[(&str, &[Entry])] = &[
    (
        "Version control and editors",
        &[
            e(".git", ".git/HEAD", true),
            e(".hg", ".hg/store", false),
            e(".svn", ".svn/entries", false),
            e(".vscode", ".vscode/settings.json", false),
            e(".idea", ".idea/workspace.xml", false),
            e("**/.DS_Store", ".DS_Store", false),
        ],
    ),
    (
        "Secrets and local configuration",
        &[
            e(".env", ".env", true),
            e(".env.*", ".env.local", false),
            e("**/*.pem", "key.pem", false),
            e("**/*.key", "server.key", false),
            e(".ssh", ".ssh/id_rsa", false),
            e(".aws", ".aws/credentials", false),
        ],
    ),
    ("Logs", &[e("**/*.log", "debug.log", false)]),
    (
        "Docker files",
        &[
            e("Dockerfile*", "Dockerfile", false),
            e(".dockerignore", ".dockerignore", false),
            e("docker-compose*", "docker-compose.yml", false),
        ],
    ),
];

const ECOSYSTEMS: &[(Ecosystem, &str, &[Entry])] = &[
    (
        Ecosystem::Python,
        "Python",
        &[
            e("**/__pycache__", "__pycache__/a.pyc", false),
            e("**/*.py[cod]", "a.pyc", false),
            e(".venv", ".venv/bin/python", true),
            e("venv", "venv/bin/python", true),
            e(".pytest_cache", ".pytest_cache/v", false),
            e(".mypy_cache", ".mypy_cache/x", false),
            e(".tox", ".tox/x", false),
            e("**/*.egg-info", "a.egg-info/PKG-INFO", false),
            e(".coverage", ".coverage", false),
            e("htmlcov", "htmlcov/index.html", false),
        ],
    ),
    (
        Ecosystem::Node,
        "Node",
        &[
            installed("**/node_modules", "node_modules/a/index.js"),
            e("npm-debug.log*", "npm-debug.log", false),
            e("yarn-error.log", "yarn-error.log", false),
            e(".npm", ".npm/_cacache", false),
        ],
    ),
    (Ecosystem::Go, "Go", &[e("**/*.test", "a.test", false)]),
    (
        Ecosystem::Rust,
        "Rust",
        &[e("target", "target/release/app", true)],
    ),
    (
        Ecosystem::Java,
        "Java",
        &[
            e("target", "target/app.jar", true),
            e("build", "build/libs/app.jar", false),
            e(".gradle", ".gradle/caches", false),
            e("**/*.class", "A.class", false),
        ],
    ),
    (
        Ecosystem::Ruby,
        "Ruby",
        &[
            e(".bundle", ".bundle/config", false),
            installed("vendor/bundle", "vendor/bundle/ruby"),
            e("log/*", "log/development.log", false),
            e("tmp/*", "tmp/cache", false),
        ],
    ),
    (
        Ecosystem::Php,
        "PHP",
        &[installed("vendor", "vendor/autoload.php")],
    ),
];

fn ecosystem_entries(eco: Ecosystem) -> (&'static str, &'static [Entry]) {
    ECOSYSTEMS
        .iter()
        .find(|(e, _, _)| *e == eco)
        .map_or(("", &[]), |(_, title, entries)| (*title, *entries))
}

/// The ecosystems the file uses, and those whose dependencies it installs.
fn ecosystems(cx: &Checker) -> (Vec<Ecosystem>, Vec<Ecosystem>) {
    let mut used: Vec<Ecosystem> = Vec::new();
    let mut installs: Vec<Ecosystem> = Vec::new();
    for stage in &cx.semantics().stages {
        let name = stage.image_ref().map_or("", |r| r.name.as_str());
        let name = name.rsplit('/').next().unwrap_or(name);
        let eco = match name {
            "python" | "pypy" => Some(Ecosystem::Python),
            "node" => Some(Ecosystem::Node),
            "golang" => Some(Ecosystem::Go),
            "rust" => Some(Ecosystem::Rust),
            "openjdk" | "eclipse-temurin" | "amazoncorretto" | "maven" | "gradle" | "tomcat"
            | "ibmjava" | "sapmachine" => Some(Ecosystem::Java),
            "ruby" | "jruby" => Some(Ecosystem::Ruby),
            "php" | "composer" => Some(Ecosystem::Php),
            _ => None,
        };
        used.extend(eco);
    }
    for run in runs(cx) {
        for cmd in run.commands.iter() {
            let Some(found) = install(cmd) else { continue };
            let Some(eco) = found.tool.ecosystem() else {
                continue;
            };
            used.push(eco);
            if found.reads != Reads::Nothing {
                installs.push(eco);
            }
        }
    }
    used.sort();
    used.dedup();
    installs.sort();
    installs.dedup();
    (used, installs)
}

/// What the Dockerfile needs from the context by name: `COPY`/`ADD`
/// sources and the `CMD`/`ENTRYPOINT` text. A pattern hiding any of these
/// is left out.
fn used_names(cx: &Checker) -> Vec<String> {
    let mut out = Vec::new();
    for inst in cx.file.all_instructions() {
        match &inst.body {
            Body::Copy(_) | Body::Add(_) => {
                if let Some((body, _)) = context_copy(inst) {
                    out.extend(
                        body.sources
                            .iter()
                            .map(|s| unquote(&s.text).trim_start_matches("./").to_string()),
                    );
                }
            }
            Body::Cmd(_) | Body::Entrypoint(_) => out.push(inst.args.text.clone()),
            _ => {}
        }
    }
    // A build that reads the repository needs `.git`: `git describe`,
    // and the build tools that may run it or read `.git` themselves
    // (a Makefile's version stamp, setuptools-scm, Go's VCS stamping,
    // a build script).
    let reads_git = runs(cx).any(|run| run.any(may_read_git));
    if reads_git {
        out.push(".git".into());
    }
    // Every entry is tried against every name: once each (a long file
    // repeats `COPY . .` and its CMDs).
    out.sort_unstable();
    out.dedup();
    out
}

/// A command that reads the repository, or may: `git` (but `clone`,
/// `config`, `init`, `ls-remote`), and the build tools that stamp
/// versions from it or read `.git` themselves.
fn may_read_git(c: &crate::syntax::shell::SimpleCommand) -> bool {
    let Some((program, words)) = c.effective() else {
        return false;
    };
    let args: Vec<&str> = words.iter().map(|w| w.value.as_str()).collect();
    let first = args.first().copied();
    match Some(program) {
        Some("git") => !matches!(first, Some("clone" | "config" | "init" | "ls-remote")),
        Some(
            "make" | "gmake" | "cmake" | "configure" | "ant" | "mvn" | "mvnw" | "gradle"
            | "gradlew" | "rake" | "setup.py" | "poetry" | "hatch" | "meson" | "ninja"
            | "goreleaser",
        ) => true,
        Some("go") => matches!(first, Some("build" | "install" | "generate")),
        Some("cargo") => matches!(first, Some("build" | "install")),
        Some("npm" | "yarn" | "pnpm") => {
            matches!(first, Some("run" | "build" | "pack" | "publish"))
        }
        Some(p) if p.starts_with("python") => {
            args.first() == Some(&"setup.py") || args.windows(2).any(|w| w == ["-m", "build"])
        }
        Some("pip" | "pip3") => {
            first == Some("install")
                && args
                    .iter()
                    .any(|a| *a == "." || a.starts_with("./") || *a == "-e")
        }
        Some("sh" | "bash") => args.iter().any(|a| a.ends_with(".sh")),
        _ => c
            .program()
            .is_some_and(|p| p.starts_with("./") || p.ends_with(".sh")),
    }
}

/// The pattern would hide something the Dockerfile uses by name.
fn hides_used(entry: &Entry, used: &[String]) -> bool {
    // Each entry's pattern parsed once for the process, not once a file.
    static PARSED: OnceLock<HashMap<&'static str, Dockerignore>> = OnceLock::new();
    let parsed = PARSED.get_or_init(|| {
        COMMON
            .iter()
            .flat_map(|(_, entries)| entries.iter())
            .chain(ECOSYSTEMS.iter().flat_map(|(_, _, entries)| entries.iter()))
            .map(|en| (en.pattern, Dockerignore::parse(en.pattern)))
            .collect()
    });
    let own;
    let single = match parsed.get(entry.pattern) {
        Some(d) => d,
        None => {
            own = Dockerignore::parse(entry.pattern);
            &own
        }
    };
    let stem = entry
        .pattern
        .trim_start_matches("**/")
        .trim_end_matches("/*")
        .trim_end_matches('*');
    used.iter().any(|u| {
        single.excludes(u)
            || (!stem.is_empty() && !stem.starts_with('.') && u.contains(stem))
            || (stem.starts_with('.') && stem.len() > 1 && u.contains(stem))
    })
}

/// The finding when no `.dockerignore` was given.
fn no_dockerignore_message(what: &str) -> String {
    format!(
        "`{what}` copies the whole build context and no .dockerignore was given: .git, \
         local environments, logs and secrets are sent to the builder and end up in the \
         image. Add a .dockerignore"
    )
}

fn check(cx: &mut Checker) {
    let file = cx.file;
    let Some(copy) = file.instructions.iter().find(|i| copies_whole_context(i)) else {
        return;
    };
    let span = copy.span;
    let what = {
        let text = &file.source[span.start..span.end];
        let line = text.lines().next().unwrap_or(text);
        line.trim_end_matches(['\\', ' ', '\t']).to_string()
    };
    if cx.dockerignore().is_none() && !cx.wants_fixes() {
        // Without a `.dockerignore` the finding is the same whatever the
        // file uses: what it uses only shapes the one the fix writes.
        cx.report(span, no_dockerignore_message(&what));
        return;
    }
    let (used, installs) = ecosystems(cx);
    let names = used_names(cx);
    let mut sections: Vec<(&str, Vec<&Entry>)> = Vec::new();
    let all = COMMON
        .iter()
        .map(|(title, entries)| (None, *title, *entries))
        .chain(used.iter().map(|eco| {
            let (title, entries) = ecosystem_entries(*eco);
            (Some(*eco), title, entries)
        }));
    for (eco, title, entries) in all {
        let kept: Vec<&Entry> = entries
            .iter()
            .filter(|en| !en.needs_install || eco.is_some_and(|e| installs.contains(&e)))
            .filter(|en| !hides_used(en, &names))
            .collect();
        if !kept.is_empty() {
            sections.push((title, kept));
        }
    }
    let kinds: Vec<&str> = used.iter().map(|e| ecosystem_entries(*e).0).collect();
    match cx.dockerignore() {
        None => {
            let mut contents = String::from(
                "# Generated by Drydock: what the build never needs. Anything listed here\n\
                 # is not sent to the builder and cannot be copied into the image.\n",
            );
            let mut seen: Vec<&str> = Vec::new();
            for (title, entries) in &sections {
                let lines: Vec<&str> = entries
                    .iter()
                    .map(|en| en.pattern)
                    .filter(|p| !seen.contains(p))
                    .collect();
                if lines.is_empty() {
                    continue;
                }
                seen.extend(&lines);
                contents.push_str(&format!("\n# {title}\n{}\n", lines.join("\n")));
            }
            let project = if kinds.is_empty() {
                String::new()
            } else {
                format!(" for this {} project", kinds.join("/"))
            };
            let message = no_dockerignore_message(&what);
            let fix = Fix {
                files: vec![ExtraFile {
                    path: ".dockerignore".into(),
                    contents,
                }],
                ..Fix::suggested(format!("Create a .dockerignore{project}"), Vec::new())
            };
            cx.report_fix(span, message, fix);
        }
        Some(existing) => {
            let ignore = Dockerignore::parse(existing);
            let mut missing: Vec<&str> = Vec::new();
            for (_, entries) in &sections {
                for en in entries {
                    // A `!` line naming it: the user wants it in.
                    let reincluded = ignore.patterns.iter().any(|p| {
                        p.exclusion
                            && (p.matches(en.probe)
                                || en.probe.starts_with(&format!("{}/", p.text)))
                    });
                    if en.important
                        && !reincluded
                        && !ignore.excludes(en.probe)
                        && !missing.contains(&en.pattern)
                    {
                        missing.push(en.pattern);
                    }
                }
            }
            if missing.is_empty() {
                return;
            }
            let mut contents = existing.to_string();
            if !contents.is_empty() && !contents.ends_with('\n') {
                contents.push('\n');
            }
            contents.push_str("# Added by Drydock\n");
            for m in &missing {
                contents.push_str(m);
                contents.push('\n');
            }
            let message = format!(
                "`{what}` copies the whole build context and the .dockerignore does not exclude {}",
                missing
                    .iter()
                    .map(|m| format!("`{m}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let fix = Fix {
                files: vec![ExtraFile {
                    path: ".dockerignore".into(),
                    contents,
                }],
                ..Fix::suggested(
                    format!("Add {} to the .dockerignore", missing.join(" ")),
                    Vec::new(),
                )
            };
            cx.report_fix(span, message, fix);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::config::Config;
    use crate::semantics::dockerignore::Dockerignore;
    use crate::semantics::Semantics;
    use crate::testing::findings;
    use crate::Inputs;

    /// Findings with a given `.dockerignore`.
    fn with_ignore(text: &str, ignore: &str) -> Vec<crate::Diagnostic> {
        let file = crate::syntax::parse(text);
        let config = Config::default();
        let semantics = Semantics::new(&file, &config);
        let inputs = Inputs {
            dockerignore: Some(ignore),
        };
        crate::rules::check_all(&file, &config, &semantics, &inputs)
            .into_iter()
            .filter(|d| d.code == RULE.code)
            .collect()
    }

    fn generated(text: &str) -> String {
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1, "{text}");
        let fix = found[0].fix.as_ref().expect("fix");
        assert!(fix.edits.is_empty());
        assert_eq!(fix.files[0].path, ".dockerignore");
        fix.files[0].contents.clone()
    }

    #[test]
    fn reports_the_first_whole_context_copy() {
        let text = "FROM ubuntu:24.04\nCOPY . .\nCOPY . /srv\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].span.start, text.find("COPY . .").unwrap());
        for text in [
            "FROM python:3\nADD . /app\n",
            "FROM python:3\nCOPY --chown=app:app . .\n",
            "FROM python:3\nCOPY [\".\", \"/app\"]\n",
            "FROM python:3\nCOPY * ./\n",
        ] {
            assert_eq!(findings(&RULE, text).len(), 1, "{text}");
        }
        for text in [
            "FROM python:3\nCOPY src/ /app/\n",
            "FROM python:3\nCOPY --from=build . /app\n",
        ] {
            assert!(findings(&RULE, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn writes_a_dockerignore_for_the_ecosystem() {
        let python = generated("FROM python:3.13\nCOPY . .\nRUN pip install -r requirements.txt\n");
        let ignore = Dockerignore::parse(&python);
        for path in [
            ".git/HEAD",
            ".env",
            "__pycache__/a.pyc",
            "app/__pycache__/b.pyc",
            ".venv/bin/python",
            "debug.log",
            "Dockerfile",
        ] {
            assert!(ignore.excludes(path), "{path} not excluded:\n{python}");
        }
        for path in ["main.py", "requirements.txt", "app/models.py"] {
            assert!(!ignore.excludes(path), "{path} excluded:\n{python}");
        }
        assert!(!python.contains("node_modules"));

        let node = generated("FROM node:22\nCOPY . .\nRUN npm ci\n");
        assert!(
            Dockerignore::parse(&node).excludes("web/node_modules/x/index.js"),
            "{node}"
        );
        // Without an install in the image, the local node_modules may be
        // what runs.
        let node = generated("FROM node:22\nCOPY . .\nCMD [\"node\", \"index.js\"]\n");
        assert!(!node.contains("node_modules"), "{node}");

        let go = generated("FROM golang:1.23\nCOPY . .\nRUN go build -o /app .\n");
        assert!(go.contains("# Go\n"), "{go}");
        let php = generated("FROM php:8\nCOPY . .\nRUN composer install\n");
        assert!(php.contains("\nvendor\n"), "{php}");
    }

    #[test]
    fn never_hides_what_the_file_copies() {
        let text = "FROM python:3\nCOPY .env /app/.env\nCOPY target/app.jar /app.jar\nCOPY Dockerfile vendor* /x/\nCOPY . .\n";
        let out = generated(text);
        let ignore = Dockerignore::parse(&out);
        for path in [".env", "target/app.jar", "Dockerfile"] {
            assert!(!ignore.excludes(path), "{path} excluded:\n{out}");
        }
        let git = generated("FROM golang:1\nCOPY . .\nRUN go build -ldflags \"-X main.v=$(git describe --tags)\" .\n");
        assert!(!Dockerignore::parse(&git).excludes(".git/HEAD"), "{git}");
        // Build tools that may read the repository keep it too.
        for text in [
            "FROM golang:1\nCOPY . .\nRUN make build\n",
            "FROM python:3\nCOPY . .\nRUN pip install --no-cache-dir .\n",
            "FROM node:22\nCOPY . .\nRUN npm ci && npm run build\n",
            "FROM debian:12\nCOPY . /src\nRUN /src/build.sh\n",
        ] {
            let out = generated(text);
            assert!(
                !Dockerignore::parse(&out).excludes(".git/HEAD"),
                "{text}\n{out}"
            );
        }
        let plain = generated(
            "FROM python:3\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n",
        );
        assert!(Dockerignore::parse(&plain).excludes(".git/HEAD"), "{plain}");
        let venv = generated("FROM python:3\nCOPY . .\nCMD [\".venv/bin/python\", \"main.py\"]\n");
        assert!(
            !Dockerignore::parse(&venv).excludes(".venv/bin/python"),
            "{venv}"
        );
    }

    #[test]
    fn with_a_dockerignore_reports_only_what_matters() {
        let text = "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci\n";
        assert!(with_ignore(text, ".git\n.env\nnode_modules\n").is_empty());
        assert!(with_ignore(text, "*\n!src\n!package*.json\n").is_empty());
        // A deliberate `!.env` is respected.
        assert!(with_ignore(text, ".git\nnode_modules\n!.env\n").is_empty());
        let found = with_ignore(text, "# mine\n*.log");
        assert_eq!(found.len(), 1);
        let fix = found[0].fix.as_ref().unwrap();
        assert_eq!(
            fix.files[0].contents,
            "# mine\n*.log\n# Added by Drydock\n.git\n.env\n**/node_modules\n"
        );
    }
}

//! What a `RUN` does, as the rules read it ([`crate::semantics::pkg::Run`]):
//! the package managers it calls, the expensive work among its commands
//! (installs, builds, downloads), and the package caches it leaves in its
//! layer (the findings of the cache rules) or keeps in a cache mount.

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::semantics::pkg::{is_pip_install, CommandExt, Run};
use crate::syntax::shell::SimpleCommand;
use crate::syntax::Dockerfile;

/// Expensive work a command does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Work {
    pub kind: WorkKind,
    /// A label: `pip install`, `apt-get install`, `go build`, `curl`.
    pub command: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkKind {
    Install,
    Build,
    Download,
}

/// A package cache a step touches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CacheUse {
    /// The package manager (`pip`, `apt` …), when known.
    pub manager: Option<String>,
    /// What it is: `pip's download cache (~/.cache/pip)`.
    pub what: String,
    pub state: CacheState,
    /// The rule that sees it, for a cache left in the layer.
    pub code: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CacheState {
    /// Written into the layer: it ships with the image.
    LeftInLayer,
    /// In a `--mount=type=cache`: kept between builds, not in the layer.
    CacheMount,
}

/// A tool and what its subcommands do. `""` as a subcommand matches an
/// invocation without one (`yarn`); `"*"` any invocation.
struct Tool {
    programs: &'static [&'static str],
    /// The label (`apt-get`); the manager name when it is a package
    /// manager.
    label: &'static str,
    manager: Option<&'static str>,
    actions: &'static [(&'static str, WorkKind)],
}

use WorkKind::{Build, Download, Install};

const TOOLS: &[Tool] = &[
    Tool {
        programs: &["apt-get", "apt", "aptitude"],
        label: "apt-get",
        manager: Some("apt"),
        actions: &[
            ("install", Install),
            ("update", Download),
            ("upgrade", Install),
            ("dist-upgrade", Install),
        ],
    },
    Tool {
        programs: &["apk"],
        label: "apk",
        manager: Some("apk"),
        actions: &[("add", Install), ("upgrade", Install), ("update", Download)],
    },
    Tool {
        programs: &["pipenv"],
        label: "pipenv",
        manager: Some("pipenv"),
        actions: &[("install", Install), ("sync", Install)],
    },
    Tool {
        programs: &["poetry"],
        label: "poetry",
        manager: Some("poetry"),
        actions: &[("install", Install), ("add", Install), ("update", Install)],
    },
    Tool {
        programs: &["uv"],
        label: "uv",
        manager: Some("uv"),
        actions: &[
            ("pip install", Install),
            ("sync", Install),
            ("add", Install),
        ],
    },
    Tool {
        programs: &["conda", "mamba", "micromamba"],
        label: "conda",
        manager: Some("conda"),
        actions: &[
            ("install", Install),
            ("create", Install),
            ("env create", Install),
            ("env update", Install),
        ],
    },
    Tool {
        programs: &["npm"],
        label: "npm",
        manager: Some("npm"),
        actions: &[
            ("install", Install),
            ("i", Install),
            ("ci", Install),
            ("add", Install),
            ("run build", Build),
        ],
    },
    Tool {
        programs: &["yarn"],
        label: "yarn",
        manager: Some("yarn"),
        actions: &[
            ("", Install),
            ("install", Install),
            ("add", Install),
            ("build", Build),
            ("run build", Build),
        ],
    },
    Tool {
        programs: &["pnpm"],
        label: "pnpm",
        manager: Some("pnpm"),
        actions: &[
            ("install", Install),
            ("i", Install),
            ("add", Install),
            ("build", Build),
            ("run build", Build),
        ],
    },
    Tool {
        programs: &["bun"],
        label: "bun",
        manager: Some("bun"),
        actions: &[
            ("install", Install),
            ("i", Install),
            ("add", Install),
            ("build", Build),
            ("run build", Build),
        ],
    },
    Tool {
        programs: &["go"],
        label: "go",
        manager: Some("go"),
        actions: &[
            ("mod download", Download),
            ("get", Download),
            ("build", Build),
            ("install", Build),
        ],
    },
    Tool {
        programs: &["cargo"],
        label: "cargo",
        manager: Some("cargo"),
        actions: &[("build", Build), ("install", Build), ("fetch", Download)],
    },
    Tool {
        programs: &["gem"],
        label: "gem",
        manager: Some("gem"),
        actions: &[("install", Install)],
    },
    Tool {
        programs: &["bundle", "bundler"],
        label: "bundle",
        manager: Some("bundler"),
        actions: &[("install", Install)],
    },
    Tool {
        programs: &["composer"],
        label: "composer",
        manager: Some("composer"),
        actions: &[
            ("install", Install),
            ("require", Install),
            ("update", Install),
        ],
    },
    Tool {
        programs: &["mvn", "mvnw"],
        label: "mvn",
        manager: Some("maven"),
        actions: &[("*", Build)],
    },
    Tool {
        programs: &["gradle", "gradlew"],
        label: "gradle",
        manager: Some("gradle"),
        actions: &[("*", Build)],
    },
    Tool {
        programs: &["yum"],
        label: "yum",
        manager: Some("yum"),
        actions: &[
            ("install", Install),
            ("groupinstall", Install),
            ("update", Install),
            ("upgrade", Install),
        ],
    },
    Tool {
        programs: &["dnf", "microdnf", "tdnf"],
        label: "dnf",
        manager: Some("dnf"),
        actions: &[
            ("install", Install),
            ("update", Install),
            ("upgrade", Install),
        ],
    },
    Tool {
        programs: &["zypper"],
        label: "zypper",
        manager: Some("zypper"),
        actions: &[
            ("install", Install),
            ("in", Install),
            ("update", Install),
            ("up", Install),
        ],
    },
    Tool {
        programs: &["dotnet"],
        label: "dotnet",
        manager: Some("nuget"),
        actions: &[("restore", Download), ("build", Build), ("publish", Build)],
    },
    Tool {
        programs: &["make", "cmake", "ninja"],
        label: "make",
        manager: None,
        actions: &[("*", Build)],
    },
    Tool {
        programs: &["curl", "wget"],
        label: "",
        manager: None,
        actions: &[("*", Download)],
    },
    Tool {
        programs: &["git"],
        label: "git",
        manager: None,
        actions: &[("clone", Download)],
    },
];

/// The package managers a `RUN` calls and the expensive work it does,
/// each once, in order.
pub(crate) fn classify(run: &Run) -> (Vec<String>, Vec<Work>) {
    let mut managers: Vec<String> = Vec::new();
    let mut work: Vec<Work> = Vec::new();
    for cmd in &run.commands {
        let (manager, done) = classify_command(cmd);
        if let Some(m) = manager {
            if !managers.iter().any(|x| x == m) {
                managers.push(m.to_string());
            }
        }
        if let Some(w) = done {
            if !work.contains(&w) {
                work.push(w);
            }
        }
    }
    (managers, work)
}

fn classify_command(cmd: &SimpleCommand) -> (Option<&'static str>, Option<Work>) {
    let Some(program) = cmd.program() else {
        return (None, None);
    };
    let name = program.rsplit('/').next().unwrap_or(program);
    let args: Vec<&str> = cmd
        .positionals(&[])
        .into_iter()
        .map(|w| w.value.as_str())
        .collect();
    // pip under any name (pip3, pip3.12, python -m pip).
    let pip = (name.starts_with("pip") && !name.starts_with("pipenv") && !name.starts_with("pipx"))
        || (name.starts_with("python")
            && cmd
                .args()
                .windows(2)
                .any(|w| w[0].value == "-m" && w[1].value == "pip"));
    if pip {
        let action = if is_pip_install(cmd) {
            Some((Install, "pip install"))
        } else if args.contains(&"wheel") {
            Some((Build, "pip wheel"))
        } else if args.contains(&"download") {
            Some((Download, "pip download"))
        } else {
            None
        };
        let work = action.map(|(kind, label)| Work {
            kind,
            command: label.to_string(),
        });
        return (Some("pip"), work);
    }
    let Some(tool) = TOOLS.iter().find(|t| t.programs.contains(&name)) else {
        return (None, None);
    };
    let work = tool.actions.iter().find_map(|(sub, kind)| {
        let words: Vec<&str> = sub.split_whitespace().collect();
        let matched = match *sub {
            "*" => true,
            "" => args.is_empty(),
            _ => args.len() >= words.len() && args[..words.len()] == words[..],
        };
        matched.then(|| {
            let label = if tool.label.is_empty() {
                name
            } else {
                tool.label
            };
            let command = match *sub {
                "*" | "" => label.to_string(),
                _ => format!("{label} {sub}"),
            };
            Work {
                kind: *kind,
                command,
            }
        })
    });
    (tool.manager, work)
}

/// The `--mount=type=cache` mounts of a `RUN`.
pub(crate) fn cache_mounts(run: &Run) -> Vec<CacheUse> {
    super::mount::mounts(run.run)
        .into_iter()
        .filter(|m| m.kind == "cache")
        .map(|m| CacheUse {
            manager: manager_of_cache(&m.target).map(str::to_string),
            what: format!("cache mount at {}", m.target),
            state: CacheState::CacheMount,
            code: None,
        })
        .collect()
}

/// The package manager whose cache usually lives at `path`.
fn manager_of_cache(path: &str) -> Option<&'static str> {
    const KNOWN: &[(&str, &str)] = &[
        (".cache/pip", "pip"),
        (".cache/uv", "uv"),
        (".cache/pypoetry", "poetry"),
        ("/var/cache/apt", "apt"),
        ("/var/lib/apt", "apt"),
        ("/var/cache/apk", "apk"),
        (".npm", "npm"),
        ("yarn", "yarn"),
        ("pnpm", "pnpm"),
        ("/go/pkg/mod", "go"),
        (".cache/go-build", "go"),
        ("cargo/registry", "cargo"),
        (".m2", "maven"),
        (".gradle", "gradle"),
        (".nuget", "nuget"),
        ("composer", "composer"),
        ("/var/cache/dnf", "dnf"),
        ("/var/cache/yum", "yum"),
    ];
    KNOWN
        .iter()
        .find(|(fragment, _)| path.contains(fragment))
        .map(|(_, m)| *m)
}

/// The rules that see a package cache left in a layer, and what each
/// cache is: `(code, manager, what)`. The build model does not run them:
/// it is handed their findings ([`crate::build_plan`] runs them).
pub const CACHE_RULES: &[(&str, &str, &str)] = &[
    ("DL3042", "pip", "pip's download cache (~/.cache/pip)"),
    ("DL3009", "apt", "apt package lists (/var/lib/apt/lists)"),
    ("DL3019", "apk", "apk's index cache (/var/cache/apk)"),
    ("DL3060", "yarn", "yarn's package cache"),
    ("DL3032", "yum", "yum's cache (/var/cache/yum)"),
    ("DL3036", "zypper", "zypper's cache"),
    ("DL3040", "dnf", "dnf's cache (/var/cache/dnf)"),
];

/// Caches left in layers, as the cache rules report them: `(instruction,
/// cache)`, in rule order. `findings` are the rules' findings before
/// pragmas and the config's ignored rules (which do not hide a cache: it
/// is in the layer either way); findings of other codes are not read.
pub(crate) fn cache_findings(file: &Dockerfile, findings: &[Diagnostic]) -> Vec<(usize, CacheUse)> {
    let mut out = Vec::new();
    for &(code, manager, what) in CACHE_RULES {
        for d in findings.iter().filter(|d| d.code == code) {
            let Some(i) = instruction_at(file, d.span.start) else {
                continue;
            };
            if code == "DL3042" && pip_cache_off_by_prefix(file, i) {
                continue;
            }
            out.push((
                i,
                CacheUse {
                    manager: Some(manager.to_string()),
                    what: what.to_string(),
                    state: CacheState::LeftInLayer,
                    code: Some(code.to_string()),
                },
            ));
        }
    }
    out
}

/// Every `pip install` of instruction `i` turns the cache off with an
/// abbreviation pip accepts (`--no-cache`, `--no-cache-d`): DL3042 reports
/// those as hadolint does, but pip reads them as `--no-cache-dir`, so no
/// cache is left.
fn pip_cache_off_by_prefix(file: &Dockerfile, i: usize) -> bool {
    let Some(run) = file.instructions.get(i).and_then(Run::of) else {
        return false;
    };
    let mut installs = run.matching(is_pip_install).peekable();
    installs.peek().is_some()
        && installs.all(|c| {
            c.args()
                .iter()
                .any(|w| w.value.len() >= 10 && "--no-cache-dir".starts_with(w.value.as_str()))
        })
}

/// The index of the instruction whose span holds `offset`.
fn instruction_at(file: &Dockerfile, offset: usize) -> Option<usize> {
    let insts = &file.instructions;
    let i = insts
        .partition_point(|inst| inst.span.start <= offset)
        .checked_sub(1)?;
    (offset <= insts[i].span.end).then_some(i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    fn of(text: &str) -> (Vec<String>, Vec<String>) {
        let file = parse(&format!("FROM x\nRUN {text}\n"));
        let run = Run::of(&file.instructions[1]).expect("a RUN");
        let (managers, work) = classify(&run);
        (managers, work.into_iter().map(|w| w.command).collect())
    }

    #[test]
    fn package_managers_and_work() {
        assert_eq!(
            of("pip install --no-cache-dir -r requirements.txt"),
            (vec!["pip".into()], vec!["pip install".into()])
        );
        assert_eq!(
            of("python3 -m pip install -U pip && pip3 wheel -w /w ."),
            (
                vec!["pip".into()],
                vec!["pip install".into(), "pip wheel".into()]
            )
        );
        assert_eq!(
            of("apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*"),
            (
                vec!["apt".into()],
                vec!["apt-get update".into(), "apt-get install".into()]
            )
        );
        assert_eq!(
            of("go mod download"),
            (vec!["go".into()], vec!["go mod download".into()])
        );
        assert_eq!(
            of("CGO_ENABLED=0 go build -o /app ."),
            (vec!["go".into()], vec!["go build".into()])
        );
        assert_eq!(
            of("npm ci && npm run build"),
            (
                vec!["npm".into()],
                vec!["npm ci".into(), "npm run build".into()]
            )
        );
        assert_eq!(of("yarn --frozen-lockfile").1, vec!["yarn".to_string()]);
        assert_eq!(
            of("./mvnw -B package"),
            (vec!["maven".into()], vec!["mvn".into()])
        );
        assert_eq!(
            of("curl -fsSL https://x/y.tgz | tar xz"),
            (vec![], vec!["curl".into()])
        );
        assert_eq!(of("apk del .build-deps"), (vec!["apk".into()], vec![]));
        assert_eq!(of("echo hi && ls"), (vec![], vec![]));
        assert_eq!(of("pipx install black").0, Vec::<String>::new());
    }

    #[test]
    fn cache_mounts_are_read() {
        let file = parse("FROM x\nRUN --mount=type=cache,target=/root/.cache/pip --mount=type=bind,source=a,target=/a pip install x\n");
        let run = Run::of(&file.instructions[1]).unwrap();
        let caches = cache_mounts(&run);
        assert_eq!(caches.len(), 1);
        assert_eq!(caches[0].manager.as_deref(), Some("pip"));
        assert_eq!(caches[0].state, CacheState::CacheMount);
    }

    /// [`cache_findings`] of `text`, handed what the cache rules report
    /// (as [`crate::build_plan`] hands them).
    fn caches_of(text: &str) -> Vec<(usize, CacheUse)> {
        let file = parse(text);
        let config = crate::Config::default();
        let sem = crate::semantics::Semantics::new(&file, &config);
        let findings = crate::cache_rule_findings(&file, &config, &sem, &crate::Inputs::default());
        cache_findings(&file, &findings)
    }

    #[test]
    fn caches_left_in_layers_come_from_the_rules() {
        let text = "FROM python:3.12\nRUN pip install x\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nRUN pip install --no-cache-dir y\n";
        let found = caches_of(text);
        let codes: Vec<(usize, &str)> = found
            .iter()
            .map(|(i, c)| (*i, c.code.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(codes, vec![(1, "DL3042"), (2, "DL3009")]);
        // pip reads `--no-cache` as `--no-cache-dir`: no cache is left.
        assert!(caches_of("FROM python:3.8\nRUN pip install --no-cache /wheels/*\n").is_empty());
    }
}

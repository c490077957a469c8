//! What the commands of a `RUN` install, for the build-cache and layer
//! rules (DD002–DD006, DD015): which package manager, for which language
//! ecosystem, what it reads from the build context, where it caches.

use crate::rules::pkg::{is_flag_word, is_pip_install, CommandExt};
use crate::syntax::shell::{ShellWord, SimpleCommand};

/// A language ecosystem, for the `.dockerignore` DD003 writes and for
/// matching a dependency fetch with a later build (DD002).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ecosystem {
    Python,
    Node,
    Go,
    Rust,
    Java,
    Ruby,
    Php,
}

/// A package manager (or a build tool that fetches dependencies).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tool {
    Pip,
    Pipenv,
    Poetry,
    Uv,
    Npm,
    Yarn,
    Pnpm,
    Go,
    Cargo,
    Bundler,
    Gem,
    Composer,
    Maven,
    Gradle,
    Apt,
    Apk,
    Yum,
    Dnf,
    Zypper,
}

impl Tool {
    pub fn name(self) -> &'static str {
        match self {
            Tool::Pip => "pip",
            Tool::Pipenv => "pipenv",
            Tool::Poetry => "poetry",
            Tool::Uv => "uv",
            Tool::Npm => "npm",
            Tool::Yarn => "yarn",
            Tool::Pnpm => "pnpm",
            Tool::Go => "go",
            Tool::Cargo => "cargo",
            Tool::Bundler => "bundler",
            Tool::Gem => "gem",
            Tool::Composer => "composer",
            Tool::Maven => "maven",
            Tool::Gradle => "gradle",
            Tool::Apt => "apt",
            Tool::Apk => "apk",
            Tool::Yum => "yum",
            Tool::Dnf => "dnf",
            Tool::Zypper => "zypper",
        }
    }

    /// The language ecosystem (`None` for system package managers).
    pub fn ecosystem(self) -> Option<Ecosystem> {
        Some(match self {
            Tool::Pip | Tool::Pipenv | Tool::Poetry | Tool::Uv => Ecosystem::Python,
            Tool::Npm | Tool::Yarn | Tool::Pnpm => Ecosystem::Node,
            Tool::Go => Ecosystem::Go,
            Tool::Cargo => Ecosystem::Rust,
            Tool::Bundler | Tool::Gem => Ecosystem::Ruby,
            Tool::Composer => Ecosystem::Php,
            Tool::Maven | Tool::Gradle => Ecosystem::Java,
            Tool::Apt | Tool::Apk | Tool::Yum | Tool::Dnf | Tool::Zypper => return None,
        })
    }

    /// The BuildKit cache mounts that keep this tool's downloads between
    /// builds, as `--mount=…` flag values (Docker's "Optimize cache usage
    /// in builds" guide and each tool's default cache directory, for a
    /// build running as root).
    pub fn cache_mounts(self) -> &'static [&'static str] {
        match self {
            Tool::Pip | Tool::Pipenv => &["type=cache,target=/root/.cache/pip"],
            Tool::Poetry => &["type=cache,target=/root/.cache/pypoetry"],
            Tool::Uv => &["type=cache,target=/root/.cache/uv"],
            Tool::Npm => &["type=cache,target=/root/.npm"],
            Tool::Yarn => &["type=cache,target=/usr/local/share/.cache/yarn"],
            Tool::Pnpm => &["type=cache,target=/root/.local/share/pnpm/store"],
            Tool::Go => &[
                "type=cache,target=/go/pkg/mod",
                "type=cache,target=/root/.cache/go-build",
            ],
            Tool::Cargo => &[
                "type=cache,target=/usr/local/cargo/registry",
                "type=cache,target=/usr/local/cargo/git/db",
            ],
            Tool::Bundler | Tool::Gem => &["type=cache,target=/root/.gem"],
            Tool::Composer => &["type=cache,target=/tmp/cache"],
            Tool::Maven => &["type=cache,target=/root/.m2"],
            Tool::Gradle => &["type=cache,target=/root/.gradle"],
            Tool::Apt => &[
                "type=cache,target=/var/cache/apt,sharing=locked",
                "type=cache,target=/var/lib/apt,sharing=locked",
            ],
            Tool::Apk => &["type=cache,target=/var/cache/apk"],
            Tool::Yum => &["type=cache,target=/var/cache/yum"],
            Tool::Dnf => &["type=cache,target=/var/cache/dnf"],
            Tool::Zypper => &["type=cache,target=/var/cache/zypp"],
        }
    }

    /// What else the cache mount needs to work, if anything.
    pub fn cache_note(self) -> Option<&'static str> {
        match self {
            Tool::Apt => Some(
                "Debian and Ubuntu images delete downloaded packages after each install \
                 (`/etc/apt/apt.conf.d/docker-clean`): remove that file first, or the cache stays empty; \
                 and drop `rm -rf /var/lib/apt/lists/*`, the lists then live in the cache.",
            ),
            Tool::Apk => Some(
                "apk only caches when `/etc/apk/cache` exists: `ln -s /var/cache/apk /etc/apk/cache` \
                 in the same RUN, and drop `--no-cache`.",
            ),
            Tool::Yum | Tool::Dnf => {
                Some("set `keepcache=1` in the package manager's configuration so it keeps packages.")
            }
            Tool::Cargo => Some("add a cache mount on the target directory too to keep compiled dependencies (and copy the binary out of it in the same RUN)."),
            _ => None,
        }
    }
}

/// What an install reads from the build context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reads {
    /// Named packages from a registry: nothing from the context.
    Nothing,
    /// Only these files (paths or globs relative to the working
    /// directory), the dependency manifests.
    Manifests(Vec<String>),
    /// The project itself (`pip install .`, `go build`, `mvn package`):
    /// it needs the sources, and fetches the dependencies as it builds.
    Sources,
}

/// One install command.
#[derive(Clone, Debug)]
pub struct Install<'a> {
    pub tool: Tool,
    pub cmd: &'a SimpleCommand,
    pub reads: Reads,
    /// Why copying the manifests alone is not enough for this command to
    /// run before the sources are copied (poetry installing the project
    /// itself, composer scripts …).
    pub caveat: Option<&'static str>,
}

impl<'a> Install<'a> {
    fn new(tool: Tool, cmd: &'a SimpleCommand, reads: Reads) -> Self {
        Install {
            tool,
            cmd,
            reads,
            caveat: None,
        }
    }
    fn manifests(tool: Tool, cmd: &'a SimpleCommand, files: &[&str]) -> Self {
        Install::new(
            tool,
            cmd,
            Reads::Manifests(files.iter().map(|f| f.to_string()).collect()),
        )
    }
    fn caveat(mut self, caveat: &'static str) -> Self {
        self.caveat = Some(caveat);
        self
    }

    /// A dependency step reading only manifests.
    pub fn is_manifest_install(&self) -> bool {
        matches!(self.reads, Reads::Manifests(_))
    }
}

/// pip options that take a value (as the next word when written without
/// `=`).
const PIP_VALUE_FLAGS: &[&str] = &[
    "r",
    "requirement",
    "c",
    "constraint",
    "e",
    "editable",
    "i",
    "index-url",
    "extra-index-url",
    "f",
    "find-links",
    "t",
    "target",
    "prefix",
    "root",
    "trusted-host",
    "platform",
    "python-version",
    "implementation",
    "abi",
    "src",
    "upgrade-strategy",
    "progress-bar",
    "cache-dir",
    "log",
    "proxy",
    "timeout",
    "retries",
    "exists-action",
    "cert",
    "client-cert",
    "global-option",
    "install-option",
    "no-binary",
    "only-binary",
    "C",
    "config-settings",
    "python",
    "report",
    "root-user-action",
];

/// The words after the first word equal to `sub`.
fn after<'c>(cmd: &'c SimpleCommand, sub: &str) -> &'c [ShellWord] {
    let args = cmd.args();
    match args.iter().position(|w| w.value == sub) {
        Some(i) => &args[i + 1..],
        None => &[],
    }
}

/// The first argument that is not a flag word.
fn subcommand(cmd: &SimpleCommand) -> Option<&str> {
    cmd.args()
        .iter()
        .map(|w| w.value.as_str())
        .find(|v| !is_flag_word(v))
}

/// Positional words of `words`, skipping the values of `takes_value`
/// flags written as separate words.
fn positionals<'w>(words: &'w [ShellWord], takes_value: &[&str]) -> Vec<&'w str> {
    let mut out = Vec::new();
    let mut skip = false;
    for w in words {
        let v = w.value.as_str();
        if skip {
            skip = false;
            continue;
        }
        if is_flag_word(v) {
            skip = !v.contains('=') && flag_names(v).iter().any(|f| takes_value.contains(f));
            continue;
        }
        out.push(v);
    }
    out
}

/// `--name=value` → `name`; `-abc` → the last letter only matters for a
/// value, and `-rfile` is `r` with its value attached.
fn flag_names(v: &str) -> Vec<&str> {
    if let Some(long) = v.strip_prefix("--") {
        return vec![long.split('=').next().unwrap_or(long)];
    }
    // A short flag with an attached value (`-rreq.txt`) takes no next word.
    match v.get(1..) {
        Some(s) if s.chars().count() == 1 => vec![s],
        _ => Vec::new(),
    }
}

/// A path on the local filesystem (not a package name or a URL).
fn is_local_path(v: &str) -> bool {
    !v.contains("://")
        && (v == "."
            || v == ".."
            || v.starts_with("./")
            || v.starts_with("../")
            || v.starts_with('/')
            || v.contains('/')
            || v.ends_with(".whl")
            || v.ends_with(".tar.gz")
            || v.ends_with(".zip"))
}

/// A path of the build context (local and relative).
fn is_context_path(v: &str) -> bool {
    is_local_path(v) && !v.starts_with('/') && !v.starts_with('$') && !v.starts_with('~')
}

/// A flag word split getopt-style: its name, and the value attached to it
/// (`--name=value`, `-rfile`, `-Ur` + next word → `r` without value).
fn split_flag<'v>(v: &'v str, takes_value: &[&str]) -> Option<(&'v str, Option<&'v str>)> {
    if !is_flag_word(v) {
        return None;
    }
    if let Some(long) = v.strip_prefix("--") {
        return Some(match long.split_once('=') {
            Some((name, value)) => (name, Some(value)),
            None => (long, None),
        });
    }
    let letters = &v[1..];
    for (i, c) in letters.char_indices() {
        let name = &letters[i..i + c.len_utf8()];
        if takes_value.contains(&name) {
            let rest = &letters[i + c.len_utf8()..];
            return Some((name, (!rest.is_empty()).then_some(rest)));
        }
    }
    let last = letters
        .char_indices()
        .last()
        .map_or("", |(i, _)| &letters[i..]);
    Some((last, None))
}

/// What a `pip install` reads: `-r`/`-c` files, the project for local
/// paths (`.`, `-e .`), nothing for package names.
fn pip_reads(words: &[ShellWord]) -> Reads {
    let mut files = Vec::new();
    let mut sources = false;
    let mut i = 0;
    while let Some(w) = words.get(i) {
        i += 1;
        let v = w.value.as_str();
        let Some((name, attached)) = split_flag(v, PIP_VALUE_FLAGS) else {
            sources |= is_context_path(v);
            continue;
        };
        if !PIP_VALUE_FLAGS.contains(&name) {
            continue;
        }
        let value = match attached {
            Some(value) => value,
            None => {
                i += 1;
                match words.get(i - 1) {
                    Some(next) => next.value.as_str(),
                    None => continue,
                }
            }
        };
        match name {
            "r" | "requirement" | "c" | "constraint"
                if !value.contains("://") && !value.starts_with('/') =>
            {
                files.push(value.to_string())
            }
            "e" | "editable" => sources |= is_context_path(value),
            _ => {}
        }
    }
    if sources {
        Reads::Sources
    } else if files.is_empty() {
        Reads::Nothing
    } else {
        Reads::Manifests(files)
    }
}

const OFFLINE: &str = "an offline install reads a package mirror from the build context too";

const NO_ROOT: &str =
    "it installs the project itself too, which needs the sources: add `--no-root` \
     and install the project after copying them";

/// The programs [`install`] reads as an install (the first names of its
/// arms; keep in step): any other program, unless it is pip or python,
/// is none, and is not looked at further (four rules ask of every
/// command).
fn may_install(base: &str) -> bool {
    matches!(
        base,
        "uv" | "pipenv"
            | "poetry"
            | "npm"
            | "yarn"
            | "pnpm"
            | "go"
            | "cargo"
            | "bundle"
            | "bundler"
            | "gem"
            | "composer"
            | "composer.phar"
            | "mvn"
            | "mvnw"
            | "gradle"
            | "gradlew"
            | "apt-get"
            | "apt"
            | "apk"
            | "yum"
            | "dnf"
            | "microdnf"
            | "zypper"
    )
}

/// The install a command runs, if it is one.
pub fn install(cmd: &SimpleCommand) -> Option<Install<'_>> {
    let base = cmd.program_name()?;
    // `is_pip_install` reads the program as written (a path included).
    let pip = cmd
        .program()
        .is_some_and(|p| p.starts_with("pip") || p.starts_with("python"));
    if !pip && !may_install(base) {
        return None;
    }
    install_of(cmd, base, pip)
}

/// [`install`] without the early answer for other programs (`pip`: the
/// program may be pip's, see [`install`]).
fn install_of<'c>(cmd: &'c SimpleCommand, base: &str, pip: bool) -> Option<Install<'c>> {
    let sub = subcommand(cmd);
    let has = |flag: &str| cmd.has_arg(flag);
    if pip && is_pip_install(cmd) && !base.starts_with("pipx") {
        let words = after(cmd, "install");
        return Some(Install::new(Tool::Pip, cmd, pip_reads(words)));
    }
    Some(match (base, sub) {
        ("uv", Some("pip")) => match cmd.args().get(1).map(|w| w.value.as_str()) {
            Some("install") => Install::new(Tool::Uv, cmd, pip_reads(after(cmd, "install"))),
            Some("sync") => {
                let files = positionals(after(cmd, "sync"), PIP_VALUE_FLAGS);
                Install::new(
                    Tool::Uv,
                    cmd,
                    Reads::Manifests(files.iter().map(|s| s.to_string()).collect()),
                )
            }
            _ => return None,
        },
        ("uv", Some("sync")) => {
            let i = Install::manifests(Tool::Uv, cmd, &["pyproject.toml", "uv.lock"]);
            if has("--no-install-project") {
                i
            } else {
                i.caveat(
                    "it installs the project itself too, which needs the sources: add \
                     `--no-install-project` and sync again after copying them",
                )
            }
        }
        ("pipenv", Some("install" | "sync")) => {
            if !positionals(after(cmd, sub?), &[]).is_empty() {
                Install::new(Tool::Pipenv, cmd, Reads::Nothing)
            } else {
                Install::manifests(Tool::Pipenv, cmd, &["Pipfile", "Pipfile.lock"])
            }
        }
        ("poetry", Some("install")) => {
            let i = Install::manifests(Tool::Poetry, cmd, &["pyproject.toml", "poetry.lock"]);
            if has("--no-root") || has("--only-root") {
                i
            } else {
                i.caveat(NO_ROOT)
            }
        }
        ("npm", Some("ci" | "install" | "i" | "add" | "isntall")) => {
            let packages = positionals(after(cmd, sub?), &["prefix", "registry", "cache"]);
            if has("-g") || has("--global") || packages.iter().any(|p| !is_context_path(p)) {
                Install::new(Tool::Npm, cmd, Reads::Nothing)
            } else if !packages.is_empty() {
                Install::new(Tool::Npm, cmd, Reads::Sources)
            } else if cmd.args().iter().any(|w| w.value.starts_with("--prefix")) {
                Install::manifests(Tool::Npm, cmd, &["package*.json"])
                    .caveat("it installs into `--prefix`: copy the manifests there")
            } else if has("--offline") {
                Install::manifests(Tool::Npm, cmd, &["package*.json"]).caveat(OFFLINE)
            } else {
                Install::manifests(Tool::Npm, cmd, &["package*.json"])
            }
        }
        ("yarn", None | Some("install")) => {
            let i = Install::manifests(Tool::Yarn, cmd, &["package.json", "yarn.lock"]);
            if has("--offline") {
                i.caveat(OFFLINE)
            } else {
                i
            }
        }
        ("yarn", Some("add" | "global")) => Install::new(Tool::Yarn, cmd, Reads::Nothing),
        ("pnpm", Some("install" | "i")) => {
            if has("-g") || has("--global") || !positionals(after(cmd, sub?), &[]).is_empty() {
                Install::new(Tool::Pnpm, cmd, Reads::Nothing)
            } else {
                Install::manifests(Tool::Pnpm, cmd, &["package.json", "pnpm-lock.yaml"])
            }
        }
        ("pnpm", Some("fetch")) => Install::manifests(Tool::Pnpm, cmd, &["pnpm-lock.yaml"]),
        ("pnpm", Some("add")) => Install::new(Tool::Pnpm, cmd, Reads::Nothing),
        ("go", Some("mod"))
            if after(cmd, "mod").first().map(|w| w.value.as_str()) == Some("download") =>
        {
            Install::manifests(Tool::Go, cmd, &["go.mod", "go.sum"])
        }
        ("go", Some("install"))
            if positionals(after(cmd, "install"), &[])
                .iter()
                .any(|p| p.contains('@')) =>
        {
            Install::new(Tool::Go, cmd, Reads::Nothing)
        }
        ("go", Some("get")) => {
            let targets = positionals(after(cmd, "get"), &[]);
            let local = |t: &&str| *t == "." || t.starts_with("./") || t.starts_with("../");
            if targets.is_empty() || targets.iter().all(local) {
                Install::new(Tool::Go, cmd, Reads::Sources)
            } else {
                Install::new(Tool::Go, cmd, Reads::Nothing)
            }
        }
        ("go", Some("build" | "install")) => {
            if cmd.args().iter().any(|w| w.value.contains("-mod=vendor")) {
                return None;
            }
            Install::new(Tool::Go, cmd, Reads::Sources)
        }
        ("cargo", Some("fetch")) => {
            Install::manifests(Tool::Cargo, cmd, &["Cargo.toml", "Cargo.lock"]).caveat(
                "cargo needs a source file for every target to read the manifest: add stub \
                 sources (or use cargo-chef) before fetching",
            )
        }
        ("cargo", Some("chef")) => Install::manifests(Tool::Cargo, cmd, &["recipe.json"])
            .caveat("cargo-chef's recipe comes from a planner stage"),
        ("cargo", Some("install")) if !has("--path") => {
            Install::new(Tool::Cargo, cmd, Reads::Nothing)
        }
        ("cargo", Some("build" | "install")) => Install::new(Tool::Cargo, cmd, Reads::Sources),
        ("bundle" | "bundler", Some("install")) => {
            Install::manifests(Tool::Bundler, cmd, &["Gemfile", "Gemfile.lock"])
        }
        ("gem", Some("install")) => Install::new(Tool::Gem, cmd, Reads::Nothing),
        ("composer" | "composer.phar", Some("install")) => {
            let i = Install::manifests(Tool::Composer, cmd, &["composer.json", "composer.lock"]);
            if has("--no-scripts") && has("--no-autoloader") {
                i
            } else {
                i.caveat(
                    "composer runs the project's scripts and builds its autoloader, which \
                     need the sources: add `--no-scripts --no-autoloader` and run \
                     `composer dump-autoload` after copying them",
                )
            }
        }
        ("composer" | "composer.phar", Some("require")) => {
            Install::new(Tool::Composer, cmd, Reads::Nothing)
        }
        ("mvn" | "mvnw", _) => {
            let goals = positionals(
                cmd.args(),
                &[
                    "f",
                    "file",
                    "s",
                    "settings",
                    "pl",
                    "projects",
                    "P",
                    "activate-profiles",
                    "T",
                    "threads",
                    "rf",
                    "resume-from",
                    "gs",
                    "global-settings",
                    "t",
                    "toolchains",
                    "l",
                    "log-file",
                    "b",
                    "builder",
                ],
            );
            let fetch = goals.iter().any(|g| {
                g.starts_with("dependency:go-offline") || g.starts_with("dependency:resolve")
            });
            let build = goals.iter().any(|g| {
                matches!(
                    *g,
                    "compile" | "test" | "package" | "verify" | "install" | "deploy"
                ) || g.starts_with("spring-boot:")
                    || g.starts_with("quarkus:")
            });
            if fetch {
                let i = Install::manifests(Tool::Maven, cmd, &["pom.xml"]);
                if build {
                    i.caveat("the same command builds the project, which needs the sources")
                } else if base == "mvnw" || has("-f") || has("-pl") {
                    i.caveat("the Maven wrapper or a multi-module build needs more than `pom.xml`")
                } else {
                    i
                }
            } else if build {
                Install::new(Tool::Maven, cmd, Reads::Sources)
            } else {
                return None;
            }
        }
        ("gradle" | "gradlew", _) => {
            let tasks = positionals(
                cmd.args(),
                &[
                    "p",
                    "project-dir",
                    "b",
                    "build-file",
                    "c",
                    "settings-file",
                    "g",
                    "gradle-user-home",
                    "x",
                    "exclude-task",
                    "I",
                    "init-script",
                ],
            );
            if tasks.is_empty() {
                return None;
            }
            if tasks
                .iter()
                .all(|t| *t == "dependencies" || *t == "--refresh-dependencies")
            {
                Install::manifests(Tool::Gradle, cmd, &["build.gradle*", "settings.gradle*"])
                    .caveat(
                    "Gradle builds also read `gradle/`, the wrapper and sub-project build files",
                )
            } else {
                Install::new(Tool::Gradle, cmd, Reads::Sources)
            }
        }
        ("apt-get" | "apt", Some("install")) => Install::new(Tool::Apt, cmd, Reads::Nothing),
        ("apk", Some("add")) => Install::new(Tool::Apk, cmd, Reads::Nothing),
        ("yum", Some("install")) => Install::new(Tool::Yum, cmd, Reads::Nothing),
        ("dnf" | "microdnf", Some("install")) => Install::new(Tool::Dnf, cmd, Reads::Nothing),
        ("zypper", Some("install" | "in")) => Install::new(Tool::Zypper, cmd, Reads::Nothing),
        _ => return None,
    })
}

/// The command `sudo [options] cmd …` runs, as a command of its own
/// (`None` when `cmd` is not a `sudo`).
pub fn through_sudo(cmd: &SimpleCommand) -> Option<SimpleCommand> {
    if cmd.program() != Some("sudo") {
        return None;
    }
    // Options that take a value as the next word.
    const VALUE: &[&str] = &[
        "-u", "-g", "-h", "-p", "-C", "-r", "-t", "-U", "-D", "-R", "-T",
    ];
    let mut k = 1;
    while let Some(w) = cmd.words.get(k) {
        if w.value == "--" {
            k += 1;
            break;
        }
        if !w.value.starts_with('-') {
            break;
        }
        k += if VALUE.contains(&w.value.as_str()) {
            2
        } else {
            1
        };
    }
    let words = cmd.words.get(k..).filter(|w| !w.is_empty())?.to_vec();
    Some(SimpleCommand {
        effective_word: crate::syntax::shell::effective_index(&words),
        words,
        ..cmd.clone()
    })
}

/// The package manager a command installs with, looking through `sudo`.
pub fn install_tool(cmd: &SimpleCommand) -> Option<(Tool, Reads)> {
    match install(cmd) {
        Some(found) => Some((found.tool, found.reads)),
        None => {
            let inner = through_sudo(cmd)?;
            install(&inner).map(|found| (found.tool, found.reads))
        }
    }
}

/// Package names as given to a system package manager: the positionals
/// after the subcommand, without version (`=1.2`, `>1`, `~1`) or
/// architecture (`:amd64`) suffixes. A variable (`$BUILD_DEPS`) is kept
/// as written: the same variable names the same packages.
pub fn package_names(cmd: &SimpleCommand, subcommands: &[&str]) -> Vec<String> {
    let args = cmd.args();
    let Some(at) = args
        .iter()
        .position(|w| subcommands.contains(&w.value.as_str()))
    else {
        return Vec::new();
    };
    // Options whose value is the next word (apt -o/-t, apk -X/-p/-t …).
    const VALUE: &[&str] = &[
        "o",
        "t",
        "c",
        "X",
        "repository",
        "p",
        "root",
        "arch",
        "virtual",
        "keys-dir",
        "repositories-file",
        "cache-dir",
        "x",
        "exclude",
        "installroot",
        "releasever",
        "enablerepo",
        "disablerepo",
        "setopt",
        "target-release",
        "option",
        "config-file",
    ];
    positionals(&args[at + 1..], VALUE)
        .into_iter()
        .map(|p| {
            let end = p.find(['=', '<', '>', '~', ':']).unwrap_or(p.len());
            p[..end].to_string()
        })
        .filter(|p| !p.is_empty())
        .collect()
}

/// The `apk add --virtual NAME` (or `-t NAME`) name, if any.
pub fn apk_virtual(cmd: &SimpleCommand) -> Option<String> {
    let args = cmd.args();
    for (i, w) in args.iter().enumerate() {
        let v = w.value.as_str();
        if let Some(name) = v
            .strip_prefix("--virtual=")
            .or_else(|| v.strip_prefix("-t="))
        {
            return Some(name.to_string());
        }
        if v == "--virtual" || v == "-t" {
            return args.get(i + 1).map(|n| n.value.clone());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(text: &str) -> Option<(Tool, Reads, bool)> {
        let file = crate::syntax::parse(&format!("RUN {text}\n"));
        let run = crate::rules::pkg::Run::of(&file.instructions[0])?;
        run.commands
            .iter()
            .find_map(|c| install(c).map(|i| (i.tool, i.reads.clone(), i.caveat.is_some())))
    }

    fn manifests(files: &[&str]) -> Reads {
        Reads::Manifests(files.iter().map(|s| s.to_string()).collect())
    }

    /// The early answer for programs that are no install changes no
    /// answer: every program of `install`'s arms with each subcommand they
    /// name, paths, pip and python spelled every way, and other programs.
    #[test]
    fn the_early_answer_is_the_full_one() {
        let programs = [
            "uv",
            "pipenv",
            "poetry",
            "npm",
            "yarn",
            "pnpm",
            "go",
            "cargo",
            "bundle",
            "bundler",
            "gem",
            "composer",
            "composer.phar",
            "mvn",
            "mvnw",
            "gradle",
            "gradlew",
            "apt-get",
            "apt",
            "apk",
            "yum",
            "dnf",
            "microdnf",
            "zypper",
            "pip",
            "pip3",
            "pipx",
            "python",
            "python3",
            "python3.11",
            "/usr/bin/pip",
            "/usr/bin/python3",
            "./gradlew",
            "/usr/local/bin/npm",
            "echo",
            "curl",
            "make",
            "sudo",
            "ls",
            "pip-compile",
            "pythonw",
            "uvx",
            "gox",
            "cargo-binstall",
            "npx",
        ];
        let rests = [
            "",
            "install x",
            "install",
            "-m pip install x",
            "pip install x",
            "pip sync",
            "sync",
            "install --no-root",
            "ci",
            "i x",
            "add x",
            "global add x",
            "fetch",
            "mod download",
            "install a@v1",
            "get ./...",
            "build",
            "chef cook",
            "install --path .",
            "require x",
            "dependency:go-offline",
            "package",
            "dependencies",
            "in x",
            "-y install x",
            "--quiet install -r r.txt",
        ];
        for program in programs {
            for rest in rests {
                let file = crate::syntax::parse(&format!("RUN {program} {rest}\n"));
                let Some(run) = crate::rules::pkg::Run::of(&file.instructions[0]) else {
                    continue;
                };
                for c in &run.commands {
                    let full = c.program_name().and_then(|base| install_of(c, base, true));
                    assert_eq!(
                        format!("{:?}", install(c)),
                        format!("{full:?}"),
                        "{program} {rest}"
                    );
                }
            }
        }
    }

    #[test]
    fn classifies_installs() {
        use Reads::*;
        for (text, tool, reads, caveat) in [
            (
                "pip install -r requirements.txt",
                Tool::Pip,
                manifests(&["requirements.txt"]),
                false,
            ),
            (
                "pip3 install --no-cache-dir -r req/prod.txt -c c.txt",
                Tool::Pip,
                manifests(&["req/prod.txt", "c.txt"]),
                false,
            ),
            (
                "pip install --requirement=a.txt",
                Tool::Pip,
                manifests(&["a.txt"]),
                false,
            ),
            (
                "python -m pip install -rrequirements.txt",
                Tool::Pip,
                manifests(&["requirements.txt"]),
                false,
            ),
            ("pip install flask==3.0 gunicorn", Tool::Pip, Nothing, false),
            (
                "pip install --no-cache /wheels/*",
                Tool::Pip,
                Nothing,
                false,
            ),
            ("pip install .", Tool::Pip, Sources, false),
            ("pip install -e .", Tool::Pip, Sources, false),
            (
                "pip install -i https://x/simple flask",
                Tool::Pip,
                Nothing,
                false,
            ),
            (
                "poetry install --no-root",
                Tool::Poetry,
                manifests(&["pyproject.toml", "poetry.lock"]),
                false,
            ),
            (
                "poetry install",
                Tool::Poetry,
                manifests(&["pyproject.toml", "poetry.lock"]),
                true,
            ),
            (
                "pipenv install --system --deploy",
                Tool::Pipenv,
                manifests(&["Pipfile", "Pipfile.lock"]),
                false,
            ),
            (
                "uv sync --frozen",
                Tool::Uv,
                manifests(&["pyproject.toml", "uv.lock"]),
                true,
            ),
            ("npm ci", Tool::Npm, manifests(&["package*.json"]), false),
            (
                "npm install --production",
                Tool::Npm,
                manifests(&["package*.json"]),
                false,
            ),
            ("npm install -g pm2", Tool::Npm, Nothing, false),
            ("npm i express", Tool::Npm, Nothing, false),
            (
                "yarn",
                Tool::Yarn,
                manifests(&["package.json", "yarn.lock"]),
                false,
            ),
            (
                "yarn install --frozen-lockfile",
                Tool::Yarn,
                manifests(&["package.json", "yarn.lock"]),
                false,
            ),
            (
                "pnpm install --frozen-lockfile",
                Tool::Pnpm,
                manifests(&["package.json", "pnpm-lock.yaml"]),
                false,
            ),
            (
                "go mod download",
                Tool::Go,
                manifests(&["go.mod", "go.sum"]),
                false,
            ),
            ("CGO_ENABLED=0 go build -o app .", Tool::Go, Sources, false),
            ("go install github.com/x/y@v1.2.3", Tool::Go, Nothing, false),
            ("go get -d -v ./...", Tool::Go, Sources, false),
            ("go get github.com/x/tool", Tool::Go, Nothing, false),
            ("cargo build --release", Tool::Cargo, Sources, false),
            (
                "cargo fetch",
                Tool::Cargo,
                manifests(&["Cargo.toml", "Cargo.lock"]),
                true,
            ),
            ("cargo install ripgrep", Tool::Cargo, Nothing, false),
            (
                "bundle install --jobs 4",
                Tool::Bundler,
                manifests(&["Gemfile", "Gemfile.lock"]),
                false,
            ),
            (
                "composer install --no-dev",
                Tool::Composer,
                manifests(&["composer.json", "composer.lock"]),
                true,
            ),
            (
                "mvn -B dependency:go-offline",
                Tool::Maven,
                manifests(&["pom.xml"]),
                false,
            ),
            (
                "mvn -f pom.xml clean package -DskipTests",
                Tool::Maven,
                Sources,
                false,
            ),
            ("./gradlew build", Tool::Gradle, Sources, false),
            ("apt-get install -y curl", Tool::Apt, Nothing, false),
            ("apk add --no-cache curl", Tool::Apk, Nothing, false),
        ] {
            assert_eq!(first(text), Some((tool, reads, caveat)), "{text}");
        }
        for text in [
            "go build -mod=vendor .",
            "npm run build",
            "mvn -v",
            "pipx install x",
            "echo pip install",
        ] {
            assert_eq!(first(text), None, "{text}");
        }
    }

    #[test]
    fn looks_through_sudo() {
        let file = crate::syntax::parse(
            "RUN sudo -E -u root apt-get install -y curl && sudo pip install x\n",
        );
        let run = crate::rules::pkg::Run::of(&file.instructions[0]).unwrap();
        let tools: Vec<Tool> = run
            .commands
            .iter()
            .filter_map(|c| install_tool(c))
            .map(|(t, _)| t)
            .collect();
        assert_eq!(tools, [Tool::Apt, Tool::Pip]);
        let file = crate::syntax::parse("RUN sudo\n");
        let run = crate::rules::pkg::Run::of(&file.instructions[0]).unwrap();
        assert!(install_tool(&run.commands[0]).is_none());
    }

    #[test]
    fn package_names_without_versions() {
        let file = crate::syntax::parse(
            "RUN apt-get install -y -o Dpkg::Options::=--force-confold -t buster-backports curl=7.1 libssl-dev:amd64\n",
        );
        let run = crate::rules::pkg::Run::of(&file.instructions[0]).unwrap();
        assert_eq!(
            package_names(&run.commands[0], &["install"]),
            ["curl", "libssl-dev"]
        );
        let file = crate::syntax::parse("RUN apk add --virtual .build-deps gcc musl-dev\n");
        let run = crate::rules::pkg::Run::of(&file.instructions[0]).unwrap();
        assert_eq!(
            apk_virtual(&run.commands[0]).as_deref(),
            Some(".build-deps")
        );
        assert_eq!(
            package_names(&run.commands[0], &["add"]),
            ["gcc", "musl-dev"]
        );
    }
}

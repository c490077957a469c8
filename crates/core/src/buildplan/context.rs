//! What a `COPY`/`ADD` (or a `RUN --mount=type=bind`) reads from the
//! build context, and whether that can include a source file or a
//! dependency manifest.
//!
//! A source path is resolved like BuildKit resolves it (variables
//! expanded, quotes removed), cleaned (`./a//b/` → `a/b`), and read as:
//! the whole context (`.`), a glob, a file (a name with an extension, or a
//! known manifest), a directory (written with a trailing `/`), or a path
//! that may be either. Without the context on disk the plan cannot list
//! files, so it answers the two questions the scenarios ask:
//!
//! - *can it include a source file?* Anything but a manifest file or a
//!   glob written for manifests (`package*.json`).
//! - *can it include a dependency manifest?* A manifest file, a glob that
//!   matches a manifest name, or a directory holding the place manifests
//!   live: where the file copies manifests from by name, else the context
//!   root.
//!
//! A `.dockerignore`, when given, removes what it excludes; with `*` and
//! `!exceptions` only the exceptions are read.

use std::sync::OnceLock;

use serde::Serialize;

use super::Reads;
use crate::semantics::dockerignore::{clean, Dockerignore};
use crate::semantics::Semantics;
use crate::syntax::{Body, Dockerfile, Instruction, Keyword};

/// Dependency manifest names, as `.dockerignore`-style patterns on a file
/// name.
const MANIFEST_PATTERNS: &str = "
requirements*.txt
requirements*.in
constraints*.txt
pyproject.toml
setup.py
setup.cfg
poetry.lock
Pipfile*
uv.lock
pdm.lock
environment.yml
environment.yaml
package.json
package-lock.json
npm-shrinkwrap.json
yarn.lock
pnpm-lock.yaml
pnpm-workspace.yaml
bun.lock
bun.lockb
go.mod
go.sum
go.work
go.work.sum
Cargo.toml
Cargo.lock
Gemfile*
*.gemspec
composer.*
pom.xml
build.gradle*
settings.gradle*
gradle.properties
mix.exs
mix.lock
*.csproj
*.fsproj
packages.lock.json
Directory.Packages.props
pubspec.yaml
pubspec.lock
Package.swift
Package.resolved
deno.json
deno.lock
cpanfile
cpanfile.snapshot
stack.yaml
cabal.project
build.sbt
project.clj
deps.edn
renv.lock
vcpkg.json
conanfile.txt
";

/// Concrete manifest names, to tell whether a `COPY` glob can match one.
const MANIFEST_EXAMPLES: &[&str] = &[
    "requirements.txt",
    "requirements-dev.txt",
    "requirements-prod.txt",
    "requirements.in",
    "pyproject.toml",
    "setup.py",
    "setup.cfg",
    "poetry.lock",
    "Pipfile",
    "Pipfile.lock",
    "uv.lock",
    "environment.yml",
    "package.json",
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "bun.lockb",
    "go.mod",
    "go.sum",
    "Cargo.toml",
    "Cargo.lock",
    "Gemfile",
    "Gemfile.lock",
    "composer.json",
    "composer.lock",
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
    "settings.gradle",
    "mix.exs",
    "mix.lock",
    "app.csproj",
    "pubspec.yaml",
    "Package.swift",
];

/// Directory names that hold only dependency manifests
/// (`requirements/base.txt`).
const MANIFEST_DIRS: &[&str] = &["requirements"];

fn manifest_patterns() -> &'static Dockerignore {
    static PATTERNS: OnceLock<Dockerignore> = OnceLock::new();
    PATTERNS.get_or_init(|| Dockerignore::parse(MANIFEST_PATTERNS))
}

/// A file name that is a dependency manifest (`requirements-dev.txt`,
/// `package.json`, `go.sum` …). Takes a name or a `/`-separated path.
pub fn is_manifest(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    manifest_patterns().patterns.iter().any(|p| p.matches(name))
}

/// One source a step reads from the build context.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ContextSource {
    /// The path as resolved and cleaned (`.` for the whole context).
    pub path: String,
    pub kind: SourceKind,
    /// A dependency manifest (or a glob written for manifests).
    pub manifest: bool,
    /// The `.dockerignore` excludes all of it.
    pub excluded: bool,
    /// Which kinds of changed file it can include.
    pub reads: Reads,
    /// With a `.dockerignore` that excludes everything (`*`) but some
    /// exceptions: the exceptions, which are all a whole-context copy
    /// reads.
    pub only: Vec<String>,
    /// `.dockerignore` patterns that remove parts of it.
    pub ignored: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// `.`: everything the `.dockerignore` lets through.
    Context,
    /// Written with a trailing `/`.
    Directory,
    /// A name with an extension, or a known manifest.
    File,
    /// A file or a directory: the text cannot tell.
    Path,
    /// `*`, `?` or `[…]`.
    Glob,
    /// Uses a variable whose value is unknown: anything.
    Unresolved,
}

/// Where the file's dependency manifests live in the context: the
/// directories it copies manifests from by name, else the root.
pub(crate) struct ManifestDirs {
    dirs: Vec<String>,
    /// Manifest paths copied by name.
    files: Vec<String>,
}

impl ManifestDirs {
    pub(crate) fn of(file: &Dockerfile, sem: &Semantics) -> ManifestDirs {
        let mut dirs: Vec<String> = Vec::new();
        let mut files: Vec<String> = Vec::new();
        for (i, inst) in file.instructions.iter().enumerate() {
            for text in context_texts(inst) {
                let r = sem.resolve(i, &text);
                if !r.is_complete() {
                    continue;
                }
                let path = clean_source(&r.value);
                let (parent, name) = split(&path);
                let named = !has_glob(name) && is_manifest(name);
                let globbed = has_glob(name) && glob_matches_manifest(name);
                if named || globbed || MANIFEST_DIRS.contains(&name) {
                    if !dirs.iter().any(|d| d == parent) {
                        dirs.push(parent.to_string());
                    }
                    if named && !files.contains(&path) {
                        files.push(path);
                    }
                }
            }
        }
        if dirs.is_empty() {
            dirs.push(String::new());
        }
        ManifestDirs { dirs, files }
    }

    /// Some manifest location is `dir` or below it.
    fn under(&self, dir: &str) -> bool {
        self.dirs
            .iter()
            .any(|d| d == dir || d.strip_prefix(dir).is_some_and(|r| r.starts_with('/')))
    }
}

/// The context sources of instruction `i`, classified.
pub(crate) fn reads(
    file: &Dockerfile,
    sem: &Semantics,
    i: usize,
    manifests: &ManifestDirs,
    ignore: Option<&Dockerignore>,
) -> Vec<ContextSource> {
    let Some(inst) = file.instructions.get(i) else {
        return Vec::new();
    };
    context_texts(inst)
        .into_iter()
        .map(|text| {
            let r = sem.resolve(i, &text);
            if !r.is_complete() {
                return ContextSource {
                    path: r.value,
                    kind: SourceKind::Unresolved,
                    manifest: false,
                    excluded: false,
                    reads: Reads::BOTH,
                    only: Vec::new(),
                    ignored: Vec::new(),
                };
            }
            classify(&r.value, manifests, ignore)
        })
        .collect()
}

/// The source texts an instruction reads from the context: `COPY`/`ADD`
/// sources without `--from` (not heredocs, not URLs), and `RUN` bind
/// mounts without `from=` (`source=`, default the root).
fn context_texts(inst: &Instruction) -> Vec<String> {
    let inst = match &inst.body {
        Body::Onbuild(_) => return Vec::new(),
        _ => inst,
    };
    match (&inst.body, inst.keyword) {
        (Body::Copy(c) | Body::Add(c), _) => {
            if inst.flag("from").is_some() {
                return Vec::new();
            }
            c.sources
                .iter()
                .map(|w| w.text.clone())
                .filter(|t| !t.starts_with("<<") && !is_remote(t))
                .collect()
        }
        // A bind mount without `from=` reads the context (`source=`,
        // default the root).
        (_, Keyword::Run) => super::mount::mounts(inst)
            .into_iter()
            .filter(|m| m.kind == "bind" && m.from.is_none())
            .map(|m| m.source.unwrap_or_else(|| ".".into()))
            .collect(),
        _ => Vec::new(),
    }
}

/// A URL or git address (`ADD https://…`, `ADD git@…`): not the context.
pub(crate) fn is_remote(text: &str) -> bool {
    let t = text.trim_matches(|c| c == '"' || c == '\'');
    t.contains("://") || t.starts_with("git@")
}

fn has_glob(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// `./a//b/` → `a/b`; `/`, `.`, `./` → `.`.
fn clean_source(value: &str) -> String {
    let trimmed = value.trim_start_matches('/');
    if trimmed.is_empty() {
        return ".".to_string();
    }
    clean(trimmed)
}

/// `(parent, name)` of a cleaned path; the parent of a top-level name is
/// `""`.
fn split(path: &str) -> (&str, &str) {
    match path.rsplit_once('/') {
        Some((p, n)) => (p, n),
        None => ("", path),
    }
}

/// One glob as a matcher. Text a `.dockerignore` line would read
/// differently (a leading `#` or `!`) matches nothing.
fn glob(pattern: &str) -> Option<Dockerignore> {
    if pattern.starts_with(['#', '!']) || pattern.contains('\n') {
        return None;
    }
    Some(Dockerignore::parse(pattern))
}

fn glob_matches_manifest(name_glob: &str) -> bool {
    glob(name_glob).is_some_and(|g| {
        MANIFEST_EXAMPLES
            .iter()
            .any(|ex| g.patterns.iter().any(|p| p.matches(ex)))
    })
}

fn classify(value: &str, manifests: &ManifestDirs, ignore: Option<&Dockerignore>) -> ContextSource {
    let directory = value.ends_with('/');
    let path = clean_source(value);
    let mut source = ContextSource {
        path: path.clone(),
        kind: SourceKind::Path,
        manifest: false,
        excluded: false,
        reads: Reads::SOURCE,
        only: Vec::new(),
        ignored: Vec::new(),
    };
    if path == "." {
        source.kind = SourceKind::Context;
        source.reads.dependencies = true;
        if let Some(ignore) = ignore {
            apply_to_context(&mut source, manifests, ignore);
        }
        return source;
    }
    let (_, name) = split(&path);
    if has_glob(name) || has_glob(&path) {
        source.kind = SourceKind::Glob;
        let name_glob = has_glob(name);
        let matches = if name_glob {
            glob_matches_manifest(name)
        } else {
            is_manifest(name)
        };
        let literal_prefix = name.split(['*', '?', '[']).next().unwrap_or("");
        let specific = matches && (!name_glob || !literal_prefix.is_empty());
        source.manifest = specific;
        source.reads = Reads {
            source: !specific,
            dependencies: matches,
        };
    } else if !directory && is_manifest(name) {
        source.kind = SourceKind::File;
        source.manifest = true;
        source.reads = Reads::DEPENDENCIES;
    } else if MANIFEST_DIRS.contains(&name) {
        source.kind = if directory {
            SourceKind::Directory
        } else {
            SourceKind::Path
        };
        source.manifest = true;
        source.reads = Reads::DEPENDENCIES;
    } else if !directory && name.trim_start_matches('.').contains('.') {
        source.kind = SourceKind::File;
    } else {
        source.kind = if directory {
            SourceKind::Directory
        } else {
            SourceKind::Path
        };
        source.reads.dependencies = manifests.under(&path);
    }
    if let Some(ignore) = ignore {
        if source.kind != SourceKind::Glob && excluded(ignore, &path) {
            source.excluded = true;
            source.reads = Reads::default();
        } else if matches!(source.kind, SourceKind::Directory | SourceKind::Path) {
            source.ignored = patterns_under(ignore, &path);
        }
    }
    source
}

/// `path` is excluded, and no `!` exception re-includes something below
/// it.
fn excluded(ignore: &Dockerignore, path: &str) -> bool {
    ignore.excludes(path)
        && !ignore.patterns.iter().any(|p| {
            p.exclusion
                && (p.text.starts_with("**")
                    || p.text
                        .strip_prefix(path)
                        .is_some_and(|r| r.starts_with('/')))
        })
}

/// Exclusion patterns that apply below `dir` (patterns are anchored at the
/// context root; `**/x` applies everywhere).
fn patterns_under(ignore: &Dockerignore, dir: &str) -> Vec<String> {
    ignore
        .patterns
        .iter()
        .filter(|p| !p.exclusion)
        .filter(|p| {
            p.text.starts_with("**") || p.text.strip_prefix(dir).is_some_and(|r| r.starts_with('/'))
        })
        .map(|p| p.text.clone())
        .collect()
}

/// A whole-context source under a `.dockerignore`.
fn apply_to_context(source: &mut ContextSource, manifests: &ManifestDirs, ignore: &Dockerignore) {
    if ignore.excludes_root() {
        // `*` then `!keep`: only the exceptions are read.
        source.only = ignore
            .patterns
            .iter()
            .filter(|p| p.exclusion)
            .map(|p| p.text.clone())
            .collect();
        let mut reads = Reads::default();
        for kept in &source.only {
            let r = classify(kept, manifests, None).reads;
            reads.source |= r.source;
            reads.dependencies |= r.dependencies;
        }
        source.excluded = source.only.is_empty();
        source.reads = reads;
        return;
    }
    source.ignored = ignore
        .patterns
        .iter()
        .filter(|p| !p.exclusion)
        .map(|p| p.text.clone())
        .collect();
    // Manifests copied by name that the .dockerignore excludes cannot
    // change what the build sees.
    if !manifests.files.is_empty() && manifests.files.iter().all(|f| ignore.excludes(f)) {
        source.reads.dependencies = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(value: &str, ignore: Option<&str>) -> ContextSource {
        let dirs = ManifestDirs {
            dirs: vec![String::new()],
            files: vec!["requirements.txt".into()],
        };
        let ignore = ignore.map(Dockerignore::parse);
        classify(value, &dirs, ignore.as_ref())
    }

    #[test]
    fn manifests_by_name() {
        for name in [
            "requirements.txt",
            "requirements-prod.txt",
            "src/api/requirements.txt",
            "package.json",
            "package-lock.json",
            "go.sum",
            "Cargo.lock",
            "Gemfile.lock",
            "composer.json",
            "build.gradle.kts",
            "Pipfile.lock",
            "pom.xml",
        ] {
            assert!(is_manifest(name), "{name}");
        }
        for name in [
            "main.py",
            "src",
            "app.js",
            "requirements",
            "go.mod.bak",
            ".",
        ] {
            assert!(!is_manifest(name), "{name}");
        }
    }

    #[test]
    fn what_a_source_can_include() {
        let reads = |v: &str| one(v, None).reads;
        let (both, source, deps) = (Reads::BOTH, Reads::SOURCE, Reads::DEPENDENCIES);
        assert_eq!(reads("."), both);
        assert_eq!(reads("./"), both);
        assert_eq!(reads("/"), both);
        assert_eq!(reads("requirements.txt"), deps);
        assert_eq!(reads("./package.json"), deps);
        assert_eq!(reads("package*.json"), deps);
        assert_eq!(reads("requirements/"), deps);
        assert_eq!(reads("*.txt"), both);
        assert_eq!(reads("*.js"), source);
        // `*.py` can include setup.py, a manifest.
        assert_eq!(reads("*.py"), both);
        assert_eq!(reads("main.py"), source);
        assert_eq!(reads("src/"), source);
        assert_eq!(reads("src"), source);
        assert_eq!(one(".", None).kind, SourceKind::Context);
        assert_eq!(one("src/", None).kind, SourceKind::Directory);
        assert_eq!(one("src", None).kind, SourceKind::Path);
        assert_eq!(one("main.py", None).kind, SourceKind::File);
        assert_eq!(one("*.js", None).kind, SourceKind::Glob);
    }

    #[test]
    fn a_directory_holding_the_manifests_includes_them() {
        let dirs = ManifestDirs {
            dirs: vec!["src/web_api".into()],
            files: vec!["src/web_api/requirements.txt".into()],
        };
        assert!(classify("./src/web_api/", &dirs, None).reads.dependencies);
        assert!(classify("src", &dirs, None).reads.dependencies);
        assert!(!classify("src/other", &dirs, None).reads.dependencies);
        assert!(!classify("src/web", &dirs, None).reads.dependencies);
    }

    #[test]
    fn dockerignore_filters_what_is_read() {
        let s = one("docs/", Some("docs\n"));
        assert!(s.excluded);
        assert_eq!(s.reads, Reads::default());
        let s = one(".", Some(".git\n**/__pycache__\n"));
        assert_eq!(s.ignored, vec![".git", "**/__pycache__"]);
        assert!(s.reads.source && s.reads.dependencies);
        // Everything excluded but the sources: a manifest change is not read.
        let s = one(".", Some("*\n!src\n!main.py\n"));
        assert_eq!(s.only, vec!["src", "main.py"]);
        assert!(s.reads.source && !s.reads.dependencies);
        let s = one(".", Some("*\n"));
        assert!(s.excluded);
        assert_eq!(s.reads, Reads::default());
        // A re-included file below an excluded directory is still read.
        let s = one("src/", Some("src\n!src/main.py\n"));
        assert!(!s.excluded);
        assert_eq!(
            one("src/", Some("src/*.pyc\n**/.cache\nother\n")).ignored,
            vec!["src/*.pyc", "**/.cache"]
        );
    }

    #[test]
    fn odd_sources_never_panic() {
        for v in [
            "",
            "!",
            "#x",
            "[",
            "é/ü*",
            "a\nb",
            "../..",
            "*/requirements.txt",
        ] {
            let _ = one(v, Some("*\n!é\n"));
            let _ = one(v, None);
        }
    }
}

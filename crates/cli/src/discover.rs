//! Which files `lint` and `fix` read: the command line's arguments, with
//! each directory and glob expanded to the Dockerfiles it holds.
//!
//! - a file (or `-`, standard input) is taken as it is, whatever its name;
//! - a directory is walked recursively for files named `Dockerfile`,
//!   `Dockerfile.*`, `*.Dockerfile` or `Containerfile` (and
//!   `Containerfile.*`, `*.Containerfile`), skipping what `.gitignore`,
//!   `.ignore` and git's exclude files exclude (the `ignore` crate, as
//!   ripgrep), inside or outside a git repository, and `.git` itself;
//!   hidden directories are walked (`.devcontainer/Dockerfile`);
//! - an argument that is not an existing path and holds `*`, `?`, `[` or
//!   `{` is a glob (`services/**/Dockerfile*`): the directory before its
//!   first pattern component is walked the same way, and every file the
//!   glob matches is taken.
//!
//! The list is in a fixed order: arguments in their order, each
//! directory's files sorted by path; a file named twice is read once. A
//! directory or glob that finds nothing is an error (exit 2), so a typo in
//! CI does not pass silently.
//!
//! This only produces the list; the commands read and check the files.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Whether a file name is a Dockerfile's (or a Containerfile's).
pub fn is_dockerfile_name(name: &str) -> bool {
    ["Dockerfile", "Containerfile"].iter().any(|base| {
        name == *base
            || name
                .strip_prefix(base)
                .is_some_and(|rest| rest.starts_with('.') && rest.len() > 1)
            || name
                .strip_suffix(base)
                .is_some_and(|rest| rest.ends_with('.') && rest.len() > 1)
    }) && !name.ends_with(".dockerignore")
}

fn is_glob(arg: &str) -> bool {
    arg.contains(['*', '?', '[', '{'])
}

/// The files the arguments name, directories and globs expanded.
pub fn expand(args: &[String]) -> Result<Vec<String>, String> {
    let mut files = Vec::new();
    let mut seen = HashSet::new();
    let mut push = |f: String, files: &mut Vec<String>| {
        if f == "-" || seen.insert(f.clone()) {
            files.push(f);
        }
    };
    // Whether each argument is a file, asked on every core: one `stat`
    // each, which for a long command line held up the start of the lint.
    let is_file = crate::parallel::map(args, |arg| arg != "-" && Path::new(arg).is_file());
    for (arg, is_file) in args.iter().zip(is_file) {
        let path = Path::new(arg);
        if arg == "-" || is_file {
            push(arg.clone(), &mut files);
        } else if path.is_dir() {
            let found = walk(path, &|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(is_dockerfile_name)
            })?;
            if found.is_empty() {
                return Err(format!("{arg}: no Dockerfile found in this directory"));
            }
            for f in found {
                push(f, &mut files);
            }
        } else if is_glob(arg) {
            let glob = globset::GlobBuilder::new(arg.strip_prefix("./").unwrap_or(arg))
                .literal_separator(true)
                .build()
                .map_err(|e| format!("{arg}: not a valid glob: {e}"))?
                .compile_matcher();
            let root = glob_root(arg);
            let found = walk(&root, &|p| glob.is_match(p.strip_prefix("./").unwrap_or(p)))?;
            if found.is_empty() {
                return Err(format!("{arg}: no file matches this pattern"));
            }
            for f in found {
                push(f, &mut files);
            }
        } else {
            // Read as a file: the command reports it cannot be read.
            push(arg.clone(), &mut files);
        }
    }
    Ok(files)
}

/// The directory before a glob's first pattern component (`.` when it
/// starts with one).
fn glob_root(glob: &str) -> PathBuf {
    let mut root = PathBuf::new();
    let mut components = glob.split('/').peekable();
    if glob.starts_with('/') {
        root.push("/");
    }
    while let Some(c) = components.next() {
        // The last component names files, not a directory.
        if is_glob(c) || components.peek().is_none() {
            break;
        }
        if !c.is_empty() {
            root.push(c);
        }
    }
    if root.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        root
    }
}

/// Every file under `root` that `keep` accepts, ignore files honoured,
/// sorted by path. Paths are as given (`root/…`), without a leading `./`
/// when `root` is `.`.
fn walk(root: &Path, keep: &dyn Fn(&Path) -> bool) -> Result<Vec<String>, String> {
    let mut found = Vec::new();
    let walker = ignore::WalkBuilder::new(root)
        .hidden(false)
        .require_git(false)
        .sort_by_file_path(|a, b| a.cmp(b))
        .filter_entry(|e| e.file_name() != ".git")
        .build();
    for entry in walker {
        let entry = entry.map_err(|e| format!("cannot walk {}: {e}", root.display()))?;
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        let shown = if root == Path::new(".") {
            path.strip_prefix(".").unwrap_or(path)
        } else {
            path
        };
        if keep(shown) {
            found.push(shown.to_string_lossy().into_owned());
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dockerfile_names() {
        for name in [
            "Dockerfile",
            "Dockerfile.dev",
            "api.Dockerfile",
            "Containerfile",
            "Containerfile.arm64",
            "web.Containerfile",
        ] {
            assert!(is_dockerfile_name(name), "{name}");
        }
        for name in [
            "Dockerfile.dockerignore",
            "api.Dockerfile.dockerignore",
            "dockerfile",
            "Dockerfiles",
            "MyDockerfile",
            "Dockerfile.",
            ".Dockerfile",
            "README.md",
        ] {
            assert!(!is_dockerfile_name(name), "{name}");
        }
    }

    #[test]
    fn glob_roots() {
        assert_eq!(glob_root("services/**/Dockerfile*"), Path::new("services"));
        assert_eq!(glob_root("*.Dockerfile"), Path::new("."));
        assert_eq!(glob_root("a/b/*/Dockerfile"), Path::new("a/b"));
        assert_eq!(glob_root("/srv/x/**"), Path::new("/srv/x"));
    }
}

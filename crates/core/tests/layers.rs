//! The core's layers point only down (ARCHITECTURE.md, "Layers").
//!
//! Reads every source file of `crates/core/src`, finds the `crate::…`
//! paths its non-test code names (in `use` lines and inline), resolves
//! re-exports to the module that defines the item, and fails on an import
//! of a module in the same or a higher layer. Test code (`#[cfg(test)]`
//! items and the files they declare) may use the whole pipeline and is not
//! checked. There is no exception list.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// The layers, bottom first: a module may import only modules of a lower
/// layer (and itself). Keep in step with ARCHITECTURE.md.
const LAYERS: &[&[&str]] = &[
    &["position", "knowledge"],
    &["diagnostic"],
    &["syntax"],
    &["config"],
    &["suppression"],
    &["semantics"],
    // The build model reads semantics and is handed the cache rules'
    // findings: it never imports `rules`, nor `rules` it.
    &["rules", "buildplan"],
    &["linter"],
    &["fix", "format"],
    // lib.rs: declares the modules and re-exports the public API.
    &["lib"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `text` with comments removed and the contents of string and character
/// literals blanked (so braces and paths inside them are not read).
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                    depth += 1;
                    i += 2;
                } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == b'r'
            && (b.get(i + 1) == Some(&b'"') || b.get(i + 1) == Some(&b'#'))
            && !b[..i]
                .last()
                .is_some_and(|p| p.is_ascii_alphanumeric() || *p == b'_')
        {
            // A raw string r"…" or r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&b'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&b'"') {
                out.push(c as char);
                i += 1;
                continue;
            }
            j += 1;
            let close: Vec<u8> = std::iter::once(b'"')
                .chain(std::iter::repeat_n(b'#', hashes))
                .collect();
            while j < b.len() && !b[j..].starts_with(&close) {
                j += 1;
            }
            i = j + close.len();
            out.push_str("\"\"");
        } else if c == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == b'\'' {
            // A char literal ('x', '\n', '\u{..}') or a lifetime ('a).
            let rest = &text[i + 1..];
            let lit = if rest.starts_with('\\') {
                rest.find('\'').map(|n| n + 2)
            } else {
                let mut chars = rest.char_indices();
                match (chars.next(), chars.next()) {
                    (Some(_), Some((n, '\''))) => Some(n + 2),
                    _ => None,
                }
            };
            match lit {
                Some(n) => {
                    out.push_str("' '");
                    i += n;
                }
                None => {
                    out.push('\'');
                    i += 1;
                }
            }
        } else {
            let ch = text[i..].chars().next().expect("a char");
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

/// `code` without its `#[cfg(test)]` items; the names of the modules
/// declared as `#[cfg(test)] mod name;` (their files are test code).
fn without_tests(code: &str) -> (String, Vec<String>) {
    const ATTR: &str = "#[cfg(test)]";
    let mut out = String::new();
    let mut test_files = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find(ATTR) {
        out.push_str(&rest[..at]);
        let item = &rest[at + ATTR.len()..];
        let semi = item.find(';').unwrap_or(item.len());
        let brace = item.find('{').unwrap_or(item.len());
        if semi < brace {
            let decl = item[..semi].trim();
            if let Some(name) = decl.split_whitespace().last() {
                if decl.split_whitespace().any(|w| w == "mod") {
                    test_files.push(name.to_string());
                }
            }
            rest = &item[(semi + 1).min(item.len())..];
            continue;
        }
        let mut depth = 0;
        let mut end = item.len();
        for (n, ch) in item.char_indices().skip(brace) {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = n + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &item[end..];
    }
    out.push_str(rest);
    (out, test_files)
}

/// The top-level module a source file belongs to (`lib` for lib.rs).
fn module_of(rel: &Path) -> String {
    let first = rel
        .components()
        .next()
        .expect("a path")
        .as_os_str()
        .to_string_lossy()
        .into_owned();
    first.strip_suffix(".rs").unwrap_or(&first).to_string()
}

/// The names a `use`/path tail imports at its first level: `a::B` → `a`;
/// `{a, b::C}` → `a`, `b`.
fn first_names(tail: &str) -> Vec<String> {
    let tail = tail.trim_start();
    if let Some(group) = tail.strip_prefix('{') {
        let mut names = Vec::new();
        let mut depth = 0;
        let mut current = String::new();
        for ch in group.chars() {
            match ch {
                '{' => depth += 1,
                '}' if depth == 0 => break,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    names.extend(ident(&current));
                    current.clear();
                }
                _ if depth == 0 => current.push(ch),
                _ => {}
            }
        }
        names.extend(ident(&current));
        names
    } else {
        ident(tail).into_iter().collect()
    }
}

fn ident(text: &str) -> Option<String> {
    let name: String = text
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty()).then_some(name)
}

/// Every `crate::…` path in `code`: the module it names first and the
/// names it reaches in that module (`crate::fix::{Edit, Choices}` →
/// (`fix`, [`Edit`, `Choices`])).
fn crate_paths(code: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        if code[..at]
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
        {
            continue;
        }
        let tail = &code[at + "crate::".len()..];
        if tail.trim_start().starts_with('{') {
            for name in first_names(tail) {
                out.push((name, Vec::new()));
            }
            continue;
        }
        let Some(first) = ident(tail) else { continue };
        let after = &tail[first.len()..];
        let inner = after
            .strip_prefix("::")
            .map(first_names)
            .unwrap_or_default();
        out.push((first, inner));
    }
    out
}

/// `pub use crate::m::{A, B}` (or, in lib.rs, `pub use m::{A, B}`) in a
/// module's root file: name → the module it comes from.
fn reexports(code: &str, root: bool) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for stmt in code.split(';') {
        let stmt = stmt.trim();
        let Some(path) = stmt.strip_prefix("pub use ") else {
            continue;
        };
        let path = path.trim();
        let path = match path.strip_prefix("crate::") {
            Some(p) => p,
            None if root => path,
            None => continue,
        };
        let Some(module) = ident(path) else { continue };
        let tail = path[module.len()..].strip_prefix("::").unwrap_or("");
        for name in first_names(tail) {
            map.insert(name, module.clone());
        }
    }
    map
}

struct Source {
    rel: PathBuf,
    module: String,
    code: String,
}

fn sources() -> Vec<Source> {
    let src = src_dir();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(
        files.len() > 50,
        "found only {} source files under {}",
        files.len(),
        src.display()
    );
    files.sort();
    let mut test_files: BTreeSet<PathBuf> = BTreeSet::new();
    let mut out = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let (code, tests) = without_tests(&code_only(&text));
        let dir = if path.ends_with("mod.rs") || path.ends_with("lib.rs") {
            path.parent().expect("a parent").to_path_buf()
        } else {
            path.with_extension("")
        };
        for name in tests {
            test_files.insert(dir.join(format!("{name}.rs")));
            test_files.insert(dir.join(&name).join("mod.rs"));
        }
        let rel = path.strip_prefix(&src).expect("under src").to_path_buf();
        out.push(Source {
            module: module_of(&rel),
            rel,
            code,
        });
    }
    out.retain(|s| !test_files.contains(&src.join(&s.rel)));
    out
}

#[test]
fn imports_point_only_down() {
    let sources = sources();
    // Re-exports of each module's root file, and of lib.rs.
    let mut exported: HashMap<String, HashMap<String, String>> = HashMap::new();
    for s in &sources {
        let root = s.rel == Path::new("lib.rs");
        let is_root_file = root
            || s.rel.components().count() == 1
            || s.rel.ends_with("mod.rs") && s.rel.components().count() == 2;
        if is_root_file {
            exported
                .entry(s.module.clone())
                .or_default()
                .extend(reexports(&s.code, root));
        }
    }
    let resolve = |module: &str, name: &str| -> String {
        exported
            .get(module)
            .and_then(|m| m.get(name))
            .cloned()
            .unwrap_or_else(|| module.to_string())
    };
    let modules: BTreeSet<&str> = sources.iter().map(|s| s.module.as_str()).collect();
    let mut modules_seen = BTreeSet::new();
    let mut bad: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut edges = 0;
    for s in &sources {
        modules_seen.insert(s.module.clone());
        let Some(from) = layer_of(&s.module) else {
            bad.entry(s.rel.display().to_string())
                .or_default()
                .insert(format!(
                    "module `{}` is in no layer: add it to LAYERS and ARCHITECTURE.md",
                    s.module
                ));
            continue;
        };
        for (first, inner) in crate_paths(&s.code) {
            // `crate::lint` → lib's re-export → `linter`; `crate::build_plan`
            // → defined in lib.rs.
            let first_module = if modules.contains(first.as_str()) {
                first.clone()
            } else {
                resolve("lib", &first)
            };
            let targets: Vec<String> = if inner.is_empty() || first_module != first {
                vec![first_module]
            } else {
                inner.iter().map(|n| resolve(&first, n)).collect()
            };
            for target in targets {
                if target == s.module {
                    continue;
                }
                edges += 1;
                let ok = layer_of(&target).is_some_and(|to| to < from);
                if !ok {
                    bad.entry(s.rel.display().to_string())
                        .or_default()
                        .insert(format!("imports `{target}` (from `{}`)", s.module));
                }
            }
        }
    }
    assert!(
        edges > 100,
        "read only {edges} imports: is the parser broken?"
    );
    for layer in LAYERS {
        for module in *layer {
            assert!(
                modules_seen.contains(*module),
                "LAYERS names `{module}`, which has no source file"
            );
        }
    }
    let report: Vec<String> = bad
        .iter()
        .map(|(file, what)| {
            format!(
                "{file}: {}",
                what.iter().cloned().collect::<Vec<_>>().join(", ")
            )
        })
        .collect();
    assert!(
        report.is_empty(),
        "imports that do not point down (ARCHITECTURE.md, \"Layers\"):\n{}",
        report.join("\n")
    );
}

#[test]
fn the_checker_reads_what_it_must() {
    // The reader itself: a test item and comments are skipped, a group is
    // split, re-exports are followed.
    let code = code_only(
        "use crate::fix::{Edit, Choices};\n// crate::build\nlet s = \"crate::rules\";\n#[cfg(test)]\nmod tests { use crate::lint; }\n#[cfg(test)]\nmod more;\nfn f<'a>(c: char) { if c == '{' { crate::syntax::parse(x); } }\n",
    );
    let (code, tests) = without_tests(&code);
    assert_eq!(tests, vec!["more".to_string()]);
    let paths = crate_paths(&code);
    assert_eq!(
        paths,
        vec![
            (
                "fix".to_string(),
                vec!["Edit".to_string(), "Choices".to_string()]
            ),
            ("syntax".to_string(), vec!["parse".to_string()]),
        ]
    );
    let exports = reexports(
        "pub use crate::diagnostic::{apply_edits, Edit};\npub use engine::fix_all;",
        false,
    );
    assert_eq!(exports.get("Edit").map(String::as_str), Some("diagnostic"));
    assert_eq!(exports.get("fix_all"), None);
}

/// A rule reads the checker, semantics and shared helpers, never another
/// rule: what two rules share lives in a helper module
/// (`rules/{shared,layers,cleanup,pkg,later}.rs`, `rules/<source>/…`)
/// or in `semantics`. Only the registry (`rules/mod.rs` and each
/// `rules/<source>/mod.rs`) names rule modules.
#[test]
fn rules_never_import_rules() {
    let sources = sources();
    // (source folder, module name) of every rule file.
    let rules: BTreeSet<(String, String)> = sources
        .iter()
        .filter(|s| s.code.contains("pub static RULE"))
        .filter_map(|s| {
            let parts: Vec<String> = s
                .rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            match parts.as_slice() {
                [r, dir, file] if r == "rules" => {
                    Some((dir.clone(), file.trim_end_matches(".rs").to_string()))
                }
                _ => None,
            }
        })
        .collect();
    assert!(rules.len() > 100, "found only {} rule files", rules.len());
    let mut bad = Vec::new();
    for s in &sources {
        let parts: Vec<String> = s
            .rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if parts.first().map(String::as_str) != Some("rules")
            || parts.last().map(String::as_str) == Some("mod.rs")
        {
            continue;
        }
        let dir = (parts.len() == 3).then(|| parts[1].clone());
        let me = parts.last().map(|f| f.trim_end_matches(".rs").to_string());
        for (source, name) in &rules {
            if dir.as_ref() == Some(source) && me.as_ref() == Some(name) {
                continue;
            }
            let mut needles = vec![format!("{source}::{name}")];
            if dir.as_ref() == Some(source) {
                needles.push(format!("super::{name}"));
            }
            let hit = needles.iter().any(|n| {
                s.code.match_indices(n.as_str()).any(|(at, _)| {
                    let before = s.code[..at].chars().last();
                    let after = s.code[at + n.len()..].chars().next();
                    !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
                        && !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
                })
            });
            if hit {
                bad.push(format!(
                    "{} names the rule {source}::{name}",
                    s.rel.display()
                ));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "rules importing rules (move what they share to a helper module or semantics):\n{}",
        bad.join("\n")
    );
}

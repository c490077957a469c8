//! BuildKit's `# check=` directive: the file's (`# check=skip=A,B;error=true`
//! at the top) and the per-instruction comments above an instruction (`#
//! check=skip=SecretsUsedInArgOrEnv // reason`), read as BuildKit reads
//! them, and applied to the BuildKit checks' findings.

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::syntax::{Dockerfile, ItemKind};

/// A parsed `check` directive value (`skip=A,B;error=true`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckOptions {
    pub skip_all: bool,
    pub skip: Vec<String>,
    pub experimental_all: bool,
    pub experimental: Vec<String>,
    pub error: bool,
}

impl CheckOptions {
    /// Read BuildKit's `check` options; `None` when malformed (BuildKit
    /// refuses to build; we then apply nothing).
    pub fn parse(value: &str) -> Option<CheckOptions> {
        let value = value.trim();
        let mut opts = CheckOptions::default();
        if value.is_empty() {
            return Some(opts);
        }
        let list = |v: &str| v.split(',').map(|s| s.trim().to_string()).collect();
        for part in value.splitn(3, ';') {
            let (k, v) = part.split_once('=')?;
            let v = v.trim();
            match k.trim() {
                "skip" if v == "all" => opts.skip_all = true,
                "skip" => opts.skip = list(v),
                "experimental" if v == "all" => opts.experimental_all = true,
                "experimental" => opts.experimental = list(v),
                "error" => {
                    opts.error = match v {
                        "1" | "t" | "T" | "TRUE" | "true" | "True" => true,
                        "0" | "f" | "F" | "FALSE" | "false" | "False" => false,
                        _ => return None,
                    }
                }
                _ => return None,
            }
        }
        Some(opts)
    }

    /// The options of a `# check=…` comment line's text (after `#`), as
    /// BuildKit reads it: the value up to the first space (`skip=X //
    /// reason` reads `skip=X`).
    pub(crate) fn from_comment(text: &str) -> Option<CheckOptions> {
        let (name, value) = text.trim().split_once('=')?;
        let name = name.trim();
        let valid = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && name.chars().all(|c| c.is_ascii_alphanumeric());
        if !valid || !name.eq_ignore_ascii_case("check") {
            return None;
        }
        CheckOptions::parse(first_token(value))
    }

    /// BuildKit's `WithMergedConfig`: skips and experimental rules add up;
    /// `error` stays the file's.
    fn merged(&self, other: &CheckOptions) -> CheckOptions {
        let mut out = self.clone();
        out.skip_all |= other.skip_all;
        out.skip.extend(other.skip.iter().cloned());
        out.experimental_all |= other.experimental_all;
        out.experimental.extend(other.experimental.iter().cloned());
        out
    }

    /// Whether a finding of `code` is kept (BuildKit's `Linter.Run`: an
    /// experimental check runs only when enabled, whatever `skip` says).
    pub(crate) fn keeps(&self, code: &str) -> bool {
        if EXPERIMENTAL.contains(&code) {
            self.experimental_all || self.experimental.iter().any(|s| s == code)
        } else {
            !(self.skip_all || self.skip.iter().any(|s| s == code))
        }
    }
}

/// The value of a directive up to its first space.
fn first_token(value: &str) -> &str {
    let value = value.trim();
    value.split(' ').next().unwrap_or(value)
}

/// Checks BuildKit runs only when `# check=experimental=…` enables them.
pub const EXPERIMENTAL: &[&str] = &["InvalidDefinitionDescription"];

/// Checks BuildKit runs with the file's options only: a `# check=` comment
/// above one instruction does not reach them.
const FILE_LEVEL: &[&str] = &[
    "NoEmptyContinuation",
    "ConsistentInstructionCasing",
    "DuplicateStageName",
    "ReservedStageName",
    "InvalidDefaultArgInFrom",
];

/// The build argument that replaces the file's `# check=` directive
/// (`docker build --build-arg BUILDKIT_DOCKERFILE_CHECK=skip=A;error=true`).
pub const CHECK_BUILD_ARG: &str = "BUILDKIT_DOCKERFILE_CHECK";

/// The options BuildKit lints the whole file with: the
/// `BUILDKIT_DOCKERFILE_CHECK` build argument when one is given (BuildKit
/// then ignores the file's directive), else the file's `# check=`
/// directive. A malformed value applies nothing (BuildKit refuses to
/// build).
pub fn build_options(file: &Dockerfile, config: &Config) -> CheckOptions {
    match config.build_args.get(CHECK_BUILD_ARG) {
        Some(value) => CheckOptions::parse(value).unwrap_or_default(),
        None => file_options(file),
    }
}

/// The file's `# check=` directive.
pub fn file_options(file: &Dockerfile) -> CheckOptions {
    file.directives
        .iter()
        .find(|d| d.name == "check")
        .and_then(|d| CheckOptions::parse(first_token(&d.value)))
        .unwrap_or_default()
}

/// The comment lines BuildKit attaches to the instruction of item `n`
/// (its `PrevComment`): the text after `#`, trimmed, top to bottom, of the
/// comments since the previous instruction. Parser directives are not
/// among them, and an empty comment (`#`) drops those above it. BuildKit
/// keeps comments across blank lines; with `blank_resets` a blank line
/// drops them too (what the InvalidDefinitionDescription docs describe).
pub fn comments_above(file: &Dockerfile, n: usize, blank_resets: bool) -> Vec<&str> {
    let mut out = Vec::new();
    for item in file.items[..n.min(file.items.len())].iter().rev() {
        match item.kind {
            ItemKind::Directive => {}
            ItemKind::Blank if blank_resets => break,
            ItemKind::Blank => {}
            ItemKind::Comment => {
                let text = file.source[item.span.start..item.span.end].trim();
                let body = text.strip_prefix('#').unwrap_or(text).trim();
                if body.is_empty() {
                    break;
                }
                out.push(body);
            }
            ItemKind::Instruction(_) | ItemKind::Error => break,
        }
    }
    out.reverse();
    out
}

/// Apply the file's `# check=` directive (or the build argument that
/// replaces it, see [`build_options`]) and the `# check=…` comments
/// above an instruction (BuildKit's per-command override, e.g. `#
/// check=skip=SecretsUsedInArgOrEnv // reason`) to the BuildKit checks'
/// findings: skipped checks are dropped, experimental ones kept only when
/// enabled, and with `error=true` the rest become errors.
pub fn apply_check_directives(
    file: &Dockerfile,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
    is_buildkit: &dyn Fn(&str) -> bool,
) {
    let global = build_options(file, config);
    // Per-instruction options: the first `check` comment above it.
    let mut local: Vec<Option<CheckOptions>> = vec![None; file.instructions.len()];
    for (n, item) in file.items.iter().enumerate() {
        let ItemKind::Instruction(i) = item.kind else {
            continue;
        };
        if let Some(slot) = local.get_mut(i) {
            *slot = comments_above(file, n, false)
                .into_iter()
                .find_map(CheckOptions::from_comment);
        }
    }
    diagnostics.retain(|d| {
        if !is_buildkit(&d.code) {
            return true;
        }
        let here = if FILE_LEVEL.contains(&d.code.as_str()) {
            None
        } else {
            match file.item_at(d.span.start).map(|item| item.kind) {
                Some(ItemKind::Instruction(i)) => local.get(i).cloned().flatten(),
                _ => None,
            }
        };
        match here {
            Some(opts) => global.merged(&opts).keeps(&d.code),
            None => global.keeps(&d.code),
        }
    });
    if global.error {
        for d in diagnostics.iter_mut().filter(|d| is_buildkit(&d.code)) {
            d.severity = Severity::Error;
        }
    }
}

//! Docker BuildKit's build checks, under BuildKit's names and messages
//! (moby/buildkit `frontend/dockerfile/linter/ruleset.go`), with the
//! conditions BuildKit applies when it builds (`dockerfile2llb`).
//!
//! The `# check=skip=<names>|all` and `# check=error=true` directives
//! (and a `# check=skip=…` comment right above one instruction) are
//! applied centrally by [`apply_check_directives`].

rules! {
    consistent_instruction_casing => Style,
    copy_ignored_file => Breaks,
    duplicate_stage_name => Breaks,
    expose_invalid_format => Breaks,
    expose_proto_casing => Style,
    from_as_casing => Style,
    from_platform_flag_const_disallowed => Runtime,
    invalid_default_arg_in_from => Breaks,
    invalid_definition_description => Style,
    json_args_recommended => Runtime,
    legacy_key_value_format => Style,
    maintainer_deprecated => Style,
    multiple_instructions_disallowed => Runtime,
    no_empty_continuation => Breaks,
    redundant_target_platform => Style,
    reserved_stage_name => Breaks,
    secrets_used_in_arg_or_env => Security,
    stage_name_casing => Style,
    undefined_arg_in_from => Breaks,
    undefined_var => Runtime,
    workdir_relative_path => Runtime,
}

use crate::diagnostic::{Edit, Fix};
use crate::rules::shared::edit_distance;
use crate::rules::{self, Checker, Source};
use crate::semantics::{Base, Semantics, Stage};
use crate::syntax::{Body, Dockerfile, Instruction, Span, Word};

/// All lowercase or all uppercase (`from`, `FROM`, not `From`).
pub fn is_self_consistent(s: &str) -> bool {
    if s.is_ascii() {
        // The same answer without building the two copies.
        return !s.bytes().any(|b| b.is_ascii_uppercase())
            || !s.bytes().any(|b| b.is_ascii_lowercase());
    }
    s == s.to_lowercase() || s == s.to_uppercase()
}

/// The instructions BuildKit puts in stages: every instruction from the
/// first `FROM` on (global `ARG`s before it are not in a stage).
pub fn stage_instructions(file: &Dockerfile) -> &[Instruction] {
    let first = file
        .instructions
        .iter()
        .position(|i| i.keyword == crate::syntax::Keyword::From)
        .unwrap_or(file.instructions.len());
    &file.instructions[first..]
}

// Finding and expanding variable references moved to `semantics::expand`;
// the BuildKit checks read them from here too.
pub use crate::semantics::expand::{
    default_global_env, expand_with, global_args, var_refs, var_refs_ignoring_quotes, PREDEFINED,
};

/// The safe fix that replaces `span` with `text` ("Write `text`").
pub fn rewrite(span: Span, text: String) -> Fix {
    Fix::safe(format!("Write `{text}`"), vec![Edit::replace(span, text)])
}

/// Walk the stages in order with a state: each stage starts from the
/// state the stage it is built `FROM` ended with, or from `fresh(stage)`
/// over an external base; `visit` carries it through the stage.
pub fn fold_stages<T: Clone>(
    sem: &Semantics,
    fresh: impl Fn(&Stage) -> T,
    mut visit: impl FnMut(&Stage, &mut T),
) {
    // How many stages build on each stage: the last of them takes the
    // state instead of copying it (a chain of stages, each built on the
    // one before, stays linear).
    let mut children = vec![0usize; sem.stages.len()];
    for stage in &sem.stages {
        if let Base::Stage(parent) = stage.base {
            if parent < stage.index {
                children[parent] += 1;
            }
        }
    }
    let mut at_end: Vec<Option<T>> = Vec::with_capacity(sem.stages.len());
    for stage in &sem.stages {
        let inherited = match stage.base {
            Base::Stage(parent) if parent < at_end.len() => {
                children[parent] -= 1;
                if children[parent] == 0 {
                    at_end[parent].take()
                } else {
                    at_end[parent].clone()
                }
            }
            _ => None,
        };
        let mut state = inherited.unwrap_or_else(|| fresh(stage));
        visit(stage, &mut state);
        at_end.push(Some(state));
    }
}

/// One `EXPOSE` port as BuildKit splits it: `[ip:][host:]container[/proto]`
/// (`parsePort`: an IPv6 address keeps its colons).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PortSpec<'a> {
    pub ip: &'a str,
    pub host: &'a str,
    /// The container port or range, without the protocol.
    pub port: &'a str,
    /// After the first `/` of the container part (empty: tcp).
    pub proto: &'a str,
    /// Byte offset of the container part in the raw text.
    pub container_at: usize,
}

impl<'a> PortSpec<'a> {
    pub fn parse(raw: &'a str) -> PortSpec<'a> {
        let colons: Vec<usize> = raw.match_indices(':').map(|(i, _)| i).collect();
        let (ip, host, container_at) = match colons.as_slice() {
            [] => ("", "", 0),
            [a] => ("", &raw[..*a], a + 1),
            [.., a, b] => (&raw[..*a], &raw[a + 1..*b], b + 1),
        };
        let container = &raw[container_at..];
        let (port, proto) = container.split_once('/').unwrap_or((container, ""));
        PortSpec {
            ip,
            host,
            port,
            proto,
            container_at,
        }
    }
}

/// A port of an `EXPOSE` instruction, after BuildKit's expansion.
pub struct ExposedPort<'a> {
    pub instruction: &'a Instruction,
    /// The word it comes from (a variable may hold several ports).
    pub word: &'a Word,
    pub raw: String,
}

impl ExposedPort<'_> {
    /// Written literally, byte for byte: edits can target `word.span`.
    pub fn is_literal(&self) -> bool {
        self.raw == self.word.text && self.word.span.len() == self.word.text.len()
    }
}

/// Every port of every `EXPOSE`; words holding a variable whose value is
/// unknown are skipped.
pub fn exposed_ports<'a>(cx: &Checker<'a>) -> Vec<ExposedPort<'a>> {
    let mut out = Vec::new();
    for (i, inst) in cx.file.instructions.iter().enumerate() {
        let Body::Expose(words) = &inst.body else {
            continue;
        };
        for word in words {
            let resolved = cx.resolve(i, &word.text);
            if !resolved.is_complete() {
                continue;
            }
            for raw in resolved.value.split_whitespace() {
                out.push(ExposedPort {
                    instruction: inst,
                    word,
                    raw: raw.to_string(),
                });
            }
        }
    }
    out
}

/// Levenshtein distance (characters), for "did you mean" hints: the
/// shared [`edit_distance`] without swaps, as BuildKit counts.
pub fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    edit_distance(&a, &b, false)
}

/// BuildKit's suggestion: the closest option at distance < 3 (the first
/// at the smallest distance); `None` on an exact match or nothing close.
pub fn suggest<'o>(name: &str, options: impl IntoIterator<Item = &'o str>) -> Option<&'o str> {
    let mut unlimited = usize::MAX;
    suggest_within(name, options, &mut unlimited)
}

/// The work a file's "did you mean" hints may take together, in options
/// looked at plus distance-table cells: plenty for any real file, and it
/// keeps a file with a hundred thousand undefined variables linear.
pub const HINT_BUDGET: usize = 4_000_000;

/// [`suggest`], spending from `budget`; once it is spent there is no
/// hint (`None`), whatever the options.
pub fn suggest_within<'o>(
    name: &str,
    options: impl IntoIterator<Item = &'o str>,
    budget: &mut usize,
) -> Option<&'o str> {
    let chars: Vec<char> = name.chars().collect();
    let mut best: Option<&str> = None;
    let mut min = 3;
    for opt in options {
        *budget = budget.checked_sub(1)?;
        if opt == name {
            return None;
        }
        // The distance is at least the difference in length.
        let len = opt.chars().count();
        if len.abs_diff(chars.len()) >= min {
            continue;
        }
        *budget = budget.checked_sub(len.saturating_mul(chars.len()))?;
        let d = edit_distance(&chars, &opt.chars().collect::<Vec<char>>(), false);
        if d < min {
            min = d;
            best = Some(opt);
        }
    }
    best
}

/// Whether `code` is one of BuildKit's checks (the findings `# check=`
/// directives govern).
pub fn is_buildkit(code: &str) -> bool {
    // BuildKit's checks are named by words; every other code has digits
    // (`DL3007`, `SC2086`, `DD001`): those need no lookup (the
    // suppression layer asks for every finding).
    // (Not in the playground's wasm: smaller without.)
    #[cfg(not(target_arch = "wasm32"))]
    if code.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    static CODES: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    CODES
        .get_or_init(|| {
            rules::RULES
                .iter()
                .filter(|r| r.source == Source::Buildkit)
                .map(|r| r.code)
                .collect()
        })
        .contains(code)
}

// Reading BuildKit's `# check=` directive moved to the suppression layer;
// these paths stay for the code written against them.
pub use crate::suppression::check::{
    build_options, comments_above, file_options, CheckOptions, CHECK_BUILD_ARG, EXPERIMENTAL,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buildkit_codes_have_no_digits_and_others_do() {
        // What `is_buildkit` decides without its table.
        for rule in rules::RULES {
            let digits = rule.code.bytes().any(|b| b.is_ascii_digit());
            assert_eq!(
                rule.source == Source::Buildkit,
                !digits,
                "{}: is_buildkit's quick test is wrong for it",
                rule.code
            );
            assert_eq!(is_buildkit(rule.code), rule.source == Source::Buildkit);
        }
    }

    #[test]
    fn finds_variable_references() {
        assert_eq!(var_refs("$A/${B}/${C:-$D}", '\\'), ["A", "B", "C", "D"]);
        assert_eq!(var_refs("'$A' \\$B \"$C\" $$ $1", '\\'), ["C"]);
        assert_eq!(var_refs("`$A", '`'), Vec::<String>::new());
    }

    #[test]
    fn suggestions_are_close() {
        assert_eq!(suggest("PAHT", ["PATH", "HOME"]), Some("PATH"));
        assert_eq!(suggest("PATH", ["PATH"]), None);
        assert_eq!(suggest("XYZZY", ["PATH"]), None);
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        // The first at the smallest distance, as BuildKit.
        assert_eq!(suggest("ABCD", ["ABXY", "ABCX", "ABCY"]), Some("ABCX"));
        // A spent budget gives no hint.
        let mut budget = 1;
        assert_eq!(suggest_within("PAHT", ["HOME", "PATH"], &mut budget), None);
        let mut budget = 100;
        assert_eq!(
            suggest_within("PAHT", ["HOME", "PATH"], &mut budget),
            Some("PATH")
        );
    }

    /// Where hadolint has the same check, both report, each under its
    /// own code.
    #[test]
    fn hadolint_overlaps_report_twice() {
        for (text, line, codes_here) in [
            (
                "FROM a:1\nMAINTAINER me\n",
                2,
                ["DL4000", "MaintainerDeprecated"],
            ),
            (
                "FROM a:1\nCMD node app.js\n",
                2,
                ["DL3025", "JSONArgsRecommended"],
            ),
            (
                "FROM a:1 AS b\nFROM a:1 AS b\n",
                2,
                ["DL3024", "DuplicateStageName"],
            ),
            ("FROM a:1 AS scratch\n", 1, ["DL3063", "ReservedStageName"]),
            (
                "FROM --platform=$TARGETPLATFORM a:1\n",
                1,
                ["DL3065", "RedundantTargetPlatform"],
            ),
        ] {
            let found = crate::lint(text, &crate::Config::default());
            for code in codes_here {
                assert!(
                    found.iter().any(|d| d.code == code && d.start.line == line),
                    "{code} not on line {line} of {text:?}: {found:?}"
                );
            }
        }
    }
}

//! Drydock's core: parse, lint and fix Dockerfiles.
//!
//! Architecture Invariant: this crate does no I/O. It takes text and
//! returns values; the CLI and the app do the reading and writing.

pub mod build;
pub mod config;
pub mod diagnostic;
pub mod fix;
pub mod format;
pub mod knowledge;
pub mod position;
pub mod pragma;
pub mod rules;
pub mod semantics;
pub mod syntax;

pub use build::BuildPlan;
pub use config::Config;
pub use diagnostic::{Diagnostic, Severity};
pub use position::{LineIndex, Position};

use std::collections::{HashMap, HashSet};

use pragma::Pragmas;
use semantics::Semantics;
use syntax::Dockerfile;

/// Optional inputs besides the Dockerfile, read by the caller.
#[derive(Clone, Copy, Debug, Default)]
pub struct Inputs<'a> {
    /// The `.dockerignore` of the build context.
    pub dockerignore: Option<&'a str>,
}

/// Lint `text`: every finding of every rule the config enables, in source
/// order, with positions filled in.
pub fn lint(text: &str, config: &Config) -> Vec<Diagnostic> {
    lint_with(text, config, &Inputs::default())
}

/// [`lint`] with extra inputs (the `.dockerignore`).
///
/// The pipeline: parse, compute [`Semantics`] once, run every enabled
/// rule, then centrally drop what pragmas silence (unless
/// `config.disable_ignore_pragma`), apply severity overrides, locate and
/// sort.
pub fn lint_with(text: &str, config: &Config, inputs: &Inputs) -> Vec<Diagnostic> {
    lint_parsed(&syntax::parse(text), config, inputs)
}

/// [`lint_with`] of a file already parsed (the fix engine needs the tree's
/// syntax errors too, and parses once).
pub fn lint_parsed(file: &Dockerfile, config: &Config, inputs: &Inputs) -> Vec<Diagnostic> {
    let text = file.source.as_str();
    let semantics = Semantics::new(file, config);
    let mut diagnostics = rules::check_all(file, config, &semantics, inputs);
    rules::buildkit::apply_check_directives(file, &mut diagnostics);
    if !config.disable_ignore_pragma {
        let silencer = Silencer::new(file, &semantics.pragmas, &semantics);
        diagnostics.retain(|d| !silencer.silences(d));
    }
    for d in &mut diagnostics {
        d.severity = config.severity_for(&d.code, d.severity);
    }
    let index = LineIndex::new(text);
    for d in &mut diagnostics {
        d.locate(text, &index);
    }
    diagnostics.sort_by(|a, b| (a.span.start, &a.code).cmp(&(b.span.start, &b.code)));
    diagnostics
}

/// The build model of `text` (see [`build`]): stages, steps, what a
/// source or dependency change rebuilds, weight estimates.
pub fn build_plan(text: &str, config: &Config, inputs: &Inputs) -> BuildPlan {
    build::plan(&syntax::parse(text), config, inputs)
}

/// Applies ignore pragmas to findings. The pragmas are indexed once (codes
/// resolved, lines in maps), so each finding costs the same however many
/// pragmas the file has.
struct Silencer<'a> {
    file: &'a Dockerfile,
    index: LineIndex,
    semantics: &'a Semantics,
    /// Codes of `# hadolint global ignore=`.
    global: HashSet<String>,
    /// Line of an instruction → codes ignored on it.
    next_line: HashMap<usize, HashSet<String>>,
    /// (stage, code) → first line from which a stage pragma ignores it.
    stage: HashMap<(usize, String), usize>,
}

impl<'a> Silencer<'a> {
    fn new(file: &'a Dockerfile, pragmas: &'a Pragmas, semantics: &'a Semantics) -> Self {
        let mut next_line: HashMap<usize, HashSet<String>> = HashMap::new();
        for (line, codes) in &pragmas.next_line {
            next_line
                .entry(*line)
                .or_default()
                .extend(codes.iter().map(|c| rule_code(c)));
        }
        let mut stage: HashMap<(usize, String), usize> = HashMap::new();
        for (line, codes) in &pragmas.stage {
            // The stage of the first instruction at or after the pragma.
            let first = file.instructions.partition_point(|i| i.line < *line);
            let Some(s) = semantics.stage_of(first).map(|s| s.index) else {
                continue;
            };
            for code in codes {
                let from = stage.entry((s, rule_code(code))).or_insert(*line);
                *from = (*from).min(*line);
            }
        }
        Silencer {
            file,
            index: LineIndex::new(&file.source),
            semantics,
            global: pragmas.global.iter().map(|c| rule_code(c)).collect(),
            next_line,
            stage,
        }
    }

    /// The instruction whose span holds `offset`.
    fn instruction_at(&self, offset: usize) -> Option<usize> {
        let insts = &self.file.instructions;
        let i = insts.partition_point(|inst| inst.span.start <= offset);
        let i = i.checked_sub(1)?;
        (offset <= insts[i].span.end).then_some(i)
    }

    fn silences(&self, d: &Diagnostic) -> bool {
        let code = d.code.to_ascii_uppercase();
        if self.global.contains(&code) {
            return true;
        }
        let inst = self.instruction_at(d.span.start);
        // Like hadolint, a finding belongs to the line its instruction
        // starts on.
        let line = match inst {
            Some(i) => self.file.instructions[i].line,
            None => self.index.line(d.span.start),
        };
        if self
            .next_line
            .get(&line)
            .is_some_and(|codes| codes.contains(&code))
        {
            return true;
        }
        let Some(stage) = inst
            .and_then(|i| self.semantics.stage_of(i))
            .map(|s| s.index)
        else {
            return false;
        };
        self.stage
            .get(&(stage, code))
            .is_some_and(|&from| from <= line)
    }
}

/// The code a pragma entry names (a code or a rule name, any case),
/// upper-cased; an entry naming no rule is kept as written, upper-cased.
fn rule_code(entry: &str) -> String {
    rules::find(entry)
        .map_or(entry, |r| r.code)
        .to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str, config: &Config) -> Vec<(String, usize)> {
        lint(text, config)
            .into_iter()
            .map(|d| (d.code, d.start.line))
            .collect()
    }

    fn has(text: &str, code: &str) -> bool {
        has_with(text, &Config::default(), code)
    }

    fn has_with(text: &str, config: &Config, code: &str) -> bool {
        codes(text, config).iter().any(|(c, _)| c == code)
    }

    #[test]
    fn ignore_pragma_applies_to_the_next_line_only() {
        assert!(has("FROM ubuntu:latest\n", "DL3007"));
        assert!(!has(
            "# hadolint ignore=DL3007\nFROM ubuntu:latest\n",
            "DL3007"
        ));
        assert!(!has(
            "# drydock ignore=latest-tag\nFROM ubuntu:latest\n",
            "DL3007"
        ));
        assert!(!has(
            "# hadolint ignore=DL3006, DL3007 # reason\nFROM ubuntu:latest\n",
            "DL3007"
        ));
        // Another code, a blank line in between, or a later instruction: no effect.
        assert!(has(
            "# hadolint ignore=DL3006\nFROM ubuntu:latest\n",
            "DL3007"
        ));
        assert!(has(
            "# hadolint ignore=DL3007\n\nFROM ubuntu:latest\n",
            "DL3007"
        ));
        let mut found = codes(
            "# hadolint ignore=DL3007\nFROM ubuntu:latest\nFROM debian:latest\n",
            &Config::default(),
        );
        found.retain(|(c, _)| c == "DL3007");
        assert_eq!(found, vec![("DL3007".to_string(), 3)]);
    }

    #[test]
    fn ignore_pragma_covers_a_whole_multiline_instruction() {
        let text = "FROM debian:12\n# hadolint ignore=DL3008\nRUN apt-get update && \\\n    apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\n";
        assert!(has(
            &text.replace("# hadolint ignore=DL3008\n", ""),
            "DL3008"
        ));
        assert!(!has(text, "DL3008"));
    }

    #[test]
    fn global_and_stage_pragmas() {
        let text = "FROM ubuntu:latest\n# hadolint global ignore=DL3007\nFROM debian:latest\n";
        assert!(!has(text, "DL3007"));
        let text = "FROM ubuntu:latest AS a\n# hadolint stage ignore=DL3008\nRUN apt-get install -y --no-install-recommends curl\nFROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n";
        let found = codes(text, &Config::default());
        let dl3008: Vec<usize> = found
            .iter()
            .filter(|(c, _)| c == "DL3008")
            .map(|(_, l)| *l)
            .collect();
        assert_eq!(dl3008, vec![5]);
    }

    #[test]
    fn disable_ignore_pragma() {
        let config = Config {
            disable_ignore_pragma: true,
            ..Config::default()
        };
        let text =
            "# hadolint global ignore=DL3007\n# hadolint ignore=DL3007\nFROM ubuntu:latest\n";
        assert!(codes(text, &config).iter().any(|(c, _)| c == "DL3007"));
    }

    #[test]
    fn config_ignores_and_overrides() {
        let mut config = Config::default();
        config.ignored.push("latest-tag".into());
        assert!(!has_with("FROM ubuntu:latest\n", &config, "DL3007"));
        let mut config = Config::default();
        config.set_override("DL3007", "error");
        let d = lint("FROM ubuntu:latest\n", &config);
        let d: Vec<_> = d.iter().filter(|d| d.code == "DL3007").collect();
        assert_eq!(d[0].severity, Severity::Error);
    }

    #[test]
    fn findings_are_sorted_and_located() {
        let d = lint("FROM a:latest\nFROM b:latest\n", &Config::default());
        let lines: Vec<usize> = d.iter().map(|d| d.start.line).collect();
        let mut sorted = lines.clone();
        sorted.sort();
        assert_eq!(lines, sorted);
        assert!(d.iter().all(|d| d.start.line >= 1 && d.start.column >= 1));
    }
}

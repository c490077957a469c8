//! Drydock's core: parse, lint and fix Dockerfiles.
//!
//! Architecture Invariant: this crate does no I/O. It takes text and
//! returns values; the CLI and the app do the reading and writing.
//!
//! The modules are layers (ARCHITECTURE.md lists them and what each may
//! import; `tests/layers.rs` checks it). This file only declares them and
//! re-exports the public API.

pub mod buildplan;
pub mod config;
pub mod diagnostic;
pub mod fix;
pub mod format;
pub mod knowledge;
pub mod linter;
pub mod position;
pub mod rules;
pub mod semantics;
pub mod suppression;
pub mod syntax;
#[cfg(test)]
pub(crate) mod testing;

pub use buildplan::BuildPlan;
pub use config::{Config, Inputs};
pub use diagnostic::{Code, Diagnostic, Severity};
pub use linter::{lint, lint_parsed, lint_with, Analysis};
pub use position::{LineIndex, Position};
/// Transitional: the pragmas moved to [`suppression::pragma`].
pub use suppression::pragma;

/// The build model of `text` (see [`buildplan`]): stages, steps, what a
/// source or dependency change rebuilds, weight estimates.
pub fn build_plan(text: &str, config: &Config, inputs: &Inputs) -> BuildPlan {
    let file = syntax::parse(text);
    let semantics = semantics::Semantics::new(&file, config);
    let caches = cache_rule_findings(&file, config, &semantics, inputs);
    buildplan::plan(&file, &semantics, inputs, &caches)
}

/// What the cache rules ([`buildplan::CACHE_RULES`]) report on `file`,
/// whatever the config ignores and pragmas silence: the build model reads
/// the caches left in layers from them, and a cache is in the layer
/// whether or not its finding is shown.
pub(crate) fn cache_rule_findings(
    file: &syntax::Dockerfile,
    config: &Config,
    semantics: &semantics::Semantics,
    inputs: &Inputs,
) -> Vec<Diagnostic> {
    let cache_rules: Vec<&'static rules::Rule> = buildplan::CACHE_RULES
        .iter()
        .filter_map(|(code, _, _)| rules::find(code))
        .collect();
    rules::check_rules(file, config, semantics, inputs, &cache_rules)
}

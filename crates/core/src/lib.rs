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

pub use buildplan::BuildPlan;
pub use config::{Config, Inputs};
pub use diagnostic::{Diagnostic, Severity};
pub use linter::{lint, lint_parsed, lint_with, Analysis};
pub use position::{LineIndex, Position};
/// Transitional: the pragmas moved to [`suppression::pragma`].
pub use suppression::pragma;

/// The build model of `text` (see [`buildplan`]): stages, steps, what a
/// source or dependency change rebuilds, weight estimates.
pub fn build_plan(text: &str, config: &Config, inputs: &Inputs) -> BuildPlan {
    buildplan::plan(&syntax::parse(text), config, inputs)
}

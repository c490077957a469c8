//! Drydock's core: parse, lint and fix Dockerfiles.
//!
//! Architecture Invariant: this crate does no I/O. It takes text and
//! returns values; the CLI and the app do the reading and writing.

pub mod config;
pub mod diagnostic;
pub mod fix;
pub mod position;
pub mod rules;
pub mod syntax;

pub use config::Config;
pub use diagnostic::{Diagnostic, Severity};
pub use position::{LineIndex, Position};

/// Lint `text`: every finding of every rule the config enables, in source
/// order, with positions filled in.
pub fn lint(text: &str, config: &Config) -> Vec<Diagnostic> {
    let file = syntax::parse(text);
    let mut diagnostics = rules::check_all(&file, config);
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

//! What the command line and the playground both write, in one place so
//! the two cannot drift: share links ([`link`]), every report format
//! ([`report`]) and `.hadolint.yaml` settings ([`hadolint_yaml`]).
//!
//! Architecture Invariant: pure functions of values, like the core: no I/O.

#[cfg(feature = "yaml")]
pub mod config_file;
pub mod hadolint_yaml;
pub mod link;
pub mod report;

/// Drydock's version, as links carry it (`&v=`) and reports name it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

//! Lint configuration: what the CLI reads from `.hadolint.yaml` and the app
//! edits in its settings.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Severity;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// Codes never reported.
    pub ignored: Vec<String>,
    /// Per-code severity overrides.
    pub severity_overrides: BTreeMap<String, Severity>,
    /// Registries images may come from (empty: any).
    pub trusted_registries: Vec<String>,
    /// The lowest severity that fails a run (`None`: any finding fails).
    pub failure_threshold: Option<Severity>,
}

impl Config {
    pub fn is_ignored(&self, code: &str) -> bool {
        self.ignored.iter().any(|c| c.eq_ignore_ascii_case(code))
    }

    pub fn severity_for(&self, code: &str, default: Severity) -> Severity {
        self.severity_overrides
            .get(code)
            .copied()
            .unwrap_or(default)
    }
}

//! Drydock's JS API: `lint(text, config)`, `fix(text, config)` and
//! `analyze(text, config)` for pages that want results without an iframe,
//! and `check` / `rewrite`, the two halves of what the playground's worker
//! runs on every edit (findings first, the rewrite after).
//!
//! The exports are compiled into the playground's wasm (the app links this
//! crate), and `drydock.js` (written at build time by
//! `web/scripts/api-module.mjs`) wraps them in promises that load the wasm
//! on first use. One module serves the page, its worker and other pages.
//!
//! A config is read strictly ([`options::parse`]): an unknown key, or a
//! value of the wrong type, rejects the call with a message naming the key.

pub mod analysis;
pub mod options;

pub use analysis::{
    analyze, carry_choices, check, diagnostics, lint, rewrite, Analysis, Checked, Finding,
    FindingFix, FixNote, NewFile, Problem, Rewrite,
};
pub use options::Options;

use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Read a config given from JavaScript (`undefined` and `null` are the
/// defaults).
pub fn options_from(config: JsValue) -> Result<Options, JsError> {
    if config.is_undefined() || config.is_null() {
        return Ok(Options::default());
    }
    let value: serde_json::Value = serde_wasm_bindgen::from_value(config)
        .map_err(|e| JsError::new(&format!("drydock: the config is not plain data: {e}")))?;
    options::parse(value).map_err(|e| JsError::new(&e))
}

/// A value as plain JavaScript objects (maps as objects, not `Map`s).
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// `lint(text, config?)`: the findings of a Dockerfile, as plain objects.
#[wasm_bindgen(js_name = lint)]
pub fn js_lint(text: &str, config: JsValue) -> Result<JsValue, JsError> {
    to_js(&lint(text, &options_from(config)?))
}

/// `fix(text, config?)`: the rewritten Dockerfile and what was applied.
#[wasm_bindgen(js_name = fix)]
pub fn js_fix(text: &str, config: JsValue) -> Result<JsValue, JsError> {
    to_js(&rewrite(text, &options_from(config)?))
}

/// `analyze(text, config?)`: findings, problems and rewrite together.
#[wasm_bindgen(js_name = analyze)]
pub fn js_analyze(text: &str, config: JsValue) -> Result<JsValue, JsError> {
    to_js(&analyze(text, &options_from(config)?))
}

/// `check(text, config?)`: findings and problems, ranked (the worker's
/// first answer).
#[wasm_bindgen(js_name = check)]
pub fn js_check(text: &str, config: JsValue) -> Result<JsValue, JsError> {
    to_js(&check(text, &options_from(config)?))
}

/// The worker's answers as JSON text: one string crosses to the page
/// (cheaper than an object per finding through structured clone).
#[wasm_bindgen(js_name = checkJson)]
pub fn js_check_json(text: &str, config: JsValue) -> Result<String, JsError> {
    serde_json::to_string(&check(text, &options_from(config)?))
        .map_err(|e| JsError::new(&e.to_string()))
}

#[wasm_bindgen(js_name = rewriteJson)]
pub fn js_rewrite_json(text: &str, config: JsValue) -> Result<String, JsError> {
    serde_json::to_string(&rewrite(text, &options_from(config)?))
        .map_err(|e| JsError::new(&e.to_string()))
}

/// `rewrite(text, config?)`: the rewrite, from the lint `check` kept (the
/// worker's second answer).
#[wasm_bindgen(js_name = rewrite)]
pub fn js_rewrite(text: &str, config: JsValue) -> Result<JsValue, JsError> {
    to_js(&rewrite(text, &options_from(config)?))
}

/// `aptTablesMissed()`: whether a call since the last `aptTablesMissed()`
/// asked for the apt tables while they were missing (a build without them,
/// the playground's wasm, before `installAptTables`): its answer may be
/// wrong. `drydock.js` then installs them and calls again.
#[wasm_bindgen(js_name = aptTablesMissed)]
pub fn js_apt_tables_missed() -> bool {
    drydock_core::knowledge::apt::take_missed()
}

/// `installAptTables(recommends, kept, executables)`: the text of
/// `apt-recommends.txt`, `apt-kept.txt` and `apt-executables.txt` (the
/// first call wins; nothing when they are compiled in).
#[wasm_bindgen(js_name = installAptTables)]
pub fn js_install_apt_tables(recommends: String, kept: String, executables: String) {
    drydock_core::knowledge::apt::install(recommends, kept, executables);
}

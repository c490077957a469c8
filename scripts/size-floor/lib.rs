//! One export: the core's lint of `text`, as JSON. See Cargo.toml.
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub fn lint(text: &str) -> String {
    let config = drydock_core::Config::default();
    serde_json::to_string(&drydock_core::lint(text, &config)).unwrap_or_default()
}

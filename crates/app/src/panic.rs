//! The panic hook: if the app's wasm ever panics, the page says so in the
//! error banner instead of going blank, and the text is kept: it stays in
//! the editor (CodeMirror lives outside the wasm module) and, unless the
//! page was opened from a link, it is saved for the next visit.

use std::sync::atomic::{AtomicBool, Ordering};

use wasm_bindgen::prelude::*;

static AUTOSAVE: AtomicBool = AtomicBool::new(false);

/// Whether the hook may save the text (not when opened from a link).
pub fn set_autosave(on: bool) {
    AUTOSAVE.store(on, Ordering::Relaxed);
}

pub fn hook(info: &std::panic::PanicHookInfo<'_>) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let message = format!(
        "Drydock hit an internal error and stopped checking ({info}). Your text is still in the editor: copy it, then reload the page."
    );
    web_sys::console::error_1(&JsValue::from_str(&message));
    if AUTOSAVE.load(Ordering::Relaxed) {
        if let Some(text) = crate::bridge::main_text().ok().and_then(|t| t.as_string()) {
            crate::storage::save_text(&text);
        }
    }
    if let Ok(banner) = document.create_element("div") {
        banner.set_class_name("banner error");
        let _ = banner.set_attribute("role", "alert");
        let _ = banner.set_attribute("data-testid", "error-banner");
        banner.set_text_content(Some(&message));
        if let Some(body) = document.body() {
            let _ = body.prepend_with_node_1(&banner);
        }
    }
}

/// For the browser tests only: panic inside the app's wasm, so they can
/// check that the hook shows the banner and keeps the text. Callable from
/// the page's own scripts (`wasmBindings.simulatePanic()`), never from a
/// link.
#[wasm_bindgen(js_name = simulatePanic)]
pub fn simulate_panic() {
    panic!("simulated panic (browser test)");
}

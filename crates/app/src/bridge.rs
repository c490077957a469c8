//! The editor bridge: `window.drydockEditor`, defined by the CodeMirror
//! bundle (`web/src/editor.js`).

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// A CodeMirror `EditorView`.
    pub type EditorView;

    #[wasm_bindgen(js_namespace = drydockEditor, js_name = create)]
    pub fn create(
        parent: &web_sys::Element,
        text: &str,
        on_change: &js_sys::Function,
        options: &JsValue,
    ) -> EditorView;

    #[wasm_bindgen(js_namespace = drydockEditor, js_name = getText)]
    pub fn get_text(view: &EditorView) -> String;

    #[wasm_bindgen(js_namespace = drydockEditor, js_name = setText)]
    pub fn set_text(view: &EditorView, text: &str);

    #[wasm_bindgen(js_namespace = drydockEditor, js_name = insertAt)]
    pub fn insert_at(view: &EditorView, at: u32, text: &str, cursor: u32);

    #[wasm_bindgen(js_namespace = drydockEditor, js_name = setFindings)]
    pub fn set_findings(view: &EditorView, findings: &JsValue);

    #[wasm_bindgen(js_namespace = drydockEditor, js_name = reveal)]
    pub fn reveal(view: &EditorView, from: u32, to: u32);

    /// Highlight 1-based lines `from..=to` (the Build view's hovered row);
    /// `scroll` brings them into view.
    #[wasm_bindgen(js_namespace = drydockEditor, js_name = highlightLines)]
    pub fn highlight_lines(view: &EditorView, from: u32, to: u32, scroll: bool);

    #[wasm_bindgen(js_namespace = drydockEditor, js_name = clearLines)]
    pub fn clear_lines(view: &EditorView);

    #[wasm_bindgen(js_namespace = drydockEditor, js_name = destroy)]
    pub fn destroy(view: &EditorView);

    /// Resolves to a handle for `destroy_merge`.
    #[wasm_bindgen(js_namespace = drydockEditor, js_name = showMerge)]
    pub fn show_merge(
        parent: &web_sys::Element,
        original: &str,
        rewritten: &str,
    ) -> js_sys::Promise;

    /// The text of the page's main editor (for the panic hook).
    #[wasm_bindgen(catch, js_namespace = drydockEditor, js_name = mainText)]
    pub fn main_text() -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_namespace = drydockEditor, js_name = destroyMerge)]
    pub fn destroy_merge(handle: &JsValue);
}

/// Whether the bundle has run (it defines `window.drydockEditor`).
pub fn ready() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("drydockEditor"))
        .map(|v| v.is_object())
        .unwrap_or(false)
}

//! The editor bridge: `window.drydockEditor`, defined by the CodeMirror
//! bundle (`web/src/editor.js`), and [`Editor`], the handle components
//! share (through a context) to reach the page's editor.

use std::cell::RefCell;
use std::rc::Rc;

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

    /// `edits`: `[{from, to, insert}]` in UTF-16 offsets, one undoable change.
    #[wasm_bindgen(js_namespace = drydockEditor, js_name = applyEdits)]
    pub fn apply_edits(view: &EditorView, edits: &JsValue);

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

    /// Resolves to a handle for `destroy_merge`. `unified`: one column,
    /// the removed lines shown inline.
    #[wasm_bindgen(js_namespace = drydockEditor, js_name = showMerge)]
    pub fn show_merge(
        parent: &web_sys::Element,
        original: &str,
        rewritten: &str,
        unified: bool,
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

/// The page's editor, once made: what components reach through a context
/// (reveal a finding, insert a pragma, highlight a build step's lines).
#[derive(Clone, Default)]
pub struct Editor(pub Rc<RefCell<Option<EditorView>>>);

impl PartialEq for Editor {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Editor {
    pub fn with<R>(&self, f: impl FnOnce(&EditorView) -> R) -> Option<R> {
        self.0.borrow().as_ref().map(f)
    }

    pub fn text(&self) -> Option<String> {
        self.with(get_text)
    }

    pub fn reveal(&self, from: usize, to: usize) {
        self.with(|v| reveal(v, from as u32, to as u32));
    }

    /// Lines to highlight (`None` clears), scrolled into view or not.
    pub fn highlight(&self, lines: Option<(usize, usize)>, scroll: bool) {
        self.with(|v| match lines {
            Some((from, to)) => highlight_lines(v, from as u32, to as u32, scroll),
            None => clear_lines(v),
        });
    }
}

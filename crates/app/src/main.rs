//! The Drydock playground: a CodeMirror editor on the left, the findings
//! and the rewrite of `drydock_core` on the right, updated as you type.
//!
//! The same wasm module serves three places: the playground page (which
//! marks its `<body data-drydock-app>`), the playground's checking worker,
//! and pages that use the JS API (`drydock.js`). Only the first starts the
//! app; the others just call the functions `drydock-js` exports (linked in
//! here, so page and worker share one module).
//!
//! The app: `state.rs` (the state and its reducer), `app.rs` (the root
//! component and its effects), `components/` (the views).

// The JS API's exports come with the crate.
pub use drydock_js::{
    js_analyze, js_check, js_check_json, js_fix, js_lint, js_rewrite, js_rewrite_json,
};

mod app;
mod bridge;
mod components;
mod examples;
mod markdown;
mod panic;
mod state;
mod storage;
mod tables;
mod util;
mod worker;

fn main() {
    if cfg!(target_arch = "wasm32") {
        if is_app_page() {
            start();
        }
    } else {
        eprintln!(
            "drydock-app runs in a browser: build it with `trunk build` (see web/README.md)."
        );
        std::process::exit(2);
    }
}

/// A window whose body says it is the playground (not a worker, not a
/// page using the JS API).
fn is_app_page() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
        .is_some_and(|b| b.has_attribute("data-drydock-app"))
}

/// Replace the loading screen of `index.html` with the app.
fn render() {
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
    yew::Renderer::<app::App>::new().render();
}

fn start() {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    // Yew installs its own hook (console only) unless given one.
    yew::set_custom_panic_hook(Box::new(panic::hook));
    if bridge::ready() {
        render();
        return;
    }
    // The editor bundle has not run yet: start when it says it is ready.
    let start = Closure::once_into_js(render);
    let options = web_sys::AddEventListenerOptions::new();
    options.set_once(true);
    let _ = gloo::utils::window().add_event_listener_with_callback_and_add_event_listener_options(
        "drydock-editor-ready",
        start.unchecked_ref(),
        &options,
    );
}

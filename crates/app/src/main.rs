//! The Drydock playground: a CodeMirror editor on the left, the findings of
//! `drydock_core::lint` on the right, updated as you type.

mod app;
mod bridge;
mod build_view;
mod examples;
mod markdown;
mod rewrite;
mod share;
mod storage;

fn main() {
    if cfg!(target_arch = "wasm32") {
        start();
    } else {
        eprintln!(
            "drydock-app runs in a browser: build it with `trunk build` (see web/README.md)."
        );
        std::process::exit(2);
    }
}

fn start() {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    std::panic::set_hook(Box::new(app::panic_banner));
    if bridge::ready() {
        yew::Renderer::<app::App>::new().render();
        return;
    }
    // The editor bundle has not run yet: start when it says it is ready.
    let start = Closure::once_into_js(|| {
        yew::Renderer::<app::App>::new().render();
    });
    let options = web_sys::AddEventListenerOptions::new();
    options.set_once(true);
    gloo::utils::window()
        .add_event_listener_with_callback_and_add_event_listener_options(
            "drydock-editor-ready",
            start.unchecked_ref(),
            &options,
        )
        .expect("addEventListener");
}

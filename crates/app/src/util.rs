//! Small browser chores the components share: the clipboard, downloads,
//! promises, the page's address, fetching a text.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::state::{Action, Dialog, State};

pub fn js_error_text(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| {
            js_sys::Reflect::get(e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
        })
        .unwrap_or_else(|| "unknown error".into())
}

/// `promise.then(ok, failed)` with closures made by `Closure::once_into_js`
/// (they free themselves when called).
pub fn when_settled(promise: &js_sys::Promise, ok: &JsValue, failed: &JsValue) {
    if let Ok(then) = js_sys::Reflect::get(promise, &"then".into()) {
        let then: js_sys::Function = then.unchecked_into();
        let _ = then.call2(promise, ok, failed);
    }
}

/// Copy `text`, then say `done`; when the browser refuses, open the Share
/// dialog (its fields can be copied by hand).
pub fn copy_text(text: &str, done: &'static str, dispatch: &UseReducerDispatcher<State>) {
    let clipboard = gloo::utils::window().navigator().clipboard();
    let promise = clipboard.write_text(text);
    let ok = {
        let dispatch = dispatch.clone();
        Closure::once_into_js(move |_: JsValue| dispatch.dispatch(Action::Toast(done.into())))
    };
    let failed = {
        let dispatch = dispatch.clone();
        Closure::once_into_js(move |_: JsValue| dispatch.dispatch(Action::Open(Dialog::Share)))
    };
    when_settled(&promise, &ok, &failed);
}

/// Offer `text` as a file download named `name` (as given: a type the
/// browser knows no extension for, so `Dockerfile` stays `Dockerfile`).
pub fn download(name: &str, text: &str) {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/octet-stream");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let document = gloo::utils::document();
    if let Ok(a) = document.create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

pub fn location() -> web_sys::Location {
    gloo::utils::window().location()
}

/// The page's address without query or fragment: what links start with.
pub fn base_url() -> String {
    let loc = location();
    format!(
        "{}{}",
        loc.origin().unwrap_or_default(),
        loc.pathname().unwrap_or_default()
    )
}

fn fetch_error(e: wasm_bindgen::JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| "the request failed".to_string())
}

/// The text of a response: `fetch` is the promise `window.fetch` gave.
pub async fn fetch_text(url: &str, fetch: js_sys::Promise) -> Result<String, String> {
    let response: web_sys::Response = wasm_bindgen_futures::JsFuture::from(fetch)
        .await
        .map_err(fetch_error)?
        .dyn_into()
        .map_err(fetch_error)?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    Ok(
        wasm_bindgen_futures::JsFuture::from(response.text().map_err(fetch_error)?)
            .await
            .map_err(fetch_error)?
            .as_string()
            .unwrap_or_default(),
    )
}

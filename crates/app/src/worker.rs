//! Checking off the keystroke path: the core runs in a Web Worker
//! (`build/worker.js`, which loads this same wasm through `drydock.js`), so
//! typing never waits for a lint or a rewrite. Requests carry a sequence
//! number; the app keeps only the answer to its latest request.
//!
//! The worker is sent the page's compiled `{module}` first, then only
//! `{seq, text, options}`. It answers each request twice: `{seq, checked}`
//! (findings and problems: they never wait for fixes), then `{seq,
//! rewrite}`, or `{seq, skipped}` when a newer request came in meanwhile
//! (its rewrite would be stale); `{seq, error}` when the core failed.
//! Nothing else on the page talks to it.

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use drydock_js::{Checked, Options, Rewrite};

const SCRIPT: &str = "./build/worker.js";

#[derive(Serialize)]
struct Request<'a> {
    seq: u32,
    text: &'a str,
    options: &'a Options,
}

#[derive(Deserialize)]
struct Answer {
    /// `None`: the worker could not load the wasm.
    seq: Option<u32>,
    /// JSON text of a [`Checked`].
    checked: Option<String>,
    /// JSON text of a [`Rewrite`].
    rewrite: Option<String>,
    skipped: Option<bool>,
    error: Option<String>,
}

/// What the worker said about request `seq`.
pub enum Reply {
    Checked(u32, Box<Checked>),
    Rewritten(u32, Box<Rewrite>),
    /// The rewrite of request `seq` was skipped: a newer request came.
    Skipped(u32),
    /// The core failed on request `seq` (a panic in the worker), or, with
    /// `u32::MAX`, the worker could not start.
    Failed(u32, String),
}

pub struct Checker {
    worker: web_sys::Worker,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl Checker {
    /// Start a worker; `None` when the browser cannot (the app then checks
    /// on the main thread).
    pub fn start(on_reply: impl Fn(Reply) + Clone + 'static) -> Option<Checker> {
        let options = web_sys::WorkerOptions::new();
        options.set_type(web_sys::WorkerType::Module);
        let worker = web_sys::Worker::new_with_options(SCRIPT, &options).ok()?;
        let reply = on_reply.clone();
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
            move |event: web_sys::MessageEvent| {
                let Ok(answer) = serde_wasm_bindgen::from_value::<Answer>(event.data()) else {
                    return;
                };
                let seq = answer.seq.unwrap_or(u32::MAX);
                reply(match answer {
                    Answer {
                        checked: Some(c), ..
                    } => match serde_json::from_str::<Checked>(&c) {
                        Ok(c) => Reply::Checked(seq, Box::new(c)),
                        Err(e) => Reply::Failed(seq, e.to_string()),
                    },
                    Answer {
                        rewrite: Some(r), ..
                    } => match serde_json::from_str::<Rewrite>(&r) {
                        Ok(r) => Reply::Rewritten(seq, Box::new(r)),
                        Err(e) => Reply::Failed(seq, e.to_string()),
                    },
                    Answer {
                        skipped: Some(true),
                        ..
                    } => Reply::Skipped(seq),
                    Answer { error, .. } => {
                        Reply::Failed(seq, error.unwrap_or_else(|| "no answer".to_string()))
                    }
                });
            },
        );
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            event.prevent_default();
            let message = event
                .dyn_ref::<web_sys::ErrorEvent>()
                .map(|e| e.message())
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| "the checker could not start".to_string());
            on_reply(Reply::Failed(u32::MAX, message));
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        // The page has compiled the wasm already: hand the worker the module
        // so it neither downloads nor compiles it again (it fetches the wasm
        // itself if this message does not come first).
        let module = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&module, &"module".into(), &wasm_bindgen::module());
        let _ = worker.post_message(&module);
        Some(Checker {
            worker,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    pub fn send(&self, seq: u32, text: &str, options: &Options) -> bool {
        let Ok(message) = drydock_js::to_js(&Request { seq, text, options }) else {
            return false;
        };
        self.worker.post_message(&message).is_ok()
    }
}

impl Drop for Checker {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

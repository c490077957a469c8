//! The Rewrite tab: the original and the rewritten Dockerfile side by side
//! or as one unified diff (`@codemirror/merge`, loaded on first use), the
//! whole width on request, copy and download, and the files the fixes
//! create (a generated `.dockerignore`).

use std::rc::Rc;

use drydock_js::Rewrite;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::bridge;
use crate::state::{Action, State};
use crate::util::{copy_text, download, js_error_text, when_settled};

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The text the rewrite is of.
    pub original: AttrValue,
    pub rewrite: Rc<Rewrite>,
    /// The rewrite is of the text in the editor (not still being made).
    pub current: bool,
    pub unified: bool,
    pub wide: bool,
    pub dispatch: UseReducerDispatcher<State>,
}

#[function_component(RewritePanel)]
pub fn rewrite_panel(props: &Props) -> Html {
    let merge_ref = use_node_ref();
    // The merge view shown, to destroy when it is replaced.
    let shown = use_mut_ref(|| None::<JsValue>);
    {
        let merge_ref = merge_ref.clone();
        let shown = shown.clone();
        let dispatch = props.dispatch.clone();
        use_effect_with(
            (
                props.original.clone(),
                AttrValue::from(props.rewrite.text.clone()),
                props.unified,
                props.wide,
            ),
            move |(original, rewritten, unified, _)| {
                if let Some(parent) = merge_ref.cast::<HtmlElement>() {
                    let promise = bridge::show_merge(&parent, original, rewritten, *unified);
                    let keep = shown.clone();
                    let done = Closure::once_into_js(move |handle: JsValue| {
                        if let Some(old) = keep.borrow_mut().replace(handle) {
                            bridge::destroy_merge(&old);
                        }
                    });
                    let failed = Closure::once_into_js(move |e: JsValue| {
                        dispatch.dispatch(Action::Toast(
                            format!("The rewrite view failed to load: {}", js_error_text(&e))
                                .into(),
                        ))
                    });
                    when_settled(&promise, &done, &failed);
                }
                || {}
            },
        );
    }
    {
        let shown = shown.clone();
        use_effect_with((), move |_| {
            move || {
                if let Some(old) = shown.borrow_mut().take() {
                    bridge::destroy_merge(&old);
                }
            }
        });
    }
    let rewrite = &props.rewrite;
    let changed = rewrite.text != props.original.as_str();
    let applied = rewrite.applied.len();
    let summary = if !changed && rewrite.files.is_empty() {
        "No fix applies: the rewrite is the same text. The problems list says what to change by hand.".to_string()
    } else {
        format!(
            "{applied} {} applied. Untick one in the Problems tab to leave it out.",
            if applied == 1 { "fix" } else { "fixes" }
        )
    };
    let dispatch = props.dispatch.clone();
    let text = rewrite.text.clone();
    let copy = {
        let dispatch = dispatch.clone();
        let text = text.clone();
        Callback::from(move |_| copy_text(&text, "Rewritten Dockerfile copied.", &dispatch))
    };
    let save = Callback::from(move |_| download("Dockerfile", &text));
    let wide = {
        let dispatch = dispatch.clone();
        let on = !props.wide;
        Callback::from(move |_| dispatch.dispatch(Action::Wide(on)))
    };
    let unified = {
        let dispatch = dispatch.clone();
        let on = !props.unified;
        Callback::from(move |_| dispatch.dispatch(Action::Unified(on)))
    };
    html! {
        <>
            <p class="hint" data-testid="rewrite-summary">{summary}</p>
            if !props.current {
                <p class="hint" aria-live="polite" data-testid="rewrite-updating">{"Updating the rewrite…"}</p>
            }
            if !rewrite.converged {
                <p class="hint warn">{"The fixes did not settle after 10 rounds: check the result."}</p>
            }
            <div class="rewrite-actions">
                <button onclick={copy}>{"Copy"}</button>
                <button onclick={save} data-testid="download-rewrite">{"Download Dockerfile"}</button>
                <button aria-pressed={props.unified.to_string()} data-testid="unified" onclick={unified}>{"Unified diff"}</button>
                <button class="wide-only" aria-pressed={props.wide.to_string()} data-testid="wide" onclick={wide}>
                    {if props.wide { "Show the editor" } else { "Full width" }}</button>
            </div>
            <div class="merge" ref={merge_ref} role="group" data-testid="merge"
                aria-label={if props.unified { "The rewritten Dockerfile, removed lines shown inline" } else { "Original and rewritten Dockerfile, side by side" }} />
            { for rewrite.files.iter().map(|f| {
                let (path, contents) = (f.path.clone(), f.contents.clone());
                let (path2, contents2) = (f.path.clone(), f.contents.clone());
                let dispatch = dispatch.clone();
                html! {
                    <section class="extra-file" data-testid="new-file" data-path={f.path.clone()} aria-label={format!("New file: {}", f.path)}>
                        <h3>{format!("New file: {}", f.path)}</h3>
                        <p class="hint">{"The fixes create this file beside the Dockerfile."}</p>
                        <pre class="code" tabindex="0" role="region" aria-label={format!("{} contents", f.path)}><code>{f.contents.clone()}</code></pre>
                        <div class="rewrite-actions">
                            <button onclick={Callback::from(move |_| copy_text(&contents2, "File copied.", &dispatch))}>{"Copy"}</button>
                            <button onclick={Callback::from(move |_| download(&path, &contents))}>{format!("Download {path2}")}</button>
                        </div>
                    </section>
                }
            }) }
        </>
    }
}

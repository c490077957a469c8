//! The editor pane: the Dockerfile (a CodeMirror editor the app makes in
//! the element this pane renders) and the project's `.dockerignore`.

use drydock_core::format::{format_edits, Options};
use drydock_core::LineIndex;
use serde::Serialize;
use yew::prelude::*;

use crate::bridge::{self, Editor};
use crate::state::{Action, File, State};

/// One formatting edit as the editor takes it (UTF-16 offsets).
#[derive(Serialize)]
struct EditorEdit {
    from: usize,
    to: usize,
    insert: String,
}

/// Format the editor's text in place (one undoable change), and say what
/// happened.
fn format_in_editor(editor: &Editor, dispatch: &UseReducerDispatcher<State>) {
    let Some(text) = editor.text() else {
        return;
    };
    let message = match format_edits(&text, &Options::default()) {
        Ok(edits) if edits.is_empty() => "Already formatted".to_string(),
        Ok(edits) => {
            let index = LineIndex::new(&text);
            let list: Vec<EditorEdit> = edits
                .iter()
                .map(|e| EditorEdit {
                    from: index.utf16_offset(&text, e.span.start),
                    to: index.utf16_offset(&text, e.span.end),
                    insert: e.replacement.clone(),
                })
                .collect();
            if let Ok(value) = serde_wasm_bindgen::to_value(&list) {
                editor.with(|v| bridge::apply_edits(v, &value));
            }
            if let Some(now) = editor.text() {
                dispatch.dispatch(Action::Edited(now.into()));
            }
            format!(
                "Formatted: {} edit{}",
                edits.len(),
                if edits.len() == 1 { "" } else { "s" }
            )
        }
        Err(e) => format!("Not formatted: {e}"),
    };
    dispatch.dispatch(Action::Toast(message.into()));
}

#[derive(Properties, PartialEq)]
pub struct Props {
    /// Where the app puts the CodeMirror editor.
    pub editor_ref: NodeRef,
    pub file: File,
    pub dockerignore: AttrValue,
    pub embed: bool,
    pub readonly: bool,
    pub dispatch: UseReducerDispatcher<State>,
}

#[function_component(EditorPane)]
pub fn editor_pane(props: &Props) -> Html {
    let dispatch = props.dispatch.clone();
    let file_tab = |file: File, label: &str, id: &str| {
        let selected = props.file == file;
        let dispatch = dispatch.clone();
        html! {
            <button role="tab" id={id.to_string()} aria-selected={selected.to_string()}
                aria-controls={if file == File::Dockerfile { "file-panel-dockerfile" } else { "file-panel-dockerignore" }}
                onclick={Callback::from(move |_| dispatch.dispatch(Action::SetFile(file)))}>{label.to_string()}</button>
        }
    };
    let on_ignore = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            dispatch.dispatch(Action::SetDockerignore(area.value().into()))
        })
    };
    let editor = use_context::<Editor>();
    let on_format = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(editor) = editor.as_ref() {
                format_in_editor(editor, &dispatch);
            }
        })
    };
    let ignore_label = if props.dockerignore.is_empty() {
        ".dockerignore (none)"
    } else {
        ".dockerignore"
    };
    html! {
        <section class="pane editor-pane" id="editor-pane" aria-labelledby="files-title">
            <div class="pane-head">
                <h2 id="files-title" class={classes!((!props.embed).then_some("visually-hidden"))}>{"Dockerfile"}</h2>
                if !props.embed {
                    <div class="tabs" role="tablist" aria-label="Files">
                        { file_tab(File::Dockerfile, "Dockerfile", "file-dockerfile") }
                        { file_tab(File::Dockerignore, ignore_label, "file-dockerignore") }
                    </div>
                }
                if !props.readonly && props.file == File::Dockerfile {
                    <button class="format-button" data-testid="format-button" onclick={on_format}
                        title="Format the Dockerfile: keywords, indentation, spacing (undo with Ctrl+Z)">{"Format"}</button>
                }
            </div>
            <div id="file-panel-dockerfile" class="editor-box" role="tabpanel" aria-labelledby="file-dockerfile"
                hidden={props.file != File::Dockerfile}>
                <div class="editor" data-testid="editor" ref={props.editor_ref.clone()} />
                if !props.readonly {
                    <p class="editor-hint" id="editor-hint">{"Tab moves on to the next control. Indent with Ctrl+] and outdent with Ctrl+[ (⌘ on a Mac)."}</p>
                }
            </div>
            if props.file == File::Dockerignore {
                <div class="ignore-file" id="file-panel-dockerignore" role="tabpanel" aria-labelledby="file-dockerignore">
                    <label for="dockerignore">{"Your project's .dockerignore"}</label>
                    <p class="hint" id="dockerignore-hint">{"Paste it here: the checks about the build context read it. Leave it empty if the project has none."}</p>
                    <textarea id="dockerignore" data-testid="dockerignore" spellcheck="false" rows="14"
                        aria-describedby="dockerignore-hint"
                        placeholder={".git\nnode_modules\n__pycache__\n*.pyc"}
                        value={props.dockerignore.clone()} oninput={on_ignore} />
                </div>
            }
        </section>
    }
}

//! The dialogs: Share (link, a self-sizing embed snippet, Markdown),
//! Settings (ignored rules, failure threshold, trusted registries) and
//! Export (findings as SARIF or JSON, the matching `.hadolint.yaml`).
//!
//! Each is a modal `<dialog>` ([`Modal`]): opened with `showModal`, so
//! focus moves into it and the page behind is inert; Escape, Done or a
//! click outside closes it, and focus returns to what opened it.

use std::rc::Rc;

use drydock_core::rules::RULES;
use drydock_core::{Config, Severity};
use drydock_formats::link::{self, LONG_LINK};
use drydock_formats::{hadolint_yaml, report};
use drydock_js::Checked;
use wasm_bindgen::JsCast;
use web_sys::{
    HtmlDialogElement, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement,
};
use yew::prelude::*;

use crate::components::docs::{use_rule_docs, Loaded, RuleDocs};
use crate::state::{Action, State, DEFAULT_THRESHOLD};
use crate::util::{base_url, copy_text, download};

#[derive(Properties, PartialEq)]
pub struct ModalProps {
    pub title: AttrValue,
    pub testid: AttrValue,
    pub dispatch: UseReducerDispatcher<State>,
    #[prop_or_default]
    pub children: Html,
}

/// A modal `<dialog>` with a title and a Done button.
#[function_component(Modal)]
pub fn modal(props: &ModalProps) -> Html {
    let dialog = use_node_ref();
    {
        let dialog = dialog.clone();
        use_effect_with((), move |_| {
            let opener = gloo::utils::document().active_element();
            if let Some(d) = dialog.cast::<HtmlDialogElement>() {
                if !d.open() {
                    let _ = d.show_modal();
                }
            }
            move || {
                if let Some(d) = dialog.cast::<HtmlDialogElement>() {
                    d.close();
                }
                if let Some(o) = opener.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
                    let _ = o.focus();
                }
            }
        });
    }
    let close = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::CloseDialog))
    };
    // Escape closes a modal dialog natively: the state follows.
    let on_close = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: Event| dispatch.dispatch(Action::CloseDialog))
    };
    // A click on the backdrop lands on the <dialog> itself.
    let on_click = {
        let dispatch = props.dispatch.clone();
        let dialog = dialog.clone();
        Callback::from(move |e: MouseEvent| {
            let on_backdrop = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .zip(dialog.cast::<web_sys::Element>())
                .is_some_and(|(t, d)| t == d);
            if on_backdrop {
                dispatch.dispatch(Action::CloseDialog);
            }
        })
    };
    html! {
        <dialog class="dialog" ref={dialog} aria-labelledby="dialog-title" data-testid={props.testid.clone()}
            onclose={on_close} onclick={on_click}>
            <div class="dialog-body">
                <h2 id="dialog-title">{props.title.clone()}</h2>
                { props.children.clone() }
                <div class="close-row"><button class="primary" onclick={close}>{"Done"}</button></div>
            </div>
        </dialog>
    }
}

#[derive(Properties, PartialEq)]
pub struct ShareProps {
    pub text: AttrValue,
    pub config: Rc<Config>,
    pub dockerignore: AttrValue,
    pub dispatch: UseReducerDispatcher<State>,
}

/// The link's fragment for a text, its settings and `.dockerignore`.
pub fn share_fragment(text: &str, config: &Config, dockerignore: &str) -> String {
    link::encode(text, config, Some(dockerignore).filter(|d| !d.is_empty()))
}

/// The snippet that embeds the playground holding a text: an iframe and
/// the script that sizes it (`docs/embedding.md`).
pub fn embed_snippet(base: &str, fragment: &str) -> String {
    let dir = base.rsplit_once('/').map_or(base, |(d, _)| d);
    format!(
        "<iframe src=\"{base}?embed#{fragment}\" title=\"Dockerfile checked by Drydock\" data-drydock-embed style=\"width:100%;height:360px;border:0\" loading=\"lazy\"></iframe>\n<script src=\"{dir}/embed.js\" async></script>"
    )
}

#[function_component(ShareDialog)]
pub fn share_dialog(props: &ShareProps) -> Html {
    let fragment = share_fragment(&props.text, &props.config, &props.dockerignore);
    let base = base_url();
    let url = link::url(&base, &fragment);
    let iframe = embed_snippet(&base, &fragment);
    let markdown = format!("[Dockerfile checked by Drydock]({url})");
    let length = url.chars().count();
    let copy = |text: String, done: &'static str| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| copy_text(&text, done, &dispatch))
    };
    html! {
        <Modal title="Share" testid="share-dialog" dispatch={props.dispatch.clone()}>
            <p class="hint">{"The link holds the whole Dockerfile, your settings and .dockerignore, compressed. No server keeps anything."}</p>
            <label for="share-url">{"Link"}</label>
            <div class="row">
                <input id="share-url" type="text" readonly=true data-testid="share-url" value={url.clone()} />
                <button onclick={copy(url.clone(), "Link copied to the clipboard.")}>{"Copy"}</button>
            </div>
            <p class={classes!("hint", (length > LONG_LINK).then_some("warn"))} data-testid="share-length">
                { format!("{length} characters.") }
                if length > LONG_LINK {
                    {format!(" Longer than {LONG_LINK}: some chat apps cut such links.")}
                }
            </p>
            <label for="share-iframe">{"Embed in a page"}</label>
            <div class="row">
                <textarea id="share-iframe" data-testid="share-iframe" readonly=true rows="4" value={iframe.clone()} />
                <button onclick={copy(iframe, "Snippet copied.")}>{"Copy"}</button>
            </div>
            <p class="hint">{"The script sizes the frame to what it shows. Add "}<code>{"&readonly"}</code>{" or "}<code>{"&tab=rewrite"}</code>{" after "}<code>{"?embed"}</code>{" to change what it offers."}</p>
            <label for="share-md">{"Markdown"}</label>
            <div class="row">
                <input id="share-md" data-testid="share-markdown" type="text" readonly=true value={markdown.clone()} />
                <button onclick={copy(markdown, "Markdown copied.")}>{"Copy"}</button>
            </div>
            <p class="hint">{"Tip: Ctrl+S (⌘S) copies the link at any time. From a terminal: "}<code>{"drydock share Dockerfile --base URL"}</code></p>
        </Modal>
    }
}

#[derive(Properties, PartialEq)]
pub struct SettingsProps {
    pub config: Rc<Config>,
    pub dispatch: UseReducerDispatcher<State>,
}

#[function_component(SettingsDialog)]
pub fn settings_dialog(props: &SettingsProps) -> Html {
    let dispatch = props.dispatch.clone();
    let threshold = props.config.failure_threshold.unwrap_or(DEFAULT_THRESHOLD);
    let on_threshold = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            // The default is left out of the settings (and of links).
            dispatch.dispatch(Action::SetThreshold(
                Severity::parse(&select.value()).filter(|s| *s != DEFAULT_THRESHOLD),
            ))
        })
    };
    let on_registries = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            dispatch.dispatch(Action::SetRegistries(area.value()))
        })
    };
    let add_ref = use_node_ref();
    let add = {
        let dispatch = dispatch.clone();
        let add_ref = add_ref.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(input) = add_ref.cast::<HtmlInputElement>() {
                dispatch.dispatch(Action::IgnoreEverywhere(input.value()));
                input.set_value("");
            }
        })
    };
    let add_on_enter = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                let input: HtmlInputElement = e.target_unchecked_into();
                dispatch.dispatch(Action::IgnoreEverywhere(input.value()));
                input.set_value("");
            }
        })
    };
    let option = |s: Severity, label: &'static str| {
        html! { <option value={s.as_str()} selected={threshold == s}>{label}</option> }
    };
    let reset = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::ResetSettings))
    };
    html! {
        <Modal title="Settings" testid="settings-dialog" dispatch={dispatch.clone()}>
            <p class="hint">{"The same settings as a .hadolint.yaml (Export writes one): they travel with share links."}</p>
            <label for="ignore-input">{"Ignored rules"}</label>
            if props.config.ignored.is_empty() {
                <p class="hint">{"None."}</p>
            } else {
                <ul class="chips" data-testid="ignored-rules">
                    { for props.config.ignored.iter().map(|code| {
                        let c = code.clone();
                        let dispatch = dispatch.clone();
                        html! {
                            <li>{code.clone()}
                                <button aria-label={format!("Stop ignoring {code}")}
                                    onclick={Callback::from(move |_| dispatch.dispatch(Action::Unignore(c.clone())))}>{"×"}</button>
                            </li>
                        }
                    }) }
                </ul>
            }
            <div class="row">
                <input id="ignore-input" type="text" list="rule-codes" placeholder="DL3007 or latest-tag"
                    ref={add_ref} onkeydown={add_on_enter} />
                <button onclick={add}>{"Ignore"}</button>
            </div>
            <datalist id="rule-codes">
                { for RULES.iter().map(|r| html! { <option value={r.code}>{r.name}</option> }) }
            </datalist>
            <label for="threshold">{"Failure threshold"}</label>
            <p class="hint" id="threshold-hint">{"CI fails when a finding is at least this severe."}</p>
            <select id="threshold" data-testid="threshold" aria-describedby="threshold-hint" onchange={on_threshold}>
                { option(Severity::Style, "Style: any finding fails") }
                { option(Severity::Info, "Info (default, as hadolint)") }
                { option(Severity::Warning, "Warning") }
                { option(Severity::Error, "Error") }
            </select>
            <label for="registries">{"Trusted registries"}</label>
            <p class="hint" id="registries-hint">{"One per line; empty trusts every registry (DL3026)."}</p>
            <textarea id="registries" rows="3" aria-describedby="registries-hint" onchange={on_registries}
                value={props.config.trusted_registries.join("\n")} />
            <div class="close-row">
                <button onclick={reset}>{"Reset to defaults"}</button>
            </div>
        </Modal>
    }
}

/// What the Export dialog writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Export {
    Sarif,
    Json,
    HadolintYaml,
}

impl Export {
    pub fn file_name(self) -> &'static str {
        match self {
            Export::Sarif => "drydock.sarif",
            Export::Json => "drydock.json",
            Export::HadolintYaml => ".hadolint.yaml",
        }
    }
}

/// The exported file's text: the same documents `drydock lint --format
/// sarif|json` prints (one implementation, `drydock-formats`), from the
/// findings already found (no second lint). The wasm has no rule docs:
/// SARIF's `help` comes from `docs` (rule-docs.json), when loaded.
pub fn export(what: Export, checked: &Checked, config: &Config, docs: Option<&RuleDocs>) -> String {
    match what {
        Export::Sarif | Export::Json => {
            let diagnostics = drydock_js::diagnostics(&checked.findings);
            let files = [report::FileFindings {
                path: "Dockerfile",
                diagnostics: &diagnostics,
            }];
            let doc = if what == Export::Sarif {
                let mut doc = report::sarif(&files);
                if let Some(docs) = docs {
                    with_help(&mut doc, docs);
                }
                doc
            } else {
                report::json(&files)
            };
            serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
        }
        Export::HadolintYaml => hadolint_yaml::write(config),
    }
}

/// Each SARIF rule's `help`, as `drydock lint --format sarif` writes it:
/// the rule's docs.
fn with_help(doc: &mut serde_json::Value, docs: &RuleDocs) {
    let rules = doc
        .pointer_mut("/runs/0/tool/driver/rules")
        .and_then(serde_json::Value::as_array_mut);
    for rule in rules.into_iter().flatten() {
        let text = rule
            .get("id")
            .and_then(serde_json::Value::as_str)
            .and_then(|code| docs.get(code))
            .map(|d| d.trim().to_string());
        if let (Some(text), Some(rule)) = (text, rule.as_object_mut()) {
            rule.insert(
                "help".to_string(),
                serde_json::json!({ "text": text, "markdown": text }),
            );
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct ExportProps {
    pub checked: Rc<Checked>,
    pub config: Rc<Config>,
    pub dispatch: UseReducerDispatcher<State>,
}

#[function_component(ExportDialog)]
pub fn export_dialog(props: &ExportProps) -> Html {
    // SARIF carries the rules' docs, fetched when the dialog opens.
    let loaded = use_rule_docs(true);
    let docs = match &loaded {
        Loaded::Docs(d) => Some(d.clone()),
        _ => None,
    };
    let row = |what: Export, title: &'static str, about: &'static str| {
        let (checked, config) = (props.checked.clone(), props.config.clone());
        let (checked2, config2) = (props.checked.clone(), props.config.clone());
        let (docs1, docs2) = (docs.clone(), docs.clone());
        let dispatch = props.dispatch.clone();
        // SARIF waits for the docs (without them if they cannot be loaded).
        let waiting = what == Export::Sarif && loaded == Loaded::Waiting;
        html! {
            <div class="export-row">
                <div>
                    <strong>{title}</strong>
                    <p class="hint">{about}</p>
                </div>
                <button data-testid={format!("export-{}", what.file_name().trim_start_matches('.'))} disabled={waiting}
                    onclick={Callback::from(move |_| download(what.file_name(), &export(what, &checked, &config, docs1.as_ref())))}>
                    {format!("Download {}", what.file_name())}</button>
                <button aria-label={format!("Copy {}", what.file_name())} disabled={waiting}
                    onclick={Callback::from(move |_| copy_text(&export(what, &checked2, &config2, docs2.as_ref()), "Copied.", &dispatch))}>{"Copy"}</button>
            </div>
        }
    };
    html! {
        <Modal title="Export" testid="export-dialog" dispatch={props.dispatch.clone()}>
            <p class="hint">{"Written here in your browser: the same files "}<code>{"drydock lint --format sarif|json"}</code>{" writes."}</p>
            { row(Export::Sarif, "Findings as SARIF 2.1.0", "For code scanning dashboards (GitHub, GitLab, Azure DevOps).") }
            { row(Export::Json, "Findings as JSON", "One object per finding: file, code, line, column, severity, message.") }
            { row(Export::HadolintYaml, ".hadolint.yaml", "These settings, for CI: save it as .hadolint.yaml beside the Dockerfile; drydock lint and hadolint both read it.") }
            <pre class="code" data-testid="hadolint-yaml" tabindex="0" aria-label=".hadolint.yaml for these settings"><code>{hadolint_yaml::write(&props.config)}</code></pre>
        </Modal>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sarif_help_comes_from_the_fetched_docs() {
        let checked = drydock_js::check("FROM ubuntu:latest\n", &drydock_js::Options::default());
        let docs: RuleDocs = Rc::new([("DL3007".to_string(), "\nThe docs.\n".to_string())].into());
        let sarif = export(Export::Sarif, &checked, &Config::default(), Some(&docs));
        let doc: serde_json::Value = serde_json::from_str(&sarif).unwrap();
        let rules = doc.pointer("/runs/0/tool/driver/rules").unwrap();
        let rule = rules
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == "DL3007")
            .unwrap();
        assert_eq!(
            rule["help"],
            serde_json::json!({ "text": "The docs.", "markdown": "The docs." })
        );
    }

    #[test]
    fn the_snippet_loads_the_sizing_script_beside_the_page() {
        let s = embed_snippet("https://example.org/drydock/", "code=abc");
        assert!(
            s.starts_with("<iframe src=\"https://example.org/drydock/?embed#code=abc\""),
            "{s}"
        );
        assert!(
            s.contains("<script src=\"https://example.org/drydock/embed.js\" async></script>"),
            "{s}"
        );
        let s = embed_snippet("https://example.org/drydock/index.html", "code=abc");
        assert!(
            s.contains("src=\"https://example.org/drydock/embed.js\""),
            "{s}"
        );
    }
}

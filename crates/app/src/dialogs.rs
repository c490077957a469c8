//! The dialogs: Share (link, iframe snippet, Markdown), Settings (ignored
//! rules, failure threshold, trusted registries) and Export (findings as
//! SARIF or JSON, the matching `.hadolint.yaml`).

use drydock_core::rules::RULES;
use drydock_core::{lint_with, Inputs, Severity};
use drydock_formats::link::LONG_LINK;
use drydock_formats::{hadolint_yaml, report};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::app::{base_url, App, Dialog, Msg, DEFAULT_THRESHOLD};

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

impl App {
    /// The exported file's text: the same documents `drydock lint
    /// --format sarif|json` prints (one implementation, `drydock-formats`).
    pub(crate) fn export(&self, what: Export) -> String {
        let findings = || {
            let inputs = Inputs {
                dockerignore: self.project_dockerignore(),
            };
            lint_with(&self.text, &self.config, &inputs)
        };
        match what {
            Export::Sarif | Export::Json => {
                let diagnostics = findings();
                let files = [report::FileFindings {
                    path: "Dockerfile",
                    diagnostics: &diagnostics,
                }];
                let doc = if what == Export::Sarif {
                    report::sarif(&files)
                } else {
                    report::json(&files)
                };
                serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
            }
            Export::HadolintYaml => hadolint_yaml::write(&self.config),
        }
    }

    pub(crate) fn view_dialog(&self, ctx: &Context<Self>) -> Html {
        let Some(dialog) = self.dialog else {
            return html! {};
        };
        let link = ctx.link();
        let close = link.callback(|_| Msg::CloseDialog);
        let stop = Callback::from(|e: MouseEvent| e.stop_propagation());
        let content = match dialog {
            Dialog::Share => self.view_share(ctx),
            Dialog::Settings => self.view_settings(ctx),
            Dialog::Export => self.view_export(ctx),
        };
        html! {
            <div class="overlay" onclick={close.clone()}>
                <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="dialog-title" onclick={stop}>
                    { content }
                    <div class="close-row"><button class="primary" onclick={close}>{"Done"}</button></div>
                </div>
            </div>
        }
    }

    fn view_share(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let fragment = self.share_fragment();
        let url = self.share_url();
        let iframe = format!(
            "<iframe src=\"{}?embed#{}\" title=\"Dockerfile checked by Drydock\" width=\"100%\" height=\"480\" style=\"border:0\"></iframe>",
            base_url(),
            fragment
        );
        let markdown = format!("[Dockerfile checked by Drydock]({url})");
        let length = url.chars().count();
        let copy = |text: String, done: &'static str| {
            link.callback(move |_| Msg::Copy(text.clone(), done))
        };
        html! {
            <>
                <h2 id="dialog-title">{"Share"}</h2>
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
                <label for="share-iframe">{"Embed (iframe)"}</label>
                <div class="row">
                    <textarea id="share-iframe" data-testid="share-iframe" readonly=true rows="3" value={iframe.clone()} />
                    <button onclick={copy(iframe, "Snippet copied.")}>{"Copy"}</button>
                </div>
                <label for="share-md">{"Markdown"}</label>
                <div class="row">
                    <input id="share-md" data-testid="share-markdown" type="text" readonly=true value={markdown.clone()} />
                    <button onclick={copy(markdown, "Markdown copied.")}>{"Copy"}</button>
                </div>
                <p class="hint">{"Tip: Ctrl+S (⌘S) copies the link at any time. From a terminal: "}<code>{"drydock share Dockerfile --base URL"}</code></p>
            </>
        }
    }

    fn view_settings(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let threshold = self.threshold();
        let on_threshold = link.callback(|e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            // The default is left out of the settings (and of links).
            Msg::SetThreshold(Severity::parse(&select.value()).filter(|s| *s != DEFAULT_THRESHOLD))
        });
        let on_registries = link.callback(|e: Event| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            Msg::SetRegistries(area.value())
        });
        let add_ref = NodeRef::default();
        let add = {
            let add_ref = add_ref.clone();
            link.batch_callback(move |_: MouseEvent| {
                let input = add_ref.cast::<HtmlInputElement>()?;
                let value = input.value();
                input.set_value("");
                Some(Msg::AddIgnored(value))
            })
        };
        let add_on_enter = link.batch_callback(|e: KeyboardEvent| {
            if e.key() != "Enter" {
                return None;
            }
            let input: HtmlInputElement = e.target_unchecked_into();
            let value = input.value();
            input.set_value("");
            Some(Msg::AddIgnored(value))
        });
        let option = |s: Severity, label: &'static str| {
            html! { <option value={s.as_str()} selected={threshold == s}>{label}</option> }
        };
        html! {
            <>
                <h2 id="dialog-title">{"Settings"}</h2>
                <p class="hint">{"The same settings as a .hadolint.yaml (Export writes one): they travel with share links."}</p>
                <label for="ignore-input">{"Ignored rules"}</label>
                if self.config.ignored.is_empty() {
                    <p class="hint">{"None."}</p>
                } else {
                    <ul class="chips" data-testid="ignored-rules">
                        { for self.config.ignored.iter().map(|code| {
                            let c = code.clone();
                            html! {
                                <li>{code.clone()}
                                    <button aria-label={format!("Stop ignoring {code}")}
                                        onclick={link.callback(move |_| Msg::Unignore(c.clone()))}>{"×"}</button>
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
                <p class="hint">{"CI fails when a finding is at least this severe."}</p>
                <select id="threshold" data-testid="threshold" onchange={on_threshold}>
                    { option(Severity::Style, "Style: any finding fails") }
                    { option(Severity::Info, "Info (default, as hadolint)") }
                    { option(Severity::Warning, "Warning") }
                    { option(Severity::Error, "Error") }
                </select>
                <label for="registries">{"Trusted registries"}</label>
                <p class="hint">{"One per line; empty trusts every registry (DL3026)."}</p>
                <textarea id="registries" rows="3" onchange={on_registries}
                    value={self.config.trusted_registries.join("\n")} />
                <div class="close-row">
                    <button onclick={link.callback(|_| Msg::ResetSettings)}>{"Reset to defaults"}</button>
                </div>
            </>
        }
    }

    fn view_export(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let row = |what: Export, title: &'static str, about: &'static str| {
            html! {
                <div class="export-row">
                    <div>
                        <strong>{title}</strong>
                        <p class="hint">{about}</p>
                    </div>
                    <button data-testid={format!("export-{}", what.file_name().trim_start_matches('.'))}
                        onclick={link.callback(move |_| Msg::Export(what, false))}>{format!("Download {}", what.file_name())}</button>
                    <button onclick={link.callback(move |_| Msg::Export(what, true))}>{"Copy"}</button>
                </div>
            }
        };
        html! {
            <>
                <h2 id="dialog-title">{"Export"}</h2>
                <p class="hint">{"Written here in your browser: the same files "}<code>{"drydock lint --format sarif|json"}</code>{" writes."}</p>
                { row(Export::Sarif, "Findings as SARIF 2.1.0", "For code scanning dashboards (GitHub, GitLab, Azure DevOps).") }
                { row(Export::Json, "Findings as JSON", "One object per finding: file, code, line, column, severity, message.") }
                { row(Export::HadolintYaml, ".hadolint.yaml", "These settings, for CI: save it as .hadolint.yaml beside the Dockerfile; drydock lint and hadolint both read it.") }
                <pre class="code" data-testid="hadolint-yaml"><code>{self.export(Export::HadolintYaml)}</code></pre>
            </>
        }
    }
}

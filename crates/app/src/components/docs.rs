//! Rule documentation inside the app: `#rules` lists every rule,
//! `#rule/CODE` shows one, from the core's metadata (the same text as
//! `drydock explain CODE`).
//!
//! The wasm is built without the rules' docs (the core's `docs` feature,
//! about 49 KB gzipped): the first rule page opened fetches them all from
//! `rule-docs.json` (written beside the wasm at build time, same origin as
//! the page's CSP asks), and they are kept for the rest of the visit.

use std::collections::HashMap;
use std::rc::Rc;

use drydock_core::rules::{self, impact, Rule, RULES};
use yew::prelude::*;

use crate::markdown;
use crate::state::Route;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub route: Route,
}

/// Every rule's markdown docs, by code.
pub type RuleDocs = Rc<HashMap<String, String>>;

/// The rules' docs: not asked for yet or on their way, loaded, or failed.
#[derive(Clone, PartialEq)]
pub enum Loaded {
    Waiting,
    Docs(RuleDocs),
    Failed(String),
}

const DOCS_URL: &str = "./rule-docs.json";

thread_local! {
    /// Fetched once a visit: later rule pages (and offline) use this.
    static CACHE: std::cell::RefCell<Option<RuleDocs>> = const { std::cell::RefCell::new(None) };
}

async fn fetch_docs() -> Result<HashMap<String, String>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let text = crate::util::fetch_text(DOCS_URL, window.fetch_with_str(DOCS_URL)).await?;
    serde_json::from_str(&text).map_err(|e| format!("{DOCS_URL}: {e}"))
}

/// The rules' docs, fetched when `wanted` first becomes true.
#[hook]
pub fn use_rule_docs(wanted: bool) -> Loaded {
    let loaded = use_state(|| match CACHE.with(|c| c.borrow().clone()) {
        Some(docs) => Loaded::Docs(docs),
        None => Loaded::Waiting,
    });
    {
        let loaded = loaded.clone();
        use_effect_with(wanted, move |&wanted| {
            if wanted && *loaded == Loaded::Waiting {
                wasm_bindgen_futures::spawn_local(async move {
                    loaded.set(match fetch_docs().await {
                        Ok(docs) => {
                            let docs = Rc::new(docs);
                            CACHE.with(|c| *c.borrow_mut() = Some(docs.clone()));
                            Loaded::Docs(docs)
                        }
                        Err(e) => Loaded::Failed(e),
                    });
                });
            }
        });
    }
    (*loaded).clone()
}

#[function_component(Docs)]
pub fn docs(props: &Props) -> Html {
    let loaded = use_rule_docs(matches!(props.route, Route::Rule(_)));
    match &props.route {
        Route::Main => html! {},
        Route::Rules => html! {
            <main class="docs" aria-labelledby="docs-title">
                <p><a href="#">{"← Back to the editor"}</a></p>
                <h2 id="docs-title">{format!("Rules ({})", RULES.len())}</h2>
                <p>{"Problems are listed by what they cost: security, then a build that breaks, image size, rebuild time, behaviour at run time, and style ("}
                    <a href="#rule/DD002">{"the articles' points"}</a>{" lead after the first two)."}</p>
                <table class="rule-table">
                    <thead><tr><th scope="col">{"Code"}</th><th scope="col">{"Name"}</th><th scope="col">{"Impact"}</th><th scope="col">{"What it reports"}</th></tr></thead>
                    <tbody>
                        { for RULES.iter().map(|r| {
                            let impact = impact::impact(r.code).unwrap_or(impact::Impact::Runtime);
                            html! {
                                <tr>
                                    <td><a class="code-link" href={format!("#rule/{}", r.code)}>{r.code}</a></td>
                                    <td class="rule-name">{r.name}</td>
                                    <td><span class={classes!("impact", impact.as_str())}>{impact.label()}</span></td>
                                    <td>{r.summary}</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </main>
        },
        Route::Rule(code) => match rules::find(code) {
            Some(rule) => view_rule(rule, &loaded),
            None => html! {
                <main class="docs" aria-labelledby="docs-title">
                    <p><a href="#">{"← Back to the editor"}</a></p>
                    <h2 id="docs-title">{"Unknown rule"}</h2>
                    <p>{format!("Drydock has no rule called “{code}”. ")}<a href="#rules">{"See every rule."}</a></p>
                </main>
            },
        },
    }
}

fn view_rule(rule: &'static Rule, loaded: &Loaded) -> Html {
    let fix = match rule.fix {
        rules::FixAvailability::Never => "no automatic fix",
        rules::FixAvailability::Sometimes => "sometimes fixable",
        rules::FixAvailability::Always => "fixable",
    };
    let impact = impact::impact(rule.code).unwrap_or(impact::Impact::Runtime);
    html! {
        <main class="docs" aria-labelledby="docs-title" data-testid="rule-docs">
            <p><a href="#">{"← Back to the editor"}</a>{" · "}<a href="#rules">{"All rules"}</a></p>
            <h2 id="docs-title"><code>{rule.code}</code>{" "}{rule.name}</h2>
            <p class="meta">
                <span class={classes!("impact", impact.as_str())}>{impact.label()}</span>
                {format!(" · {} in hadolint's terms · from {} · {fix}", rule.severity.as_str(), source_label(rule.source))}
            </p>
            <p><strong>{rule.summary}</strong></p>
            { match loaded {
                Loaded::Docs(docs) => match docs.get(rule.code) {
                    Some(text) => html! { <div data-testid="rule-docs-body">{ markdown::render(text, 1) }</div> },
                    None => html! { <p role="alert">{format!("No docs were found for {}.", rule.code)}</p> },
                },
                Loaded::Waiting => html! { <p class="docs-loading" aria-live="polite">{"Loading the rule’s docs…"}</p> },
                Loaded::Failed(e) => html! {
                    <p role="alert">{format!("The docs could not be loaded ({e}). `drydock explain {}` prints them too.", rule.code)}</p>
                },
            } }
        </main>
    }
}

fn source_label(source: rules::Source) -> &'static str {
    match source {
        rules::Source::Hadolint => "hadolint",
        rules::Source::Buildkit => "Docker BuildKit's checks",
        rules::Source::Drydock => "Drydock",
    }
}

//! Rule documentation inside the app: `#rules` lists every rule,
//! `#rule/CODE` shows one, from the core's metadata (the same text as
//! `drydock explain CODE`).

use drydock_core::rules::{self, Rule, RULES};
use yew::prelude::*;

use crate::app::{App, Route};
use crate::markdown;

impl App {
    pub(crate) fn view_docs(&self) -> Html {
        match &self.route {
            Route::Main => html! {},
            Route::Rules => html! {
                <article class="docs" aria-labelledby="docs-title">
                    <p><a href="#">{"← Back to the editor"}</a></p>
                    <h2 id="docs-title">{format!("Rules ({})", RULES.len())}</h2>
                    <table class="rule-table">
                        <thead><tr><th>{"Code"}</th><th>{"Name"}</th><th>{"Severity"}</th><th>{"What it reports"}</th></tr></thead>
                        <tbody>
                            { for RULES.iter().map(|r| html! {
                                <tr>
                                    <td><a class="code-link" href={format!("#rule/{}", r.code)}>{r.code}</a></td>
                                    <td>{r.name}</td>
                                    <td><span class={classes!("badge", r.severity.as_str())}>{r.severity.as_str()}</span></td>
                                    <td>{r.summary}</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </article>
            },
            Route::Rule(code) => match rules::find(code) {
                Some(rule) => view_rule(rule),
                None => html! {
                    <article class="docs" aria-labelledby="docs-title">
                        <p><a href="#">{"← Back to the editor"}</a></p>
                        <h2 id="docs-title">{"Unknown rule"}</h2>
                        <p>{format!("Drydock has no rule called “{code}”. ")}<a href="#rules">{"See every rule."}</a></p>
                    </article>
                },
            },
        }
    }
}

fn view_rule(rule: &'static Rule) -> Html {
    let fix = match rule.fix {
        rules::FixAvailability::Never => "no automatic fix",
        rules::FixAvailability::Sometimes => "sometimes fixable",
        rules::FixAvailability::Always => "fixable",
    };
    html! {
        <article class="docs" aria-labelledby="docs-title" data-testid="rule-docs">
            <p><a href="#">{"← Back to the editor"}</a>{" · "}<a href="#rules">{"All rules"}</a></p>
            <h2 id="docs-title"><code>{rule.code}</code>{" "}{rule.name}</h2>
            <p class="meta">
                <span class={classes!("badge", rule.severity.as_str())}>{rule.severity.as_str()}</span>
                {format!(" · from {} · {fix}", source_label(rule.source))}
            </p>
            <p><strong>{rule.summary}</strong></p>
            { markdown::render(rule.docs, 1) }
        </article>
    }
}

fn source_label(source: rules::Source) -> &'static str {
    match source {
        rules::Source::Hadolint => "hadolint",
        rules::Source::Buildkit => "Docker BuildKit's checks",
        rules::Source::Drydock => "Drydock",
    }
}

//! Rule documentation inside the app: `#rules` lists every rule,
//! `#rule/CODE` shows one, from the core's metadata (the same text as
//! `drydock explain CODE`).

use drydock_core::rules::{self, impact, Rule, RULES};
use yew::prelude::*;

use crate::markdown;
use crate::state::Route;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub route: Route,
}

#[function_component(Docs)]
pub fn docs(props: &Props) -> Html {
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
            Some(rule) => view_rule(rule),
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

fn view_rule(rule: &'static Rule) -> Html {
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
            { markdown::render(rule.docs, 1) }
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

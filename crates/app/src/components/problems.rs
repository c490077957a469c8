//! The Problems tab: what the text is (an example, or nothing yet), one
//! vocabulary of counts, and one short card per problem, most costly first
//! (`drydock_core::rules::impact`); info and style folded behind a count.
//!
//! A card lists every code that reports its problem, says the message, and
//! offers the fix: safe and suggested fixes ticked, risky ones unticked
//! with their risk in one line. When a ticked fix is not in the rewrite
//! the card says why (so unticking it would change nothing).

use std::collections::BTreeSet;
use std::rc::Rc;

use drydock_core::fix::SuggestionId;
use drydock_core::rules::{self, impact::Impact};
use drydock_core::{LineIndex, Severity};
use drydock_js::{Checked, Finding, Problem, Rewrite};
use yew::prelude::*;

use crate::bridge::Editor;
use crate::examples::EXAMPLES;
use crate::state::{Action, State};

/// Cards of one rule shown before the rest of them fold away.
const SHOWN: usize = 3;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub checked: Rc<Checked>,
    /// The text `checked` is of.
    pub text: AttrValue,
    pub rewrite: Rc<Rewrite>,
    /// The rewrite is of `text` (not of an older text).
    pub rewrite_current: bool,
    pub rejected: Rc<BTreeSet<SuggestionId>>,
    pub accepted: Rc<BTreeSet<SuggestionId>>,
    /// The example the editor holds, untouched.
    pub example: Option<usize>,
    pub threshold: Severity,
    pub show_ci: bool,
    pub readonly: bool,
    /// Folded groups the user opened.
    pub unfolded: Rc<BTreeSet<String>>,
    pub dispatch: UseReducerDispatcher<State>,
    pub on_example: Callback<usize>,
}

#[function_component(Problems)]
pub fn problems(props: &Props) -> Html {
    let checked = &props.checked;
    let editor = use_context::<Editor>();
    let blank = props.text.trim().is_empty();
    let intro = match props.example {
        Some(i) => html! {
            <p class="intro" data-testid="intro" data-example={i.to_string()}>
                <strong>{format!("Example: {}.", EXAMPLES[i].about)}</strong>
                {" Paste your own Dockerfile into the editor, or pick another example."}
            </p>
        },
        None => html! {},
    };
    if blank {
        let pick = |i: usize| {
            let cb = props.on_example.clone();
            html! {
                <li><button data-testid="empty-example" onclick={Callback::from(move |_| cb.emit(i))}>
                    {EXAMPLES[i].name}</button></li>
            }
        };
        return html! {
            <div class="empty-state" data-testid="empty-state">
                <p><strong>{"Paste a Dockerfile into the editor"}</strong>{" to see what to improve, ranked by what it costs you, and a rewrite you can copy. Nothing leaves this page."}</p>
                <p>{"Or start from an example:"}</p>
                <ul class="example-list">{ for [0, 10, 3, 8].into_iter().map(pick) }</ul>
            </div>
        };
    }
    let problems = &checked.problems;
    let fixable = problems
        .iter()
        .filter(|p| p.fix.as_ref().is_some_and(|f| f.has_edit))
        .count();
    let (major, minor): (Vec<&Problem>, Vec<&Problem>) = problems.iter().partition(|p| !p.minor);
    let summary = match problems.len() {
        0 => "No problems found: this Dockerfile follows every rule Drydock checks.".to_string(),
        n => format!(
            "{n} {}, {fixable} of them fixable: tick or untick each fix; the Rewrite tab applies them.",
            if n == 1 { "problem" } else { "problems" }
        ),
    };
    let failing = checked
        .findings
        .iter()
        .filter(|f| f.severity >= props.threshold)
        .count();
    let ci = {
        let dispatch = props.dispatch.clone();
        let on = !props.show_ci;
        Callback::from(move |_| dispatch.dispatch(Action::ShowCi(on)))
    };
    // Folded cards are made only once unfolded: a long file's hundreds of
    // problems cost nothing until asked for.
    let unfolded = &props.unfolded;
    let on_toggle = |key: String| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let details: web_sys::HtmlDetailsElement = e.target_unchecked_into();
            dispatch.dispatch(Action::Unfold(key.clone(), details.open()));
        })
    };
    let cards = |list: &[&Problem], scope: &str| -> Html {
        group_by_code(list)
            .into_iter()
            .map(|group| {
                let (shown, folded) = group.split_at(group.len().min(SHOWN));
                let key = format!("{scope}:{}", group[0].codes.first().map_or("", String::as_str));
                let open = unfolded.contains(&key);
                html! {
                    <>
                        { for shown.iter().map(|p| card(props, p, &editor)) }
                        if !folded.is_empty() {
                            <li class="more-cards">
                                <details open={open} ontoggle={on_toggle(key.clone())}>
                                    <summary>{format!("{} more like this ({})", folded.len(), folded[0].codes.join(", "))}</summary>
                                    if open {
                                        <ul class="cards">{ for folded.iter().map(|p| card(props, p, &editor)) }</ul>
                                    } else {
                                        { markers_of(props, folded) }
                                    }
                                </details>
                            </li>
                        }
                    </>
                }
            })
            .collect()
    };
    let minor_open = unfolded.contains("minor");
    html! {
        <>
            { intro }
            <div class="summary">
                <p class="counts" data-testid="counts" aria-live="polite">{summary}</p>
                <button class="link ci-toggle" aria-pressed={props.show_ci.to_string()}
                    onclick={ci}>{"CI verdict"}</button>
            </div>
            if props.show_ci {
                <p class="ci" id="ci-status" data-testid="ci-status">
                    { if failing == 0 {
                        format!("drydock lint (and hadolint) would exit 0: no finding at {} or above, the failure threshold.", props.threshold)
                    } else {
                        format!("drydock lint (and hadolint) would exit 1: {failing} {} at {} or above, the failure threshold (Settings).",
                            if failing == 1 { "finding" } else { "findings" }, props.threshold)
                    } }
                </p>
            }
            <ul class="cards" data-testid="cards">{ cards(&major, "major") }</ul>
            if !minor.is_empty() {
                <details class="minor" data-testid="minor" open={minor_open} ontoggle={on_toggle("minor".to_string())}>
                    <summary>{format!("{} minor ({}): info and style", minor.len(),
                        if minor.len() == 1 { "problem" } else { "problems" })}</summary>
                    if minor_open {
                        <ul class="cards">{ cards(&minor, "minor") }</ul>
                    } else {
                        { markers_of(props, &minor) }
                    }
                </details>
            }
        </>
    }
}

/// The findings of folded cards, as the cards would mark them (hidden):
/// every finding is in the page, for tests and tools.
fn markers_of(props: &Props, list: &[&Problem]) -> Html {
    list.iter()
        .flat_map(|p| p.findings.iter())
        .filter_map(|&i| props.checked.findings.get(i))
        .map(|f| html! { <span hidden=true data-testid="diagnostic" data-code={f.code.clone()} data-line={f.line.to_string()} /> })
        .collect()
}

/// Problems of the same first code together, in the order each code first
/// appears.
fn group_by_code<'a>(list: &[&'a Problem]) -> Vec<Vec<&'a Problem>> {
    let mut groups: Vec<Vec<&Problem>> = Vec::new();
    for p in list {
        match groups
            .iter_mut()
            .find(|g| g[0].codes.first() == p.codes.first())
        {
            Some(g) => g.push(p),
            None => groups.push(vec![p]),
        }
    }
    groups
}

/// What a fix's skip reason means for the person reading the card.
fn reason_text(reason: &str) -> &'static str {
    match reason {
        "breaks_syntax" => "it would break the file's syntax",
        "loses_command" => "it would lose a command",
        "adds_findings" => "it would add a finding that no other fix removes",
        "invalid_edits" => "its edits overlap",
        "unchecked" => "this file's fixes interfere, and finding which one would take too long",
        "not_safe" => "only safe fixes are applied",
        "not_selected" => "it was not selected",
        _ => "the engine left it out",
    }
}

fn impact_of(p: &Problem) -> Impact {
    Impact::ALL
        .into_iter()
        .find(|i| i.as_str() == p.impact)
        .unwrap_or(Impact::Runtime)
}

fn card(props: &Props, p: &Problem, editor: &Option<Editor>) -> Html {
    let impact = impact_of(p);
    let first: Option<&Finding> = p
        .findings
        .first()
        .and_then(|&i| props.checked.findings.get(i));
    let reveal = first.map(|f| {
        let (from, to) = (f.from, f.to);
        let editor = editor.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(editor) = &editor {
                editor.reveal(from, to);
            }
        })
    });
    let fix = match &p.fix {
        Some(fix) if fix.has_edit => {
            let risky = fix.applicability == "manual";
            let on = if risky {
                p.ids.iter().any(|id| props.accepted.contains(id))
            } else {
                !p.ids.iter().any(|id| props.rejected.contains(id))
            };
            let skipped = props
                .rewrite
                .skipped
                .iter()
                .find(|s| p.ids.contains(&s.id))
                .and_then(|s| s.reason.clone());
            let applied = props.rewrite.applied.iter().any(|a| p.ids.contains(&a.id));
            // Ticked but not in the rewrite: unticking would change
            // nothing, so say why.
            let not_applied = (props.rewrite_current && on && !applied)
                .then(|| skipped.clone())
                .flatten()
                .filter(|r| r != "rejected" && r != "risky" && r != "manual");
            let id = p.id.clone();
            let dispatch = props.dispatch.clone();
            let toggle = Callback::from(move |e: Event| {
                let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                dispatch.dispatch(Action::Choose {
                    id: id.clone(),
                    on: input.checked(),
                    risky,
                });
            });
            let kind = match fix.applicability.as_str() {
                "safe" => "safe: the image stays the same",
                "suggested" => "suggested: changes the image on purpose",
                _ => "risky: off unless you tick it",
            };
            html! {
                <>
                    <label class={classes!("fix", "toggle", risky.then_some("risky"))}>
                        <input type="checkbox" data-testid="fix-toggle" checked={on}
                            disabled={not_applied.is_some()} onchange={toggle} />
                        <span>{inline_code(&fix.message)}{" "}<span class="hint">{format!("({kind})")}</span></span>
                    </label>
                    if let Some(risk) = &fix.risk {
                        <p class={classes!("risk", risky.then_some("warn"))} data-testid="risk">
                            {if risky { "Risk: " } else { "Check: " }}{inline_code(risk)}</p>
                    }
                    if let Some(reason) = not_applied {
                        <p class="status" data-testid="fix-status" data-reason={reason.clone()}>
                            {format!("Not in the rewrite: {}.", reason_text(&reason))}</p>
                    }
                </>
            }
        }
        Some(fix) => html! {
            <p class="fix advice"><span class="label">{"How to fix: "}</span>{inline_code(&fix.message)}</p>
        },
        None => html! {},
    };
    let ignore_here = first.filter(|_| !props.readonly).map(|f| {
        let editor = editor.clone();
        let text = props.text.clone();
        let codes = p.codes.join(",");
        let line = f.line;
        Callback::from(move |_: MouseEvent| {
            let Some(editor) = &editor else { return };
            let index = LineIndex::new(&text);
            let start = index.line_start(line);
            let indent: String = text[start..]
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .collect();
            // hadolint drops a whole list with a name it cannot read (a
            // BuildKit check): those are spelled `drydock`.
            let tool = if codes.split(',').all(drydock_core::pragma::is_hadolint_code) {
                "hadolint"
            } else {
                "drydock"
            };
            let comment = format!("{indent}# {tool} ignore={codes} # reason: ");
            let at = index.utf16_offset(&text, start) as u32;
            let cursor = comment.encode_utf16().count() as u32;
            editor.with(|v| crate::bridge::insert_at(v, at, &format!("{comment}\n"), cursor));
        })
    });
    let ignore_everywhere = {
        let dispatch = props.dispatch.clone();
        let codes = p.codes.clone();
        Callback::from(move |_: MouseEvent| {
            for c in &codes {
                dispatch.dispatch(Action::IgnoreEverywhere(c.clone()));
            }
            dispatch.dispatch(Action::Toast(
                format!(
                    "{} now ignored everywhere (see Settings).",
                    codes.join(", ")
                )
                .into(),
            ));
        })
    };
    // The card's findings: the first of each code shown as a link.
    let mut markers: Vec<(&Finding, bool)> = Vec::new();
    for f in p
        .findings
        .iter()
        .filter_map(|&i| props.checked.findings.get(i))
    {
        let shown = !markers.iter().any(|(m, s)| *s && m.code == f.code);
        markers.push((f, shown));
    }
    let lines = match first {
        Some(f) if f.end_line > f.line => format!("lines {}–{}", f.line, f.end_line),
        _ => format!("line {}", p.line),
    };
    html! {
        <li class={classes!("card", impact.as_str(), p.minor.then_some("minor"))} data-testid="problem"
            data-id={p.id.to_string()} data-codes={p.codes.join(" ")} data-line={p.line.to_string()}
            data-impact={impact.as_str()}>
            <div class="card-head">
                <span class={classes!("impact", impact.as_str())}>{impact.label()}</span>
                if let Some(reveal) = reveal {
                    <button class="where" onclick={reveal} aria-label={format!("Show {lines} in the editor")}>{lines.clone()}</button>
                }
                <span class="codes">
                    // One link per code; each finding the card stands for
                    // carries its code and line (for tests and tools).
                    { for markers.iter().map(|(f, shown)| if *shown {
                        html! { <a class="code-link" href={format!("#rule/{}", f.code)} data-testid="diagnostic"
                            data-code={f.code.clone()} data-line={f.line.to_string()}>{f.code.clone()}</a> }
                    } else {
                        html! { <span hidden=true data-testid="diagnostic" data-code={f.code.clone()} data-line={f.line.to_string()} /> }
                    }) }
                </span>
            </div>
            <p class="message">{inline_code(&p.message)}</p>
            { fix }
            <details class="why">
                <summary>{"Why, and other choices"}</summary>
                { for p.codes.iter().filter_map(|c| rules::find(c)).map(|r| html! {
                    <p class="why-text"><a href={format!("#rule/{}", r.code)}>{r.code}</a>{" "}{r.name}{": "}{inline_code(r.summary)}
                        {format!(" (hadolint severity: {})", severity_of(props, p, r.code))}</p>
                }) }
                <div class="actions">
                    if let Some(ignore_here) = ignore_here {
                        <button class="small" onclick={ignore_here}
                            title="Add a `# hadolint ignore` comment above this instruction">{"Ignore here"}</button>
                    }
                    <button class="small" onclick={ignore_everywhere}
                        title="Add this rule to the ignored rules in Settings">{"Ignore everywhere"}</button>
                </div>
            </details>
        </li>
    }
}

fn severity_of(props: &Props, p: &Problem, code: &str) -> Severity {
    p.findings
        .iter()
        .filter_map(|&i| props.checked.findings.get(i))
        .find(|f| f.code == code)
        .map_or(p.severity, |f| f.severity)
}

/// A message with its `backticked` parts as code (text nodes only).
pub fn inline_code(message: &str) -> Html {
    if message.matches('`').count() < 2 {
        return html! { {message.to_string()} };
    }
    let parts: Vec<&str> = message.split('`').collect();
    let last = parts.len() - 1;
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            // An odd part is inside backticks, unless it is the unmatched tail.
            if i % 2 == 1 && !(i == last && last % 2 == 1) {
                html! { <code>{part.to_string()}</code> }
            } else if i % 2 == 1 {
                html! { {format!("`{part}")} }
            } else {
                html! { {part.to_string()} }
            }
        })
        .collect()
}

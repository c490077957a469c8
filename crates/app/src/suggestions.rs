//! The Suggestions tab: findings grouped by severity, then by rule, so a
//! file with dozens of findings stays readable: one card per rule with its
//! explanation once, and its occurrences listed inside (beyond a few, they
//! fold away under "N more").

use drydock_core::rules;
use drydock_core::Severity;
use yew::prelude::*;

use crate::app::{App, Msg};
use crate::engine::Finding;

/// Occurrences of one rule shown before the rest fold away.
const SHOWN: usize = 4;

fn group_label(s: Severity) -> &'static str {
    match s {
        Severity::Error => "Errors",
        Severity::Warning => "Warnings",
        Severity::Info => "Info",
        Severity::Style => "Style",
    }
}

fn count_label(s: Severity, n: usize) -> &'static str {
    match (s, n) {
        (Severity::Error, 1) => "error",
        (Severity::Warning, 1) => "warning",
        (Severity::Error, _) => "errors",
        (Severity::Warning, _) => "warnings",
        (Severity::Info, _) => "info",
        (Severity::Style, _) => "style",
    }
}

/// The findings of one rule (indices into the analysis' findings).
struct RuleGroup<'a> {
    code: &'a str,
    items: Vec<(usize, &'a Finding)>,
}

impl App {
    pub(crate) fn view_findings(&self, ctx: &Context<Self>) -> Html {
        let findings = &self.analysis.findings;
        if findings.is_empty() {
            return html! { <p class="empty">{"No findings. This Dockerfile follows every rule Drydock checks."}</p> };
        }
        let counts: Vec<(Severity, usize)> = Severity::ALL
            .iter()
            .map(|&s| (s, findings.iter().filter(|f| f.severity == s).count()))
            .filter(|(_, n)| *n > 0)
            .collect();
        html! {
            <>
                <p class="counts">
                    { for counts.iter().map(|(s, n)| html! {
                        <span class={classes!("badge", s.as_str())}>{format!("{n} {}", count_label(*s, *n))}</span>
                    }) }
                </p>
                { for counts.iter().map(|(s, n)| self.view_severity(ctx, *s, *n)) }
            </>
        }
    }

    fn view_severity(&self, ctx: &Context<Self>, severity: Severity, count: usize) -> Html {
        let mut groups: Vec<RuleGroup> = Vec::new();
        for (i, f) in self.analysis.findings.iter().enumerate() {
            if f.severity != severity {
                continue;
            }
            match groups.iter_mut().find(|g| g.code == f.code) {
                Some(g) => g.items.push((i, f)),
                None => groups.push(RuleGroup {
                    code: &f.code,
                    items: vec![(i, f)],
                }),
            }
        }
        html! {
            <section class="group" aria-label={group_label(severity)}>
                <h3>{format!("{} ({count})", group_label(severity))}</h3>
                <ul class="findings">{ for groups.iter().map(|g| self.view_rule_group(ctx, g)) }</ul>
            </section>
        }
    }

    fn view_rule_group(&self, ctx: &Context<Self>, group: &RuleGroup) -> Html {
        let link = ctx.link();
        let (_, first) = group.items[0];
        let rule = rules::find(group.code);
        let same_message = group.items.iter().all(|(_, f)| f.message == first.message);
        // The rule's summary, unless the message already says it.
        let letters = |s: &str| -> String {
            s.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect()
        };
        // The rule's summary, unless the message already opens with it (or
        // with its first words: a message is the summary made specific).
        let why = rule.map(|r| r.summary).filter(|s| {
            let (message, summary) = (letters(&first.message), letters(s));
            let head: String = summary.chars().take(24).collect();
            !message.starts_with(&summary) && !message.starts_with(&head)
        });
        // A manual fix (an explanation) said once when every occurrence
        // says the same.
        let advice = first
            .fix
            .as_ref()
            .filter(|f| !f.applies)
            .map(|f| f.message.clone())
            .filter(|m| {
                group.items.iter().all(|(_, f)| {
                    f.fix
                        .as_ref()
                        .is_some_and(|x| !x.applies && &x.message == m)
                })
            });
        let code = group.code.to_string();
        let n = group.items.len();
        let (shown, folded) = group.items.split_at(n.min(SHOWN));
        let own_advice = advice.is_none();
        let occurrence = |&(i, f): &(usize, &Finding)| {
            self.view_occurrence(ctx, i, f, !same_message, own_advice)
        };
        html! {
            <li class={classes!("finding", first.severity.as_str())} data-testid="rule-group" data-code={code.clone()}>
                <div class="finding-head">
                    <span class={classes!("badge", first.severity.as_str())}>{first.severity.as_str()}</span>
                    <a class="code-link" href={format!("#rule/{}", group.code)} title="What this rule checks, and why">{group.code.to_string()}</a>
                    if let Some(rule) = rule { <span class="rule-name">{rule.name}</span> }
                    if n > 1 { <span class="count" aria-label={format!("{n} occurrences")}>{format!("×{n}")}</span> }
                </div>
                if same_message { <p class="message">{inline_code(&first.message)}</p> }
                if let Some(why) = why { <p class="why">{inline_code(why)}</p> }
                if let Some(advice) = &advice { <p class="fix"><span>{"How to fix: "}{inline_code(advice)}</span></p> }
                <ul class="occurrences">
                    { for shown.iter().map(occurrence) }
                </ul>
                if !folded.is_empty() {
                    <details class="more">
                        <summary>{format!("{} more", folded.len())}</summary>
                        <ul class="occurrences">{ for folded.iter().map(occurrence) }</ul>
                    </details>
                }
                <div class="actions">
                    <button class="link" onclick={link.callback(move |_| Msg::IgnoreEverywhere(code.clone()))}
                        title="Add this rule to the ignored rules in Settings">{"Ignore everywhere"}</button>
                </div>
            </li>
        }
    }

    fn view_occurrence(
        &self,
        ctx: &Context<Self>,
        i: usize,
        f: &Finding,
        own_message: bool,
        own_advice: bool,
    ) -> Html {
        let link = ctx.link();
        let fix = match &f.fix {
            Some(fix) if fix.applies => {
                let id = f.id.clone();
                let accepted = !self.rejected.contains(&f.id);
                let how = if fix.applicability == "safe" {
                    "safe fix"
                } else {
                    "suggested fix: check the result"
                };
                html! {
                    <label class="fix toggle">
                        <input type="checkbox" data-testid="fix-toggle" checked={accepted}
                            onchange={link.callback(move |_| Msg::ToggleFix(id.clone()))} />
                        <span>{"Apply: "}{inline_code(&fix.message)}{" "}<span class="hint">{format!("({how})")}</span></span>
                    </label>
                }
            }
            Some(fix) if own_advice => {
                html! { <p class="fix"><span>{"How to fix: "}{inline_code(&fix.message)}</span></p> }
            }
            _ => html! {},
        };
        html! {
            <li class="occurrence" data-testid="diagnostic" data-code={f.code.clone()} data-line={f.line.to_string()}>
                <div class="occurrence-head">
                    <button class="where" aria-label={format!("Show line {} in the editor", f.line)}
                        onclick={link.callback(move |_| Msg::Reveal(i))}>{format!("line {}", f.line)}</button>
                    if own_message { <span class="message">{inline_code(&f.message)}</span> }
                    <button class="link ignore-here" onclick={link.callback(move |_| Msg::IgnoreHere(i))}
                        title="Add a `# hadolint ignore` comment above this instruction">{"Ignore here"}</button>
                </div>
                { fix }
            </li>
        }
    }
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

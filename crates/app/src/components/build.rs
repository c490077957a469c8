//! The Build view (issue 9): the stage graph, the layer timeline of the
//! original and of its rewrite side by side, and what an edit rebuilds,
//! all from `drydock_core::build_plan` — nothing is built or run.
//!
//! The rewrite is the app's: `drydock_core::fix::fix_all`'s text with the
//! user's choices (what `drydock fix` prints). Hovering or focusing a row of
//! the original highlights its lines in the editor; clicking scrolls to
//! them. The legend comes first; one timeline when the rewrite changes
//! nothing; a row's full command opens on demand.

use std::rc::Rc;

use drydock_core::buildplan::{
    BaseImage, BuildPlan, Change, EdgeKindPlan, EdgeSource, Estimate, NoteKind, SourceKind,
    StagePlan, Step,
};
use drydock_core::{build_plan, Config, Inputs};
use yew::prelude::*;

/// Lines to highlight in the editor (`None` clears), and whether to
/// scroll to them.
pub type Highlight = (Option<(usize, usize)>, bool);

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The Dockerfile (the text the findings and the rewrite are of).
    pub text: AttrValue,
    /// Its rewrite.
    pub rewrite: AttrValue,
    pub config: Config,
    /// The project's `.dockerignore`, when the user gave one.
    #[prop_or_default]
    pub dockerignore: Option<AttrValue>,
    /// The `.dockerignore` the rewrite's fixes create, when they do.
    #[prop_or_default]
    pub generated_dockerignore: Option<AttrValue>,
    pub on_highlight: Callback<Highlight>,
}

struct Plans {
    before: BuildPlan,
    after: BuildPlan,
    /// The rewrite is the text itself.
    same: bool,
}

/// The plans of the text and of its rewrite. The rewrite is planned with
/// the `.dockerignore` its fixes create when the user gave none.
fn plans(
    text: &str,
    rewrite: &str,
    config: &Config,
    dockerignore: Option<&str>,
    generated: Option<&str>,
) -> Plans {
    let before = build_plan(text, config, &Inputs { dockerignore });
    let after_inputs = Inputs {
        dockerignore: dockerignore.or(generated),
    };
    Plans {
        after: build_plan(rewrite, config, &after_inputs),
        before,
        // The same text, and no .dockerignore of the fixes' that would
        // change what the context holds.
        same: text == rewrite && after_inputs.dockerignore == dockerignore,
    }
}

fn change_key(change: Change) -> &'static str {
    match change {
        Change::Source => "source",
        Change::Dependencies => "dependencies",
    }
}

#[function_component(BuildView)]
pub fn build_view(props: &Props) -> Html {
    let change = use_state(|| Change::Source);
    let show_all = use_state(|| false);
    // Rows whose whole command is shown: (timeline, step index).
    let expanded = use_state(std::collections::BTreeSet::<(&'static str, usize)>::new);
    // Moving over a row's parts repeats the same highlight: send it once.
    let last = use_mut_ref(|| None::<Highlight>);
    let on_highlight = {
        let emit = props.on_highlight.clone();
        Callback::from(move |h: Highlight| {
            if h.1 || *last.borrow() != Some(h) {
                *last.borrow_mut() = Some(h);
                emit.emit(h);
            }
        })
    };
    let plans: Rc<Plans> = use_memo(
        (
            props.text.clone(),
            props.rewrite.clone(),
            props.config.clone(),
            props.dockerignore.clone(),
            props.generated_dockerignore.clone(),
        ),
        |(text, rewrite, config, ignore, generated)| {
            plans(
                text,
                rewrite,
                config,
                ignore.as_deref(),
                generated.as_deref(),
            )
        },
    );
    let c = *change;
    let toggle = |target: Change, label: &'static str| {
        let change = change.clone();
        let selected = c == target;
        html! {
            <button aria-pressed={selected.to_string()}
                class={classes!(selected.then_some("selected"))}
                data-testid={format!("scenario-{}", change_key(target))}
                onclick={Callback::from(move |_| change.set(target))}>{label}</button>
        }
    };
    let before = plans.before.scenarios.get(c);
    let after = plans.after.scenarios.get(c);
    let summary = if plans.same {
        format!("{} The rewrite does not change the build.", before.summary)
    } else {
        before.compare(after)
    };
    html! {
        <div class="build-view" data-testid="build-view">
            <div class="build-toolbar">
                <div class="segmented" role="group" aria-label="What changes">
                    { toggle(Change::Source, "Edit source") }
                    { toggle(Change::Dependencies, "Edit dependencies") }
                </div>
                <span class="hint">{"Computed from the text: nothing is built."}</span>
            </div>
            <p class="build-summary" data-testid="build-summary" aria-live="polite">{ inline_code(&summary) }</p>
            { notes(&plans.before) }
            <section class="build-section" aria-labelledby="stages-title">
                <h3 id="stages-title">{"Stages"}</h3>
                { graph(&plans.before, &on_highlight) }
            </section>
            <section class="build-section" aria-labelledby="layers-title">
                <h3 id="layers-title">{"Layers"}</h3>
                <p class="legend" data-testid="build-legend">
                    <span class="state rebuilt" aria-hidden="true">{"↻"}</span>{" rebuilt after the edit "}
                    <span class="state cached" aria-hidden="true">{"✓"}</span>{" from the layer cache "}
                    <span class="state metadata" aria-hidden="true">{"·"}</span>{" metadata, no layer"}
                </p>
                <div class={classes!("timelines", plans.same.then_some("single"))}>
                    { timeline(&plans.before, c, if plans.same { "Original and rewrite (the same)" } else { "Original" }, "timeline-original", Some(&on_highlight), &show_all, &expanded) }
                    if !plans.same {
                        { timeline(&plans.after, c, "Rewrite", "timeline-rewrite", None, &show_all, &expanded) }
                    }
                </div>
            </section>
            { estimates(&plans.before, &plans.after, plans.same) }
        </div>
    }
}

/// Text with `code` spans.
fn inline_code(text: &str) -> Html {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                html! { <code>{part.to_string()}</code> }
            } else {
                html! { <>{part.to_string()}</> }
            }
        })
        .collect()
}

fn stage_title(s: &StagePlan) -> String {
    match &s.name {
        Some(n) => n.clone(),
        None if s.is_final => format!("stage {} (final)", s.index),
        None => format!("stage {}", s.index),
    }
}

fn base_text(plan: &BuildPlan, s: &StagePlan) -> String {
    match &s.base {
        BaseImage::Image { reference } => reference.clone(),
        BaseImage::Stage { stage, .. } => match plan.stages.get(*stage) {
            Some(p) => format!("FROM {}", stage_title(p)),
            None => format!("FROM stage {stage}"),
        },
        BaseImage::Scratch => "scratch".into(),
        BaseImage::Unresolved { reference, .. } => format!("{reference} (unknown)"),
    }
}

fn notes(plan: &BuildPlan) -> Html {
    if plan.notes.is_empty() {
        return html! {};
    }
    html! {
        <ul class="build-notes">
            { for plan.notes.iter().map(|n| {
                let kind = match n.kind {
                    NoteKind::UnusedStage => "unused-stage",
                    NoteKind::Unresolved => "unresolved",
                };
                html! {
                    <li data-testid="build-note" data-kind={kind} data-line={n.line.to_string()}>
                        <span class="at">{format!("line {}", n.line)}</span>{" "}{ inline_code(&n.message) }
                    </li>
                }
            }) }
        </ul>
    }
}

// The stage graph's geometry, in SVG user units (integers: formatting
// floats would add their code to the wasm).
const NODE_W: i64 = 172;
const NODE_H: i64 = 50;
const GAP_X: i64 = 24;
const GAP_Y: i64 = 58;
const PAD: i64 = 6;

/// Each stage's row: 0 for stages that depend on no stage, else one below
/// the deepest stage it depends on.
fn depths(plan: &BuildPlan) -> Vec<usize> {
    let mut depth = vec![0usize; plan.stages.len()];
    for s in 0..plan.stages.len() {
        let d = plan
            .edges
            .iter()
            .filter(|e| e.stage == s)
            .filter_map(|e| match e.from {
                EdgeSource::Stage { stage } if stage < s => Some(depth[stage] + 1),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        depth[s] = d;
    }
    depth
}

/// Larger graphs are not drawn: they would be unreadable and slow.
const MAX_STAGES: usize = 40;

fn graph(plan: &BuildPlan, on_highlight: &Callback<Highlight>) -> Html {
    if plan.stages.is_empty() {
        return html! { <p class="empty">{"No stage yet: the graph appears once the file has a FROM."}</p> };
    }
    if plan.stages.len() > MAX_STAGES {
        let unused = plan.stages.iter().filter(|s| !s.needed).count();
        return html! {
            <p class="empty" data-testid="stage-graph-too-big">{format!(
                "{} stages ({} unused, {} edges): too many to draw here; the graph shows files of up to {MAX_STAGES} stages.",
                plan.stages.len(), unused, plan.edges.len()
            )}</p>
        };
    }
    let depth = depths(plan);
    let rows = depth.iter().max().map_or(1, |d| d + 1);
    let mut row_of: Vec<Vec<usize>> = vec![Vec::new(); rows];
    for (s, d) in depth.iter().enumerate() {
        row_of[*d].push(s);
    }
    // At most MAX_STAGES stages: the casts cannot overflow.
    let widest = row_of.iter().map(Vec::len).max().unwrap_or(1).max(1) as i64;
    let rows = rows as i64;
    let width = widest * NODE_W + (widest - 1) * GAP_X + 2 * PAD;
    let height = rows * NODE_H + (rows - 1) * GAP_Y + 2 * PAD;
    let mut pos = vec![(0, 0); plan.stages.len()];
    for (d, row) in row_of.iter().enumerate() {
        let n = row.len() as i64;
        let row_w = n * NODE_W + (n - 1) * GAP_X;
        for (k, &s) in row.iter().enumerate() {
            let x = PAD + (width - 2 * PAD - row_w) / 2 + k as i64 * (NODE_W + GAP_X);
            let y = PAD + d as i64 * (NODE_H + GAP_Y);
            pos[s] = (x, y);
        }
    }
    // One arrow per pair of stages, its labels joined.
    let mut arrows: Vec<(usize, usize, EdgeKindPlan, Vec<String>)> = Vec::new();
    for e in &plan.edges {
        let EdgeSource::Stage { stage: from } = e.from else {
            continue;
        };
        if from >= e.stage || e.stage >= plan.stages.len() {
            continue;
        }
        match arrows.iter_mut().find(|a| a.0 == from && a.1 == e.stage) {
            Some(a) => {
                if !a.3.contains(&e.label) {
                    a.3.push(e.label.clone());
                }
            }
            None => arrows.push((from, e.stage, e.kind, vec![e.label.clone()])),
        }
    }
    let view_box = format!("0 0 {width} {height}");
    html! {
        <svg class="stage-graph" data-testid="stage-graph" viewBox={view_box}
            width={width.to_string()} role="img"
            aria-label={format!("{} stages; the final one is {}", plan.stages.len(),
                plan.stages.last().map(stage_title).unwrap_or_default())}>
            <defs>
                <marker id="dd-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                    <path d="M 0 0 L 10 5 L 0 10 z" class="arrow-head" />
                </marker>
            </defs>
            { for arrows.iter().map(|(from, to, kind, labels)| {
                let (fx, fy) = pos[*from];
                let (tx, ty) = pos[*to];
                let (x1, y1) = (fx + NODE_W / 2, fy + NODE_H);
                let (x2, y2) = (tx + NODE_W / 2, ty - 2);
                let mid = (y1 + y2) / 2;
                let path = format!("M {x1} {y1} C {x1} {mid}, {x2} {mid}, {x2} {y2}");
                let label = drydock_core::buildplan::shorten(&labels.join(", "), 30);
                let label_w = label.chars().count() as i64 * 32 / 5 + 10;
                let (lx, ly) = ((x1 + x2) / 2, mid);
                let kind = match kind {
                    EdgeKindPlan::From => "from",
                    EdgeKindPlan::CopyFrom => "copy_from",
                    EdgeKindPlan::MountFrom => "mount_from",
                };
                let dimmed = !plan.stages[*to].needed;
                html! {
                    <g class={classes!("stage-edge", dimmed.then_some("unused"))} data-testid="stage-edge"
                        data-from={from.to_string()} data-to={to.to_string()} data-kind={kind}>
                        <title>{labels.join(", ")}</title>
                        <path d={path} class="edge-line" marker-end="url(#dd-arrow)" />
                        <rect class="edge-label-bg" x={(lx - label_w / 2).to_string()} y={(ly - 9).to_string()}
                            width={label_w.to_string()} height="18" rx="4" />
                        <text class="edge-label" x={lx.to_string()} y={(ly + 4).to_string()} text-anchor="middle">{label}</text>
                    </g>
                }
            }) }
            { for plan.stages.iter().map(|s| node(plan, s, pos[s.index], on_highlight)) }
        </svg>
    }
}

fn node(
    plan: &BuildPlan,
    s: &StagePlan,
    (x, y): (i64, i64),
    on_highlight: &Callback<Highlight>,
) -> Html {
    let tag = if s.is_final {
        Some("final")
    } else if !s.needed {
        Some("skipped")
    } else {
        None
    };
    let name_max = if tag.is_some() { 15 } else { 22 };
    let name = drydock_core::buildplan::shorten(&stage_title(s), name_max);
    let base = base_text(plan, s);
    let mut title = format!(
        "{} · lines {}–{} · {}",
        stage_title(s),
        s.line,
        s.end_line,
        base
    );
    if let Some(why) = &s.skipped {
        title.push_str(&format!("\n{why}"));
    }
    let lines = Some((s.line, s.end_line));
    let enter = on_highlight.reform(move |_: MouseEvent| (lines, false));
    let leave = on_highlight.reform(|_: MouseEvent| (None, false));
    let click = on_highlight.reform(move |_: MouseEvent| (lines, true));
    html! {
        <g class={classes!("stage-node", s.is_final.then_some("final"), (!s.needed).then_some("unused"))}
            data-testid="stage-node" data-stage={s.index.to_string()}
            data-name={s.name.clone().unwrap_or_default()}
            data-final={s.is_final.to_string()} data-needed={s.needed.to_string()}
            onmouseenter={enter} onmouseleave={leave} onclick={click}>
            <title>{title}</title>
            <rect x={x.to_string()} y={y.to_string()} width={NODE_W.to_string()} height={NODE_H.to_string()} rx="8" />
            <text class="stage-name" x={(x + 10).to_string()} y={(y + 20).to_string()}>{name}</text>
            <text class="stage-base" x={(x + 10).to_string()} y={(y + 38).to_string()}>{drydock_core::buildplan::shorten(&base, 25)}</text>
            if let Some(tag) = tag {
                <text class="stage-tag" x={(x + NODE_W - 10).to_string()} y={(y + 20).to_string()} text-anchor="end">{tag}</text>
            }
        </g>
    }
}

/// `rebuilt`, `cached`, `metadata` or `skipped`.
fn state(plan: &BuildPlan, step: &Step, change: Change) -> &'static str {
    plan.state(step, change).as_str()
}

/// Rows shown per timeline before "Show all": a long file's rows would
/// make every re-render slow.
const MAX_ROWS: usize = 200;

/// The lines of the row an event happened in (`data-line`,
/// `data-end-line`).
fn row_lines(e: &Event) -> Option<(usize, usize)> {
    let target: web_sys::Element = e.target_dyn_into()?;
    let row = target.closest("li[data-line]").ok()??;
    let line = row.get_attribute("data-line")?.parse().ok()?;
    let end = row.get_attribute("data-end-line")?.parse().unwrap_or(line);
    Some((line, end))
}

fn timeline(
    plan: &BuildPlan,
    change: Change,
    title: &'static str,
    testid: &'static str,
    on_highlight: Option<&Callback<Highlight>>,
    show_all: &UseStateHandle<bool>,
    expanded: &UseStateHandle<std::collections::BTreeSet<(&'static str, usize)>>,
) -> Html {
    let layers = plan
        .steps
        .iter()
        .filter(|s| s.layer && state(plan, s, change) != "skipped")
        .count();
    let rebuilt = plan.scenarios.get(change).reruns.len();
    // One set of listeners per list, not per row.
    let handlers = on_highlight.map(|cb| {
        (
            cb.reform(|e: MouseEvent| (row_lines(&e), false)),
            cb.reform(|_: MouseEvent| (None, false)),
            cb.reform(|e: FocusEvent| (row_lines(&e), true)),
            cb.reform(|_: FocusEvent| (None, false)),
            cb.reform(|e: MouseEvent| (row_lines(&e), true)),
        )
    });
    let (over, leave, focus, blur, click) = match handlers {
        Some((a, b, c, d, e)) => (Some(a), Some(b), Some(c), Some(d), Some(e)),
        None => (None, None, None, None, None),
    };
    let shown = if **show_all {
        plan.steps.len()
    } else {
        plan.steps.len().min(MAX_ROWS)
    };
    let hidden = plan.steps.len() - shown;
    let focusable = on_highlight.is_some();
    html! {
        <div class="timeline" data-testid={testid}>
            <h4>{title}<span class="layer-count">{format!("{rebuilt} of {layers} layers rerun")}</span></h4>
            if plan.steps.is_empty() {
                <p class="empty">{"No instructions."}</p>
            }
            <ol onmouseover={over} onmouseleave={leave} onfocusin={focus} onfocusout={blur} onclick={click}>
                { for plan.steps[..shown].iter().map(|step| row(plan, step, change, focusable, testid, expanded)) }
            </ol>
            if hidden > 0 {
                <button class="link show-all" onclick={
                    let show_all = show_all.clone();
                    Callback::from(move |_| show_all.set(true))
                }>{format!("Show {hidden} more steps")}</button>
            }
        </div>
    }
}

/// What a COPY reads, as tags: the whole context, or only manifests.
fn context_tags(step: &Step) -> Vec<(&'static str, &'static str)> {
    let mut tags = Vec::new();
    for c in &step.context {
        let tag = match (c.kind, c.manifest) {
            (SourceKind::Context, _) => (
                "whole context",
                "reads every file the .dockerignore lets through",
            ),
            (_, true) => (
                "manifest",
                "a dependency manifest: only a dependency edit reruns this",
            ),
            _ => continue,
        };
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    tags
}

/// A command longer than this (or on several lines) is cut, with a
/// button to show it all.
const SHORT: usize = 60;

fn row(
    plan: &BuildPlan,
    step: &Step,
    change: Change,
    focusable: bool,
    timeline: &'static str,
    expanded: &UseStateHandle<std::collections::BTreeSet<(&'static str, usize)>>,
) -> Html {
    let state = state(plan, step, change);
    let (icon, label) = match state {
        "rebuilt" => ("↻", "rebuilt"),
        "cached" => ("✓", "cached"),
        "skipped" => ("⊘", "skipped: BuildKit does not build this stage"),
        _ => ("·", "metadata, no layer"),
    };
    let text = step.text.trim_start();
    let (keyword, rest) = match text.find(char::is_whitespace) {
        Some(i) => (&text[..i], text[i..].trim_start()),
        None => (text, ""),
    };
    let stage = step
        .stage
        .and_then(|s| plan.stages.get(s))
        .filter(|s| s.first_step == step.index);
    let title = if step.end_line > step.line {
        format!("lines {}–{}: {}", step.line, step.end_line, step.text)
    } else {
        format!("line {}: {}", step.line, step.text)
    };
    let rebuilt = state == "rebuilt";
    let long = text.chars().count() > SHORT || text.contains('\n');
    let key = (timeline, step.index);
    let open = expanded.contains(&key);
    let toggle = {
        let expanded = expanded.clone();
        Callback::from(move |e: MouseEvent| {
            // Not a click on the row (that scrolls the editor).
            e.stop_propagation();
            let mut set = (*expanded).clone();
            if !set.remove(&key) {
                set.insert(key);
            }
            expanded.set(set);
        })
    };
    html! {
        <li class={classes!("step", state, stage.is_some().then_some("stage-start"))}
            data-testid="build-step" data-line={step.line.to_string()} data-end-line={step.end_line.to_string()}
            data-keyword={step.keyword.clone()} data-state={state}
            tabindex={focusable.then_some("0")} title={title}>
            <span class="step-line">{step.line}</span>
            <span class={classes!("step-text", open.then_some("open"))} data-testid="step-text"><span class="kw">{keyword.to_string()}</span>{" "}{rest.to_string()}</span>
            if long {
                <button class="more-command" aria-expanded={open.to_string()} data-testid="show-command" onclick={toggle}
                    aria-label={if open { format!("Show less of line {}", step.line) } else { format!("Show the whole command of line {}", step.line) }}>
                    {if open { "less" } else { "more" }}</button>
            }
            <span class="step-tags">
                if let Some(s) = stage {
                    <span class="tag stage">{drydock_core::buildplan::shorten(&stage_title(s), 18)}</span>
                }
                { for context_tags(step).into_iter().map(|(tag, why)| html! {
                    <span class="tag context" title={why}>{tag}</span>
                }) }
                { for step.work.iter().map(|w| html! {
                    <span class={classes!("tag", "work", rebuilt.then_some("hot"))} data-testid="step-work">{w.command.clone()}</span>
                }) }
                { for step.caches.iter().filter(|c| c.code.is_some()).map(|c| html! {
                    <span class="tag cache" title={format!("{} left in the layer ({})", c.what, c.code.clone().unwrap_or_default())}>{"cache left"}</span>
                }) }
            </span>
            <span class={classes!("state", state)} title={label}>
                <span aria-hidden="true">{icon}</span><span class="visually-hidden">{label}</span>
            </span>
        </li>
    }
}

fn estimate_item(e: &Estimate, change: Option<&'static str>) -> Html {
    html! {
        <li data-testid="build-estimate" data-change={change}>
            if let Some(change) = change {
                <span class={classes!("tag", change)}>{change}</span>{" "}
            }
            <span class="at">{format!("line {}", e.line)}</span>{" "}
            <strong>{e.subject.clone()}</strong>{" "}
            if !e.ships { <span class="tag">{"does not ship"}</span> }
            <span class="detail">{" "}{ inline_code(&e.detail) }</span>
            <span class="source">{format!("Estimate. Source: {}", e.source)}</span>
        </li>
    }
}

/// Two estimates say the same thing (lines move in a rewrite).
fn same_estimate(a: &Estimate, b: &Estimate) -> bool {
    a.kind == b.kind && a.subject == b.subject && a.megabytes == b.megabytes && a.ships == b.ships
}

fn estimates(before: &BuildPlan, after: &BuildPlan, same: bool) -> Html {
    if before.estimates.is_empty() && after.estimates.is_empty() {
        return html! {};
    }
    let gone: Vec<&Estimate> = before
        .estimates
        .iter()
        .filter(|e| !after.estimates.iter().any(|a| same_estimate(a, e)))
        .collect();
    let new: Vec<&Estimate> = after
        .estimates
        .iter()
        .filter(|a| !before.estimates.iter().any(|e| same_estimate(a, e)))
        .collect();
    html! {
        <section class="build-section estimates" aria-labelledby="weight-title">
            <h3 id="weight-title">{"Estimated weight"}</h3>
            <p class="hint">{"Rough figures from bundled sources, not measurements."}</p>
            <ul>{ for before.estimates.iter().map(|e| estimate_item(e, None)) }</ul>
            if !same {
                <h4>{"In the rewrite"}</h4>
                if gone.is_empty() && new.is_empty() {
                    <p class="hint">{"The rewrite changes none of these."}</p>
                }
                <ul>
                    { for gone.iter().map(|e| estimate_item(e, Some("gone"))) }
                    { for new.iter().map(|e| estimate_item(e, Some("new"))) }
                </ul>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED_09: &str =
        include_str!("../../../../examples/seeds/09-django-wheels-multistage.Dockerfile");

    #[test]
    fn graph_rows_follow_dependencies() {
        let plan = build_plan(SEED_09, &Config::default(), &Inputs::default());
        assert_eq!(depths(&plan), vec![0, 1]);
        let text =
            "FROM a AS one\nFROM b AS two\nFROM c\nCOPY --from=one /x /x\nCOPY --from=two /y /y\n";
        let plan = build_plan(text, &Config::default(), &Inputs::default());
        assert_eq!(depths(&plan), vec![0, 0, 1]);
    }

    #[test]
    fn the_rewrite_is_planned_with_the_generated_dockerignore() {
        let text =
            "FROM python:3.12-slim\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n";
        let p = plans(text, text, &Config::default(), None, Some("*\n!src\n"));
        assert!(!p.same, "the generated .dockerignore changes the context");
        assert!(plans(text, text, &Config::default(), None, None).same);
        assert!(p.before.scenarios.dependencies.reruns.len() == 2);
        // With only src/ in the context, a manifest edit reruns nothing.
        assert!(p.after.scenarios.dependencies.reruns.is_empty());
        // The user's own .dockerignore wins.
        let p = plans(
            text,
            text,
            &Config::default(),
            Some("node_modules\n"),
            Some("*\n"),
        );
        assert_eq!(p.after.scenarios.dependencies.reruns.len(), 2);
    }
}

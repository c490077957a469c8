//! Which steps a change reruns (the rules are in the module docs of
//! [`crate::buildplan`]).

use super::{
    code_list, steps as count, BaseImage, Change, EdgeKindPlan, EdgeSource, ExpensiveStep,
    Scenario, Scenarios, StageEdge, StagePlan, Step,
};

/// Fill in every step's `rebuilds` and sum up both scenarios.
pub(crate) fn scenarios(
    stages: &[StagePlan],
    edges: &[StageEdge],
    steps: &mut [Step],
) -> Scenarios {
    for change in Change::ALL {
        let flags = reruns(stages, edges, steps, change);
        for (step, flag) in steps.iter_mut().zip(flags) {
            step.rebuilds.set(change, flag);
        }
    }
    Scenarios {
        source: scenario(Change::Source, steps),
        dependencies: scenario(Change::Dependencies, steps),
    }
}

/// For each step: does `change` rerun it when the final target is built?
fn reruns(stages: &[StagePlan], edges: &[StageEdge], steps: &[Step], change: Change) -> Vec<bool> {
    let mut flags = vec![false; steps.len()];
    // The stages each step copies or mounts from.
    let mut uses: Vec<Vec<usize>> = vec![Vec::new(); steps.len()];
    for e in edges.iter().filter(|e| e.kind != EdgeKindPlan::From) {
        if let (EdgeSource::Stage { stage }, Some(u)) = (&e.from, uses.get_mut(e.step)) {
            u.push(*stage);
        }
    }
    let mut changed = vec![false; stages.len()];
    let is_changed = |changed: &[bool], s: usize| changed.get(s).copied().unwrap_or(false);
    // Stages refer to earlier stages, so one pass in order is enough for a
    // valid file; repeating until nothing changes (at most once per stage:
    // flags only ever turn on) keeps any input finite.
    for _ in 0..=stages.len() {
        let mut progress = false;
        for (k, s) in stages.iter().enumerate() {
            let mut dirty = match s.base {
                BaseImage::Stage { stage, .. } => is_changed(&changed, stage),
                _ => false,
            };
            for i in s.first_step..s.end_step.min(steps.len()) {
                let step = &steps[i];
                let reads = step.context.iter().any(|c| c.reads.get(change));
                let uses_changed = uses[i].iter().any(|&stage| is_changed(&changed, stage));
                dirty |= reads || uses_changed;
                if dirty && step.layer && !flags[i] {
                    flags[i] = true;
                    progress = true;
                }
            }
            if dirty && !changed[k] {
                changed[k] = true;
                progress = true;
            }
        }
        if !progress {
            break;
        }
    }
    // BuildKit builds only what the final target needs.
    for s in stages.iter().filter(|s| !s.needed) {
        for flag in flags.iter_mut().take(s.end_step).skip(s.first_step) {
            *flag = false;
        }
    }
    flags
}

fn scenario(change: Change, steps: &[Step]) -> Scenario {
    let reruns: Vec<usize> = steps
        .iter()
        .filter(|s| s.rebuilds.get(change))
        .map(|s| s.index)
        .collect();
    let expensive: Vec<ExpensiveStep> = reruns
        .iter()
        .filter_map(|&i| steps.get(i))
        .filter(|s| !s.work.is_empty())
        .map(|s| ExpensiveStep {
            step: s.index,
            line: s.line,
            commands: s.work.iter().map(|w| w.command.clone()).collect(),
        })
        .collect();
    let mut scenario = Scenario {
        change,
        reruns,
        expensive,
        summary: String::new(),
    };
    scenario.summary = summary(&scenario);
    scenario
}

/// "Editing a source file reruns 2 steps, including `pip install`."
fn summary(s: &Scenario) -> String {
    let what = s.change.describe();
    let mut out = String::new();
    let mut chars = what.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        out.push_str(chars.as_str());
    }
    if s.reruns.is_empty() {
        out.push_str(" reruns no step: no step of the final target reads such a file.");
        return out;
    }
    out.push_str(&format!(" reruns {}", count(s.reruns.len())));
    let commands = s.expensive_commands();
    if commands.is_empty() {
        out.push_str(" (no install, build or download).");
    } else {
        out.push_str(&format!(", including {}.", code_list(&commands)));
    }
    out
}

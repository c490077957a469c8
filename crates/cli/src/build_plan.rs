//! `drydock build-plan`: the build model of a Dockerfile (stages, steps,
//! what a source or dependency edit rebuilds, weight estimates) as JSON or
//! as a table.
//!
//! Exit codes: 0 when the plan was printed, 2 when the file (or the
//! `.dockerignore`) cannot be read or an argument is malformed.

use std::io::Write;
use std::process::ExitCode;

use drydock_core::buildplan::{
    shorten, BaseImage, BuildPlan, Change, EdgeSource, SourceKind, StagePlan, Step, StepState,
};
use drydock_core::Inputs;

use crate::options::{dockerignore_for, read_input, ConfigArgs};

#[derive(clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Tty)]
    format: Format,
    /// The build context's `.dockerignore` (default: `<FILE>.dockerignore`
    /// or `.dockerignore` beside the file, when there is one).
    #[arg(long, value_name = "PATH")]
    dockerignore: Option<String>,
    /// The config (`.hadolint.yaml`) and `--build-arg`s resolve `ARG`s;
    /// ignored rules do not hide the caches a plan reports.
    #[command(flatten)]
    config: ConfigArgs,
    /// The Dockerfile; `-` reads standard input.
    file: String,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    /// A readable table.
    Tty,
    /// The whole model: `{stages, edges, steps, scenarios, estimates,
    /// notes}`.
    Json,
}

pub fn run(args: Args) -> ExitCode {
    let text = match read_input(&args.file) {
        Ok(t) => t,
        Err(message) => {
            eprintln!("drydock: {message}");
            return ExitCode::from(2);
        }
    };
    let dockerignore = match &args.dockerignore {
        Some(path) => match std::fs::read_to_string(path) {
            Ok(t) => Some(t),
            Err(e) => {
                eprintln!("drydock: cannot read {path}: {e}");
                return ExitCode::from(2);
            }
        },
        None => dockerignore_for(&args.file, &Default::default()),
    };
    let config = match args.config.load() {
        Ok(loaded) => loaded.config,
        Err(message) => {
            eprintln!("drydock: {message}");
            return ExitCode::from(2);
        }
    };
    let inputs = Inputs {
        dockerignore: dockerignore.as_deref(),
    };
    let plan = drydock_core::build_plan(&text, &config, &inputs);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let written = match args.format {
        Format::Json => serde_json::to_writer_pretty(&mut out, &plan)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out)),
        Format::Tty => out.write_all(table(&plan, inputs.dockerignore.is_some()).as_bytes()),
    };
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("drydock: cannot write output: {e}");
            ExitCode::from(2)
        }
        _ => ExitCode::SUCCESS,
    }
}

fn stage_name(s: &StagePlan) -> String {
    s.name.clone().unwrap_or_else(|| format!("#{}", s.index))
}

fn base_text(plan: &BuildPlan, s: &StagePlan) -> String {
    match &s.base {
        BaseImage::Image { reference } => reference.clone(),
        BaseImage::Stage { stage, .. } => plan
            .stages
            .get(*stage)
            .map_or_else(|| stage.to_string(), |p| format!("stage {}", stage_name(p))),
        BaseImage::Scratch => "scratch".to_string(),
        BaseImage::Unresolved { reference, .. } => format!("{reference} (unresolved)"),
    }
}

/// `rerun`, `cached`, `skipped`, or `-` for metadata.
fn cell(plan: &BuildPlan, step: &Step, change: Change) -> &'static str {
    match plan.state(step, change) {
        StepState::Metadata => "-",
        StepState::Skipped => "skipped",
        StepState::Rebuilt => "rerun",
        StepState::Cached => "cached",
    }
}

/// The plan as a table for people.
fn table(plan: &BuildPlan, has_dockerignore: bool) -> String {
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    line("Stages".into());
    if plan.stages.is_empty() {
        line("  (none: the file has no FROM)".into());
    }
    for s in &plan.stages {
        let mut marks = Vec::new();
        if s.is_final {
            marks.push("final".to_string());
        }
        if !s.needed {
            marks.push("unused: BuildKit skips it".to_string());
        }
        for e in plan.edges.iter().filter(|e| e.stage == s.index) {
            let from = match &e.from {
                EdgeSource::Stage { stage } => plan
                    .stages
                    .get(*stage)
                    .map_or_else(|| stage.to_string(), stage_name),
                EdgeSource::Image { reference } => reference.clone(),
            };
            if e.label != "FROM" {
                marks.push(format!("{} from {from} (line {})", e.label, e.line));
            }
        }
        let marks = if marks.is_empty() {
            String::new()
        } else {
            format!("  [{}]", marks.join("; "))
        };
        line(format!(
            "  {:>2}  {:<12} lines {}-{}  FROM {}{marks}",
            s.index,
            s.name.as_deref().unwrap_or(""),
            s.line,
            s.end_line,
            base_text(plan, s)
        ));
    }
    line(String::new());
    line(format!(
        "{:>5}  {:<7} {:<6} {:<60} {:<7} {:<7}",
        "line", "stage", "kind", "instruction", "source", "deps"
    ));
    for step in &plan.steps {
        let stage = step.stage.map_or("-".to_string(), |s| s.to_string());
        let kind = if step.layer { "layer" } else { "meta" };
        let mut text = step.text.clone();
        if !step.work.is_empty() {
            let work: Vec<&str> = step.work.iter().map(|w| w.command.as_str()).collect();
            text = format!("{text}  ({})", work.join(", "));
        }
        line(format!(
            "{:>5}  {:<7} {:<6} {:<60} {:<7} {:<7}",
            step.line,
            stage,
            kind,
            shorten(&text, 60),
            cell(plan, step, Change::Source),
            cell(plan, step, Change::Dependencies)
        ));
    }
    line(String::new());
    for change in Change::ALL {
        line(plan.scenarios.get(change).summary.clone());
    }
    let whole = plan
        .steps
        .iter()
        .any(|s| s.context.iter().any(|c| c.kind == SourceKind::Context));
    if whole && !has_dockerignore {
        line("No .dockerignore: `COPY .` sends the whole build context (pass --dockerignore PATH to use one).".into());
    }
    if !plan.estimates.is_empty() {
        line(String::new());
        line("Estimates (rough figures from bundled sources, not measurements)".into());
        for e in &plan.estimates {
            line(format!("  line {}: {}: {}", e.line, e.subject, e.detail));
            line(format!("    source: {}", e.source));
        }
    }
    if !plan.notes.is_empty() {
        line(String::new());
        line("Notes".into());
        for n in &plan.notes {
            line(format!("  line {}: {}", n.line, n.message));
        }
    }
    out
}

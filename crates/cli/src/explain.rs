//! `drydock rules` and `drydock explain`.

use std::io::Write;
use std::process::ExitCode;

use drydock_core::rules::{self, impact, FixAvailability, Rule};
use serde_json::json;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    Tty,
    Json,
}

#[derive(clap::Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = ListFormat::Tty)]
    format: ListFormat,
}

#[derive(clap::Args)]
pub struct ExplainArgs {
    /// A rule code (`DL3008`) or name (`apt-get-pin`).
    code: String,
}

fn fixable(rule: &Rule) -> &'static str {
    match rule.fix {
        FixAvailability::Never => "no",
        FixAvailability::Sometimes => "sometimes",
        FixAvailability::Always => "yes",
    }
}

fn source(rule: &Rule) -> String {
    serde_json::to_value(rule.source)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// What a finding of the rule costs (`security`, `size` …): the family
/// the app groups and orders problems by.
fn impact_of(rule: &Rule) -> &'static str {
    impact::impact(rule.code).map_or("runtime", |i| i.as_str())
}

fn finish(result: std::io::Result<()>) -> ExitCode {
    match result {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("drydock: cannot write output: {e}");
            ExitCode::from(2)
        }
        _ => ExitCode::SUCCESS,
    }
}

pub fn rules(args: RulesArgs) -> ExitCode {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let result = match args.format {
        ListFormat::Json => {
            let list: Vec<serde_json::Value> = rules::RULES
                .iter()
                .map(|r| {
                    json!({
                        "code": r.code,
                        "name": r.name,
                        "severity": r.severity,
                        "fixable": r.fix,
                        "source": r.source,
                        "impact": impact_of(r),
                        "summary": r.summary,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &list)
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(out))
        }
        ListFormat::Tty => (|| {
            for r in rules::RULES {
                writeln!(
                    out,
                    "{:<22} {:<36} {:<8} {:<9} {:<9} {:<8} {}",
                    r.code,
                    r.name,
                    r.severity.as_str(),
                    fixable(r),
                    source(r),
                    impact_of(r),
                    r.summary
                )?;
            }
            Ok(())
        })(),
    };
    finish(result)
}

pub fn explain(args: ExplainArgs) -> ExitCode {
    let Some(rule) = rules::find(&args.code) else {
        eprintln!(
            "drydock: no rule {:?}; `drydock rules` lists them",
            args.code
        );
        return ExitCode::from(2);
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let result = (|| {
        writeln!(out, "# {} ({})", rule.code, rule.name)?;
        writeln!(out)?;
        writeln!(out, "{}", rule.summary)?;
        writeln!(out)?;
        writeln!(
            out,
            "Severity: {}. Source: {}. Impact: {}. Fix: {}.",
            rule.severity,
            source(rule),
            impact_of(rule),
            fixable(rule)
        )?;
        writeln!(out)?;
        writeln!(out, "{}", rule.docs.trim())
    })();
    finish(result)
}

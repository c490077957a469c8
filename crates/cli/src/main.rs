//! `drydock`: the command-line view of the core.

mod build_plan;
mod config_file;
mod discover;
mod explain;
mod fix;
mod fmt;
mod lint;
mod lsp;
mod options;
mod parallel;
mod parse;
mod report;
mod share;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// See the `mimalloc` feature in Cargo.toml.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "drydock", version, about = "Lint, explain and fix Dockerfiles")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Report findings for Dockerfiles (`-` reads standard input).
    Lint(Box<lint::Args>),
    /// List every rule (code, name, severity, fixable, source, impact, summary).
    Rules(explain::RulesArgs),
    /// Print a rule's documentation.
    Explain(explain::ExplainArgs),
    /// Apply the fixes of the findings: print the rewrite, a diff
    /// (`--diff`) or rewrite in place (`--write`).
    Fix(Box<fix::Args>),
    /// Format Dockerfiles: print the result, check (`--check`), show a
    /// diff (`--diff`) or rewrite in place (`--write`).
    Fmt(fmt::Args),
    /// Print the syntax tree (JSON, or BuildKit's s-expression dump).
    Parse(parse::Args),
    /// Print a playground link holding a Dockerfile (and its settings).
    Share(share::Args),
    /// Show the stages, the layers and what an edit rebuilds.
    BuildPlan(build_plan::Args),
    /// Run the language server over stdio (for editors: docs/editors.md).
    Lsp(lsp::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Lint(args) => lint::run(*args),
        Command::Rules(args) => explain::rules(args),
        Command::Explain(args) => explain::explain(args),
        Command::Parse(args) => parse::run(args),
        Command::Fix(args) => fix::run(*args),
        Command::Fmt(args) => fmt::run(args),
        Command::Share(args) => share::run(args),
        Command::BuildPlan(args) => build_plan::run(args),
        Command::Lsp(args) => lsp::run(args),
    }
}

//! `drydock`: the command-line view of the core.

mod lint;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "drydock", version, about = "Lint, explain and fix Dockerfiles")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Report findings for Dockerfiles (`-` reads standard input).
    Lint(lint::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Lint(args) => lint::run(args),
    }
}

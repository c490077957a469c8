//! `drydock lsp`: the language server over standard input and output
//! (`crates/lsp`). The CLI gives it what only the CLI knows: how a
//! `.hadolint.yaml` is found and read.

use std::process::ExitCode;

use drydock_lsp::Environment;

use crate::config_file::{self, Home};

#[derive(clap::Args)]
pub struct Args {
    /// Accepted for editors that pass it; stdio is the only transport.
    #[arg(long)]
    stdio: bool,
}

pub fn run(_args: Args) -> ExitCode {
    let env = Environment {
        load_config: Some(Box::new(|dir| {
            match config_file::find(None, dir, &Home::from_env()) {
                Some(path) => config_file::load(&path).map(|l| Some(l.config)),
                None => Ok(None),
            }
        })),
        // textDocument/formatting: `drydock fmt`'s formatter, with the
        // options `drydock fmt -` would use in the server's directory
        // (`.drydock.toml`'s `[fmt]`, `.editorconfig`, else 4 spaces).
        format: Some(Box::new(|text| {
            let options = crate::fmt::options_for("-", None).unwrap_or_default();
            drydock_core::format::format(text, &options).ok()
        })),
    };
    match drydock_lsp::run_stdio(env) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("drydock lsp: {e}");
            ExitCode::from(2)
        }
    }
}

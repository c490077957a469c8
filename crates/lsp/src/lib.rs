//! `drydock lsp`: the language server. Every finding, fix and rule doc of
//! the core, in any editor that speaks the Language Server Protocol.
//!
//! A plain synchronous loop over `lsp-server` (as rust-analyzer's): the
//! state is one [`Server`], requests and notifications are dispatched by
//! method, and every answer comes from the latest text. Edits are applied
//! as they arrive (incremental sync); diagnostics are published once no
//! edit is waiting (and, when the client asks for one, after a pause of
//! `debounceMs`), so a burst of keystrokes costs one lint.
//!
//! This crate is a view: it reads files (the `.dockerignore`, the config
//! through [`Environment::load_config`]) and talks to the editor, and
//! only presents what the core computes.
//!
//! - [`document`]: the text and LSP positions (UTF-16) ↔ byte offsets;
//! - [`analysis`]: one parse, semantics and lint per version of a text;
//! - [`diagnostics`], [`actions`], [`navigation`]: the features.

pub mod actions;
pub mod analysis;
pub mod diagnostics;
pub mod document;
pub mod navigation;
mod server;

use std::path::Path;

use drydock_core::Config;

pub use server::{serve, Server};

/// What the server needs from the program that runs it.
#[derive(Default)]
pub struct Environment {
    /// The config for a Dockerfile in `dir`: the CLI finds and reads
    /// `.hadolint.yaml` in hadolint's search order. `Ok(None)`: no config
    /// file. `Err`: a config file that cannot be read (shown to the user).
    #[allow(clippy::type_complexity)]
    pub load_config: Option<Box<dyn Fn(&Path) -> Result<Option<Config>, String> + Send>>,
    /// The formatter, once there is one (the formatter issue): the text
    /// formatted, or `None` when it cannot be. When set, the server offers
    /// `textDocument/formatting`.
    #[allow(clippy::type_complexity)]
    pub format: Option<Box<dyn Fn(&str) -> Option<String> + Send>>,
}

/// Run the server over standard input and output until the client exits.
pub fn run_stdio(env: Environment) -> Result<(), String> {
    let (connection, io_threads) = lsp_server::Connection::stdio();
    serve(connection, env)?;
    io_threads.join().map_err(|e| e.to_string())
}

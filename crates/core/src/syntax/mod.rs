//! Text → lossless, error-tolerant syntax tree.
//!
//! Architecture Invariant: `parse` always returns a tree, never panics, and
//! its items tile the input byte for byte. Recursion never depends on the
//! input's nesting: deep input is handled with explicit stacks.

mod ast;
mod dump;
mod heredoc;
mod parser;
pub mod reuse;
pub mod shell;
mod shell_parser;
mod words;

pub use ast::*;
pub use dump::{arguments, dump_sexp};
pub(crate) use parser::{continuation_end, split_lines, Line};
pub use parser::{parse, parse_reusing};
pub(crate) use words::go_quote;

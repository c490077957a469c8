//! Text → lossless, error-tolerant syntax tree.
//!
//! Architecture Invariant: `parse` always returns a tree, never panics, and
//! its items tile the input byte for byte. Recursion never depends on the
//! input's nesting: deep input is handled with explicit stacks.

mod ast;
mod dump;
mod heredoc;
mod parser;
pub mod shell;
mod shell_parser;
mod words;

pub use ast::*;
pub use dump::{arguments, dump_sexp};
pub use parser::parse;
pub(crate) use parser::{continuation_end, split_lines, Line};
pub(crate) use words::go_quote;

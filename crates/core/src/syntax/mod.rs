//! Text → lossless, error-tolerant syntax tree.

mod ast;
mod parser;
pub mod shell;

pub use ast::*;
pub use parser::parse;

//! `drydock parse`: print the syntax tree as JSON or in BuildKit's parser
//! test format (s-expressions).

use std::io::Write;
use std::process::ExitCode;

use drydock_core::syntax::{self, Dockerfile};
use drydock_core::LineIndex;
use serde::Serialize;

use crate::options::read_input;

#[derive(clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// The Dockerfile to parse; `-` reads standard input.
    file: String,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    /// `{directives, instructions, errors}`.
    Json,
    /// BuildKit's `Node.Dump` format, one s-expression per instruction.
    Sexp,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    directives: Vec<JsonDirective<'a>>,
    instructions: Vec<JsonInstruction<'a>>,
    errors: Vec<JsonError<'a>>,
}

#[derive(Serialize)]
struct JsonDirective<'a> {
    name: &'a str,
    value: &'a str,
    line: usize,
}

#[derive(Serialize)]
struct JsonInstruction<'a> {
    keyword: String,
    line: usize,
    end_line: usize,
    /// Byte offsets of the instruction (keyword to end of its last line).
    start: usize,
    end: usize,
    flags: Vec<&'a str>,
    arguments: Vec<String>,
    heredocs: Vec<JsonHeredoc<'a>>,
}

#[derive(Serialize)]
struct JsonHeredoc<'a> {
    name: &'a str,
    strip_tabs: bool,
    quoted: bool,
    body: &'a str,
    line: usize,
    end_line: usize,
}

#[derive(Serialize)]
struct JsonError<'a> {
    message: &'a str,
    line: usize,
    column: usize,
}

fn to_json(file: &Dockerfile) -> JsonFile<'_> {
    let text = file.source.as_str();
    let index = LineIndex::new(text);
    let line = |offset: usize| index.line(offset);
    JsonFile {
        directives: file
            .directives
            .iter()
            .map(|d| JsonDirective {
                name: &d.name,
                value: &d.value,
                line: line(d.span.start),
            })
            .collect(),
        instructions: file
            .instructions
            .iter()
            .map(|inst| JsonInstruction {
                keyword: inst.keyword_word.text.to_uppercase(),
                line: inst.line,
                end_line: inst.end_line,
                start: inst.span.start,
                end: inst.span.end,
                flags: inst.flags.iter().map(|f| f.text.as_str()).collect(),
                arguments: syntax::arguments(inst, file.escape),
                heredocs: inst
                    .heredocs
                    .iter()
                    .map(|h| JsonHeredoc {
                        name: &h.name,
                        strip_tabs: h.strip_tabs,
                        quoted: h.quoted,
                        body: &h.body,
                        line: line(h.marker_span.start),
                        end_line: line(h.terminator_span.start),
                    })
                    .collect(),
            })
            .collect(),
        errors: file
            .errors
            .iter()
            .map(|e| {
                let p = index.position(text, e.span.start);
                JsonError {
                    message: &e.message,
                    line: p.line,
                    column: p.column,
                }
            })
            .collect(),
    }
}

pub fn run(args: Args) -> ExitCode {
    let text = match read_input(&args.file) {
        Ok(t) => t,
        Err(message) => {
            eprintln!("drydock: {message}");
            return ExitCode::from(2);
        }
    };
    let file = syntax::parse(&text);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let written = match args.format {
        Format::Json => serde_json::to_writer_pretty(&mut out, &to_json(&file))
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out)),
        Format::Sexp => out.write_all(syntax::dump_sexp(&file).as_bytes()),
    };
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("drydock: cannot write output: {e}");
            return ExitCode::from(2);
        }
    }
    if matches!(args.format, Format::Sexp) && !file.errors.is_empty() {
        let index = LineIndex::new(&text);
        for e in &file.errors {
            let p = index.position(&text, e.span.start);
            eprintln!("{}:{}:{}: {}", args.file, p.line, p.column, e.message);
        }
    }
    if file.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

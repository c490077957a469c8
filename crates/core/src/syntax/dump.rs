//! BuildKit's parser test format: `Node.Dump()`, one s-expression per
//! instruction (`(copy ["--from=a"] "x" "/y")`). It is computed from the
//! cooked arguments with the same readers the parser uses, so it shows the
//! values BuildKit's parser would hand to its instruction parsers.

use super::ast::*;
use super::words::{self, go_quote, Json};

/// The whole file in BuildKit's dump format, one line per instruction,
/// each ending with a newline.
pub fn dump_sexp(file: &Dockerfile) -> String {
    let mut out = String::new();
    for inst in &file.instructions {
        out.push('(');
        out.push_str(&dump_instruction(inst, file.escape));
        out.push_str(")\n");
    }
    out
}

/// One instruction without the outer parentheses.
fn dump_instruction(inst: &Instruction, escape: char) -> String {
    let mut s = inst.keyword_word.text.to_lowercase();
    if !inst.flags.is_empty() {
        s.push_str(" [");
        for (i, f) in inst.flags.iter().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(&go_quote(&f.text));
        }
        s.push(']');
    }
    let values = if let Body::Onbuild(inner) = &inst.body {
        s.push_str(" (");
        s.push_str(&dump_instruction(inner, escape));
        s.push(')');
        Vec::new()
    } else {
        arguments(inst, escape)
    };
    for v in values {
        s.push(' ');
        s.push_str(&go_quote(&v));
    }
    s
}

/// The values BuildKit's parser gives an instruction (its node's `Next`
/// chain): words for `FROM`/`EXPOSE`, decoded strings for JSON forms, the
/// whole text for shell forms, `key value sep` triples for `ENV`/`LABEL`,
/// and for `ONBUILD` the trigger's text.
pub fn arguments(inst: &Instruction, escape: char) -> Vec<String> {
    let text = inst.args.text.as_str();
    let (a, b) = (0, text.len());
    match inst.keyword {
        Keyword::Onbuild => {
            if inst.args.text.is_empty() {
                Vec::new()
            } else {
                vec![inst.args.text.clone()]
            }
        }
        Keyword::From | Keyword::Expose => ws(text, a, b),
        Keyword::Add | Keyword::Copy | Keyword::Volume => match words::parse_json_array(text, a, b)
        {
            Json::Strings(items) => items.into_iter().map(|i| i.0).collect(),
            _ => ws(text, a, b),
        },
        Keyword::Run | Keyword::Cmd | Keyword::Entrypoint | Keyword::Shell => maybe_json(text),
        Keyword::Workdir | Keyword::User | Keyword::Stopsignal | Keyword::Maintainer => {
            if text.is_empty() {
                Vec::new()
            } else {
                vec![text.to_string()]
            }
        }
        Keyword::Arg => words::parse_words(text, a, b, escape)
            .into_iter()
            .map(|w| w.text)
            .collect(),
        Keyword::Env | Keyword::Label => name_val(text, escape),
        Keyword::Healthcheck => {
            let bytes = text.as_bytes();
            let sep = bytes
                .iter()
                .position(|c| c.is_ascii_whitespace() || *c == 0x0b)
                .unwrap_or(b);
            let mut next = sep;
            while next < b && (bytes[next].is_ascii_whitespace() || bytes[next] == 0x0b) {
                next += 1;
            }
            if sep == 0 {
                Vec::new()
            } else {
                let mut v = vec![text[..sep].to_string()];
                v.extend(maybe_json(&text[next..]));
                v
            }
        }
        Keyword::Unknown => vec![String::new()],
    }
}

fn ws(text: &str, a: usize, b: usize) -> Vec<String> {
    words::split_whitespace(text, a, b)
        .into_iter()
        .map(|(x, y)| text[x..y].to_string())
        .collect()
}

fn maybe_json(text: &str) -> Vec<String> {
    if text.is_empty() {
        return Vec::new();
    }
    match words::parse_json_array(text, 0, text.len()) {
        Json::Strings(items) => items.into_iter().map(|i| i.0).collect(),
        _ => vec![text.to_string()],
    }
}

fn name_val(text: &str, escape: char) -> Vec<String> {
    let ws = words::parse_words(text, 0, text.len(), escape);
    let Some(first) = ws.first() else {
        return Vec::new();
    };
    if !first.text.contains('=') {
        return match words::first_space_run(text, 0, text.len()) {
            Some((x, y)) => vec![text[..x].to_string(), text[y..].to_string(), String::new()],
            None => Vec::new(),
        };
    }
    let mut out = Vec::new();
    for w in ws {
        let (k, v) = w.text.split_once('=').unwrap_or((&w.text, ""));
        out.push(k.to_string());
        out.push(v.to_string());
        out.push("=".to_string());
    }
    out
}

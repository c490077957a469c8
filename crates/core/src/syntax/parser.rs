//! PLACEHOLDER line parser for the foundation slice; the Parser issue
//! replaces this file with the full BuildKit-exact parser.

use super::ast::*;

pub fn parse(text: &str) -> Dockerfile {
    let mut file = Dockerfile {
        source: text.to_string(),
        directives: Vec::new(),
        escape: '\\',
        items: Vec::new(),
        instructions: Vec::new(),
        comments: Vec::new(),
        errors: Vec::new(),
    };
    let mut pos = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let start = pos;
        pos += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start();
        let lead = content.len() - trimmed.len();
        if trimmed.is_empty() {
            file.items.push(Item {
                kind: ItemKind::Blank,
                span: Span::new(start, pos),
            });
            continue;
        }
        if trimmed.starts_with('#') {
            file.items.push(Item {
                kind: ItemKind::Comment,
                span: Span::new(start, pos),
            });
            continue;
        }
        let kw_end = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
        let kw_text = &trimmed[..kw_end];
        let kw_span = Span::new(start + lead, start + lead + kw_end);
        let rest = trimmed[kw_end..].trim_start();
        let rest_start = start + content.len() - rest.len();
        let keyword = Keyword::parse(kw_text).unwrap_or(Keyword::Unknown);
        let body = match keyword {
            Keyword::From => {
                let mut words = rest.split_whitespace();
                let image = words.next().unwrap_or("");
                Body::From(FromBody {
                    image: Word {
                        text: image.into(),
                        span: Span::new(rest_start, rest_start + image.len()),
                    },
                    as_keyword: None,
                    alias: None,
                })
            }
            _ => Body::Invalid,
        };
        let span = Span::new(start + lead, start + content.len());
        file.items.push(Item {
            kind: ItemKind::Instruction(file.instructions.len()),
            span: Span::new(start, pos),
        });
        file.instructions.push(Instruction {
            keyword,
            keyword_word: Word {
                text: kw_text.into(),
                span: kw_span,
            },
            span,
            line: n + 1,
            end_line: n + 1,
            flags: Vec::new(),
            args: Cooked {
                text: rest.into(),
                map: vec![(0, rest_start)],
                span: Span::new(rest_start, span.end),
            },
            heredocs: Vec::new(),
            empty_continuation_lines: Vec::new(),
            body,
        });
    }
    file
}

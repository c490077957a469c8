//! A small Markdown reader for the rules' docs: headings, paragraphs,
//! fenced code, bullet lists, and inline code, bold and links. It builds
//! Yew nodes, so every piece of text is a text node: nothing is ever
//! interpreted as HTML.

use yew::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Code(String),
    Strong(String),
    Link { text: String, href: String },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Heading(u8, Vec<Inline>),
    Paragraph(Vec<Inline>),
    Code { lang: String, text: String },
    List(Vec<Vec<Inline>>),
}

/// Only links that cannot run script: web pages and in-app anchors.
fn safe_href(href: &str) -> bool {
    let lower = href.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with('#')
}

pub fn inlines(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let taken = match c {
            '`' => rest[1..]
                .find('`')
                .map(|end| (Inline::Code(rest[1..1 + end].to_string()), end + 2)),
            '*' if rest.starts_with("**") => rest[2..]
                .find("**")
                .map(|end| (Inline::Strong(rest[2..2 + end].to_string()), end + 4)),
            '[' => rest.find("](").and_then(|mid| {
                let close = rest[mid + 2..].find(')')?;
                let text = &rest[1..mid];
                let href = &rest[mid + 2..mid + 2 + close];
                (!text.contains('[')).then(|| {
                    let node = if safe_href(href) {
                        Inline::Link {
                            text: text.to_string(),
                            href: href.trim().to_string(),
                        }
                    } else {
                        Inline::Text(text.to_string())
                    };
                    (node, mid + 3 + close)
                })
            }),
            _ => None,
        };
        match taken {
            Some((node, len)) => {
                if !plain.is_empty() {
                    out.push(Inline::Text(std::mem::take(&mut plain)));
                }
                out.push(node);
                rest = &rest[len..];
            }
            None => {
                plain.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    if !plain.is_empty() {
        out.push(Inline::Text(plain));
    }
    out
}

pub fn parse(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut list: Vec<Vec<Inline>> = Vec::new();
    let mut lines = markdown.lines();

    fn flush(blocks: &mut Vec<Block>, paragraph: &mut Vec<&str>, list: &mut Vec<Vec<Inline>>) {
        if !paragraph.is_empty() {
            blocks.push(Block::Paragraph(inlines(&paragraph.join(" "))));
            paragraph.clear();
        }
        if !list.is_empty() {
            blocks.push(Block::List(std::mem::take(list)));
        }
    }

    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if let Some(lang) = trimmed.strip_prefix("```") {
            flush(&mut blocks, &mut paragraph, &mut list);
            let mut text = String::new();
            for code_line in lines.by_ref() {
                if code_line.trim_start().starts_with("```") {
                    break;
                }
                text.push_str(code_line);
                text.push('\n');
            }
            blocks.push(Block::Code {
                lang: lang.trim().to_string(),
                text,
            });
        } else if trimmed.is_empty() {
            flush(&mut blocks, &mut paragraph, &mut list);
        } else if let Some(level) = heading_level(trimmed) {
            flush(&mut blocks, &mut paragraph, &mut list);
            let title = trimmed[level as usize..].trim();
            blocks.push(Block::Heading(level, inlines(title)));
        } else if let Some(item) = trimmed
            .strip_prefix("- ")
            .or_else(|| trimmed.strip_prefix("* "))
        {
            if !paragraph.is_empty() {
                flush(&mut blocks, &mut paragraph, &mut list);
            }
            list.push(inlines(item));
        } else if !list.is_empty() && line.starts_with("  ") {
            // A continuation line of the last list item.
            let last = list.last_mut().expect("not empty");
            last.push(Inline::Text(" ".into()));
            last.extend(inlines(trimmed));
        } else {
            if !list.is_empty() {
                flush(&mut blocks, &mut paragraph, &mut list);
            }
            paragraph.push(trimmed);
        }
    }
    flush(&mut blocks, &mut paragraph, &mut list);
    blocks
}

fn heading_level(line: &str) -> Option<u8> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    ((1..=6).contains(&hashes) && line[hashes..].starts_with(' ')).then_some(hashes as u8)
}

fn render_inlines(nodes: &[Inline]) -> Html {
    nodes
        .iter()
        .map(|node| match node {
            Inline::Text(t) => html! { {t.clone()} },
            Inline::Code(t) => html! { <code>{t.clone()}</code> },
            Inline::Strong(t) => html! { <strong>{t.clone()}</strong> },
            Inline::Link { text, href } => {
                if href.starts_with('#') {
                    html! { <a href={href.clone()}>{text.clone()}</a> }
                } else {
                    html! { <a href={href.clone()} rel="noopener noreferrer" target="_blank">{text.clone()}</a> }
                }
            }
        })
        .collect()
}

/// Render `markdown`; headings are shifted down by `shift` levels so a
/// page's own title stays the only `h1`/`h2`.
pub fn render(markdown: &str, shift: u8) -> Html {
    parse(markdown)
        .iter()
        .map(|block| match block {
            Block::Heading(level, text) => {
                let tag = format!("h{}", (level + shift).min(6));
                html! { <@{tag}>{render_inlines(text)}</@> }
            }
            Block::Paragraph(text) => html! { <p>{render_inlines(text)}</p> },
            Block::Code { lang, text } => html! {
                <pre class={classes!("code", format!("lang-{lang}"))} tabindex="0"><code>{text.clone()}</code></pre>
            },
            Block::List(items) => html! {
                <ul>{ for items.iter().map(|item| html! { <li>{render_inlines(item)}</li> }) }</ul>
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks() {
        let md = "\n## Why is this bad?\nPin a `tag`,\nplease.\n\n```dockerfile\nFROM a:latest\n```\n- one\n- two\n";
        assert_eq!(
            parse(md),
            vec![
                Block::Heading(2, vec![Inline::Text("Why is this bad?".into())]),
                Block::Paragraph(vec![
                    Inline::Text("Pin a ".into()),
                    Inline::Code("tag".into()),
                    Inline::Text(", please.".into()),
                ]),
                Block::Code {
                    lang: "dockerfile".into(),
                    text: "FROM a:latest\n".into()
                },
                Block::List(vec![
                    vec![Inline::Text("one".into())],
                    vec![Inline::Text("two".into())]
                ]),
            ]
        );
    }

    #[test]
    fn unsafe_links_become_text() {
        assert_eq!(
            inlines("[x](javascript:alert(1))"),
            vec![Inline::Text("x".into()), Inline::Text(")".into())]
        );
        assert_eq!(
            inlines("see [docs](https://docs.docker.com/) **now**"),
            vec![
                Inline::Text("see ".into()),
                Inline::Link {
                    text: "docs".into(),
                    href: "https://docs.docker.com/".into()
                },
                Inline::Text(" ".into()),
                Inline::Strong("now".into()),
            ]
        );
    }

    #[test]
    fn html_stays_text() {
        assert_eq!(
            inlines("<img src=x onerror=alert(1)>"),
            vec![Inline::Text("<img src=x onerror=alert(1)>".into())]
        );
    }

    #[test]
    fn unclosed_markers_are_text() {
        assert_eq!(
            inlines("a ` b ** c ["),
            vec![Inline::Text("a ` b ** c [".into())]
        );
    }
}

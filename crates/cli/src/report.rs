//! Output formats of `drydock lint`.

use std::io::Write;

use drydock_core::rules;
use drydock_core::{Diagnostic, Severity};
use serde::Serialize;
use serde_json::json;

/// The findings of one file.
pub struct FileResult {
    pub path: String,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Tty,
    Json,
    Sarif,
    Checkstyle,
    Gnu,
    Github,
}

pub fn write(
    out: &mut impl Write,
    format: Format,
    results: &[FileResult],
    color: bool,
) -> std::io::Result<()> {
    match format {
        Format::Tty => write_tty(out, results, color),
        Format::Json => write_json(out, results),
        Format::Sarif => write_sarif(out, results),
        Format::Checkstyle => write_checkstyle(out, results),
        Format::Gnu => write_gnu(out, results),
        Format::Github => write_github(out, results),
    }
}

fn all(results: &[FileResult]) -> impl Iterator<Item = (&str, &Diagnostic)> {
    results
        .iter()
        .flat_map(|r| r.diagnostics.iter().map(move |d| (r.path.as_str(), d)))
}

/// One finding as the JSON format prints it (1-based lines and columns).
#[derive(Serialize)]
struct JsonFinding<'a> {
    file: &'a str,
    code: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    severity: Severity,
    message: &'a str,
}

fn write_json(out: &mut impl Write, results: &[FileResult]) -> std::io::Result<()> {
    let findings: Vec<JsonFinding> = all(results)
        .map(|(file, d)| JsonFinding {
            file,
            code: &d.code,
            line: d.start.line,
            column: d.start.column,
            end_line: d.end.line,
            end_column: d.end.column,
            severity: d.severity,
            message: &d.message,
        })
        .collect();
    serde_json::to_writer(&mut *out, &findings)?;
    writeln!(out)
}

fn write_tty(out: &mut impl Write, results: &[FileResult], color: bool) -> std::io::Result<()> {
    for (file, d) in all(results) {
        let (on, off) = match (color, d.severity) {
            (false, _) => ("", ""),
            (true, Severity::Error) => ("\x1b[1;31m", "\x1b[0m"),
            (true, Severity::Warning) => ("\x1b[1;33m", "\x1b[0m"),
            (true, Severity::Info) => ("\x1b[1;36m", "\x1b[0m"),
            (true, Severity::Style) => ("\x1b[1;35m", "\x1b[0m"),
        };
        writeln!(
            out,
            "{file}:{}:{} {} {on}{}{off}: {}",
            d.start.line, d.start.column, d.code, d.severity, d.message
        )?;
    }
    Ok(())
}

fn write_gnu(out: &mut impl Write, results: &[FileResult]) -> std::io::Result<()> {
    for (file, d) in all(results) {
        writeln!(
            out,
            "{file}:{}:{}: {}: {} {}",
            d.start.line,
            d.start.column,
            d.severity,
            d.code,
            one_line(&d.message)
        )?;
    }
    Ok(())
}

fn one_line(s: &str) -> String {
    s.replace(['\r', '\n'], " ")
}

/// GitHub Actions workflow commands.
fn write_github(out: &mut impl Write, results: &[FileResult]) -> std::io::Result<()> {
    for (file, d) in all(results) {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info | Severity::Style => "notice",
        };
        writeln!(
            out,
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            gh_property(file),
            d.start.line,
            d.start.column,
            d.end.line,
            d.end.column,
            gh_property(&d.code),
            gh_data(&d.message)
        )?;
    }
    Ok(())
}

fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 => out.push('\u{FFFD}'),
            '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn write_checkstyle(out: &mut impl Write, results: &[FileResult]) -> std::io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<checkstyle version="4.3">"#)?;
    for r in results {
        writeln!(out, r#"  <file name="{}">"#, xml_escape(&r.path))?;
        for d in &r.diagnostics {
            let severity = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Style => "info",
            };
            writeln!(
                out,
                r#"    <error line="{}" column="{}" severity="{severity}" message="{}" source="{}"/>"#,
                d.start.line,
                d.start.column,
                xml_escape(&d.message),
                xml_escape(&d.code)
            )?;
        }
        writeln!(out, "  </file>")?;
    }
    writeln!(out, "</checkstyle>")
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "note",
    }
}

/// SARIF 2.1.0: one run, the rules that fired in `tool.driver.rules`.
fn write_sarif(out: &mut impl Write, results: &[FileResult]) -> std::io::Result<()> {
    let mut rule_ids: Vec<&str> = all(results).map(|(_, d)| d.code.as_str()).collect();
    rule_ids.sort_unstable();
    rule_ids.dedup();
    let rules_json: Vec<serde_json::Value> = rule_ids
        .iter()
        .map(|code| match rules::find(code) {
            Some(rule) => json!({
                "id": rule.code,
                "name": rule.name,
                "shortDescription": { "text": rule.summary },
                "fullDescription": { "text": rule.summary },
                "help": { "text": rule.docs.trim(), "markdown": rule.docs.trim() },
                "defaultConfiguration": { "level": sarif_level(rule.severity) },
                "properties": { "source": rule.source },
            }),
            None => json!({ "id": code }),
        })
        .collect();
    let results_json: Vec<serde_json::Value> = all(results)
        .map(|(file, d)| {
            json!({
                "ruleId": d.code,
                "ruleIndex": rule_ids.binary_search(&d.code.as_str()).unwrap_or(0),
                "level": sarif_level(d.severity),
                "message": { "text": d.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": file_uri(file) },
                        "region": {
                            "startLine": d.start.line.max(1),
                            "startColumn": d.start.column.max(1),
                            "endLine": d.end.line.max(1),
                            "endColumn": d.end.column.max(1),
                        }
                    }
                }],
                "properties": { "severity": d.severity },
            })
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "drydock",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rules_json,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results_json,
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// A relative URI reference for a path (`-` is standard input).
fn file_uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::new();
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' | b':' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(gh_data("50% a\nb"), "50%25 a%0Ab");
        assert_eq!(gh_property("a:b,c"), "a%3Ab%2Cc");
        assert_eq!(
            xml_escape("<a & \"b\">\u{1}"),
            "&lt;a &amp; &quot;b&quot;&gt;\u{FFFD}"
        );
        assert_eq!(file_uri("dir/my file#1"), "dir/my%20file%231");
        assert_eq!(file_uri("/tmp/Dockerfile"), "file:///tmp/Dockerfile");
    }
}

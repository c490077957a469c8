//! Findings in every `drydock lint --format`: tty, gnu, github,
//! checkstyle, JSON and SARIF 2.1.0. The CLI, the npm package's bin and
//! the playground's export (JSON, SARIF) write them with these functions.

use std::fmt::Write;

use drydock_core::rules;
use drydock_core::{Diagnostic, Severity};
use serde::Serialize;
use serde_json::{json, Value};

/// The findings of one file.
#[derive(Clone, Copy, Debug)]
pub struct FileFindings<'a> {
    pub path: &'a str,
    pub diagnostics: &'a [Diagnostic],
}

fn all<'a>(files: &'a [FileFindings<'a>]) -> impl Iterator<Item = (&'a str, &'a Diagnostic)> {
    files
        .iter()
        .flat_map(|f| f.diagnostics.iter().map(move |d| (f.path, d)))
}

/// `FILE:LINE:COL CODE SEVERITY: MESSAGE`, one line per finding; `color`
/// paints the severity with ANSI escapes (`drydock lint`'s default).
pub fn tty(files: &[FileFindings], color: bool) -> String {
    let mut out = String::new();
    for (file, d) in all(files) {
        let (on, off) = match (color, d.severity) {
            (false, _) => ("", ""),
            (true, Severity::Error) => ("\x1b[1;31m", "\x1b[0m"),
            (true, Severity::Warning) => ("\x1b[1;33m", "\x1b[0m"),
            (true, Severity::Info) => ("\x1b[1;36m", "\x1b[0m"),
            (true, Severity::Style) => ("\x1b[1;35m", "\x1b[0m"),
        };
        let _ = writeln!(
            out,
            "{file}:{}:{} {} {on}{}{off}: {}",
            d.start.line, d.start.column, d.code, d.severity, d.message
        );
    }
    out
}

/// GNU's `FILE:LINE:COL: SEVERITY: CODE MESSAGE`, one line per finding.
pub fn gnu(files: &[FileFindings]) -> String {
    let mut out = String::new();
    for (file, d) in all(files) {
        let _ = writeln!(
            out,
            "{file}:{}:{}: {}: {} {}",
            d.start.line,
            d.start.column,
            d.severity,
            d.code,
            one_line(&d.message)
        );
    }
    out
}

fn one_line(s: &str) -> String {
    s.replace(['\r', '\n'], " ")
}

/// GitHub Actions workflow commands (`::warning file=…::message`).
pub fn github(files: &[FileFindings]) -> String {
    let mut out = String::new();
    for (file, d) in all(files) {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info | Severity::Style => "notice",
        };
        let _ = writeln!(
            out,
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            gh_property(file),
            d.start.line,
            d.start.column,
            d.end.line,
            d.end.column,
            gh_property(&d.code),
            gh_data(&d.message)
        );
    }
    out
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

/// Checkstyle 4.3 XML.
pub fn checkstyle(files: &[FileFindings]) -> String {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n");
    for f in files {
        let _ = writeln!(out, r#"  <file name="{}">"#, xml_escape(f.path));
        for d in f.diagnostics {
            let severity = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Style => "info",
            };
            let _ = writeln!(
                out,
                r#"    <error line="{}" column="{}" severity="{severity}" message="{}" source="{}"/>"#,
                d.start.line,
                d.start.column,
                xml_escape(&d.message),
                xml_escape(&d.code)
            );
        }
        out.push_str("  </file>\n");
    }
    out.push_str("</checkstyle>\n");
    out
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

/// `[{file, code, line, column, end_line, end_column, severity, message}]`.
pub fn json(files: &[FileFindings]) -> Value {
    let findings: Vec<JsonFinding> = all(files)
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
    serde_json::to_value(findings).unwrap_or(Value::Null)
}

/// The document of [`json`], written straight to `out`: the same bytes as
/// `serde_json::to_writer(out, &json(files))`, without building the
/// `Value` tree first (whose objects sort their keys: the fields here are
/// declared in that order).
pub fn write_json(out: &mut impl std::io::Write, files: &[FileFindings]) -> serde_json::Result<()> {
    #[derive(Serialize)]
    struct Sorted<'a> {
        code: &'a str,
        column: usize,
        end_column: usize,
        end_line: usize,
        file: &'a str,
        line: usize,
        message: &'a str,
        severity: Severity,
    }
    let mut ser = serde_json::Serializer::new(out);
    serde::Serializer::collect_seq(
        &mut ser,
        all(files).map(|(file, d)| Sorted {
            code: &d.code,
            column: d.start.column,
            end_column: d.end.column,
            end_line: d.end.line,
            file,
            line: d.start.line,
            message: &d.message,
            severity: d.severity,
        }),
    )
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "note",
    }
}

/// SARIF 2.1.0: one run, the rules that fired in `tool.driver.rules`.
pub fn sarif(files: &[FileFindings]) -> Value {
    let mut rule_ids: Vec<&str> = all(files).map(|(_, d)| d.code.as_str()).collect();
    rule_ids.sort_unstable();
    rule_ids.dedup();
    let rules_json: Vec<Value> = rule_ids
        .iter()
        .map(|code| match rules::find(code) {
            Some(rule) => {
                let mut r = json!({
                    "id": rule.code,
                    "name": rule.name,
                    "shortDescription": { "text": rule.summary },
                    "fullDescription": { "text": rule.summary },
                    "defaultConfiguration": { "level": sarif_level(rule.severity) },
                    "properties": { "source": rule.source },
                });
                // Empty without the core's `docs` feature (the playground).
                if !rule.docs.is_empty() {
                    r["help"] = json!({ "text": rule.docs.trim(), "markdown": rule.docs.trim() });
                }
                r
            }
            None => json!({ "id": code }),
        })
        .collect();
    let results_json: Vec<Value> = all(files)
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
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "drydock",
                    "version": crate::VERSION,
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rules_json,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results_json,
        }]
    })
}

/// A relative URI reference for a path (`-` is standard input).
pub fn file_uri(path: &str) -> String {
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
    use drydock_core::{lint, Config};

    #[test]
    fn uris() {
        assert_eq!(file_uri("dir/my file#1"), "dir/my%20file%231");
        assert_eq!(file_uri("/tmp/Dockerfile"), "file:///tmp/Dockerfile");
    }

    #[test]
    fn json_written_directly_is_the_value_document() {
        // Messages with quotes, backslashes, control and non-ASCII
        // characters, several files, and a file without findings.
        let a = lint(
            "FROM ubuntu:latest\nRUN cd /x && echo \"é\\t\"\nMAINTAINER a <b@c>\n",
            &Config::default(),
        );
        let b = lint(
            "FROM debian\nRUN apt-get install -y curl\n",
            &Config::default(),
        );
        assert!(!a.is_empty() && !b.is_empty());
        let files = [
            FileFindings {
                path: "dir/Dockerfile \"q\"",
                diagnostics: &a,
            },
            FileFindings {
                path: "empty",
                diagnostics: &[],
            },
            FileFindings {
                path: "b",
                diagnostics: &b,
            },
        ];
        for files in [&files[..], &files[1..2], &[]] {
            let mut direct = Vec::new();
            write_json(&mut direct, files).unwrap();
            let via_value = serde_json::to_vec(&json(files)).unwrap();
            assert_eq!(
                String::from_utf8(direct).unwrap(),
                String::from_utf8(via_value).unwrap()
            );
        }
    }

    #[test]
    fn json_and_sarif_name_every_finding() {
        let d = lint(
            "FROM ubuntu:latest\nFROM debian:latest\n",
            &Config::default(),
        );
        let files = [FileFindings {
            path: "Dockerfile",
            diagnostics: &d,
        }];
        let j = json(&files);
        assert_eq!(j.as_array().unwrap().len(), d.len());
        assert_eq!(j[0]["code"], "DL3007");
        assert_eq!(j[1]["line"], 2);
        let s = sarif(&files);
        let run = &s["runs"][0];
        assert_eq!(run["results"].as_array().unwrap().len(), d.len());
        assert_eq!(run["tool"]["driver"]["rules"][0]["id"], "DL3007");
        assert_eq!(
            run["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"],
            2
        );
    }

    #[test]
    fn escapes() {
        assert_eq!(gh_data("50% a\nb"), "50%25 a%0Ab");
        assert_eq!(gh_property("a:b,c"), "a%3Ab%2Cc");
        assert_eq!(
            xml_escape("<a & \"b\">\u{1}"),
            "&lt;a &amp; &quot;b&quot;&gt;\u{FFFD}"
        );
    }
}

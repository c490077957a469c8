//! Findings as JSON and SARIF 2.1.0: `drydock lint --format json|sarif`
//! and the playground's export write the same documents.

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
}

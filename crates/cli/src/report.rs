//! Output formats of `drydock lint`.

use std::io::Write;

use drydock_core::{Diagnostic, Severity};

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

fn formats_files(results: &[FileResult]) -> Vec<drydock_formats::report::FileFindings<'_>> {
    results
        .iter()
        .map(|r| drydock_formats::report::FileFindings {
            path: &r.path,
            diagnostics: &r.diagnostics,
        })
        .collect()
}

/// The same document as the playground's JSON export.
fn write_json(out: &mut impl Write, results: &[FileResult]) -> std::io::Result<()> {
    let doc = drydock_formats::report::json(&formats_files(results));
    serde_json::to_writer(&mut *out, &doc)?;
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

/// SARIF 2.1.0, the same document as the playground's SARIF export.
fn write_sarif(out: &mut impl Write, results: &[FileResult]) -> std::io::Result<()> {
    let doc = drydock_formats::report::sarif(&formats_files(results));
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
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
    }
}

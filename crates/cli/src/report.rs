//! Output formats of `drydock lint`.

use std::io::Write;

use drydock_core::Diagnostic;

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
    drydock_formats::report::write_json(&mut *out, &formats_files(results))?;
    writeln!(out)
}

fn write_tty(out: &mut impl Write, results: &[FileResult], color: bool) -> std::io::Result<()> {
    out.write_all(drydock_formats::report::tty(&formats_files(results), color).as_bytes())
}

fn write_gnu(out: &mut impl Write, results: &[FileResult]) -> std::io::Result<()> {
    out.write_all(drydock_formats::report::gnu(&formats_files(results)).as_bytes())
}

/// GitHub Actions workflow commands.
fn write_github(out: &mut impl Write, results: &[FileResult]) -> std::io::Result<()> {
    out.write_all(drydock_formats::report::github(&formats_files(results)).as_bytes())
}

fn write_checkstyle(out: &mut impl Write, results: &[FileResult]) -> std::io::Result<()> {
    out.write_all(drydock_formats::report::checkstyle(&formats_files(results)).as_bytes())
}

/// SARIF 2.1.0, the same document as the playground's SARIF export.
fn write_sarif(out: &mut impl Write, results: &[FileResult]) -> std::io::Result<()> {
    let doc = drydock_formats::report::sarif(&formats_files(results));
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

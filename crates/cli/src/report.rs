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

/// One file's findings in the JSON report, made on the thread that linted
/// the file (writing the whole report after the lint kept one core busy
/// and the other idle): the array [`write_json`] writes for this file
/// alone. [`write_json_parts`] joins them.
pub fn json_part(result: &FileResult) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    drydock_formats::report::write_json(&mut buf, &formats_files(std::slice::from_ref(result)))?;
    Ok(buf)
}

/// The report [`write_json`] writes for all the files, from each file's
/// [`json_part`], in order: their arrays' items in one array.
pub fn write_json_parts(out: &mut impl Write, parts: &[Vec<u8>]) -> std::io::Result<()> {
    out.write_all(b"[")?;
    let mut first = true;
    for part in parts {
        // A compact array: `[` and `]` around its items, `[]` when empty.
        let items = part.get(1..part.len().saturating_sub(1)).unwrap_or(&[]);
        if items.is_empty() {
            continue;
        }
        if !first {
            out.write_all(b",")?;
        }
        first = false;
        out.write_all(items)?;
    }
    out.write_all(b"]\n")
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Each file's part, joined, is the report written at once.
    #[test]
    fn json_parts_join_into_the_report() {
        let config = drydock_core::Config::default();
        let texts = [
            "FROM ubuntu\nRUN apt-get install curl\nMAINTAINER \"x\\\"y\"\n",
            "FROM scratch\n",
            "",
            "FROM debian:latest\nRUN cd /tmp && sudo rm -rf x\n",
            "FROM scratch\n",
        ];
        let results: Vec<FileResult> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| FileResult {
                path: format!("dir/\"{i}\"\u{e9}"),
                diagnostics: drydock_core::lint(t, &config),
            })
            .collect();
        assert!(results[0].diagnostics.len() > 1 && results[1].diagnostics.is_empty());
        for n in 0..=results.len() {
            for skip in 0..n.max(1) {
                let chosen: Vec<FileResult> = results[..n]
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != skip)
                    .map(|(_, r)| FileResult {
                        path: r.path.clone(),
                        diagnostics: r.diagnostics.clone(),
                    })
                    .collect();
                let mut whole = Vec::new();
                write_json(&mut whole, &chosen).unwrap();
                let parts: Vec<Vec<u8>> = chosen.iter().map(|r| json_part(r).unwrap()).collect();
                let mut joined = Vec::new();
                write_json_parts(&mut joined, &parts).unwrap();
                assert_eq!(
                    String::from_utf8(joined).unwrap(),
                    String::from_utf8(whole).unwrap()
                );
            }
        }
    }
}

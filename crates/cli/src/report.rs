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
/// alone, byte for byte (a test compares them), written without serde:
/// the keys are constants and the path is escaped once per file.
pub fn json_part(result: &FileResult) -> Vec<u8> {
    let mut path = Vec::with_capacity(result.path.len() + 2);
    json_string(&mut path, &result.path);
    let mut out = Vec::with_capacity(2 + result.diagnostics.len() * (160 + path.len()));
    let mut numbers = itoa::Buffer::new();
    out.push(b'[');
    for (i, d) in result.diagnostics.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        // The keys in the order of `drydock_formats::report::write_json`.
        out.extend_from_slice(b"{\"code\":");
        json_string(&mut out, &d.code);
        out.extend_from_slice(b",\"column\":");
        out.extend_from_slice(numbers.format(d.start.column).as_bytes());
        out.extend_from_slice(b",\"end_column\":");
        out.extend_from_slice(numbers.format(d.end.column).as_bytes());
        out.extend_from_slice(b",\"end_line\":");
        out.extend_from_slice(numbers.format(d.end.line).as_bytes());
        out.extend_from_slice(b",\"file\":");
        out.extend_from_slice(&path);
        out.extend_from_slice(b",\"line\":");
        out.extend_from_slice(numbers.format(d.start.line).as_bytes());
        out.extend_from_slice(b",\"message\":");
        json_string(&mut out, &d.message);
        out.extend_from_slice(b",\"severity\":\"");
        out.extend_from_slice(d.severity.as_str().as_bytes());
        out.extend_from_slice(b"\"}");
    }
    out.push(b']');
    out
}

/// `s` as a JSON string, escaped as serde_json escapes it: `"`, `\\` and
/// the control characters below U+0020 (`\\n`, `\\r`, `\\t`, `\\b`, `\\f`,
/// else `\\u00XX` in lowercase hex); everything else as it is.
fn json_string(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    out.push(b'"');
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time while none needs escaping (most text).
        if let Some(word) = bytes
            .get(i..i + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
        {
            if !any_escaped(u64::from_le_bytes(word)) {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        let short: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0..=0x1f => b"",
            _ => {
                i += 1;
                continue;
            }
        };
        out.extend_from_slice(&bytes[start..i]);
        if short.is_empty() {
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(b >> 4)]);
            out.push(HEX[usize::from(b & 0xf)]);
        } else {
            out.extend_from_slice(short);
        }
        i += 1;
        start = i;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// Whether one of the eight bytes of `word` is escaped in a JSON string:
/// below 0x20, `"` or `\\` (the "has a byte less than n" and "has a zero
/// byte" tests of "Bit Twiddling Hacks": exact for whether any byte is).
fn any_escaped(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |w: u64| w.wrapping_sub(ONES) & !w & HIGH;
    let control = word.wrapping_sub(ONES * 0x20) & !word & HIGH;
    let quote = zero_byte(word ^ (ONES * u64::from(b'"')));
    let backslash = zero_byte(word ^ (ONES * u64::from(b'\\')));
    control | quote | backslash != 0
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

    /// The eight-byte test agrees with the byte test, for every byte in
    /// every position among plain bytes (ASCII and UTF-8's).
    #[test]
    fn eight_bytes_at_a_time() {
        for filler in [b'a', 0x7f, 0x80, 0xff, b' '] {
            for b in 0..=255u8 {
                for at in 0..8 {
                    let mut word = [filler; 8];
                    word[at] = b;
                    let escaped = b < 0x20 || b == b'"' || b == b'\\';
                    assert_eq!(
                        any_escaped(u64::from_le_bytes(word)),
                        escaped,
                        "{b:#x} at {at}"
                    );
                }
            }
        }
    }

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
        let mut results: Vec<FileResult> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| FileResult {
                path: format!("dir/\"{i}\"\u{e9}\\\n\r\t\u{8}\u{c}\u{1}\u{1f}\u{7f} \u{2028}/"),
                diagnostics: drydock_core::lint(t, &config),
            })
            .collect();
        assert!(results[0].diagnostics.len() > 1 && results[1].diagnostics.is_empty());
        // Every character serde_json escapes, in a message.
        let mut odd = results[0].diagnostics[0].clone();
        odd.message = (0u8..0x80)
            .map(char::from)
            .chain("\u{e9}\u{2028}\u{1f600}".chars())
            .collect();
        odd.severity = drydock_core::Severity::Error;
        results[0].diagnostics.push(odd);
        for (i, s) in drydock_core::Severity::ALL.into_iter().enumerate() {
            if let Some(d) = results[0].diagnostics.get_mut(i) {
                d.severity = s;
            }
        }
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
                let parts: Vec<Vec<u8>> = chosen.iter().map(json_part).collect();
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

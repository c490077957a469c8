//! Drydock's npm package: the core compiled to WebAssembly for Node
//! (`wasm-bindgen --target nodejs`, see `crates/node/npm/`).
//!
//! The package's library API is `lint`, `fix` and `analyze` (the JS API
//! of `drydock-js`, linked in with its exports), plus [`js_build_plan`]
//! and [`js_format`] here. The package's `drydock` bin reads the files
//! and calls [`js_lint_report`], which lints them as `drydock lint` does
//! and writes the report with the same functions (`drydock-formats`), so
//! the two print the same bytes.

use drydock_core::{Inputs, Severity};
use drydock_formats::report::{self, FileFindings};
use drydock_js::{options_from, to_js, Options};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

/// One file to lint: its name as reports print it, its text, and the
/// `.dockerignore` that applies to it (read by the caller).
#[derive(Clone, Debug, Deserialize)]
pub struct Input {
    pub path: String,
    pub text: String,
    #[serde(default)]
    pub dockerignore: Option<String>,
}

/// A report and the most severe finding in it (for the exit code).
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub output: String,
    pub worst: Option<Severity>,
}

/// The formats of `drydock lint --format`.
pub const FORMATS: [&str; 6] = ["tty", "json", "sarif", "checkstyle", "gnu", "github"];

/// Lint `files` with `options` (its `dockerignore` is replaced by each
/// file's) and write the report in `format`, as `drydock lint` does.
pub fn lint_report(
    files: &[Input],
    options: &Options,
    format: &str,
    color: bool,
) -> Result<Report, String> {
    let diagnostics: Vec<_> = files
        .iter()
        .map(|f| {
            let inputs = Inputs {
                dockerignore: f.dockerignore.as_deref(),
            };
            drydock_core::lint_with(&f.text, &options.config, &inputs)
        })
        .collect();
    let found: Vec<FileFindings> = files
        .iter()
        .zip(&diagnostics)
        .map(|(f, d)| FileFindings {
            path: &f.path,
            diagnostics: d,
        })
        .collect();
    let json = |v: serde_json::Value, pretty: bool| {
        let text = if pretty {
            serde_json::to_string_pretty(&v)
        } else {
            serde_json::to_string(&v)
        };
        text.map(|t| t + "\n").map_err(|e| e.to_string())
    };
    let output = match format {
        "tty" => report::tty(&found, color),
        "json" => json(report::json(&found), false)?,
        "sarif" => json(report::sarif(&found), true)?,
        "checkstyle" => report::checkstyle(&found),
        "gnu" => report::gnu(&found),
        "github" => report::github(&found),
        other => {
            return Err(format!(
                "format {other:?} is not supported ({})",
                FORMATS.join(", ")
            ))
        }
    };
    let worst = diagnostics.iter().flatten().map(|d| d.severity).max();
    Ok(Report { output, worst })
}

/// `lintReport(files, config, format, color)`: what `drydock lint`
/// prints for `files` (`[{path, text, dockerignore?}]`), and the most
/// severe finding (`"error"`, …, or `null`).
#[wasm_bindgen(js_name = lintReport)]
pub fn js_lint_report(
    files: JsValue,
    config: JsValue,
    format: &str,
    color: bool,
) -> Result<JsValue, JsError> {
    let files: Vec<Input> = serde_wasm_bindgen::from_value(files)
        .map_err(|e| JsError::new(&format!("drydock: files: {e}")))?;
    let options = options_from(config)?;
    let report = lint_report(&files, &options, format, color)
        .map_err(|e| JsError::new(&format!("drydock: {e}")))?;
    to_js(&report)
}

/// `buildPlan(text, config?)`: the build model (`drydock build-plan
/// --format json`): `{stages, edges, steps, scenarios, estimates, notes}`.
#[wasm_bindgen(js_name = buildPlan)]
pub fn js_build_plan(text: &str, config: JsValue) -> Result<JsValue, JsError> {
    let options = options_from(config)?;
    let inputs = Inputs {
        dockerignore: options.dockerignore.as_deref(),
    };
    to_js(&drydock_core::build_plan(text, &options.config, &inputs))
}

/// `buildPlanJson(text, config?)`: the plan as `drydock build-plan
/// --format json` prints it (the bin's output, byte for byte).
#[wasm_bindgen(js_name = buildPlanJson)]
pub fn js_build_plan_json(text: &str, config: JsValue) -> Result<String, JsError> {
    let options = options_from(config)?;
    let inputs = Inputs {
        dockerignore: options.dockerignore.as_deref(),
    };
    let plan = drydock_core::build_plan(text, &options.config, &inputs);
    serde_json::to_string_pretty(&plan)
        .map(|t| t + "\n")
        .map_err(|e| JsError::new(&e.to_string()))
}

/// The indent `format` takes: a number of spaces, or `"tab"`.
pub fn indent(value: Option<&str>) -> Result<drydock_core::format::Options, String> {
    use drydock_core::format::{Indent, Options};
    let indent = match value {
        None => return Ok(Options::default()),
        Some("tab") => Indent::Tab,
        Some(n) => Indent::Spaces(n.parse().map_err(|_| {
            format!("drydock: indent {n:?}: expected a number of spaces or \"tab\"")
        })?),
    };
    Ok(Options { indent })
}

/// `format(text, indent?)`: the formatted file (`drydock fmt` with its
/// defaults); `indent` is a number of spaces or `"tab"`. Throws when the
/// file cannot be formatted safely.
#[wasm_bindgen(js_name = format)]
pub fn js_format(text: &str, indent: Option<String>) -> Result<String, JsError> {
    let options = self::indent(indent.as_deref()).map_err(|e| JsError::new(&e))?;
    drydock_core::format::format(text, &options)
        .map_err(|e| JsError::new(&format!("drydock: cannot format: {e}")))
}

/// `readConfig(text, origin)`: a `.hadolint.yaml`'s text as `drydock lint`
/// reads it: `{config, no_fail, never_fail, format, no_color, warnings}`
/// (`config` is what `lint` and `lintReport` take). Throws with the
/// CLI's message when the file is not valid.
#[wasm_bindgen(js_name = readConfig)]
pub fn js_read_config(text: &str, origin: &str) -> Result<JsValue, JsError> {
    let loaded = drydock_formats::config_file::parse(text, origin)
        .map_err(|e| JsError::new(&format!("drydock: {e}")))?;
    to_js(&loaded)
}

/// `version()`: the package's version (the crates').
#[wasm_bindgen(js_name = version)]
pub fn js_version() -> String {
    drydock_formats::VERSION.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(path: &str, text: &str, dockerignore: Option<&str>) -> Input {
        Input {
            path: path.into(),
            text: text.into(),
            dockerignore: dockerignore.map(Into::into),
        }
    }

    #[test]
    fn reports_in_every_format() {
        let files = [
            input("a/Dockerfile", "FROM ubuntu:latest\nCOPY . /app\n", None),
            input("b/Dockerfile", "FROM scratch\n", None),
        ];
        let options = Options::default();
        let tty = lint_report(&files, &options, "tty", false).unwrap();
        assert!(tty.output.starts_with("a/Dockerfile:1:1 DL3007 warning: "));
        assert_eq!(tty.worst, Some(Severity::Warning));
        for format in FORMATS {
            let r = lint_report(&files, &options, format, false).unwrap();
            assert!(r.output.contains("a/Dockerfile"), "{format}");
            assert!(r.output.ends_with('\n'), "{format}");
        }
        let clean = lint_report(&files[1..], &options, "json", false).unwrap();
        assert_eq!(clean.output, "[]\n");
        assert_eq!(clean.worst, None);
        assert!(lint_report(&files, &options, "xml", false).is_err());
    }

    #[test]
    fn each_file_reads_its_own_dockerignore() {
        let text = "FROM ubuntu:22.04\nCOPY . /app\n";
        let files = [
            input("with", text, Some(".git\n.env\n")),
            input("without", text, None),
        ];
        let r = lint_report(&files, &Options::default(), "gnu", false).unwrap();
        assert!(!r.output.contains("with:2:1: info: DD003"), "{}", r.output);
        assert!(
            r.output.contains("without:2:1: info: DD003"),
            "{}",
            r.output
        );
    }

    #[test]
    fn a_config_file_is_what_lint_takes() {
        let loaded = drydock_formats::config_file::parse(
            "ignored: [DL3007]\nfailure-threshold: warning\nformat: gnu\n",
            ".hadolint.yaml",
        )
        .unwrap();
        let value = serde_json::to_value(&loaded.config).unwrap();
        let options = drydock_js::options::parse(value).unwrap();
        let files = [input("Dockerfile", "FROM ubuntu:latest\n", None)];
        let r = lint_report(&files, &options, "gnu", false).unwrap();
        assert!(!r.output.contains("DL3007"), "{}", r.output);
        assert_eq!(loaded.format.as_deref(), Some("gnu"));
    }

    #[test]
    fn indents() {
        assert!(indent(None).is_ok());
        assert!(indent(Some("tab")).is_ok());
        assert!(indent(Some("2")).is_ok());
        assert!(indent(Some("two")).is_err());
    }
}

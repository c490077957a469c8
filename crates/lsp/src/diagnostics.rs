//! Findings as LSP diagnostics: the rule's code, its severity, the message
//! and a link to the rule's page.

use lsp_types::{CodeDescription, Diagnostic, DiagnosticSeverity, NumberOrString, Url};

use drydock_core::Severity;

use crate::document::Document;

/// Where rule pages are when the client does not say: the playground
/// `make serve` runs (the same default as `drydock share --base`).
pub const DEFAULT_DOCS_URL: &str = "http://127.0.0.1:8080/";

/// The page of rule `code`: the playground's `#rule/CODE`.
pub fn rule_url(docs_url: &str, code: &str) -> Option<Url> {
    let base = docs_url.split('#').next().unwrap_or(docs_url);
    Url::parse(&format!("{base}#rule/{code}")).ok()
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Style => DiagnosticSeverity::HINT,
    }
}

/// A finding as the editor shows it: underlined where exactly the problem
/// is (a ShellCheck finding's place inside its `RUN`; hadolint reports it
/// on the whole `RUN`, which JSON and SARIF keep), else on its span.
pub fn to_lsp(d: &drydock_core::Diagnostic, doc: &Document, docs_url: &str) -> Diagnostic {
    Diagnostic {
        range: doc.range(d.exact_span()),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.to_string())),
        code_description: rule_url(docs_url, &d.code).map(|href| CodeDescription { href }),
        source: Some("drydock".into()),
        message: d.message.clone(),
        related_information: None,
        tags: None,
        data: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_links() {
        assert_eq!(
            rule_url("https://x.test/dd/", "DL3008").unwrap().as_str(),
            "https://x.test/dd/#rule/DL3008"
        );
        assert_eq!(
            rule_url("https://x.test/#code=a", "DD001")
                .unwrap()
                .as_str(),
            "https://x.test/#rule/DD001"
        );
        assert_eq!(rule_url("not a url", "DD001"), None);
    }
}

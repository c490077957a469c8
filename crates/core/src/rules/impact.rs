//! What a finding costs the people who build and run the image: the
//! playground orders its problems by this, not by hadolint's severities
//! (which put "MAINTAINER is deprecated" above "every source edit
//! reinstalls the dependencies").
//!
//! The scale, most costly first (`docs/impact.md` says the same for users):
//!
//! 1. [`Impact::Security`]: a secret in the image, TLS checks off, root at
//!    run time, code from an untrusted place;
//! 2. [`Impact::Breaks`]: the build fails, or will fail on a rebuild
//!    (syntax, an instruction BuildKit rejects, an interactive prompt, a
//!    stage that does not exist);
//! 3. [`Impact::Size`]: the image is bigger than it needs to be (full base
//!    image, caches and build tools left in layers, no `.dockerignore`);
//! 4. [`Impact::Rebuild`]: rebuilds redo work they could take from the
//!    layer cache (dependencies installed after the sources are copied);
//! 5. [`Impact::Runtime`]: the image builds but behaves differently than
//!    meant, or differently from one build to the next (unpinned versions,
//!    signals not reaching the process, a pipe's failure hidden);
//! 6. [`Impact::Style`]: deprecated or inconsistent spelling with no effect
//!    on the image (casing, `MAINTAINER`, labels' formats).
//!
//! The seed articles' points ([`leads`]) come first within the whole list
//! after security and broken builds: the dependency install ordered for the
//! cache, build tools left in the final image, a full base image where a
//! slim one exists, a single-stage build of compiled code.

use serde::Serialize;

/// How much a finding costs; the order is the ranking (most costly first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Impact {
    Security,
    Breaks,
    Size,
    Rebuild,
    Runtime,
    Style,
}

impl Impact {
    pub const ALL: [Impact; 6] = [
        Impact::Security,
        Impact::Breaks,
        Impact::Size,
        Impact::Rebuild,
        Impact::Runtime,
        Impact::Style,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Security => "security",
            Impact::Breaks => "breaks",
            Impact::Size => "size",
            Impact::Rebuild => "rebuild",
            Impact::Runtime => "runtime",
            Impact::Style => "style",
        }
    }

    /// A few words for a person.
    pub fn label(self) -> &'static str {
        match self {
            Impact::Security => "Security",
            Impact::Breaks => "Build breaks",
            Impact::Size => "Image size",
            Impact::Rebuild => "Rebuild time",
            Impact::Runtime => "Runtime",
            Impact::Style => "Style",
        }
    }
}

use Impact::*;

/// The articles' points: shown first after security and broken builds.
static LEADS: &[&str] = &["DD002", "DD004", "DD010", "DD001", "DD011"];

/// The impact of a finding of `code` (a rule code, any case; a rule's name
/// works too). `None` for a code no rule has.
pub fn impact(code: &str) -> Option<Impact> {
    static TABLE: &[super::Registered] = &super::REGISTRY;
    let rule = super::find(code)?;
    TABLE
        .iter()
        .find(|r| r.rule.code == rule.code)
        .map(|r| r.impact)
}

/// Whether `code` is one of the seed articles' points (see the module
/// docs), and its place among them.
pub fn leads(code: &str) -> Option<usize> {
    LEADS.iter().position(|c| c.eq_ignore_ascii_case(code))
}

/// The ranking key of a problem reported by `codes` (most costly first
/// when sorted ascending): security and broken builds, then the articles'
/// points, then the rest by impact. Unknown codes rank as runtime.
pub fn rank(codes: &[impl AsRef<str>]) -> (u8, usize, Impact) {
    let impact = codes
        .iter()
        .filter_map(|c| impact(c.as_ref()))
        .min()
        .unwrap_or(Runtime);
    let lead = codes.iter().filter_map(|c| leads(c.as_ref())).min();
    match (impact, lead) {
        (Security | Breaks, _) => (0, impact as usize, impact),
        (_, Some(l)) => (1, l, impact),
        _ => (2, impact as usize, impact),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RULES;

    #[test]
    fn a_rules_impact_is_found_by_its_code_in_any_case_and_by_its_name() {
        // Each rule's impact is given on its registry line (`rules!`); the
        // lookup must find that entry however the rule is named.
        for registered in crate::rules::REGISTRY.iter() {
            let r = registered.rule;
            let want = Some(registered.impact);
            assert_eq!(impact(r.code), want, "{}", r.code);
            assert_eq!(impact(&r.code.to_ascii_lowercase()), want, "{}", r.code);
            assert_eq!(impact(r.name), want, "{}", r.name);
        }
    }

    #[test]
    fn every_lead_is_a_rule() {
        for lead in LEADS {
            assert!(RULES.iter().any(|r| r.code == *lead), "{lead}");
        }
    }

    #[test]
    fn the_ranking_puts_what_costs_most_first() {
        let mut codes = vec!["DL4000", "DD002", "DD009", "DL3042", "DD004", "DL1000"];
        codes.sort_by_key(|c| rank(&[c]));
        assert_eq!(
            codes,
            ["DD009", "DL1000", "DD002", "DD004", "DL3042", "DL4000"]
        );
        // A problem reported by several codes ranks by the costliest.
        assert_eq!(rank(&["DL4000", "MaintainerDeprecated"]).2, Style);
        assert_eq!(rank(&["DD009", "SecretsUsedInArgOrEnv"]).2, Security);
        assert_eq!(impact("latest-tag"), Some(Runtime));
        assert_eq!(impact("NOPE"), None);
    }
}

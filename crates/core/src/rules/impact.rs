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

/// Every rule's impact, by code.
static TABLE: &[(&str, Impact)] = &[
    // Drydock's own rules (the articles).
    ("DD001", Size),
    ("DD002", Rebuild),
    ("DD003", Size),
    ("DD004", Size),
    ("DD005", Size),
    ("DD006", Rebuild),
    ("DD007", Security),
    ("DD008", Runtime),
    ("DD009", Security),
    ("DD010", Size),
    ("DD011", Size),
    ("DD012", Security),
    ("DD013", Runtime),
    ("DD014", Breaks),
    ("DD015", Size),
    ("DD016", Security),
    ("DD017", Security),
    ("DD018", Security),
    ("DD019", Runtime),
    ("DD020", Security),
    ("DD021", Security),
    ("DD022", Security),
    ("DD023", Security),
    ("DD024", Security),
    // hadolint.
    ("DL1000", Breaks),
    ("DL1001", Style),
    ("DL3000", Runtime),
    ("DL3001", Style),
    ("DL3002", Security),
    ("DL3003", Style),
    ("DL3004", Security),
    ("DL3006", Runtime),
    ("DL3007", Runtime),
    ("DL3008", Runtime),
    ("DL3009", Size),
    ("DL3010", Size),
    ("DL3011", Breaks),
    ("DL3012", Breaks),
    ("DL3013", Runtime),
    ("DL3014", Breaks),
    ("DL3015", Size),
    ("DL3016", Runtime),
    ("DL3018", Runtime),
    ("DL3019", Size),
    ("DL3020", Runtime),
    ("DL3021", Breaks),
    ("DL3022", Breaks),
    ("DL3023", Breaks),
    ("DL3024", Breaks),
    ("DL3025", Runtime),
    ("DL3026", Security),
    ("DL3027", Breaks),
    ("DL3028", Runtime),
    ("DL3029", Runtime),
    ("DL3030", Breaks),
    ("DL3032", Size),
    ("DL3033", Runtime),
    ("DL3034", Breaks),
    ("DL3035", Runtime),
    ("DL3036", Size),
    ("DL3037", Runtime),
    ("DL3038", Breaks),
    ("DL3040", Size),
    ("DL3041", Runtime),
    ("DL3042", Size),
    ("DL3043", Breaks),
    ("DL3044", Runtime),
    ("DL3045", Runtime),
    ("DL3046", Size),
    ("DL3047", Style),
    ("DL3048", Style),
    ("DL3049", Style),
    ("DL3050", Style),
    ("DL3051", Style),
    ("DL3052", Style),
    ("DL3053", Style),
    ("DL3054", Style),
    ("DL3055", Style),
    ("DL3056", Style),
    ("DL3057", Runtime),
    ("DL3058", Style),
    ("DL3059", Style),
    ("DL3060", Size),
    ("DL3061", Breaks),
    ("DL3062", Runtime),
    ("DL3063", Style),
    ("DL3064", Security),
    ("DL3065", Style),
    ("DL3066", Runtime),
    ("DL3067", Size),
    ("DL4000", Style),
    ("DL4001", Size),
    ("DL4003", Runtime),
    ("DL4004", Runtime),
    ("DL4005", Runtime),
    ("DL4006", Runtime),
    // BuildKit's checks.
    ("ConsistentInstructionCasing", Style),
    ("CopyIgnoredFile", Breaks),
    ("DuplicateStageName", Breaks),
    ("ExposeInvalidFormat", Breaks),
    ("ExposeProtoCasing", Style),
    ("FromAsCasing", Style),
    ("FromPlatformFlagConstDisallowed", Runtime),
    ("InvalidDefaultArgInFrom", Breaks),
    ("InvalidDefinitionDescription", Style),
    ("JSONArgsRecommended", Runtime),
    ("LegacyKeyValueFormat", Style),
    ("MaintainerDeprecated", Style),
    ("MultipleInstructionsDisallowed", Runtime),
    ("NoEmptyContinuation", Breaks),
    ("RedundantTargetPlatform", Style),
    ("ReservedStageName", Breaks),
    ("SecretsUsedInArgOrEnv", Security),
    ("StageNameCasing", Style),
    ("UndefinedArgInFrom", Breaks),
    ("UndefinedVar", Runtime),
    ("WorkdirRelativePath", Runtime),
    // ShellCheck's codes (the shell inside RUN).
    ("SC1065", Breaks),
    ("SC1088", Breaks),
    ("SC2006", Style),
    ("SC2016", Runtime),
    ("SC2028", Runtime),
    ("SC2035", Runtime),
    ("SC2046", Runtime),
    ("SC2086", Runtime),
    ("SC2155", Breaks),
    ("SC2164", Breaks),
    ("SC3009", Breaks),
    ("SC3037", Runtime),
    ("SC2129", Style),
    ("SC2268", Style),
    ("SC2115", Breaks),
    ("SC2231", Runtime),
    ("SC2156", Security),
    ("SC2261", Runtime),
    ("SC2140", Runtime),
    ("SC2043", Runtime),
    ("SC2181", Style),
    ("SC2166", Runtime),
    ("SC2196", Style),
    ("SC2162", Runtime),
    ("SC3020", Breaks),
    ("SC3014", Breaks),
    ("SC3003", Breaks),
    ("SC3010", Breaks),
    ("SC2185", Breaks),
    ("SC2174", Security),
    ("SC2044", Runtime),
    ("SC2013", Runtime),
    ("SC1083", Runtime),
    ("SC3046", Breaks),
    ("SC3045", Breaks),
    ("SC3040", Breaks),
    ("SC2251", Breaks),
    ("SC2226", Runtime),
    ("SC2154", Runtime),
    ("SC2288", Breaks),
    ("SC2291", Runtime),
    ("SC1003", Runtime),
    ("SC1010", Breaks),
    ("SC2102", Runtime),
    ("SC2153", Runtime),
    ("SC2034", Runtime),
    ("SC2015", Runtime),
    ("SC2012", Runtime),
    ("SC2211", Breaks),
    ("SC2238", Breaks),
    ("SC1018", Breaks),
    ("SC2126", Style),
    ("SC2059", Runtime),
    ("SC2038", Runtime),
];

/// The articles' points: shown first after security and broken builds.
static LEADS: &[&str] = &["DD002", "DD004", "DD010", "DD001", "DD011"];

/// The impact of a finding of `code` (a rule code, any case; a rule's name
/// works too). `None` for a code no rule has.
pub fn impact(code: &str) -> Option<Impact> {
    let code = super::find(code).map_or(code, |r| r.code);
    TABLE
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(code))
        .map(|&(_, i)| i)
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
    fn every_rule_has_an_impact_and_every_entry_a_rule() {
        let missing: Vec<&str> = RULES
            .iter()
            .map(|r| r.code)
            .filter(|c| !TABLE.iter().any(|(t, _)| t == c))
            .collect();
        assert_eq!(missing, Vec::<&str>::new(), "rules without an impact");
        let unknown: Vec<&str> = TABLE
            .iter()
            .map(|(c, _)| *c)
            .filter(|c| !RULES.iter().any(|r| r.code == *c))
            .collect();
        assert_eq!(unknown, Vec::<&str>::new(), "impacts of no rule");
        assert_eq!(TABLE.len(), RULES.len(), "one entry per rule");
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

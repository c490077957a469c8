use crate::config::LabelType;
use crate::rules::hadolint::scan::check_typed_labels;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3054",
    name: "label-not-spdx",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Label `<label>` is not a valid SPDX identifier.",
    docs: r#"
## What it does
Reports a `LABEL` whose key the label schema types as `spdx` and whose
value is not an SPDX license identifier (`MIT`, `Apache-2.0`,
`GPL-3.0-or-later` …). Values that depend on a build argument without a
default are not judged.

Only active with a label schema in the configuration (hadolint's
`label-schema`). Drydock knows the commonly used part of the SPDX license
list (plus any `LicenseRef-…`); a rare identifier outside it is reported.

## Configuration
```json
{"label_schema": {"org.opencontainers.image.licenses": "spdx"}}
```

## Why is this bad?
License scanners and registries read `org.opencontainers.image.licenses`
to decide whether an image may be used. `Apache 2`, `GPL` or `BSD` are
ambiguous; SPDX identifiers are not.

## Example
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.licenses="Apache 2"
```

## Use instead
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.licenses="Apache-2.0"
```
"#,
    check,
};

/// Frequently used identifiers of the SPDX license list.
const SPDX: &[&str] = &[
    "0BSD",
    "AAL",
    "AFL-1.1",
    "AFL-1.2",
    "AFL-2.0",
    "AFL-2.1",
    "AFL-3.0",
    "AGPL-1.0",
    "AGPL-1.0-only",
    "AGPL-1.0-or-later",
    "AGPL-3.0",
    "AGPL-3.0-only",
    "AGPL-3.0-or-later",
    "Apache-1.0",
    "Apache-1.1",
    "Apache-2.0",
    "APSL-2.0",
    "Artistic-1.0",
    "Artistic-2.0",
    "Beerware",
    "BitTorrent-1.1",
    "BlueOak-1.0.0",
    "BSD-1-Clause",
    "BSD-2-Clause",
    "BSD-2-Clause-Patent",
    "BSD-3-Clause",
    "BSD-3-Clause-Clear",
    "BSD-4-Clause",
    "BSL-1.0",
    "BUSL-1.1",
    "bzip2-1.0.6",
    "CAL-1.0",
    "CC-BY-1.0",
    "CC-BY-2.0",
    "CC-BY-2.5",
    "CC-BY-3.0",
    "CC-BY-4.0",
    "CC-BY-NC-4.0",
    "CC-BY-NC-SA-4.0",
    "CC-BY-ND-4.0",
    "CC-BY-SA-3.0",
    "CC-BY-SA-4.0",
    "CC0-1.0",
    "CDDL-1.0",
    "CDDL-1.1",
    "CECILL-2.1",
    "CPAL-1.0",
    "CPL-1.0",
    "curl",
    "ECL-2.0",
    "EFL-2.0",
    "EPL-1.0",
    "EPL-2.0",
    "EUPL-1.1",
    "EUPL-1.2",
    "FSFAP",
    "FTL",
    "GFDL-1.3",
    "GFDL-1.3-only",
    "GFDL-1.3-or-later",
    "GPL-1.0",
    "GPL-1.0-only",
    "GPL-1.0-or-later",
    "GPL-2.0",
    "GPL-2.0-only",
    "GPL-2.0-or-later",
    "GPL-3.0",
    "GPL-3.0-only",
    "GPL-3.0-or-later",
    "HPND",
    "ICU",
    "IJG",
    "ImageMagick",
    "IPA",
    "IPL-1.0",
    "ISC",
    "JSON",
    "LGPL-2.0",
    "LGPL-2.0-only",
    "LGPL-2.0-or-later",
    "LGPL-2.1",
    "LGPL-2.1-only",
    "LGPL-2.1-or-later",
    "LGPL-3.0",
    "LGPL-3.0-only",
    "LGPL-3.0-or-later",
    "Libpng",
    "libpng-2.0",
    "LPL-1.02",
    "LPPL-1.3c",
    "MirOS",
    "MIT",
    "MIT-0",
    "MIT-CMU",
    "MPL-1.0",
    "MPL-1.1",
    "MPL-2.0",
    "MPL-2.0-no-copyleft-exception",
    "MS-PL",
    "MS-RL",
    "MulanPSL-2.0",
    "NCSA",
    "NTP",
    "ODbL-1.0",
    "OFL-1.1",
    "OpenSSL",
    "OSL-3.0",
    "PHP-3.0",
    "PHP-3.01",
    "PostgreSQL",
    "PSF-2.0",
    "Python-2.0",
    "Ruby",
    "SGI-B-2.0",
    "SISSL",
    "Sleepycat",
    "SSPL-1.0",
    "Unicode-DFS-2016",
    "Unlicense",
    "UPL-1.0",
    "Vim",
    "W3C",
    "WTFPL",
    "X11",
    "Xnet",
    "Zlib",
    "zlib-acknowledgement",
    "ZPL-2.0",
    "ZPL-2.1",
];

/// An SPDX license identifier.
pub fn is_spdx(v: &str) -> bool {
    SPDX.contains(&v)
        || v.strip_prefix("LicenseRef-").is_some_and(|r| {
            !r.is_empty()
                && r.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-".contains(c))
        })
}

fn message(label: &str) -> String {
    format!("Label `{label}` is not a valid SPDX identifier.")
}

fn check(cx: &mut Checker) {
    check_typed_labels(cx, LabelType::Spdx, is_spdx, message);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::findings_with;
    use crate::Config;

    #[test]
    fn identifiers() {
        assert!(is_spdx("MIT") && is_spdx("Apache-2.0") && is_spdx("LicenseRef-Acme"));
        assert!(!is_spdx("Apache 2") && !is_spdx("mit") && !is_spdx(""));
        let text = "FROM a:1\nLABEL l=\"GPL\"\nLABEL l=MIT\n";
        let mut config = Config::default();
        config.label_schema.insert("l".into(), LabelType::Spdx);
        assert_eq!(findings_with(&RULE, text, &config).len(), 1);
    }
}

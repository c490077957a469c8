//! Suppression's tests: reading pragmas and `# check=` comments, and what
//! they silence in a whole lint.

use super::check::{comments_above, CheckOptions};
use super::pragma::{parse, Pragma};
use crate::config::Config;
use crate::diagnostic::Severity;
use crate::lint;
use crate::syntax::ItemKind;

fn is_buildkit(code: &str) -> bool {
    crate::rules::buildkit::is_buildkit(code)
}

fn list(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn ignore_forms() {
    assert_eq!(
        parse(" hadolint ignore=DL3008,DL3015"),
        Some(Pragma::Ignore(list(&["DL3008", "DL3015"])))
    );
    assert_eq!(
        parse(" hadolint ignore = DL3008 , DL3015 # we pin elsewhere"),
        Some(Pragma::Ignore(list(&["DL3008", "DL3015"])))
    );
    assert_eq!(
        parse("hadolint global ignore=DL3003"),
        Some(Pragma::GlobalIgnore(list(&["DL3003"])))
    );
    assert_eq!(
        parse(" hadolint stage ignore=DL3003"),
        Some(Pragma::StageIgnore(list(&["DL3003"])))
    );
    assert_eq!(
        parse(" drydock ignore=latest-tag,FromAsCasing"),
        Some(Pragma::Ignore(list(&["latest-tag", "FromAsCasing"])))
    );
    assert_eq!(
        parse(" hadolint ignore=DL3008 because we pin elsewhere"),
        Some(Pragma::Ignore(list(&["DL3008"])))
    );
}

#[test]
fn a_hadolint_list_with_a_name_hadolint_cannot_read_is_dropped() {
    // As hadolint: the whole list goes, the codes it could read too.
    for text in [
        " hadolint ignore=DL3008,latest-tag",
        " hadolint ignore=FromAsCasing",
        " hadolint global ignore=dl3008",
        " hadolint stage ignore=DL3008, DL3015x",
    ] {
        assert_eq!(parse(text), None, "{text:?}");
    }
    // Our spelling takes names.
    assert_eq!(
        parse(" drydock ignore=DL3008,latest-tag"),
        Some(Pragma::Ignore(list(&["DL3008", "latest-tag"])))
    );
    assert_eq!(
        parse(" hadolint ignore=DL3008,SC2086,DD016"),
        Some(Pragma::Ignore(list(&["DL3008", "SC2086", "DD016"])))
    );
}

#[test]
fn shell_form() {
    assert_eq!(
        parse(" hadolint shell=powershell"),
        Some(Pragma::Shell("powershell".into()))
    );
    assert_eq!(
        parse(" drydock shell = pwsh # windows"),
        Some(Pragma::Shell("pwsh".into()))
    );
}

#[test]
fn not_pragmas() {
    for text in [
        " just a comment",
        " hadolint",
        " hadolintignore=DL3008",
        " hadolint ignore=",
        " hadolint ignore DL3008",
        " hadolint shell=",
        " hadolint ignores=DL3008",
        " the hadolint ignore=DL3008",
    ] {
        assert_eq!(parse(text), None, "{text:?}");
    }
}

#[test]
fn check_options() {
    let o = CheckOptions::parse("skip=A, B;error=true").unwrap();
    assert_eq!(o.skip, ["A", "B"]);
    assert!(o.error && !o.skip_all);
    assert!(CheckOptions::parse("skip=all").unwrap().skip_all);
    let e = CheckOptions::parse("experimental=all;error=False").unwrap();
    assert!(e.experimental_all && !e.error);
    assert!(CheckOptions::parse("bogus").is_none());
    assert!(CheckOptions::parse("color=red").is_none());
    assert!(CheckOptions::parse("error=maybe").is_none());
    let c = CheckOptions::from_comment(" check=skip=X // why").unwrap();
    assert_eq!(c.skip, ["X"]);
    assert!(CheckOptions::from_comment("checks=skip=X").is_none());
}

#[test]
fn experimental_checks_need_enabling() {
    let o = CheckOptions::default();
    assert!(!o.keeps("InvalidDefinitionDescription"));
    assert!(o.keeps("FromAsCasing"));
    let on = CheckOptions::parse("skip=all;experimental=InvalidDefinitionDescription").unwrap();
    assert!(on.keeps("InvalidDefinitionDescription"));
    assert!(!on.keeps("FromAsCasing"));
}

#[test]
fn comments_above_an_instruction() {
    let text = "# check=skip=A\nFROM a\n# one\n\n# two\nRUN x\n#\n# three\nRUN y\n";
    let file = crate::syntax::parse(text);
    let item = |i: usize| {
        file.items
            .iter()
            .position(|it| it.kind == ItemKind::Instruction(i))
            .unwrap()
    };
    // The directive is not a comment of the first instruction.
    assert!(comments_above(&file, item(0), false).is_empty());
    assert_eq!(comments_above(&file, item(1), false), ["one", "two"]);
    assert_eq!(comments_above(&file, item(1), true), ["two"]);
    // An empty comment drops what is above it.
    assert_eq!(comments_above(&file, item(2), false), ["three"]);
}

fn severities(text: &str) -> Vec<(crate::Code, Severity)> {
    lint(text, &Config::default())
        .into_iter()
        .map(|d| (d.code, d.severity))
        .collect()
}

#[test]
fn check_directive_skips_and_raises() {
    let text = "FROM alpine as build\nMAINTAINER me\n";
    let all = severities(text);
    assert!(all.iter().any(|(c, _)| c == "FromAsCasing"));
    assert!(all.iter().any(|(c, _)| c == "MaintainerDeprecated"));
    let skipped = severities(&format!("# check=skip=FromAsCasing\n{text}"));
    assert!(!skipped.iter().any(|(c, _)| c == "FromAsCasing"));
    assert!(skipped.iter().any(|(c, _)| c == "MaintainerDeprecated"));
    let none = severities(&format!("# check=skip=all\n{text}"));
    assert!(!none.iter().any(|(c, _)| is_buildkit(c)));
    // hadolint's DL4000 is not a BuildKit check: `all` keeps it.
    assert!(none.iter().any(|(c, _)| c == "DL4000"));
    let raised = severities(&format!("# check=error=true\n{text}"));
    assert!(raised
        .iter()
        .filter(|(c, _)| is_buildkit(c))
        .all(|(_, s)| *s == Severity::Error));
    assert!(raised
        .iter()
        .any(|(c, s)| c == "FromAsCasing" && *s == Severity::Error));
    let both = severities(&format!(
        "# check=skip=MaintainerDeprecated;error=true\n{text}"
    ));
    assert!(!both.iter().any(|(c, _)| c == "MaintainerDeprecated"));
    assert!(both
        .iter()
        .any(|(c, s)| c == "FromAsCasing" && *s == Severity::Error));
}

#[test]
fn the_check_build_arg_replaces_the_directive() {
    let text = "# check=skip=MaintainerDeprecated\nFROM alpine as build\nMAINTAINER me\n";
    let mut config = Config::default();
    config.build_args.insert(
        "BUILDKIT_DOCKERFILE_CHECK".into(),
        "skip=FromAsCasing;error=true".into(),
    );
    let found: Vec<(crate::Code, Severity)> = lint(text, &config)
        .into_iter()
        .map(|d| (d.code, d.severity))
        .collect();
    // The file's directive no longer applies: MaintainerDeprecated is back,
    // as an error; the build argument's skip holds.
    assert!(!found.iter().any(|(c, _)| c == "FromAsCasing"));
    assert!(found
        .iter()
        .any(|(c, s)| c == "MaintainerDeprecated" && *s == Severity::Error));
    // Without it, the directive holds.
    assert!(!severities(text)
        .iter()
        .any(|(c, _)| c == "MaintainerDeprecated"));
}

#[test]
fn check_comment_above_one_instruction() {
    let text = "FROM a AS one\n# check=skip=FromAsCasing // allowed here\n\nFROM a as two\nFROM a as three\n";
    let found: Vec<usize> = lint(text, &Config::default())
        .into_iter()
        .filter(|d| d.code == "FromAsCasing")
        .map(|d| d.start.line)
        .collect();
    // BuildKit keeps a comment across a blank line.
    assert_eq!(found, vec![5]);
}

#[test]
fn directive_value_stops_at_a_space() {
    let text = "# check=skip=FromAsCasing trailing words\nFROM a as b\n";
    assert!(!severities(text).iter().any(|(c, _)| c == "FromAsCasing"));
}

fn codes(text: &str, config: &Config) -> Vec<(String, usize)> {
    lint(text, config)
        .into_iter()
        .map(|d| (d.code.to_string(), d.start.line))
        .collect()
}

fn has(text: &str, code: &str) -> bool {
    codes(text, &Config::default())
        .iter()
        .any(|(c, _)| c == code)
}

#[test]
fn ignore_pragma_applies_to_the_next_line_only() {
    assert!(has("FROM ubuntu:latest\n", "DL3007"));
    assert!(!has(
        "# hadolint ignore=DL3007\nFROM ubuntu:latest\n",
        "DL3007"
    ));
    assert!(!has(
        "# drydock ignore=latest-tag\nFROM ubuntu:latest\n",
        "DL3007"
    ));
    assert!(!has(
        "# hadolint ignore=DL3006, DL3007 # reason\nFROM ubuntu:latest\n",
        "DL3007"
    ));
    // Another code, a blank line in between, or a later instruction: no effect.
    assert!(has(
        "# hadolint ignore=DL3006\nFROM ubuntu:latest\n",
        "DL3007"
    ));
    assert!(has(
        "# hadolint ignore=DL3007\n\nFROM ubuntu:latest\n",
        "DL3007"
    ));
    let mut found = codes(
        "# hadolint ignore=DL3007\nFROM ubuntu:latest\nFROM debian:latest\n",
        &Config::default(),
    );
    found.retain(|(c, _)| c == "DL3007");
    assert_eq!(found, vec![("DL3007".to_string(), 3)]);
}

#[test]
fn ignore_pragma_covers_a_whole_multiline_instruction() {
    let text = "FROM debian:12\n# hadolint ignore=DL3008\nRUN apt-get update && \\\n    apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\n";
    assert!(has(
        &text.replace("# hadolint ignore=DL3008\n", ""),
        "DL3008"
    ));
    assert!(!has(text, "DL3008"));
}

#[test]
fn global_and_stage_pragmas() {
    let text = "FROM ubuntu:latest\n# hadolint global ignore=DL3007\nFROM debian:latest\n";
    assert!(!has(text, "DL3007"));
    let text = "FROM ubuntu:latest AS a\n# hadolint stage ignore=DL3008\nRUN apt-get install -y --no-install-recommends curl\nFROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n";
    let found = codes(text, &Config::default());
    let dl3008: Vec<usize> = found
        .iter()
        .filter(|(c, _)| c == "DL3008")
        .map(|(_, l)| *l)
        .collect();
    assert_eq!(dl3008, vec![5]);
}

#[test]
fn disable_ignore_pragma() {
    let config = Config {
        disable_ignore_pragma: true,
        ..Config::default()
    };
    let text = "# hadolint global ignore=DL3007\n# hadolint ignore=DL3007\nFROM ubuntu:latest\n";
    assert!(codes(text, &config).iter().any(|(c, _)| c == "DL3007"));
}

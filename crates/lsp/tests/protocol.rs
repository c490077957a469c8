//! The server through the protocol, one feature at a time, as an editor
//! speaks to it.

mod support;

use lsp_types::{Range, TextEdit};
use serde_json::{json, Value};

use drydock_core::fix::{fix_all, Choices};
use drydock_core::Config;
use drydock_lsp::Environment;
use support::{apply, at, edits_for, pos, uri, Client};

fn code_actions(client: &mut Client, uri: &lsp_types::Url, line: u32) -> Vec<Value> {
    let result = client.ok(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": {"start": pos(line, 0), "end": pos(line, 0)},
            "context": {"diagnostics": []},
        }),
    );
    result.as_array().cloned().unwrap_or_default()
}

fn titled<'a>(actions: &'a [Value], part: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["title"].as_str().unwrap_or("").contains(part))
        .unwrap_or_else(|| panic!("no action titled …{part}… in {:#?}", titles(actions)))
}

fn titles(actions: &[Value]) -> Vec<String> {
    actions
        .iter()
        .map(|a| a["title"].as_str().unwrap_or("").to_string())
        .collect()
}

fn codes(d: &lsp_types::PublishDiagnosticsParams) -> Vec<String> {
    d.diagnostics
        .iter()
        .map(|d| match &d.code {
            Some(lsp_types::NumberOrString::String(s)) => s.clone(),
            other => format!("{other:?}"),
        })
        .collect()
}

#[test]
fn capabilities_are_advertised() {
    let client = Client::start(json!({}));
    let caps = &client.initialize_result["capabilities"];
    assert_eq!(
        caps["textDocumentSync"]["change"],
        json!(2),
        "incremental sync"
    );
    for key in [
        "hoverProvider",
        "completionProvider",
        "definitionProvider",
        "referencesProvider",
        "renameProvider",
        "documentSymbolProvider",
        "foldingRangeProvider",
        "codeActionProvider",
    ] {
        assert!(!caps[key].is_null(), "{key} missing: {caps}");
    }
    // No formatter given: no formatting.
    assert!(caps["documentFormattingProvider"].is_null());
    assert_eq!(
        client.initialize_result["serverInfo"]["name"],
        json!("drydock")
    );
    client.shutdown();
}

#[test]
fn diagnostics_on_open_carry_code_severity_and_rule_link() {
    let mut client = Client::start(json!({"docsUrl": "https://docs.test/drydock/"}));
    let u = uri("Dockerfile");
    client.open(&u, "FROM debian:12 as build\nRUN echo hi\n");
    let d = client.diagnostics(&u);
    assert_eq!(d.version, Some(1));
    let casing = d
        .diagnostics
        .iter()
        .find(|d| d.code == Some(lsp_types::NumberOrString::String("FromAsCasing".into())))
        .expect("FromAsCasing");
    assert_eq!(
        casing.severity,
        Some(lsp_types::DiagnosticSeverity::WARNING)
    );
    assert_eq!(casing.source.as_deref(), Some("drydock"));
    assert_eq!(casing.range.start, lsp_types::Position::new(0, 0));
    assert_eq!(
        casing.code_description.as_ref().unwrap().href.as_str(),
        "https://docs.test/drydock/#rule/FromAsCasing"
    );
    client.shutdown();
}

#[test]
fn changes_are_incremental_and_debounced() {
    let mut client = Client::start(json!({"debounceMs": 200}));
    let u = uri("Dockerfile");
    client.open(&u, "FROM debian:12\n");
    assert!(!codes(&client.diagnostics(&u)).contains(&"FromAsCasing".to_string()));
    // Typing ` as b` one character at a time: one publish, for the last
    // version.
    for (k, ch) in " as b".chars().enumerate() {
        let col = 14 + k as u32;
        let r = Range::new(
            lsp_types::Position::new(0, col),
            lsp_types::Position::new(0, col),
        );
        client.change(&u, 2 + k as i32, r, &ch.to_string());
    }
    let d = client.diagnostics(&u);
    assert_eq!(
        d.version,
        Some(6),
        "the first publish after the burst is of its last version"
    );
    assert!(codes(&d).contains(&"FromAsCasing".to_string()));
    // The server's text is the client's: a fix computed on it applies.
    let actions = code_actions(&mut client, &u, 0);
    let fix = titled(&actions, "FromAsCasing: Write `AS`");
    let text = apply("FROM debian:12 as b\n", &edits_for(&fix["edit"], &u));
    assert_eq!(text, "FROM debian:12 AS b\n");
    client.shutdown();
}

#[test]
fn initialization_options_config_is_used() {
    let mut client = Client::start(
        json!({"config": {"ignored": ["FromAsCasing"], "severity_overrides": {"DL3007": "error"}}}),
    );
    let u = uri("Dockerfile");
    client.open(&u, "FROM debian:latest as build\n");
    let d = client.diagnostics(&u);
    assert!(
        !codes(&d).contains(&"FromAsCasing".to_string()),
        "{:?}",
        codes(&d)
    );
    let latest = d
        .diagnostics
        .iter()
        .find(|d| d.code == Some(lsp_types::NumberOrString::String("DL3007".into())))
        .expect("DL3007");
    assert_eq!(latest.severity, Some(lsp_types::DiagnosticSeverity::ERROR));
    client.shutdown();
}

#[test]
fn config_from_the_environment_and_dockerignore_beside_the_file() {
    let dir = std::env::temp_dir().join(format!("drydock-lsp-settings-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(".dockerignore"), "secret.txt\n").unwrap();
    let env = Environment {
        load_config: Some(Box::new(|_dir| {
            Ok(Some(Config {
                ignored: vec!["FromAsCasing".into()],
                ..Config::default()
            }))
        })),
        format: None,
    };
    let mut client = Client::start_with(json!({}), json!({}), env);
    let u = lsp_types::Url::from_file_path(dir.join("Dockerfile")).unwrap();
    client.open(&u, "FROM debian:12 as build\nCOPY secret.txt /s\n");
    let d = client.diagnostics(&u);
    let found = codes(&d);
    assert!(!found.contains(&"FromAsCasing".to_string()), "{found:?}");
    // BuildKit's CopyIgnoredFile needs the .dockerignore.
    assert!(found.contains(&"CopyIgnoredFile".to_string()), "{found:?}");
    client.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_config_that_cannot_be_read_is_shown_once() {
    let env = Environment {
        load_config: Some(Box::new(|_dir| Err(".hadolint.yaml: invalid YAML".into()))),
        format: None,
    };
    let mut client = Client::start_with(json!({}), json!({}), env);
    let u = lsp_types::Url::from_file_path(std::env::temp_dir().join("Dockerfile")).unwrap();
    client.open(&u, "FROM debian:12\n");
    client.diagnostics(&u);
    let shown: Vec<_> = client
        .notifications
        .iter()
        .filter(|n| n.method == "window/showMessage")
        .collect();
    assert_eq!(shown.len(), 1);
    assert!(shown[0].params["message"]
        .as_str()
        .unwrap()
        .contains("invalid YAML"));
    client.shutdown();
}

#[test]
fn shellcheck_findings_are_underlined_where_they_are() {
    let mut client = Client::start(json!({}));
    let u = uri("Dockerfile");
    // hadolint reports SC findings on the RUN's first line; the editor
    // gets the exact place: the unchecked `cd` on the RUN's second line.
    let text = "FROM debian:12\nRUN make; \\\n    cd /src; make install\n";
    client.open(&u, text);
    let d = client.diagnostics(&u);
    let sc = d
        .diagnostics
        .iter()
        .find(|d| d.code == Some(lsp_types::NumberOrString::String("SC2164".into())))
        .expect("SC2164");
    assert_eq!(
        sc.range,
        Range::new(
            lsp_types::Position::new(2, 4),
            lsp_types::Position::new(2, 11)
        )
    );
    // Its quick fix is still offered from the RUN's first line.
    let actions = code_actions(&mut client, &u, 1);
    let fix = titled(&actions, "SC2164: Stop the step");
    assert_eq!(fix["diagnostics"][0]["range"]["start"], pos(2, 4));
    let fixed = apply(text, &edits_for(&fix["edit"], &u));
    assert!(fixed.contains("cd /src || exit; make install"), "{fixed}");
    // Other findings keep their span (DL3003's `cd` is the whole RUN).
    let dl3003 = d
        .diagnostics
        .iter()
        .find(|d| d.code == Some(lsp_types::NumberOrString::String("DL3003".into())))
        .expect("DL3003");
    assert_eq!(dl3003.range.start, lsp_types::Position::new(1, 0));
    client.shutdown();
}

#[test]
fn fixes_are_quick_fixes_with_their_applicability() {
    let mut client = Client::start(json!({}));
    let u = uri("Dockerfile");
    let text =
        "FROM python:3.11\nRUN apt-get update && apt-get install -y curl\nRUN pip install flask\n";
    client.open(&u, text);
    client.diagnostics(&u);
    // A suggested fix: says it changes the image; not preferred.
    let actions = code_actions(&mut client, &u, 1);
    let dl3015 = titled(
        &actions,
        "DL3015: Add --no-install-recommends (suggested: changes the image)",
    );
    assert_eq!(dl3015["kind"], json!("quickfix"));
    assert!(dl3015["isPreferred"].is_null());
    assert_eq!(dl3015["diagnostics"][0]["code"], json!("DL3015"));
    let fixed = apply(text, &edits_for(&dl3015["edit"], &u));
    assert!(
        fixed.contains("apt-get install --no-install-recommends -y curl"),
        "{fixed}"
    );
    // Manual fixes without an edit are not actions.
    assert!(!titles(&actions)
        .iter()
        .any(|t| t.starts_with("DL3008: ") && !t.contains("ignore")));
    // A safe fix: preferred.
    let actions = code_actions(&mut client, &u, 2);
    let dl3042 = titled(&actions, "DL3042: Add --no-cache-dir to pip install (safe)");
    assert_eq!(dl3042["isPreferred"], json!(true));
    client.shutdown();
}

#[test]
fn risky_fixes_say_what_could_break_and_are_not_preferred() {
    let mut client = Client::start(json!({}));
    let u = uri("Dockerfile");
    let text = "FROM alpine:3.19\nENTRYPOINT [\"/entry\"]\nCMD node server.js\n";
    client.open(&u, text);
    client.diagnostics(&u);
    let actions = code_actions(&mut client, &u, 2);
    let risky = titled(&actions, "DL3025: ");
    let title = risky["title"].as_str().unwrap();
    assert!(
        title.contains("(risky, review it: the `ENTRYPOINT` of line 2"),
        "{title}"
    );
    assert!(risky["isPreferred"].is_null());
    client.shutdown();
}

#[test]
fn a_fix_that_creates_a_file_needs_a_client_that_can() {
    let text = "FROM python:3.11\nCOPY . /app\n";
    let u = uri("Dockerfile");
    // Without resource operations: no action for DD003.
    let mut client = Client::start(json!({}));
    client.open(&u, text);
    client.diagnostics(&u);
    let actions = code_actions(&mut client, &u, 1);
    assert!(
        !titles(&actions)
            .iter()
            .any(|t| t.starts_with("DD003: Create")),
        "{:?}",
        titles(&actions)
    );
    client.shutdown();
    // With them: a create operation and the file's contents.
    let caps = json!({"workspace": {"workspaceEdit": {"documentChanges": true, "resourceOperations": ["create"]}}});
    let mut client = Client::start_with(json!({}), caps, Environment::default());
    client.open(&u, text);
    client.diagnostics(&u);
    let actions = code_actions(&mut client, &u, 1);
    let dd003 = titled(&actions, "DD003: Create a .dockerignore");
    let ops = dd003["edit"]["documentChanges"].as_array().unwrap();
    assert_eq!(ops[0]["kind"], json!("create"));
    assert!(ops[0]["uri"].as_str().unwrap().ends_with("/.dockerignore"));
    assert!(ops[1]["edits"][0]["newText"]
        .as_str()
        .unwrap()
        .contains("__pycache__"));
    client.shutdown();
}

#[test]
fn ignore_here_spells_drydock_for_a_name_hadolint_cannot_read() {
    let mut client = Client::start(json!({}));
    let u = uri("Dockerfile");
    let text = "FROM debian:12 as build\n";
    client.open(&u, text);
    client.diagnostics(&u);
    let actions = code_actions(&mut client, &u, 0);
    let ignore = titled(
        &actions,
        "FromAsCasing: ignore here (# drydock ignore=FromAsCasing)",
    );
    let text = apply(text, &edits_for(&ignore["edit"], &u));
    assert_eq!(
        text,
        "# drydock ignore=FromAsCasing\nFROM debian:12 as build\n"
    );
    client.change_all(&u, 2, &text);
    let d = client.diagnostics(&u);
    assert!(!codes(&d).contains(&"FromAsCasing".to_string()));
    client.shutdown();
}

#[test]
fn ignore_here_inserts_or_extends_the_pragma() {
    let mut client = Client::start(json!({}));
    let u = uri("Dockerfile");
    let text = "FROM debian:12\n  RUN cd /tmp && apt-get install -y curl\n";
    client.open(&u, text);
    client.diagnostics(&u);
    let actions = code_actions(&mut client, &u, 1);
    let ignore = titled(&actions, "DL3003: ignore here (# hadolint ignore=DL3003)");
    let text = apply(text, &edits_for(&ignore["edit"], &u));
    assert_eq!(
        text,
        "FROM debian:12\n  # hadolint ignore=DL3003\n  RUN cd /tmp && apt-get install -y curl\n"
    );
    client.change_all(&u, 2, &text);
    let d = client.diagnostics(&u);
    assert!(!codes(&d).contains(&"DL3003".to_string()));
    assert!(codes(&d).contains(&"DL3008".to_string()));
    // A second code joins the same pragma.
    let actions = code_actions(&mut client, &u, 2);
    let ignore = titled(&actions, "DL3008: ignore here");
    let text = apply(&text, &edits_for(&ignore["edit"], &u));
    assert_eq!(
        text,
        "FROM debian:12\n  # hadolint ignore=DL3003,DL3008\n  RUN cd /tmp && apt-get install -y curl\n"
    );
    client.change_all(&u, 3, &text);
    let d = client.diagnostics(&u);
    assert!(
        !codes(&d).contains(&"DL3008".to_string()),
        "{:?}",
        codes(&d)
    );
    client.shutdown();
}

#[test]
fn skip_check_writes_buildkits_directive() {
    let mut client = Client::start(json!({}));
    let u = uri("Dockerfile");
    let text = "FROM debian:12 as build\nMAINTAINER me\n";
    client.open(&u, text);
    client.diagnostics(&u);
    let actions = code_actions(&mut client, &u, 0);
    let skip = titled(
        &actions,
        "FromAsCasing: skip this check in the file (# check=skip=FromAsCasing)",
    );
    let text = apply(text, &edits_for(&skip["edit"], &u));
    assert_eq!(
        text,
        "# check=skip=FromAsCasing\nFROM debian:12 as build\nMAINTAINER me\n"
    );
    client.change_all(&u, 2, &text);
    let d = client.diagnostics(&u);
    assert!(!codes(&d).contains(&"FromAsCasing".to_string()));
    // The next one joins the directive.
    let actions = code_actions(&mut client, &u, 2);
    let skip = titled(&actions, "MaintainerDeprecated: skip this check");
    let text = apply(&text, &edits_for(&skip["edit"], &u));
    assert_eq!(
        text,
        "# check=skip=FromAsCasing,MaintainerDeprecated\nFROM debian:12 as build\nMAINTAINER me\n"
    );
    client.change_all(&u, 3, &text);
    let d = client.diagnostics(&u);
    assert!(
        !codes(&d).contains(&"MaintainerDeprecated".to_string()),
        "{:?}",
        codes(&d)
    );
    // Hadolint's rules are not BuildKit checks: no directive for them.
    let text2 = "FROM debian:latest\n";
    client.change_all(&u, 4, text2);
    client.diagnostics(&u);
    let actions = code_actions(&mut client, &u, 0);
    assert!(!titles(&actions)
        .iter()
        .any(|t| t.contains("check=skip=DL3007")));
    client.shutdown();
}

#[test]
fn fix_all_safe_problems_is_the_engines_rewrite() {
    let mut client = Client::start(json!({}));
    let u = uri("Dockerfile");
    let text = "FROM python:3.11 as base\nRUN pip install flask\nRUN apt-get update && apt-get install -y curl\n";
    client.open(&u, text);
    client.diagnostics(&u);
    let actions = code_actions(&mut client, &u, 0);
    let all = titled(&actions, "Fix all safe problems");
    assert_eq!(all["kind"], json!("source.fixAll"));
    let fixed = apply(text, &edits_for(&all["edit"], &u));
    assert_eq!(
        fixed,
        fix_all(text, &Config::default(), &Choices::safe_only()).text
    );
    assert!(
        fixed.contains(" AS base") && fixed.contains("--no-cache-dir"),
        "{fixed}"
    );
    // Suggested fixes are not in it.
    assert!(!fixed.contains("--no-install-recommends"));
    // Asked for source.fixAll only: that action alone.
    let only = client.ok(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": u},
            "range": {"start": pos(0, 0), "end": pos(0, 0)},
            "context": {"diagnostics": [], "only": ["source.fixAll"]},
        }),
    );
    assert_eq!(titles(only.as_array().unwrap()).len(), 1);
    client.shutdown();
}

fn hover_text(client: &mut Client, u: &lsp_types::Url, line: u32, col: u32) -> String {
    let h = client.ok("textDocument/hover", at(u, line, col));
    h["contents"]["value"].as_str().unwrap_or("").to_string()
}

#[test]
fn hover_shows_rule_docs_images_stages_variables_and_instructions() {
    let mut client = Client::start(json!({}));
    let u = uri("Dockerfile");
    let text = "ARG PY=3.11\nFROM python:${PY} AS build\nARG PY\nRUN pip install --no-cache-dir flask==3.0.0\nFROM build\nCOPY --from=build /a /b\nRUN echo $PY\n";
    client.open(&u, text);
    client.diagnostics(&u);
    // FROM's image: the bundled knowledge.
    let h = hover_text(&mut client, &u, 1, 8);
    assert!(h.contains("python:3.11"), "{h}");
    assert!(h.contains("Slim variant: `python:3.11-slim`"), "{h}");
    assert!(h.contains("Estimated size: about 1200 MB"), "{h}");
    // A stage reference.
    let h = hover_text(&mut client, &u, 5, 13);
    assert!(
        h.contains("stage `build` (#0, line 2): `FROM python:3.11`"),
        "{h}"
    );
    let range = client.ok("textDocument/hover", at(&u, 5, 13))["range"].clone();
    assert_eq!(range, json!({"start": pos(5, 12), "end": pos(5, 17)}));
    // A variable.
    let h = hover_text(&mut client, &u, 1, 15);
    assert!(h.contains("`PY` (ARG, line 1): `3.11`"), "{h}");
    // A definition: what it defines (the stage's `ARG PY` takes the
    // global default).
    let h = hover_text(&mut client, &u, 2, 5);
    assert!(h.contains("`PY` (ARG, line 3): `3.11`"), "{h}");
    // An instruction's keyword.
    let h = hover_text(&mut client, &u, 5, 1);
    assert!(h.contains("**COPY**"), "{h}");
    assert!(
        h.contains("https://docs.docker.com/reference/dockerfile/#copy"),
        "{h}"
    );
    // A finding: its rule's docs (the last ARG is undefined in stage 2).
    let h = hover_text(&mut client, &u, 6, 11);
    assert!(h.contains("`PY`"), "{h}");
    client.change_all(&u, 2, "FROM debian:latest\n");
    client.diagnostics(&u);
    let h = hover_text(&mut client, &u, 0, 14);
    assert!(h.contains("**DL3007**"), "{h}");
    assert!(h.contains("## Why is this bad?"), "{h}");
    // Nothing under the cursor: no hover.
    client.change_all(&u, 3, "\n\n");
    assert_eq!(client.ok("textDocument/hover", at(&u, 1, 0)), Value::Null);
    client.shutdown();
}

fn labels(client: &mut Client, u: &lsp_types::Url, line: u32, col: u32) -> Vec<String> {
    let r = client.ok("textDocument/completion", at(u, line, col));
    r.as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn completion_offers_instructions_flags_stages_and_variables() {
    let mut client = Client::start(json!({}));
    let u = uri("Dockerfile");
    let text = "ARG BASE=debian\nFROM golang AS build\nENV GOFLAGS=-x\nRUN echo $\nFROM $\nCOPY --from= /a /b\nCOPY --\nRU\nFROM \n";
    client.open(&u, text);
    client.diagnostics(&u);
    // Variables in scope after `$`: ENV of the stage, not the global ARG
    // (a stage sees a global ARG only once it declares it).
    let vars = labels(&mut client, &u, 3, 10);
    assert!(vars.contains(&"GOFLAGS".to_string()), "{vars:?}");
    assert!(!vars.contains(&"BASE".to_string()), "{vars:?}");
    // In FROM, the global ARGs.
    let vars = labels(&mut client, &u, 4, 6);
    assert!(vars.contains(&"BASE".to_string()), "{vars:?}");
    // Stage names after --from=.
    assert_eq!(labels(&mut client, &u, 5, 12), vec!["build".to_string()]);
    // COPY's flags.
    let flags = labels(&mut client, &u, 6, 7);
    assert!(
        flags.contains(&"--from".to_string()) && flags.contains(&"--chown".to_string()),
        "{flags:?}"
    );
    assert!(!flags.contains(&"--mount".to_string()));
    // Instructions at the start of a line.
    let kws = labels(&mut client, &u, 7, 2);
    assert!(
        kws.contains(&"RUN".to_string()) && kws.contains(&"HEALTHCHECK".to_string()),
        "{kws:?}"
    );
    // Stage names after FROM.
    assert_eq!(labels(&mut client, &u, 8, 5), vec!["build".to_string()]);
    client.shutdown();
}

#[test]
fn definition_references_and_rename_of_stages_and_args() {
    let mut client = Client::start(json!({}));
    let u = uri("Dockerfile");
    let text = "ARG V=1\nFROM golang:${V} AS build\nARG V\nRUN echo $V ${V}\nFROM alpine\nCOPY --from=build /a /b\nCOPY --from=0 /c /d\n";
    client.open(&u, text);
    client.diagnostics(&u);
    // --from=build → the AS name.
    let def = client.ok("textDocument/definition", at(&u, 5, 14));
    assert_eq!(def["range"]["start"], pos(1, 20));
    // $V in the stage → the stage's ARG V (line 3).
    let def = client.ok("textDocument/definition", at(&u, 3, 10));
    assert_eq!(def["range"]["start"], pos(2, 4));
    // ${V} in FROM → the global ARG.
    let def = client.ok("textDocument/definition", at(&u, 1, 14));
    assert_eq!(def["range"]["start"], pos(0, 4));
    // References of the stage: the definition, --from=build and --from=0.
    let refs = client.ok(
        "textDocument/references",
        json!({"textDocument": {"uri": u}, "position": pos(1, 21), "context": {"includeDeclaration": true}}),
    );
    assert_eq!(refs.as_array().unwrap().len(), 3, "{refs}");
    // Rename the stage: the index stays.
    let edit = client.ok(
        "textDocument/rename",
        json!({"textDocument": {"uri": u}, "position": pos(5, 13), "newName": "builder"}),
    );
    let renamed = apply(text, &edits_for(&edit, &u));
    assert!(
        renamed.contains("AS builder\n")
            && renamed.contains("--from=builder ")
            && renamed.contains("--from=0 "),
        "{renamed}"
    );
    // Rename the ARG: every definition and use of the name.
    let edit = client.ok(
        "textDocument/rename",
        json!({"textDocument": {"uri": u}, "position": pos(0, 4), "newName": "VERSION"}),
    );
    let renamed = apply(text, &edits_for(&edit, &u));
    assert_eq!(
        renamed,
        text.replace("V=1", "VERSION=1")
            .replace("${V}", "${VERSION}")
            .replace("ARG V\n", "ARG VERSION\n")
            .replace("$V ", "$VERSION ")
    );
    // Invalid names are refused; an index cannot be renamed.
    let r = client.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": u}, "position": pos(0, 4), "newName": "1bad"}),
    );
    assert!(r
        .error
        .unwrap()
        .message
        .contains("not a valid variable name"));
    let prep = client.ok("textDocument/prepareRename", at(&u, 6, 12));
    assert_eq!(prep, Value::Null);
    let prep = client.ok("textDocument/prepareRename", at(&u, 5, 13));
    assert_eq!(prep["start"], pos(5, 12));
    client.shutdown();
}

#[test]
fn document_symbols_and_folding_follow_stages() {
    let mut client = Client::start(json!({}));
    let u = uri("Dockerfile");
    let text = "ARG V=1\nFROM golang AS build\nRUN go build \\\n    ./...\nFROM alpine\nCOPY --from=build /a /b\n";
    client.open(&u, text);
    client.diagnostics(&u);
    let symbols = client.ok(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": u}}),
    );
    let symbols = symbols.as_array().unwrap();
    let names: Vec<&str> = symbols
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["ARG V=1", "build", "stage 1"]);
    assert_eq!(symbols[1]["detail"], json!("FROM golang"));
    assert_eq!(
        symbols[1]["children"][0]["name"],
        json!("RUN go build ./...")
    );
    assert_eq!(symbols[1]["range"]["end"]["line"], json!(3));
    let folds = client.ok(
        "textDocument/foldingRange",
        json!({"textDocument": {"uri": u}}),
    );
    let folds: Vec<(u64, u64)> = folds
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["startLine"].as_u64().unwrap(),
                f["endLine"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(folds, vec![(1, 3), (2, 3), (4, 5)]);
    client.shutdown();
}

#[test]
fn formatting_goes_through_the_formatter_hook() {
    let env = Environment {
        load_config: None,
        format: Some(Box::new(|text: &str| Some(text.replace("from ", "FROM ")))),
    };
    let mut client = Client::start_with(json!({}), json!({}), env);
    assert_eq!(
        client.initialize_result["capabilities"]["documentFormattingProvider"],
        json!(true)
    );
    let u = uri("Dockerfile");
    let text = "from debian:12\nRUN true\n";
    client.open(&u, text);
    let edits: Vec<TextEdit> = serde_json::from_value(client.ok(
        "textDocument/formatting",
        json!({"textDocument": {"uri": u}, "options": {"tabSize": 4, "insertSpaces": true}}),
    ))
    .unwrap();
    assert_eq!(apply(text, &edits), "FROM debian:12\nRUN true\n");
    client.shutdown();
}

#[test]
fn unknown_documents_methods_and_late_messages_are_answered() {
    let mut client = Client::start(json!({}));
    let u = uri("never-opened");
    assert_eq!(client.ok("textDocument/hover", at(&u, 0, 0)), Value::Null);
    let r = client.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": u}}),
    );
    assert_eq!(
        r.error.unwrap().code,
        lsp_server::ErrorCode::MethodNotFound as i32
    );
    let r = client.request("textDocument/hover", json!({"bad": true}));
    assert_eq!(
        r.error.unwrap().code,
        lsp_server::ErrorCode::InvalidParams as i32
    );
    // Closing clears the diagnostics.
    let d = uri("Dockerfile");
    client.open(&d, "FROM debian:latest\n");
    assert!(!client.diagnostics(&d).diagnostics.is_empty());
    client.notify("textDocument/didClose", json!({"textDocument": {"uri": d}}));
    assert!(client.diagnostics(&d).diagnostics.is_empty());
    // Shutdown twice (Neovim does), then exit.
    client.ok("shutdown", Value::Null);
    let r = client.request("textDocument/hover", at(&u, 0, 0));
    assert!(r.error.is_some());
    client.shutdown();
}

#[test]
fn a_client_that_skips_initialized_is_served() {
    let (server_side, client) = lsp_server::Connection::memory();
    let server =
        std::thread::spawn(move || drydock_lsp::serve(server_side, Environment::default()));
    let send = |m: lsp_server::Message| client.sender.send(m).unwrap();
    send(lsp_server::Message::Request(lsp_server::Request::new(
        1.into(),
        "initialize".into(),
        json!({"capabilities": {}}),
    )));
    let u = uri("Dockerfile");
    send(lsp_server::Message::Notification(
        lsp_server::Notification::new(
            "textDocument/didOpen".into(),
            json!({"textDocument": {"uri": u, "languageId": "dockerfile", "version": 1, "text": "FROM debian:latest\n"}}),
        ),
    ));
    let mut published = false;
    while !published {
        if let lsp_server::Message::Notification(n) =
            client.receiver.recv_timeout(support::TIMEOUT).unwrap()
        {
            published = n.method == "textDocument/publishDiagnostics";
        }
    }
    send(lsp_server::Message::Notification(
        lsp_server::Notification::new("exit".into(), Value::Null),
    ));
    assert_eq!(server.join().unwrap(), Ok(()));
}

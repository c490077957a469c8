//! `drydock lsp` as an editor starts it: the binary over pipes, with the
//! `.hadolint.yaml` and `.dockerignore` of the Dockerfile's directory.
//! (Every feature is tested through the protocol in crates/lsp/tests.)

use std::io::BufReader;
use std::process::{Command, Stdio};

use lsp_server::{Message, Notification, Request, RequestId};
use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_drydock");

#[test]
fn lsp_reads_the_workspace_settings_and_exits_cleanly() {
    let dir = std::env::temp_dir().join(format!("drydock-cli-lsp-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(".hadolint.yaml"), "ignored:\n  - DL3007\n").unwrap();
    std::fs::write(dir.join(".dockerignore"), "secret.txt\n").unwrap();
    let path = dir.join("Dockerfile");
    let uri = format!("file://{}", path.display());

    let mut child = Command::new(BIN)
        .arg("lsp")
        // No user config may interfere.
        .env("HOME", &dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut send = |m: Message| m.write(&mut stdin).unwrap();
    send(Message::Request(Request::new(
        RequestId::from(1),
        "initialize".into(),
        json!({"capabilities": {}}),
    )));
    let init = loop {
        if let Message::Response(r) = Message::read(&mut stdout).unwrap().unwrap() {
            break r;
        }
    };
    assert_eq!(
        init.result.as_ref().unwrap()["serverInfo"]["name"],
        json!("drydock")
    );
    send(Message::Notification(Notification::new(
        "initialized".into(),
        json!({}),
    )));
    send(Message::Notification(Notification::new(
        "textDocument/didOpen".into(),
        json!({"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1,
               "text": "FROM debian:latest\nCOPY secret.txt /s\n"}}),
    )));
    let diagnostics: Vec<Value> = loop {
        if let Message::Notification(n) = Message::read(&mut stdout).unwrap().unwrap() {
            if n.method == "textDocument/publishDiagnostics" {
                break n.params["diagnostics"].as_array().unwrap().clone();
            }
        }
    };
    let codes: Vec<&str> = diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    // .hadolint.yaml ignores DL3007; the .dockerignore excludes secret.txt.
    assert!(!codes.contains(&"DL3007"), "{codes:?}");
    assert!(codes.contains(&"CopyIgnoredFile"), "{codes:?}");
    // Formatting is `drydock fmt`'s.
    assert_eq!(
        init.result.as_ref().unwrap()["capabilities"]["documentFormattingProvider"],
        json!(true)
    );
    send(Message::Notification(Notification::new(
        "textDocument/didChange".into(),
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [{"text": "from debian:12\nrun   echo hi\n"}]}),
    )));
    send(Message::Request(Request::new(
        RequestId::from(3),
        "textDocument/formatting".into(),
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": true}}),
    )));
    let edits = loop {
        if let Message::Response(r) = Message::read(&mut stdout).unwrap().unwrap() {
            if r.id == RequestId::from(3) {
                break r.result.unwrap();
            }
        }
    };
    let mut text = String::from("from debian:12\nrun   echo hi\n");
    let mut edits: Vec<Value> = edits.as_array().unwrap().clone();
    // Apply from the end (single-line document positions are enough here).
    edits.sort_by_key(|e| {
        let s = &e["range"]["start"];
        std::cmp::Reverse((
            s["line"].as_u64().unwrap(),
            s["character"].as_u64().unwrap(),
        ))
    });
    for e in edits {
        let offset = |p: &Value| {
            let line = p["line"].as_u64().unwrap() as usize;
            let ch = p["character"].as_u64().unwrap() as usize;
            text.split_inclusive('\n')
                .take(line)
                .map(str::len)
                .sum::<usize>()
                + ch
        };
        let (a, b) = (offset(&e["range"]["start"]), offset(&e["range"]["end"]));
        text.replace_range(a..b, e["newText"].as_str().unwrap());
    }
    assert_eq!(text, "FROM debian:12\nRUN echo hi\n");
    send(Message::Request(Request::new(
        RequestId::from(2),
        "shutdown".into(),
        Value::Null,
    )));
    send(Message::Notification(Notification::new(
        "exit".into(),
        Value::Null,
    )));
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{:?} {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

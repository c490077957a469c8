//! Keystroke to diagnostics through `drydock lsp` (`make bench`): the
//! real binary over pipes, a 500-line Dockerfile open, one-character
//! edits one after the other; for each, the wall time from writing the
//! `didChange` to reading the `publishDiagnostics` of that version: what
//! a user waits, with the default settings and with `debounceMs: 10`.
//!
//! Usage: latency <drydock binary> [corpus/files dir] [keystrokes]
//! Prints one JSON object: lines, bytes, findings, keystrokes, median_ms,
//! p90_ms, max_ms, for each setting.

use std::io::BufReader;
use std::process::{Command, Stdio};
use std::time::Instant;

use lsp_server::{Message, Notification, Request, RequestId};
use serde_json::{json, Value};

const LINES: usize = 500;

fn text_of(dir: Option<&str>) -> String {
    let mut text = String::new();
    if let Some(dir) = dir {
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .expect("corpus dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        names.sort();
        for name in names {
            if text.lines().count() >= LINES {
                break;
            }
            if let Ok(t) = std::fs::read_to_string(&name) {
                text.push_str(&t);
                if !text.ends_with('\n') {
                    text.push('\n');
                }
            }
        }
    }
    if text.is_empty() {
        let block = "FROM python:3.11 AS build\nARG VERSION=1\nRUN apt-get update && apt-get install -y curl gcc\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nENV PATH=/venv/bin:$PATH\nCOPY . /app\nWORKDIR /app\nRUN make\nCMD python app.py\n";
        while text.lines().count() < LINES {
            text.push_str(block);
        }
    }
    let mut out: String = text.lines().take(LINES).collect::<Vec<_>>().join("\n");
    out.push('\n');
    out
}

fn measure(bin: &str, text: &str, keystrokes: usize, debounce: Option<u64>) -> Value {
    let mut child = Command::new(bin)
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start drydock lsp");
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut send = |m: Message| m.write(&mut stdin).expect("write");
    let mut options = json!({});
    if let Some(ms) = debounce {
        options["debounceMs"] = json!(ms);
    }
    send(Message::Request(Request::new(
        RequestId::from(1),
        "initialize".into(),
        json!({"capabilities": {}, "initializationOptions": options}),
    )));
    let mut recv = || Message::read(&mut stdout).expect("read").expect("message");
    while !matches!(recv(), Message::Response(_)) {}
    send(Message::Notification(Notification::new(
        "initialized".into(),
        json!({}),
    )));
    let uri = "file:///bench/Dockerfile";
    send(Message::Notification(Notification::new(
        "textDocument/didOpen".into(),
        json!({"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1, "text": text}}),
    )));
    let wait = |recv: &mut dyn FnMut() -> Message, version: i64| -> usize {
        loop {
            if let Message::Notification(n) = recv() {
                if n.method == "textDocument/publishDiagnostics"
                    && n.params["version"] == json!(version)
                {
                    return n.params["diagnostics"].as_array().map_or(0, Vec::len);
                }
            }
        }
    };
    let findings = wait(&mut recv, 1);
    let line = LINES / 2;
    let mut times = Vec::new();
    for k in 0..keystrokes {
        let version = 2 + k as i64;
        // Type a space at the start of the middle line, then delete it.
        let change = if k % 2 == 0 {
            json!({"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}}, "text": " "})
        } else {
            json!({"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 1}}, "text": ""})
        };
        let start = Instant::now();
        send(Message::Notification(Notification::new(
            "textDocument/didChange".into(),
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}),
        )));
        wait(&mut recv, version);
        times.push(start.elapsed().as_secs_f64() * 1e3);
    }
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
    let _ = child.wait();
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
    json!({
        "findings": findings,
        "keystrokes": keystrokes,
        "median_ms": pct(0.5),
        "p90_ms": pct(0.9),
        "max_ms": times.last().copied().unwrap_or(0.0),
    })
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bin = args
        .get(1)
        .expect("usage: latency <drydock binary> [corpus/files] [keystrokes]");
    let text = text_of(args.get(2).map(String::as_str));
    let keystrokes = args.get(3).and_then(|k| k.parse().ok()).unwrap_or(100);
    let default = measure(bin, &text, keystrokes, None);
    let paused = measure(bin, &text, keystrokes, Some(10));
    println!(
        "{}",
        json!({
            "lines": text.lines().count(),
            "bytes": text.len(),
            "default_debounce": default,
            "debounce_10ms": paused,
        })
    );
}

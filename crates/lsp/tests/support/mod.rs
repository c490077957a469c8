//! A test client: the server on a thread, spoken to over an in-memory
//! connection with the messages an editor would send.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::{Position, PublishDiagnosticsParams, Range, TextEdit, Url};
use serde_json::{json, Value};

use drydock_lsp::Environment;

pub struct Client {
    pub conn: Connection,
    server: Option<JoinHandle<Result<(), String>>>,
    next_id: i32,
    /// Notifications received while waiting for something else.
    pub notifications: VecDeque<Notification>,
    pub initialize_result: Value,
}

pub const TIMEOUT: Duration = Duration::from_secs(20);

impl Client {
    pub fn start(init_options: Value) -> Client {
        Client::start_with(init_options, json!({}), Environment::default())
    }

    pub fn start_with(init_options: Value, capabilities: Value, env: Environment) -> Client {
        let (server_side, client_side) = Connection::memory();
        let server = std::thread::spawn(move || drydock_lsp::serve(server_side, env));
        let mut client = Client {
            conn: client_side,
            server: Some(server),
            next_id: 0,
            notifications: VecDeque::new(),
            initialize_result: Value::Null,
        };
        let result = client.request(
            "initialize",
            json!({"capabilities": capabilities, "initializationOptions": init_options}),
        );
        client.initialize_result = result.result.expect("initialize result");
        client.notify("initialized", json!({}));
        client
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.conn
            .sender
            .send(Message::Notification(Notification::new(
                method.into(),
                params,
            )))
            .unwrap();
    }

    pub fn request(&mut self, method: &str, params: Value) -> Response {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.conn
            .sender
            .send(Message::Request(Request::new(
                id.clone(),
                method.into(),
                params,
            )))
            .unwrap();
        let deadline = Instant::now() + TIMEOUT;
        loop {
            match self.conn.receiver.recv_deadline(deadline) {
                Ok(Message::Response(r)) if r.id == id => return r,
                Ok(Message::Response(_)) => {}
                Ok(Message::Notification(n)) => self.notifications.push_back(n),
                Ok(Message::Request(_)) => {}
                Err(e) => panic!("no response to {method}: {e}"),
            }
        }
    }

    /// The result of a request that must succeed.
    pub fn ok(&mut self, method: &str, params: Value) -> Value {
        let r = self.request(method, params);
        assert!(r.error.is_none(), "{method} failed: {:?}", r.error);
        r.result.unwrap_or(Value::Null)
    }

    pub fn open(&mut self, uri: &Url, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1, "text": text}}),
        );
    }

    pub fn change_all(&mut self, uri: &Url, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    pub fn change(&mut self, uri: &Url, version: i32, range: Range, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"range": range, "text": text}]}),
        );
    }

    /// The next diagnostics published for `uri`.
    pub fn diagnostics(&mut self, uri: &Url) -> PublishDiagnosticsParams {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(k) = self.notifications.iter().position(|n| {
                n.method == "textDocument/publishDiagnostics" && n.params["uri"] == json!(uri)
            }) {
                let n = self.notifications.remove(k).unwrap();
                return serde_json::from_value(n.params).unwrap();
            }
            match self.conn.receiver.recv_deadline(deadline) {
                Ok(Message::Notification(n)) => self.notifications.push_back(n),
                Ok(_) => {}
                Err(e) => panic!("no diagnostics for {uri}: {e}"),
            }
        }
    }

    pub fn shutdown(mut self) {
        self.ok("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let result = self.server.take().unwrap().join().expect("server thread");
        assert_eq!(result, Ok(()));
    }
}

pub fn uri(name: &str) -> Url {
    Url::parse(&format!("file:///nonexistent-drydock-test/{name}")).unwrap()
}

pub fn pos(line: u32, character: u32) -> Value {
    json!({"line": line, "character": character})
}

pub fn at(uri: &Url, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": pos(line, character)})
}

/// Apply LSP text edits to `text`, as an editor does (UTF-16 positions;
/// the edits do not overlap).
pub fn apply(text: &str, edits: &[TextEdit]) -> String {
    let offset = |p: Position| -> usize {
        let mut line = 0;
        let mut start = 0;
        for (i, b) in text.bytes().enumerate() {
            if line == p.line {
                break;
            }
            if b == b'\n' {
                line += 1;
                start = i + 1;
            }
        }
        if line < p.line {
            return text.len();
        }
        let mut units = 0;
        for (i, c) in text[start..].char_indices() {
            if units >= p.character as usize || c == '\n' {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(e.range.start),
                offset(e.range.end),
                e.new_text.as_str(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (a, b, t) in spans {
        out.replace_range(a..b, t);
    }
    out
}

/// The text edits for `uri` in a workspace edit (`changes` or
/// `documentChanges`).
pub fn edits_for(edit: &Value, uri: &Url) -> Vec<TextEdit> {
    if let Some(changes) = edit.get("changes") {
        return serde_json::from_value(changes[uri.as_str()].clone()).unwrap_or_default();
    }
    let mut out = Vec::new();
    for change in edit["documentChanges"].as_array().into_iter().flatten() {
        if change["textDocument"]["uri"] == json!(uri) {
            out.extend(serde_json::from_value::<Vec<TextEdit>>(change["edits"].clone()).unwrap());
        }
    }
    out
}

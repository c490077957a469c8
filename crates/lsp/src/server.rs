//! The message loop and the server's state.

use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::rc::Rc;
use std::time::{Duration, Instant};

use crossbeam_channel::RecvTimeoutError;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as notif, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    CompletionResponse, FoldingRangeProviderCapability, HoverProviderCapability, InitializeParams,
    MessageType, OneOf, PrepareRenameResponse, PublishDiagnosticsParams, RenameOptions,
    ResourceOperationKind, SaveOptions, ServerCapabilities, ServerInfo, ShowMessageParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, TextEdit, Url, WorkDoneProgressOptions,
};
use serde::Deserialize;
use serde_json::Value;

use drydock_core::Config;

use crate::actions::{self, EditSupport};
use crate::analysis::{Analysis, Settings};
use crate::diagnostics::{to_lsp, DEFAULT_DOCS_URL};
use crate::document::Document;
use crate::{navigation, Environment};

/// How long edits must pause before the diagnostics are recomputed and
/// published, unless the client says otherwise (`debounceMs`). Zero still
/// debounces: every message already queued is handled before the lint, so
/// a burst of edits that arrived while the last lint ran costs one lint,
/// and a lone keystroke waits for nothing.
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(0);

/// The client's settings: `initializationOptions`, or the `drydock`
/// object of `workspace/didChangeConfiguration`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ClientOptions {
    /// A whole `Config` (the JSON the playground stores): used instead of
    /// any `.hadolint.yaml`.
    pub config: Option<Config>,
    /// Where rule pages are (`<docsUrl>#rule/CODE`).
    pub docs_url: Option<String>,
    /// Milliseconds edits must pause before diagnostics are published.
    pub debounce_ms: Option<u64>,
}

struct Open {
    doc: Document,
    settings: Settings,
    /// Bumped on every change: the analysis is of this generation.
    generation: u64,
    analysis: Option<(u64, Rc<Analysis>)>,
}

impl Open {
    fn analysis(&mut self) -> Rc<Analysis> {
        match &self.analysis {
            Some((g, a)) if *g == self.generation => a.clone(),
            _ => {
                let a = Rc::new(Analysis::new(&self.doc.text, &self.settings));
                self.analysis = Some((self.generation, a.clone()));
                a
            }
        }
    }
}

pub struct Server {
    env: Environment,
    options: ClientOptions,
    support: EditSupport,
    docs: HashMap<Url, Open>,
    /// Documents whose diagnostics are due, and when.
    due: HashMap<Url, Instant>,
    /// Messages already shown to the user (shown once).
    shown: HashSet<String>,
    outbox: Vec<Message>,
    shutting_down: bool,
}

/// Serve `connection` until the client says `exit` or hangs up.
pub fn serve(connection: Connection, env: Environment) -> Result<(), String> {
    let (id, params) = connection.initialize_start().map_err(|e| e.to_string())?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let options = params
        .initialization_options
        .clone()
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default();
    let support = EditSupport {
        create_files: params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.workspace_edit.as_ref())
            .is_some_and(|e| {
                e.document_changes == Some(true)
                    && e.resource_operations
                        .as_ref()
                        .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create))
            }),
    };
    let result = serde_json::json!({
        "capabilities": capabilities(env.format.is_some()),
        "serverInfo": ServerInfo { name: "drydock".into(), version: Some(env!("CARGO_PKG_VERSION").into()) },
    });
    // Not `initialize_finish`: it ends the server when the next message
    // is not `initialized`; the loop below takes it, or its absence.
    connection
        .sender
        .send(Message::Response(Response::new_ok(id, result)))
        .map_err(|e| e.to_string())?;
    let mut server = Server {
        env,
        options,
        support,
        docs: HashMap::new(),
        due: HashMap::new(),
        shown: HashSet::new(),
        outbox: Vec::new(),
        shutting_down: false,
    };
    server.run(&connection)
}

pub fn capabilities(formatting: bool) -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["$".into(), "{".into(), "=".into(), "-".into()]),
            ..CompletionOptions::default()
        }),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        })),
        document_symbol_provider: Some(OneOf::Left(true)),
        folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::SOURCE_FIX_ALL,
            ]),
            ..CodeActionOptions::default()
        })),
        document_formatting_provider: formatting.then_some(OneOf::Left(true)),
        ..ServerCapabilities::default()
    }
}

fn params<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, Response> {
    serde_json::from_value(value).map_err(|e| {
        Response::new_err(
            RequestId::from(0),
            ErrorCode::InvalidParams as i32,
            format!("invalid params: {e}"),
        )
    })
}

impl Server {
    fn debounce(&self) -> Duration {
        self.options
            .debounce_ms
            .map_or(DEFAULT_DEBOUNCE, Duration::from_millis)
    }

    fn docs_url(&self) -> &str {
        self.options.docs_url.as_deref().unwrap_or(DEFAULT_DOCS_URL)
    }

    fn run(&mut self, connection: &Connection) -> Result<(), String> {
        loop {
            let next = self.due.values().min().copied();
            let msg = match next {
                Some(deadline) => match connection.receiver.recv_deadline(deadline) {
                    Ok(msg) => Some(msg),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => return Ok(()),
                },
                None => match connection.receiver.recv() {
                    Ok(msg) => Some(msg),
                    Err(_) => return Ok(()),
                },
            };
            match msg {
                None => self.publish_due(Instant::now()),
                Some(Message::Request(request)) if self.shutting_down => {
                    // Some clients ask twice (Neovim on quitting); after
                    // `shutdown` only `exit` is expected.
                    let response = if request.method == req::Shutdown::METHOD {
                        Response::new_ok(request.id, ())
                    } else {
                        Response::new_err(
                            request.id,
                            ErrorCode::InvalidRequest as i32,
                            "the server is shutting down".into(),
                        )
                    };
                    self.outbox.push(Message::Response(response));
                }
                Some(Message::Request(request)) if request.method == req::Shutdown::METHOD => {
                    self.shutting_down = true;
                    self.due.clear();
                    self.outbox
                        .push(Message::Response(Response::new_ok(request.id, ())));
                }
                Some(Message::Request(request)) => {
                    let id = request.id.clone();
                    let method = request.method.clone();
                    let response = catch_unwind(AssertUnwindSafe(|| self.request(request)))
                        .unwrap_or_else(|_| {
                            Response::new_err(
                                id.clone(),
                                ErrorCode::InternalError as i32,
                                format!("drydock failed on {method}: please report it"),
                            )
                        });
                    self.outbox
                        .push(Message::Response(Response { id, ..response }));
                }
                Some(Message::Notification(n)) => {
                    if n.method == notif::Exit::METHOD {
                        return Ok(());
                    }
                    let method = n.method.clone();
                    if catch_unwind(AssertUnwindSafe(|| self.notification(n))).is_err() {
                        self.show_once(format!("drydock failed on {method}: please report it"));
                    }
                }
                Some(Message::Response(_)) => {}
            }
            for msg in self.outbox.drain(..) {
                connection.sender.send(msg).map_err(|e| e.to_string())?;
            }
        }
    }

    fn show_once(&mut self, message: String) {
        if self.shown.insert(message.clone()) {
            self.outbox.push(Message::Notification(Notification::new(
                notif::ShowMessage::METHOD.into(),
                ShowMessageParams {
                    typ: MessageType::WARNING,
                    message,
                },
            )));
        }
    }

    /// What a document is linted with: the client's config, or the
    /// `.hadolint.yaml` the CLI would use; the `.dockerignore` beside it.
    fn settings_for(&mut self, uri: &Url) -> Settings {
        let path = uri.to_file_path().ok();
        let dir = path.as_deref().and_then(Path::parent);
        let mut config = Config::default();
        if let Some(c) = &self.options.config {
            config = c.clone();
        } else if let (Some(load), Some(dir)) = (&self.env.load_config, dir) {
            match load(dir) {
                Ok(Some(c)) => config = c,
                Ok(None) => {}
                Err(e) => self.show_once(format!("drydock: {e}")),
            }
        }
        let dockerignore = path.as_deref().and_then(|p| {
            let own = format!("{}.dockerignore", p.display());
            std::fs::read_to_string(own)
                .ok()
                .or_else(|| std::fs::read_to_string(p.parent()?.join(".dockerignore")).ok())
        });
        Settings {
            config,
            dockerignore,
        }
    }

    fn schedule(&mut self, uri: Url) {
        let at = Instant::now() + self.debounce();
        self.due.insert(uri, at);
    }

    fn publish_due(&mut self, now: Instant) {
        let due: Vec<Url> = self
            .due
            .iter()
            .filter(|(_, at)| **at <= now)
            .map(|(u, _)| u.clone())
            .collect();
        for uri in due {
            self.due.remove(&uri);
            self.publish(&uri);
        }
    }

    fn publish(&mut self, uri: &Url) {
        let docs_url = self.docs_url().to_string();
        let Some(open) = self.docs.get_mut(uri) else {
            return;
        };
        let a = open.analysis();
        let diagnostics = a
            .diagnostics
            .iter()
            .map(|d| to_lsp(d, &open.doc, &docs_url))
            .collect();
        let version = Some(open.doc.version);
        self.outbox.push(Message::Notification(Notification::new(
            notif::PublishDiagnostics::METHOD.into(),
            PublishDiagnosticsParams {
                uri: uri.clone(),
                diagnostics,
                version,
            },
        )));
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            notif::DidOpenTextDocument::METHOD => {
                let Ok(p) = params::<lsp_types::DidOpenTextDocumentParams>(n.params) else {
                    return;
                };
                let uri = p.text_document.uri;
                let settings = self.settings_for(&uri);
                self.docs.insert(
                    uri.clone(),
                    Open {
                        doc: Document::new(p.text_document.text, p.text_document.version),
                        settings,
                        generation: 0,
                        analysis: None,
                    },
                );
                // A document just opened: its findings at once.
                self.due.insert(uri, Instant::now());
            }
            notif::DidChangeTextDocument::METHOD => {
                let Ok(p) = params::<lsp_types::DidChangeTextDocumentParams>(n.params) else {
                    return;
                };
                let uri = p.text_document.uri;
                if let Some(open) = self.docs.get_mut(&uri) {
                    open.doc.apply(p.text_document.version, p.content_changes);
                    open.generation += 1;
                    self.schedule(uri);
                }
            }
            notif::DidCloseTextDocument::METHOD => {
                let Ok(p) = params::<lsp_types::DidCloseTextDocumentParams>(n.params) else {
                    return;
                };
                let uri = p.text_document.uri;
                self.docs.remove(&uri);
                self.due.remove(&uri);
                self.outbox.push(Message::Notification(Notification::new(
                    notif::PublishDiagnostics::METHOD.into(),
                    PublishDiagnosticsParams {
                        uri,
                        diagnostics: Vec::new(),
                        version: None,
                    },
                )));
            }
            notif::DidSaveTextDocument::METHOD => self.reload_settings(),
            notif::DidChangeConfiguration::METHOD => {
                if let Ok(p) = params::<lsp_types::DidChangeConfigurationParams>(n.params) {
                    let value = match p.settings.get("drydock") {
                        Some(v) => v.clone(),
                        None => p.settings,
                    };
                    if let Ok(options) = serde_json::from_value::<ClientOptions>(value) {
                        if options.config.is_some()
                            || options.docs_url.is_some()
                            || options.debounce_ms.is_some()
                        {
                            self.options = options;
                        }
                    }
                }
                self.reload_settings();
            }
            _ => {}
        }
    }

    /// Settings files may have changed: read them again, and re-lint the
    /// documents whose settings differ.
    fn reload_settings(&mut self) {
        let uris: Vec<Url> = self.docs.keys().cloned().collect();
        for uri in uris {
            let settings = self.settings_for(&uri);
            if let Some(open) = self.docs.get_mut(&uri) {
                if open.settings != settings {
                    open.settings = settings;
                    open.generation += 1;
                    self.due.insert(uri, Instant::now());
                }
            }
        }
    }

    fn request(&mut self, r: Request) -> Response {
        let id = r.id.clone();
        let result = self.dispatch(r);
        match result {
            Ok(value) => Response::new_ok(id, value),
            Err(e) => Response { id, ..e },
        }
    }

    fn dispatch(&mut self, r: Request) -> Result<Value, Response> {
        let docs_url = self.docs_url().to_string();
        let support = self.support;
        macro_rules! doc {
            ($uri:expr) => {
                match self.docs.get_mut($uri) {
                    Some(open) => {
                        let a = open.analysis();
                        (&*open, a)
                    }
                    None => return Ok(Value::Null),
                }
            };
        }
        let json = |v: Result<Value, serde_json::Error>| {
            v.map_err(|e| {
                Response::new_err(
                    RequestId::from(0),
                    ErrorCode::InternalError as i32,
                    e.to_string(),
                )
            })
        };
        match r.method.as_str() {
            req::HoverRequest::METHOD => {
                let p: lsp_types::HoverParams = params(r.params)?;
                let pos = p.text_document_position_params;
                let (open, a) = doc!(&pos.text_document.uri);
                let offset = open.doc.offset(pos.position);
                json(serde_json::to_value(navigation::hover(
                    &open.doc, &a, offset,
                )))
            }
            req::Completion::METHOD => {
                let p: lsp_types::CompletionParams = params(r.params)?;
                let pos = p.text_document_position;
                let (open, a) = doc!(&pos.text_document.uri);
                let offset = open.doc.offset(pos.position);
                let items = navigation::completion(&open.doc, &a, offset);
                json(serde_json::to_value(CompletionResponse::Array(items)))
            }
            req::GotoDefinition::METHOD => {
                let p: lsp_types::GotoDefinitionParams = params(r.params)?;
                let pos = p.text_document_position_params;
                let uri = pos.text_document.uri;
                let (open, a) = doc!(&uri);
                let offset = open.doc.offset(pos.position);
                json(serde_json::to_value(navigation::definition(
                    &open.doc, &a, &uri, offset,
                )))
            }
            req::References::METHOD => {
                let p: lsp_types::ReferenceParams = params(r.params)?;
                let pos = p.text_document_position;
                let uri = pos.text_document.uri;
                let (open, a) = doc!(&uri);
                let offset = open.doc.offset(pos.position);
                json(serde_json::to_value(navigation::references(
                    &open.doc,
                    &a,
                    &uri,
                    offset,
                    p.context.include_declaration,
                )))
            }
            req::PrepareRenameRequest::METHOD => {
                let p: lsp_types::TextDocumentPositionParams = params(r.params)?;
                let (open, a) = doc!(&p.text_document.uri);
                let offset = open.doc.offset(p.position);
                json(serde_json::to_value(
                    navigation::prepare_rename(&open.doc, &a, offset)
                        .map(PrepareRenameResponse::Range),
                ))
            }
            req::Rename::METHOD => {
                let p: lsp_types::RenameParams = params(r.params)?;
                let pos = p.text_document_position;
                let uri = pos.text_document.uri;
                let (open, a) = doc!(&uri);
                let offset = open.doc.offset(pos.position);
                match navigation::rename(&open.doc, &a, &uri, offset, &p.new_name) {
                    Ok(edit) => json(serde_json::to_value(edit)),
                    Err(message) => Err(Response::new_err(
                        RequestId::from(0),
                        ErrorCode::InvalidParams as i32,
                        message,
                    )),
                }
            }
            req::DocumentSymbolRequest::METHOD => {
                let p: lsp_types::DocumentSymbolParams = params(r.params)?;
                let (open, a) = doc!(&p.text_document.uri);
                json(serde_json::to_value(navigation::document_symbols(
                    &open.doc, &a,
                )))
            }
            req::FoldingRangeRequest::METHOD => {
                let p: lsp_types::FoldingRangeParams = params(r.params)?;
                let (_, a) = doc!(&p.text_document.uri);
                json(serde_json::to_value(navigation::folding_ranges(&a)))
            }
            req::CodeActionRequest::METHOD => {
                let p: lsp_types::CodeActionParams = params(r.params)?;
                let uri = p.text_document.uri;
                let (open, a) = doc!(&uri);
                let cx = actions::Context {
                    uri: &uri,
                    doc: &open.doc,
                    analysis: &a,
                    settings: &open.settings,
                    docs_url: &docs_url,
                    support,
                };
                let only = p.context.only.as_deref();
                json(serde_json::to_value(actions::code_actions(
                    &cx, p.range, only,
                )))
            }
            req::Formatting::METHOD => {
                let p: lsp_types::DocumentFormattingParams = params(r.params)?;
                let Some(format) = &self.env.format else {
                    return Ok(Value::Null);
                };
                let Some(open) = self.docs.get(&p.text_document.uri) else {
                    return Ok(Value::Null);
                };
                let edits: Option<Vec<TextEdit>> = format(&open.doc.text).map(|formatted| {
                    if formatted == open.doc.text {
                        return Vec::new();
                    }
                    let e = actions::minimal_edit(&open.doc.text, &formatted);
                    vec![TextEdit::new(open.doc.range(e.span), e.replacement)]
                });
                json(serde_json::to_value(edits))
            }
            _ => Err(Response::new_err(
                r.id,
                ErrorCode::MethodNotFound as i32,
                format!("drydock does not handle {}", r.method),
            )),
        }
    }
}

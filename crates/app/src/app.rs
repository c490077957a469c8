//! The playground's component: state, messages and the page's frame. The
//! views live beside it: `suggestions.rs` (the findings list),
//! `rewrite_view.rs`, `dialogs.rs` (share, settings, export), `docs.rs`
//! (rule pages).
//!
//! Adding a results tab (a third beside Suggestions and Rewrite): add a
//! [`Tab`] variant, its `id`/`label` in `impl Tab`, and one arm in
//! [`App::view_tab`]. Nothing else changes.

use std::collections::BTreeSet;

use drydock_core::fix::SuggestionId;
use drydock_core::{Config, LineIndex, Severity};
use drydock_formats::link;
use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Timeout;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::bridge;
use crate::build_view::{BuildView, Highlight};
use crate::dialogs::Export;
use crate::engine::{self, Analysis, Options};
use crate::examples::{DEFAULT, EXAMPLES};
use crate::storage;
use crate::worker::{Checker, Reply};

/// How long typing must pause before the text is checked again on the
/// main thread (no worker: a check there would delay the next keystroke).
const CHECK_DELAY_MS: u32 = 150;
/// The same with the worker running: checks leave the keystroke path and
/// the worker has one request at a time (a newer text waits for the
/// answer, intermediate ones are skipped), so only the current task ends
/// first.
const WORKER_CHECK_DELAY_MS: u32 = 0;
/// Texts up to this size are checked on the main thread when the page
/// opens, so the first paint has findings; later checks go to the worker.
const FIRST_CHECK_INLINE: usize = 32 * 1024;
/// The message the embed mode posts to its parent: `{type, height}`.
const HEIGHT_MESSAGE: &str = "drydock:height";
/// CI fails from this severity up when the settings name no threshold
/// (hadolint's default, and `drydock lint`'s).
pub const DEFAULT_THRESHOLD: Severity = Severity::Info;

/// A finding as the editor wants it: UTF-16 offsets.
#[derive(Serialize)]
struct EditorFinding<'a> {
    from: usize,
    to: usize,
    severity: &'a str,
    code: &'a str,
    message: &'a str,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Main,
    Rules,
    Rule(String),
}

/// The results pane's tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Suggestions,
    Rewrite,
    Build,
}

impl Tab {
    pub const ALL: [Tab; 3] = [Tab::Suggestions, Tab::Rewrite, Tab::Build];

    /// The tab button's id; its panel is `panel-<id>`.
    pub fn id(self) -> &'static str {
        match self {
            Tab::Suggestions => "suggestions",
            Tab::Rewrite => "rewrite",
            Tab::Build => "build",
        }
    }
}

/// The file shown in the editor pane.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum File {
    Dockerfile,
    Dockerignore,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialog {
    Share,
    Settings,
    Export,
}

pub enum Msg {
    /// The editor's text changed (read it when checking).
    Edited,
    Check,
    Checked(Reply),
    Reveal(usize),
    LoadExample(usize),
    HashChanged,
    SetTab(Tab),
    SetFile(File),
    SetDockerignore(String),
    ToggleFix(SuggestionId),
    IgnoreHere(usize),
    IgnoreEverywhere(String),
    Unignore(String),
    AddIgnored(String),
    SetThreshold(Option<Severity>),
    SetRegistries(String),
    ResetSettings,
    Open(Dialog),
    CloseDialog,
    CopyLink,
    Copy(String, &'static str),
    Download(String, String),
    /// Write an export: download it, or copy it (true).
    Export(Export, bool),
    Toast(String),
    HideToast,
    DismissError,
    MergeShown(JsValue),
    WindowResized,
    /// The Build view's hovered row: lines to highlight in the editor.
    Highlight(Highlight),
}

pub struct App {
    /// The text last checked (or being checked).
    pub(crate) text: String,
    pub(crate) config: Config,
    /// The project's `.dockerignore` ("" for none).
    pub(crate) dockerignore: String,
    /// Findings and rewrite of `analyzed`.
    pub(crate) analysis: Analysis,
    pub(crate) analyzed: String,
    /// Suggestions the user turned off.
    pub(crate) rejected: BTreeSet<SuggestionId>,
    pub(crate) embed: bool,
    /// The Build tab is offered (always, except in embed mode without
    /// `build` in the query: `?embed&build`).
    build_tab: bool,
    /// Opened from a share link: autosave stays off so a link never
    /// overwrites the user's own work.
    pub(crate) from_link: bool,
    /// The `code=` of the link last opened (going back to it is no reload).
    link_code: Option<String>,
    pub(crate) route: Route,
    pub(crate) tab: Tab,
    pub(crate) file: File,
    pub(crate) dialog: Option<Dialog>,
    error: Option<String>,
    toast: Option<String>,
    toast_timer: Option<Timeout>,
    editor_ref: NodeRef,
    pub(crate) merge_ref: NodeRef,
    root_ref: NodeRef,
    view: Option<bridge::EditorView>,
    on_change: Option<Closure<dyn FnMut()>>,
    pending: Option<Timeout>,
    /// The worker; `None` when it could not start (checks then run here).
    checker: Option<Checker>,
    worker_broken: bool,
    /// The latest request, the one in flight, and whether another is due
    /// when it returns.
    seq: u32,
    /// The request in flight: its number, text and edit generation.
    in_flight: Option<(u32, String, u64)>,
    queued: bool,
    /// Edits so far; findings are marked in the editor only when no edit
    /// came after the text they were found in.
    generation: u64,
    merge: Option<JsValue>,
    /// The (original, rewritten) pair the merge view shows or is loading.
    merge_for: Option<(String, String)>,
    last_height: i32,
    _listeners: Vec<EventListener>,
}

fn location() -> web_sys::Location {
    gloo::utils::window().location()
}

fn current_hash() -> String {
    location().hash().unwrap_or_default()
}

fn route_of(hash: &str) -> Route {
    let hash = hash.trim_start_matches('#');
    if let Some(code) = hash.strip_prefix("rule/") {
        let code = js_sys::decode_uri_component(code)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default();
        Route::Rule(code)
    } else if hash == "rules" {
        Route::Rules
    } else {
        Route::Main
    }
}

/// The page's address without query or fragment: what links start with.
pub fn base_url() -> String {
    let loc = location();
    format!(
        "{}{}",
        loc.origin().unwrap_or_default(),
        loc.pathname().unwrap_or_default()
    )
}

fn link_error(e: link::LinkError) -> String {
    format!("This link could not be opened: {e}. The editor shows your own text instead.")
}

impl Component for App {
    type Message = Msg;
    type Properties = ();

    fn create(ctx: &Context<Self>) -> Self {
        let search = location().search().unwrap_or_default();
        let query: Vec<&str> = search.trim_start_matches('?').split('&').collect();
        let embed = query
            .iter()
            .any(|p| *p == "embed" || p.starts_with("embed="));
        let build_tab = !embed
            || query
                .iter()
                .any(|p| *p == "build" || p.starts_with("build="));
        let hash = current_hash();
        let mut error = None;
        let mut from_link = false;
        let mut loaded = None;
        let link_code = link::param(&hash, "code").map(str::to_string);
        match link::decode(&hash) {
            Ok(Some(shared)) => {
                from_link = true;
                loaded = Some(storage::Saved {
                    text: shared.code,
                    config: shared.config,
                    dockerignore: shared.dockerignore.unwrap_or_default(),
                });
            }
            Ok(None) => {}
            Err(e) => error = Some(link_error(e)),
        }
        let saved = loaded.unwrap_or_else(|| {
            let saved = if embed { None } else { storage::load() };
            saved.unwrap_or_else(|| storage::Saved {
                text: EXAMPLES[DEFAULT].text.to_string(),
                config: Config::default(),
                dockerignore: String::new(),
            })
        });
        crate::panic::set_autosave(!from_link && !embed);

        let window = gloo::utils::window();
        let mut listeners = Vec::new();
        let link = ctx.link().clone();
        listeners.push(EventListener::new(&window, "hashchange", move |_| {
            link.send_message(Msg::HashChanged)
        }));
        let link = ctx.link().clone();
        listeners.push(EventListener::new_with_options(
            &gloo::utils::document(),
            "keydown",
            EventListenerOptions::enable_prevent_default(),
            move |event| {
                let Some(key) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
                    return;
                };
                if (key.ctrl_key() || key.meta_key())
                    && !key.alt_key()
                    && key.key().eq_ignore_ascii_case("s")
                {
                    key.prevent_default();
                    link.send_message(Msg::CopyLink);
                } else if key.key() == "Escape" {
                    link.send_message(Msg::CloseDialog);
                }
            },
        ));
        if embed {
            let link = ctx.link().clone();
            listeners.push(EventListener::new(&window, "resize", move |_| {
                link.send_message(Msg::WindowResized)
            }));
        }

        let mut app = App {
            text: saved.text,
            config: saved.config,
            dockerignore: saved.dockerignore,
            analysis: Analysis::default(),
            analyzed: String::new(),
            rejected: BTreeSet::new(),
            embed,
            build_tab,
            from_link,
            link_code,
            route: route_of(&hash),
            tab: Tab::Suggestions,
            file: File::Dockerfile,
            dialog: None,
            error,
            toast: None,
            toast_timer: None,
            editor_ref: NodeRef::default(),
            merge_ref: NodeRef::default(),
            root_ref: NodeRef::default(),
            view: None,
            on_change: None,
            pending: None,
            checker: None,
            worker_broken: false,
            seq: 0,
            in_flight: None,
            queued: false,
            generation: 0,
            merge: None,
            merge_for: None,
            last_height: -1,
            _listeners: listeners,
        };
        if app.text.len() <= FIRST_CHECK_INLINE {
            app.analysis = engine::analyze(&app.text, &app.options());
            app.analyzed = app.text.clone();
        } else {
            app.check(ctx);
        }
        app
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Edited => {
                self.generation += 1;
                self.schedule_check(ctx);
                false
            }
            Msg::Check => {
                self.pending = None;
                if let Some(view) = &self.view {
                    self.text = bridge::get_text(view);
                }
                let shown = self.check(ctx);
                self.autosave();
                shown
            }
            Msg::Checked(reply) => self.checked(ctx, reply),
            Msg::Reveal(i) => {
                if let (Some(view), Some(f)) = (&self.view, self.analysis.findings.get(i)) {
                    bridge::reveal(view, f.from as u32, f.to as u32);
                }
                false
            }
            Msg::LoadExample(i) => {
                let Some(example) = EXAMPLES.get(i) else {
                    return false;
                };
                self.from_link = false;
                crate::panic::set_autosave(!self.embed);
                self.rejected.clear();
                self.replace_text(ctx, example.text.to_string());
                self.autosave();
                true
            }
            Msg::HashChanged => {
                let hash = current_hash();
                self.route = route_of(&hash);
                let code = link::param(&hash, "code").map(str::to_string);
                if code.is_some() && code != self.link_code {
                    self.link_code = code;
                    match link::decode(&hash) {
                        Ok(Some(shared)) => {
                            self.from_link = true;
                            crate::panic::set_autosave(false);
                            self.config = shared.config;
                            self.dockerignore = shared.dockerignore.unwrap_or_default();
                            self.error = None;
                            self.rejected.clear();
                            self.replace_text(ctx, shared.code);
                        }
                        Ok(None) => {}
                        Err(e) => self.error = Some(link_error(e)),
                    }
                }
                if self.route != Route::Main {
                    gloo::utils::window().scroll_to_with_x_and_y(0.0, 0.0);
                }
                true
            }
            Msg::SetTab(tab) => {
                self.tab = tab;
                true
            }
            Msg::SetFile(file) => {
                self.file = file;
                true
            }
            Msg::SetDockerignore(text) => {
                self.dockerignore = text;
                self.schedule_check(ctx);
                false
            }
            Msg::ToggleFix(id) => {
                if !self.rejected.remove(&id) {
                    self.rejected.insert(id);
                }
                self.check(ctx);
                true
            }
            Msg::IgnoreHere(i) => {
                let (Some(view), Some(f)) = (&self.view, self.analysis.findings.get(i)) else {
                    return false;
                };
                // The line of the finding in the text it was found in.
                let text = &self.analyzed;
                let index = LineIndex::new(text);
                let start = index.line_start(f.line);
                let indent: String = text[start..]
                    .chars()
                    .take_while(|c| *c == ' ' || *c == '\t')
                    .collect();
                let comment = format!("{indent}# hadolint ignore={} # reason: ", f.code);
                let at = index.utf16_offset(text, start) as u32;
                let cursor = comment.encode_utf16().count() as u32;
                bridge::insert_at(view, at, &format!("{comment}\n"), cursor);
                false
            }
            Msg::IgnoreEverywhere(code) => {
                if !self.config.is_ignored(&code) {
                    self.config.ignored.push(code.clone());
                }
                self.settings_changed(ctx);
                self.show_toast(
                    ctx,
                    format!("{code} is now ignored everywhere (see Settings)."),
                );
                true
            }
            Msg::Unignore(code) => {
                self.config
                    .ignored
                    .retain(|c| !c.eq_ignore_ascii_case(&code));
                self.settings_changed(ctx);
                true
            }
            Msg::AddIgnored(code) => {
                let code = code.trim().to_string();
                if code.is_empty() || self.config.is_ignored(&code) {
                    return false;
                }
                let code = drydock_core::rules::find(&code).map_or(code, |r| r.code.to_string());
                self.config.ignored.push(code);
                self.settings_changed(ctx);
                true
            }
            Msg::SetThreshold(t) => {
                self.config.failure_threshold = t;
                self.settings_changed(ctx);
                true
            }
            Msg::SetRegistries(text) => {
                self.config.trusted_registries = text
                    .split([',', '\n', ' '])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect();
                self.settings_changed(ctx);
                true
            }
            Msg::ResetSettings => {
                self.config = Config::default();
                self.settings_changed(ctx);
                true
            }
            Msg::Open(dialog) => {
                self.sync_text();
                self.dialog = Some(dialog);
                true
            }
            Msg::CloseDialog => self.dialog.take().is_some(),
            Msg::CopyLink => {
                self.sync_text();
                let url = self.share_url();
                self.copy(ctx, url, "Link copied to the clipboard.");
                false
            }
            Msg::Copy(text, done) => {
                self.copy(ctx, text, done);
                false
            }
            Msg::Download(name, text) => {
                download(&name, &text);
                false
            }
            Msg::Export(what, copy) => {
                self.sync_text();
                let text = self.export(what);
                if copy {
                    self.copy(ctx, text, "Copied.");
                } else {
                    download(what.file_name(), &text);
                }
                false
            }
            Msg::Toast(text) => {
                self.show_toast(ctx, text);
                true
            }
            Msg::HideToast => {
                self.toast_timer = None;
                self.toast.take().is_some()
            }
            Msg::DismissError => self.error.take().is_some(),
            Msg::MergeShown(handle) => {
                if let Some(old) = self.merge.replace(handle) {
                    bridge::destroy_merge(&old);
                }
                false
            }
            Msg::WindowResized => {
                self.post_height();
                false
            }
            Msg::Highlight((lines, scroll)) => {
                if let Some(view) = &self.view {
                    match lines {
                        Some((from, to)) => {
                            bridge::highlight_lines(view, from as u32, to as u32, scroll)
                        }
                        None => bridge::clear_lines(view),
                    }
                }
                false
            }
        }
    }

    fn rendered(&mut self, ctx: &Context<Self>, first_render: bool) {
        if first_render {
            self.create_editor(ctx);
        }
        if self.tab == Tab::Rewrite && self.route == Route::Main {
            self.show_merge(ctx);
        }
        self.post_height();
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let main_hidden = self.route != Route::Main;
        let classes = classes!("app", self.embed.then_some("embed"));
        let body = html! {
            <>
                { self.view_header(ctx) }
                { self.view_error(ctx) }
                <main class="panes" hidden={main_hidden}>
                    { self.view_editor_pane(ctx) }
                    <section class="pane results-pane" aria-label="Results">
                        <div class="pane-head">
                            <div class="tabs" role="tablist" aria-label="Results">
                                { for self.tabs().map(|tab| self.tab_button(ctx, tab)) }
                            </div>
                        </div>
                        { self.view_ci() }
                        { for self.tabs().map(|tab| html! {
                            <div class="pane-body" role="tabpanel" id={format!("panel-{}", tab.id())}
                                aria-labelledby={format!("tab-{}", tab.id())} hidden={self.tab != tab}>
                                { self.view_tab(ctx, tab) }
                            </div>
                        }) }
                    </section>
                </main>
                { self.view_docs() }
                { self.view_footer() }
                { self.view_dialog(ctx) }
                if let Some(toast) = &self.toast {
                    <div class="toast" role="status" onclick={link.callback(|_| Msg::HideToast)}>{toast.clone()}</div>
                }
            </>
        };
        if self.embed {
            html! { <div class={classes} data-testid="embed" ref={self.root_ref.clone()}>{body}</div> }
        } else {
            html! { <div class={classes} ref={self.root_ref.clone()}>{body}</div> }
        }
    }
}

impl App {
    fn tab_label(&self, tab: Tab) -> String {
        match tab {
            Tab::Suggestions => format!("Suggestions ({})", self.analysis.findings.len()),
            Tab::Rewrite => format!("Rewrite ({})", self.analysis.rewrite.applied.len()),
            Tab::Build => "Build".to_string(),
        }
    }

    /// The content of a results tab.
    fn view_tab(&self, ctx: &Context<Self>, tab: Tab) -> Html {
        match tab {
            Tab::Suggestions => self.view_findings(ctx),
            Tab::Rewrite => self.view_rewrite(ctx),
            Tab::Build => self.view_build(ctx),
        }
    }

    /// The tabs offered: the Build tab is optional in embed mode.
    fn tabs(&self) -> impl Iterator<Item = Tab> + '_ {
        Tab::ALL
            .into_iter()
            .filter(|&t| t != Tab::Build || self.build_tab)
    }

    /// The Build view, computed only while its tab is shown.
    fn view_build(&self, ctx: &Context<Self>) -> Html {
        if self.tab != Tab::Build {
            return html! {};
        }
        let generated = self
            .analysis
            .rewrite
            .files
            .iter()
            .find(|f| f.path == ".dockerignore")
            .map(|f| AttrValue::from(f.contents.clone()));
        html! {
            <BuildView text={self.analyzed.clone()} rewrite={self.analysis.rewrite.text.clone()}
                config={self.config.clone()}
                dockerignore={self.project_dockerignore().map(|d| AttrValue::from(d.to_string()))}
                generated_dockerignore={generated}
                on_highlight={ctx.link().callback(Msg::Highlight)} />
        }
    }

    fn tab_button(&self, ctx: &Context<Self>, tab: Tab) -> Html {
        let selected = self.tab == tab;
        html! {
            <button role="tab" id={format!("tab-{}", tab.id())} aria-controls={format!("panel-{}", tab.id())}
                aria-selected={selected.to_string()}
                onclick={ctx.link().callback(move |_| Msg::SetTab(tab))}>{self.tab_label(tab)}</button>
        }
    }

    /// The project's `.dockerignore`, when the user gave one.
    pub(crate) fn project_dockerignore(&self) -> Option<&str> {
        Some(self.dockerignore.as_str()).filter(|s| !s.is_empty())
    }

    /// The settings, `.dockerignore` and rejections, as the core takes them.
    pub(crate) fn options(&self) -> Options {
        Options {
            config: self.config.clone(),
            dockerignore: self.project_dockerignore().map(str::to_string),
            rejected: self.rejected.iter().cloned().collect(),
            safe_only: false,
            accepted: Vec::new(),
        }
    }

    fn create_editor(&mut self, ctx: &Context<Self>) {
        let Some(parent) = self.editor_ref.cast::<HtmlElement>() else {
            return;
        };
        let link = ctx.link().clone();
        let on_change = Closure::<dyn FnMut()>::new(move || link.send_message(Msg::Edited));
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"label".into(), &"Dockerfile".into());
        let _ = js_sys::Reflect::set(&options, &"main".into(), &JsValue::TRUE);
        let view = bridge::create(
            &parent,
            &self.text,
            on_change.as_ref().unchecked_ref(),
            &options,
        );
        self.view = Some(view);
        self.on_change = Some(on_change);
        self.push_findings();
    }

    fn schedule_check(&mut self, ctx: &Context<Self>) {
        let link = ctx.link().clone();
        let delay = if self.checker.is_some() {
            WORKER_CHECK_DELAY_MS
        } else {
            CHECK_DELAY_MS
        };
        self.pending = Some(Timeout::new(delay, move || link.send_message(Msg::Check)));
    }

    /// Check `self.text`: in the worker when there is one (one request at
    /// a time; a newer one waits for the answer), here otherwise. True
    /// when the results changed already (checked here).
    fn check(&mut self, ctx: &Context<Self>) -> bool {
        if self.checker.is_none() && !self.worker_broken {
            let link = ctx.link().clone();
            self.checker = Checker::start(move |reply| link.send_message(Msg::Checked(reply)));
            self.worker_broken = self.checker.is_none();
        }
        let options = self.options();
        if let Some(checker) = &self.checker {
            if self.in_flight.is_some() {
                self.queued = true;
                return false;
            }
            self.seq += 1;
            if checker.send(self.seq, &self.text, &options) {
                self.in_flight = Some((self.seq, self.text.clone(), self.generation));
                return false;
            }
        }
        let analysis = engine::analyze(&self.text, &options);
        if self.show_analysis(analysis, self.text.clone(), self.generation) {
            self.check(ctx);
        }
        true
    }

    fn checked(&mut self, ctx: &Context<Self>, reply: Reply) -> bool {
        match reply {
            Reply::Done(seq, analysis) => {
                let Some((_, text, generation)) =
                    self.in_flight.take_if(|(asked, _, _)| *asked == seq)
                else {
                    return false;
                };
                if self.queued {
                    self.queued = false;
                    self.check(ctx);
                }
                if self.show_analysis(*analysis, text, generation) {
                    self.check(ctx);
                }
                true
            }
            Reply::Failed(u32::MAX, _) => {
                // The worker could not start (or died loading): check here.
                self.checker = None;
                self.worker_broken = true;
                self.in_flight = None;
                self.queued = false;
                self.check(ctx)
            }
            Reply::Failed(seq, message) => {
                if self
                    .in_flight
                    .as_ref()
                    .is_none_or(|(asked, _, _)| *asked != seq)
                {
                    return false;
                }
                // The core failed on this text: keep the text and the last
                // results, start a fresh worker for the next edit.
                self.in_flight = None;
                self.queued = false;
                self.checker = None;
                self.error = Some(format!(
                    "Drydock hit an internal error while checking this text ({message}). Your text is kept; the findings shown are from before. Edit the text to try again."
                ));
                true
            }
        }
    }

    /// Show a check's results. True when a rejection moved with its line:
    /// the rewrite must then be made again.
    fn show_analysis(&mut self, analysis: Analysis, text: String, generation: u64) -> bool {
        let carried = engine::carry_rejections(
            &self.rejected,
            &self.analysis.findings,
            &self.analyzed,
            &analysis.findings,
            &text,
        );
        let moved = carried.iter().any(|id| !self.rejected.contains(id));
        self.rejected = carried;
        self.analysis = analysis;
        self.analyzed = text;
        if generation == self.generation {
            self.push_findings();
        }
        moved
    }

    /// Read the editor's text now (before sharing: a pending check may
    /// not have run yet).
    fn sync_text(&mut self) {
        if let Some(view) = &self.view {
            self.text = bridge::get_text(view);
        }
    }

    fn settings_changed(&mut self, ctx: &Context<Self>) {
        self.check(ctx);
        self.autosave();
    }

    /// Put `text` in the editor (one undoable change) and check it now.
    fn replace_text(&mut self, ctx: &Context<Self>, text: String) {
        if let Some(view) = &self.view {
            bridge::set_text(view, &text);
        }
        self.pending = None;
        self.generation += 1;
        self.text = text;
        self.check(ctx);
    }

    fn autosave(&self) {
        if !self.from_link && !self.embed {
            storage::save(&self.text, &self.config, &self.dockerignore);
        }
    }

    pub(crate) fn share_fragment(&self) -> String {
        link::encode(&self.text, &self.config, self.project_dockerignore())
    }

    pub(crate) fn share_url(&self) -> String {
        link::url(&base_url(), &self.share_fragment())
    }

    fn copy(&mut self, ctx: &Context<Self>, text: String, done: &'static str) {
        let clipboard = gloo::utils::window().navigator().clipboard();
        let promise = clipboard.write_text(&text);
        let ok = ctx
            .link()
            .callback(move |_: JsValue| Msg::Toast(done.to_string()));
        let failed = ctx.link().callback(|_: JsValue| Msg::Open(Dialog::Share));
        let ok = Closure::once_into_js(move |v: JsValue| ok.emit(v));
        let failed = Closure::once_into_js(move |v: JsValue| failed.emit(v));
        when_settled(&promise, &ok, &failed);
    }

    fn show_toast(&mut self, ctx: &Context<Self>, text: String) {
        self.toast = Some(text);
        let link = ctx.link().clone();
        self.toast_timer = Some(Timeout::new(2500, move || {
            link.send_message(Msg::HideToast)
        }));
    }

    /// Mark the findings in the editor.
    fn push_findings(&self) {
        let Some(view) = &self.view else { return };
        let findings: Vec<EditorFinding> = self
            .analysis
            .findings
            .iter()
            .map(|f| EditorFinding {
                from: f.from,
                to: f.to,
                severity: f.severity.as_str(),
                code: &f.code,
                message: &f.message,
            })
            .collect();
        let value = serde_wasm_bindgen::to_value(&findings).unwrap_or(JsValue::NULL);
        bridge::set_findings(view, &value);
    }

    /// Show the rewrite side by side, when what it shows has changed.
    fn show_merge(&mut self, ctx: &Context<Self>) {
        let wanted = (self.analyzed.clone(), self.analysis.rewrite.text.clone());
        if self.merge_for.as_ref() == Some(&wanted) {
            return;
        }
        let Some(parent) = self.merge_ref.cast::<HtmlElement>() else {
            return;
        };
        let promise = bridge::show_merge(&parent, &wanted.0, &wanted.1);
        self.merge_for = Some(wanted);
        let shown = ctx.link().callback(Msg::MergeShown);
        let done = Closure::once_into_js(move |handle: JsValue| shown.emit(handle));
        let failed = ctx.link().callback(|e: JsValue| {
            Msg::Toast(format!(
                "The side-by-side view failed to load: {}",
                js_error_text(&e)
            ))
        });
        let failed = Closure::once_into_js(move |e: JsValue| failed.emit(e));
        when_settled(&promise, &done, &failed);
    }

    /// Embed mode: tell the parent page how tall the content is. The
    /// message is `{type: "drydock:height", height}` and nothing else; the
    /// page listens to no message in return.
    fn post_height(&mut self) {
        if !self.embed {
            return;
        }
        let window = gloo::utils::window();
        let Ok(Some(parent)) = window.parent() else {
            return;
        };
        if parent == window {
            return;
        }
        let Some(root) = self.root_ref.cast::<HtmlElement>() else {
            return;
        };
        let height = root.scroll_height().max(root.offset_height());
        if height == self.last_height {
            return;
        }
        self.last_height = height;
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &HEIGHT_MESSAGE.into());
        let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
        let _ = parent.post_message(&message, "*");
    }

    fn view_header(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let on_example = link.batch_callback(|e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let value = select.value();
            select.set_value("");
            value.parse::<usize>().ok().map(Msg::LoadExample)
        });
        if self.embed {
            let open = link::url(&base_url(), &self.share_fragment());
            return html! {
                <header class="topbar">
                    <p class="brand">{"Drydock"}</p>
                    <p class="tagline">{"Dockerfile linter and fixer"}</p>
                    <a class="button" href={open} target="_blank" rel="noopener">{"Open in Drydock"}</a>
                </header>
            };
        }
        html! {
            <header class="topbar">
                <h1 class="brand"><a href="#">{"Drydock"}</a></h1>
                <p class="tagline">{"Lint and fix Dockerfiles in your browser. Nothing is uploaded."}</p>
                <nav class="toolbar" aria-label="Tools">
                    <label for="example-picker" class="visually-hidden">{"Load an example"}</label>
                    <select id="example-picker" data-testid="example-picker" onchange={on_example}>
                        <option value="" selected=true>{"Examples…"}</option>
                        { for EXAMPLES.iter().enumerate().map(|(i, e)| html! {
                            <option value={i.to_string()}>{format!("{:02}. {}", i + 1, e.name)}</option>
                        }) }
                    </select>
                    <button data-testid="settings-button" onclick={link.callback(|_| Msg::Open(Dialog::Settings))}>{"Settings"}</button>
                    <button data-testid="export-button" onclick={link.callback(|_| Msg::Open(Dialog::Export))}>{"Export"}</button>
                    <a class="button" href="#rules">{"Rules"}</a>
                    <button class="primary" data-testid="share-button" title="Share (Ctrl+S copies the link)"
                        onclick={link.callback(|_| Msg::Open(Dialog::Share))}>{"Share"}</button>
                </nav>
            </header>
        }
    }

    fn view_editor_pane(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let file_tab = |file: File, label: &str, id: &str| {
            let selected = self.file == file;
            html! {
                <button role="tab" id={id.to_string()} aria-selected={selected.to_string()}
                    onclick={link.callback(move |_| Msg::SetFile(file))}>{label.to_string()}</button>
            }
        };
        let on_ignore = link.callback(|e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            Msg::SetDockerignore(area.value())
        });
        let ignore_label = if self.dockerignore.is_empty() {
            ".dockerignore (none)"
        } else {
            ".dockerignore"
        };
        html! {
            <section class="pane editor-pane" aria-label="Files">
                <div class="pane-head">
                    if self.embed {
                        <h2>{"Dockerfile"}</h2>
                    } else {
                        <div class="tabs" role="tablist" aria-label="Files">
                            { file_tab(File::Dockerfile, "Dockerfile", "file-dockerfile") }
                            { file_tab(File::Dockerignore, ignore_label, "file-dockerignore") }
                        </div>
                    }
                </div>
                <div class="editor" data-testid="editor" ref={self.editor_ref.clone()}
                    hidden={self.file != File::Dockerfile} />
                if self.file == File::Dockerignore {
                    <div class="ignore-file">
                        <label for="dockerignore">{"Your project's .dockerignore"}</label>
                        <p class="hint">{"Paste it here: the checks about the build context read it. Leave it empty if the project has none."}</p>
                        <textarea id="dockerignore" data-testid="dockerignore" spellcheck="false" rows="14"
                            placeholder={".git\nnode_modules\n__pycache__\n*.pyc"}
                            value={self.dockerignore.clone()} oninput={on_ignore} />
                    </div>
                }
            </section>
        }
    }

    fn view_error(&self, ctx: &Context<Self>) -> Html {
        let Some(error) = &self.error else {
            return html! {};
        };
        html! {
            <div class="banner error" role="alert" data-testid="error-banner">
                <span>{error.clone()}</span>
                <button onclick={ctx.link().callback(|_| Msg::DismissError)}>{"Dismiss"}</button>
            </div>
        }
    }

    pub(crate) fn threshold(&self) -> Severity {
        self.config.failure_threshold.unwrap_or(DEFAULT_THRESHOLD)
    }

    fn failing(&self) -> usize {
        let threshold = self.threshold();
        self.analysis
            .findings
            .iter()
            .filter(|f| f.severity >= threshold)
            .count()
    }

    fn view_ci(&self) -> Html {
        let failing = self.failing();
        let level = format!("{} or worse fails", self.threshold());
        if failing == 0 {
            html! { <p class="ci pass" data-testid="ci-status">{format!("✓ CI would pass ({level}).")}</p> }
        } else {
            let noun = if failing == 1 { "finding" } else { "findings" };
            html! { <p class="ci fail" data-testid="ci-status">{format!("✗ CI would fail: {failing} {noun} ({level}).")}</p> }
        }
    }

    fn view_footer(&self) -> Html {
        let saving = if self.embed {
            ""
        } else if self.from_link {
            "Opened from a link: your edits are not autosaved."
        } else {
            "Your text is autosaved in this browser."
        };
        html! {
            <footer class="footer">
                <span data-testid="version">{format!("Drydock v{}", drydock_formats::VERSION)}</span>
                <span>{format!("{} rules", drydock_core::rules::RULES.len())}</span>
                <span>{"Runs entirely in your browser."}</span>
                <span>{saving}</span>
            </footer>
        }
    }
}

pub(crate) fn js_error_text(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| {
            js_sys::Reflect::get(e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
        })
        .unwrap_or_else(|| "unknown error".into())
}

/// `promise.then(ok, failed)` with closures made by `Closure::once_into_js`
/// (they free themselves when called).
fn when_settled(promise: &js_sys::Promise, ok: &JsValue, failed: &JsValue) {
    if let Ok(then) = js_sys::Reflect::get(promise, &"then".into()) {
        let then: js_sys::Function = then.unchecked_into();
        let _ = then.call2(promise, ok, failed);
    }
}

/// Offer `text` as a file download.
fn download(name: &str, text: &str) {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/plain;charset=utf-8");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let document = gloo::utils::document();
    if let Ok(a) = document.create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

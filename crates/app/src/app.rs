//! The playground's single component: the editor, the suggestions and the
//! rewrite, the dialogs, the rule docs, and the embed mode.

use std::collections::BTreeSet;

use drydock_core::rules::{self, Rule, RULES};
use drydock_core::{lint, Config, Diagnostic, LineIndex, Severity};
use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Timeout;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::bridge;
use crate::build_view::{BuildView, Highlight};
use crate::examples::{DEFAULT, EXAMPLES};
use crate::markdown;
use crate::rewrite::{fix_key, has_edit, rewrite, Rewrite};
use crate::share::{self, LONG_LINK, VERSION};
use crate::storage;

/// How long typing must pause before the text is linted again.
const LINT_DELAY_MS: u32 = 150;
/// The message the embed mode posts to its parent: `{type, height}`.
const HEIGHT_MESSAGE: &str = "drydock:height";

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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Suggestions,
    Rewrite,
    Build,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialog {
    Share,
    Settings,
}

pub enum Msg {
    Edited(String),
    Lint,
    Reveal(usize),
    LoadExample(usize),
    HashChanged,
    SetTab(Tab),
    ToggleFix(String),
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
    Toast(String),
    HideToast,
    DismissError,
    MergeShown(JsValue),
    WindowResized,
    /// The Build view's hovered row: lines to highlight in the editor.
    Highlight(Highlight),
}

pub struct App {
    text: String,
    config: Config,
    diagnostics: Vec<Diagnostic>,
    rewrite: Rewrite,
    /// Suggestions the user rejected (see [`fix_key`]).
    rejected: BTreeSet<String>,
    embed: bool,
    /// The Build tab is offered (always, except in embed mode without
    /// `build` in the query: `?embed&build`).
    build_tab: bool,
    /// Opened from a share link: autosave stays off so a link never
    /// overwrites the user's own work.
    from_link: bool,
    /// The `code=` of the link last opened (going back to it is no reload).
    link_code: Option<String>,
    route: Route,
    tab: Tab,
    dialog: Option<Dialog>,
    error: Option<String>,
    toast: Option<String>,
    toast_timer: Option<Timeout>,
    editor_ref: NodeRef,
    merge_ref: NodeRef,
    root_ref: NodeRef,
    view: Option<bridge::EditorView>,
    on_change: Option<Closure<dyn FnMut(String)>>,
    pending: Option<Timeout>,
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
fn base_url() -> String {
    let loc = location();
    format!(
        "{}{}",
        loc.origin().unwrap_or_default(),
        loc.pathname().unwrap_or_default()
    )
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
        let mut link_code = None;
        let mut loaded = None;
        match share::decode(&hash) {
            Ok(Some(shared)) => {
                from_link = true;
                link_code = share::param(&hash, "code").map(str::to_string);
                loaded = Some((shared.code, shared.config));
            }
            Ok(None) => {}
            Err(e) => {
                error = Some(format!("This link could not be opened: {e}."));
                link_code = share::param(&hash, "code").map(str::to_string);
            }
        }
        let (text, config) = loaded.unwrap_or_else(|| {
            let saved = if embed { None } else { storage::load() };
            saved.unwrap_or_else(|| (EXAMPLES[DEFAULT].text.to_string(), Config::default()))
        });
        let diagnostics = lint(&text, &config);
        let rejected = BTreeSet::new();
        let rewrite = rewrite(&text, &diagnostics, &rejected);

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

        App {
            text,
            config,
            diagnostics,
            rewrite,
            rejected,
            embed,
            build_tab,
            from_link,
            link_code,
            route: route_of(&hash),
            tab: Tab::Suggestions,
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
            merge: None,
            merge_for: None,
            last_height: -1,
            _listeners: listeners,
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Edited(text) => {
                self.text = text;
                let link = ctx.link().clone();
                self.pending = Some(Timeout::new(LINT_DELAY_MS, move || {
                    link.send_message(Msg::Lint)
                }));
                false
            }
            Msg::Lint => {
                self.pending = None;
                self.relint();
                self.autosave();
                true
            }
            Msg::Reveal(i) => {
                if let (Some(view), Some(d)) = (&self.view, self.diagnostics.get(i)) {
                    let index = LineIndex::new(&self.text);
                    bridge::reveal(
                        view,
                        index.utf16_offset(&self.text, d.span.start) as u32,
                        index.utf16_offset(&self.text, d.span.end) as u32,
                    );
                }
                false
            }
            Msg::LoadExample(i) => {
                let Some(example) = EXAMPLES.get(i) else {
                    return false;
                };
                self.from_link = false;
                self.replace_text(example.text.to_string());
                self.autosave();
                true
            }
            Msg::HashChanged => {
                let hash = current_hash();
                self.route = route_of(&hash);
                let code = share::param(&hash, "code").map(str::to_string);
                if code.is_some() && code != self.link_code {
                    self.link_code = code;
                    match share::decode(&hash) {
                        Ok(Some(shared)) => {
                            self.from_link = true;
                            self.config = shared.config;
                            self.error = None;
                            self.replace_text(shared.code);
                        }
                        Ok(None) => {}
                        Err(e) => self.error = Some(format!("This link could not be opened: {e}.")),
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
            Msg::ToggleFix(key) => {
                if !self.rejected.remove(&key) {
                    self.rejected.insert(key);
                }
                self.rewrite = rewrite(&self.text, &self.diagnostics, &self.rejected);
                true
            }
            Msg::IgnoreHere(i) => {
                let (Some(view), Some(d)) = (&self.view, self.diagnostics.get(i)) else {
                    return false;
                };
                let index = LineIndex::new(&self.text);
                let start = index.line_start(d.start.line);
                let line = &self.text[start..];
                let indent: String = line
                    .chars()
                    .take_while(|c| *c == ' ' || *c == '\t')
                    .collect();
                let comment = format!("{indent}# hadolint ignore={} # reason: ", d.code);
                let at = index.utf16_offset(&self.text, start) as u32;
                let cursor = comment.encode_utf16().count() as u32;
                bridge::insert_at(view, at, &format!("{comment}\n"), cursor);
                false
            }
            Msg::IgnoreEverywhere(code) => {
                if !self.config.is_ignored(&code) {
                    self.config.ignored.push(code.clone());
                }
                self.settings_changed();
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
                self.settings_changed();
                true
            }
            Msg::AddIgnored(code) => {
                let code = code.trim().to_string();
                if code.is_empty() || self.config.is_ignored(&code) {
                    return false;
                }
                let code = rules::find(&code).map_or(code, |r| r.code.to_string());
                self.config.ignored.push(code);
                self.settings_changed();
                true
            }
            Msg::SetThreshold(t) => {
                self.config.failure_threshold = t;
                self.settings_changed();
                true
            }
            Msg::SetRegistries(text) => {
                self.config.trusted_registries = text
                    .split([',', '\n', ' '])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect();
                self.settings_changed();
                true
            }
            Msg::ResetSettings => {
                self.config = Config::default();
                self.settings_changed();
                true
            }
            Msg::Open(dialog) => {
                self.dialog = Some(dialog);
                true
            }
            Msg::CloseDialog => self.dialog.take().is_some(),
            Msg::CopyLink => {
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
                    <section class="pane editor-pane" aria-labelledby="editor-title">
                        <div class="pane-head">
                            <h2 id="editor-title">{"Dockerfile"}</h2>
                        </div>
                        <div class="editor" data-testid="editor" ref={self.editor_ref.clone()} />
                    </section>
                    <section class="pane results-pane" aria-label="Results">
                        <div class="pane-head">
                            <div class="tabs" role="tablist" aria-label="Results">
                                { self.tab_button(ctx, Tab::Suggestions, format!("Suggestions ({})", self.diagnostics.len())) }
                                { self.tab_button(ctx, Tab::Rewrite, "Rewrite".to_string()) }
                                if self.build_tab {
                                    { self.tab_button(ctx, Tab::Build, "Build".to_string()) }
                                }
                            </div>
                        </div>
                        { self.view_ci() }
                        <div class="pane-body" role="tabpanel" id="panel-suggestions" hidden={self.tab != Tab::Suggestions}>
                            { self.view_findings(ctx) }
                        </div>
                        <div class="pane-body" role="tabpanel" id="panel-rewrite" hidden={self.tab != Tab::Rewrite}>
                            { self.view_rewrite(ctx) }
                        </div>
                        <div class="pane-body" role="tabpanel" id="panel-build" hidden={self.tab != Tab::Build}>
                            if self.tab == Tab::Build {
                                <BuildView text={self.text.clone()} config={self.config.clone()}
                                    on_highlight={link.callback(Msg::Highlight)} />
                            }
                        </div>
                    </section>
                </main>
                { self.view_docs(ctx) }
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
    fn create_editor(&mut self, ctx: &Context<Self>) {
        let Some(parent) = self.editor_ref.cast::<HtmlElement>() else {
            return;
        };
        let link = ctx.link().clone();
        let on_change = Closure::<dyn FnMut(String)>::new(move |text: String| {
            link.send_message(Msg::Edited(text))
        });
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"label".into(), &"Dockerfile".into());
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

    fn relint(&mut self) {
        self.diagnostics = lint(&self.text, &self.config);
        self.rewrite = rewrite(&self.text, &self.diagnostics, &self.rejected);
        self.push_findings();
    }

    fn settings_changed(&mut self) {
        self.relint();
        self.autosave();
    }

    /// Put `text` in the editor (one undoable change) and lint it now.
    fn replace_text(&mut self, text: String) {
        if let Some(view) = &self.view {
            bridge::set_text(view, &text);
        }
        self.pending = None;
        self.text = text;
        self.relint();
    }

    fn autosave(&self) {
        if !self.from_link && !self.embed {
            storage::save(&self.text, &self.config);
        }
    }

    fn share_fragment(&self) -> String {
        share::encode(&self.text, &self.config)
    }

    fn share_url(&self) -> String {
        format!("{}#{}", base_url(), self.share_fragment())
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
        let index = LineIndex::new(&self.text);
        let findings: Vec<EditorFinding> = self
            .diagnostics
            .iter()
            .map(|d| EditorFinding {
                from: index.utf16_offset(&self.text, d.span.start),
                to: index.utf16_offset(&self.text, d.span.end),
                severity: d.severity.as_str(),
                code: &d.code,
                message: &d.message,
            })
            .collect();
        let value = serde_wasm_bindgen::to_value(&findings).unwrap_or(JsValue::NULL);
        bridge::set_findings(view, &value);
    }

    /// Show the rewrite side by side, when what it shows has changed.
    fn show_merge(&mut self, ctx: &Context<Self>) {
        let wanted = (self.text.clone(), self.rewrite.text.clone());
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

    /// Embed mode: tell the parent page how tall the content is.
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

    fn tab_button(&self, ctx: &Context<Self>, tab: Tab, label: String) -> Html {
        let selected = self.tab == tab;
        let (id, controls) = match tab {
            Tab::Suggestions => ("tab-suggestions", "panel-suggestions"),
            Tab::Rewrite => ("tab-rewrite", "panel-rewrite"),
            Tab::Build => ("tab-build", "panel-build"),
        };
        html! {
            <button role="tab" id={id} aria-controls={controls}
                aria-selected={selected.to_string()}
                onclick={ctx.link().callback(move |_| Msg::SetTab(tab))}>{label}</button>
        }
    }

    fn view_header(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let on_example = link.batch_callback(|e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let value = select.value();
            select.set_value("");
            value.parse::<usize>().ok().map(Msg::LoadExample)
        });
        if self.embed {
            let open = format!("{}#{}", base_url(), self.share_fragment());
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
                    <a class="button" href="#rules">{"Rules"}</a>
                    <button class="primary" data-testid="share-button" title="Share (Ctrl+S copies the link)"
                        onclick={link.callback(|_| Msg::Open(Dialog::Share))}>{"Share"}</button>
                </nav>
            </header>
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

    fn failing(&self) -> usize {
        let threshold = self.config.failure_threshold;
        self.diagnostics
            .iter()
            .filter(|d| threshold.is_none_or(|t| d.severity >= t))
            .count()
    }

    fn view_ci(&self) -> Html {
        let failing = self.failing();
        let level = match self.config.failure_threshold {
            None => "any finding fails".to_string(),
            Some(t) => format!("{t} or worse fails"),
        };
        if failing == 0 {
            html! { <p class="ci pass" data-testid="ci-status">{format!("✓ CI would pass ({level}).")}</p> }
        } else {
            let noun = if failing == 1 { "finding" } else { "findings" };
            html! { <p class="ci fail" data-testid="ci-status">{format!("✗ CI would fail: {failing} {noun} ({level}).")}</p> }
        }
    }

    fn view_findings(&self, ctx: &Context<Self>) -> Html {
        if self.diagnostics.is_empty() {
            return html! { <p class="empty">{"No findings. This Dockerfile follows every rule Drydock checks."}</p> };
        }
        Severity::ALL
            .iter()
            .map(|&severity| {
                let items: Vec<Html> = self
                    .diagnostics
                    .iter()
                    .enumerate()
                    .filter(|(_, d)| d.severity == severity)
                    .map(|(i, d)| self.view_finding(ctx, i, d))
                    .collect();
                if items.is_empty() {
                    return html! {};
                }
                html! {
                    <section class="group" aria-label={group_label(severity)}>
                        <h3>{format!("{} ({})", group_label(severity), items.len())}</h3>
                        <ul class="findings">{ for items }</ul>
                    </section>
                }
            })
            .collect()
    }

    fn view_finding(&self, ctx: &Context<Self>, i: usize, d: &Diagnostic) -> Html {
        let link = ctx.link();
        let rule = rules::find(&d.code);
        let why = rule.map(|r| r.summary).filter(|s| {
            !s.trim_end_matches('.')
                .eq_ignore_ascii_case(d.message.trim_end_matches('.'))
        });
        let fix = match &d.fix {
            Some(fix) if has_edit(d) => {
                let key = fix_key(&self.text, d);
                let accepted = !self.rejected.contains(&key);
                let toggle = link.callback(move |_| Msg::ToggleFix(key.clone()));
                let how = match fix.applicability {
                    drydock_core::fix::Applicability::Safe => "safe fix",
                    _ => "suggested fix: check the result",
                };
                html! {
                    <label class="fix toggle">
                        <input type="checkbox" data-testid="fix-toggle" checked={accepted} onchange={toggle} />
                        <span>{format!("Apply: {} ", fix.message)}<span class="hint">{format!("({how})")}</span></span>
                    </label>
                }
            }
            Some(fix) => html! { <p class="fix">{format!("How to fix: {}", fix.message)}</p> },
            None => html! {},
        };
        let code = d.code.clone();
        html! {
            <li class={classes!("finding", d.severity.as_str())} data-testid="diagnostic"
                data-code={d.code.clone()} data-line={d.start.line.to_string()}>
                <div class="finding-head">
                    <span class={classes!("badge", d.severity.as_str())}>{d.severity.as_str()}</span>
                    <a class="code-link" href={format!("#rule/{}", d.code)} title="What this rule checks, and why">{d.code.clone()}</a>
                    <button class="where" aria-label={format!("Show line {} in the editor", d.start.line)}
                        onclick={link.callback(move |_| Msg::Reveal(i))}>{format!("line {}", d.start.line)}</button>
                </div>
                <p class="message">{d.message.clone()}</p>
                if let Some(why) = why { <p class="why">{why}</p> }
                { fix }
                <div class="actions">
                    <button class="link" onclick={link.callback(move |_| Msg::IgnoreHere(i))}
                        title="Add a `# hadolint ignore` comment above this instruction">{"Ignore here"}</button>
                    <button class="link" onclick={link.callback(move |_| Msg::IgnoreEverywhere(code.clone()))}
                        title="Add this rule to the ignored rules in Settings">{"Ignore everywhere"}</button>
                </div>
            </li>
        }
    }

    fn view_rewrite(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let text = self.rewrite.text.clone();
        let text2 = text.clone();
        let offered = self.diagnostics.iter().filter(|d| has_edit(d)).count();
        let summary = match (offered, self.rewrite.applied) {
            (0, _) => "No automatic fixes for this Dockerfile yet: the suggestions explain what to change.".to_string(),
            (n, a) => format!("{a} of {n} fixes applied. Untick a suggestion to leave it out."),
        };
        html! {
            <>
                <p class="hint">{summary}</p>
                <div class="rewrite-actions">
                    <button onclick={link.callback(move |_| Msg::Copy(text.clone(), "Rewritten Dockerfile copied."))}>{"Copy"}</button>
                    <button onclick={link.callback(move |_| Msg::Download("Dockerfile".into(), text2.clone()))}>{"Download"}</button>
                </div>
                <div class="merge" ref={self.merge_ref.clone()} aria-label="Original and rewritten Dockerfile, side by side" />
                { for self.rewrite.files.iter().map(|f| {
                    let (path, contents) = (f.path.clone(), f.contents.clone());
                    html! {
                        <section class="extra-file">
                            <h3>{format!("New file: {}", f.path)}</h3>
                            <pre class="code"><code>{f.contents.clone()}</code></pre>
                            <button onclick={link.callback(move |_| Msg::Download(path.clone(), contents.clone()))}>{"Download"}</button>
                        </section>
                    }
                }) }
            </>
        }
    }

    fn view_docs(&self, ctx: &Context<Self>) -> Html {
        let _ = ctx;
        match &self.route {
            Route::Main => html! {},
            Route::Rules => html! {
                <article class="docs" aria-labelledby="docs-title">
                    <p><a href="#">{"← Back to the editor"}</a></p>
                    <h2 id="docs-title">{format!("Rules ({})", RULES.len())}</h2>
                    <table class="rule-table">
                        <thead><tr><th>{"Code"}</th><th>{"Name"}</th><th>{"Severity"}</th><th>{"What it reports"}</th></tr></thead>
                        <tbody>
                            { for RULES.iter().map(|r| html! {
                                <tr>
                                    <td><a class="code-link" href={format!("#rule/{}", r.code)}>{r.code}</a></td>
                                    <td>{r.name}</td>
                                    <td><span class={classes!("badge", r.severity.as_str())}>{r.severity.as_str()}</span></td>
                                    <td>{r.summary}</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </article>
            },
            Route::Rule(code) => match rules::find(code) {
                Some(rule) => view_rule(rule),
                None => html! {
                    <article class="docs" aria-labelledby="docs-title">
                        <p><a href="#">{"← Back to the editor"}</a></p>
                        <h2 id="docs-title">{"Unknown rule"}</h2>
                        <p>{format!("Drydock has no rule called “{code}”. ")}<a href="#rules">{"See every rule."}</a></p>
                    </article>
                },
            },
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
                <span data-testid="version">{format!("Drydock v{VERSION}")}</span>
                <span>{format!("{} rules", RULES.len())}</span>
                <span>{"Runs entirely in your browser."}</span>
                <span>{saving}</span>
            </footer>
        }
    }

    fn view_dialog(&self, ctx: &Context<Self>) -> Html {
        let Some(dialog) = self.dialog else {
            return html! {};
        };
        let link = ctx.link();
        let close = link.callback(|_| Msg::CloseDialog);
        let stop = Callback::from(|e: MouseEvent| e.stop_propagation());
        let content = match dialog {
            Dialog::Share => self.view_share(ctx),
            Dialog::Settings => self.view_settings(ctx),
        };
        html! {
            <div class="overlay" onclick={close.clone()}>
                <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="dialog-title" onclick={stop}>
                    { content }
                    <div class="close-row"><button class="primary" onclick={close}>{"Done"}</button></div>
                </div>
            </div>
        }
    }

    fn view_share(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let fragment = self.share_fragment();
        let url = format!("{}#{}", base_url(), fragment);
        let iframe = format!(
            "<iframe src=\"{}?embed#{}\" title=\"Dockerfile checked by Drydock\" width=\"100%\" height=\"480\" style=\"border:0\"></iframe>",
            base_url(),
            fragment
        );
        let markdown = format!("[Dockerfile checked by Drydock]({url})");
        let length = url.chars().count();
        let copy = |text: String, done: &'static str| {
            link.callback(move |_| Msg::Copy(text.clone(), done))
        };
        html! {
            <>
                <h2 id="dialog-title">{"Share"}</h2>
                <p class="hint">{"The link holds the whole Dockerfile and your settings, compressed. No server keeps anything."}</p>
                <label for="share-url">{"Link"}</label>
                <div class="row">
                    <input id="share-url" type="text" readonly=true data-testid="share-url" value={url.clone()} />
                    <button onclick={copy(url.clone(), "Link copied to the clipboard.")}>{"Copy"}</button>
                </div>
                <p class={classes!("hint", (length > LONG_LINK).then_some("warn"))} data-testid="share-length">
                    { format!("{length} characters.") }
                    if length > LONG_LINK {
                        {format!(" Longer than {LONG_LINK}: some chat apps cut such links.")}
                    }
                </p>
                <label for="share-iframe">{"Embed (iframe)"}</label>
                <div class="row">
                    <textarea id="share-iframe" readonly=true rows="3" value={iframe.clone()} />
                    <button onclick={copy(iframe, "Snippet copied.")}>{"Copy"}</button>
                </div>
                <label for="share-md">{"Markdown"}</label>
                <div class="row">
                    <input id="share-md" type="text" readonly=true value={markdown.clone()} />
                    <button onclick={copy(markdown, "Markdown copied.")}>{"Copy"}</button>
                </div>
                <p class="hint">{"Tip: Ctrl+S (⌘S) copies the link at any time."}</p>
            </>
        }
    }

    fn view_settings(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let threshold = self.config.failure_threshold.map_or("any", |s| s.as_str());
        let on_threshold = link.callback(|e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            Msg::SetThreshold(Severity::parse(&select.value()))
        });
        let on_registries = link.callback(|e: Event| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            Msg::SetRegistries(area.value())
        });
        let add_ref = NodeRef::default();
        let add = {
            let add_ref = add_ref.clone();
            link.batch_callback(move |_: MouseEvent| {
                let input = add_ref.cast::<HtmlInputElement>()?;
                let value = input.value();
                input.set_value("");
                Some(Msg::AddIgnored(value))
            })
        };
        let add_on_enter = link.batch_callback(|e: KeyboardEvent| {
            if e.key() != "Enter" {
                return None;
            }
            let input: HtmlInputElement = e.target_unchecked_into();
            let value = input.value();
            input.set_value("");
            Some(Msg::AddIgnored(value))
        });
        let option = |value: &'static str, label: &'static str| {
            html! { <option value={value} selected={threshold == value}>{label}</option> }
        };
        html! {
            <>
                <h2 id="dialog-title">{"Settings"}</h2>
                <p class="hint">{"The same settings as a .hadolint.yaml: they travel with share links."}</p>
                <label for="ignore-input">{"Ignored rules"}</label>
                if self.config.ignored.is_empty() {
                    <p class="hint">{"None."}</p>
                } else {
                    <ul class="chips" data-testid="ignored-rules">
                        { for self.config.ignored.iter().map(|code| {
                            let c = code.clone();
                            html! {
                                <li>{code.clone()}
                                    <button aria-label={format!("Stop ignoring {code}")}
                                        onclick={link.callback(move |_| Msg::Unignore(c.clone()))}>{"×"}</button>
                                </li>
                            }
                        }) }
                    </ul>
                }
                <div class="row">
                    <input id="ignore-input" type="text" list="rule-codes" placeholder="DL3007 or latest-tag"
                        ref={add_ref} onkeydown={add_on_enter} />
                    <button onclick={add}>{"Ignore"}</button>
                </div>
                <datalist id="rule-codes">
                    { for RULES.iter().map(|r| html! { <option value={r.code}>{r.name}</option> }) }
                </datalist>
                <label for="threshold">{"Failure threshold"}</label>
                <p class="hint">{"CI fails when a finding is at least this severe."}</p>
                <select id="threshold" data-testid="threshold" onchange={on_threshold}>
                    { option("any", "Any finding") }
                    { option("style", "Style") }
                    { option("info", "Info") }
                    { option("warning", "Warning") }
                    { option("error", "Error") }
                </select>
                <label for="registries">{"Trusted registries"}</label>
                <p class="hint">{"One per line; empty trusts every registry."}</p>
                <textarea id="registries" rows="3" onchange={on_registries}
                    value={self.config.trusted_registries.join("\n")} />
                <div class="close-row">
                    <button onclick={link.callback(|_| Msg::ResetSettings)}>{"Reset to defaults"}</button>
                </div>
            </>
        }
    }
}

fn view_rule(rule: &'static Rule) -> Html {
    let fix = match rule.fix {
        rules::FixAvailability::Never => "no automatic fix",
        rules::FixAvailability::Sometimes => "sometimes fixable",
        rules::FixAvailability::Always => "fixable",
    };
    html! {
        <article class="docs" aria-labelledby="docs-title" data-testid="rule-docs">
            <p><a href="#">{"← Back to the editor"}</a>{" · "}<a href="#rules">{"All rules"}</a></p>
            <h2 id="docs-title"><code>{rule.code}</code>{" "}{rule.name}</h2>
            <p class="meta">
                <span class={classes!("badge", rule.severity.as_str())}>{rule.severity.as_str()}</span>
                {format!(" · from {} · {fix}", source_label(rule.source))}
            </p>
            <p><strong>{rule.summary}</strong></p>
            { markdown::render(rule.docs, 1) }
        </article>
    }
}

fn source_label(source: rules::Source) -> &'static str {
    match source {
        rules::Source::Hadolint => "hadolint",
        rules::Source::Buildkit => "Docker BuildKit's checks",
        rules::Source::Drydock => "Drydock",
    }
}

fn group_label(s: Severity) -> &'static str {
    match s {
        Severity::Error => "Errors",
        Severity::Warning => "Warnings",
        Severity::Info => "Info",
        Severity::Style => "Style",
    }
}

fn js_error_text(e: &JsValue) -> String {
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

/// The panic hook: show the error banner. The text stays in the editor,
/// which lives outside the wasm module, and in the autosave.
pub fn panic_banner(info: &std::panic::PanicHookInfo<'_>) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let message = format!(
        "Drydock hit an internal error and stopped checking ({info}). Your text is still in the editor: copy it, then reload the page."
    );
    web_sys::console::error_1(&JsValue::from_str(&message));
    if let Ok(banner) = document.create_element("div") {
        banner.set_class_name("banner error");
        let _ = banner.set_attribute("role", "alert");
        let _ = banner.set_attribute("data-testid", "error-banner");
        banner.set_text_content(Some(&message));
        if let Some(body) = document.body() {
            let _ = body.prepend_with_node_1(&banner);
        }
    }
}

//! The root component: the [`State`] reducer, the page's frame, and the
//! effects that carry the state to the outside world: the checking worker
//! (findings first, the rewrite after), the CodeMirror editor, autosave,
//! the address bar, the keyboard, and in embed mode the parent page.
//!
//! Views are function components in `components/`; each takes the parts of
//! the state it shows and dispatches [`Action`]s. None imports this file.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use drydock_core::Config;
use drydock_formats::link;
use drydock_js::{Checked, Options};
use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Timeout;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::bridge::{self, Editor};
use crate::components::build::{BuildView, Highlight};
use crate::components::dialogs::{share_fragment, ExportDialog, SettingsDialog, ShareDialog};
use crate::components::docs::Docs;
use crate::components::editor_pane::EditorPane;
use crate::components::header::{Footer, Header};
use crate::components::problems::Problems;
use crate::components::rewrite::RewritePanel;
use crate::examples::{DEFAULT, EXAMPLES};
use crate::state::{Action, Dialog, Input, Mode, Route, State, Tab};
use crate::storage;
use crate::tables;
use crate::util::{base_url, copy_text, location};
use crate::worker::{Checker, Reply};

/// How long typing must pause before the text is checked again on the
/// main thread (no worker: a check there would delay the next keystroke).
const CHECK_DELAY_MS: u32 = 150;
/// The same with the worker running: checks leave the keystroke path, and
/// a newer text waits for the answer about the one in flight.
const WORKER_CHECK_DELAY_MS: u32 = 0;
/// Texts up to this size are checked on the main thread when the page
/// opens, so the first paint has findings; later checks go to the worker.
const FIRST_CHECK_INLINE: usize = 32 * 1024;
/// Texts up to this size get their findings on the keystroke itself (a
/// lint of a few hundred lines takes well under a millisecond: cheaper
/// than a trip to the worker, which then makes only the rewrite).
const KEYSTROKE_INLINE: usize = 8 * 1024;
/// The message the embed mode posts to its parent: `{type, height}`.
const HEIGHT_MESSAGE: &str = "drydock:height";

/// A finding as the editor wants it: UTF-16 offsets.
#[derive(Serialize)]
struct EditorFinding<'a> {
    from: usize,
    to: usize,
    /// The exact place to underline inside `from..to`, when known.
    exact: Option<(usize, usize)>,
    severity: &'a str,
    code: &'a str,
    message: &'a str,
}

fn link_error(e: link::LinkError) -> String {
    format!("This link could not be opened: {e}. The editor shows your own text instead.")
}

/// The state the page opens with: a share link's, the autosaved text, or
/// the default example; checked here when small (the first paint has its
/// findings).
fn initial() -> (State, Option<(AttrValue, Options)>) {
    let search = location().search().unwrap_or_default();
    let hash = location().hash().unwrap_or_default();
    let (mode, tab) = Mode::of(&search);
    let mut error = None;
    let mut from_link = false;
    let mut input = None;
    match link::decode(&hash) {
        Ok(Some(shared)) => {
            from_link = true;
            input = Some(Input {
                text: shared.code.into(),
                config: shared.config,
                dockerignore: shared.dockerignore.unwrap_or_default().into(),
            });
        }
        Ok(None) => {}
        Err(e) => error = Some(link_error(e)),
    }
    let input = input.unwrap_or_else(|| {
        let saved = if mode.embed { None } else { storage::load() };
        match saved {
            Some(s) => Input {
                text: s.text.into(),
                config: s.config,
                dockerignore: s.dockerignore.into(),
            },
            None => Input {
                text: EXAMPLES[DEFAULT].text.into(),
                config: Config::default(),
                dockerignore: AttrValue::default(),
            },
        }
    });
    let mut state = State::new(input, mode, tab, Route::of(&hash));
    state.from_link = from_link;
    state.link_code = link::param(&hash, "code").map(str::to_string);
    state.error = error.map(AttrValue::from);
    crate::panic::set_autosave(state.saves());
    let mut checked_inline = None;
    if state.text.len() <= FIRST_CHECK_INLINE {
        let options = state.options();
        tables::reset();
        let checked = drydock_js::check(&state.text, &options);
        // A text that needs the apt tables goes to the worker, which
        // loads them (crate::tables): no rewrite made here for nothing.
        let rewrite = (!tables::missed()).then(|| drydock_js::rewrite(&state.text, &options));
        if let (Some(rewrite), false) = (rewrite, tables::missed()) {
            state.checked = Rc::new(checked);
            state.checked_text = state.text.clone();
            state.rewrite = Rc::new(rewrite);
            state.rewrite_of = state.text.clone();
            checked_inline = Some((state.text.clone(), options));
        }
    }
    (state, checked_inline)
}

/// Requests to the worker: one in flight, the newest waiting.
#[derive(Default)]
struct Scheduler {
    checker: Option<Checker>,
    broken: bool,
    seq: u32,
    /// The request in flight: its number and text.
    in_flight: Option<(u32, AttrValue)>,
    /// Its findings have come (only its rewrite is awaited).
    checked: bool,
    /// The newest request, waiting for the one in flight.
    pending: Option<(AttrValue, Options)>,
    /// The last request made (an identical one is not made again).
    last: Option<(AttrValue, Options)>,
}

type Shared = Rc<RefCell<Scheduler>>;
type Dispatch = UseReducerDispatcher<State>;

/// Check `text` with `options`: in the worker when there is one, here
/// otherwise.
fn request(sched: &Shared, dispatch: &Dispatch, text: AttrValue, options: Options) {
    let key = (text.clone(), options.clone());
    {
        let mut s = sched.borrow_mut();
        if s.last.as_ref() == Some(&key) {
            return;
        }
        s.last = Some(key);
        if s.checker.is_none() && !s.broken {
            let weak = Rc::downgrade(sched);
            let d = dispatch.clone();
            s.checker = Checker::start(move |reply| replied(&weak, &d, reply));
            s.broken = s.checker.is_none();
        }
        if s.checker.is_some() {
            // A request whose findings are still to come holds the next one
            // back; one that awaits only its rewrite does not (the worker
            // skips a rewrite once a newer request has come).
            if s.in_flight.is_some() && !s.checked {
                s.pending = Some((text, options));
                return;
            }
            if send(&mut s, text.clone(), &options) {
                return;
            }
        }
    }
    check_here(dispatch, text, &options);
}

/// Send a request to the worker; false when it could not be sent.
fn send(s: &mut Scheduler, text: AttrValue, options: &Options) -> bool {
    s.seq += 1;
    let seq = s.seq;
    let sent = s
        .checker
        .as_ref()
        .is_some_and(|c| c.send(seq, &text, options));
    if sent {
        s.in_flight = Some((seq, text));
    }
    sent
}

fn check_here(dispatch: &Dispatch, text: AttrValue, options: &Options) {
    tables::reset();
    let checked = drydock_js::check(&text, options);
    // The findings go out before the rewrite is made (findings never
    // wait for fixes), unless they needed the apt tables.
    let checked = if tables::missed() {
        Some(checked)
    } else {
        dispatch.dispatch(Action::Checked(text.clone(), Rc::new(checked)));
        None
    };
    let rewrite = drydock_js::rewrite(&text, options);
    if tables::missed() {
        // Checked again once the apt tables are here; if they cannot be
        // loaded, what the core says without them (and why, in the
        // console).
        let dispatch = dispatch.clone();
        let options = options.clone();
        tables::load(move |loaded| match loaded {
            Ok(()) => check_here(&dispatch, text, &options),
            Err(e) => {
                web_sys::console::error_1(&format!("drydock: the apt tables: {e}").into());
                if let Some(checked) = checked {
                    dispatch.dispatch(Action::Checked(text.clone(), Rc::new(checked)));
                }
                dispatch.dispatch(Action::Rewritten(text, Rc::new(rewrite)));
            }
        });
        return;
    }
    dispatch.dispatch(Action::Rewritten(text, Rc::new(rewrite)));
}

/// The worker's answers. The scheduler is never borrowed while an action
/// is dispatched (a dispatch may render, and rendering may request).
fn replied(sched: &Weak<RefCell<Scheduler>>, dispatch: &Dispatch, reply: Reply) {
    let Some(sched) = sched.upgrade() else { return };
    let mut actions: Vec<Action> = Vec::new();
    let mut here: Option<(AttrValue, Options)> = None;
    {
        let mut s = sched.borrow_mut();
        let current = |s: &Scheduler, seq: u32| {
            s.in_flight
                .as_ref()
                .filter(|(asked, _)| *asked == seq)
                .map(|(_, t)| t.clone())
        };
        match reply {
            Reply::Checked(seq, checked) => {
                if let Some(text) = current(&s, seq) {
                    s.checked = true;
                    actions.push(Action::Checked(text, Rc::from(checked)));
                    // A newer text waits: ask now, the worker then skips
                    // this rewrite (it would be stale).
                    if let Some((text, options)) = s.pending.take() {
                        if !send(&mut s, text.clone(), &options) {
                            here = Some((text, options));
                        }
                    }
                }
            }
            Reply::Rewritten(seq, rewrite) => {
                if let Some(text) = current(&s, seq) {
                    actions.push(Action::Rewritten(text, Rc::from(rewrite)));
                    s.in_flight = None;
                    if let Some((text, options)) = s.pending.take() {
                        if !send(&mut s, text.clone(), &options) {
                            here = Some((text, options));
                        }
                    }
                }
            }
            Reply::Skipped(seq) => {
                if current(&s, seq).is_some() {
                    s.in_flight = None;
                    if let Some((text, options)) = s.pending.take() {
                        if !send(&mut s, text.clone(), &options) {
                            here = Some((text, options));
                        }
                    }
                }
            }
            Reply::Failed(u32::MAX, _) => {
                // The worker could not start (or died loading): check here.
                s.checker = None;
                s.broken = true;
                s.in_flight = None;
                s.pending = None;
                here = s.last.clone();
            }
            Reply::Failed(seq, message) => {
                if current(&s, seq).is_some() {
                    // The core failed on this text: keep the text and the
                    // last results; a fresh worker takes the next edit.
                    s.in_flight = None;
                    s.pending = None;
                    s.checker = None;
                    s.last = None;
                    actions.push(Action::Error(Some(format!(
                        "Drydock hit an internal error while checking this text ({message}). Your text is kept; the findings shown are from before. Edit the text to try again."
                    ).into())));
                }
            }
        }
    }
    for a in actions {
        dispatch.dispatch(a);
    }
    if let Some((text, options)) = here {
        check_here(dispatch, text, &options);
    }
}

/// Put a new input in the editor and the state at once.
fn load(
    editor: &Editor,
    dispatch: &Dispatch,
    input: Input,
    from_link: bool,
    link_code: Option<String>,
) {
    editor.with(|v| bridge::set_text(v, &input.text));
    crate::panic::set_autosave(!from_link);
    dispatch.dispatch(Action::Load {
        input,
        from_link,
        link_code,
    });
}

#[function_component(App)]
pub fn app() -> Html {
    let first = use_mut_ref(|| None::<(AttrValue, Options)>);
    let state = use_reducer(|| {
        let (state, inline) = initial();
        *first.borrow_mut() = inline;
        state
    });
    let dispatch = state.dispatcher();
    let editor = use_memo((), |_| Editor::default());
    let editor = (*editor).clone();
    let editor_ref = use_node_ref();
    let root_ref = use_node_ref();
    let sched: Shared = (*use_memo((), |_| Rc::new(RefCell::new(Scheduler::default())))).clone();
    if let Some(key) = first.borrow_mut().take() {
        sched.borrow_mut().last = Some(key);
    }
    // The latest state, for listeners made once.
    let latest = use_mut_ref(|| state.clone());
    *latest.borrow_mut() = state.clone();

    // The editor, made once its element exists; an edit is read and
    // checked once typing pauses.
    {
        let editor = editor.clone();
        let editor_ref = editor_ref.clone();
        let dispatch = dispatch.clone();
        let text = state.text.clone();
        let readonly = state.mode.readonly;
        let sched = sched.clone();
        let latest = latest.clone();
        // Findings made before the editor (the first check): marked from
        // the start.
        let checked = (state.checked_text == state.text).then(|| state.checked.clone());
        use_effect_with((), move |_| {
            let pending = Rc::new(RefCell::new(None::<Timeout>));
            if let Some(parent) = editor_ref.cast::<HtmlElement>() {
                let reader = editor.clone();
                let on_change = Closure::<dyn FnMut()>::new(move || {
                    let reader = reader.clone();
                    let dispatch = dispatch.clone();
                    // A small text: its findings now, on the keystroke.
                    if let Some(text) = reader.text().filter(|t| t.len() <= KEYSTROKE_INLINE) {
                        pending.borrow_mut().take();
                        let options = latest.borrow().options();
                        tables::reset();
                        let checked = Rc::new(drydock_js::check(&text, &options));
                        // Needing the apt tables: checked the slower way
                        // (crate::tables) while the page loads them for
                        // the next keystrokes.
                        if !tables::missed() {
                            let text = AttrValue::from(text);
                            dispatch.dispatch(Action::Edited(text.clone()));
                            dispatch.dispatch(Action::Checked(text, checked));
                            return;
                        }
                        tables::load(|_| {});
                    }
                    let worker = sched.borrow().checker.is_some();
                    let delay = if worker {
                        WORKER_CHECK_DELAY_MS
                    } else {
                        CHECK_DELAY_MS
                    };
                    *pending.borrow_mut() = Some(Timeout::new(delay, move || {
                        if let Some(text) = reader.text() {
                            dispatch.dispatch(Action::Edited(text.into()));
                        }
                    }));
                });
                let options = js_sys::Object::new();
                let set = |k: &str, v: JsValue| {
                    let _ = js_sys::Reflect::set(&options, &k.into(), &v);
                };
                set("label", "Dockerfile".into());
                set("main", JsValue::TRUE);
                set("readOnly", readonly.into());
                set("describedBy", "editor-hint".into());
                if let Some(checked) = checked {
                    set("findings", editor_findings(&checked));
                }
                let view =
                    bridge::create(&parent, &text, on_change.as_ref().unchecked_ref(), &options);
                *editor.0.borrow_mut() = Some(view);
                // The editor lives as long as the page.
                on_change.forget();
            }
            || {}
        });
    }

    // Check what changed: the text, the settings, the choices.
    {
        let sched = sched.clone();
        let dispatch = dispatch.clone();
        let options = state.options();
        use_effect_with((state.text.clone(), options), move |(text, options)| {
            request(&sched, &dispatch, text.clone(), options.clone());
            || {}
        });
    }

    // Mark the findings in the editor, when they are of the text it holds.
    {
        let editor = editor.clone();
        use_effect_with(
            (state.checked.clone(), state.checked_text.clone()),
            move |(checked, text)| {
                push_findings(&editor, checked, text);
                || {}
            },
        );
    }

    // Autosave.
    {
        let saves = state.saves();
        use_effect_with(
            (
                state.text.clone(),
                state.config.clone(),
                state.dockerignore.clone(),
            ),
            move |(text, config, dockerignore)| {
                if saves {
                    storage::save(text, config, dockerignore);
                }
                || {}
            },
        );
    }

    // The toast goes away by itself.
    {
        let dispatch = dispatch.clone();
        use_effect_with(state.toast.clone(), move |toast| {
            let timer = toast
                .is_some()
                .then(|| Timeout::new(2500, move || dispatch.dispatch(Action::HideToast)));
            move || drop(timer)
        });
    }

    // The address bar (routes, links opened while the page is open) and
    // the keyboard (Ctrl+S copies the link).
    {
        let dispatch = dispatch.clone();
        let editor = editor.clone();
        let latest = latest.clone();
        use_effect_with((), move |_| {
            let window = gloo::utils::window();
            let on_hash = {
                let (dispatch, editor, latest) = (dispatch.clone(), editor.clone(), latest.clone());
                EventListener::new(&window, "hashchange", move |_| {
                    let hash = location().hash().unwrap_or_default();
                    let route = Route::of(&hash);
                    if route != Route::Main {
                        gloo::utils::window().scroll_to_with_x_and_y(0.0, 0.0);
                    }
                    dispatch.dispatch(Action::Route(route));
                    let code = link::param(&hash, "code").map(str::to_string);
                    let known = latest.borrow().link_code.clone();
                    if code.is_some() && code != known {
                        match link::decode(&hash) {
                            Ok(Some(shared)) => load(
                                &editor,
                                &dispatch,
                                Input {
                                    text: shared.code.into(),
                                    config: shared.config,
                                    dockerignore: shared.dockerignore.unwrap_or_default().into(),
                                },
                                true,
                                code,
                            ),
                            Ok(None) => {}
                            Err(e) => dispatch.dispatch(Action::Error(Some(link_error(e).into()))),
                        }
                    }
                })
            };
            let on_key = EventListener::new_with_options(
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
                        let s = latest.borrow().clone();
                        let text = editor.text().unwrap_or_else(|| s.text.to_string());
                        let url = link::url(
                            &base_url(),
                            &share_fragment(&text, &s.config, &s.dockerignore),
                        );
                        copy_text(&url, "Link copied to the clipboard.", &dispatch);
                    }
                },
            );
            move || {
                drop(on_hash);
                drop(on_key);
            }
        });
    }

    // Embed mode: tell the parent page how tall the content is, whenever
    // it changes size.
    {
        let root_ref = root_ref.clone();
        let embed = state.mode.embed;
        use_effect_with((), move |_| {
            let observer = embed.then(|| watch_height(&root_ref)).flatten();
            move || {
                if let Some((o, _)) = observer {
                    o.disconnect();
                }
            }
        });
    }

    let on_example = {
        let (editor, dispatch, state) = (editor.clone(), dispatch.clone(), state.clone());
        Callback::from(move |i: usize| {
            if let Some(example) = EXAMPLES.get(i) {
                let input = Input {
                    text: example.text.into(),
                    config: (*state.config).clone(),
                    dockerignore: state.dockerignore.clone(),
                };
                load(&editor, &dispatch, input, false, None);
            }
        })
    };
    let on_highlight = {
        let editor = editor.clone();
        Callback::from(move |(lines, scroll): Highlight| editor.highlight(lines, scroll))
    };

    let s = &*state;
    let mode = &s.mode;
    let tabs: Vec<Tab> = Tab::ALL
        .into_iter()
        .filter(|&t| t != Tab::Build || mode.build_tab)
        .collect();
    let tab_label = |tab: Tab| match tab {
        Tab::Problems => format!("Problems ({})", s.checked.problems.len()),
        Tab::Rewrite => "Rewrite".to_string(),
        Tab::Build => "Build".to_string(),
    };
    let tab_button = |tab: Tab| {
        let selected = s.tab == tab;
        let dispatch = dispatch.clone();
        html! {
            <button role="tab" id={format!("tab-{}", tab.id())} aria-controls={format!("panel-{}", tab.id())}
                aria-selected={selected.to_string()}
                onclick={Callback::from(move |_| dispatch.dispatch(Action::SetTab(tab)))}>{tab_label(tab)}</button>
        }
    };
    let panel = |tab: Tab| -> Html {
        if s.tab != tab {
            return html! {};
        }
        match tab {
            Tab::Problems => html! {
                <Problems checked={s.checked.clone()} text={s.checked_text.clone()} rewrite={s.rewrite.clone()}
                    rewrite_current={s.rewrite_current()} rejected={s.rejected.clone()} accepted={s.accepted.clone()}
                    example={s.example} threshold={s.threshold()} show_ci={s.show_ci} readonly={mode.readonly}
                    unfolded={s.unfolded.clone()}
                    dispatch={dispatch.clone()} on_example={on_example.clone()} />
            },
            Tab::Rewrite => html! {
                <RewritePanel original={s.rewrite_of.clone()} rewrite={s.rewrite.clone()} current={s.rewrite_current()}
                    unified={s.unified} wide={s.wide} dispatch={dispatch.clone()} />
            },
            Tab::Build => {
                let generated = s
                    .rewrite
                    .files
                    .iter()
                    .find(|f| f.path == ".dockerignore")
                    .map(|f| AttrValue::from(f.contents.clone()));
                html! {
                    <BuildView text={s.rewrite_of.clone()} rewrite={AttrValue::from(s.rewrite.text.clone())}
                        config={(*s.config).clone()}
                        dockerignore={s.project_dockerignore().map(|d| AttrValue::from(d.to_string()))}
                        generated_dockerignore={generated}
                        on_highlight={on_highlight.clone()} />
                }
            }
        }
    };
    let jump = |tab: Option<Tab>, label: &'static str| {
        let dispatch = dispatch.clone();
        let target = if tab.is_some() {
            "results"
        } else {
            "editor-pane"
        };
        html! {
            <button class={classes!(tab.is_some_and(|t| t == s.tab).then_some("current"))} onclick={Callback::from(move |_| {
                if let Some(tab) = tab {
                    dispatch.dispatch(Action::SetTab(tab));
                }
                if let Some(el) = gloo::utils::document().get_element_by_id(target) {
                    el.scroll_into_view();
                }
            })}>{label}</button>
        }
    };
    let wide = s.wide && s.tab == Tab::Rewrite;
    let main_hidden = s.route != Route::Main;
    let dialog = match s.dialog {
        Some(_) if mode.embed => html! {},
        Some(Dialog::Share) => html! {
            <ShareDialog text={s.text.clone()} config={s.config.clone()} dockerignore={s.dockerignore.clone()} dispatch={dispatch.clone()} />
        },
        Some(Dialog::Settings) => {
            html! { <SettingsDialog config={s.config.clone()} dispatch={dispatch.clone()} /> }
        }
        Some(Dialog::Export) => {
            html! { <ExportDialog checked={s.checked.clone()} config={s.config.clone()} dispatch={dispatch.clone()} /> }
        }
        None => html! {},
    };
    let open_link = mode.embed.then(|| {
        link::url(
            &base_url(),
            &share_fragment(&s.text, &s.config, &s.dockerignore),
        )
    });
    let short = s.text.lines().count() <= 30;
    html! {
        <ContextProvider<Editor> context={editor.clone()}>
            <div class={classes!("app", mode.embed.then_some("embed"), wide.then_some("wide"), (mode.embed && short).then_some("short"))}
                data-testid={mode.embed.then_some("embed")} ref={root_ref}>
                <Header embed={mode.embed} open_link={open_link} dispatch={dispatch.clone()} on_example={on_example.clone()} />
                if let Some(error) = &s.error {
                    <div class="banner error" role="alert" data-testid="error-banner">
                        <span>{error.clone()}</span>
                        <button onclick={{ let d = dispatch.clone(); Callback::from(move |_| d.dispatch(Action::Error(None))) }}>{"Dismiss"}</button>
                    </div>
                }
                if !mode.embed && !main_hidden {
                    <nav class="jumpbar" aria-label="Jump to">
                        { jump(None, "Editor") }
                        { for tabs.iter().map(|&t| jump(Some(t), match t { Tab::Problems => "Problems", Tab::Rewrite => "Rewrite", Tab::Build => "Build" })) }
                    </nav>
                }
                <main class="panes" hidden={main_hidden}>
                    <EditorPane editor_ref={editor_ref.clone()} file={s.file} dockerignore={s.dockerignore.clone()}
                        embed={mode.embed} readonly={mode.readonly} dispatch={dispatch.clone()} />
                    <section class="pane results-pane" id="results" aria-labelledby="results-title">
                        <div class="pane-head">
                            <h2 id="results-title" class="visually-hidden">{"Results"}</h2>
                            <div class="tabs" role="tablist" aria-label="Results">
                                { for tabs.iter().map(|&t| tab_button(t)) }
                            </div>
                        </div>
                        { for tabs.iter().map(|&tab| html! {
                            <div class="pane-body" role="tabpanel" id={format!("panel-{}", tab.id())} tabindex="0"
                                aria-labelledby={format!("tab-{}", tab.id())} hidden={s.tab != tab}>
                                { panel(tab) }
                            </div>
                        }) }
                    </section>
                </main>
                <Docs route={s.route.clone()} />
                <Footer embed={mode.embed} from_link={s.from_link} />
                { dialog }
                if let Some(toast) = &s.toast {
                    <div class="toast" role="status" onclick={{ let d = dispatch.clone(); Callback::from(move |_| d.dispatch(Action::HideToast)) }}>{toast.clone()}</div>
                }
            </div>
        </ContextProvider<Editor>>
    }
}

/// Mark the findings in the editor, when they are of its text.
fn push_findings(editor: &Editor, checked: &Checked, text: &str) {
    editor.with(|view| {
        if bridge::get_text(view) != text {
            return;
        }
        bridge::set_findings(view, &editor_findings(checked));
    });
}

/// The findings as the editor takes them (`setFindings`, `create`).
fn editor_findings(checked: &Checked) -> JsValue {
    let findings: Vec<EditorFinding> = checked
        .findings
        .iter()
        .map(|f| EditorFinding {
            from: f.from,
            to: f.to,
            exact: f.exact,
            severity: f.severity.as_str(),
            code: &f.code,
            message: &f.message,
        })
        .collect();
    serde_wasm_bindgen::to_value(&findings).unwrap_or(JsValue::NULL)
}

/// Post `{type: "drydock:height", height}` to the parent page whenever the
/// root's height changes (and once now). The page listens to no message
/// in return.
fn watch_height(root_ref: &NodeRef) -> Option<(web_sys::ResizeObserver, Closure<dyn FnMut()>)> {
    let root = root_ref.cast::<HtmlElement>()?;
    let window = gloo::utils::window();
    let parent = window.parent().ok().flatten()?;
    if parent == window {
        return None;
    }
    let last = Rc::new(RefCell::new(-1));
    let post = {
        let root = root.clone();
        move || {
            let height = root.scroll_height().max(root.offset_height());
            if *last.borrow() == height {
                return;
            }
            *last.borrow_mut() = height;
            let message = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&message, &"type".into(), &HEIGHT_MESSAGE.into());
            let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
            let _ = parent.post_message(&message, "*");
        }
    };
    post();
    let callback = Closure::<dyn FnMut()>::new(post);
    let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    observer.observe(&root);
    Some((observer, callback))
}

//! The playground's whole state, and the only place it changes: a
//! [`State`] reduced by [`Action`]s (Yew's `use_reducer`, as in Yew's
//! `function_todomvc` example). Components read the parts they show as
//! props and dispatch actions; effects in `app.rs` carry what the state
//! says to the outside (the worker, the editor, storage, the parent page).

use std::collections::BTreeSet;
use std::rc::Rc;

use drydock_core::fix::SuggestionId;
use drydock_core::{Config, Severity};
use drydock_js::{carry_choices, Checked, Options, Rewrite};
use yew::prelude::*;

/// CI fails from this severity up when the settings name no threshold
/// (hadolint's default, and `drydock lint`'s).
pub const DEFAULT_THRESHOLD: Severity = Severity::Info;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Main,
    Rules,
    Rule(String),
}

impl Route {
    /// The route a location's fragment names.
    pub fn of(hash: &str) -> Route {
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
}

/// The results pane's tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Problems,
    Rewrite,
    Build,
}

impl Tab {
    pub const ALL: [Tab; 3] = [Tab::Problems, Tab::Rewrite, Tab::Build];

    /// The tab button's id is `tab-<id>`, its panel `panel-<id>`.
    pub fn id(self) -> &'static str {
        match self {
            Tab::Problems => "problems",
            Tab::Rewrite => "rewrite",
            Tab::Build => "build",
        }
    }

    pub fn parse(s: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.id() == s)
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

/// How the page was opened: the playground, or embedded in another page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mode {
    /// `?embed`: compact, no dialogs, sizes itself for its parent.
    pub embed: bool,
    /// `?embed&readonly`: the editor cannot be changed.
    pub readonly: bool,
    /// The Build tab is offered (always, except in embed mode without
    /// `build` in the query: `?embed&build`).
    pub build_tab: bool,
}

impl Mode {
    /// The mode a query string (`?embed&tab=rewrite`) asks for, and the
    /// tab it opens on.
    pub fn of(search: &str) -> (Mode, Tab) {
        let params: Vec<(&str, &str)> = search
            .trim_start_matches('?')
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| p.split_once('=').unwrap_or((p, "")))
            .collect();
        let has = |name: &str| params.iter().any(|(k, _)| *k == name);
        let embed = has("embed");
        let mut tab = params
            .iter()
            .find(|(k, _)| *k == "tab")
            .and_then(|(_, v)| Tab::parse(v))
            .unwrap_or(Tab::Problems);
        let build_tab = !embed || has("build") || tab == Tab::Build;
        if tab == Tab::Build && !build_tab {
            tab = Tab::Problems;
        }
        let mode = Mode {
            embed,
            readonly: embed && has("readonly"),
            build_tab,
        };
        (mode, tab)
    }
}

/// What a link or an example brings: the whole input at once.
#[derive(Clone, Debug, PartialEq)]
pub struct Input {
    pub text: AttrValue,
    pub config: Config,
    pub dockerignore: AttrValue,
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// The Dockerfile as last read from the editor: what is being checked.
    pub text: AttrValue,
    pub config: Rc<Config>,
    /// The project's `.dockerignore` ("" for none).
    pub dockerignore: AttrValue,
    /// Findings and problems of `checked_text`.
    pub checked: Rc<Checked>,
    pub checked_text: AttrValue,
    /// The rewrite of `rewrite_of` (with the choices made then).
    pub rewrite: Rc<Rewrite>,
    pub rewrite_of: AttrValue,
    /// Problems whose suggestion the user unticked (safe and suggested
    /// fixes are on by default).
    pub rejected: Rc<BTreeSet<SuggestionId>>,
    /// Risky suggestions the user ticked (off by default).
    pub accepted: Rc<BTreeSet<SuggestionId>>,
    pub mode: Rc<Mode>,
    pub route: Route,
    pub tab: Tab,
    pub file: File,
    pub dialog: Option<Dialog>,
    pub error: Option<AttrValue>,
    pub toast: Option<AttrValue>,
    /// Opened from a share link: autosave stays off so a link never
    /// overwrites the user's own work.
    pub from_link: bool,
    /// The `code=` of the link last opened (going back to it is no reload).
    pub link_code: Option<String>,
    /// The example the editor holds, untouched (its index).
    pub example: Option<usize>,
    /// The Rewrite tab takes the whole width (the editor pane folded).
    pub wide: bool,
    /// The rewrite as one column, removed lines inline.
    pub unified: bool,
    /// The CI verdict is shown (only when asked for).
    pub show_ci: bool,
    /// Folded groups of problem cards the user opened ("minor", …).
    pub unfolded: Rc<BTreeSet<String>>,
}

impl State {
    pub fn new(input: Input, mode: Mode, tab: Tab, route: Route) -> State {
        State {
            text: input.text.clone(),
            config: Rc::new(input.config),
            dockerignore: input.dockerignore,
            checked: Rc::default(),
            checked_text: AttrValue::default(),
            rewrite: Rc::default(),
            rewrite_of: AttrValue::default(),
            rejected: Rc::default(),
            accepted: Rc::default(),
            mode: Rc::new(mode),
            route,
            tab,
            file: File::Dockerfile,
            dialog: None,
            error: None,
            toast: None,
            from_link: false,
            link_code: None,
            example: crate::examples::index_of(&input.text),
            wide: false,
            unified: false,
            show_ci: false,
            unfolded: Rc::default(),
        }
    }

    /// The project's `.dockerignore`, when the user gave one.
    pub fn project_dockerignore(&self) -> Option<&str> {
        Some(self.dockerignore.as_str()).filter(|s| !s.is_empty())
    }

    /// The settings, `.dockerignore` and choices, as the core takes them.
    pub fn options(&self) -> Options {
        Options {
            config: (*self.config).clone(),
            dockerignore: self.project_dockerignore().map(str::to_string),
            rejected: self.rejected.iter().cloned().collect(),
            safe_only: false,
            accepted: self.accepted.iter().cloned().collect(),
        }
    }

    pub fn threshold(&self) -> Severity {
        self.config.failure_threshold.unwrap_or(DEFAULT_THRESHOLD)
    }

    /// The results shown are of the text in the editor (not of an older
    /// one still being replaced).
    pub fn rewrite_current(&self) -> bool {
        self.rewrite_of == self.checked_text
    }

    /// Whether the autosave may keep this state.
    pub fn saves(&self) -> bool {
        !self.from_link && !self.mode.embed
    }
}

pub enum Action {
    /// The editor's text, read once typing paused.
    Edited(AttrValue),
    /// A new input at once (an example, a link): choices start over.
    Load {
        input: Input,
        from_link: bool,
        link_code: Option<String>,
    },
    /// The worker's first answer: findings and problems of a text.
    Checked(AttrValue, Rc<Checked>),
    /// Its second: the rewrite of a text.
    Rewritten(AttrValue, Rc<Rewrite>),
    SetTab(Tab),
    SetFile(File),
    SetDockerignore(AttrValue),
    /// Tick (true) or untick a problem's suggestion; `risky`: a manual fix
    /// with an edit (off unless ticked).
    Choose {
        id: SuggestionId,
        on: bool,
        risky: bool,
    },
    IgnoreEverywhere(String),
    Unignore(String),
    SetThreshold(Option<Severity>),
    SetRegistries(String),
    ResetSettings,
    Open(Dialog),
    CloseDialog,
    Toast(AttrValue),
    HideToast,
    Error(Option<AttrValue>),
    Route(Route),
    Wide(bool),
    Unified(bool),
    ShowCi(bool),
    /// Open (true) or close a folded group of problem cards.
    Unfold(String, bool),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Edited(text) => {
                if text == s.text {
                    return self;
                }
                s.example = crate::examples::index_of(&text);
                s.text = text;
            }
            Action::Load {
                input,
                from_link,
                link_code,
            } => {
                s.example = crate::examples::index_of(&input.text);
                s.text = input.text;
                s.config = Rc::new(input.config);
                s.dockerignore = input.dockerignore;
                s.rejected = Rc::default();
                s.accepted = Rc::default();
                s.from_link = from_link;
                if link_code.is_some() {
                    s.link_code = link_code;
                }
                if from_link {
                    s.error = None;
                }
            }
            Action::Checked(text, checked) => {
                // Already shown, or older than the findings shown (those of
                // the text in the editor, made on the keystroke).
                let stale = text != s.text && s.checked_text == s.text;
                if stale || (text == s.checked_text && checked == s.checked) {
                    return self;
                }
                let carry = |chosen: &BTreeSet<SuggestionId>| {
                    carry_choices(
                        chosen,
                        &s.checked.problems,
                        &s.checked_text,
                        &checked.problems,
                        &text,
                    )
                };
                let rejected = carry(&s.rejected);
                let accepted = carry(&s.accepted);
                if rejected != *s.rejected {
                    s.rejected = Rc::new(rejected);
                }
                if accepted != *s.accepted {
                    s.accepted = Rc::new(accepted);
                }
                s.checked = checked;
                s.checked_text = text;
            }
            Action::Rewritten(text, rewrite) => {
                s.rewrite = rewrite;
                s.rewrite_of = text;
            }
            Action::SetTab(tab) => {
                if tab == s.tab {
                    return self;
                }
                s.tab = tab;
            }
            Action::SetFile(file) => s.file = file,
            Action::SetDockerignore(text) => s.dockerignore = text,
            Action::Choose { id, on, risky } => {
                let set = if risky {
                    &mut s.accepted
                } else {
                    &mut s.rejected
                };
                let mut ids = (**set).clone();
                // Ticking a risky suggestion accepts it; unticking any
                // other rejects it.
                if on == risky {
                    ids.insert(id);
                } else {
                    ids.remove(&id);
                }
                *set = Rc::new(ids);
            }
            Action::IgnoreEverywhere(code) => {
                if s.config.is_ignored(&code) {
                    return self;
                }
                let code = drydock_core::rules::find(code.trim())
                    .map_or(code.trim().to_string(), |r| r.code.to_string());
                if code.is_empty() {
                    return self;
                }
                Rc::make_mut(&mut s.config).ignored.push(code);
            }
            Action::Unignore(code) => {
                Rc::make_mut(&mut s.config)
                    .ignored
                    .retain(|c| !c.eq_ignore_ascii_case(&code));
            }
            Action::SetThreshold(t) => Rc::make_mut(&mut s.config).failure_threshold = t,
            Action::SetRegistries(text) => {
                Rc::make_mut(&mut s.config).trusted_registries = text
                    .split([',', '\n', ' '])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect();
            }
            Action::ResetSettings => s.config = Rc::default(),
            Action::Open(d) => s.dialog = Some(d),
            Action::CloseDialog => {
                if s.dialog.is_none() {
                    return self;
                }
                s.dialog = None;
            }
            Action::Toast(t) => s.toast = Some(t),
            Action::HideToast => s.toast = None,
            Action::Error(e) => s.error = e,
            Action::Route(r) => {
                if r == s.route {
                    return self;
                }
                s.route = r;
            }
            Action::Wide(on) => s.wide = on,
            Action::Unified(on) => s.unified = on,
            Action::ShowCi(on) => s.show_ci = on,
            Action::Unfold(key, open) => {
                if s.unfolded.contains(&key) == open {
                    return self;
                }
                let mut set = (*s.unfolded).clone();
                if open {
                    set.insert(key);
                } else {
                    set.remove(&key);
                }
                s.unfolded = Rc::new(set);
            }
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> Rc<State> {
        Rc::new(State::new(
            Input {
                text: "FROM debian:12\n".into(),
                config: Config::default(),
                dockerignore: "".into(),
            },
            Mode::default(),
            Tab::Problems,
            Route::Main,
        ))
    }

    #[test]
    fn choices_reject_safe_and_accept_risky() {
        let s = state();
        let id = SuggestionId::new("DL3042", 2);
        let s = s.reduce(Action::Choose {
            id: id.clone(),
            on: false,
            risky: false,
        });
        assert!(s.rejected.contains(&id));
        let s = s.reduce(Action::Choose {
            id: id.clone(),
            on: true,
            risky: false,
        });
        assert!(!s.rejected.contains(&id));
        let risky = SuggestionId::new("DD011", 4);
        let s = s.reduce(Action::Choose {
            id: risky.clone(),
            on: true,
            risky: true,
        });
        assert!(s.accepted.contains(&risky));
        assert_eq!(s.options().accepted, vec![risky]);
    }

    #[test]
    fn findings_of_an_older_text_do_not_replace_the_current_ones() {
        let s = state();
        let now: AttrValue = "FROM debian:12\n".into();
        let s = s.reduce(Action::Checked(now.clone(), Rc::default()));
        assert_eq!(s.checked_text, now);
        let same = s
            .clone()
            .reduce(Action::Checked("FROM debian\n".into(), Rc::default()));
        assert!(Rc::ptr_eq(&s, &same));
    }

    #[test]
    fn unchanged_text_is_no_new_state() {
        let s = state();
        let same = s.clone().reduce(Action::Edited("FROM debian:12\n".into()));
        assert!(Rc::ptr_eq(&s, &same));
    }

    #[test]
    fn query_modes() {
        assert_eq!(
            Mode::of(""),
            (
                Mode {
                    embed: false,
                    readonly: false,
                    build_tab: true
                },
                Tab::Problems
            )
        );
        let (m, t) = Mode::of("?embed&readonly&tab=rewrite");
        assert!(m.embed && m.readonly && !m.build_tab);
        assert_eq!(t, Tab::Rewrite);
        let (m, t) = Mode::of("?embed&tab=build");
        assert!(m.build_tab);
        assert_eq!(t, Tab::Build);
        assert!(!Mode::of("?readonly").0.readonly);
    }
}

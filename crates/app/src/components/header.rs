//! The page's header (the examples, the dialogs' buttons, the rules) and
//! footer.

use yew::prelude::*;

use crate::examples::EXAMPLES;
use crate::state::{Action, Dialog, State};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub embed: bool,
    /// Embed mode: the playground holding the same text.
    pub open_link: Option<String>,
    pub dispatch: UseReducerDispatcher<State>,
    pub on_example: Callback<usize>,
}

#[function_component(Header)]
pub fn header(props: &Props) -> Html {
    if props.embed {
        return html! {
            <header class="topbar">
                <h1 class="brand">{"Drydock"}</h1>
                <p class="tagline">{"Dockerfile linter and fixer"}</p>
                if let Some(href) = &props.open_link {
                    <a class="button" href={href.clone()} target="_blank" rel="noopener">{"Open in Drydock"}</a>
                }
            </header>
        };
    }
    let on_example = {
        let cb = props.on_example.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let value = select.value();
            select.set_value("");
            if let Ok(i) = value.parse::<usize>() {
                cb.emit(i);
            }
        })
    };
    let open = |d: Dialog| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::Open(d)))
    };
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
                <button data-testid="settings-button" onclick={open(Dialog::Settings)}>{"Settings"}</button>
                <button data-testid="export-button" onclick={open(Dialog::Export)}>{"Export"}</button>
                <a class="button" href="#rules">{"Rules"}</a>
                <button class="primary" data-testid="share-button" title="Share (Ctrl+S copies the link)"
                    onclick={open(Dialog::Share)}>{"Share"}</button>
            </nav>
        </header>
    }
}

#[derive(Properties, PartialEq)]
pub struct FooterProps {
    pub embed: bool,
    pub from_link: bool,
}

#[function_component(Footer)]
pub fn footer(props: &FooterProps) -> Html {
    let saving = if props.embed {
        ""
    } else if props.from_link {
        "Opened from a link: your edits are not autosaved."
    } else {
        "Your text is autosaved in this browser."
    };
    html! {
        <footer class="footer">
            <span data-testid="version">{format!("Drydock v{}", drydock_formats::VERSION)}</span>
            <span>{format!("{} rules", drydock_core::rules::RULES.len())}</span>
            <span>{"Runs entirely in your browser."}</span>
            if !saving.is_empty() { <span>{saving}</span> }
        </footer>
    }
}

//! The Rewrite tab: the original and the rewritten Dockerfile side by side
//! (`@codemirror/merge`, loaded on first use), copy and download, and the
//! files the fixes create (a generated `.dockerignore`).

use yew::prelude::*;

use crate::app::{App, Msg};

impl App {
    pub(crate) fn view_rewrite(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let rewrite = &self.analysis.rewrite;
        let text = rewrite.text.clone();
        let text2 = text.clone();
        let offered = self
            .analysis
            .findings
            .iter()
            .filter(|f| f.fix.as_ref().is_some_and(|x| x.applies))
            .count();
        let applied = rewrite.applied.len();
        let summary = match offered {
            0 => "No automatic fixes for this Dockerfile: the suggestions explain what to change."
                .to_string(),
            // Later rounds may apply fixes that only appear once earlier
            // ones are in: `applied` can exceed what the list offers.
            _ => format!("{applied} fixes applied. Untick a suggestion to leave it out."),
        };
        let broken = rewrite
            .skipped
            .iter()
            .filter(|s| s.reason.as_deref() == Some("breaks_syntax"))
            .count();
        html! {
            <>
                <p class="hint">{summary}</p>
                if broken > 0 {
                    <p class="hint warn">{format!("{broken} fix(es) left out: applying them would have broken the file.")}</p>
                }
                if !rewrite.converged {
                    <p class="hint warn">{"The fixes did not settle after 10 rounds: check the result."}</p>
                }
                <div class="rewrite-actions">
                    <button onclick={link.callback(move |_| Msg::Copy(text.clone(), "Rewritten Dockerfile copied."))}>{"Copy"}</button>
                    <button onclick={link.callback(move |_| Msg::Download("Dockerfile".into(), text2.clone()))}>{"Download"}</button>
                </div>
                <div class="merge" ref={self.merge_ref.clone()} role="group"
                    aria-label="Original and rewritten Dockerfile, side by side" />
                { for rewrite.files.iter().map(|f| {
                    let (path, contents) = (f.path.clone(), f.contents.clone());
                    let (path2, contents2) = (f.path.clone(), f.contents.clone());
                    html! {
                        <section class="extra-file" data-testid="new-file" data-path={f.path.clone()}>
                            <h3>{format!("New file: {}", f.path)}</h3>
                            <p class="hint">{"The fixes create this file beside the Dockerfile."}</p>
                            <pre class="code"><code>{f.contents.clone()}</code></pre>
                            <div class="rewrite-actions">
                                <button onclick={link.callback(move |_| Msg::Copy(contents2.clone(), "File copied."))}>{"Copy"}</button>
                                <button onclick={link.callback(move |_| Msg::Download(path.clone(), contents.clone()))}>{format!("Download {path2}")}</button>
                            </div>
                        </section>
                    }
                }) }
            </>
        }
    }
}

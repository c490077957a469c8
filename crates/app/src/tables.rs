//! The apt tables (`knowledge::apt`, about 61 KB gzipped) and the
//! official images' tags (`knowledge::images`, about 15 KB) are not in the
//! wasm: the core is built without its `apt-tables` and `image-tags`
//! features, and the data is fetched (`knowledge/apt-*.txt`, copied
//! beside the wasm by `index.html`; `knowledge/image-tags/IMAGE.txt`, one
//! image's tags, written by `web/scripts/image-tags.mjs`) the first time a
//! check needs it: a text that installs apt packages, a `FROM` naming
//! one of those images (example 01's `python`). A check that asked for
//! data while it was missing is thrown away ([`missed`]) and made again
//! once it is here, so findings are always the CLI's. The worker's
//! `drydock.js` loads what it needs itself.

use std::cell::RefCell;
use std::rc::Rc;

use drydock_core::knowledge::{apt, images};
use wasm_bindgen::JsCast;

const FILES: [&str; 3] = [
    "./knowledge/apt-recommends.txt",
    "./knowledge/apt-kept.txt",
    "./knowledge/apt-executables.txt",
];

/// What checks asked for while it was missing, since the last [`load`].
#[derive(Default)]
struct Needed {
    apt: bool,
    images: Vec<&'static str>,
}

thread_local! {
    static NEEDED: RefCell<Needed> = RefCell::new(Needed::default());
}

/// Forget an earlier miss (call before a check whose result [`missed`]
/// will judge).
pub fn reset() {
    let _ = apt::take_missed();
    let _ = images::take_missed_tags();
}

/// Whether the checks since [`reset`] asked for data while it was missing
/// (their results may be wrong: discard them). What they asked for is
/// what the next [`load`] fetches.
pub fn missed() -> bool {
    let apt = apt::take_missed();
    let tags = images::take_missed_tags();
    let missed = apt || !tags.is_empty();
    NEEDED.with(|n| {
        let mut n = n.borrow_mut();
        n.apt |= apt;
        for image in tags {
            if !n.images.contains(&image) {
                n.images.push(image);
            }
        }
    });
    missed
}

/// Whether the apt tables are among what checks asked for and is missing.
pub fn needs_apt() -> bool {
    NEEDED.with(|n| n.borrow().apt) && !apt::available()
}

fn js(e: wasm_bindgen::JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| "the request failed".to_string())
}

/// The text of a response: `fetch` is the promise `window.fetch` gave.
async fn fetch_text(url: &str, fetch: js_sys::Promise) -> Result<String, String> {
    let response: web_sys::Response = wasm_bindgen_futures::JsFuture::from(fetch)
        .await
        .map_err(js)?
        .dyn_into()
        .map_err(js)?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    Ok(
        wasm_bindgen_futures::JsFuture::from(response.text().map_err(js)?)
            .await
            .map_err(js)?
            .as_string()
            .unwrap_or_default(),
    )
}

type Waiters = Vec<Box<dyn FnOnce(Result<(), String>)>>;

thread_local! {
    /// Those waiting for the fetch under way (`None`: none under way).
    static WAITING: RefCell<Option<Waiters>> = const { RefCell::new(None) };
}

/// Load what the checks asked for (see [`missed`]; a fetch at a time:
/// later calls wait for the one under way, and their check, made again,
/// asks for what is still missing) and then call `done`, at once when
/// nothing is missing.
pub fn load(done: impl FnOnce(Result<(), String>) + 'static) {
    let start = WAITING.with(|w| {
        let mut w = w.borrow_mut();
        let start = w.is_none();
        w.get_or_insert_with(Vec::new).push(Box::new(done));
        start
    });
    if !start {
        return;
    }
    let needed = NEEDED.with(|n| std::mem::take(&mut *n.borrow_mut()));
    let apt_files = needed.apt && !apt::available();
    let tags: Vec<&'static str> = needed
        .images
        .into_iter()
        .filter(|i| !images::tags_available(i))
        .collect();
    if !apt_files && tags.is_empty() {
        finish(Ok(()));
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let result = async {
            let window = web_sys::window().ok_or("no window")?;
            // Every request at once.
            let apt_fetches: Vec<_> = if apt_files {
                FILES.iter().map(|url| window.fetch_with_str(url)).collect()
            } else {
                Vec::new()
            };
            let tag_urls: Vec<String> = tags
                .iter()
                .map(|image| format!("./knowledge/image-tags/{image}.txt"))
                .collect();
            let tag_fetches: Vec<_> = tag_urls
                .iter()
                .map(|url| window.fetch_with_str(url))
                .collect();
            let mut texts = Vec::new();
            for (url, fetch) in FILES.iter().zip(apt_fetches) {
                texts.push(fetch_text(url, fetch).await?);
            }
            let mut sections = Vec::new();
            for (url, fetch) in tag_urls.iter().zip(tag_fetches) {
                sections.push(fetch_text(url, fetch).await?);
            }
            for (image, text) in tags.iter().zip(sections) {
                images::install_tags(image, text);
            }
            if apt_files {
                let [recommends, kept, executables]: [String; 3] = texts
                    .try_into()
                    .map_err(|_| "the apt tables: three files expected".to_string())?;
                apt::install(recommends, kept, executables);
            }
            Ok(())
        }
        .await;
        finish(result);
    });
}

/// Tell those waiting how the fetch went.
fn finish(result: Result<(), String>) {
    let waiting = WAITING.with(|w| w.borrow_mut().take()).unwrap_or_default();
    let result: Rc<Result<(), String>> = Rc::new(result);
    for done in waiting {
        done((*result).clone());
    }
}

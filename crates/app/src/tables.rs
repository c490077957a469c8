//! The apt tables (`knowledge::apt`, about 61 KB gzipped) are not in the
//! wasm: the core is built without its `apt-tables` feature, and the
//! tables are fetched (`knowledge/apt-*.txt`, copied beside the wasm by
//! `index.html`) the first time a check needs them, that is, a text
//! that installs apt packages. A check that asked for them while they were
//! missing is thrown away ([`missed`]) and made again once they are here,
//! so findings are always the CLI's. The worker's `drydock.js` loads them
//! itself before its first answer.

use std::cell::RefCell;
use std::rc::Rc;

use drydock_core::knowledge::apt;

const FILES: [&str; 3] = [
    "./knowledge/apt-recommends.txt",
    "./knowledge/apt-kept.txt",
    "./knowledge/apt-executables.txt",
];

/// Forget an earlier miss (call before a check whose result [`missed`]
/// will judge).
pub fn reset() {
    let _ = apt::take_missed();
}

/// Whether the checks since [`reset`] asked for the tables while they were
/// missing (their results may be wrong: discard them).
pub fn missed() -> bool {
    apt::take_missed()
}

type Waiters = Vec<Box<dyn FnOnce(Result<(), String>)>>;

thread_local! {
    /// Those waiting for the fetch under way (`None`: none under way).
    static WAITING: RefCell<Option<Waiters>> = const { RefCell::new(None) };
}

/// Load the tables (once; later calls wait for the same fetch) and then
/// call `done`, at once when they are here already.
pub fn load(done: impl FnOnce(Result<(), String>) + 'static) {
    if apt::available() {
        done(Ok(()));
        return;
    }
    let start = WAITING.with(|w| {
        let mut w = w.borrow_mut();
        let start = w.is_none();
        w.get_or_insert_with(Vec::new).push(Box::new(done));
        start
    });
    if !start {
        return;
    }
    wasm_bindgen_futures::spawn_local(async {
        let result = async {
            let window = web_sys::window().ok_or("no window")?;
            // The three requests at once.
            let fetches: Vec<_> = FILES.iter().map(|url| window.fetch_with_str(url)).collect();
            let mut texts = Vec::new();
            for (url, fetch) in FILES.iter().zip(fetches) {
                texts.push(crate::util::fetch_text(url, fetch).await?);
            }
            let [recommends, kept, executables]: [String; 3] = texts
                .try_into()
                .map_err(|_| "the apt tables: three files expected".to_string())?;
            apt::install(recommends, kept, executables);
            Ok(())
        }
        .await;
        let waiting = WAITING.with(|w| w.borrow_mut().take()).unwrap_or_default();
        let result: Rc<Result<(), String>> = Rc::new(result);
        for done in waiting {
            done((*result).clone());
        }
    });
}

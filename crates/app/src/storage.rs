//! Autosave in localStorage. A browser that refuses storage (private mode,
//! blocked cookies) just gets no autosave.

use drydock_core::Config;

const TEXT: &str = "drydock.text";
const CONFIG: &str = "drydock.config";
const DOCKERIGNORE: &str = "drydock.dockerignore";

/// What a reload brings back.
pub struct Saved {
    pub text: String,
    pub config: Config,
    pub dockerignore: String,
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn load() -> Option<Saved> {
    let storage = local()?;
    let text = storage.get_item(TEXT).ok().flatten()?;
    let config = storage
        .get_item(CONFIG)
        .ok()
        .flatten()
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default();
    let dockerignore = storage
        .get_item(DOCKERIGNORE)
        .ok()
        .flatten()
        .unwrap_or_default();
    Some(Saved {
        text,
        config,
        dockerignore,
    })
}

pub fn save(text: &str, config: &Config, dockerignore: &str) {
    save_text(text);
    let Some(storage) = local() else { return };
    if let Ok(json) = serde_json::to_string(config) {
        let _ = storage.set_item(CONFIG, &json);
    }
    let _ = storage.set_item(DOCKERIGNORE, dockerignore);
}

/// Save the Dockerfile's text alone (what the panic hook can still do).
pub fn save_text(text: &str) {
    if let Some(storage) = local() {
        let _ = storage.set_item(TEXT, text);
    }
}

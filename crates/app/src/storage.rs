//! Autosave in localStorage. A browser that refuses storage (private mode,
//! blocked cookies) just gets no autosave.

use drydock_core::Config;

const TEXT: &str = "drydock.text";
const CONFIG: &str = "drydock.config";

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn load() -> Option<(String, Config)> {
    let storage = local()?;
    let text = storage.get_item(TEXT).ok().flatten()?;
    let config = storage
        .get_item(CONFIG)
        .ok()
        .flatten()
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default();
    Some((text, config))
}

pub fn save(text: &str, config: &Config) {
    let Some(storage) = local() else { return };
    let _ = storage.set_item(TEXT, text);
    if let Ok(json) = serde_json::to_string(config) {
        let _ = storage.set_item(CONFIG, &json);
    }
}

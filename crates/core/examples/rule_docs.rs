//! Every rule's docs as one JSON object, `{"CODE": "markdown", …}`: the
//! playground's wasm is built without them (the core's `docs` feature) and
//! fetches this file when a rule's page is opened. Trunk's pre-build hook
//! (`web/scripts/rule-docs.mjs`) writes it into `web/build/`.
//!
//!     cargo run -p drydock-core --example rule_docs -- web/build/rule-docs.json

fn main() {
    let docs: serde_json::Map<String, serde_json::Value> = drydock_core::rules::RULES
        .iter()
        .map(|r| (r.code.to_string(), r.docs.trim().into()))
        .collect();
    if docs.values().any(|d| d.as_str().is_none_or(str::is_empty)) {
        eprintln!("rule_docs: a rule has no docs (built without the `docs` feature?)");
        std::process::exit(1);
    }
    let json = serde_json::to_string(&docs).expect("JSON");
    match std::env::args().nth(1) {
        Some(path) => std::fs::write(&path, json).unwrap_or_else(|e| {
            eprintln!("rule_docs: {path}: {e}");
            std::process::exit(1);
        }),
        None => println!("{json}"),
    }
}

//! Never crashes: random sequences of edits and messages, including
//! nonsense (positions past the end or inside a character, reversed
//! ranges, documents never opened, bad parameters, unknown methods), and
//! every request must still be answered without an internal error.
//!
//! Deterministic: a fixed list of seeds. `DRYDOCK_LSP_RANDOM_SESSIONS=N`
//! runs more sessions (seeds 1..=N).

mod support;

use serde_json::{json, Value};

use support::{pos, uri, Client};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const PIECES: &[&str] = &[
    "FROM debian:12 AS build\n",
    "FROM build\n",
    "FROM python:3.11 as base\n",
    "RUN apt-get update && apt-get install -y curl\n",
    "RUN pip install flask\n",
    "RUN --mount=type=cache,from=build,target=/x true\n",
    "COPY --from=build /a /b\n",
    "COPY --from=0 . /app\n",
    "ARG V=1\n",
    "ENV E=$V\n",
    "RUN echo ${V:-x} $E\n",
    "CMD node server.js\n",
    "ENTRYPOINT [\"/e\"]\n",
    "# hadolint ignore=DL3008\n",
    "# check=skip=FromAsCasing\n",
    "# escape=`\n",
    "RUN <<EOF\necho hi\nEOF\n",
    "\\\n",
    "`\n",
    "$",
    "${",
    "--from=",
    " AS ",
    "😀",
    "é",
    "\r\n",
    "\n",
    "\"",
    "'",
    "{",
    "[",
    "",
    "MAINTAINER x\n",
    "HEALTHCHECK --interval=5s CMD true\n",
    "ONBUILD ONBUILD RUN x\n",
];

const NAMES: &[&str] = &["builder", "X", "1bad", "", "a b", "VERSION", "é"];

fn random_position(rng: &mut Rng) -> Value {
    pos(rng.below(14) as u32, rng.below(50) as u32)
}

fn random_text(rng: &mut Rng) -> String {
    (0..rng.below(4)).map(|_| *rng.pick(PIECES)).collect()
}

fn session(seed: u64, steps: usize) {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let caps = if seed.is_multiple_of(2) {
        json!({"workspace": {"workspaceEdit": {"documentChanges": true, "resourceOperations": ["create"]}}})
    } else {
        json!({})
    };
    let mut client = Client::start_with(
        json!({"debounceMs": rng.below(3)}),
        caps,
        Default::default(),
    );
    let uris = [uri("Dockerfile"), uri("other.Dockerfile")];
    let mut versions = [0i32; 2];
    for _ in 0..steps {
        let k = rng.below(2);
        let u = &uris[k];
        let doc = json!({"uri": u});
        let p = random_position(&mut rng);
        let q = random_position(&mut rng);
        let choice = rng.below(22);
        let request: Option<(&str, Value)> = match choice {
            0 | 1 => {
                versions[k] += 1;
                let text: String = (0..rng.below(12)).map(|_| *rng.pick(PIECES)).collect();
                client.notify(
                    "textDocument/didOpen",
                    json!({"textDocument": {"uri": u, "languageId": "dockerfile", "version": versions[k], "text": text}}),
                );
                None
            }
            2..=7 => {
                versions[k] += 1;
                let changes: Vec<Value> = (0..1 + rng.below(3))
                    .map(|_| {
                        if rng.below(10) == 0 {
                            json!({"text": random_text(&mut rng)})
                        } else {
                            json!({"range": {"start": random_position(&mut rng), "end": random_position(&mut rng)}, "text": random_text(&mut rng)})
                        }
                    })
                    .collect();
                client.notify(
                    "textDocument/didChange",
                    json!({"textDocument": {"uri": u, "version": versions[k]}, "contentChanges": changes}),
                );
                None
            }
            8 => {
                client.notify("textDocument/didClose", json!({"textDocument": doc}));
                None
            }
            9 => {
                client.notify("textDocument/didSave", json!({"textDocument": doc}));
                None
            }
            10 => {
                let config = if rng.below(2) == 0 {
                    json!({"config": {"ignored": ["DL3008"]}})
                } else {
                    json!({"drydock": {"config": {"ignored": 5}}})
                };
                client.notify(
                    "workspace/didChangeConfiguration",
                    json!({"settings": config}),
                );
                None
            }
            11 => Some((
                "textDocument/hover",
                json!({"textDocument": doc, "position": p}),
            )),
            12 => Some((
                "textDocument/completion",
                json!({"textDocument": doc, "position": p}),
            )),
            13 => Some((
                "textDocument/definition",
                json!({"textDocument": doc, "position": p}),
            )),
            14 => Some((
                "textDocument/references",
                json!({"textDocument": doc, "position": p, "context": {"includeDeclaration": rng.below(2) == 0}}),
            )),
            15 => Some((
                "textDocument/rename",
                json!({"textDocument": doc, "position": p, "newName": rng.pick(NAMES)}),
            )),
            16 => Some((
                "textDocument/prepareRename",
                json!({"textDocument": doc, "position": p}),
            )),
            17 => Some((
                "textDocument/codeAction",
                json!({"textDocument": doc, "range": {"start": p, "end": q}, "context": {"diagnostics": [], "only": if rng.below(3) == 0 { json!(["source.fixAll"]) } else { Value::Null }}}),
            )),
            18 => Some(("textDocument/documentSymbol", json!({"textDocument": doc}))),
            19 => Some(("textDocument/foldingRange", json!({"textDocument": doc}))),
            20 => Some((
                "textDocument/hover",
                json!({"textDocument": 7, "position": "x"}),
            )),
            _ => {
                client.notify("$/unknown", json!([1, 2, 3]));
                Some(("drydock/unknown", Value::Null))
            }
        };
        if let Some((method, params)) = request {
            let r = client.request(method, params.clone());
            if let Some(e) = &r.error {
                assert_ne!(
                    e.code,
                    lsp_server::ErrorCode::InternalError as i32,
                    "seed {seed}: {method} {params} failed: {}",
                    e.message
                );
            }
        }
    }
    let failures: Vec<_> = client
        .notifications
        .iter()
        .filter(|n| n.method == "window/showMessage")
        .filter(|n| {
            n.params["message"]
                .as_str()
                .unwrap_or("")
                .contains("failed")
        })
        .collect();
    assert!(failures.is_empty(), "seed {seed}: {failures:?}");
    client.shutdown();
}

#[test]
fn random_message_sequences_never_crash_the_server() {
    let sessions: u64 = std::env::var("DRYDOCK_LSP_RANDOM_SESSIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(24);
    for seed in 1..=sessions {
        session(seed, 150);
    }
}

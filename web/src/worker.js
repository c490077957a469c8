// The playground's checker: runs the core (the same wasm as the page, via
// the generated ../drydock.js) off the main thread. The page first sends
// {module}, the wasm it compiled already (so it is not downloaded twice);
// then it asks {seq, text, options}. Each request is answered twice:
// {seq, checked} (findings and problems, at once; as JSON text, one string
// to copy), then {seq, rewrite} (JSON text too), or
// {seq, skipped} when a newer request arrived meanwhile (that rewrite would
// be stale). {seq, error} when the core failed; seq null: the wasm did not
// load. Nothing else.
import { checkJson, rewriteJson, ready } from "../drydock.js";

let loading = null;
let latest = 0;
function load(module) {
  if (!loading) {
    // The wasm could not load: say so once (seq null), the page then checks
    // on its main thread.
    loading = ready(module);
    loading.catch((error) => self.postMessage({ seq: null, error: String((error && error.message) || error) }));
  }
  return loading;
}

// Let messages that arrived meanwhile be seen (a newer request). A large
// text's rewrite takes the worker for hundreds of milliseconds, and the
// findings of the next keystroke would wait for it: the rewrite of a large
// text starts only once typing has paused this long.
const LARGE = 16 * 1024;
const PAUSE_MS = 300;
const yieldToMessages = (text) => new Promise((resolve) => setTimeout(resolve, text.length > LARGE ? PAUSE_MS : 0));

self.onmessage = async (event) => {
  const { module, seq, text, options } = event.data || {};
  if (module instanceof WebAssembly.Module) {
    load(module);
    return;
  }
  if (typeof seq !== "number" || typeof text !== "string") return;
  latest = Math.max(latest, seq);
  try {
    await load();
    self.postMessage({ seq, checked: await checkJson(text, options) });
    await yieldToMessages(text);
    if (latest > seq) {
      self.postMessage({ seq, skipped: true });
      return;
    }
    self.postMessage({ seq, rewrite: await rewriteJson(text, options) });
  } catch (error) {
    self.postMessage({ seq, error: String((error && error.message) || error) });
  }
};

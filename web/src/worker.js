// The playground's checker: runs the core (the same wasm as the page, via
// the generated ../drydock.js) off the main thread. The page first sends
// {module}, the wasm it compiled already (so it is not downloaded twice);
// then it asks {seq, text, options} and gets {seq, result} or
// {seq, error} (seq null: the wasm did not load). Nothing else.
import { analyze, ready } from "../drydock.js";

let loading = null;
function load(module) {
  if (!loading) {
    // The wasm could not load: say so once (seq null), the page then checks
    // on its main thread.
    loading = ready(module);
    loading.catch((error) => self.postMessage({ seq: null, error: String((error && error.message) || error) }));
  }
  return loading;
}

self.onmessage = async (event) => {
  const { module, seq, text, options } = event.data || {};
  if (module instanceof WebAssembly.Module) {
    load(module);
    return;
  }
  if (typeof seq !== "number" || typeof text !== "string") return;
  try {
    await load();
    self.postMessage({ seq, result: await analyze(text, options) });
  } catch (error) {
    self.postMessage({ seq, error: String((error && error.message) || error) });
  }
};

// The playground's checker: runs the core (the same wasm as the page, via
// the generated ../drydock.js) off the main thread. It answers
// {seq, text, options} with {seq, result} or {seq, error} (seq null: the
// wasm did not load) and does nothing else.
import { analyze, ready } from "../drydock.js";

// The wasm could not load: say so once (seq null), the page then checks
// on its main thread.
ready().catch((error) => self.postMessage({ seq: null, error: String((error && error.message) || error) }));

self.onmessage = async (event) => {
  const { seq, text, options } = event.data || {};
  if (typeof seq !== "number" || typeof text !== "string") return;
  try {
    self.postMessage({ seq, result: await analyze(text, options) });
  } catch (error) {
    self.postMessage({ seq, error: String((error && error.message) || error) });
  }
};

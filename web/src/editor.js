// The editor bridge: CodeMirror 6 behind a tiny API that the Rust app calls
// through wasm-bindgen (`window.drydockEditor`). Everything the user typed is
// handled as text: messages are put into the page with `textContent`, never
// as HTML.
import { EditorState, Compartment, StateEffect, StateField } from "@codemirror/state";
import {
  EditorView, Decoration, keymap, lineNumbers, highlightActiveLineGutter, highlightSpecialChars,
  drawSelection, dropCursor, rectangularSelection, crosshairCursor, highlightActiveLine,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { searchKeymap, highlightSelectionMatches } from "@codemirror/search";
import { StreamLanguage, syntaxHighlighting, indentOnInput, bracketMatching } from "@codemirror/language";
import { classHighlighter } from "@lezer/highlight";
import { dockerFile } from "@codemirror/legacy-modes/mode/dockerfile";
import { lintGutter, lintKeymap, setDiagnostics } from "@codemirror/lint";

const dockerfile = StreamLanguage.define(dockerFile);

// CodeMirror's basicSetup without what a Dockerfile editor does not use
// (autocompletion, bracket closing, code folding): a smaller bundle.
const setup = [
  lineNumbers(),
  highlightActiveLineGutter(),
  highlightSpecialChars(),
  history(),
  drawSelection(),
  dropCursor(),
  EditorState.allowMultipleSelections.of(true),
  indentOnInput(),
  bracketMatching(),
  rectangularSelection(),
  crosshairCursor(),
  highlightActiveLine(),
  highlightSelectionMatches(),
  keymap.of([...defaultKeymap, ...searchKeymap, ...historyKeymap, ...lintKeymap]),
];

/** The extensions every Dockerfile editor has (the merge view reuses them). */
export function dockerfileExtensions() {
  return [
    setup,
    dockerfile,
    syntaxHighlighting(classHighlighter),
    EditorView.lineWrapping,
  ];
}

// CodeMirror's lint severities; our `style` is its `hint`.
const SEVERITY = { error: "error", warning: "warning", info: "info", style: "hint" };

function ruleLink(code) {
  const a = document.createElement("a");
  a.href = "#rule/" + encodeURIComponent(code);
  a.textContent = code;
  a.className = "cm-rule-link";
  return a;
}

function toCodeMirror(d, length) {
  const from = Math.max(0, Math.min(d.from, length));
  const to = Math.max(from, Math.min(d.to, length));
  return {
    from,
    to,
    severity: SEVERITY[d.severity] || "info",
    source: d.code,
    message: d.message,
    markClass: "cm-dd-" + (d.severity || "info"),
    renderMessage() {
      const span = document.createElement("span");
      span.className = "cm-dd-message";
      span.append(ruleLink(d.code), document.createTextNode(": " + d.message));
      return span;
    },
  };
}

let mainView = null;

/**
 * Make an editor in `parent` holding `text`; `onChange()` is called after
 * every change of the document (read the text with `getText` when it is
 * needed: a large document is not copied on every keystroke). Options:
 * `{ label, readOnly, main }` (`main`: the page's editor, see `mainText`).
 */
function create(parent, text, onChange, options = {}) {
  const readOnly = new Compartment();
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        dockerfileExtensions(),
        keymap.of([indentWithTab]),
        lintGutter(),
        buildHighlight,
        readOnly.of(EditorState.readOnly.of(!!options.readOnly)),
        EditorView.contentAttributes.of({
          "aria-label": options.label || "Dockerfile",
        }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && onChange) onChange();
        }),
      ],
    }),
  });
  if (options.main) mainView = view;
  return view;
}

/** The main editor's text (the panic hook saves it). */
function mainText() {
  return mainView ? mainView.state.doc.toString() : null;
}

function getText(view) {
  return view.state.doc.toString();
}

/** Replace the whole text (one undoable change). */
function setText(view, text) {
  if (getText(view) === text) return;
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

/**
 * Insert `text` at UTF-16 offset `at` (undoable), and put the cursor
 * `cursor` code units into it (default: after it).
 */
function insertAt(view, at, text, cursor) {
  const pos = Math.max(0, Math.min(at, view.state.doc.length));
  const into = cursor === undefined ? text.length : Math.max(0, Math.min(cursor, text.length));
  view.dispatch({
    changes: { from: pos, insert: text },
    selection: { anchor: pos + into },
    scrollIntoView: true,
  });
  view.focus();
}

/**
 * Show findings: an array of `{from, to, severity, code, message}` with
 * UTF-16 offsets into the current text.
 */
function setFindings(view, findings) {
  const length = view.state.doc.length;
  view.dispatch(setDiagnostics(view.state, findings.map((d) => toCodeMirror(d, length))));
}

/** Select UTF-16 range `from..to`, scroll to it and focus the editor. */
function reveal(view, from, to) {
  const length = view.state.doc.length;
  const anchor = Math.max(0, Math.min(from, length));
  const head = Math.max(anchor, Math.min(to, length));
  view.dispatch({ selection: { anchor, head }, scrollIntoView: true });
  view.focus();
}

// The Build view's row highlight: whole lines, set and cleared from Rust.
const setBuildLines = StateEffect.define();
const buildLine = Decoration.line({ class: "cm-dd-build-line" });
const buildHighlight = StateField.define({
  create: () => Decoration.none,
  update(lines, tr) {
    lines = lines.map(tr.changes);
    for (const e of tr.effects) {
      if (!e.is(setBuildLines)) continue;
      if (!e.value) return Decoration.none;
      const doc = tr.state.doc;
      const first = Math.max(1, Math.min(e.value.from, doc.lines));
      const last = Math.max(first, Math.min(e.value.to, doc.lines));
      const marks = [];
      for (let n = first; n <= last; n++) marks.push(buildLine.range(doc.line(n).from));
      lines = Decoration.set(marks);
    }
    return lines;
  },
  provide: (f) => EditorView.decorations.from(f),
});

/**
 * Highlight 1-based lines `from..=to` (clamped to the document); with
 * `scroll`, bring them into view. `clearLines` removes the highlight.
 */
function highlightLines(view, from, to, scroll) {
  const effects = [setBuildLines.of({ from, to })];
  if (scroll) {
    const doc = view.state.doc;
    const line = doc.line(Math.max(1, Math.min(from, doc.lines)));
    effects.push(EditorView.scrollIntoView(line.from, { y: "center" }));
  }
  view.dispatch({ effects });
}

function clearLines(view) {
  view.dispatch({ effects: setBuildLines.of(null) });
}

function destroy(view) {
  view.destroy();
}

let mergeModule = null;

/**
 * Show `original` and `rewritten` side by side in `parent` (replacing what
 * it held). The merge view is loaded on first use. Returns a promise of a
 * handle to pass to `destroyMerge`.
 */
async function showMerge(parent, original, rewritten) {
  if (!mergeModule) mergeModule = import("./merge.js");
  const { createMerge } = await mergeModule;
  return createMerge(parent, original, rewritten, dockerfileExtensions());
}

function destroyMerge(handle) {
  if (handle) handle.destroy();
}

window.drydockEditor = {
  create,
  getText,
  mainText,
  setText,
  insertAt,
  setFindings,
  reveal,
  highlightLines,
  clearLines,
  destroy,
  showMerge,
  destroyMerge,
};
window.dispatchEvent(new Event("drydock-editor-ready"));

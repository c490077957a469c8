// The editor bridge: CodeMirror 6 behind a tiny API that the Rust app calls
// through wasm-bindgen (`window.drydockEditor`). Everything the user typed is
// handled as text: messages are put into the page with `textContent`, never
// as HTML.
import { EditorState, Compartment, StateEffect, StateField } from "@codemirror/state";
import {
  EditorView, Decoration, keymap, lineNumbers, highlightActiveLineGutter, highlightSpecialChars,
  drawSelection, dropCursor, rectangularSelection, crosshairCursor, highlightActiveLine,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, isolateHistory } from "@codemirror/commands";
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
  keymap.of([...defaultKeymap, ...historyKeymap, ...lintKeymap]),
];

// Search (Ctrl+F, F3, Ctrl+D, go to line, the selection's other matches
// highlighted) is loaded when an editor is first focused or one of its keys
// pressed, not with the page: @codemirror/search is 20 KB of the first
// visit's JavaScript. Until then its keys load it and then run.
const search = new Compartment();
let searchModule = null;
let searchLoading = null;
function loadSearch() {
  if (!searchLoading) {
    searchLoading = import("@codemirror/search").then((m) => {
      searchModule = m;
      return m;
    });
  }
  return searchLoading;
}
const searchExtensions = (m) => [m.highlightSelectionMatches(), keymap.of(m.searchKeymap)];
function withSearch(view, then) {
  loadSearch().then((m) => {
    if (search.get(view.state) === lazySearch) view.dispatch({ effects: search.reconfigure(searchExtensions(m)) });
    if (then) then(m);
  });
}
const SEARCH_KEYS = {
  "Mod-f": "openSearchPanel",
  F3: "findNext",
  "Mod-g": "findNext",
  "Shift-F3": "findPrevious",
  "Shift-Mod-g": "findPrevious",
  "Mod-Shift-l": "selectSelectionMatches",
  "Mod-Alt-g": "gotoLine",
  "Mod-d": "selectNextOccurrence",
};
const lazySearch = [
  keymap.of(Object.entries(SEARCH_KEYS).map(([key, command]) => ({
    key,
    run(view) {
      withSearch(view, (m) => m[command](view));
      return true;
    },
  }))),
  EditorView.domEventHandlers({
    focus(event, view) {
      withSearch(view);
      return false;
    },
  }),
];

/** The extensions every Dockerfile editor has (the merge view reuses them). */
export function dockerfileExtensions() {
  return [
    setup,
    search.of(searchModule ? searchExtensions(searchModule) : lazySearch),
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

// A finding is underlined on what it is about: its first line (a 23-line
// RUN is not underlined 23 times). Its whole span is highlighted while the
// pointer is over the underline (spanHover below).
function toCodeMirror(d, doc) {
  const length = doc.length;
  const from = Math.max(0, Math.min(d.from, length));
  const end = Math.max(from, Math.min(d.to, length));
  const firstLine = doc.lineAt(from);
  let mark = { from, to: end > firstLine.to ? Math.max(from, firstLine.to) : end };
  // The exact place inside the span (ShellCheck's codes on a long RUN),
  // when the finding has one: underline that, the span still on hover.
  if (Array.isArray(d.exact) && d.exact.length === 2) {
    const exactFrom = Math.max(from, Math.min(d.exact[0], end));
    const exactTo = Math.max(exactFrom, Math.min(d.exact[1], end));
    if (exactTo > exactFrom) mark = { from: exactFrom, to: exactTo };
  }
  return {
    span: { from, to: end },
    from: mark.from,
    to: mark.to,
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

// The whole span of the finding under the pointer, as line backgrounds.
const setSpan = StateEffect.define();
const spanLine = Decoration.line({ class: "cm-dd-span-line" });
const spanField = StateField.define({
  create: () => Decoration.none,
  update(lines, tr) {
    lines = lines.map(tr.changes);
    for (const e of tr.effects) {
      if (!e.is(setSpan)) continue;
      if (!e.value) return Decoration.none;
      const doc = tr.state.doc;
      const first = doc.lineAt(Math.min(e.value.from, doc.length)).number;
      const last = doc.lineAt(Math.min(e.value.to, doc.length)).number;
      const marks = [];
      for (let n = first; n <= last; n++) marks.push(spanLine.range(doc.line(n).from));
      lines = Decoration.set(marks);
    }
    return lines;
  },
  provide: (f) => EditorView.decorations.from(f),
});
const spans = new WeakMap();
// Per view: the text and the findings last marked in it (setFindings).
const shown = new WeakMap();
let shownSpan = null;
const spanHover = EditorView.domEventHandlers({
  mousemove(event, view) {
    const pos = view.posAtCoords({ x: event.clientX, y: event.clientY });
    const list = spans.get(view) || [];
    const hit = pos === null ? null : list.find((d) => d.from <= pos && pos <= d.to && d.span.to > d.to);
    const key = hit ? hit.span.from + ":" + hit.span.to : null;
    if (key === shownSpan) return false;
    shownSpan = key;
    view.dispatch({ effects: setSpan.of(hit ? hit.span : null) });
    return false;
  },
  mouseleave(event, view) {
    if (shownSpan !== null) {
      shownSpan = null;
      view.dispatch({ effects: setSpan.of(null) });
    }
    return false;
  },
});

/**
 * Make an editor in `parent` holding `text`; `onChange()` is called after
 * every change of the document (read the text with `getText` when it is
 * needed: a large document is not copied on every keystroke). Options:
 * `{ label, readOnly, main, findings }` (`main`: the page's editor, see
 * `mainText`; `findings`: marked from the start, as `setFindings` takes them).
 */
function create(parent, text, onChange, options = {}) {
  const readOnly = new Compartment();
  let state = EditorState.create({
    doc: text,
    extensions: [
      dockerfileExtensions(),
      // No Tab binding: Tab leaves the editor (WCAG 2.1.2); Mod-] and
      // Mod-[ indent (defaultKeymap), as the hint under the editor says.
      lintGutter(),
      buildHighlight,
      spanField,
      spanHover,
      readOnly.of([EditorState.readOnly.of(!!options.readOnly), EditorView.editable.of(!options.readOnly)]),
      EditorView.contentAttributes.of({
        "aria-label": options.label || "Dockerfile",
        ...(options.describedBy ? { "aria-describedby": options.describedBy } : {}),
        // A read-only editor still scrolls from the keyboard.
        ...(options.readOnly ? { tabindex: "0" } : {}),
      }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged && onChange) onChange();
      }),
    ],
  });
  // The findings the page already has go into the first state: marking
  // them after the view is made would update (and lay out) the whole
  // editor once more while the page loads.
  let list = null;
  if (Array.isArray(options.findings)) {
    list = options.findings.map((d) => toCodeMirror(d, state.doc));
    state = state.update(setDiagnostics(state, list)).state;
  }
  const view = new EditorView({ parent, state });
  if (list) {
    spans.set(view, list);
    shown.set(view, { doc: view.state.doc, key: JSON.stringify(options.findings) });
  }
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
 * Apply `edits` (`[{from, to, insert}]`, UTF-16 offsets into the current
 * text, sorted, not overlapping) as one undo step; the cursor and
 * the selection follow the text around them.
 */
function applyEdits(view, edits) {
  const length = view.state.doc.length;
  const changes = edits
    .filter((e) => e.from <= e.to && e.to <= length)
    .map((e) => ({ from: e.from, to: e.to, insert: e.insert }));
  // Its own undo step, never merged with the typing just before it.
  if (changes.length) {
    view.dispatch({ changes, annotations: isolateHistory.of("full"), userEvent: "input.format" });
  }
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
  // The same findings of the same text are shown already (given to
  // `create`, or set last time): nothing to redraw.
  const key = JSON.stringify(findings);
  const last = shown.get(view);
  if (last && last.doc === view.state.doc && last.key === key) return;
  shown.set(view, { doc: view.state.doc, key });
  const list = findings.map((d) => toCodeMirror(d, view.state.doc));
  spans.set(view, list);
  view.dispatch(setDiagnostics(view.state, list));
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
 * it held), or as one column with the removed lines inline (`unified`, and
 * always where two columns would be too narrow). The merge view is loaded on first use. Returns a promise of a
 * handle to pass to `destroyMerge`.
 */
async function showMerge(parent, original, rewritten, unified) {
  if (!mergeModule) mergeModule = import("./merge.js");
  const { createMerge } = await mergeModule;
  return createMerge(parent, original, rewritten, dockerfileExtensions(), !!unified);
}

function destroyMerge(handle) {
  if (handle) handle.destroy();
}

window.drydockEditor = {
  create,
  getText,
  mainText,
  setText,
  applyEdits,
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

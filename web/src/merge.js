// The rewrite beside the original, loaded only when first shown. Wide
// enough: two columns (MergeView). On a phone: one column, the rewritten
// text with the removed lines shown inline (unifiedMergeView).
import { EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { MergeView, unifiedMergeView } from "@codemirror/merge";

/** Below this width (CSS pixels) the two columns are too narrow to read. */
const TWO_COLUMNS = 480;

// Read-only, and still reachable with Tab so the keyboard can scroll it.
const readOnly = (label) => [
  EditorState.readOnly.of(true),
  EditorView.editable.of(false),
  EditorView.contentAttributes.of({ "aria-label": label, tabindex: "0" }),
];

export function createMerge(parent, original, rewritten, extensions, unified = false) {
  parent.replaceChildren();
  if (unified || (parent.clientWidth && parent.clientWidth < TWO_COLUMNS)) {
    const view = new EditorView({
      parent,
      state: EditorState.create({
        doc: rewritten,
        extensions: [
          extensions,
          readOnly("Rewritten Dockerfile, with the removed lines shown"),
          unifiedMergeView({ original, mergeControls: false, gutter: true, highlightChanges: true }),
        ],
      }),
    });
    // The stable test hook: its lines (.cm-line) are the rewritten text;
    // the removed lines are widgets between them.
    view.contentDOM.setAttribute("data-testid", "rewrite");
    return view;
  }
  const side = (doc, label) => ({ doc, extensions: [extensions, readOnly(label)] });
  const view = new MergeView({
    parent,
    a: side(original, "Original Dockerfile"),
    b: side(rewritten, "Rewritten Dockerfile"),
    gutter: true,
    highlightChanges: true,
  });
  // A stable hook for the tests: the rewritten side.
  view.b.contentDOM.setAttribute("data-testid", "rewrite");
  return view;
}

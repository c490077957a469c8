// The side-by-side view of the rewrite, loaded only when first shown.
import { EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { MergeView } from "@codemirror/merge";

export function createMerge(parent, original, rewritten, extensions) {
  parent.replaceChildren();
  const side = (doc, label) => ({
    doc,
    extensions: [
      extensions,
      EditorState.readOnly.of(true),
      EditorView.editable.of(false),
      EditorView.contentAttributes.of({ "aria-label": label }),
    ],
  });
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

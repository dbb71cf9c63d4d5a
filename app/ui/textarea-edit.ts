import {
  applyTextEdit,
  type TextEdit,
  type TextSelection,
} from "~/domain/markdown-edits";

/** The textarea with this id, or null when the page has none (the component then does nothing). */
export function textareaById(id: string): HTMLTextAreaElement | null {
  const element = document.getElementById(id);
  return element instanceof HTMLTextAreaElement ? element : null;
}

/**
 * Applies an edit (app/domain/markdown-edits.ts) to a textarea as if it had been typed: through
 * the browser's own insertion, so Undo takes it back, and with an `input` event, so the form's
 * own code (React's onChange, the live preview) sees the new text. Where the browser cannot
 * insert that way, the text is replaced and the event sent by hand.
 */
export function editTextarea(
  textarea: HTMLTextAreaElement,
  makeEdit: (selection: TextSelection) => TextEdit,
): void {
  const selection = {
    text: textarea.value,
    start: textarea.selectionStart,
    end: textarea.selectionEnd,
  };
  const edit = makeEdit(selection);
  const expected = applyTextEdit(selection.text, edit).text;
  textarea.focus();
  textarea.setSelectionRange(edit.from, edit.to);
  let inserted = edit.from === edit.to && edit.insert === "";
  if (!inserted)
    try {
      // Deprecated but still the only way to edit a textarea that keeps the undo history.
      inserted =
        edit.insert === ""
          ? document.execCommand("delete")
          : document.execCommand("insertText", false, edit.insert);
    } catch {
      inserted = false;
    }
  if (!inserted || textarea.value !== expected) {
    textarea.setRangeText(expected, 0, textarea.value.length);
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }
  textarea.setSelectionRange(edit.selectionStart, edit.selectionEnd);
}

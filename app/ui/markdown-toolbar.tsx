import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { markdownEdit, type MarkdownAction } from "~/domain/markdown-edits";
import { editTextarea, textareaById } from "./textarea-edit";

type ToolbarButton = {
  action: MarkdownAction;
  label: string;
  /** Ctrl (⌘ on a Mac) with this key does the same in the textarea. */
  key?: "b" | "i";
};

const BUTTONS: readonly ToolbarButton[] = [
  { action: "bold", label: "Bold", key: "b" },
  { action: "italic", label: "Italic", key: "i" },
  { action: "heading", label: "Heading" },
  { action: "link", label: "Link" },
  { action: "bulletedList", label: "Bulleted list" },
  { action: "numberedList", label: "Numbered list" },
  { action: "quote", label: "Quote" },
];

/**
 * Buttons for the common Markdown marks, for the textarea whose id is `target`: each wraps or
 * marks the selection (or the lines it touches), and pressed again takes the mark off
 * (app/domain/markdown-edits.ts). The edit is made as typing is, so Undo takes it back and the
 * form sees an `input` event.
 *
 * Keyboard: one Tab stop; the arrow keys, Home and End move between the buttons (the ARIA
 * toolbar pattern); Enter or Space presses one. In the textarea, Ctrl+B and Ctrl+I (⌘ on a Mac)
 * make bold and italic.
 *
 * Without JavaScript there is nothing to click, so it draws nothing until the page has hydrated.
 * Mount it just above the textarea: `<MarkdownToolbar target="post-body" />`.
 */
export function MarkdownToolbar({
  target,
  label = "Formatting",
}: {
  target: string;
  /** The toolbar's accessible name. */
  label?: string;
}) {
  const [hydrated, setHydrated] = useState(false);
  const [current, setCurrent] = useState(0);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  useEffect(() => setHydrated(true), []);

  useEffect(() => {
    if (!hydrated) return;
    const textarea = textareaById(target);
    if (!textarea) return;
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey)
        return;
      const button = BUTTONS.find(
        (candidate) => candidate.key === event.key.toLowerCase(),
      );
      if (!button) return;
      event.preventDefault();
      editTextarea(textarea, (selection) =>
        markdownEdit(button.action, selection),
      );
    };
    textarea.addEventListener("keydown", onKeyDown);
    return () => textarea.removeEventListener("keydown", onKeyDown);
  }, [hydrated, target]);

  if (!hydrated) return null;

  const apply = (action: MarkdownAction) => {
    const textarea = textareaById(target);
    if (textarea)
      editTextarea(textarea, (selection) => markdownEdit(action, selection));
  };

  const move = (event: KeyboardEvent<HTMLDivElement>) => {
    const last = BUTTONS.length - 1;
    const next =
      event.key === "ArrowRight"
        ? current === last
          ? 0
          : current + 1
        : event.key === "ArrowLeft"
          ? current === 0
            ? last
            : current - 1
          : event.key === "Home"
            ? 0
            : event.key === "End"
              ? last
              : null;
    if (next === null) return;
    event.preventDefault();
    setCurrent(next);
    buttons.current[next]?.focus();
  };

  return (
    <div
      role="toolbar"
      aria-label={label}
      aria-controls={target}
      className="markdown-toolbar"
      onKeyDown={move}
    >
      {BUTTONS.map((button, index) => (
        <button
          key={button.action}
          ref={(element) => {
            buttons.current[index] = element;
          }}
          type="button"
          className="secondary"
          tabIndex={index === current ? 0 : -1}
          aria-keyshortcuts={
            button.key
              ? `Control+${button.key.toUpperCase()} Meta+${button.key.toUpperCase()}`
              : undefined
          }
          onFocus={() => setCurrent(index)}
          onClick={() => apply(button.action)}
        >
          {button.label}
        </button>
      ))}
    </div>
  );
}

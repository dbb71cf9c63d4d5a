/**
 * The edits the writing desk's toolbar and image upload make to a post's Markdown: each takes the
 * text and what is selected in it, and says which part to replace with what, and what to select
 * afterwards. Pure, so the browser code only applies them.
 */

/** A textarea's text and selection (start = end for a cursor). */
export type TextSelection = { text: string; start: number; end: number };

/** Replace text[from, to) with `insert`, then select [selectionStart, selectionEnd). */
export type TextEdit = {
  from: number;
  to: number;
  insert: string;
  selectionStart: number;
  selectionEnd: number;
};

export const MARKDOWN_ACTIONS = [
  "bold",
  "italic",
  "heading",
  "link",
  "bulletedList",
  "numberedList",
  "quote",
] as const;
export type MarkdownAction = (typeof MARKDOWN_ACTIONS)[number];

/** The result of an edit, as the textarea will hold it. */
export function applyTextEdit(text: string, edit: TextEdit): TextSelection {
  return {
    text: text.slice(0, edit.from) + edit.insert + text.slice(edit.to),
    start: edit.selectionStart,
    end: edit.selectionEnd,
  };
}

/**
 * Wraps the selection in `marker` (`**` for bold), or takes the marker away when the selection
 * already has it, inside or just around it. Spaces at the selection's edges stay outside
 * (`** word**` is not bold). With nothing selected, a placeholder is inserted and selected, for
 * typing over.
 */
function toggleWrap(
  { text, start, end }: TextSelection,
  marker: string,
  placeholder: string,
): TextEdit {
  const selected = text.slice(start, end);
  const size = marker.length;
  if (
    selected.length >= 2 * size &&
    selected.startsWith(marker) &&
    selected.endsWith(marker)
  ) {
    const inner = selected.slice(size, selected.length - size);
    return {
      from: start,
      to: end,
      insert: inner,
      selectionStart: start,
      selectionEnd: start + inner.length,
    };
  }
  if (
    start >= size &&
    text.slice(start - size, start) === marker &&
    text.slice(end, end + size) === marker
  ) {
    return {
      from: start - size,
      to: end + size,
      insert: selected,
      selectionStart: start - size,
      selectionEnd: end - size,
    };
  }
  const leading = /^\s*/.exec(selected)![0].length;
  const trailing = /\s*$/.exec(selected.slice(leading))![0].length;
  const words = selected.slice(leading, selected.length - trailing);
  const inner = words === "" ? placeholder : words;
  const from = start + leading;
  return {
    from,
    to: from + words.length,
    insert: marker + inner + marker,
    selectionStart: from + size,
    selectionEnd: from + size + inner.length,
  };
}

/** The whole lines the selection touches: [lineStart, lineEnd), without the last newline. */
function selectedLines({ text, start, end }: TextSelection): {
  from: number;
  to: number;
} {
  const from = text.lastIndexOf("\n", start - 1) + 1;
  // A selection that ends at the start of a line (a triple-click does) leaves that line out.
  const last = end > start && text[end - 1] === "\n" ? end - 1 : end;
  const next = text.indexOf("\n", last);
  return { from, to: next === -1 ? text.length : next };
}

type LineMark = {
  /** What a marked line starts with. */
  pattern: RegExp;
  /** The mark for the n-th (from 0) non-empty line. */
  mark: (index: number) => string;
};

const LINE_MARKS: Record<
  "heading" | "bulletedList" | "numberedList" | "quote",
  LineMark
> = {
  heading: { pattern: /^#{1,6}[ \t]+/, mark: () => "## " },
  bulletedList: { pattern: /^[-*+][ \t]+/, mark: () => "- " },
  numberedList: { pattern: /^\d{1,9}[.)][ \t]+/, mark: (n) => `${n + 1}. ` },
  quote: { pattern: /^>[ \t]?/, mark: () => "> " },
};

/**
 * Marks every line the selection touches (a heading, list items, a quote), or unmarks them when
 * each non-empty one is marked already. A numbered list is numbered from 1. With a cursor, it
 * stays where it was in the line; with a selection, the lines changed are selected.
 */
function toggleLines(selection: TextSelection, { pattern, mark }: LineMark) {
  const { from, to } = selectedLines(selection);
  const lines = selection.text.slice(from, to).split("\n");
  const filled = lines.filter((line) => line.trim() !== "");
  const unmark =
    filled.length > 0 && filled.every((line) => pattern.test(line));
  let index = 0;
  const changed = lines.map((line) => {
    if (unmark) return line.replace(pattern, "");
    if (line.trim() === "" && filled.length > 0) return line;
    return mark(index++) + line;
  });
  const insert = changed.join("\n");
  if (selection.start === selection.end) {
    const firstLine = lines[0]!;
    const shift = changed[0]!.length - firstLine.length;
    const cursor = Math.max(from, selection.start + shift);
    return { from, to, insert, selectionStart: cursor, selectionEnd: cursor };
  }
  return {
    from,
    to,
    insert,
    selectionStart: from,
    selectionEnd: from + insert.length,
  };
}

const WEB_ADDRESS = /^(?:https?:\/\/|mailto:)\S+$/i;
const LINK_TEXT = "link text";
const LINK_ADDRESS = "https://";

/**
 * Makes the selection a link. Selected words become its text and the address placeholder is
 * selected, for typing the address; a selected address becomes its target and the text
 * placeholder is selected; with nothing selected, both are inserted and the text selected.
 */
function link({ text, start, end }: TextSelection): TextEdit {
  const selected = text.slice(start, end).trim();
  if (WEB_ADDRESS.test(selected)) {
    return {
      from: start,
      to: end,
      insert: `[${LINK_TEXT}](${selected})`,
      selectionStart: start + 1,
      selectionEnd: start + 1 + LINK_TEXT.length,
    };
  }
  if (selected === "") {
    return {
      from: start,
      to: end,
      insert: `[${LINK_TEXT}](${LINK_ADDRESS})`,
      selectionStart: start + 1,
      selectionEnd: start + 1 + LINK_TEXT.length,
    };
  }
  const words = selected.replace(/\s+/g, " ");
  const address = start + words.length + 3;
  return {
    from: start,
    to: end,
    insert: `[${words}](${LINK_ADDRESS})`,
    selectionStart: address,
    selectionEnd: address + LINK_ADDRESS.length,
  };
}

/** The edit a toolbar button makes. */
export function markdownEdit(
  action: MarkdownAction,
  selection: TextSelection,
): TextEdit {
  switch (action) {
    case "bold":
      return toggleWrap(selection, "**", "bold text");
    case "italic":
      // Underscores, so that italic and bold (`**`) can each be told apart and taken off again.
      return toggleWrap(selection, "_", "italic text");
    case "link":
      return link(selection);
    default:
      return toggleLines(selection, LINE_MARKS[action]);
  }
}

/**
 * Puts a block (an image's Markdown) in place of the selection, as a paragraph of its own:
 * blank lines are added before and after where the text around it needs them. The cursor ends
 * after the block.
 */
export function insertBlock(
  { text, start, end }: TextSelection,
  block: string,
): TextEdit {
  const before = text.slice(0, start);
  const after = text.slice(end);
  const opening =
    before === "" || before.endsWith("\n\n")
      ? ""
      : before.endsWith("\n")
        ? "\n"
        : "\n\n";
  const closing =
    after === ""
      ? "\n"
      : after.startsWith("\n\n")
        ? ""
        : after.startsWith("\n")
          ? "\n"
          : "\n\n";
  const insert = opening + block + closing;
  const cursor = start + insert.length;
  return {
    from: start,
    to: end,
    insert,
    selectionStart: cursor,
    selectionEnd: cursor,
  };
}

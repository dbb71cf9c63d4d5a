import { describe, expect, it } from "vitest";
import {
  applyTextEdit,
  insertBlock,
  markdownEdit,
  type MarkdownAction,
  type TextSelection,
} from "~/domain/markdown-edits";

// A textarea written as one string: « and » mark the selection, «» alone the cursor.
function parse(marked: string): TextSelection {
  const start = marked.indexOf("«");
  const end = marked.indexOf("»") - 1;
  return { text: marked.replace("«", "").replace("»", ""), start, end };
}

function show({ text, start, end }: TextSelection): string {
  return (
    text.slice(0, start) + "«" + text.slice(start, end) + "»" + text.slice(end)
  );
}

const after = (action: MarkdownAction, marked: string) => {
  const selection = parse(marked);
  return show(applyTextEdit(selection.text, markdownEdit(action, selection)));
};

describe("bold and italic", () => {
  it.each([
    ["bold", "Lock «your shed» tonight", "Lock **«your shed»** tonight"],
    ["bold", "Lock «»", "Lock **«bold text»**"],
    ["bold", "Lock «your shed »tonight", "Lock **«your shed»** tonight"],
    ["bold", "Lock « your shed» tonight", "Lock  **«your shed»** tonight"],
    // Pressed again, it comes off: selected with its marks, or inside them.
    ["bold", "Lock «**your shed**» tonight", "Lock «your shed» tonight"],
    ["bold", "Lock **«your shed»** tonight", "Lock «your shed» tonight"],
    ["italic", "a «quiet» street", "a _«quiet»_ street"],
    ["italic", "a _«quiet»_ street", "a «quiet» street"],
    ["italic", "«»", "_«italic text»_"],
    // Italic on bold words wraps them; it does not take the bold off.
    ["italic", "a «**loud**» street", "a _«**loud**»_ street"],
  ] as const)("%s: %j → %j", (action, before, expected) => {
    expect(after(action, before)).toBe(expected);
  });
});

describe("headings, lists and quotes mark whole lines", () => {
  it.each([
    ["heading", "Meeting «»notes", "## Meeting «»notes"],
    ["heading", "## Meeting «»notes", "Meeting «»notes"],
    ["heading", "### Small «»heading", "Small «»heading"],
    ["heading", "intro\nMee«ting»\nmore", "intro\n«## Meeting»\nmore"],
    ["bulletedList", "«bikes\nsheds\ncars»", "«- bikes\n- sheds\n- cars»"],
    ["bulletedList", "«- bikes\n- sheds»", "«bikes\nsheds»"],
    ["bulletedList", "«»", "- «»"],
    // A blank line between items stays blank.
    ["bulletedList", "«bikes\n\nsheds»", "«- bikes\n\n- sheds»"],
    [
      "numberedList",
      "«lock\nmark\nregister»",
      "«1. lock\n2. mark\n3. register»",
    ],
    ["numberedList", "«1. lock\n2. mark»", "«lock\nmark»"],
    ["numberedList", "first\n«»", "first\n1. «»"],
    ["quote", "The PCSO said «it»", "«> The PCSO said it»"],
    ["quote", "«> one\n>two»", "«one\ntwo»"],
    // A mixed selection is marked, not unmarked: not every line has the mark yet.
    ["quote", "«> one\ntwo»", "«> > one\n> two»"],
    // A selection ending at the start of the next line (a triple-click) leaves that line alone.
    ["bulletedList", "«one\n»two", "«- one»\ntwo"],
  ] as const)("%s: %j → %j", (action, before, expected) => {
    expect(after(action, before)).toBe(expected);
  });
});

describe("links", () => {
  it.each([
    ["Read «the guide» first", "Read [the guide](«https://») first"],
    [
      "See «https://example.org/kits»",
      "See [«link text»](https://example.org/kits)",
    ],
    ["See «»", "See [«link text»](https://)"],
    ["Read «the\nguide»", "Read [the guide](«https://»)"],
  ])("%j → %j", (before, expected) => {
    expect(after("link", before)).toBe(expected);
  });
});

// An uploaded image goes in where the cursor is, as a paragraph of its own.
describe("insertBlock", () => {
  const IMAGE = "![A lock](images/lock-0123456789ab.jpg)";
  it.each([
    ["«»", `${IMAGE}\n«»`],
    ["Intro.«»", `Intro.\n\n${IMAGE}\n«»`],
    ["Intro.\n«»", `Intro.\n\n${IMAGE}\n«»`],
    ["Intro.\n\n«»More.", `Intro.\n\n${IMAGE}\n\n«»More.`],
    ["Intro.«»\n\nMore.", `Intro.\n\n${IMAGE}«»\n\nMore.`],
    ["Intro.«»\nMore.", `Intro.\n\n${IMAGE}\n«»\nMore.`],
    ["Intro. «old words» more.", `Intro. \n\n${IMAGE}\n\n«» more.`],
  ])("%j → %j", (before, expected) => {
    const selection = parse(before);
    expect(
      show(applyTextEdit(selection.text, insertBlock(selection, IMAGE))),
    ).toBe(expected);
  });
});

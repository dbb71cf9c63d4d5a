import { describe, expect, it } from "vitest";
import {
  fieldsOfSource,
  normaliseBody,
  writePostSource,
  type PostFields,
} from "~/domain/post-file";
import { parsePostSource } from "~/domain/post-source";

const base: PostFields = {
  slug: "shed-security",
  title: "Keeping your shed locked",
  date: "2026-12-03",
  time: null,
  author: "Margaret Okafor",
  summary: "How to keep a shed locked.",
  tags: ["home security"],
  area: "South Vale",
  comments: "open",
  draft: false,
  body: "## Locks\n\nUse a padlock.\n",
};

/** Written, then read back as the sync reads it. */
function roundTrip(fields: PostFields, file = `posts/${fields.slug}.md`) {
  const text = writePostSource(fields, file);
  const parsed = parsePostSource(file, text);
  if (!parsed.ok) {
    throw new Error(
      `line ${parsed.problem.line}: ${parsed.problem.message}\n${text}`,
    );
  }
  return { text, fields: fieldsOfSource(parsed.post) };
}

describe("writePostSource: what is written parses back to the same post", () => {
  it.each<[string, Partial<PostFields>]>([
    ["plain fields", {}],
    ["a title with double quotes", { title: 'The "Ring" doorbell scam' }],
    ["a title with single quotes", { title: "It's our street's turn" }],
    ["a title with a colon", { title: "Doorstep scams: what to say" }],
    ["a title with a hash", { title: "Meeting #4 # notes" }],
    ["a title starting with a hash", { title: "#1 tip: lock the shed" }],
    ["a title with leading dashes", { title: "--- not a fence" }],
    ["a title starting with a dash and space", { title: "- a list item?" }],
    ["a title that looks like a number", { title: "1984" }],
    ["a title that looks like true", { title: "true" }],
    ["a title that looks like null", { title: "null" }],
    ["a title with brackets and braces", { title: "[Update] {draft}" }],
    ["a title starting with @ or `", { title: "@home `safely`" }],
    ["a non-ASCII title", { title: "Zoë's café: Ærø → Łódź, 東京 🚲" }],
    ["an author with a colon", { author: "PCSO Jones: North Vale" }],
    ["an empty summary", { summary: "" }],
    ["a summary with quotes and colons", { summary: 'Say "no": always.' }],
    ["no tags", { tags: [] }],
    ["tags with spaces", { tags: ["street lighting", "bike marking"] }],
    ["tags with commas and brackets", { tags: ["a, b", "[x]", "#hash"] }],
    ["non-ASCII tags", { tags: ["vélo", "sécurité"] }],
    ["no area", { area: null }],
    ["an area with a colon", { area: "Ward: North" }],
    ["a draft", { draft: true }],
    ["a future date and time", { date: "2031-02-28", time: "09:05" }],
    ["midnight", { time: "00:00" }],
    ["a time just before midnight", { time: "23:59" }],
    ["comments closed", { comments: "closed" }],
    ["comments for members", { comments: "members" }],
    ["an empty body", { body: "" }],
    ["a body with a front matter fence", { body: "Above\n\n---\n\nBelow\n" }],
    ["a body starting with a heading", { body: "# Heading\n\ntext\n" }],
  ])("%s", (_name, change) => {
    const fields = { ...base, ...change };
    expect(roundTrip(fields).fields).toEqual({
      ...fields,
      body: normaliseBody(fields.body),
    });
  });

  it("writes the fields in a stable order, quoting only where needed", () => {
    const text = writePostSource({
      ...base,
      title: "Doorstep scams: what to say",
      time: "09:30",
      tags: ["scams", "home security"],
      draft: true,
    });
    expect(text).toBe(
      [
        "---",
        'title: "Doorstep scams: what to say"',
        "date: 2026-12-03",
        "time: 09:30",
        "author: Margaret Okafor",
        "summary: How to keep a shed locked.",
        "tags: [scams, home security]",
        "area: South Vale",
        "comments: open",
        "draft: true",
        "---",
        "",
        "## Locks",
        "",
        "Use a padlock.",
        "",
      ].join("\n"),
    );
  });

  it("leaves defaults out: no time, tags, area or draft line", () => {
    const text = writePostSource({ ...base, tags: [], area: null });
    expect(text).not.toMatch(/^(time|tags|area|draft|slug):/m);
    // Control: the fields that are always written are there.
    expect(text).toMatch(/^comments: open$/m);
    expect(text).toMatch(/^summary: /m);
  });

  it("writes the slug only when the file's name does not give it", () => {
    const kept = writePostSource(base, "posts/shed-security.md");
    expect(kept).not.toMatch(/^slug:/m);
    const { text, fields } = roundTrip(base, "posts/2016-05-sheds.md");
    expect(text).toMatch(/^slug: shed-security$/m);
    expect(fields.slug).toBe("shed-security");
  });

  it("writes the same text for the same fields, and again after a round trip", () => {
    const first = writePostSource({ ...base, title: "A: b # c" });
    const again = writePostSource(
      roundTrip({ ...base, title: "A: b # c" }).fields,
    );
    expect(again).toBe(first);
  });
});

describe("normaliseBody", () => {
  it.each([
    ["\n\nText", "Text\n"],
    ["Text\r\nmore\r\n", "Text\nmore\n"],
    ["Text\n\n\n", "Text\n"],
    ["   \n", ""],
    ["", ""],
    ["  indented code\n", "  indented code\n"],
  ])("%j → %j", (body, expected) => {
    expect(normaliseBody(body)).toBe(expected);
  });
});

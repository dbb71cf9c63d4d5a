import { describe, expect, it } from "vitest";
import { parsePostSource } from "~/domain/post-source";
import { postFile } from "../helpers/temp-site";

describe("parsePostSource", () => {
  it("reads every front matter field and the body", () => {
    const result = parsePostSource(
      "posts/shed-security.md",
      postFile({ comments: "members" }, "## Locks\n\nUse a padlock."),
    );
    expect(result).toEqual({
      ok: true,
      post: {
        slug: "shed-security",
        title: "A post about sheds",
        date: "2026-03-14",
        time: null,
        author: "Margaret Okafor",
        summary: "How to keep a shed locked.",
        tags: ["home security", "burglary"],
        area: "South Vale",
        comments: "members",
        draft: false,
        body: "## Locks\n\nUse a padlock.\n",
        bodyLine: 10,
      },
    });
  });

  it("defaults comments to open, tags to none and area to none", () => {
    const result = parsePostSource(
      "posts/a.md",
      postFile({ tags: undefined, area: undefined }),
    );
    expect(result.ok && result.post).toMatchObject({
      comments: "open",
      tags: [],
      area: null,
    });
  });

  it("reads tags written without brackets as a list, split at the commas", () => {
    const result = parsePostSource(
      "posts/a.md",
      postFile({ tags: "street lighting, area update," }),
    );
    expect(result.ok && result.post.tags).toEqual([
      "street lighting",
      "area update",
    ]);
  });

  it("accepts a single tag written as text and drops repeated tags", () => {
    const single = parsePostSource("posts/a.md", postFile({ tags: "bikes" }));
    expect(single.ok && single.post.tags).toEqual(["bikes"]);
    const repeated = parsePostSource(
      "posts/a.md",
      postFile({ tags: "[bikes, bikes ]" }),
    );
    expect(repeated.ok && repeated.post.tags).toEqual(["bikes"]);
  });

  it("takes the slug from the file name, or from a slug field", () => {
    const fromName = parsePostSource("posts/Bike Marking_Day.md", postFile());
    expect(fromName.ok && fromName.post.slug).toBe("bike-marking-day");
    const fromField = parsePostSource(
      "posts/x.md",
      postFile({ slug: "kept-url" }),
    );
    expect(fromField.ok && fromField.post.slug).toBe("kept-url");
  });

  it.each([
    ["true", true],
    ["false", false],
    [undefined, false],
  ])("reads draft: %s as %s", (value, draft) => {
    const result = parsePostSource("posts/a.md", postFile({ draft: value }));
    expect(result.ok && result.post.draft).toBe(draft);
  });

  it("reads a time of day, and an empty summary as empty", () => {
    const result = parsePostSource(
      "posts/a.md",
      postFile({ time: "09:30", summary: '""' }),
    );
    expect(result.ok && result.post).toMatchObject({
      time: "09:30",
      summary: "",
    });
    // Control: without a time field, the post has none.
    const plain = parsePostSource("posts/a.md", postFile());
    expect(plain.ok && plain.post.time).toBeNull();
  });

  it("reads a numeric title as text", () => {
    const result = parsePostSource("posts/a.md", postFile({ title: "1984" }));
    expect(result.ok && result.post.title).toBe("1984");
  });

  // Each malformed case names the file, the line an author should look at, and the problem.
  it.each([
    [
      "no front matter",
      "# Just a heading\n",
      1,
      'must start with a front matter line "---"',
    ],
    ["front matter never closed", "---\ntitle: x\n", 1, "never closed"],
    ["invalid YAML", postFile({ summary: "a: b" }), 5, "not valid YAML"],
    [
      "tab indentation",
      postFile({ summary: "a\n\tb" }),
      6,
      "Tabs are not allowed",
    ],
    [
      "front matter that is a list",
      "---\n- a\n- b\n---\nbody\n",
      2,
      "expected fields",
    ],
    ["missing title", postFile({ title: undefined }), 1, "title is missing"],
    ["empty title", postFile({ title: '""' }), 2, "title is empty"],
    [
      "over-long title",
      postFile({ title: "x".repeat(201) }),
      2,
      "title is longer than 200 characters",
    ],
    ["missing date", postFile({ date: undefined }), 1, "date is missing"],
    [
      "impossible date",
      postFile({ date: "2026-02-30" }),
      3,
      "date must be a real date",
    ],
    [
      "date in another format",
      postFile({ date: "14/03/2026" }),
      3,
      "date must be a real date",
    ],
    ["missing author", postFile({ author: undefined }), 1, "author is missing"],
    [
      "missing summary",
      postFile({ summary: undefined }),
      1,
      "summary is missing",
    ],
    [
      "time without minutes",
      postFile({ time: "9" }),
      8,
      "time must be a time of day written HH:MM",
    ],
    [
      "time past the end of the day",
      postFile({ time: '"24:00"' }),
      8,
      "time must be a time of day written HH:MM",
    ],
    [
      "unknown comments mode",
      postFile({ comments: "maybe" }),
      8,
      "comments must be one of: open, closed, members",
    ],
    [
      "tags that are not words",
      postFile({ tags: "[a, {b: 1}]" }),
      6,
      "tags must be a list of words",
    ],
    [
      "a tag with no letters",
      postFile({ tags: '["!!"]' }),
      6,
      "every tag needs a letter or a digit",
    ],
    [
      "a quote never closed (found only at the end of the front matter)",
      postFile({ summary: '"How to keep a shed locked.' }),
      5,
      "a quoted value opened on this line is never closed",
    ],
    [
      "a single quote never closed",
      postFile({ summary: "'It''s locked" }),
      5,
      "a quoted value opened on this line is never closed",
    ],
    ["misspelt field", postFile({ auhtor: "x" }), 8, 'unknown field "auhtor"'],
    [
      "bad slug field",
      postFile({ slug: "Not A Slug" }),
      8,
      "slug must be lowercase",
    ],
    ["NUL byte", postFile({}, "a\u0000b"), 1, "NUL byte"],
    // "Billion laughs": each alias repeats the one before, nine times over.
    [
      "an alias bomb",
      postFile({
        summary: '&a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        tags: "&b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
        area: "&c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
        slug: "[*c,*c,*c,*c,*c,*c,*c,*c,*c]",
      }),
      6,
      "alias",
    ],
    // Every key is checked against the ones before it: 50,000 of them took 23 s.
    [
      "a front matter of thousands of lines",
      postFile({
        tags: `\n${Array.from({ length: 10_000 }, (_, i) => `  - tag${i}`).join("\n")}`,
      }),
      2,
      "front matter is longer than 64 KB",
    ],
    ["an alias to nothing", postFile({ author: "*nobody" }), 4, "alias"],
    [
      "an alias to another field",
      postFile({ author: "&who Margaret", area: "*who" }),
      7,
      "alias",
    ],
    [
      "a draft field that is not yes or no",
      postFile({ draft: "maybe" }),
      8,
      "draft must be true or false",
    ],
  ])("rejects %s", (_case, text, line, message) => {
    const result = parsePostSource("posts/broken.md", text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.file).toBe("posts/broken.md");
    expect(result.problem.message).toContain(message);
    expect(result.problem.line).toBe(line);
  });
});

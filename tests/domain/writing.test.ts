import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { diffCounts, lineDiff } from "~/domain/line-diff";
import { parsePostForm, suggestSlug } from "~/domain/post-form";
import {
  saveLogAction,
  slugChangeRefusal,
  type PostBefore,
} from "~/domain/writing";

const NOW = new Date("2026-12-03T09:00:00.000Z");

describe("what a save is logged as", () => {
  const published: PostBefore = { status: "published", date: "2026-12-01" };
  const scheduled: PostBefore = {
    status: "published",
    date: "2026-12-03",
    time: "10:00",
  };
  const draft: PostBefore = { status: "draft", date: "2026-12-01" };
  it.each<[string, PostBefore, boolean, string, string | null, string]>([
    [
      "a new post dated today",
      null,
      false,
      "2026-12-03",
      null,
      "post.published",
    ],
    [
      "a new post for later today",
      null,
      false,
      "2026-12-03",
      "09:01",
      "post.scheduled",
    ],
    [
      "a new post for this minute",
      null,
      false,
      "2026-12-03",
      "09:00",
      "post.published",
    ],
    ["a new draft", null, true, "2026-12-03", null, "post.drafted"],
    ["a draft kept a draft", draft, true, "2026-12-01", null, "post.drafted"],
    ["a draft published", draft, false, "2026-12-01", null, "post.published"],
    ["a draft scheduled", draft, false, "2026-12-24", null, "post.scheduled"],
    [
      "a published post edited",
      published,
      false,
      "2026-12-01",
      null,
      "post.edited",
    ],
    [
      "a published post made a draft",
      published,
      true,
      "2026-12-01",
      null,
      "post.unpublished",
    ],
    [
      "a published post moved to later",
      published,
      false,
      "2027-01-01",
      null,
      "post.scheduled",
    ],
    [
      "a scheduled post edited, same time",
      scheduled,
      false,
      "2026-12-03",
      "10:00",
      "post.edited",
    ],
    [
      "a scheduled post moved later",
      scheduled,
      false,
      "2026-12-03",
      "11:00",
      "post.scheduled",
    ],
    [
      "a scheduled post brought forward to now",
      scheduled,
      false,
      "2026-12-03",
      "08:00",
      "post.published",
    ],
    [
      "a scheduled post made a draft",
      scheduled,
      true,
      "2026-12-03",
      "10:00",
      "post.unpublished",
    ],
  ])("%s: %s", (_name, before, draftAfter, date, time, expected) => {
    expect(saveLogAction(before, { draft: draftAfter, date, time }, NOW)).toBe(
      expected,
    );
  });
});

describe("changing a post's address", () => {
  it.each<
    [string, Parameters<typeof slugChangeRefusal>[0], string, boolean, boolean]
  >([
    ["a new post", null, "new", false, false],
    ["the same address", { slug: "a", status: "published" }, "a", false, false],
    [
      "a published post, not confirmed",
      { slug: "a", status: "published" },
      "b",
      false,
      true,
    ],
    [
      "a published post, confirmed",
      { slug: "a", status: "published" },
      "b",
      true,
      false,
    ],
    [
      "a draft, not confirmed",
      { slug: "a", status: "draft" },
      "b",
      false,
      false,
    ],
  ])("%s: refused %s", (_name, before, slug, confirmed, refused) => {
    expect(slugChangeRefusal(before, slug, confirmed) !== null).toBe(refused);
  });
});

describe("the writing form", () => {
  const form = {
    title: "Bike marking: Saturday",
    date: "2026-12-05",
    time: "",
    author: "Edith",
    summary: "",
    tags: "bikes, street lighting, bikes, ",
    area: "",
    comments: "open",
    slug: "",
    body: "Text",
  };

  it("reads the fields, suggesting the address from the title", () => {
    expect(parsePostForm(form, false)).toEqual({
      ok: true,
      fields: {
        slug: "bike-marking-saturday",
        title: "Bike marking: Saturday",
        date: "2026-12-05",
        time: null,
        author: "Edith",
        summary: "",
        tags: ["bikes", "street lighting"],
        area: null,
        comments: "open",
        draft: false,
        body: "Text",
      },
    });
  });

  it.each([
    ["title", { title: "  " }, "Give the post a title."],
    ["date", { date: "5/12/2026" }, "Give a real date, like 2026-12-03."],
    ["date", { date: "2026-02-30" }, "Give a real date, like 2026-12-03."],
    [
      "time",
      { time: "9am" },
      "Give a time of day like 09:30, or leave it empty.",
    ],
    ["author", { author: "" }, "Say who the post is by."],
    ["tags", { tags: "bikes, !!!" }, "Every tag needs a letter or a digit."],
    ["comments", { comments: "everyone" }, "Choose who may comment."],
    [
      "slug",
      { slug: "Bike Marking!" },
      "Use lowercase letters and digits joined by hyphens, like shed-security.",
    ],
    [
      "slug",
      { title: "!!!", slug: "" },
      "The title has no letters or digits to make an address from: write one here.",
    ],
    [
      "slug",
      { title: "New", slug: "" },
      "“new” is kept for the desk's own page: choose another address.",
    ],
    [
      "slug",
      { slug: "images" },
      "“images” is kept for the desk's own page: choose another address.",
    ],
    [
      "slug",
      { title: "Preview", slug: "" },
      "“preview” is kept for the desk's own page: choose another address.",
    ],
  ])("puts a message beside %s", (field, change, message) => {
    const result = parsePostForm({ ...form, ...change }, false);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toMatchObject({ [field]: message });
  });

  it("keeps every address of the desk's own pages from posts", () => {
    // /write/<slug> opens a post: a page of the desk's own at /write/<name> would hide it.
    const ownPages = readdirSync(new URL("../../app/routes", import.meta.url))
      .map((file) => /^write\.([a-z0-9-]+)\.tsx$/.exec(file)?.[1])
      .filter((name): name is string => name !== undefined);
    expect(ownPages.length).toBeGreaterThan(0);
    for (const name of ownPages) {
      const result = parsePostForm({ ...form, slug: name }, false);
      expect(!result.ok && result.errors.slug, name).toContain("is kept for");
    }
    // The control: an address no page takes is a post's.
    expect(parsePostForm({ ...form, slug: "imagery" }, false).ok).toBe(true);
  });

  it("reads a missing field as empty, never as a crash", () => {
    const result = parsePostForm({ title: ["not", "text"] }, true);
    expect(!result.ok && result.errors.title).toBe("Give the post a title.");
  });

  it("suggests short addresses for long titles, cut at a word", () => {
    const slug = suggestSlug(`${"word ".repeat(30)}end`);
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug).toMatch(/^word(-word)*$/);
  });
});

describe("lineDiff", () => {
  it.each([
    ["no change", "a\nb\n", "a\nb\n", [" a", " b"]],
    ["a line added", "a\nc\n", "a\nb\nc\n", [" a", "+b", " c"]],
    ["a line removed", "a\nb\nc\n", "a\nc\n", [" a", "-b", " c"]],
    ["a line changed", "a\nb\nc\n", "a\nB\nc\n", [" a", "-b", "+B", " c"]],
    ["from nothing", "", "a\n", ["+a"]],
    ["to nothing", "a\n", "", ["-a"]],
    ["windows line ends read as plain", "a\r\nb\r\n", "a\nb\n", [" a", " b"]],
    [
      "two separate changes",
      "title: A\nx\ny\nz\nend\n",
      "title: B\nx\ny\nZ\nend\n",
      ["-title: A", "+title: B", " x", " y", "-z", "+Z", " end"],
    ],
  ])("%s", (_name, before, after, expected) => {
    const sign = { same: " ", removed: "-", added: "+" } as const;
    expect(
      lineDiff(before, after).map((line) => `${sign[line.kind]}${line.text}`),
    ).toEqual(expected);
  });

  it("counts what was added and removed", () => {
    expect(diffCounts(lineDiff("a\nb\n", "a\nc\nd\n"))).toEqual({
      added: 2,
      removed: 1,
    });
  });

  it("gives very long texts as all removed then all added, without a huge table", () => {
    const before = Array.from({ length: 3000 }, (_, i) => `old ${i}`).join(
      "\n",
    );
    const after = Array.from({ length: 3000 }, (_, i) => `new ${i}`).join("\n");
    expect(diffCounts(lineDiff(before, after))).toEqual({
      added: 3000,
      removed: 3000,
    });
  });
});

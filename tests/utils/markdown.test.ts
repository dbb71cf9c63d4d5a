import { describe, expect, it } from "vitest";
import {
  MAX_MARKDOWN_NESTING,
  renderCommentMarkdown,
  renderPostMarkdown,
} from "~/platform/markdown.server";

describe("renderPostMarkdown", () => {
  it("renders headings with anchor ids, unique within the post", () => {
    const html = renderPostMarkdown("## Lock your shed\n\n## Lock your shed\n");
    expect(html).toContain('<h2 id="lock-your-shed">Lock your shed</h2>');
    expect(html).toContain('<h2 id="lock-your-shed-1">Lock your shed</h2>');
  });

  it("starts heading ids afresh for every post", () => {
    renderPostMarkdown("## Contacts\n");
    expect(renderPostMarkdown("## Contacts\n")).toContain('id="contacts"');
  });

  it("keeps lists, quotes, tables, emphasis and code", () => {
    const html = renderPostMarkdown(
      "> A quote\n\n- one\n- two\n\n| a | b |\n|:-:|---|\n| 1 | 2 |\n\n*em* **strong** `code`\n",
    );
    for (const fragment of [
      "<blockquote>",
      "<li>one</li>",
      '<th align="center">a</th>',
      "<em>em</em>",
      "<strong>strong</strong>",
      "<code>code</code>",
    ]) {
      expect(html).toContain(fragment);
    }
  });

  it("opens external links safely and leaves internal ones alone", () => {
    const html = renderPostMarkdown(
      "[police](https://www.police.uk/) and [a post](/posts/bikes)",
    );
    expect(html).toContain(
      '<a href="https://www.police.uk/" rel="noopener noreferrer" target="_blank">police</a>',
    );
    expect(html).toContain('<a href="/posts/bikes">a post</a>');
  });

  it("serves relative images from the media folder and leaves absolute ones", () => {
    const html = renderPostMarkdown(
      "![Map](images/map.svg) ![Photo](https://example.org/p.png)",
    );
    expect(html).toContain('src="/media/images/map.svg" alt="Map"');
    expect(html).toContain('src="https://example.org/p.png"');
  });

  // Authors are trusted with words, not with script: nothing executable survives.
  it.each([
    ["a script tag", "<script>alert(1)</script>", ["<script", "alert(1)"]],
    [
      "a script tag in odd case",
      "<ScRiPt>alert(1)</sCrIpT>",
      ["<script", "alert(1)"],
    ],
    ["an event handler", '<img src="x.png" onerror="alert(1)">', ["onerror"]],
    [
      "an event handler on a link",
      '<a href="/" onclick="alert(1)">x</a>',
      ["onclick"],
    ],
    ["a javascript: link", "[click](javascript:alert(1))", ["javascript:"]],
    [
      "an entity-encoded javascript: link",
      '<a href="&#106;avascript:alert(1)">x</a>',
      ["avascript:"],
    ],
    ["a data: image", "![x](data:image/svg+xml;base64,PHN2Zz4=)", ["data:"]],
    ["an iframe", '<iframe src="https://evil.example"></iframe>', ["<iframe"]],
    [
      "a style attribute",
      '<p style="background:url(javascript:alert(1))">x</p>',
      ["style=", "javascript:"],
    ],
    [
      "an svg payload",
      "<svg><script>alert(1)</script></svg>",
      ["<svg", "<script"],
    ],
    [
      "a form",
      '<form action="/x"><input name="a"></form>',
      ["<form", "<input"],
    ],
  ])("removes %s", (_case, markdown, forbidden) => {
    const html = renderPostMarkdown(markdown).toLowerCase();
    for (const fragment of forbidden)
      expect(html).not.toContain(fragment.toLowerCase());
  });

  it("keeps the text of raw HTML it removes the tags from", () => {
    expect(
      renderPostMarkdown('<span class="x">Meeting at 7pm</span>'),
    ).toContain("Meeting at 7pm");
  });
});

describe("renderCommentMarkdown", () => {
  it("keeps the small subset: emphasis, links, lists, quotes and code", () => {
    const html = renderCommentMarkdown(
      "*em* **strong** `code`\n\n> quoted\n\n- one\n- two\n\n```\nblock\n```",
    );
    for (const fragment of [
      "<em>em</em>",
      "<strong>strong</strong>",
      "<code>code</code>",
      "<blockquote>",
      "<li>one</li>",
      "<pre><code>block",
    ]) {
      expect(html).toContain(fragment);
    }
  });

  it("marks every link as the commenter's own, inside the site or not", () => {
    expect(
      renderCommentMarkdown("[a](https://example.org) [b](/posts/x)"),
    ).toBe(
      '<p><a href="https://example.org" rel="nofollow ugc noopener noreferrer" target="_blank">a</a> ' +
        '<a href="/posts/x" rel="nofollow ugc noopener noreferrer">b</a></p>\n',
    );
  });

  it.each([
    ["a heading", "# Loud", "<p># Loud</p>\n"],
    ["a heading underlined", "Loud\n===", "<p>Loud<br />===</p>\n"],
    [
      "an image",
      "![a photo](https://example.org/p.png)",
      "<p>![a photo](https://example.org/p.png)</p>\n",
    ],
    [
      "an image with markup in its text",
      "![<b>x</b>](https://example.org/p.png)",
      "<p>![&lt;b&gt;x&lt;/b&gt;](https://example.org/p.png)</p>\n",
    ],
    [
      "inline raw HTML",
      "hi <b>there</b>",
      "<p>hi &lt;b&gt;there&lt;/b&gt;</p>\n",
    ],
    [
      "block raw HTML",
      "<div onclick=x>hi</div>",
      "<p>&lt;div onclick=x&gt;hi&lt;/div&gt;</p>\n",
    ],
    [
      "a javascript: link",
      "[x](javascript:alert(1))",
      '<p><a rel="nofollow ugc noopener noreferrer">x</a></p>\n',
    ],
  ])(
    "shows %s as plain text or drops what is unsafe",
    (_case, markdown, html) => {
      expect(renderCommentMarkdown(markdown)).toBe(html);
    },
  );

  it("keeps a line break where the commenter pressed return", () => {
    expect(renderCommentMarkdown("one\ntwo")).toBe("<p>one<br />two</p>\n");
  });
});

// Markdown's containers nest without end; marked recurses once per level, so a few thousand
// levels used to exhaust the stack (a 500 for a comment, a stopped sync for a post).
describe("nesting beyond MAX_MARKDOWN_NESTING", () => {
  const indentedLists = (depth: number) =>
    Array.from(
      { length: depth },
      (_, level) => `${"  ".repeat(level)}- x`,
    ).join("\n");
  const deepest = (html: string, tag: string) => {
    let depth = 0;
    let most = 0;
    for (const [, closing, name] of html.matchAll(/<(\/?)(\w+)/g)) {
      if (name !== tag) continue;
      depth += closing ? -1 : 1;
      most = Math.max(most, depth);
    }
    return most;
  };
  const SHAPES: [string, string, string][] = [
    ["quote markers", `${">".repeat(1800)} the end`, "blockquote"],
    ["spaced quote markers", `${"> ".repeat(1800)}the end`, "blockquote"],
    [
      "one quote level per line",
      Array.from(
        { length: 400 },
        (_, level) => `${">".repeat(level + 1)} the end`,
      ).join("\n"),
      "blockquote",
    ],
    ["bullet lists", `${"- ".repeat(1800)}the end`, "ul"],
    ["numbered lists", `${"1. ".repeat(1800)}the end`, "ol"],
    ["indented lists", `${indentedLists(300)} the end`, "ul"],
    ["quotes inside lists", `${"- > ".repeat(900)}the end`, "blockquote"],
    ["lists inside quotes", `${"> 1. ".repeat(900)}the end`, "ol"],
    [
      "a run of strong markers",
      `${"**".repeat(5000)}the end${"**".repeat(5000)}`,
      "strong",
    ],
    [
      "a run of underscores",
      `${"__".repeat(5000)}the end${"__".repeat(5000)}`,
      "strong",
    ],
    [
      "strong around words",
      `${"**a ".repeat(3000)}the end${" a**".repeat(3000)}`,
      "strong",
    ],
    [
      "emphasis around words",
      `${"*a ".repeat(3000)}the end${" a*".repeat(3000)}`,
      "em",
    ],
    [
      "strikethrough around words",
      `${"~~a ".repeat(3000)}the end${" a~~".repeat(3000)}`,
      "del",
    ],
    [
      "emphasis, strikethrough and strong mixed",
      `${"**a *b ~~c ".repeat(2000)}the end${" c~~ b* a**".repeat(2000)}`,
      "strong",
    ],
    [
      "strong inside quotes beyond the limit",
      `${"> ".repeat(2000)}${"**a ".repeat(3000)}the end${" a**".repeat(3000)}`,
      "blockquote",
    ],
    ["a thousand indented lists", `${indentedLists(1000)} the end`, "ul"],
  ];

  describe.each([
    ["post", renderPostMarkdown],
    ["comment", renderCommentMarkdown],
  ])("in a %s", (_pipeline, render) => {
    it.each(SHAPES)(
      "renders %s, flattened below the limit, keeping the text",
      (_shape, markdown, tag) => {
        const html = render(markdown);
        expect(html).toContain("the end");
        expect(deepest(html, tag)).toBeLessThanOrEqual(MAX_MARKDOWN_NESTING);
        expect(deepest(html, tag)).toBeGreaterThan(0);
      },
    );

    it("keeps nesting up to the limit exactly as written (the control)", () => {
      const quotes = render(`${"> ".repeat(MAX_MARKDOWN_NESTING)}deep`);
      expect(deepest(quotes, "blockquote")).toBe(MAX_MARKDOWN_NESTING);
      const lists = render(indentedLists(MAX_MARKDOWN_NESTING));
      expect(deepest(lists, "ul")).toBe(MAX_MARKDOWN_NESTING);
      const strong = render(
        `${"**a ".repeat(MAX_MARKDOWN_NESTING)}deep${" a**".repeat(MAX_MARKDOWN_NESTING)}`,
      );
      expect(deepest(strong, "strong")).toBe(MAX_MARKDOWN_NESTING);
    });

    it("shows what lies beyond the limit as the text that was typed", () => {
      const html = render(`${"> ".repeat(MAX_MARKDOWN_NESTING + 2)}deep`);
      expect(deepest(html, "blockquote")).toBe(MAX_MARKDOWN_NESTING);
      expect(html).toContain("&gt; &gt; deep");
    });
  });
});

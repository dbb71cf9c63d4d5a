import { describe, expect, it } from "vitest";
import {
  renderCommentMarkdown,
  renderPostMarkdown,
} from "~/utils/markdown.server";

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
    ["a heading", "# Loud", "<p>Loud</p>\n"],
    ["an image", "![a photo](https://example.org/p.png)", "<p>a photo</p>\n"],
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

// The hostile corpus through both Markdown pipelines, checked on the HTML that comes out: every
// tag and attribute is one the pipeline allows, and no link or source carries a script scheme
// however it is spelled. tests/e2e/hostile-markup.test.ts proves the same in Chromium.
import { describe, expect, it } from "vitest";
import publicXssVectors from "../fixtures/public-xss-vectors.json";
import {
  renderCommentMarkdown,
  renderPostMarkdown,
} from "~/platform/markdown.server";
import {
  EVERY_HOSTILE_PAYLOAD,
  HOSTILE_CORPUS,
  PUBLIC_XSS_VECTORS,
  PWNED_FUNCTION,
} from "../fixtures/hostile-corpus";

type Tag = { name: string; attributes: Map<string, string> };

const TAG = /<([a-zA-Z][^\s/>]*)((?:\s+[^\s/>=]+(?:="[^"]*")?)*)\s*\/?>/g;
const END_TAG = /<\/[a-zA-Z][^\s/>]*\s*>/g;
const ATTRIBUTE = /([^\s/>=]+)(?:="([^"]*)")?/g;

/** The start tags of sanitizer output, which always quotes its attributes with ". */
function startTags(html: string): Tag[] {
  return [...html.matchAll(TAG)].map(([, name, rest]) => ({
    name: name!.toLowerCase(),
    attributes: new Map(
      [...rest!.matchAll(ATTRIBUTE)].map(([, attribute, value]) => [
        attribute!.toLowerCase(),
        decodeEntities(value ?? ""),
      ]),
    ),
  }));
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = {
    amp: "&",
    lt: "<",
    gt: ">",
    quot: '"',
    apos: "'",
    colon: ":",
    tab: "\t",
    newline: "\n",
  };
  return text.replace(
    /&(?:#(\d+)|#x([\da-f]+)|(\w+));?/gi,
    (entity, decimal?: string, hex?: string, name?: string) =>
      decimal !== undefined
        ? String.fromCodePoint(Number(decimal))
        : hex !== undefined
          ? String.fromCodePoint(parseInt(hex, 16))
          : (named[name!.toLowerCase()] ?? entity),
  );
}

/** A URL's scheme as a browser reads it: controls and whitespace anywhere are ignored. */
function schemeOf(url: string): string | null {
  const squeezed = url.replace(/[\u0000-\u0020\u007f]/g, "");
  return /^([a-z][a-z0-9+.-]*):/i.exec(squeezed)?.[1]?.toLowerCase() ?? null;
}

type Pipeline = {
  render: (markdown: string) => string;
  allowed: Record<string, readonly string[]>;
  schemes: readonly string[];
};

const HEADING = ["id"];
const PIPELINES: Record<"post" | "comment", Pipeline> = {
  post: {
    render: renderPostMarkdown,
    allowed: {
      ...Object.fromEntries(
        ["h1", "h2", "h3", "h4", "h5", "h6"].map((tag) => [tag, HEADING]),
      ),
      ...Object.fromEntries(
        [
          "p",
          "br",
          "hr",
          "ul",
          "li",
          "blockquote",
          "pre",
          "em",
          "strong",
          "del",
          "table",
          "thead",
          "tbody",
          "tr",
        ].map((tag) => [tag, []]),
      ),
      ol: ["start"],
      code: ["class"],
      th: ["align"],
      td: ["align"],
      a: ["href", "title", "rel", "target"],
      img: ["src", "alt", "title", "width", "height", "loading"],
    },
    schemes: ["http", "https", "mailto", "tel"],
  },
  comment: {
    render: renderCommentMarkdown,
    allowed: {
      ...Object.fromEntries(
        [
          "p",
          "br",
          "em",
          "strong",
          "del",
          "ul",
          "li",
          "blockquote",
          "code",
          "pre",
        ].map((tag) => [tag, []]),
      ),
      ol: ["start"],
      a: ["href", "rel", "target"],
    },
    schemes: ["http", "https", "mailto"],
  },
};

describe.each(Object.entries(PIPELINES))("the %s pipeline", (_, pipeline) => {
  it.each(
    EVERY_HOSTILE_PAYLOAD.map((payload) => [payload.name, payload.source]),
  )("renders %s with nothing that can run", (_name, source) => {
    const html = pipeline.render(source);
    for (const tag of startTags(html)) {
      const allowed = pipeline.allowed[tag.name];
      expect(allowed, `<${tag.name}> in ${html}`).toBeDefined();
      for (const [attribute, value] of tag.attributes) {
        expect(allowed, `${attribute} on <${tag.name}>`).toContain(attribute);
        if (attribute === "href" || attribute === "src") {
          const scheme = schemeOf(value);
          if (scheme !== null) expect(pipeline.schemes).toContain(scheme);
        }
      }
    }
    // Every "<" left is one of the tags checked above: the rest of the text is escaped,
    // so no markup can hide from the parse in a form it does not recognise.
    expect(html.replace(TAG, "").replace(END_TAG, "")).not.toContain("<");
  });

  it("keeps the payloads' harmless text, so nothing is silently lost", () => {
    // A comment shows raw HTML as typed; a post keeps the text of tags it removes.
    const html = pipeline.render("<b>Meeting</b> at [the hall](/posts/x)");
    expect(html).toContain("Meeting");
    expect(html).toContain('href="/posts/x"');
  });
});

describe("the corpus itself", () => {
  it("names every payload once and makes each one try to run", () => {
    const names = HOSTILE_CORPUS.map((payload) => payload.name);
    expect(new Set(names).size).toBe(names.length);
    for (const payload of HOSTILE_CORPUS)
      expect(decodeEntities(payload.source)).toMatch(
        new RegExp(
          `${PWNED_FUNCTION}|alert|msgbox|expression|behavior|binding|PHN`,
        ),
      );
  });

  it("holds every public vector once, and their source and licence", () => {
    const names = EVERY_HOSTILE_PAYLOAD.map((payload) => payload.name);
    expect(new Set(names).size).toBe(names.length);
    expect(PUBLIC_XSS_VECTORS).toHaveLength(publicXssVectors.count);
    expect(publicXssVectors.about).toMatch(/DOMPurify.*MPL-2\.0.*H5SC/s);
  });

  it("would be caught: the checks above reject unsanitized markup", () => {
    const unsafe = startTags('<a href=" jav&#x09;ascript:x()" onclick="y">');
    expect(unsafe[0]!.attributes.has("onclick")).toBe(true);
    expect(schemeOf(unsafe[0]!.attributes.get("href")!)).toBe("javascript");
  });
});

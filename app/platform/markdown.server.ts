import { Marked, Tokenizer, type MarkedExtension, type Tokens } from "marked";
import { gfmHeadingId } from "marked-gfm-heading-id";
import sanitizeHtml from "sanitize-html";
import { escapeHtml } from "../domain/html";

/** Where a post's relative image paths (`images/map.svg`) are served from. */
export const MEDIA_URL_PREFIX = "/media/";

/** How deep quotes, lists and emphasis may nest; what lies deeper shows as typed. */
export const MAX_MARKDOWN_NESTING = 16;

/**
 * marked recurses once per level of quote, list, emphasis or strikethrough, and a few thousand
 * levels (a short line of ">") exhaust the stack. Each such tokenizer counts the levels open
 * around it; at the limit, a block is read as one paragraph and a delimiter as plain text, so
 * what lies deeper shows as typed and nothing recurses further.
 */
function boundedNesting(): MarkedExtension {
  let openLevels = 0;
  function nested<Args extends [string, ...unknown[]], Result>(
    tokenize: (this: Tokenizer, ...args: Args) => Result,
    flatten: (tokenizer: Tokenizer, src: string) => Tokens.Generic | undefined,
  ) {
    return function (this: Tokenizer, ...args: Args) {
      // marked takes any token from any tokenizer; its types only expect the usual one.
      if (openLevels >= MAX_MARKDOWN_NESTING)
        return flatten(this, args[0]) as Result;
      openLevels += 1;
      try {
        return tokenize.apply(this, args);
      } finally {
        openLevels -= 1;
      }
    };
  }
  // The rest of the block up to a blank line, as a paragraph: its markers stay as characters.
  const asParagraph =
    (opens: (tokenizer: Tokenizer) => RegExp) =>
    (tokenizer: Tokenizer, src: string): Tokens.Paragraph | undefined => {
      if (!opens(tokenizer).test(src)) return undefined;
      const raw = /^[\s\S]*?(?:\n[ \t]*\n|$)/.exec(src)![0];
      const text = raw.trim();
      return {
        type: "paragraph",
        raw,
        text,
        tokens: tokenizer.lexer.inline(text),
      };
    };
  const asText =
    (delimiter: RegExp) =>
    (_tokenizer: Tokenizer, src: string): Tokens.Text | undefined => {
      const raw = delimiter.exec(src)?.[0];
      return raw === undefined
        ? undefined
        : { type: "text", raw, text: raw, escaped: false };
    };
  const defaults = Tokenizer.prototype;
  return {
    tokenizer: {
      blockquote: nested(
        defaults.blockquote,
        asParagraph((tokenizer) => tokenizer.rules.block.blockquote),
      ),
      list: nested(
        defaults.list,
        asParagraph((tokenizer) => tokenizer.rules.block.list),
      ),
      emStrong: nested(defaults.emStrong, asText(/^(?:\*+|_+)/)),
      del: nested(defaults.del, asText(/^~+/)),
    },
  };
}

const ABSOLUTE_OR_ROOTED = /^(?:[a-z][a-z0-9+.-]*:|\/|#)/i;
const EXTERNAL = /^(?:https?:)?\/\//i;

const postMarked = new Marked(
  { gfm: true, async: false },
  boundedNesting(),
  gfmHeadingId(),
  {
    walkTokens(token) {
      if (token.type === "image") {
        const image = token as Tokens.Image;
        if (!ABSOLUTE_OR_ROOTED.test(image.href)) {
          image.href = MEDIA_URL_PREFIX + image.href.replace(/^\.\//, "");
        }
      }
    },
  },
);

/**
 * The relative image paths a post's Markdown references (`images/map.svg`), each with the line
 * of the body it is on (1 for the first), so the sync can warn about an image that is not there.
 * Images inside code blocks are text, not references, and are not listed.
 */
export function localImageReferences(
  markdown: string,
): { path: string; line: number }[] {
  const found: { path: string; line: number }[] = [];
  let searchFrom = 0;
  postMarked.walkTokens(postMarked.lexer(markdown), (token) => {
    if (token.type !== "image") return;
    const image = token as Tokens.Image;
    const at = markdown.indexOf(image.raw, searchFrom);
    if (at >= 0) searchFrom = at + image.raw.length;
    if (ABSOLUTE_OR_ROOTED.test(image.href)) return;
    found.push({
      path: image.href.replace(/^\.\//, "").replace(/[?#].*$/, ""),
      line: markdown.slice(0, Math.max(at, 0)).split("\n").length,
    });
  });
  return found;
}

const POST_TAGS = [
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "p",
  "br",
  "hr",
  "ul",
  "ol",
  "li",
  "blockquote",
  "pre",
  "code",
  "em",
  "strong",
  "del",
  "a",
  "img",
  "table",
  "thead",
  "tbody",
  "tr",
  "th",
  "td",
];

/** Links that leave the site get rel (and a new tab); links within it get neither. */
function safeLink(
  tagName: string,
  attribs: sanitizeHtml.Attributes,
  externalRel: string,
): sanitizeHtml.Tag {
  const { target: _target, rel: _rel, ...rest } = attribs;
  if (EXTERNAL.test(attribs.href ?? "")) {
    return {
      tagName,
      attribs: { ...rest, rel: externalRel, target: "_blank" },
    };
  }
  return { tagName, attribs: rest };
}

const postSanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags: POST_TAGS,
  allowedAttributes: {
    a: ["href", "title", "rel", "target"],
    img: ["src", "alt", "title", "width", "height", "loading"],
    h1: ["id"],
    h2: ["id"],
    h3: ["id"],
    h4: ["id"],
    h5: ["id"],
    h6: ["id"],
    code: ["class"],
    th: ["align"],
    td: ["align"],
    ol: ["start"],
  },
  allowedClasses: { code: [/^language-[\w-]+$/] },
  allowedSchemes: ["http", "https", "mailto", "tel"],
  allowedSchemesByTag: { img: ["http", "https"] },
  allowProtocolRelative: false,
  transformTags: {
    a: (tagName, attribs) => safeLink(tagName, attribs, "noopener noreferrer"),
    img: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, loading: "lazy" },
    }),
  },
};

/**
 * Renders a post body (full Markdown, as authors write it) to HTML that is safe to insert
 * as is: whatever the author wrote, no script, event handler or javascript: URL survives.
 */
export function renderPostMarkdown(markdown: string): string {
  const html = postMarked.parse(markdown) as string;
  return sanitizeHtml(html, postSanitizeOptions);
}

const COMMENT_LINK_REL = "nofollow ugc noopener noreferrer";

// Commenters get a small subset: what is not in it shows as the text they typed.
const commentMarked = new Marked(
  { gfm: true, breaks: true, async: false },
  boundedNesting(),
  {
    renderer: {
      // As typed: a heading keeps its `#` (or its underline), an image its address.
      heading({ raw }) {
        return `<p>${escapeHtml(raw.trim()).replace(/\n/g, "<br />")}</p>\n`;
      },
      image({ raw }) {
        return escapeHtml(raw);
      },
      html({ text, block }) {
        return block ? `<p>${escapeHtml(text.trim())}</p>\n` : escapeHtml(text);
      },
      table(token) {
        return `<p>${escapeHtml(token.raw)}</p>\n`;
      },
      hr() {
        return "";
      },
    },
  },
);

const commentSanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags: [
    "p",
    "br",
    "em",
    "strong",
    "del",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
  ],
  allowedAttributes: { a: ["href", "rel", "target"], ol: ["start"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowProtocolRelative: false,
  transformTags: {
    a: (tagName, attribs) => {
      const link = safeLink(tagName, attribs, COMMENT_LINK_REL);
      // Every link a commenter writes is theirs, not the site's: nofollow even within the site.
      return { ...link, attribs: { ...link.attribs, rel: COMMENT_LINK_REL } };
    },
  },
};

/**
 * Renders a comment: emphasis, links, lists, quotes and code. Headings, images, tables and raw HTML show as the text that was typed.
 */
export function renderCommentMarkdown(markdown: string): string {
  const html = commentMarked.parse(markdown) as string;
  return sanitizeHtml(html, commentSanitizeOptions);
}

import { Marked, type Tokens } from "marked";
import { gfmHeadingId } from "marked-gfm-heading-id";
import sanitizeHtml from "sanitize-html";
import { escapeHtml } from "../domain/html";

/** Where a post's relative image paths (`images/map.svg`) are served from. */
export const MEDIA_URL_PREFIX = "/media/";

const ABSOLUTE_OR_ROOTED = /^(?:[a-z][a-z0-9+.-]*:|\/|#)/i;
const EXTERNAL = /^(?:https?:)?\/\//i;

const postMarked = new Marked({ gfm: true, async: false }, gfmHeadingId(), {
  walkTokens(token) {
    if (token.type === "image") {
      const image = token as Tokens.Image;
      if (!ABSOLUTE_OR_ROOTED.test(image.href)) {
        image.href = MEDIA_URL_PREFIX + image.href.replace(/^\.\//, "");
      }
    }
  },
});

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
  {
    renderer: {
      heading({ tokens }) {
        return `<p>${this.parser.parseInline(tokens)}</p>\n`;
      },
      image({ text }) {
        return escapeHtml(text);
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
 * Renders a comment: emphasis, links, lists, quotes and code. Headings become paragraphs;
 * images, tables and raw HTML show as the text that was typed.
 */
export function renderCommentMarkdown(markdown: string): string {
  const html = commentMarked.parse(markdown) as string;
  return sanitizeHtml(html, commentSanitizeOptions);
}

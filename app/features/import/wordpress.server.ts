import type { CommentState } from "../../domain/comment-states";
import { slugify } from "../../domain/slug";
import type { ImportedSite } from "./shape";
import { slugFromAddress } from "./blogger.server";
import { calendarDay, parseDate } from "./dates";
import {
  childrenNamed,
  textOf,
  type RecordReader,
  type XmlNode,
  type XmlRoot,
} from "./xml-reader.server";

/** The export namespace of WXR 1.0, 1.1 and 1.2, written with http or https. */
const WP_NAMESPACE = /^https?:\/\/wordpress\.org\/export\/1\.[0-2]\/$/;
const WP_EXCERPT = /^https?:\/\/wordpress\.org\/export\/1\.[0-2]\/excerpt\/$/;
const CONTENT = "http://purl.org/rss/1.0/modules/content/";
const isWp = (uri: string) => WP_NAMESPACE.test(uri);

export function isWordPressExport(root: XmlRoot): boolean {
  return (
    root.name === "rss" &&
    Object.values(root.namespaces).some((uri) => WP_NAMESPACE.test(uri))
  );
}

const IMPORTED_TYPES = new Set(["post", "page"]);
const DRAFT_STATUSES = new Set(["draft", "pending", "private", "future"]);

/** WordPress eXtended RSS: items (posts, pages, and more we skip) with their wp:comment children. */
export function wordpressReader(): {
  reader: RecordReader;
  finish(): ImportedSite;
} {
  const site: ImportedSite = {
    format: "wordpress",
    label: "WordPress",
    posts: [],
    comments: [],
    skipped: [],
  };
  let siteAddress = "";
  const origin = (id: string) => `wordpress:${siteAddress}#${id}`;

  const onRecord = (node: XmlNode) => {
    if (node.name === "base_site_url" && isWp(node.uri)) {
      siteAddress ||= node.text.trim();
      return;
    }
    if (node.name === "link" && node.uri === "") {
      siteAddress ||= node.text.trim();
      return;
    }
    if (node.name !== "item") return;
    const title = textOf(node, "title");
    const postId = textOf(node, "post_id", isWp);
    const type = textOf(node, "post_type", isWp) || "post";
    const status = textOf(node, "status", isWp) || "publish";
    const label = `${type} "${title}" (id ${postId || "?"})`;
    if (!IMPORTED_TYPES.has(type)) {
      site.skipped.push({
        what: label,
        why: `items of type ${type} are not imported`,
      });
      return;
    }
    if (status !== "publish" && !DRAFT_STATUSES.has(status)) {
      site.skipped.push({ what: label, why: `its status is ${status}` });
      return;
    }
    const link = textOf(node, "link");
    const guid = textOf(node, "guid");
    // Hand-made files leave out wp:post_id; the item's own address then names it.
    const id = postId || /[?&]p=(\d+)/.exec(guid || link)?.[1] || "";
    if (!id && !guid && !link) {
      site.skipped.push({
        what: label,
        why: "it has neither a wp:post_id nor an address",
      });
      return;
    }
    const name = textOf(node, "post_name", isWp);
    const postOrigin = origin(id ? `post-${id}` : `link-${guid || link}`);
    const oldAddresses = [link, guid];
    if (id)
      oldAddresses.push(type === "page" ? `/?page_id=${id}` : `/?p=${id}`);
    if (name) oldAddresses.push(`/${name}/`);
    site.posts.push({
      origin: postOrigin,
      kind: type === "page" ? "page" : "post",
      title: title || "Untitled",
      date:
        calendarDay(textOf(node, "post_date", isWp)) ??
        calendarDay(parseDate(textOf(node, "pubDate"))) ??
        "1970-01-01",
      author: textOf(node, "creator") || "Anonymous",
      body: wordpressParagraphs(
        textOf(node, "encoded", (uri) => uri === CONTENT),
      ),
      excerpt: textOf(node, "encoded", (uri) => WP_EXCERPT.test(uri)),
      tags: childrenNamed(node, "category")
        .filter((category) =>
          ["category", "post_tag"].includes(category.attributes.domain ?? ""),
        )
        .map((category) => category.text.trim())
        .filter((tag) => tag !== "" && tag !== "Uncategorized"),
      draft: status !== "publish",
      commentsClosed: textOf(node, "comment_status", isWp) === "closed",
      slug: slugify(name) || slugFromAddress(link) || slugify(title),
      oldAddresses: oldAddresses.filter((address) => address !== ""),
    });

    for (const comment of childrenNamed(node, "comment", isWp)) {
      const id = textOf(comment, "comment_id", isWp);
      const commentType = textOf(comment, "comment_type", isWp);
      const what = `comment ${id || "?"} on "${title}"`;
      if (commentType === "pingback" || commentType === "trackback") {
        site.skipped.push({ what, why: `it is a ${commentType}` });
        continue;
      }
      if (!id) {
        site.skipped.push({ what, why: "it has no wp:comment_id" });
        continue;
      }
      const createdAt =
        parseDate(textOf(comment, "comment_date_gmt", isWp)) ??
        parseDate(textOf(comment, "comment_date", isWp));
      if (!createdAt) {
        site.skipped.push({
          what,
          why: "it has no date: it was given the post's date",
        });
      }
      const parent = textOf(comment, "comment_parent", isWp);
      site.comments.push({
        origin: origin(`comment-${id}`),
        target: { kind: "post", origin: postOrigin },
        parentOrigin:
          parent && parent !== "0" ? origin(`comment-${parent}`) : null,
        authorName: textOf(comment, "comment_author", isWp) || null,
        email: textOf(comment, "comment_author_email", isWp) || null,
        address: textOf(comment, "comment_author_IP", isWp) || null,
        createdAt:
          createdAt ?? new Date(`${site.posts.at(-1)!.date}T00:00:00Z`),
        body: wordpressParagraphs(textOf(comment, "comment_content", isWp)),
        state: commentState(textOf(comment, "comment_approved", isWp)),
      });
    }
  };

  return { reader: { recordDepth: 3, onRecord }, finish: () => site };
}

function commentState(approved: string): CommentState {
  switch (approved) {
    case "1":
    case "approve":
      return "published";
    case "spam":
      return "spam";
    case "trash":
    case "post-trashed":
      return "removed";
    default:
      return "pending";
  }
}

/**
 * WordPress stores text with blank lines for paragraphs and shows it through wpautop; the
 * HTML converter would run it together, so paragraphs become <p> first.
 */
function wordpressParagraphs(text: string): string {
  if (/<p[\s>]/i.test(text)) return text;
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== "")
    .map((paragraph) => `<p>${paragraph.replace(/\r?\n/g, "<br>")}</p>`)
    .join("\n");
}

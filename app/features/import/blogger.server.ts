import type { CommentState } from "../../domain/comment-states";
import { slugify } from "../../domain/slug";
import type { ImportedComment, ImportedSite } from "./shape";
import {
  childNamed,
  childrenNamed,
  textOf,
  type RecordReader,
  type XmlNode,
  type XmlRoot,
} from "./xml-reader.server";
import { calendarDay, parseDate } from "./dates";

export const ATOM = "http://www.w3.org/2005/Atom";
export const BLOGGER_2018 = "http://schemas.google.com/blogger/2018";
const KIND_SCHEME = "http://schemas.google.com/g/2005#kind";
const APP = /^http:\/\/purl\.org\/atom\/app#?$/;
const THREAD = "http://purl.org/syndication/thread/1.0";
const NO_EMAIL = "noreply@blogger.com";

const isTakeout = (uri: string) => uri === BLOGGER_2018;

export function isBloggerFeed(root: XmlRoot): boolean {
  return root.name === "feed" && root.uri === ATOM;
}

type PendingComment = Omit<ImportedComment, "parentOrigin"> & {
  /** The parent as the file names it: a full id, or only its number (classic "related" link). */
  parentRef: string | null;
};

/**
 * Blogger's "Back up content" (classic Atom, entries told apart by their kind category) and
 * Takeout's feed.atom (blogger:type and friends). Each entry is read by whichever shape it has,
 * so a Takeout file without the classic categories imports as well as a classic one.
 */
export function bloggerReader(root: XmlRoot): {
  reader: RecordReader;
  finish(): ImportedSite;
} {
  const takeout = Object.values(root.namespaces).includes(BLOGGER_2018);
  const site: ImportedSite = {
    format: takeout ? "blogger-takeout" : "blogger",
    label: takeout ? "Blogger Takeout" : "Blogger",
    posts: [],
    comments: [],
    skipped: [],
  };
  const pending: PendingComment[] = [];
  const origin = (id: string) => `blogger:${id}`;

  const onRecord = (entry: XmlNode) => {
    if (entry.name !== "entry") return;
    const id = textOf(entry, "id");
    const kind = entryKind(entry);
    const title = textOf(entry, "title");
    if (kind === "post" || kind === "page") {
      const status = textOf(entry, "status", isTakeout).toUpperCase();
      if (["SOFT_TRASHED", "DELETED", "TRASHED"].includes(status)) {
        site.skipped.push({
          what: `${kind} "${title}" (${id})`,
          why: `it is in the old blog's trash (${status})`,
        });
        return;
      }
      const control = childNamed(entry, "control", (uri) => APP.test(uri));
      const draft =
        (control !== undefined && textOf(control, "draft") === "yes") ||
        (status !== "" && status !== "LIVE");
      const address =
        textOf(entry, "filename", isTakeout) ||
        linkHref(entry, "alternate") ||
        "";
      const published = textOf(entry, "published");
      const date = parseDate(published) ?? parseDate(textOf(entry, "updated"));
      site.posts.push({
        origin: origin(id),
        kind,
        title: title || "Untitled",
        date: calendarDay(published) ?? calendarDay(date) ?? "1970-01-01",
        author: authorOf(entry).name ?? "Anonymous",
        body: childNamed(entry, "content")?.text ?? "",
        excerpt: "",
        tags: childrenNamed(entry, "category")
          // Labels: every category but the kind (Takeout does not use the classic scheme).
          .filter((category) => category.attributes.scheme !== KIND_SCHEME)
          .map((category) => category.attributes.term ?? "")
          .filter((term) => term !== ""),
        draft,
        commentsClosed: false,
        slug: slugFromAddress(address) || slugify(title),
        oldAddresses: address ? [address] : [],
      });
      return;
    }
    if (kind === "comment") {
      const author = authorOf(entry);
      const status = textOf(entry, "status", isTakeout).toUpperCase();
      const postId =
        textOf(entry, "parent", isTakeout) ||
        (childNamed(entry, "in-reply-to", (uri) => uri === THREAD)?.attributes
          .ref ??
          "");
      const related = linkHref(entry, "related");
      const parentRef =
        textOf(entry, "inReplyTo", isTakeout) ||
        (related ? (/(\d+)\/?$/.exec(related)?.[1] ?? null) : null);
      const createdAt = parseDate(textOf(entry, "published"));
      if (!postId || !createdAt) {
        site.skipped.push({
          what: `comment ${id}`,
          why: !postId ? "it names no post" : "it has no readable date",
        });
        return;
      }
      pending.push({
        origin: origin(id),
        target: { kind: "post", origin: origin(postId) },
        parentRef: parentRef || null,
        authorName: author.name,
        email: author.email,
        address: null,
        createdAt,
        body: childNamed(entry, "content")?.text ?? "",
        state: commentState(status),
      });
      return;
    }
    if (kind !== "settings" && kind !== "template") {
      site.skipped.push({
        what: `entry ${id || `at line ${entry.line}`}`,
        why: `Blogger entries of kind "${kind}" are not imported`,
      });
    }
  };

  return {
    reader: { recordDepth: 2, onRecord },
    finish() {
      // A classic reply names its parent by number only ("…/comments/default/123").
      const byOrigin = new Set(pending.map((comment) => comment.origin));
      const byNumber = new Map(
        pending.map((comment) => [
          /(\d+)$/.exec(comment.origin)?.[1] ?? comment.origin,
          comment.origin,
        ]),
      );
      site.comments = pending.map(({ parentRef, ...comment }) => {
        let parentOrigin: string | null = null;
        if (parentRef !== null) {
          const full = origin(parentRef);
          parentOrigin = byOrigin.has(full)
            ? full
            : (byNumber.get(parentRef) ?? full);
          // Blogger links a top-level comment to itself or to its post; that is no parent.
          if (
            parentOrigin === comment.origin ||
            (comment.target.kind === "post" &&
              parentOrigin === comment.target.origin)
          )
            parentOrigin = null;
        }
        return { ...comment, parentOrigin };
      });
      return site;
    },
  };
}

function entryKind(entry: XmlNode): string {
  const type = textOf(entry, "type", isTakeout);
  if (type) return type.toLowerCase();
  const term = childrenNamed(entry, "category").find(
    (category) => category.attributes.scheme === KIND_SCHEME,
  )?.attributes.term;
  return term ? (/#(\w+)$/.exec(term)?.[1] ?? "unknown") : "unknown";
}

function linkHref(entry: XmlNode, rel: string): string | undefined {
  return childrenNamed(entry, "link").find(
    (link) => link.attributes.rel === rel && link.attributes.href,
  )?.attributes.href;
}

function authorOf(entry: XmlNode): {
  name: string | null;
  email: string | null;
} {
  const author = childNamed(entry, "author");
  if (!author) return { name: null, email: null };
  const type = textOf(author, "type", isTakeout).toUpperCase();
  const name = textOf(author, "name");
  const email = textOf(author, "email");
  return {
    name: type === "ANONYMOUS" ? null : name || null,
    email: email && email !== NO_EMAIL ? email : null,
  };
}

function commentState(takeoutStatus: string): CommentState {
  switch (takeoutStatus) {
    case "":
    case "LIVE":
      return "published";
    case "SPAM":
    case "SPAM_COMMENT":
      return "spam";
    case "DELETED":
    case "SOFT_TRASHED":
    case "TRASHED":
      return "removed";
    default:
      return "pending";
  }
}

/** "/2016/05/property-marking.html" → "property-marking"; WordPress "/2010/10/17/slug/" → "slug". */
export function slugFromAddress(address: string): string {
  let path = address;
  try {
    path = new URL(address, "http://old.invalid").pathname;
  } catch {
    return "";
  }
  const last = path
    .split("/")
    .filter((part) => part !== "")
    .at(-1);
  return last ? slugify(decodeURIComponent(last).replace(/\.html?$/i, "")) : "";
}

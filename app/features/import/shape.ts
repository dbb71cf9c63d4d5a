import type { CommentState } from "../../domain/comment-states";

/** The formats an export file can be in, each read by its own importer. */
export type ImportFormat =
  "blogger" | "blogger-takeout" | "wordpress" | "disqus" | "lookout";

/** A post (or a page: Lookout has only posts) as the old system described it. */
export type ImportedPost = {
  /** Unique across every system: "blogger:tag:blogger.com,1999:blog-1.post-2". */
  origin: string;
  kind: "post" | "page";
  title: string;
  /** The calendar day as the old blog showed it, YYYY-MM-DD. */
  date: string;
  author: string;
  /** The body as HTML (or Markdown when `markdown` is set). */
  body: string;
  markdown?: boolean;
  /** Text for the summary; the first sentences of the body when empty. */
  excerpt: string;
  tags: string[];
  draft: boolean;
  commentsClosed: boolean;
  /** The slug the old address suggests. */
  slug: string;
  /** The post's addresses on the old blog, absolute or not, to redirect. */
  oldAddresses: string[];
  /** A whole post file, written as it is (a Lookout export), instead of one made from the fields. */
  source?: string;
};

/** Which post a comment belongs to: one in the same file, or (Disqus) one found by address or title. */
export type CommentTarget =
  | { kind: "post"; origin: string }
  | { kind: "thread"; origin: string; link: string; title: string };

export type ImportedComment = {
  origin: string;
  target: CommentTarget;
  parentOrigin: string | null;
  /** Null or empty for an anonymous comment. */
  authorName: string | null;
  /** Only ever stored as a keyed hash. */
  email: string | null;
  /** Only ever stored as a keyed hash. */
  address: string | null;
  createdAt: Date;
  /** HTML (or Markdown when `markdown` is set). */
  body: string;
  markdown?: boolean;
  state: CommentState;
  /** Its number in the old discussion, kept when it is free (a Lookout export). */
  number?: number | null;
};

/** Something in the file that is not imported, and why. */
export type Skipped = { what: string; why: string };

/** What an importer read from a file: everything the writer needs, nothing more. */
export type ImportedSite = {
  format: ImportFormat;
  /** The format's name for people: "Blogger", "WordPress", … */
  label: string;
  posts: ImportedPost[];
  comments: ImportedComment[];
  skipped: Skipped[];
};

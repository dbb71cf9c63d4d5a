import { Document, isSeq } from "yaml";
import type { CommentsMode, PostSource } from "./post-source";
import { slugify } from "./slug";

/** What an editor sets on a post: every field of its file, the body as typed. */
export type PostFields = {
  slug: string;
  title: string;
  date: string;
  /** "HH:MM" in UTC, or null for the start of the date. */
  time: string | null;
  author: string;
  summary: string;
  tags: string[];
  area: string | null;
  comments: CommentsMode;
  draft: boolean;
  body: string;
};

/**
 * A body as the file keeps it: no blank lines before the first line of text (the file puts one
 * after the front matter), Windows line ends made plain, and one line end at the end.
 */
export function normaliseBody(body: string): string {
  const text = body
    .replace(/\r\n?/g, "\n")
    .replace(/^(?:[ \t]*\n)+/, "")
    .trimEnd();
  return text === "" ? "" : `${text}\n`;
}

/** The fields of a parsed post, as the writing desk's form shows them. */
export function fieldsOfSource(post: PostSource): PostFields {
  return {
    slug: post.slug,
    title: post.title,
    date: post.date,
    time: post.time,
    author: post.author,
    summary: post.summary,
    tags: post.tags,
    area: post.area,
    comments: post.comments,
    draft: post.draft,
    body: normaliseBody(post.body),
  };
}

/**
 * The Markdown file a person would write by hand for these fields: the front matter in a stable
 * order (title, slug, date, time, author, summary, tags, area, comments, draft), a value quoted
 * only when YAML would otherwise read it as something else (a number, `true`, a comment, a
 * list), fields left at their default left out (no time, no tags, no area, not a draft), then a
 * blank line and the body. `fileName` is the file it is written to: the slug is written only
 * when the file's name would not give it. `parsePostSource` reads the result back to the same
 * fields.
 */
export function writePostSource(
  fields: PostFields,
  fileName = `${fields.slug}.md`,
): string {
  const front: Record<string, unknown> = { title: fields.title };
  const fileSlug = slugify(fileName.replace(/^.*\//, "").replace(/\.md$/i, ""));
  if (fileSlug !== fields.slug) front.slug = fields.slug;
  front.date = fields.date;
  if (fields.time !== null) front.time = fields.time;
  front.author = fields.author;
  front.summary = fields.summary;
  if (fields.tags.length > 0) front.tags = fields.tags;
  if (fields.area !== null) front.area = fields.area;
  front.comments = fields.comments;
  if (fields.draft) front.draft = true;

  const document = new Document(front);
  const tags = document.get("tags", true);
  // `tags: [bikes, street lighting]`, as the README writes them.
  if (isSeq(tags)) tags.flow = true;
  const yaml = document.toString({
    lineWidth: 0,
    flowCollectionPadding: false,
  });
  const body = normaliseBody(fields.body);
  return `---\n${yaml}---\n${body === "" ? "" : `\n${body}`}`;
}

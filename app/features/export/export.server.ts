import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { asc } from "drizzle-orm";
import type { Db } from "../../../db/client.server";
import {
  comments,
  moderationLog,
  oldAddresses,
  posts,
  postTags,
  settings,
} from "../../../db/schema";
import { parsePostSource } from "../../domain/post-source";

export const EXPORT_FORMAT = "lookout-export";
export const EXPORT_VERSION = 1;

/**
 * Everything a board owns, as one JSON document (docs/export-format.md): posts with their
 * files, comments with their threads and states, the moderation log and the settings. Nothing
 * that could sign someone in or trace a person: no accounts, sessions, emails, addresses or
 * their keyed hashes.
 */
export function buildJsonExport(
  db: Db,
  contentDir: string,
  board: string,
  now: Date,
) {
  const tagRows = db
    .select()
    .from(postTags)
    .orderBy(asc(postTags.postId), asc(postTags.position))
    .all();
  const addressRows = db.select().from(oldAddresses).all();
  const postRows = db.select().from(posts).orderBy(asc(posts.id)).all();
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    board,
    exportedAt: now.toISOString(),
    settings: Object.fromEntries(
      db
        .select()
        .from(settings)
        .all()
        .map((row) => [row.key, row.value]),
    ),
    posts: postRows.map((post) => {
      const path = join(contentDir, post.sourcePath);
      const source = existsSync(path) ? readFileSync(path, "utf8") : null;
      const parsed =
        source === null ? null : parsePostSource(post.sourcePath, source);
      return {
        id: post.id,
        slug: post.slug,
        status: post.status,
        title: post.title,
        date: post.date,
        author: post.author,
        area: post.area,
        summary: post.summary,
        tags: tagRows
          .filter((tag) => tag.postId === post.id)
          .map((tag) => tag.tag),
        comments: post.commentsMode,
        file: post.sourcePath,
        // The file as it is, when it still is what the site shows.
        source: parsed?.ok && parsed.post.slug === post.slug ? source : null,
        oldAddresses: addressRows
          .filter((row) => row.postId === post.id)
          .map((row) => row.path),
      };
    }),
    comments: db
      .select({
        id: comments.id,
        postId: comments.postId,
        parentId: comments.parentId,
        number: comments.number,
        state: comments.state,
        posterClass: comments.posterClass,
        authorName: comments.authorName,
        bodyMarkdown: comments.bodyMarkdown,
        createdAt: comments.createdAt,
        publishedAt: comments.publishedAt,
      })
      .from(comments)
      .orderBy(asc(comments.id))
      .all()
      .map((comment) => ({
        ...comment,
        createdAt: comment.createdAt.toISOString(),
        publishedAt: comment.publishedAt?.toISOString() ?? null,
      })),
    moderationLog: db
      .select({
        id: moderationLog.id,
        createdAt: moderationLog.createdAt,
        actor: moderationLog.actor,
        action: moderationLog.action,
        commentId: moderationLog.commentId,
        postId: moderationLog.postId,
        posterClass: moderationLog.posterClass,
        reasons: moderationLog.reasons,
        note: moderationLog.note,
      })
      .from(moderationLog)
      .orderBy(asc(moderationLog.id))
      .all()
      .map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })),
  };
}

export type JsonExport = ReturnType<typeof buildJsonExport>;

const cdata = (text: string) =>
  `<![CDATA[${text.replaceAll("]]>", "]]]]><![CDATA[>")}]]>`;
const escapeXml = (text: string) =>
  text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
const wpDate = (date: Date) =>
  date.toISOString().slice(0, 19).replace("T", " ");

const APPROVAL: Record<string, string> = {
  published: "1",
  pending: "0",
  spam: "spam",
  removed: "trash",
  deleted: "trash",
  rejected: "trash",
};

/**
 * WordPress eXtended RSS 1.2 for WordPress's own importer: published posts and drafts with
 * their rendered bodies and tags, and their comments with threads and approval state.
 */
export function buildWxr(
  db: Db,
  siteUrl: string,
  name: string,
  now: Date,
): string {
  const postRows = db
    .select()
    .from(posts)
    .orderBy(asc(posts.id))
    .all()
    .filter((post) => post.status !== "unpublished");
  const tagRows = db.select().from(postTags).all();
  const commentRows = db
    .select({
      id: comments.id,
      postId: comments.postId,
      parentId: comments.parentId,
      state: comments.state,
      authorName: comments.authorName,
      bodyHtml: comments.bodyHtml,
      createdAt: comments.createdAt,
    })
    .from(comments)
    .orderBy(asc(comments.id))
    .all();
  const items = postRows.map((post) => {
    const tags = tagRows
      .filter((tag) => tag.postId === post.id)
      .map(
        (tag) =>
          `\t\t<category domain="post_tag" nicename="${escapeXml(tag.tagSlug)}">${cdata(tag.tag)}</category>`,
      );
    const threaded = commentRows
      .filter((comment) => comment.postId === post.id)
      .map((comment) =>
        [
          "\t\t<wp:comment>",
          `\t\t\t<wp:comment_id>${comment.id}</wp:comment_id>`,
          `\t\t\t<wp:comment_author>${cdata(comment.authorName ?? "Anonymous")}</wp:comment_author>`,
          `\t\t\t<wp:comment_date>${wpDate(comment.createdAt)}</wp:comment_date>`,
          `\t\t\t<wp:comment_date_gmt>${wpDate(comment.createdAt)}</wp:comment_date_gmt>`,
          `\t\t\t<wp:comment_content>${cdata(comment.state === "removed" || comment.state === "deleted" ? "" : comment.bodyHtml)}</wp:comment_content>`,
          `\t\t\t<wp:comment_approved>${APPROVAL[comment.state]}</wp:comment_approved>`,
          "\t\t\t<wp:comment_type>comment</wp:comment_type>",
          `\t\t\t<wp:comment_parent>${comment.parentId ?? 0}</wp:comment_parent>`,
          "\t\t</wp:comment>",
        ].join("\n"),
      );
    return [
      "\t<item>",
      `\t\t<title>${cdata(post.title)}</title>`,
      `\t\t<link>${escapeXml(`${siteUrl}/posts/${post.slug}`)}</link>`,
      `\t\t<dc:creator>${cdata(post.author)}</dc:creator>`,
      `\t\t<guid isPermaLink="true">${escapeXml(`${siteUrl}/posts/${post.slug}`)}</guid>`,
      `\t\t<content:encoded>${cdata(post.bodyHtml)}</content:encoded>`,
      `\t\t<excerpt:encoded>${cdata(post.summary)}</excerpt:encoded>`,
      `\t\t<wp:post_id>${post.id}</wp:post_id>`,
      `\t\t<wp:post_date>${post.date} 00:00:00</wp:post_date>`,
      `\t\t<wp:post_date_gmt>${post.date} 00:00:00</wp:post_date_gmt>`,
      `\t\t<wp:comment_status>${post.commentsMode === "closed" ? "closed" : "open"}</wp:comment_status>`,
      `\t\t<wp:post_name>${cdata(post.slug)}</wp:post_name>`,
      `\t\t<wp:status>${post.status === "draft" ? "draft" : "publish"}</wp:status>`,
      "\t\t<wp:post_parent>0</wp:post_parent>",
      "\t\t<wp:post_type>post</wp:post_type>",
      ...tags,
      ...threaded,
      "\t</item>",
    ].join("\n");
  });
  return [
    '<?xml version="1.0" encoding="UTF-8" ?>',
    `<!-- Exported from Lookout on ${now.toISOString()} -->`,
    '<rss version="2.0"',
    '\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"',
    '\txmlns:content="http://purl.org/rss/1.0/modules/content/"',
    '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"',
    '\txmlns:dc="http://purl.org/dc/elements/1.1/"',
    '\txmlns:wp="http://wordpress.org/export/1.2/"',
    ">",
    "<channel>",
    `\t<title>${cdata(name)}</title>`,
    `\t<link>${escapeXml(siteUrl)}</link>`,
    "\t<wp:wxr_version>1.2</wp:wxr_version>",
    `\t<wp:base_site_url>${escapeXml(siteUrl)}</wp:base_site_url>`,
    `\t<wp:base_blog_url>${escapeXml(siteUrl)}</wp:base_blog_url>`,
    ...items,
    "</channel>",
    "</rss>",
    "",
  ].join("\n");
}

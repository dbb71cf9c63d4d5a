import { sql } from "drizzle-orm";
import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
} from "drizzle-orm/sqlite-core";

import { COMMENTS_MODES } from "../app/domain/post-source";

// A post whose file disappears is unpublished, never deleted: its comments and log rows outlive it.
export const POST_STATUSES = ["published", "unpublished"] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

export const posts = sqliteTable(
  "posts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    slug: text("slug").notNull().unique(),
    title: text("title").notNull(),
    /** Calendar date of the post, YYYY-MM-DD. */
    date: text("date").notNull(),
    author: text("author").notNull(),
    area: text("area"),
    areaSlug: text("area_slug"),
    summary: text("summary").notNull(),
    commentsMode: text("comments_mode", { enum: COMMENTS_MODES })
      .notNull()
      .default("open"),
    /** Rendered and sanitized at sync time, so a page read renders nothing. */
    bodyHtml: text("body_html").notNull(),
    /** Path of the source file relative to the content folder. */
    sourcePath: text("source_path").notNull(),
    sourceHash: text("source_hash").notNull(),
    status: text("status", { enum: POST_STATUSES })
      .notNull()
      .default("published"),
    publishedCommentCount: integer("published_comment_count")
      .notNull()
      .default(0),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch() * 1000)`),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch() * 1000)`),
  },
  (table) => [
    index("posts_status_date_idx").on(table.status, table.date, table.id),
    index("posts_area_idx").on(table.areaSlug, table.status, table.date),
    index("posts_source_path_idx").on(table.sourcePath),
  ],
);

export const postTags = sqliteTable(
  "post_tags",
  {
    postId: integer("post_id")
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    tagSlug: text("tag_slug").notNull(),
    tag: text("tag").notNull(),
    position: integer("position").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.postId, table.tagSlug] }),
    index("post_tags_tag_idx").on(table.tagSlug, table.postId),
  ],
);

/** Small named JSON documents: the site settings from content/site.yml, later the moderation policy. */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value", { mode: "json" }).notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch() * 1000)`),
});

export type Post = typeof posts.$inferSelect;
export type NewPost = typeof posts.$inferInsert;
export type PostTag = typeof postTags.$inferSelect;

import { sql } from "drizzle-orm";
import {
  type AnySQLiteColumn,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

import { COMMENT_STATES } from "../app/domain/comment-states";
import { POSTER_CLASSES, type Reason } from "../app/domain/moderation-policy";
import { ALERT_SETTINGS } from "../app/domain/moderator-alerts";
import { ROLE_NAMES } from "../app/domain/permissions";
import { COMMENTS_MODES } from "../app/domain/post-source";
import { REPORT_REASONS } from "../app/domain/report-reasons";

// A post whose file disappears is unpublished, never deleted: its comments and log rows outlive it.
// A draft (front matter `draft: true`) is stored but, like an unpublished post, shown nowhere.
export const POST_STATUSES = ["published", "draft", "unpublished"] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

export const posts = sqliteTable(
  "posts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    slug: text("slug").notNull().unique(),
    title: text("title").notNull(),
    /** Calendar date of the post, YYYY-MM-DD. */
    date: text("date").notNull(),
    /** Time of day it is published on its date, "HH:MM" in UTC; null for the date's start. */
    time: text("time"),
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

/**
 * The earlier texts of a post's file, one row each time the writing desk replaced it: what the
 * file held before that save, so an editor can see what changed and restore it. Kept when the
 * post is deleted (its file moved to the trash), like its comments.
 */
export const postVersions = sqliteTable(
  "post_versions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    postId: integer("post_id")
      .notNull()
      .references(() => posts.id),
    /** The file's whole text, front matter and body, as it was on disk. */
    sourceText: text("source_text").notNull(),
    sourceHash: text("source_hash").notNull(),
    /** When the save that replaced it was made, and by whom. */
    replacedAt: integer("replaced_at", { mode: "timestamp_ms" }).notNull(),
    replacedBy: text("replaced_by").notNull(),
    replacedByUserId: integer("replaced_by_user_id"),
  },
  (table) => [
    index("post_versions_post_idx").on(table.postId, table.replacedAt),
  ],
);

export type PostVersion = typeof postVersions.$inferSelect;
export type Post = typeof posts.$inferSelect;
export type NewPost = typeof posts.$inferInsert;
export type PostTag = typeof postTags.$inferSelect;

export const comments = sqliteTable(
  "comments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    postId: integer("post_id")
      .notNull()
      .references(() => posts.id),
    parentId: integer("parent_id").references(
      (): AnySQLiteColumn => comments.id,
    ),
    /** Position in the post's discussion, given when the comment is first published. */
    number: integer("number"),
    state: text("state", { enum: COMMENT_STATES }).notNull(),
    posterClass: text("poster_class", { enum: POSTER_CLASSES }).notNull(),
    /** Null for an anonymous comment. */
    authorName: text("author_name"),
    /** HMAC of the lower-cased email: recognises a returning guest; the address itself is not kept. */
    emailKey: text("email_key"),
    /** The random id in the poster's signed guest cookie. */
    guestKey: text("guest_key"),
    /** The member who wrote it, when signed in. */
    userId: integer("user_id").references((): AnySQLiteColumn => users.id),
    /** HMAC of the client address, for flood limits and bans; the address itself is not kept. */
    addressKey: text("address_key").notNull(),
    bodyMarkdown: text("body_markdown").notNull(),
    /** Rendered and sanitized when the comment is written, so a page read renders nothing. */
    bodyHtml: text("body_html").notNull(),
    /** The policy's reasons when it held the comment, for the moderator. */
    reasons: text("reasons", { mode: "json" })
      .$type<Reason[]>()
      .notNull()
      .default([]),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    publishedAt: integer("published_at", { mode: "timestamp_ms" }),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
    /** When its author last changed its text: readers see "edited". */
    editedAt: integer("edited_at", { mode: "timestamp_ms" }),
  },
  (table) => [
    index("comments_post_number_idx").on(table.postId, table.number),
    // The pile-on brake's window: a post's comments of the last half hour, not all of them.
    index("comments_post_created_idx").on(table.postId, table.createdAt),
    index("comments_post_guest_idx").on(table.postId, table.guestKey),
    index("comments_parent_idx").on(table.parentId),
    index("comments_address_idx").on(table.addressKey, table.createdAt),
    index("comments_guest_idx").on(table.guestKey, table.createdAt),
    index("comments_email_idx").on(table.emailKey, table.state),
    index("comments_state_idx").on(table.state, table.createdAt),
    // The queue narrowed to one post counts its comments from the index alone.
    index("comments_state_post_idx").on(table.state, table.postId),
    index("comments_user_idx").on(table.userId, table.createdAt),
    // Search checks each matching comment's state and number from this small index instead of
    // reading thousands of whole rows (the rows hold the comment's HTML).
    index("comments_search_idx").on(table.id, table.state, table.number),
  ],
);

/**
 * The text a comment had before each of its author's edits, for moderators only. Erased with the
 * comment's text when its author deletes it.
 */
export const commentVersions = sqliteTable(
  "comment_versions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    commentId: integer("comment_id")
      .notNull()
      .references(() => comments.id),
    bodyMarkdown: text("body_markdown").notNull(),
    /** Rendered and sanitized when it was written, like the comment's own. */
    bodyHtml: text("body_html").notNull(),
    /** When this text was replaced by the next. */
    replacedAt: integer("replaced_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("comment_versions_comment_idx").on(table.commentId)],
);

/**
 * Append-only record of every moderation decision, by the policy or a person. No foreign
 * keys on purpose: the history outlives the comments and posts it speaks of.
 */
export const moderationLog = sqliteTable(
  "moderation_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    /** "policy", or the account that acted. */
    actor: text("actor").notNull(),
    actorUserId: integer("actor_user_id"),
    action: text("action").notNull(),
    commentId: integer("comment_id"),
    postId: integer("post_id"),
    posterClass: text("poster_class"),
    /** The poster's keys, so a log row can be traced to bans without naming anyone. */
    addressKey: text("address_key"),
    guestKey: text("guest_key"),
    reasons: text("reasons", { mode: "json" })
      .$type<Reason[]>()
      .notNull()
      .default([]),
    note: text("note"),
  },
  (table) => [
    index("moderation_log_created_idx").on(table.createdAt, table.id),
    index("moderation_log_comment_idx").on(table.commentId),
    // The log's "By" filter lists who has acted by hopping through this index, one name at a time.
    index("moderation_log_actor_idx").on(table.actor),
  ],
);

export type Comment = typeof comments.$inferSelect;
export type NewComment = typeof comments.$inferInsert;
export type ModerationLogRow = typeof moderationLog.$inferSelect;

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Lower-cased; used to sign in, never shown to readers. */
    email: text("email").notNull().unique(),
    displayName: text("display_name").notNull(),
    /** scrypt, with its parameters and salt: see app/features/accounts/password.server.ts. */
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ROLE_NAMES }).notNull().default("member"),
    /** A moderator has checked that this member is a real resident. */
    verified: integer("verified", { mode: "boolean" }).notNull().default(false),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  // Each held comment alerts the moderators: found by their role, not by reading every member.
  (table) => [index("users_role_idx").on(table.role)],
);

export const sessions = sqliteTable(
  "sessions",
  {
    /** SHA-256 of the token in the cookie, so a copy of the database signs nobody in. */
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("sessions_user_idx").on(table.userId)],
);

/** Failed sign-ins, keyed by address and by email (both HMACs), for rate limiting. */
export const signInFailures = sqliteTable(
  "sign_in_failures",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    key: text("key").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("sign_in_failures_key_idx").on(table.key, table.createdAt)],
);

export const BAN_KINDS = ["user", "email", "address", "guest"] as const;
export type BanKind = (typeof BAN_KINDS)[number];

export const bans = sqliteTable(
  "bans",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: BAN_KINDS }).notNull(),
    /** The user id, or the HMAC key of the email, address or guest cookie. */
    value: text("value").notNull(),
    reason: text("reason").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    /** Null for a ban without end. */
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }),
    createdBy: integer("created_by").references(() => users.id),
    liftedAt: integer("lifted_at", { mode: "timestamp_ms" }),
    /** What the moderator saw when banning, e.g. "Anonymous, comment #4 on Sheds". */
    label: text("label").notNull(),
  },
  (table) => [index("bans_kind_value_idx").on(table.kind, table.value)],
);

export const reports = sqliteTable(
  "reports",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    commentId: integer("comment_id")
      .notNull()
      .references(() => comments.id),
    /** One report per reader: "user:<id>" or "guest:<guest key>". */
    reporterKey: text("reporter_key").notNull(),
    /**
     * The reporter's guest cookie and keyed address (HMAC), so one person is one reporter
     * whichever key they change; null on reports made before they were kept.
     */
    guestKey: text("guest_key"),
    addressKey: text("address_key"),
    reason: text("reason", { enum: REPORT_REASONS }).notNull(),
    note: text("note"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    dismissedAt: integer("dismissed_at", { mode: "timestamp_ms" }),
    dismissedBy: integer("dismissed_by").references(() => users.id),
  },
  (table) => [
    uniqueIndex("reports_comment_reporter_idx").on(
      table.commentId,
      table.reporterKey,
    ),
    index("reports_open_idx").on(table.dismissedAt, table.createdAt),
    // A reporter's recent reports by any of their keys, for the report rate limit.
    index("reports_reporter_idx").on(table.reporterKey, table.createdAt),
    index("reports_guest_idx").on(table.guestKey, table.createdAt),
    index("reports_address_idx").on(table.addressKey, table.createdAt),
  ],
);

export type User = typeof users.$inferSelect;
export type Ban = typeof bans.$inferSelect;
export type Report = typeof reports.$inferSelect;

export const IMPORTED_KINDS = ["post", "comment"] as const;

/**
 * What each imported post and comment was called in the system it came from ("blogger:tag:…",
 * "wordpress:https://old.example/#comment-12"), so importing the same export again, or a newer
 * one of the same blog, adds only what is new.
 */
export const importOrigins = sqliteTable(
  "import_origins",
  {
    origin: text("origin").primaryKey(),
    kind: text("kind", { enum: IMPORTED_KINDS }).notNull(),
    /** The post's or the comment's id here. */
    localId: integer("local_id").notNull(),
    importedAt: integer("imported_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [
    // The post page reads its comments' origins with their text, for their old anchors
    // (app/domain/old-anchors.ts).
    index("import_origins_local_idx").on(table.localId, table.kind),
  ],
);

/**
 * Addresses a post had on the old blog ("/2016/05/marking.html", "/?p=123"), normalised by
 * oldAddressKey, each answered with a permanent redirect to the post.
 */
export const oldAddresses = sqliteTable("old_addresses", {
  path: text("path").primaryKey(),
  postId: integer("post_id")
    .notNull()
    .references(() => posts.id),
});

export const OUTBOX_STATES = ["queued", "sending", "sent", "failed"] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/**
 * Mail waiting to be sent, queued in the transaction of the change that causes it. Once sent
 * or given up, the address and the text are erased: the row stays, keyed, for rate limits.
 */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Which message it is, such as "password-reset": see app/features/mail/messages.server.ts. */
    kind: text("kind").notNull(),
    /** Empty once the message has left. */
    toAddress: text("to_address").notNull(),
    /** HMAC of the lower-cased address, for the per-address limit. */
    recipientKey: text("recipient_key").notNull(),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    htmlBody: text("html_body").notNull(),
    state: text("state", { enum: OUTBOX_STATES }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at", {
      mode: "timestamp_ms",
    }).notNull(),
    /** While "sending": when another process may take the message over (its sender died). */
    leaseUntil: integer("lease_until", { mode: "timestamp_ms" }),
    lastError: text("last_error"),
    /** The one-click unsubscribe link of a notice, sent as List-Unsubscribe; erased with the text. */
    unsubscribeUrl: text("unsubscribe_url"),
    /** What a notice is about ("comment:<id>"), so an undone decision can take it back unsent. */
    regarding: text("regarding"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
  },
  (table) => [
    index("outbox_due_idx").on(table.state, table.nextAttemptAt),
    index("outbox_recipient_idx").on(table.recipientKey, table.createdAt),
  ],
);

/**
 * Single-use links sent by email (password reset, email confirmation). Only a keyed hash of
 * the token is kept, so a copy of the database opens nothing.
 */
export const accountTokens = sqliteTable(
  "account_tokens",
  {
    /** HMAC of the purpose and the token. */
    tokenHash: text("token_hash").primaryKey(),
    purpose: text("purpose").notNull(),
    /** The member the link is for; null for a link to a guest's address (its key is the detail). */
    userId: integer("user_id").references(() => users.id, {
      onDelete: "cascade",
    }),
    /** What the link is for beyond its purpose, such as the new address of an email change. */
    detail: text("detail"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
  },
  (table) => [
    index("account_tokens_user_idx").on(table.userId, table.purpose),
    // A guest's pending confirmation is found by its address key.
    index("account_tokens_detail_idx").on(table.purpose, table.detail),
  ],
);

/**
 * Members who have not yet followed the link sent at sign-up; until they do, their comments
 * are treated as a named guest's. No row: confirmed (accounts made before sign-up sent links
 * have none). A table of its own, so the users table keeps its shape.
 */
export const unconfirmedEmails = sqliteTable("unconfirmed_emails", {
  userId: integer("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
});

/** Requests that may send mail (a reset, a resend), keyed by client address, for rate limits. */
export const mailRequests = sqliteTable(
  "mail_requests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    key: text("key").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("mail_requests_key_idx").on(table.key, table.createdAt)],
);

export type OutboxRow = typeof outbox.$inferSelect;
export type AccountToken = typeof accountTokens.$inferSelect;

/**
 * What each moderator or admin chose on their account page for alerts about held comments and
 * reports. No row: the default (the first hold in an hour at once, the rest in an hourly digest).
 */
export const moderatorAlertSettings = sqliteTable("moderator_alert_settings", {
  userId: integer("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  setting: text("setting", { enum: ALERT_SETTINGS }).notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

export const ALERT_ITEM_KINDS = ["held", "report"] as const;

/**
 * One held comment or report, for one moderator: sent at once (sentAt set when queued) or
 * waiting for their next digest (sentAt null until it goes out).
 */
export const moderatorAlertItems = sqliteTable(
  "moderator_alert_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ALERT_ITEM_KINDS }).notNull(),
    // A comment or report deleted with its author's account takes its alerts with it.
    commentId: integer("comment_id")
      .notNull()
      .references(() => comments.id, { onDelete: "cascade" }),
    reportId: integer("report_id").references(() => reports.id, {
      onDelete: "cascade",
    }),
    route: text("route", { enum: ["immediate", "digest"] }).notNull(),
    queuedAt: integer("queued_at", { mode: "timestamp_ms" }).notNull(),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
  },
  (table) => [
    index("moderator_alert_items_user_idx").on(
      table.userId,
      table.sentAt,
      table.queuedAt,
    ),
  ],
);

export const ALERT_SEND_KINDS = ["immediate", "digest", "reminder"] as const;

/** Each alert mail that went to a moderator, for the rules on when the next one may. */
export const moderatorAlertSends = sqliteTable(
  "moderator_alert_sends",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ALERT_SEND_KINDS }).notNull(),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [
    index("moderator_alert_sends_user_idx").on(
      table.userId,
      table.kind,
      table.sentAt,
    ),
  ],
);

/**
 * The outcome of a form posted without JavaScript, kept for the page the browser is sent to
 * next (post, redirect, get): what was typed and the message, for that browser only. Keyed by
 * a keyed hash of a random id that only the browser's cookie holds; read once, kept minutes.
 */
export const formOutcomes = sqliteTable(
  "form_outcomes",
  {
    keyHash: text("key_hash").primaryKey(),
    /** The action's answer, as JSON. */
    payload: text("payload").notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("form_outcomes_expires_idx").on(table.expiresAt)],
);

/** Addresses that followed a confirmation link; a guest is mailed only after this. Keyed hash only. */
export const confirmedAddresses = sqliteTable("confirmed_addresses", {
  addressKey: text("address_key").primaryKey(), // emailKey(address)
  confirmedAt: integer("confirmed_at", { mode: "timestamp_ms" }).notNull(),
});

export const SUBSCRIPTION_KINDS = [
  "comment-outcome",
  "replies",
  "discussion",
  "area",
  "tag",
] as const;
export type SubscriptionKind = (typeof SUBSCRIPTION_KINDS)[number];
export const SUBSCRIPTION_CADENCES = ["immediate", "hourly", "weekly"] as const;
export type SubscriptionCadence = (typeof SUBSCRIPTION_CADENCES)[number];

/** What an address asked to be told about; the address is kept only while the subscription lives. */
export const subscriptions = sqliteTable(
  "subscriptions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: SUBSCRIPTION_KINDS }).notNull(),
    /** A comment id (comment-outcome, replies), a post id (discussion), an area or tag slug. */
    target: text("target").notNull(),
    userId: integer("user_id").references(() => users.id, {
      onDelete: "cascade",
    }),
    address: text("address").notNull(),
    addressKey: text("address_key").notNull(),
    cadence: text("cadence", { enum: SUBSCRIPTION_CADENCES })
      .notNull()
      .default("immediate"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    /** When the last message for it was queued: the start of the next batch. */
    lastSentAt: integer("last_sent_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("subscriptions_target_idx").on(t.kind, t.target),
    index("subscriptions_address_idx").on(t.addressKey),
    uniqueIndex("subscriptions_unique_idx").on(t.kind, t.target, t.addressKey),
  ],
);

export type Subscription = typeof subscriptions.$inferSelect;

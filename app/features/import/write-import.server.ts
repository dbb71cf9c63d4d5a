import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "../../../db/client.server";
import {
  comments,
  importOrigins,
  oldAddresses,
  posts,
} from "../../../db/schema";
import type { CommentState } from "../../domain/comment-states";
import type { PosterClass } from "../../domain/moderation-policy";
import { oldAddressKey } from "../../domain/old-address";
import { parsePostSource } from "../../domain/post-source";
import { SITE_SETTINGS_FILE } from "../../domain/site-settings";
import { isDeskPageName, slugify } from "../../domain/slug";
import { logDecision, type Actor } from "../moderation/moderation.server";
import { POSTS_FOLDER, syncContent } from "../posts/content-sync.server";
import { renderCommentMarkdown } from "../../platform/markdown.server";
import { addressKey, emailKey } from "../../platform/secrets.server";
import { htmlToMarkdown } from "./html-to-markdown.server";
import type {
  ImportedComment,
  ImportedPost,
  ImportedSite,
  Skipped,
} from "./shape";
import { ImportFileError } from "./xml-reader.server";

/** Who the moderation log says acted on an imported comment. */
const THE_IMPORT: Actor = { name: "import", userId: null };

export type ImportSummary = {
  label: string;
  dryRun: boolean;
  /** Slugs of the posts added (drafts included). */
  postsAdded: string[];
  pagesAdded: number;
  draftsAdded: number;
  postsAlreadyHere: number;
  commentsAdded: number;
  commentsAlreadyHere: number;
  byState: Partial<Record<CommentState, number>>;
  byClass: Partial<Record<PosterClass, number>>;
  redirects: number;
  skipped: Skipped[];
};

type Options = {
  dryRun: boolean;
  now: Date;
  /** Names the file in the moderation log: "imported from Blogger (blog.xml)". */
  fileName: string;
  onComment?: (done: number, total: number) => void;
};

class DryRunRollback extends Error {}

/**
 * Writes what an importer read: post files through the content sync, comments into the
 * database with their threads, states and log rows, and the old addresses to redirect, all in
 * one transaction. The new post files are made in a folder of their own and moved into
 * content/posts only once it has committed, so a failed import leaves nothing behind.
 * Items whose origin is already here are left alone, so running it again adds only what is new.
 */
export function writeImport(
  db: Db,
  contentDir: string,
  site: ImportedSite,
  options: Options,
): ImportSummary {
  const summary: ImportSummary = {
    label: site.label,
    dryRun: options.dryRun,
    postsAdded: [],
    pagesAdded: 0,
    draftsAdded: 0,
    postsAlreadyHere: 0,
    commentsAdded: 0,
    commentsAlreadyHere: 0,
    byState: {},
    byClass: {},
    redirects: 0,
    skipped: [...site.skipped],
  };
  site = withoutRepeats(site, summary.skipped);
  const known = knownOrigins(db, [
    ...site.posts.map((post) => post.origin),
    ...site.comments.map((comment) => comment.origin),
  ]);

  const postsFolder = join(contentDir, POSTS_FOLDER);
  mkdirSync(postsFolder, { recursive: true });
  // Inside content/ so the final move is a rename on the same disk; the sync reads only posts/.
  const staging = mkdtempSync(join(contentDir, ".import-"));
  try {
    const newPosts = prepareFiles(db, site.posts, known, postsFolder, summary);
    stageContent(contentDir, staging, newPosts);

    try {
      db.transaction(
        (tx) => {
          const synced = syncContent(db, staging);
          const failed = synced.failed.find((problem) =>
            newPosts.some((post) => problem.file === post.file),
          );
          if (failed) {
            throw new ImportFileError(
              `the post made from it would not load (${failed.file}:${failed.line}: ${failed.message})`,
            );
          }
          const postIds = new Map<string, number>();
          for (const row of knownPostRows(tx, known))
            postIds.set(row.origin, row.localId);
          for (const post of newPosts) {
            const id = tx
              .select({ id: posts.id })
              .from(posts)
              .where(eq(posts.slug, post.slug))
              .get()!.id;
            postIds.set(post.imported.origin, id);
            remember(tx, post.imported.origin, "post", id, options.now);
            summary.redirects += storeOldAddresses(
              tx,
              post.imported.oldAddresses,
              id,
            );
          }
          writeComments(tx, site, known, postIds, summary, options);
          if (options.dryRun) throw new DryRunRollback();
        },
        { behavior: "immediate" },
      );
    } catch (error) {
      if (!(error instanceof DryRunRollback)) throw error;
    }
    if (!options.dryRun) {
      for (const post of newPosts) {
        renameSync(join(staging, post.file), join(contentDir, post.file));
      }
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return summary;
}

/** A file that names one post or comment twice keeps the first. */
function withoutRepeats(site: ImportedSite, skipped: Skipped[]): ImportedSite {
  const firstOnly = <T extends { origin: string }>(
    items: T[],
    kind: string,
  ) => {
    const seen = new Set<string>();
    return items.filter((item) => {
      if (!seen.has(item.origin)) {
        seen.add(item.origin);
        return true;
      }
      skipped.push({
        what: `${kind} ${item.origin}`,
        why: "the file has another with the same id: the first was imported",
      });
      return false;
    });
  };
  return {
    ...site,
    posts: firstOnly(site.posts, "post"),
    comments: firstOnly(site.comments, "comment"),
  };
}

type NewPost = {
  imported: ImportedPost;
  slug: string;
  file: string;
  text: string;
};

/** The files of the posts not yet here, each checked as the sync will read it. */
function prepareFiles(
  db: Db,
  imported: ImportedPost[],
  known: Set<string>,
  postsFolder: string,
  summary: ImportSummary,
): NewPost[] {
  const taken = new Set(
    db
      .select({ slug: posts.slug })
      .from(posts)
      .all()
      .map((row) => row.slug),
  );
  const result: NewPost[] = [];
  for (const post of imported) {
    if (known.has(post.origin)) {
      summary.postsAlreadyHere += 1;
      continue;
    }
    const base = slugify(post.slug) || slugify(post.title) || "imported-post";
    let slug = base;
    for (
      let n = 2;
      taken.has(slug) ||
      isDeskPageName(slug) ||
      existsSync(join(postsFolder, `${slug}.md`));
      n++
    ) {
      slug = `${base}-${n}`;
    }
    taken.add(slug);
    const file = `${POSTS_FOLDER}/${slug}.md`;
    const text = post.source ?? postFileText(post);
    const parsed = parsePostSource(file, text);
    if (!parsed.ok) {
      throw new ImportFileError(
        `the ${post.kind} "${post.title}" cannot be made into a post: line ${parsed.problem.line}: ${parsed.problem.message}`,
      );
    }
    result.push({ imported: post, slug, file, text });
    summary.postsAdded.push(slug);
    if (post.kind === "page") summary.pagesAdded += 1;
    if (parsed.post.draft) summary.draftsAdded += 1;
  }
  return result;
}

/** A post file in the shape the sync reads (README, "Writing a post"). */
export function postFileText(post: ImportedPost): string {
  const body = post.markdown ? post.body : htmlToMarkdown(post.body);
  const summary = summaryOf(
    post.excerpt ? htmlToMarkdown(post.excerpt) : body,
    post.title,
  );
  const tags = [...new Set(post.tags.filter((tag) => slugify(tag) !== ""))];
  const lines = [
    "---",
    `title: ${JSON.stringify(post.title.slice(0, 200))}`,
    `date: ${post.date}`,
    `author: ${JSON.stringify(post.author.slice(0, 100))}`,
    `summary: ${JSON.stringify(summary)}`,
    ...(tags.length > 0
      ? [`tags: [${tags.map((tag) => JSON.stringify(tag)).join(", ")}]`]
      : []),
    ...(post.commentsClosed ? ["comments: closed"] : []),
    ...(post.draft ? ["draft: true"] : []),
    "---",
    "",
  ];
  return `${lines.join("\n")}${body}\n`;
}

/** The first sentences of a text, as plain as Markdown allows, within the summary's 500 characters. */
export function summaryOf(markdown: string, fallback: string): string {
  const plain = markdown
    .replace(/<[^>]*>/g, " ")
    .replace(/!\[[^\]]*\]\([^)]*\)/g, " ")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[#*_`>|-]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (plain === "") return fallback.slice(0, 500);
  const sentences = plain.match(/[^.!?]+[.!?]+(\s|$)|[^.!?]+$/g) ?? [plain];
  let summary = "";
  for (const sentence of sentences) {
    if (summary !== "" && (summary + sentence).length > 200) break;
    summary += sentence;
  }
  summary = summary.trim();
  return summary.length > 500 ? `${summary.slice(0, 497)}…` : summary;
}

/** A content folder for the sync: the site's own post files and settings, and the new files. */
function stageContent(
  contentDir: string,
  staging: string,
  newPosts: NewPost[],
): void {
  mkdirSync(join(staging, POSTS_FOLDER));
  const settingsFile = join(contentDir, SITE_SETTINGS_FILE);
  if (existsSync(settingsFile))
    copyFileSync(settingsFile, join(staging, SITE_SETTINGS_FILE));
  for (const name of readdirSync(join(contentDir, POSTS_FOLDER))) {
    if (name.toLowerCase().endsWith(".md")) {
      copyFileSync(
        join(contentDir, POSTS_FOLDER, name),
        join(staging, POSTS_FOLDER, name),
      );
    }
  }
  for (const post of newPosts)
    writeFileSync(join(staging, post.file), post.text);
}

function knownOrigins(db: Db, origins: string[]): Set<string> {
  const known = new Set<string>();
  // In slices: SQLite limits how many values one statement binds.
  for (let start = 0; start < origins.length; start += 500) {
    for (const row of db
      .select({ origin: importOrigins.origin })
      .from(importOrigins)
      .where(inArray(importOrigins.origin, origins.slice(start, start + 500)))
      .all()) {
      known.add(row.origin);
    }
  }
  return known;
}

function knownPostRows(tx: Tx, known: Set<string>) {
  return tx
    .select({ origin: importOrigins.origin, localId: importOrigins.localId })
    .from(importOrigins)
    .where(eq(importOrigins.kind, "post"))
    .all()
    .filter((row) => known.has(row.origin));
}

function remember(
  tx: Tx,
  origin: string,
  kind: "post" | "comment",
  localId: number,
  now: Date,
): void {
  tx.insert(importOrigins)
    .values({ origin, kind, localId, importedAt: now })
    .run();
}

function storeOldAddresses(
  tx: Tx,
  addresses: string[],
  postId: number,
): number {
  let stored = 0;
  for (const key of new Set(addresses.map(oldAddressKey))) {
    if (key === null) continue;
    stored += tx
      .insert(oldAddresses)
      .values({ path: key, postId })
      .onConflictDoNothing()
      .run().changes;
  }
  return stored;
}

const isAnonymousName = (name: string | null) =>
  name === null ||
  name.trim() === "" ||
  name.trim().toLowerCase() === "anonymous";

/** Finds the post a Disqus thread was under: by its old address, its address here, or its title. */
function findThreadPost(tx: Tx, link: string, title: string): number | null {
  const key = oldAddressKey(link);
  if (key !== null) {
    const byOldAddress = tx
      .select({ postId: oldAddresses.postId })
      .from(oldAddresses)
      .where(eq(oldAddresses.path, key))
      .get();
    if (byOldAddress) return byOldAddress.postId;
    const slug = /^\/posts\/([^/]+)$/.exec(key)?.[1];
    const bySlug = slug
      ? tx
          .select({ id: posts.id })
          .from(posts)
          .where(eq(posts.slug, slug))
          .get()
      : undefined;
    if (bySlug) return bySlug.id;
  }
  const plainTitle = title.trim();
  if (plainTitle === "") return null;
  const byTitle = tx
    .select({ id: posts.id })
    .from(posts)
    .where(sql`${posts.title} = ${plainTitle} collate nocase`)
    .all();
  return byTitle.length === 1 ? byTitle[0]!.id : null;
}

function writeComments(
  tx: Tx,
  site: ImportedSite,
  known: Set<string>,
  postIds: Map<string, number>,
  summary: ImportSummary,
  options: Options,
): void {
  const fresh = site.comments.filter((comment) => {
    if (!known.has(comment.origin)) return true;
    summary.commentsAlreadyHere += 1;
    return false;
  });
  const byOrigin = new Map(fresh.map((comment) => [comment.origin, comment]));
  const inserted = new Map<string, number>();
  const unmatchedThreads = new Map<string, ImportedComment[]>();
  const nextNumber = new Map<number, number>();
  const publishedAdded = new Map<number, number>();
  const source = `imported from ${site.label} (${options.fileName})`;

  const localIdOf = (origin: string): number | null => {
    const row = tx
      .select({ localId: importOrigins.localId })
      .from(importOrigins)
      .where(eq(importOrigins.origin, origin))
      .get();
    return row?.localId ?? null;
  };

  const postOf = (comment: ImportedComment): number | null => {
    const target = comment.target;
    if (postIds.has(target.origin)) return postIds.get(target.origin)!;
    let id: number | null = null;
    if (target.kind === "post") id = localIdOf(target.origin);
    else id = findThreadPost(tx, target.link, target.title);
    if (id !== null) postIds.set(target.origin, id);
    return id;
  };

  const numberFor = (
    postId: number,
    wanted: number | null | undefined,
  ): number => {
    if (!nextNumber.has(postId)) {
      const row = tx
        .select({ last: sql<number | null>`max(${comments.number})` })
        .from(comments)
        .where(eq(comments.postId, postId))
        .get();
      nextNumber.set(postId, (row?.last ?? 0) + 1);
    }
    const next = nextNumber.get(postId)!;
    // A Lookout export's numbers are kept when they still come in order.
    const number = wanted != null && wanted >= next ? wanted : next;
    nextNumber.set(postId, number + 1);
    return number;
  };

  const visiting = new Set<string>();
  let done = 0;
  const insert = (comment: ImportedComment): number | null => {
    if (inserted.has(comment.origin)) return inserted.get(comment.origin)!;
    const postId = postOf(comment);
    if (postId === null) {
      const target = comment.target;
      const list = unmatchedThreads.get(target.origin) ?? [];
      list.push(comment);
      unmatchedThreads.set(target.origin, list);
      return null;
    }
    visiting.add(comment.origin);
    let parentId: number | null = null;
    if (comment.parentOrigin !== null) {
      const parent = byOrigin.get(comment.parentOrigin);
      parentId =
        parent && !visiting.has(parent.origin)
          ? insert(parent)
          : localIdOf(comment.parentOrigin);
      if (parentId === null) {
        summary.skipped.push({
          what: `the parent of comment ${comment.origin}`,
          why: "it is not in the file: the reply was imported as a top-level comment",
        });
      }
    }
    const anonymous = isAnonymousName(comment.authorName);
    const posterClass: PosterClass = anonymous ? "anonymous" : "named";
    const markdown = comment.markdown
      ? comment.body
      : htmlToMarkdown(comment.body);
    const numbered =
      comment.state === "published" ||
      comment.state === "removed" ||
      comment.state === "deleted";
    const keyOfAddress = addressKey(
      comment.address ?? `imported:${site.format}`,
    );
    const { id } = tx
      .insert(comments)
      .values({
        postId,
        parentId,
        number: numbered ? numberFor(postId, comment.number) : null,
        state: comment.state,
        posterClass,
        authorName: anonymous ? null : comment.authorName!.trim().slice(0, 100),
        emailKey: comment.email ? emailKey(comment.email) : null,
        guestKey: null,
        userId: null,
        addressKey: keyOfAddress,
        bodyMarkdown: markdown,
        bodyHtml: renderCommentMarkdown(markdown),
        createdAt: comment.createdAt,
        publishedAt: comment.state === "published" ? comment.createdAt : null,
        updatedAt: comment.createdAt,
      })
      .returning({ id: comments.id })
      .get();
    visiting.delete(comment.origin);
    inserted.set(comment.origin, id);
    remember(tx, comment.origin, "comment", id, options.now);
    logDecision(tx, THE_IMPORT, options.now, {
      action: "comment.imported",
      commentId: id,
      postId,
      posterClass,
      addressKey: keyOfAddress,
      note: `${source}, ${comment.state}`,
    });
    if (comment.state === "published") {
      publishedAdded.set(postId, (publishedAdded.get(postId) ?? 0) + 1);
    }
    summary.commentsAdded += 1;
    summary.byState[comment.state] = (summary.byState[comment.state] ?? 0) + 1;
    summary.byClass[posterClass] = (summary.byClass[posterClass] ?? 0) + 1;
    options.onComment?.(++done, fresh.length);
    return id;
  };

  // Oldest first, so numbers follow the old discussion; a parent always goes before its replies.
  const ordered = [...fresh].sort(
    (a, b) =>
      (a.number ?? Infinity) - (b.number ?? Infinity) ||
      a.createdAt.getTime() - b.createdAt.getTime(),
  );
  for (const comment of ordered) insert(comment);

  for (const [postId, added] of publishedAdded) {
    tx.update(posts)
      .set({
        publishedCommentCount: sql`${posts.publishedCommentCount} + ${added}`,
      })
      .where(eq(posts.id, postId))
      .run();
  }
  for (const list of unmatchedThreads.values()) {
    const target = list[0]!.target;
    summary.skipped.push({
      what: `${list.length} comment${list.length === 1 ? "" : "s"} of ${target.kind === "thread" ? `the thread "${target.title}" (${target.link || "no address"})` : `post ${target.origin}`}`,
      why: "no post here matches it: import the blog's posts first, or check its address and title",
    });
  }
}

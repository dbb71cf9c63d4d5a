import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { asc, eq, sql } from "drizzle-orm";
import {
  comments,
  importOrigins,
  moderationLog,
  oldAddresses,
  posts,
  postTags,
} from "../../db/schema";
import { importFile } from "~/features/import/import.server";
import type { useTempSite } from "./temp-site";

type Site = ReturnType<typeof useTempSite>;

export const IMPORT_FIXTURES = resolve("tests/fixtures/imports");
export const fixture = (name: string) => join(IMPORT_FIXTURES, name);

export const IMPORT_TIME = new Date("2026-12-01T12:00:00Z");

export function importFixture(site: Site, path: string, dryRun = false) {
  return importFile(site.db(), site.contentDir, path, {
    dryRun,
    now: IMPORT_TIME,
  });
}

/** Empties the site: posts, comments, what imports remember, and the content folder. */
export function resetSite(site: Site): void {
  const db = site.db();
  db.delete(oldAddresses).run();
  db.delete(importOrigins).run();
  db.delete(moderationLog).run();
  db.update(comments).set({ parentId: null }).run();
  db.delete(comments).run();
  db.delete(postTags).run();
  db.delete(posts).run();
  site.clearContent();
}

/** What a post's discussion holds, each comment named by its origin in the old system. */
export function discussion(site: Site, slug: string) {
  const db = site.db();
  const rows = db
    .select({
      id: comments.id,
      parentId: comments.parentId,
      number: comments.number,
      state: comments.state,
      posterClass: comments.posterClass,
      authorName: comments.authorName,
      createdAt: comments.createdAt,
      bodyMarkdown: comments.bodyMarkdown,
    })
    .from(comments)
    .innerJoin(posts, eq(posts.id, comments.postId))
    .where(eq(posts.slug, slug))
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .all();
  const originOf = new Map(
    db
      .select()
      .from(importOrigins)
      .where(eq(importOrigins.kind, "comment"))
      .all()
      .map((row) => [row.localId, row.origin]),
  );
  return rows.map((row) => ({
    origin: originOf.get(row.id) ?? null,
    parent: row.parentId === null ? null : (originOf.get(row.parentId) ?? null),
    number: row.number,
    state: row.state,
    posterClass: row.posterClass,
    authorName: row.authorName,
    createdAt: row.createdAt.toISOString(),
    bodyMarkdown: row.bodyMarkdown,
  }));
}

export function countRows(site: Site) {
  const db = site.db();
  const n = (table: string) =>
    db.get<{ n: number }>(sql.raw(`select count(*) as n from ${table}`))!.n;
  return {
    posts: n("posts"),
    comments: n("comments"),
    log: n("moderation_log"),
    origins: n("import_origins"),
    oldAddresses: n("old_addresses"),
  };
}

/** Every value of every row of every table, as one text to search for what must not be kept. */
export function wholeDatabaseText(site: Site): string {
  const db = site.db().$client;
  const tables = db
    .prepare("select name from sqlite_master where type = 'table'")
    .all() as { name: string }[];
  return tables
    .map(({ name }) =>
      JSON.stringify(db.prepare(`select * from "${name}"`).all()),
    )
    .join("\n");
}

export function contentFiles(site: Site): string[] {
  const folder = join(site.contentDir, "posts");
  return existsSync(folder) ? readdirSync(folder).sort() : [];
}

export function contentEntries(site: Site): string[] {
  return readdirSync(site.contentDir).sort();
}

import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve, sep } from "node:path";
import { eq, inArray } from "drizzle-orm";
import type { Db } from "../../../db/client.server";
import { posts, postTags, settings } from "../../../db/schema";
import {
  parsePostSource,
  type ParseResult,
  type PostSource,
  type SourceProblem,
} from "../../domain/post-source";
import { DEFAULT_SITE_SETTINGS } from "../../domain/site-defaults";
import {
  SITE_SETTINGS_FILE,
  parseSiteSettings,
} from "../../domain/site-settings";
import { isDeskPageName, slugify } from "../../domain/slug";
import {
  localImageReferences,
  renderPostMarkdown,
} from "../../platform/markdown.server";

export const POSTS_FOLDER = "posts";
export const SITE_SETTINGS_KEY = "site";

export type SyncSummary = {
  added: string[];
  updated: string[];
  unchanged: number;
  unpublished: string[];
  failed: SourceProblem[];
  /** Problems that do not stop a post: an image it references that is not in posts/. */
  warnings: SourceProblem[];
};

type SyncEvent =
  | { kind: "added" | "updated" | "unpublished"; file: string; slug: string }
  | { kind: "failed" | "warning"; problem: SourceProblem };

// The rows read are written back under the same lock: a deferred transaction would fail
// outright (SQLITE_BUSY) if the running server wrote between the read and the first write.
const WRITE_AT_ONCE = { behavior: "immediate" } as const;

/**
 * Indexes content/ into the database. Idempotent: files whose hash is unchanged are skipped;
 * a post whose file is gone is unpublished (never deleted, so its comments survive); a
 * malformed file is reported and, if it had a good earlier version, that version stays up.
 * The slug is a post's identity: a file renamed with its slug kept is the same post.
 */
export function syncContent(
  db: Db,
  contentDir: string,
  onEvent: (event: SyncEvent) => void = () => {},
): SyncSummary {
  const summary: SyncSummary = {
    added: [],
    updated: [],
    unchanged: 0,
    unpublished: [],
    failed: [],
    warnings: [],
  };
  const fail = (problem: SourceProblem) => {
    summary.failed.push(problem);
    onEvent({ kind: "failed", problem });
  };

  syncSiteSettings(db, contentDir, fail);

  const files = listPostFiles(contentDir).map((file) =>
    readPostFile(contentDir, file),
  );

  // Parsed and rendered before the write lock is taken, so comments wait for the writes only.
  // Kept per file and its bytes, the work stays right even if the rows change in between; not
  // per bytes alone, as a post's address and its problems come from its file's name too.
  const knownHashes = new Set(
    db
      .select({ sourceHash: posts.sourceHash })
      .from(posts)
      .all()
      .map((row) => row.sourceHash),
  );
  const prepared = new Map(
    files
      .filter((entry) => entry.read && !knownHashes.has(entry.hash))
      .map((entry) => [preparedKey(entry), prepare(entry, contentDir)]),
  );

  db.transaction((tx) => {
    const rows = tx
      .select({
        id: posts.id,
        slug: posts.slug,
        sourcePath: posts.sourcePath,
        sourceHash: posts.sourceHash,
        status: posts.status,
      })
      .from(posts)
      .all();
    const bySlug = new Map(rows.map((row) => [row.slug, row]));
    // Drafts have files too: the rows of files that still exist (published or draft).
    const isFromFile = (row: { status: string }) =>
      row.status !== "unpublished";
    const publishedByPath = new Map(
      rows.filter(isFromFile).map((row) => [row.sourcePath, row]),
    );
    /** slug → the file that holds it in this run */
    const claimed = new Map<string, string>();
    const kept = new Set<number>();

    // First the unchanged files, so a new file can never take over an existing post's slug.
    const changed = files.filter(({ file, hash }) => {
      const row = publishedByPath.get(file);
      if (!row || row.sourceHash !== hash) return true;
      claimed.set(row.slug, file);
      kept.add(row.id);
      summary.unchanged += 1;
      return false;
    });

    for (const entry of changed) {
      const { file } = entry;
      const { parsed, bodyHtml, warnings } =
        (entry.read && prepared.get(preparedKey(entry))) ||
        prepare(entry, contentDir);
      if (!parsed.ok) {
        fail(parsed.problem);
        // Keep the last good version of this file online while its author fixes it.
        const previous = publishedByPath.get(file);
        if (previous) {
          claimed.set(previous.slug, file);
          kept.add(previous.id);
        }
        continue;
      }
      const source = parsed.post;
      const holder = claimed.get(source.slug);
      if (holder !== undefined && holder !== file) {
        fail({
          file,
          line: 1,
          message: `duplicate slug "${source.slug}": ${holder} already uses it`,
        });
        continue;
      }
      claimed.set(source.slug, file);
      for (const warning of warnings) {
        summary.warnings.push(warning);
        onEvent({ kind: "warning", problem: warning });
      }

      const values = {
        slug: source.slug,
        title: source.title,
        date: source.date,
        time: source.time,
        author: source.author,
        area: source.area,
        areaSlug: source.area === null ? null : slugify(source.area),
        summary: source.summary,
        commentsMode: source.comments,
        bodyHtml,
        sourcePath: file,
        sourceHash: entry.read ? entry.hash : "",
        status: source.draft ? ("draft" as const) : ("published" as const),
        updatedAt: new Date(),
      };
      const existing = bySlug.get(source.slug);
      let postId: number;
      if (existing) {
        tx.update(posts).set(values).where(eq(posts.id, existing.id)).run();
        postId = existing.id;
        summary.updated.push(file);
        onEvent({ kind: "updated", file, slug: source.slug });
      } else {
        postId = tx
          .insert(posts)
          // To the millisecond: followers of its area and tags are told of posts stored since.
          .values({ ...values, createdAt: values.updatedAt })
          .returning({ id: posts.id })
          .get().id;
        summary.added.push(file);
        onEvent({ kind: "added", file, slug: source.slug });
      }
      kept.add(postId);
      tx.delete(postTags).where(eq(postTags.postId, postId)).run();
      const tags = uniqueBySlug(source.tags);
      if (tags.length > 0) {
        tx.insert(postTags)
          .values(
            tags.map((tag, position) => ({
              postId,
              tag: tag.tag,
              tagSlug: tag.slug,
              position,
            })),
          )
          .run();
      }
    }

    const gone = rows.filter((row) => isFromFile(row) && !kept.has(row.id));
    if (gone.length > 0) {
      tx.update(posts)
        .set({ status: "unpublished", updatedAt: new Date() })
        .where(
          inArray(
            posts.id,
            gone.map((row) => row.id),
          ),
        )
        .run();
      for (const row of gone) {
        summary.unpublished.push(row.sourcePath);
        onEvent({ kind: "unpublished", file: row.sourcePath, slug: row.slug });
      }
    }
  }, WRITE_AT_ONCE);
  return summary;
}

/** A file of posts/: its bytes, or why they could not be read. */
type PostFile =
  | { file: string; read: true; bytes: Buffer; hash: string }
  | { file: string; read: false; problem: SourceProblem; hash: null };

function readPostFile(contentDir: string, file: string): PostFile {
  const path = join(contentDir, file);
  const unreadable = (message: string): PostFile => ({
    file,
    read: false,
    problem: { file, line: 1, message },
    hash: null,
  });
  try {
    const stats = statSync(path);
    if (stats.isDirectory()) return unreadable("is a folder, not a post file");
    if (!stats.isFile()) return unreadable("is not a regular file");
    const bytes = readFileSync(path);
    return {
      file,
      read: true,
      bytes,
      hash: createHash("sha256").update(bytes).digest("hex"),
    };
  } catch (error) {
    return unreadable(cannotBeRead(error));
  }
}

function cannotBeRead(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
  return `cannot be read (${code})`;
}

type Prepared = {
  parsed: ParseResult;
  bodyHtml: string;
  warnings: SourceProblem[];
};

function preparedKey(entry: PostFile): string {
  return `${entry.file}\n${entry.hash}`;
}

function prepare(entry: PostFile, contentDir: string): Prepared {
  if (!entry.read)
    return {
      parsed: { ok: false, problem: entry.problem },
      bodyHtml: "",
      warnings: [],
    };
  const prepared = prepareSource(entry.file, entry.bytes);
  if (!prepared.parsed.ok) return prepared;
  return {
    ...prepared,
    warnings: [
      ...deskPageAddress(entry.file, prepared.parsed.post),
      ...missingImages(entry.file, prepared.parsed.post, contentDir),
    ],
  };
}

/**
 * A warning for a post whose address is one of the writing desk's own pages: readers see it, but
 * /write/<slug> opens the desk's page, not the post. The desk and the importer refuse such an
 * address; a hand-written file can still have one.
 */
function deskPageAddress(file: string, post: PostSource): SourceProblem[] {
  if (!isDeskPageName(post.slug)) return [];
  return [
    {
      file,
      line: 1,
      message: `the address ${post.slug} is the writing desk's page /write/${post.slug}, so the desk cannot open this post (readers can): give it a slug of its own`,
    },
  ];
}

/** A warning for each relative image the post references that is not a file in posts/. */
function missingImages(
  file: string,
  post: PostSource,
  contentDir: string,
): SourceProblem[] {
  const folder = resolve(contentDir, POSTS_FOLDER);
  return localImageReferences(post.body)
    .filter(({ path }) => {
      const target = resolve(folder, safeDecode(path));
      const inside = target.startsWith(folder + sep);
      return !inside || !existsSync(target) || !statSync(target).isFile();
    })
    .map(({ path, line }) => ({
      file,
      line: post.bodyLine + line - 1,
      message: `image ${path} is not in ${POSTS_FOLDER}/ (it would show as a broken image)`,
    }));
}

function safeDecode(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

/** A post file parsed, and its body rendered when it parsed. */
function prepareSource(file: string, bytes: Buffer): Prepared {
  const text = decodeUtf8(bytes);
  const parsed: ParseResult =
    text === null
      ? {
          ok: false,
          problem: { file, line: 1, message: "the file is not valid UTF-8" },
        }
      : parsePostSource(file, text);
  return {
    parsed,
    bodyHtml: parsed.ok ? renderPostMarkdown(parsed.post.body) : "",
    warnings: [],
  };
}

function listPostFiles(contentDir: string): string[] {
  const folder = join(contentDir, POSTS_FOLDER);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.toLowerCase().endsWith(".md"))
    .sort()
    .map((name) => `${POSTS_FOLDER}/${name}`);
}

function uniqueBySlug(tags: string[]): { tag: string; slug: string }[] {
  const seen = new Map<string, string>();
  for (const tag of tags) {
    const slug = slugify(tag);
    if (!seen.has(slug)) seen.set(slug, tag);
  }
  return [...seen].map(([slug, tag]) => ({ slug, tag }));
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

function syncSiteSettings(
  db: Db,
  contentDir: string,
  fail: (problem: SourceProblem) => void,
): void {
  const path = join(contentDir, SITE_SETTINGS_FILE);
  let value = DEFAULT_SITE_SETTINGS;
  if (existsSync(path)) {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (error) {
      fail({
        file: SITE_SETTINGS_FILE,
        line: 1,
        message: cannotBeRead(error),
      });
      return;
    }
    const parsed = parseSiteSettings(SITE_SETTINGS_FILE, text);
    if (!parsed.ok) {
      // Keep whatever settings were last good rather than fall back to defaults.
      fail(parsed.problem);
      return;
    }
    value = parsed.settings;
  }
  db.insert(settings)
    .values({ key: SITE_SETTINGS_KEY, value, updatedAt: new Date() })
    .onConflictDoUpdate({
      target: settings.key,
      set: { value, updatedAt: new Date() },
    })
    .run();
}

import { createHash, randomBytes } from "node:crypto";
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { eq } from "drizzle-orm";
import { oldAddresses, posts, postVersions } from "../../../db/schema";
import type { FieldErrors } from "../../domain/account-forms";
import {
  fieldsOfSource,
  writePostSource,
  type PostFields,
} from "../../domain/post-file";
import type { PostFormField } from "../../domain/post-form";
import { parsePostSource, type SourceProblem } from "../../domain/post-source";
import {
  saveLogAction,
  slugChangeRefusal,
  type WritingLogAction,
} from "../../domain/writing";
import { db } from "../../platform/db.server";
import { env } from "../../platform/env.server";
import { logDecision, type Actor } from "../moderation/moderation.server";
import { POSTS_FOLDER, syncContent } from "../posts/content-sync.server";

/** Where deleted posts' files go: inside content/, which the sync never reads outside posts/. */
export const TRASH_FOLDER = ".trash";

/** The hash an editor's form carries, to tell whether the file changed since it was opened. */
export function hashText(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** A post's file as the writing desk opens it. */
export type OpenedPost = {
  postId: number;
  slug: string;
  status: "published" | "draft";
  sourcePath: string;
  /** The file's text and its hash, as they were when opened. */
  text: string;
  hash: string;
  /** Its fields, or why the file cannot be read into the form (a hand edit broke it). */
  fields: PostFields | null;
  problem: SourceProblem | null;
};

/**
 * The post at `slug` with its file, or null when there is none: no such post, or one whose
 * file is gone (deleted to the trash, or removed by hand).
 */
export function openPost(
  slug: string,
  contentDir = env().CONTENT_DIR,
): OpenedPost | null {
  const row = db()
    .select({
      id: posts.id,
      slug: posts.slug,
      status: posts.status,
      sourcePath: posts.sourcePath,
    })
    .from(posts)
    .where(eq(posts.slug, slug))
    .get();
  if (!row || row.status === "unpublished") return null;
  const text = readText(join(contentDir, row.sourcePath));
  if (text === null) return null;
  const parsed = parsePostSource(row.sourcePath, text);
  return {
    postId: row.id,
    slug: row.slug,
    status: row.status,
    sourcePath: row.sourcePath,
    text,
    hash: hashText(text),
    fields: parsed.ok ? fieldsOfSource(parsed.post) : null,
    problem: parsed.ok ? null : parsed.problem,
  };
}

export type SaveRequest = {
  /** The post being edited, by the slug it had when opened; null for a new post. */
  slug: string | null;
  /** The hash of the file when the editor opened it; null for a new post. */
  openedHash: string | null;
  fields: PostFields;
  /** The editor ticked "Change the address" for a published post. */
  confirmSlugChange: boolean;
  /** A restore is logged as one, whatever else it does. */
  restoring?: boolean;
};

export type SaveResult =
  | {
      kind: "saved";
      slug: string;
      action: WritingLogAction;
      /** The file already held exactly this: nothing was written or logged. */
      unchanged: boolean;
    }
  | { kind: "invalid"; errors: FieldErrors<PostFormField> }
  /** The file changed on disk since it was opened: nothing was written. */
  | { kind: "conflict"; mine: string; theirs: string; theirsHash: string }
  /** The sync refused the file written: it was put back as it was. */
  | { kind: "sync-error"; line: number; message: string }
  /** The post was deleted (or its file removed) since it was opened. */
  | { kind: "gone" };

class SyncRefused extends Error {
  constructor(readonly problem: SourceProblem) {
    super(problem.message);
  }
}

/**
 * Saves a post from the writing desk, in one step: checks that its file is as the editor
 * opened it, writes `content/posts/<slug>.md` atomically (a temporary file in the same folder,
 * then a rename), and runs the content sync, which renders and indexes it. In the sync's
 * transaction, the file's previous text is kept in the post's history and the save is logged.
 * If any of it fails, the file is put back as it was and nothing is stored.
 */
export function savePost(
  request: SaveRequest,
  actor: Actor,
  now: Date,
  contentDir = env().CONTENT_DIR,
): SaveResult {
  const database = db();
  const { fields } = request;
  const row =
    request.slug === null
      ? null
      : (database
          .select({
            id: posts.id,
            slug: posts.slug,
            status: posts.status,
            date: posts.date,
            time: posts.time,
            sourcePath: posts.sourcePath,
          })
          .from(posts)
          .where(eq(posts.slug, request.slug))
          .get() ?? null);
  if (request.slug !== null && (!row || row.status === "unpublished"))
    return { kind: "gone" };

  const refusal = slugChangeRefusal(
    row,
    fields.slug,
    request.confirmSlugChange,
  );
  if (refusal) return { kind: "invalid", errors: { slug: refusal } };
  const moving = row === null || row.slug !== fields.slug;
  const targetPath =
    row !== null && !moving
      ? row.sourcePath
      : `${POSTS_FOLDER}/${fields.slug}.md`;
  if (moving) {
    const taken = addressTaken(fields.slug, contentDir, targetPath);
    if (taken) return { kind: "invalid", errors: { slug: taken } };
  }

  const text = writePostSource(fields, basename(targetPath));
  const current =
    row === null ? null : readText(join(contentDir, row.sourcePath));
  if (row !== null) {
    if (current === null) return { kind: "gone" };
    if (hashText(current) !== request.openedHash) {
      return {
        kind: "conflict",
        mine: text,
        theirs: current,
        theirsHash: hashText(current),
      };
    }
  }
  const action: WritingLogAction = request.restoring
    ? "post.restored"
    : saveLogAction(row, fields, now);
  if (row !== null && current === text && !moving) {
    return { kind: "saved", slug: row.slug, action, unchanged: true };
  }

  const target = join(contentDir, targetPath);
  const previousPath = row === null ? null : join(contentDir, row.sourcePath);
  writeAtomically(target, text);
  // The old file goes before the sync, or the sync would take it for a new post at the old slug.
  if (row !== null && previousPath !== target) rmSync(previousPath!);
  const putBack = () => {
    if (previousPath !== null && current !== null)
      writeAtomically(previousPath, current);
    if (previousPath !== target) rmSync(target, { force: true });
  };

  try {
    database.transaction(
      (tx) => {
        if (row !== null && moving) {
          // The post keeps its id, comments and history; its old address redirects.
          tx.update(posts)
            .set({ slug: fields.slug })
            .where(eq(posts.id, row.id))
            .run();
          const oldPath = `/posts/${row.slug}`;
          tx.insert(oldAddresses)
            .values({ path: oldPath, postId: row.id })
            .onConflictDoUpdate({
              target: oldAddresses.path,
              set: { postId: row.id },
            })
            .run();
        }
        const synced = syncContent(database, contentDir);
        const failed = synced.failed.find(
          (problem) => problem.file === targetPath,
        );
        if (failed) throw new SyncRefused(failed);
        const saved = tx
          .select({ id: posts.id })
          .from(posts)
          .where(eq(posts.slug, fields.slug))
          .get();
        if (!saved)
          throw new SyncRefused({
            file: targetPath,
            line: 1,
            message: "the sync did not store the post",
          });
        if (row !== null && current !== null) {
          tx.insert(postVersions)
            .values({
              postId: row.id,
              sourceText: current,
              sourceHash: hashText(current),
              replacedAt: now,
              replacedBy: actor.name,
              replacedByUserId: actor.userId,
            })
            .run();
        }
        logDecision(tx, actor, now, {
          action,
          postId: saved.id,
          note:
            row !== null && moving
              ? `${fields.title} (address changed from /posts/${row.slug} to /posts/${fields.slug})`
              : fields.title,
        });
      },
      { behavior: "immediate" },
    );
  } catch (error) {
    putBack();
    if (error instanceof SyncRefused) {
      return {
        kind: "sync-error",
        line: error.problem.line,
        message: error.problem.message,
      };
    }
    throw error;
  }
  return { kind: "saved", slug: fields.slug, action, unchanged: false };
}

export type RemoveResult =
  | { kind: "done"; slug: string }
  | { kind: "conflict"; theirs: string; theirsHash: string }
  | { kind: "gone" };

/**
 * Deletes a post: its file moves to `content/.trash/`, which the sync does not read, so the sync
 * takes the post down (unpublished, never deleted: its comments stay in the database). The text
 * is kept in its history too, and the deletion is logged in the same transaction.
 */
export function deletePost(
  slug: string,
  openedHash: string,
  actor: Actor,
  now: Date,
  contentDir = env().CONTENT_DIR,
): RemoveResult {
  const opened = openPost(slug, contentDir);
  if (!opened) return { kind: "gone" };
  if (opened.hash !== openedHash) {
    return { kind: "conflict", theirs: opened.text, theirsHash: opened.hash };
  }
  const source = join(contentDir, opened.sourcePath);
  const trash = join(contentDir, TRASH_FOLDER);
  mkdirSync(trash, { recursive: true });
  const stamp = now.toISOString().replace(/[:.]/g, "-");
  const trashed = join(trash, `${opened.slug}.${stamp}.md`);
  renameSync(source, trashed);
  try {
    db().transaction(
      (tx) => {
        syncContent(db(), contentDir);
        tx.insert(postVersions)
          .values({
            postId: opened.postId,
            sourceText: opened.text,
            sourceHash: opened.hash,
            replacedAt: now,
            replacedBy: actor.name,
            replacedByUserId: actor.userId,
          })
          .run();
        logDecision(tx, actor, now, {
          action: "post.deleted",
          postId: opened.postId,
          note: `${opened.fields?.title ?? opened.slug} (file moved to ${TRASH_FOLDER}/${basename(trashed)})`,
        });
      },
      { behavior: "immediate" },
    );
  } catch (error) {
    renameSync(trashed, source);
    throw error;
  }
  return { kind: "done", slug: opened.slug };
}

/** Why a post may not take the address `slug`, or null when it is free. */
function addressTaken(
  slug: string,
  contentDir: string,
  targetPath: string,
): string | null {
  const holder = db()
    .select({ title: posts.title, status: posts.status })
    .from(posts)
    .where(eq(posts.slug, slug))
    .get();
  if (holder) {
    return holder.status === "unpublished"
      ? `A post that was taken down ("${holder.title}") had the address /posts/${slug}, and its comments still do: choose another.`
      : `"${holder.title}" already has the address /posts/${slug}: choose another.`;
  }
  if (existsSync(join(contentDir, targetPath))) {
    return `There is already a file ${targetPath} in the content folder: choose another address.`;
  }
  return null;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/**
 * Writes a file so that a reader (the sync, a person's editor) sees the old text or the new, never
 * half of one: a temporary file in the same folder, flushed to disk, then renamed over the target.
 * Its name does not end in .md, so a sync running meanwhile does not read it.
 */
export function writeAtomically(path: string, text: string): void {
  const folder = dirname(path);
  mkdirSync(folder, { recursive: true });
  const temporary = join(
    folder,
    `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`,
  );
  const handle = openSync(temporary, "wx");
  try {
    writeSync(handle, text);
    fsyncSync(handle);
  } finally {
    closeSync(handle);
  }
  try {
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

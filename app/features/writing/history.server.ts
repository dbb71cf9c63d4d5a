import { and, desc, eq } from "drizzle-orm";
import { postVersions } from "../../../db/schema";
import { fieldsOfSource } from "../../domain/post-file";
import { parsePostSource } from "../../domain/post-source";
import { lineDiff, type DiffLine } from "../../domain/line-diff";
import { db } from "../../platform/db.server";
import { env } from "../../platform/env.server";
import type { Actor } from "../moderation/moderation.server";
import { openPost, savePost, type SaveResult } from "./post-files.server";

export type VersionSummary = {
  id: number;
  replacedAt: Date;
  replacedBy: string;
};

/** A post's earlier versions, newest first: one query. */
export function listVersions(postId: number): VersionSummary[] {
  return db()
    .select({
      id: postVersions.id,
      replacedAt: postVersions.replacedAt,
      replacedBy: postVersions.replacedBy,
    })
    .from(postVersions)
    .where(eq(postVersions.postId, postId))
    .orderBy(desc(postVersions.replacedAt), desc(postVersions.id))
    .all();
}

/** One earlier version's text, if it is one of this post's. */
export function getVersion(
  postId: number,
  versionId: number,
): { id: number; sourceText: string; replacedAt: Date } | null {
  return (
    db()
      .select({
        id: postVersions.id,
        sourceText: postVersions.sourceText,
        replacedAt: postVersions.replacedAt,
      })
      .from(postVersions)
      .where(
        and(eq(postVersions.id, versionId), eq(postVersions.postId, postId)),
      )
      .get() ?? null
  );
}

/** What restoring `version` would change in the current file: a line diff from it to the version. */
export function restoreDiff(
  currentText: string,
  versionText: string,
): DiffLine[] {
  return lineDiff(currentText, versionText);
}

/**
 * Restores an earlier version: a save of its text (its fields, at the post's current address),
 * so it is checked against the file as the editor opened it, the text it replaces joins the
 * history, and it is logged as a restore.
 */
export function restoreVersion(
  slug: string,
  versionId: number,
  openedHash: string,
  actor: Actor,
  now: Date,
  contentDir = env().CONTENT_DIR,
): SaveResult {
  const opened = openPost(slug, contentDir);
  if (!opened) return { kind: "gone" };
  const version = getVersion(opened.postId, versionId);
  if (!version) return { kind: "gone" };
  const parsed = parsePostSource(opened.sourcePath, version.sourceText);
  if (!parsed.ok) {
    return {
      kind: "sync-error",
      line: parsed.problem.line,
      message: parsed.problem.message,
    };
  }
  return savePost(
    {
      slug,
      openedHash,
      // At the address the post has now: a version from before a rename keeps the new one.
      fields: { ...fieldsOfSource(parsed.post), slug: opened.slug },
      confirmSlugChange: false,
      restoring: true,
    },
    actor,
    now,
    contentDir,
  );
}

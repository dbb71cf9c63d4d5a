import { basename } from "node:path";
import type { Db } from "../../../db/client.server";
import { refreshSearchIndex } from "../search/search.server";
import { readExport } from "./read-export.server";
import { writeImport, type ImportSummary } from "./write-import.server";

export { ImportFileError } from "./xml-reader.server";
export type { ImportSummary } from "./write-import.server";

export type ImportProgress = {
  onRead?: (bytesRead: number, totalBytes: number) => void;
  onComment?: (done: number, total: number) => void;
};

/** Imports an export file (any format readExport knows) into the site. */
export async function importFile(
  db: Db,
  contentDir: string,
  path: string,
  options: { dryRun: boolean; now: Date } & ImportProgress,
): Promise<ImportSummary> {
  const site = await readExport(path, options.onRead);
  const summary = writeImport(db, contentDir, site, {
    dryRun: options.dryRun,
    now: options.now,
    fileName: basename(path),
    onComment: options.onComment,
  });
  if (!options.dryRun) refreshSearchIndex(db);
  return summary;
}

const counts = (values: Partial<Record<string, number>>) =>
  Object.entries(values)
    .map(([key, value]) => `${value} ${key}`)
    .join(", ") || "none";

/** The lines printed at the end of an import. */
export function summaryLines(summary: ImportSummary): string[] {
  const nothingNew =
    summary.postsAdded.length === 0 && summary.commentsAdded === 0;
  return [
    `${summary.dryRun ? "Dry run, nothing was written. Would import" : "Imported"} from ${summary.label}:`,
    `  posts:     ${summary.postsAdded.length} new (${summary.pagesAdded} of them pages, ${summary.draftsAdded} drafts), ${summary.postsAlreadyHere} already here`,
    `  comments:  ${summary.commentsAdded} new, ${summary.commentsAlreadyHere} already here`,
    `    by state: ${counts(summary.byState)}`,
    `    by class: ${counts(summary.byClass)}`,
    `  redirects: ${summary.redirects} old addresses`,
    `  skipped:   ${summary.skipped.length}`,
    ...(nothingNew
      ? ["Nothing new: everything in this file is already here."]
      : []),
  ];
}

/** The report file: the summary, then every skipped item with why. */
export function reportText(summary: ImportSummary): string {
  return [
    ...summaryLines(summary),
    "",
    "Skipped:",
    ...(summary.skipped.length === 0
      ? ["  nothing"]
      : summary.skipped.map((item) => `  ${item.what}: ${item.why}`)),
    "",
  ].join("\n");
}

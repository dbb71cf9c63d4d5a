// npm run bench:import — times the import of a generated 10 MB WordPress export with 5,000
// comments into a fresh site, reading and writing apart, and prints the peak memory. With
// `--json` it prints the figures as one JSON line instead: `npm run bench` runs it that way, in a
// process of its own, so the peak memory is the import's alone (see importTiming in run.ts).
import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { writeGeneratedExport } from "../helpers/generated-export";

const root = mkdtempSync(join(tmpdir(), "lookout-bench-import-"));
const contentDir = join(root, "content");
mkdirSync(join(contentDir, "posts"), { recursive: true });
process.env.DATABASE_PATH = join(root, "lookout.db");
process.env.CONTENT_DIR = contentDir;
process.env.SESSION_SECRET ??= "bench-".repeat(8);

// Loaded after the environment is set: the database module reads it once.
const { migrateToLatest } = await import("../../db/client.server");
const { db, closeDb } = await import("../../app/platform/db.server");
const { readExport } =
  await import("../../app/features/import/read-export.server");
const { writeImport } =
  await import("../../app/features/import/write-import.server");

let peak = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20);
try {
  const file = join(root, "export.xml");
  await writeGeneratedExport(file);
  migrateToLatest(db());
  const megabytes = statSync(file).size / 1e6;
  const started = performance.now();
  const site = await readExport(file);
  const read = performance.now();
  const summary = writeImport(db(), contentDir, site, {
    dryRun: false,
    now: new Date(),
    fileName: "export.xml",
  });
  const written = performance.now();
  const seconds = (written - started) / 1000;
  // The write is synchronous: the sampler cannot run during it, so sample once more after it.
  peak = Math.max(peak, process.memoryUsage().rss);
  const timing = {
    megabytes,
    posts: summary.postsAdded.length,
    comments: summary.commentsAdded,
    seconds,
    readSeconds: (read - started) / 1000,
    writeSeconds: (written - read) / 1000,
    peakRssMb: peak / 1e6,
  };
  if (process.argv.includes("--json")) console.log(JSON.stringify(timing));
  else
    console.log(
      `Import of ${megabytes.toFixed(1)} MB, ${summary.postsAdded.length} posts, ${summary.commentsAdded} comments: ` +
        `${seconds.toFixed(2)} s (reading ${((read - started) / 1000).toFixed(2)} s, writing ${((written - read) / 1000).toFixed(2)} s), ` +
        `${Math.round(summary.commentsAdded / seconds)} comments/s, peak memory ${Math.round(peak / 1e6)} MB`,
    );
} finally {
  clearInterval(sampler);
  closeDb();
  rmSync(root, { recursive: true, force: true });
}

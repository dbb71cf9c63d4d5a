// npm run import -- FILE [--dry-run] [--report FILE]
// Imports a Blogger, WordPress, Disqus or Lookout export: see README, "Moving from another blog".
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { SingleBar, Presets } from "cli-progress";
import {
  ImportFileError,
  importFile,
  reportText,
  summaryLines,
} from "../features/import/import.server";
import { closeDb, db } from "../platform/db.server";
import { env } from "../platform/env.server";
import { orExit, prepareSite } from "../features/site/startup.server";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    "dry-run": { type: "boolean", default: false },
    report: { type: "string", default: "import-report.txt" },
  },
});

const file = positionals[0];
if (!file || positionals.length > 1) {
  console.error("Usage: npm run import -- FILE [--dry-run] [--report FILE]");
  process.exit(2);
}

orExit(() => prepareSite(() => {}), "Import failed");

// A bar only on a terminal: in a log or a pipe it would be noise.
const bar = process.stdout.isTTY
  ? new SingleBar(
      { format: "{phase} [{bar}] {percentage}% | {value}/{total}" },
      Presets.shades_classic,
    )
  : null;
let phase = "";
const progress = (name: string) => (done: number, total: number) => {
  if (!bar) return;
  if (phase !== name) {
    if (phase) bar.stop();
    phase = name;
    bar.start(total, 0, { phase: name.padEnd(8) });
  }
  bar.update(done);
};

try {
  const summary = await importFile(db(), env().CONTENT_DIR, file, {
    dryRun: values["dry-run"]!,
    now: new Date(),
    onRead: progress("reading"),
    onComment: progress("comments"),
  });
  bar?.stop();
  for (const line of summaryLines(summary)) console.log(line);
  writeFileSync(values.report!, reportText(summary));
  console.log(`The list of what was skipped is in ${values.report}.`);
} catch (error) {
  bar?.stop();
  if (
    error instanceof ImportFileError ||
    (error as { code?: string }).code === "ENOENT"
  ) {
    console.error(
      `Nothing was imported from ${file}: ${(error as Error).message}`,
    );
    process.exitCode = 1;
  } else {
    throw error;
  }
} finally {
  closeDb();
}

// npm run db:restore -- FILE — replaces the database with a backup, after checking the backup.
// Stop the server first; the current database is kept beside it, renamed with the time.
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { restoreDatabase } from "../platform/backup.server";
import { env } from "../platform/env.server";
import { orExit } from "../features/site/startup.server";

const { positionals } = orExit(
  () => parseArgs({ allowPositionals: true, options: {} }),
  "Restore failed",
);
const [file] = positionals;
if (!file || positionals.length > 1) {
  process.stderr.write("Usage: npm run db:restore -- FILE\n");
  process.exit(1);
}
const { DATABASE_PATH } = orExit(env, "Restore failed");
const keptAs = orExit(
  () => restoreDatabase(resolve(file), DATABASE_PATH, new Date()),
  "Restore failed",
);
console.log(`Restored ${DATABASE_PATH} from ${resolve(file)}.`);
if (keptAs) console.log(`The previous database is kept as ${keptAs}.`);
console.log("Start the server: it applies any newer migrations.");

// npm run db:backup [-- --to DIR] — an online backup of the database, safe while the site serves.
// Prints the path of the new file; exits 1 when the backup failed.
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { backUpDatabase, defaultBackupFolder } from "../platform/backup.server";
import { env } from "../platform/env.server";
import { orExit } from "../features/site/startup.server";

const { values } = orExit(
  () => parseArgs({ options: { to: { type: "string" } } }),
  "Backup failed",
);
const { DATABASE_PATH } = orExit(env, "Backup failed");
const folder = values.to
  ? resolve(values.to)
  : defaultBackupFolder(DATABASE_PATH);

try {
  const file = await backUpDatabase(DATABASE_PATH, folder, new Date());
  console.log(file);
} catch (error) {
  process.stderr.write(
    `Backup failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
}

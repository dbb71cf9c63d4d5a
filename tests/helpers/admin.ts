import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT, type RunningServer } from "./server";

export type AdminAccount = { email: string; name: string; password: string };

/**
 * Makes the first admin of a running server the way the README says: with `npm run
 * admin:create`'s command-line tool, the password given in ADMIN_PASSWORD.
 */
export async function createAdmin(
  server: RunningServer,
  admin: AdminAccount,
): Promise<void> {
  await promisify(execFile)(
    join(REPO_ROOT, "node_modules/.bin/tsx"),
    [
      "app/cli/create-admin.server.ts",
      "--email",
      admin.email,
      "--name",
      admin.name,
    ],
    {
      cwd: REPO_ROOT,
      timeout: 60_000,
      env: {
        ...process.env,
        ADMIN_PASSWORD: admin.password,
        DATABASE_PATH: server.databasePath,
      },
    },
  );
}

import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/server";

const folder = mkdtempSync(join(tmpdir(), "lookout-member-role-"));
const databasePath = join(folder, "lookout.db");
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function run(script: string, args: string[]) {
  return promisify(execFile)(
    join(REPO_ROOT, "node_modules/.bin/tsx"),
    [script, ...args],
    {
      cwd: REPO_ROOT,
      timeout: 60_000,
      env: {
        ...process.env,
        ADMIN_PASSWORD: "a long enough password",
        DATABASE_PATH: databasePath,
      },
    },
  );
}

const roleOf = (email: string) => {
  const database = new Database(databasePath, { readonly: true });
  try {
    return (
      database.prepare("SELECT role FROM users WHERE email = ?").get(email) as
        { role: string } | undefined
    )?.role;
  } finally {
    database.close();
  }
};

describe("npm run member:role", () => {
  it("demotes an admin, which no admin may do at the desk", async () => {
    for (const name of ["First", "Second"])
      await run("app/cli/create-admin.server.ts", [
        "--email",
        `${name.toLowerCase()}@example.org`,
        "--name",
        `${name} Admin`,
      ]);
    expect(roleOf("second@example.org")).toBe("admin");
    const { stdout } = await run("app/cli/set-role.server.ts", [
      "--email",
      "second@example.org",
      "--role",
      "member",
    ]);
    expect(stdout).toContain("Second Admin is now member");
    expect(roleOf("second@example.org")).toBe("member");
    // Control: the other admin is untouched.
    expect(roleOf("first@example.org")).toBe("admin");
  }, 120_000);

  it("refuses an unknown role and says how to call it, changing nothing", async () => {
    const refused = run("app/cli/set-role.server.ts", [
      "--email",
      "first@example.org",
      "--role",
      "owner",
    ]);
    await expect(refused).rejects.toMatchObject({
      stderr: expect.stringContaining("Usage: npm run member:role"),
    });
    expect(roleOf("first@example.org")).toBe("admin");
  }, 60_000);
});

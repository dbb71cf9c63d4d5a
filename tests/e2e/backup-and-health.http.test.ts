import {
  existsSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { runScript } from "../helpers/cli";
import { committedMigrationTags } from "../helpers/migrations";
import { postCommentOverHttp, startCommentLoad } from "../helpers/load";
import { startServer, waitForLog, type RunningServer } from "../helpers/server";

const dataDir = mkdtempSync(join(tmpdir(), "lookout-backup-"));
const running: RunningServer[] = [];

afterAll(async () => {
  for (const server of running) await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function serve(databasePath: string): Promise<RunningServer> {
  const server = await startServer({
    databasePath,
    env: { TRUST_PROXY: "loopback" },
  });
  running.push(server);
  return server;
}

function inspect(path: string): { integrity: string; bodies: Set<string> } {
  const sqlite = new Database(path, { readonly: true });
  try {
    const rows = sqlite
      .prepare("SELECT body_markdown AS body FROM comments")
      .all() as { body: string }[];
    return {
      integrity: sqlite.pragma("integrity_check", { simple: true }) as string,
      bodies: new Set(rows.map((row) => row.body)),
    };
  } finally {
    sqlite.close();
  }
}

const backUp = (databasePath: string, folder: string) =>
  runScript("app/cli/backup-database.server.ts", ["--to", folder], {
    DATABASE_PATH: databasePath,
  });
const restore = (databasePath: string, file: string) =>
  runScript("app/cli/restore-database.server.ts", [file], {
    DATABASE_PATH: databasePath,
  });

describe("db:backup and db:restore", () => {
  it("back up while comments pour in, and restore exactly what the backup holds", async () => {
    const databasePath = join(dataDir, "site", "lookout.db");
    const backups = join(dataDir, "backups");
    const server = await serve(databasePath);
    const load = startCommentLoad(server.url, { clients: 6 });
    await load.untilAcknowledged(20);
    const beforeBackup = [...load.acknowledged];

    const backup = await backUp(databasePath, backups);
    // The site kept serving: more comments were taken after the backup.
    await load.untilAcknowledged(load.acknowledged.length + 10);
    await load.stop();

    expect(backup.stderr).toBe("");
    expect(backup.code).toBe(0);
    const file = backup.stdout.trim();
    expect(file).toMatch(
      /\/backups\/lookout-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.db$/,
    );
    expect(readdirSync(backups)).toEqual([file.split("/").at(-1)]);
    const copy = inspect(file);
    expect(copy.integrity).toBe("ok");
    expect(beforeBackup.filter((body) => !copy.bodies.has(body))).toEqual([]);
    const everything = [...load.acknowledged];
    expect(everything.some((body) => !copy.bodies.has(body))).toBe(true);

    // Not while the server has the database open.
    const refused = await restore(databasePath, file);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      "Restore failed: The database is in use: stop the server first, then restore\n",
    );

    expect(await server.kill("SIGTERM")).toEqual({ code: 0, signal: null });
    const restored = await restore(databasePath, file);
    expect(restored.stderr).toBe("");
    expect(restored.code).toBe(0);
    const keptAs = /kept as (.+)\.\n/.exec(restored.stdout)?.[1];
    expect(keptAs).toMatch(/lookout\.db\.before-restore-[\dT-]+Z$/);

    // The database is now the backup; the one it replaced is kept whole, nothing lost.
    expect(inspect(databasePath).bodies).toEqual(copy.bodies);
    expect(
      everything.filter((body) => !inspect(keptAs!).bodies.has(body)),
    ).toEqual([]);
    expect(existsSync(`${databasePath}-wal`)).toBe(false);

    const again = await serve(databasePath);
    expect((await fetch(`${again.url}/healthz`)).status).toBe(200);
    expect(await postCommentOverHttp(again.url, "After the restore.")).toBe(
      true,
    );
  });

  it("refuses to restore a damaged file", async () => {
    const databasePath = join(dataDir, "refuse", "lookout.db");
    const damaged = join(dataDir, "damaged.db");
    writeFileSync(damaged, "this is not a database, whatever its name says");

    const result = await restore(databasePath, damaged);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `Restore failed: ${damaged} failed its integrity check, so nothing was restored: file is not a database\n`,
    );
    expect(existsSync(databasePath)).toBe(false);
  });
});

describe("GET /healthz", () => {
  it("answers 200 while the database reads, and 503 once its file is gone", async () => {
    const databasePath = join(dataDir, "health", "lookout.db");
    const server = await serve(databasePath);

    const healthy = await fetch(`${server.url}/healthz`);
    expect(healthy.status).toBe(200);
    expect(healthy.headers.get("cache-control")).toBe("no-store");
    expect(await healthy.json()).toEqual({
      status: "ok",
      migration: committedMigrationTags().at(-1),
    });

    // The data volume is unmounted, or its folder moved: the server's open connection would
    // go on writing to a file nobody will see again, so the check opens the path afresh.
    renameSync(join(dataDir, "health"), join(dataDir, "health-moved"));

    const broken = await fetch(`${server.url}/healthz`);
    expect(broken.status).toBe(503);
    expect(broken.headers.get("cache-control")).toBe("no-store");
    expect(await broken.json()).toEqual({
      status: "unavailable",
      problem: "the database cannot be read",
    });
    await waitForLog(server, "health check: the database cannot be read");
  });
});

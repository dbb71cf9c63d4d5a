import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import {
  OPEN_POST,
  postCommentOverHttp,
  startCommentLoad,
} from "../helpers/load";
import { startServer, waitForLog, type RunningServer } from "../helpers/server";

const dataDir = mkdtempSync(join(tmpdir(), "lookout-crash-"));
const running: RunningServer[] = [];

afterAll(async () => {
  for (const server of running) await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

// Each comment comes from an address of its own through the loopback "proxy".
const SERVER_ENV = { TRUST_PROXY: "loopback" };

async function serve(databasePath: string): Promise<RunningServer> {
  const server = await startServer({ databasePath, env: SERVER_ENV });
  running.push(server);
  return server;
}

function storedBodies(databasePath: string): Set<string> {
  const sqlite = new Database(databasePath, { readonly: true });
  try {
    const rows = sqlite
      .prepare("SELECT body_markdown AS body FROM comments")
      .all() as { body: string }[];
    return new Set(rows.map((row) => row.body));
  } finally {
    sqlite.close();
  }
}

function integrity(databasePath: string): string {
  const sqlite = new Database(databasePath, { readonly: true });
  try {
    return sqlite.pragma("integrity_check", { simple: true }) as string;
  } finally {
    sqlite.close();
  }
}

describe("a server killed with SIGKILL in the middle of a comment load", () => {
  it("keeps every acknowledged comment and comes back by itself", async () => {
    const databasePath = join(dataDir, "killed.db");
    const first = await serve(databasePath);
    const load = startCommentLoad(first.url, { clients: 12 });
    await load.untilAcknowledged(60);

    const exit = await first.kill("SIGKILL");
    await load.stop();

    expect(exit.signal).toBe("SIGKILL");
    // Every client lost its connection: the kill came while all of them were posting, and the
    // comments they were sending got no answer, so nothing was promised for them.
    expect(load.failed).toBe(12);
    expect(load.refused).toBe(0);
    const acknowledged = [...load.acknowledged];
    expect(acknowledged.length).toBeGreaterThanOrEqual(60);

    // The next start opens the same file, recovers its log and serves again.
    const second = await serve(databasePath);
    const health = await fetch(`${second.url}/healthz`);
    expect(health.status).toBe(200);
    const stored = storedBodies(databasePath);
    expect(acknowledged.filter((body) => !stored.has(body))).toEqual([]);
    expect(integrity(databasePath)).toBe("ok");
    expect(await postCommentOverHttp(second.url, "After the restart.")).toBe(
      true,
    );
  });
});

describe("SIGTERM", () => {
  it("finishes the request in flight, refuses new ones, closes the database and exits 0", async () => {
    const databasePath = join(dataDir, "stopped.db");
    const server = await serve(databasePath);
    const form = new URLSearchParams({
      intent: "comment",
      name: "Slow Writer",
      email: "",
      body: "Written on a slow connection.",
      parentId: "",
      website: "",
    }).toString();

    // A client on a slow line: the server has the request (it says "100 Continue") but not
    // yet its body when the signal arrives.
    const slow = request(`${server.url}/posts/${OPEN_POST}`, {
      method: "POST",
      headers: {
        Origin: server.url,
        "Content-Type": "application/x-www-form-urlencoded",
        "Content-Length": Buffer.byteLength(form),
        Expect: "100-continue",
      },
    });
    const answer = new Promise<{ status: number; page: string }>(
      (resolve, reject) => {
        slow.on("response", (response) => {
          let page = "";
          response.setEncoding("utf8");
          response.on("data", (chunk: string) => (page += chunk));
          response.on("end", () =>
            resolve({ status: response.statusCode ?? 0, page }),
          );
        });
        slow.on("error", reject);
      },
    );
    const started = new Promise<void>((resolve) =>
      slow.once("continue", resolve),
    );
    slow.flushHeaders();
    await started;

    const exit = server.kill("SIGTERM");
    await waitForLog(server, "SIGTERM received");
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();

    slow.end(form);
    const { status, page } = await answer;
    expect(status).toBe(200);
    expect(page).toMatch(/Published\.|Held for a moderator because/);

    expect(await exit).toEqual({ code: 0, signal: null });
    await waitForLog(server, "Lookout stopped");
    // Closed cleanly: the write-ahead log was folded into the file and removed.
    expect(
      existsSync(`${databasePath}-wal`) &&
        statSync(`${databasePath}-wal`).size > 0,
    ).toBe(false);
    expect(storedBodies(databasePath)).toContain(
      "Written on a slow connection.",
    );
  });
});

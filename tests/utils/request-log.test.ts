import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { newRequestId } from "~/platform/log.server";
import { REPO_ROOT } from "../helpers/server";

/** Runs a few lines of TypeScript against the log in a process of its own; returns its output. */
function runWithLog(
  body: string,
  env: Record<string, string> = {},
): { stdout: string; stderr: string } {
  const script = `import { logRequest, log } from "./app/platform/log.server.ts";
const started = process.hrtime.bigint();
${body}`;
  const result = spawnSync(
    join(REPO_ROOT, "node_modules/.bin/tsx"),
    ["--eval", script],
    {
      cwd: REPO_ROOT,
      encoding: "utf8",
      timeout: 30_000,
      env: { ...process.env, ...env },
    },
  );
  if (result.error) throw result.error;
  return { stdout: result.stdout, stderr: result.stderr };
}

const lines = (text: string) =>
  text
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe("the request log", () => {
  it("writes every request's line, in order, even when the process exits at once", () => {
    const { stdout } = runWithLog(`
for (const [index, path] of ["/", "/posts/a", "/tags/b"].entries())
  logRequest({ requestId: "id" + index, method: "GET", path, status: 200, started, pageCache: "hit" });
log("info", "stopping");
logRequest({ requestId: "id3", method: "GET", path: "/after", status: 304, started });
process.exit(0);`);
    expect(
      lines(stdout).map((line) => [line.message, line.path ?? null]),
    ).toEqual([
      ["request", "/"],
      ["request", "/posts/a"],
      ["request", "/tags/b"],
      ["stopping", null],
      ["request", "/after"],
    ]);
    const first = lines(stdout)[0]!;
    expect(first).toMatchObject({
      level: "info",
      requestId: "id0",
      method: "GET",
      status: 200,
      pageCache: "hit",
    });
    expect(new Date(first.time as string).toISOString()).toBe(first.time);
    expect(typeof first.durationMs).toBe("number");
  });

  it("writes each line as the JSON of its fields, whatever characters the path holds", () => {
    const path = '/search/"quoted"\\back\nnew\u2028line/é/\u0001';
    const { stdout } = runWithLog(
      `
logRequest({ requestId: "a1", method: "GET", path: process.env.REQUEST_PATH, status: 200, started, pageCache: "miss" });
logRequest({ requestId: "a2", method: "HEAD", path: "/", status: 304, started });
process.exit(0);`,
      { REQUEST_PATH: path },
    );
    const written = stdout.trim().split("\n");
    expect(written).toHaveLength(2);
    const [first, second] = written.map(
      (text) => JSON.parse(text) as Record<string, unknown>,
    );
    expect(first).toMatchObject({ path, pageCache: "miss" });
    // Byte for byte what stringifying the fields in this order gives, for a log reader.
    expect(written[0]).toBe(
      JSON.stringify({
        time: first!.time,
        level: "info",
        message: "request",
        requestId: "a1",
        method: "GET",
        path,
        status: 200,
        durationMs: first!.durationMs,
        pageCache: "miss",
      }),
    );
    expect(written[1]).toBe(
      JSON.stringify({
        time: second!.time,
        level: "info",
        message: "request",
        requestId: "a2",
        method: "HEAD",
        path: "/",
        status: 304,
        durationMs: second!.durationMs,
      }),
    );
  });

  it("writes a failed request's line to stderr at once, as an error", () => {
    const { stdout, stderr } = runWithLog(`
logRequest({ requestId: "ok", method: "GET", path: "/", status: 200, started });
logRequest({ requestId: "broken", method: "POST", path: "/posts/a", status: 500, started });
process.exit(0);`);
    expect(lines(stdout).map((line) => line.requestId)).toEqual(["ok"]);
    expect(lines(stderr)).toEqual([
      expect.objectContaining({
        level: "error",
        message: "request",
        requestId: "broken",
        status: 500,
      }),
    ]);
  });
});

describe("request ids", () => {
  it("are twelve hex digits, and no two of a process's requests share one", () => {
    const ids = Array.from({ length: 20_000 }, newRequestId);
    for (const id of ids.slice(0, 100)) expect(id).toMatch(/^[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

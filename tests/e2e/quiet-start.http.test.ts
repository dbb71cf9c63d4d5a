// `npm start` builds the site, then serves it. What it prints is read by a person waiting for the
// address: build chatter (an empty chunk per resource route, a table of every asset, warnings
// about comments inside dependencies) hid the line they need. The build runs in a copy of the
// project, so the other tests' servers keep the build they were started from.
import { spawn } from "node:child_process";
import {
  cpSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isExpectedWarning } from "../../vite.config";
import { REPO_ROOT, freePort } from "../helpers/server";

const COPIED = [
  "app",
  "content",
  "db",
  "public",
  "package.json",
  "tsconfig.json",
  "vite.config.ts",
];
const START_DEADLINE_MS = 120_000;

const project = mkdtempSync(join(tmpdir(), "lookout-start-"));
afterAll(() => rmSync(project, { recursive: true, force: true }));

/** Runs `npm start` in the copy until it says it is listening, then stops it by its own pid. */
async function startOutput(): Promise<{ output: string; port: number }> {
  for (const entry of COPIED) {
    cpSync(join(REPO_ROOT, entry), join(project, entry), { recursive: true });
  }
  symlinkSync(join(REPO_ROOT, "node_modules"), join(project, "node_modules"));
  writeFileSync(join(project, ".gitignore"), "build/\n");
  const port = await freePort();
  const child = spawn("npm", ["start"], {
    cwd: project,
    env: {
      ...process.env,
      HOST: "127.0.0.1",
      PORT: String(port),
      SITE_URL: `http://127.0.0.1:${port}`,
      DATABASE_PATH: join(project, "start.db"),
      CONTENT_DIR: "content",
    },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: npm, the shell and the server stop together.
    detached: true,
  });
  let output = "";
  const listening = new Promise<void>((ready, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`npm start did not serve in time:\n${output}`)),
      START_DEADLINE_MS,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (output.includes("Lookout is listening on")) {
        clearTimeout(timer);
        ready();
      }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`npm start exited (${code}):\n${output}`));
    });
  });
  const exited = new Promise((done) => child.once("exit", done));
  try {
    await listening;
  } finally {
    if (child.exitCode === null) process.kill(-child.pid!, "SIGTERM");
    await exited;
  }
  return { output, port };
}

describe("npm start", () => {
  it(
    "prints the address it serves and the content sync, without the build's chatter",
    { timeout: START_DEADLINE_MS + 30_000 },
    async () => {
      const { output, port } = await startOutput();
      // What a person needs.
      expect(output).toContain(
        `Lookout is listening on http://127.0.0.1:${port}`,
      );
      expect(output).toMatch(/Content sync: \d+ added, \d+ updated/);
      // What hid it.
      expect(output).not.toMatch(/empty chunk/i);
      expect(output).not.toMatch(
        /build\/(client|server)\/[\w./-]+\s+[\d.]+ kB/,
      );
      expect(output).not.toContain("gzip");
      expect(output).not.toContain("annotation that Rollup cannot interpret");
      expect(output).not.toMatch(/modules transformed/);
      expect(output.split("\n").length).toBeLessThan(25);
    },
  );

  it("hides only the build warnings known to be harmless", () => {
    expect(
      isExpectedWarning({
        code: "EMPTY_BUNDLE",
        message: 'Generated an empty chunk: "feed_.xml_".',
      }),
    ).toBe(true);
    expect(
      isExpectedWarning({
        code: "INVALID_ANNOTATION",
        message:
          "A comment ... contains an annotation that Rollup cannot interpret",
        id: join(REPO_ROOT, "node_modules/zod/v4/core/util.js"),
      }),
    ).toBe(true);
    // The same warning about the site's own code, and any other warning, are still printed.
    expect(
      isExpectedWarning({
        code: "INVALID_ANNOTATION",
        message:
          "A comment ... contains an annotation that Rollup cannot interpret",
        id: join(REPO_ROOT, "app/domain/dates.ts"),
      }),
    ).toBe(false);
    expect(
      isExpectedWarning({
        code: "CIRCULAR_DEPENDENCY",
        message: "Circular dependency: app/a.ts -> app/b.ts -> app/a.ts",
      }),
    ).toBe(false);
  });
});

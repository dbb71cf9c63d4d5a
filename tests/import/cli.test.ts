import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runScript } from "../helpers/cli";
import { fixture } from "../helpers/imports";

const root = mkdtempSync(join(tmpdir(), "lookout-import-cli-"));
const contentDir = join(root, "content");
mkdirSync(join(contentDir, "posts"), { recursive: true });
const report = join(root, "report.txt");
const env = {
  DATABASE_PATH: join(root, "lookout.db"),
  CONTENT_DIR: contentDir,
  SESSION_SECRET: "x".repeat(40),
};
afterAll(() => rmSync(root, { recursive: true, force: true }));

const importFile = (...args: string[]) =>
  runScript("app/cli/import.server.ts", [...args, "--report", report], env);

describe("npm run import and npm run export", () => {
  it("refuses a malformed file with its line, importing nothing", async () => {
    const result = await importFile(fixture("wxr-malformed.xml"));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "Nothing was imported from " +
        fixture("wxr-malformed.xml") +
        ": the file is not well-formed XML at line 90",
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(join(contentDir, "posts"))).toEqual([]);
  });

  it("prints what a dry run would import and writes nothing", async () => {
    const result = await importFile(fixture("wxr-1.2-https.xml"), "--dry-run");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "Dry run, nothing was written. Would import from WordPress:",
    );
    expect(result.stdout).toContain("comments:  11 new, 0 already here");
    expect(readdirSync(join(contentDir, "posts"))).toEqual([]);
  });

  it("imports, prints a summary, lists the skipped in a report, and says so when run again", async () => {
    const first = await importFile(fixture("wxr-1.2-https.xml"));
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("Imported from WordPress:");
    expect(first.stdout).toContain(
      "by state: 8 published, 1 pending, 1 spam, 1 removed",
    );
    expect(first.stdout).toContain("by class: 2 anonymous, 9 named");
    // Not a terminal: no progress bar in the output.
    expect(first.stdout).not.toContain("[");
    expect(readdirSync(join(contentDir, "posts")).sort()).toEqual([
      "about.md",
      "bike-marking-day.md",
      "winter-patrols.md",
    ]);
    expect(readFileSync(report, "utf8")).toContain(
      'comment 12 on "Bike theft & marking day": it is a pingback',
    );

    const second = await importFile(fixture("wxr-1.2-https.xml"));
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(
      "Nothing new: everything in this file is already here.",
    );
  });

  it("exports JSON to a file", async () => {
    const out = join(root, "export.json");
    const result = await runScript(
      "app/cli/export.server.ts",
      ["--out", out],
      env,
    );
    expect(result.code).toBe(0);
    expect(existsSync(out)).toBe(true);
    const data = JSON.parse(readFileSync(out, "utf8"));
    expect(data).toMatchObject({ format: "lookout-export", version: 1 });
    expect(data.comments).toHaveLength(11);
  });
});

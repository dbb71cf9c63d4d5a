// An imported Blogger board in a real Chromium: its post shows the threaded comments, and an old
// Blogger address lands on it.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { withPagePerTest } from "../helpers/browser";
import { runScript } from "../helpers/cli";
import { fixture } from "../helpers/imports";
import { startServer, type RunningServer } from "../helpers/server";

const WAIT = { timeout: 15_000 };
const root = mkdtempSync(join(tmpdir(), "lookout-e2e-import-"));
const contentDir = join(root, "content");
const databasePath = join(root, "site.db");
const env = { SESSION_SECRET: "e2e-import-".repeat(4) };
let server: RunningServer;

beforeAll(async () => {
  mkdirSync(join(contentDir, "posts"), { recursive: true });
  const imported = await runScript(
    "app/cli/import.server.ts",
    [
      fixture("blogger-classic-board.xml"),
      "--report",
      join(root, "report.txt"),
    ],
    { ...env, DATABASE_PATH: databasePath, CONTENT_DIR: contentDir },
  );
  expect(imported.code, imported.stderr).toBe(0);
  server = await startServer({ contentDir, databasePath, env });
}, 90_000);

afterAll(async () => {
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe("an imported Blogger board", () => {
  let page: Page;
  withPagePerTest({ javaScriptEnabled: false }, (opened) => {
    page = opened.page;
  });

  test("an old Blogger address lands on the imported post, with its comments in their threads", async () => {
    const response = await page.goto(
      `${server.url}/2016/05/property-marking-scheme.html?m=1`,
      WAIT,
    );
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe("/posts/property-marking-scheme");
    await expect
      .poll(() => page.locator("h1").first().textContent(), WAIT)
      .toBe("Property marking scheme comes to South Vale");

    const topLevel = page
      .locator("ol.thread")
      .first()
      .locator(":scope > li.comment");
    await expect.poll(() => topLevel.count(), WAIT).toBe(2);
    const first = topLevel.nth(0);
    expect(
      await first.locator(".comment-body").first().textContent(),
    ).toContain("Does it work on bikes?");
    // The reply sits inside the thread of the comment it answered.
    const reply = first.locator(".replies li.comment");
    expect(await reply.count()).toBe(1);
    expect(await reply.locator(".comment-author").textContent()).toContain(
      "Margaret Okafor",
    );
    expect(await reply.locator(".comment-body").textContent()).toContain(
      "Yes, frames & wheels.",
    );
  });

  test("an old Blogger link to a comment lands on that comment", async () => {
    await page.goto(
      `${server.url}/2016/05/property-marking-scheme.html?showComment=1462349700000#c2001`,
      WAIT,
    );
    const landed = new URL(page.url());
    expect(landed.pathname).toBe("/posts/property-marking-scheme");
    expect(landed.hash).toBe("#comment-1");
    expect(
      await page.locator("#comment-1 .comment-body").first().textContent(),
    ).toContain("Does it work on bikes?");
  });

  test("the draft is nowhere, and an address nobody had is a 404", async () => {
    const home = await page.goto(`${server.url}/`, WAIT);
    expect(home?.status()).toBe(200);
    const text = await page.locator("main").textContent();
    expect(text).toContain("Property marking scheme comes to South Vale");
    expect(text).not.toContain("Summer fete");
    const missing = await page.goto(
      `${server.url}/2016/05/never-written.html`,
      WAIT,
    );
    expect(missing?.status()).toBe(404);
  });
});

// An imported Blogger board and WordPress blog in a real Chromium: a post shows the threaded
// comments, an old address lands on it, and an old link to a comment (#c2002, #comment-10)
// lands on that comment, JavaScript on or off.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  waitForHydration,
  withPagePerTest,
  type PageProblems,
} from "../helpers/browser";
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
  const wordpress = await runScript(
    "app/cli/import.server.ts",
    [fixture("wxr-1.2-https.xml"), "--report", join(root, "report-wp.txt")],
    { ...env, DATABASE_PATH: databasePath, CONTENT_DIR: contentDir },
  );
  expect(wordpress.code, wordpress.stderr).toBe(0);
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

/**
 * Where the browser's own fragment navigation left the reader: the comment holding the element
 * the address's fragment names, and how far the page is scrolled.
 */
async function landing(page: Page) {
  return page.evaluate(() => {
    const target = document.getElementById(
      decodeURIComponent(location.hash.slice(1)),
    );
    const comment = target?.closest("li.comment");
    const box = comment?.getBoundingClientRect();
    return {
      hash: location.hash,
      scrolled: window.scrollY,
      // Only this comment's own text, not its replies'.
      text: comment?.querySelector(
        ":scope > article .comment-body, :scope > article .placeholder",
      )?.textContent,
      permalink: comment?.querySelector(":scope > article .permalink")
        ?.textContent,
      // Scrolled to its top, give or take a pixel's fraction.
      inViewport: box !== undefined && box.top > -1 && box.top < innerHeight,
      // Each old id is drawn once: a second element with it would be invalid.
      elements: document.querySelectorAll(
        `[id="${CSS.escape(location.hash.slice(1))}"]`,
      ).length,
    };
  });
}

describe.each([false, true])(
  "an old link to an imported comment, JavaScript %s",
  (javaScriptEnabled) => {
    let page: Page;
    let problems: PageProblems;
    withPagePerTest({ javaScriptEnabled }, async (opened) => {
      page = opened.page;
      problems = opened.problems;
      // Short, so the post itself fills the window and only a jump reaches the comments.
      await page.setViewportSize({ width: 800, height: 400 });
    });

    async function open(path: string) {
      const response = await page.goto(`${server.url}${path}`, WAIT);
      expect(response?.status()).toBe(200);
      if (javaScriptEnabled) await waitForHydration(page);
    }

    test("Blogger's #c<id> lands on that comment, through the old address's redirect", async () => {
      await open("/2016/05/property-marking-scheme.html#c2002");
      expect(new URL(page.url()).pathname).toBe(
        "/posts/property-marking-scheme",
      );
      await expect
        .poll(() => landing(page), WAIT)
        .toMatchObject({
          hash: "#c2002",
          text: expect.stringContaining("Yes, frames & wheels."),
          inViewport: true,
          elements: 1,
        });
      expect((await landing(page)).scrolled).toBeGreaterThan(0);
    });

    test("WordPress's /?p=N#comment-<id> lands on that comment, not on Lookout's comment of that number", async () => {
      await open("/?p=101#comment-10");
      const landed = new URL(page.url());
      expect(landed.pathname).toBe("/posts/bike-marking-day");
      await expect
        .poll(() => landing(page), WAIT)
        .toMatchObject({
          hash: "#comment-10",
          text: expect.stringContaining("Please keep it civil."),
          inViewport: true,
          elements: 1,
        });
      expect((await landing(page)).scrolled).toBeGreaterThan(0);
      // WordPress's comment 9, trashed there, is Lookout's comment 7, and Lookout's comment 9
      // (WordPress's 11) had the id first: from the old address the old id wins.
      await open("/?p=101#comment-9");
      await expect
        .poll(() => landing(page), WAIT)
        .toMatchObject({
          hash: "#comment-9",
          text: expect.stringContaining("This comment was removed"),
          permalink: "#7",
          inViewport: true,
          elements: 1,
        });
      // Lookout's comment 9 is on the page, without the id it gave way.
      const nine = page.locator("li.comment", {
        has: page.locator(":scope > article .permalink", { hasText: /^#9$/ }),
      });
      expect(await nine.count()).toBe(1);
      expect(await nine.getAttribute("id")).toBeNull();
      // The page hydrates with the ids the server drew: no mismatch, no error (but the post's
      // picture, still on the old blog's domain, which this machine cannot reach).
      expect(
        problems
          .list()
          .filter(
            (problem) => !problem.includes("valewatch.example/wp-content"),
          ),
      ).toEqual([]);
    });

    test("the post's own comment links still land on Lookout's numbers", async () => {
      // The control: without an old address, #comment-8 is Lookout's comment number 8, which
      // was WordPress's comment 10.
      await open("/posts/bike-marking-day/comments/8");
      await expect
        .poll(() => landing(page), WAIT)
        .toMatchObject({
          hash: "#comment-8",
          text: expect.stringContaining("Please keep it civil."),
          inViewport: true,
          elements: 1,
        });
    });
  },
);

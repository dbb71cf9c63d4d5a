// A moderator's Remove and Restore on a post's page land at the comment with the desk's
// notice in view, with JavaScript and without.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Locator, Page } from "playwright-core";
import {
  launchBrowser,
  waitForHydration,
  type LaunchedBrowser,
} from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";
import { createAdmin } from "../helpers/admin";
import {
  seedSampleDiscussion,
  THREAD_POST,
} from "../helpers/sample-discussion";

const PHONE = { width: 360, height: 740 };
const WAIT = { timeout: 15_000 };
const ADMIN = {
  email: "desk@example.org",
  name: "Desk Moderator",
  password: "correct horse battery staple",
};
let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
  await seedSampleDiscussion(server);
  await createAdmin(server, ADMIN);
});

afterAll(async () => {
  await server?.stop();
});

function inViewport(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    return (
      box.height > 0 && box.top >= -1 && box.bottom <= window.innerHeight + 1
    );
  });
}

describe.each([
  { javaScriptEnabled: true, mode: "with JavaScript" },
  { javaScriptEnabled: false, mode: "without JavaScript" },
])("a moderator on a post's page $mode", ({ javaScriptEnabled }) => {
  let browser: LaunchedBrowser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser({ javaScriptEnabled });
    page = await browser.context.newPage();
    await page.setViewportSize(PHONE);
    await page.goto(
      `${server.url}/sign-in?redirectTo=${encodeURIComponent(THREAD_POST)}`,
    );
    if (javaScriptEnabled) await waitForHydration(page);
    const form = page.locator("main form");
    await form.getByLabel("Email").fill(ADMIN.email);
    await form.getByLabel("Password").fill(ADMIN.password);
    await form.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === THREAD_POST, WAIT);
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function openPost() {
    await page.goto(server.url + THREAD_POST);
    if (javaScriptEnabled) await waitForHydration(page);
  }

  const notice = (text: string) =>
    page.locator("#moderation-notice", { hasText: text });

  test("Remove and Restore of a comment with replies: the notice at the comment, in view", async () => {
    await openPost();
    // The first comment has a reply, so it stays in the thread as a placeholder.
    const first = page.locator("li#comment-1");
    await first
      .locator(":scope > article")
      .getByRole("button", { name: "Remove" })
      .click();
    await notice("Removed 1 comment.").waitFor(WAIT);
    await expect
      .poll(() => inViewport(notice("Removed 1 comment.")), WAIT)
      .toBe(true);
    expect(await first.locator("#moderation-notice").count()).toBe(1);
    await first
      .locator(":scope > article")
      .getByRole("button", { name: "Restore" })
      .click();
    await notice("Restored 1 comment.").waitFor(WAIT);
    await expect
      .poll(() => inViewport(notice("Restored 1 comment.")), WAIT)
      .toBe(true);
    expect(await first.locator("#moderation-notice").count()).toBe(1);
  });

  test("Remove of a comment that leaves the thread: the notice above it, in view", async () => {
    await openPost();
    // A comment without replies of its own, one for each mode.
    const leaf = page.locator(
      javaScriptEnabled ? "li#comment-2" : "li#comment-3",
    );
    await leaf.getByRole("button", { name: "Remove" }).click();
    await notice("Removed 1 comment.").waitFor(WAIT);
    await expect
      .poll(() => inViewport(notice("Removed 1 comment.")), WAIT)
      .toBe(true);
    // The control: the comment has gone from the thread.
    expect(await leaf.count()).toBe(0);
  });
});

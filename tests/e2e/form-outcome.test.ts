// After posting a comment or a report on a phone, with JavaScript or without, the poster sees
// the outcome where they are, without scrolling; without JavaScript the post is answered with a
// redirect (a reload does not post again) and a refused comment comes back as it was typed.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Locator, Page, Response } from "playwright-core";
import {
  launchBrowser,
  waitForHydration,
  type LaunchedBrowser,
} from "../helpers/browser";
import {
  setModerationPolicy,
  startServer,
  type RunningServer,
} from "../helpers/server";
import {
  seedSampleDiscussion,
  THREAD_POST,
} from "../helpers/sample-discussion";

const PHONE = { width: 360, height: 740 };
const WAIT = { timeout: 15_000 };
let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
  await seedSampleDiscussion(server);
  setModerationPolicy(server.databasePath, {
    floodLimit: 1000,
    blockedWords: ["bananas"],
  });
});

afterAll(async () => {
  await server?.stop();
});

function inViewport(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
  });
}

describe.each([
  { javaScriptEnabled: true, mode: "with JavaScript" },
  { javaScriptEnabled: false, mode: "without JavaScript" },
])("posting on a phone $mode", ({ javaScriptEnabled }) => {
  let browser: LaunchedBrowser;
  let page: Page;
  // Every document the browser was answered with: without JavaScript the last is a GET.
  const documents: Response[] = [];

  beforeAll(async () => {
    browser = await launchBrowser({ javaScriptEnabled });
    page = await browser.context.newPage();
    await page.setViewportSize(PHONE);
    page.on("response", (response) => {
      if (response.request().resourceType() === "document")
        documents.push(response);
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(path: string) {
    const response = await page.goto(server.url + path);
    expect(response?.status()).toBe(200);
    if (javaScriptEnabled) await waitForHydration(page);
  }

  test("a held comment's message is in view after posting", async () => {
    await open(THREAD_POST);
    const form = page.locator("form#new");
    await form.getByLabel("Name (optional)").fill(`Ada ${javaScriptEnabled}`);
    await form
      .getByLabel("Comment", { exact: true })
      .fill(`Our street lights are out again (${javaScriptEnabled}).`);
    documents.length = 0;
    await form.getByRole("button", { name: "Post comment" }).click();
    const message = form.locator(".form-message.held");
    await message.waitFor(WAIT);
    expect(await message.textContent()).toContain("Held for a moderator");
    // With JavaScript it is brought into view once the thread has been drawn again.
    await expect.poll(() => inViewport(message), WAIT).toBe(true);
    if (!javaScriptEnabled) {
      // Post, redirect, get: the page shown was fetched, not posted.
      expect(documents.map((d) => d.request().method())).toEqual([
        "POST",
        "GET",
      ]);
      expect(page.url()).toMatch(/#new$/);
      // Shown once: a reload neither posts again nor repeats the message.
      await page.reload();
      expect(await form.locator(".form-message").count()).toBe(0);
      // The control: the form itself is there.
      expect(await form.count()).toBe(1);
    }
  });

  test("a refused comment comes back as typed, its reason in view", async () => {
    await open(THREAD_POST);
    const form = page.locator("form#new");
    const typed = `I would like some bananas (${javaScriptEnabled}).`;
    await form.getByLabel("Comment", { exact: true }).fill(typed);
    await form.getByRole("button", { name: "Post comment" }).click();
    const message = form.locator(".form-message.rejected");
    await message.waitFor(WAIT);
    expect(await message.textContent()).toContain("Not accepted because");
    // With JavaScript it is brought into view once the thread has been drawn again.
    await expect.poll(() => inViewport(message), WAIT).toBe(true);
    expect(await form.getByLabel("Comment", { exact: true }).inputValue()).toBe(
      typed,
    );
  });

  test("a report's thanks are in view after sending it", async () => {
    await open(THREAD_POST);
    // A comment of its own for each mode: one reporter reports a comment once.
    await page
      .locator('a[href*="report="]')
      .nth(javaScriptEnabled ? 0 : 1)
      .click();
    const form = page.locator(".report-form");
    await form.waitFor(WAIT);
    await form.getByLabel("Spam or advertising").check();
    await form.getByRole("button", { name: "Send report" }).click();
    const thanks = page.locator(".form-message.published", {
      hasText: "a moderator will look at this comment",
    });
    await thanks.waitFor(WAIT);
    await expect.poll(() => inViewport(thanks.first()), WAIT).toBe(true);
  });
});

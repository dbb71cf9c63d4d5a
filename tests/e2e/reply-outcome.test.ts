// After a reply is published, the reply form closes and its answer stands where the form was,
// once: not in the main form as well, with JavaScript or without.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Locator, Page } from "playwright-core";
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
    anonymous: "publish",
    named: "publish",
  });
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
])("replying on a phone $mode", ({ javaScriptEnabled }) => {
  let browser: LaunchedBrowser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser({ javaScriptEnabled });
    page = await browser.context.newPage();
    await page.setViewportSize(PHONE);
  });

  afterAll(async () => {
    await browser?.close();
  });

  test("closes the reply form and says Published once, where the form was", async () => {
    const response = await page.goto(server.url + THREAD_POST);
    expect(response?.status()).toBe(200);
    if (javaScriptEnabled) await waitForHydration(page);
    await page.getByRole("link", { name: "Reply" }).first().click();
    const form = page.locator('form[id^="reply-"]');
    await form.waitFor(WAIT);
    const body = `Thanks, I will ring the bank (${javaScriptEnabled}).`;
    await form.getByLabel("Comment", { exact: true }).fill(body);
    await form.getByRole("button", { name: "Post comment" }).click();

    const outcome = page.locator(".reply-outcome");
    await outcome.waitFor(WAIT);
    expect(await outcome.textContent()).toContain("Published.");
    await expect.poll(() => inViewport(outcome), WAIT).toBe(true);
    // The reply is in the thread, and the form that sent it is closed.
    await page.locator(".comment", { hasText: body }).first().waitFor(WAIT);
    expect(await page.locator('form[id^="reply-"]').count()).toBe(0);
    // The answer is given once: the main form says nothing (the control: it is on the page).
    expect(await page.locator("form#new").count()).toBe(1);
    expect(await page.locator("form#new .form-message").count()).toBe(0);
    expect(await page.getByText("Published.", { exact: false }).count()).toBe(
      1,
    );
  });
});

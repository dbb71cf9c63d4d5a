// The comment form's character counter in a real Chromium: with JavaScript it counts as the
// policy does and speaks only near the limit; without it, the field's maxlength is the policy's.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchBrowser, waitForHydration } from "../helpers/browser";
import {
  setModerationPolicy,
  startServer,
  type RunningServer,
} from "../helpers/server";

const WAIT = { timeout: 15_000 };
const POST = "/posts/phone-and-courier-scams";
let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
  setModerationPolicy(server.databasePath, { maxLength: 100 });
});

afterAll(async () => {
  await server?.stop();
});

describe.each([
  { javaScriptEnabled: true, mode: "with JavaScript" },
  { javaScriptEnabled: false, mode: "without JavaScript" },
])("the comment field $mode", ({ javaScriptEnabled }) => {
  test("takes the policy's limit, and counts only with JavaScript", async () => {
    const browser = await launchBrowser({ javaScriptEnabled });
    try {
      const page = await browser.context.newPage();
      const response = await page.goto(server.url + POST);
      expect(response?.status()).toBe(200);
      if (javaScriptEnabled) await waitForHydration(page);
      const form = page.locator("form#new");
      const field = form.getByLabel("Comment", { exact: true });
      expect(await field.getAttribute("maxlength")).toBe("100");
      const counter = form.locator(".character-count");
      const spoken = form.locator('[aria-live="polite"]');
      if (!javaScriptEnabled) {
        expect(await counter.count()).toBe(0);
        return;
      }
      await counter.waitFor(WAIT);
      expect(await counter.textContent()).toBe("0 of 100 characters");
      await field.fill("🚲 Hello");
      await form
        .locator(".character-count", { hasText: "7 of 100 characters" })
        .waitFor(WAIT);
      // Room left: nothing is announced.
      expect(await spoken.textContent()).toBe("");
      await field.fill("a".repeat(95));
      await form
        .locator('[aria-live="polite"]', {
          hasText: "5 characters left of 100.",
        })
        .waitFor(WAIT);
    } finally {
      await browser.close();
    }
  });
});

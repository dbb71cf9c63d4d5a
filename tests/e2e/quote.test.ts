// "Quote" in a real Chromium: without JavaScript it opens the reply form with the comment
// quoted; with it, a passage selected in the comment is what gets quoted.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchBrowser, waitForHydration } from "../helpers/browser";
import {
  setModerationPolicy,
  startServer,
  type RunningServer,
} from "../helpers/server";

const WAIT = { timeout: 15_000 };
const POST = "/posts/phone-and-courier-scams";
const BODY =
  "The caller said he was from the bank. He asked for my card number.";
let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
  setModerationPolicy(server.databasePath, {
    floodLimit: 1000,
    named: "publish",
  });
  const response = await fetch(server.url + POST, {
    method: "POST",
    headers: {
      Origin: server.url,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({
      intent: "comment",
      parentId: "",
      name: "Ruth",
      body: BODY,
    }),
    redirect: "manual",
  });
  expect(response.status).toBeLessThan(400);
});

afterAll(async () => {
  await server?.stop();
});

describe.each([
  { javaScriptEnabled: true, mode: "with JavaScript" },
  { javaScriptEnabled: false, mode: "without JavaScript" },
])("quoting $mode", ({ javaScriptEnabled }) => {
  test("starts the reply with the quote", async () => {
    const browser = await launchBrowser({ javaScriptEnabled });
    try {
      const page = await browser.context.newPage();
      const response = await page.goto(server.url + POST);
      expect(response?.status()).toBe(200);
      if (javaScriptEnabled) await waitForHydration(page);
      const comment = page.locator("li.comment", { hasText: BODY }).first();
      if (javaScriptEnabled) {
        // Select the second sentence only, as a reader dragging over it would.
        await comment.locator(".comment-body p").evaluate((paragraph) => {
          const text = paragraph.firstChild!;
          const start = text.textContent!.indexOf("He asked");
          const range = document.createRange();
          range.setStart(text, start);
          range.setEnd(text, text.textContent!.length);
          const selection = window.getSelection()!;
          selection.removeAllRanges();
          selection.addRange(range);
        });
      }
      await comment.getByRole("link", { name: /^Quote Ruth/ }).click();
      const field = page
        .locator("form[id^=reply-]")
        .getByLabel("Comment", { exact: true });
      await field.waitFor(WAIT);
      const expected = javaScriptEnabled
        ? "> He asked for my card number.\n\n"
        : `> ${BODY}\n\n`;
      await page.waitForFunction(
        ([value]) =>
          document.querySelector<HTMLTextAreaElement>(
            'form[id^="reply-"] textarea[name="body"]',
          )?.value === value,
        [expected],
        WAIT,
      );
      expect(await field.inputValue()).toBe(expected);
    } finally {
      await browser.close();
    }
  });
});

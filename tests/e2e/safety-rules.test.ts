// The personal-details warning in a real Chromium: with JavaScript it appears as the poster types
// and axe finds nothing wrong with it; without JavaScript the result page gives the same reason
// and keeps what was typed out of public view until a moderator has read it.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { axeViolationIds } from "../helpers/axe";
import { launchBrowser, waitForHydration } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";

const WAIT = { timeout: 15_000 };
const POST = "/posts/phone-and-courier-scams";
const WARNING = /This may identify a person or a home \(a phone number\)/;
let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.stop();
});

describe.each([
  { javaScriptEnabled: true, mode: "with JavaScript" },
  { javaScriptEnabled: false, mode: "without JavaScript" },
])("a comment with a phone number $mode", ({ javaScriptEnabled }) => {
  test("is explained to the poster and held for a moderator", async () => {
    const browser = await launchBrowser({
      javaScriptEnabled,
      bypassCSP: true,
    });
    try {
      const page = await browser.context.newPage();
      const response = await page.goto(server.url + POST);
      expect(response?.status()).toBe(200);
      if (javaScriptEnabled) await waitForHydration(page);
      const form = page.locator("form#new");
      const field = form.getByLabel("Comment", { exact: true });
      const warning = form.locator(".safety-warning");
      const body = `Lost cat, ring 07700 900123 (${javaScriptEnabled ? "js" : "no js"})`;
      if (javaScriptEnabled) {
        // Control: ordinary text gives no warning.
        await field.fill("Lost cat near the park at 10:30, £20 reward");
        await warning.waitFor({ state: "attached", ...WAIT });
        expect(await warning.textContent()).toBe("");
        await field.fill(body);
        await form
          .locator(".safety-warning", { hasText: WARNING })
          .waitFor(WAIT);
        expect(await axeViolationIds(page)).toEqual([]);
      } else {
        expect(await warning.count()).toBe(0);
        await field.fill(body);
      }
      await form.getByLabel("Name (optional)").fill("Sam");
      await form.getByRole("button", { name: "Post comment" }).click();
      const message = page.locator(".form-message", {
        hasText: /it may identify a person or a home \(a phone number\)/,
      });
      await message.waitFor(WAIT);
      expect(await message.textContent()).toMatch(
        /^Held for a moderator because:/,
      );
    } finally {
      await browser.close();
    }
  });
});

const PROMPT =
  "If this is happening now, call 999. This board is not watched around the clock.";

describe.each([
  { javaScriptEnabled: true, mode: "with JavaScript" },
  { javaScriptEnabled: false, mode: "without JavaScript" },
])("a comment that reads as happening now $mode", ({ javaScriptEnabled }) => {
  test("prompts the poster to call 999 and is still posted", async () => {
    const browser = await launchBrowser({
      javaScriptEnabled,
      bypassCSP: true,
    });
    try {
      const page = await browser.context.newPage();
      const response = await page.goto(server.url + POST);
      expect(response?.status()).toBe(200);
      if (javaScriptEnabled) await waitForHydration(page);
      const form = page.locator("form#new");
      const field = form.getByLabel("Comment", { exact: true });
      const prompt = form.locator(".call-999");
      const body = `Someone is trying car doors on our road right now (${javaScriptEnabled ? "js" : "no js"})`;
      if (javaScriptEnabled) {
        // Control: text about the past gives no prompt.
        await field.fill("My shed was broken into last week");
        await prompt.waitFor({ state: "attached", ...WAIT });
        expect(await prompt.textContent()).toBe("");
        await field.fill(body);
        await form.locator(".call-999", { hasText: PROMPT }).waitFor(WAIT);
        expect(await axeViolationIds(page)).toEqual([]);
      } else {
        expect(await prompt.count()).toBe(0);
        await field.fill(body);
      }
      await form.getByLabel("Name (optional)").fill("Sam");
      await form.getByRole("button", { name: "Post comment" }).click();
      // Posted as usual: the prompt does not stop it (a first-time guest is held, as always).
      await page
        .locator(".form-message", { hasText: /^Held for a moderator because:/ })
        .waitFor(WAIT);
      if (!javaScriptEnabled) {
        expect(await page.locator(".call-999").textContent()).toBe(PROMPT);
      }
    } finally {
      await browser.close();
    }
  });
});

// Without JavaScript the result page is the only place the prompt appears: the control for the
// test above. (With JavaScript the control is the text typed before the phrase.) The board's
// flood limit allows the five comments this file posts within a minute.
test("without JavaScript, a result for text that does not read as happening now has no 999 prompt", async () => {
  const browser = await launchBrowser({ javaScriptEnabled: false });
  try {
    const page = await browser.context.newPage();
    await page.goto(server.url + POST);
    const form = page.locator("form#new");
    await form
      .getByLabel("Comment", { exact: true })
      .fill("A van was broken into last night");
    await form.getByLabel("Name (optional)").fill("Kim");
    await form.getByRole("button", { name: "Post comment" }).click();
    await page
      .locator(".form-message", { hasText: /^Held for a moderator because:/ })
      .waitFor(WAIT);
    expect(await page.locator(".call-999").count()).toBe(0);
  } finally {
    await browser.close();
  }
});

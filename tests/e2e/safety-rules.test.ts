// The personal-details warning in a real Chromium: with JavaScript it appears as the poster types
// and axe finds nothing wrong with it; without JavaScript the result page gives the same reason
// and keeps what was typed out of public view until a moderator has read it.
import { join } from "node:path";
import type { AxeResults } from "axe-core";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchBrowser, waitForHydration } from "../helpers/browser";
import { REPO_ROOT, startServer, type RunningServer } from "../helpers/server";

const WAIT = { timeout: 15_000 };
const POST = "/posts/phone-and-courier-scams";
const AXE_PATH = join(REPO_ROOT, "node_modules/axe-core/axe.min.js");
const WARNING = /This may identify a person or a home \(a phone number\)/;
let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.stop();
});

async function axeViolationIds(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async () => {
    const { axe } = window as unknown as {
      axe: { run(): Promise<AxeResults> };
    };
    const results = await axe.run();
    if (results.passes.length === 0) throw new Error("axe-core ran no rules");
    return results.violations.map((violation) => violation.id);
  });
}

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

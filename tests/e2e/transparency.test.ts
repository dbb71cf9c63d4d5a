// The public transparency page in a real Chromium, with JavaScript and without: reached from
// the footer, showing counts and no names; axe-core finds no violations on it.
import type { AxeResults } from "axe-core";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  launchBrowser,
  waitForHydration,
  type LaunchedBrowser,
} from "../helpers/browser";
import {
  postCommentForm,
  REPO_ROOT,
  setModerationPolicy,
  startServer,
  type RunningServer,
} from "../helpers/server";

const WAIT = { timeout: 15_000 };
const AXE_PATH = join(REPO_ROOT, "node_modules/axe-core/axe.min.js");
const GUEST_NAME = "Ottoline Brackenbury";

let server: RunningServer;

async function postComment(fields: { name: string; body: string }) {
  const response = await postCommentForm(
    server,
    "/posts/phone-and-courier-scams",
    fields,
  );
  expect(response.status).toBeLessThan(400);
}

beforeAll(async () => {
  server = await startServer();
  setModerationPolicy(server.databasePath, {
    floodLimit: 1000,
    named: "publish",
  });
  await postComment({
    name: GUEST_NAME,
    body: "A courier called twice today.",
  });
  await postComment({ name: "", body: "An anonymous word of warning." });
});

afterAll(async () => {
  await server?.stop();
});

describe.each([
  { javaScriptEnabled: true, mode: "with JavaScript" },
  { javaScriptEnabled: false, mode: "without JavaScript" },
])("the transparency page $mode", ({ javaScriptEnabled }) => {
  let browser: LaunchedBrowser;
  beforeAll(async () => {
    // axe-core is injected as an inline script, which the site's Content-Security-Policy forbids.
    browser = await launchBrowser({ javaScriptEnabled, bypassCSP: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  test("is linked from the footer and shows this month's counts, naming nobody", async () => {
    const page: Page = await browser.context.newPage();
    try {
      const response = await page.goto(`${server.url}/`);
      expect(response?.status()).toBe(200);
      if (javaScriptEnabled) await waitForHydration(page);
      await page
        .locator("footer")
        .getByRole("link", { name: "How comments are moderated" })
        .click();
      await page.waitForURL(`${server.url}/transparency`, WAIT);
      await page
        .getByRole("heading", { level: 1, name: "How comments are moderated" })
        .waitFor(WAIT);
      const table = page.getByRole("table", {
        name: "Decisions by poster class",
      });
      const all = table.getByRole("row", { name: /^All/ });
      expect(
        await all
          .getByRole("cell")
          .evaluateAll((cells) => cells.map((cell) => cell.textContent)),
      ).toEqual(["1", "1", "0", "0", "0", "0"]);
      const reasons = page.getByRole("table", {
        name: "Why the rules held or refused comments",
      });
      expect(
        await reasons.getByRole("row", { name: /anonymous/ }).count(),
      ).toBe(1);
      expect(await page.getByText(GUEST_NAME).count()).toBe(0);
      expect(await page.getByText("courier called").count()).toBe(0);

      if (javaScriptEnabled) {
        await page.addScriptTag({ path: AXE_PATH });
        const violations = await page.evaluate(async () => {
          const { axe } = window as unknown as {
            axe: { run(): Promise<AxeResults> };
          };
          const results = await axe.run();
          if (results.passes.length === 0)
            throw new Error("axe-core ran no rules");
          return results.violations.map(
            (violation) =>
              `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(" ")).join(" | ")})`,
          );
        });
        expect(violations).toEqual([]);
      }
    } finally {
      await page.close();
    }
  });
});

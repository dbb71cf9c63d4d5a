// What a resident sees on a phone (360 px wide), with JavaScript on and off: the post comes
// before the header's furniture, nothing is wider than the screen, and forms read as forms.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import {
  launchBrowser,
  waitForHydration,
  type LaunchedBrowser,
} from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";
import {
  seedSampleDiscussion,
  THREAD_POST,
} from "../helpers/sample-discussion";

const PHONE = { width: 360, height: 740 };
let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
  await seedSampleDiscussion(server);
});

afterAll(async () => {
  await server?.stop();
});

describe.each([
  { javaScriptEnabled: true, mode: "with JavaScript" },
  { javaScriptEnabled: false, mode: "without JavaScript" },
])("on a phone $mode", ({ javaScriptEnabled }) => {
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

  async function open(path: string) {
    const response = await page.goto(server.url + path);
    expect(response?.status()).toBe(200);
    if (javaScriptEnabled) await waitForHydration(page);
  }

  test("a post's title is in the top third of the first screen, the notice still shown", async () => {
    await open(THREAD_POST);
    const notice = page.locator(".site-header .notice");
    expect(await notice.isVisible()).toBe(true);
    expect(await notice.textContent()).toContain("999");
    const title = await page.locator("#post-title").boundingBox();
    expect(title).not.toBeNull();
    expect(title!.y).toBeLessThan(PHONE.height / 3);
  });

  test("a long query without spaces keeps the search page as wide as the phone", async () => {
    for (const q of [
      "https://example.org/a/very/long/address/that/was/pasted/into/the/box?with=a&query=string",
      "b".repeat(200),
    ]) {
      await open(`/search?q=${encodeURIComponent(q)}`);
      // The control: the query is on the page, so it was laid out.
      expect(await page.locator(".search-nothing").textContent()).toContain(
        q.slice(0, 20),
      );
      // Nothing found: it says what to try, with the tags to browse.
      const nothing = page.locator(".search-nothing");
      expect(await nothing.textContent()).toContain(
        "Or browse the posts by tag:",
      );
      expect(
        await nothing.locator('a[href^="/tags/"]').count(),
      ).toBeGreaterThan(0);
      const width = await page.evaluate(
        () => document.documentElement.scrollWidth,
      );
      expect(width).toBeLessThanOrEqual(PHONE.width);
    }
  });

  test("the report form's choices sit beside their buttons and its legend inside its border", async () => {
    await open(THREAD_POST);
    const reportLink = page.locator('a[href*="report="]').first();
    expect(await reportLink.getAttribute("href")).toContain("#report-");
    await reportLink.click();
    const form = page.locator(".report-form");
    await form.waitFor({ timeout: 15_000 });
    const layout = await form.evaluate((element) => {
      const fieldset = element.querySelector("fieldset")!;
      const legend = fieldset.querySelector("legend")!;
      const border = parseFloat(getComputedStyle(fieldset).borderTopWidth);
      const choices = [...fieldset.querySelectorAll("label.choice")].map(
        (label) => {
          const radio = label.querySelector("input")!.getBoundingClientRect();
          const range = document.createRange();
          range.selectNodeContents(label);
          range.setStartAfter(label.querySelector("input")!);
          const lines = [...range.getClientRects()].filter(
            (rect) => rect.width > 0,
          );
          return {
            text: label.textContent!.trim(),
            lines: lines.length,
            underTheButton: lines.some((rect) => rect.left < radio.right),
          };
        },
      );
      return {
        legendInside:
          legend.getBoundingClientRect().top >=
          fieldset.getBoundingClientRect().top + border,
        legendRight: legend.getBoundingClientRect().right,
        fieldsetRight: fieldset.getBoundingClientRect().right,
        choices,
      };
    });
    expect(layout.choices.length).toBeGreaterThan(2);
    // The control: at 360 px some label does take more than one line.
    expect(layout.choices.some((choice) => choice.lines > 1)).toBe(true);
    expect(layout.choices.filter((choice) => choice.underTheButton)).toEqual(
      [],
    );
    expect(layout.legendInside).toBe(true);
    expect(layout.legendRight).toBeLessThanOrEqual(layout.fieldsetRight);
  });
});

// A page's scripts are fetched once it has painted, at low priority (decision 076): the page
// reads without them, so on a slow connection its text, stylesheet and images go first and the
// scripts come after. Checked on what a real Chromium fetched, when and at which priority, and
// that the scripts still take over the page (hydration) once they arrive.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { waitForHydration, withPagePerTest } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";

let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.stop();
});

type Fetched = { type: string; priority: string; path: string };

/** Every request the page made while loading, with the priority Chromium first gave it. */
async function loadWatchingRequests(page: Page, path: string) {
  const devtools = await page.context().newCDPSession(page);
  await devtools.send("Network.enable");
  const fetched: Fetched[] = [];
  devtools.on("Network.requestWillBeSent", (event) => {
    const url = new URL(event.request.url);
    if (url.origin === server.url)
      fetched.push({
        type: event.type ?? "",
        priority: event.request.initialPriority,
        path: url.pathname,
      });
  });
  await page.goto(server.url + path);
  await waitForHydration(page);
  await devtools.detach();
  return fetched;
}

/** When, in the page's own clock, it first painted and each stylesheet and script was asked for. */
function pageTimings(page: Page) {
  return page.evaluate(() => {
    const paint = performance.getEntriesByName("first-contentful-paint")[0];
    const resources = performance.getEntriesByType(
      "resource",
    ) as PerformanceResourceTiming[];
    const startsOf = (extension: string) =>
      resources
        .filter((entry) => new URL(entry.name).pathname.endsWith(extension))
        .map((entry) => entry.startTime);
    return {
      firstPaint: paint?.startTime ?? Number.NaN,
      stylesheets: startsOf(".css"),
      scripts: startsOf(".js"),
    };
  });
}

describe("the scripts of a page", () => {
  let page: Page;
  withPagePerTest({ javaScriptEnabled: true }, (opened) => {
    page = opened.page;
  });

  test.each([
    ["a post with its discussion", "/posts/phone-and-courier-scams"],
    ["the home page", "/"],
  ])("%s: fetched once the page has painted", async (_, path) => {
    await loadWatchingRequests(page, path);
    const { firstPaint, stylesheets, scripts } = await pageTimings(page);
    expect(firstPaint).toBeGreaterThan(0);
    expect(scripts.length).toBeGreaterThan(2);
    expect(scripts.filter((start) => start < firstPaint)).toEqual([]);
    // The control: what the first paint needs is asked for before it.
    expect(stylesheets.length).toBeGreaterThan(0);
    expect(stylesheets.filter((start) => start >= firstPaint)).toEqual([]);
  });

  test("at low priority, while the page and its stylesheet keep the highest", async () => {
    const fetched = await loadWatchingRequests(
      page,
      "/posts/phone-and-courier-scams",
    );
    const scripts = fetched.filter((request) => request.type === "Script");
    expect(scripts.length).toBeGreaterThan(2);
    expect(scripts.filter((script) => script.priority !== "Low")).toEqual([]);
    expect(
      fetched
        .filter((request) => ["Document", "Stylesheet"].includes(request.type))
        .map((request) => request.priority),
    ).toEqual(["VeryHigh", "VeryHigh"]);
  });
});

// A reader's thread is kept by the browser as the server drew it (decision 077); the first form
// opened in it makes React draw the thread anew. Top-level comments are laid out only near the
// viewport, and a new element has no height of its own until it is: opening a reply far down a
// long thread must still land on its form, at a phone's width and a desk's, with JavaScript on
// (a client-side navigation and that redraw) and off (the browser's own jump to the anchor).
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import {
  launchBrowser,
  recordPageProblems,
  waitForHydration,
} from "../helpers/browser";
import {
  postCommentForm,
  setModerationPolicy,
  startServer,
  type RunningServer,
} from "../helpers/server";

const WAIT = { timeout: 15_000 };
const POST = "/posts/phone-and-courier-scams";
const DISCUSSIONS = 45;
let server: RunningServer;

/** Comments of unlike lengths, so that few are as tall as the layout's estimate of one. */
function bodyOf(index: number): string {
  const sentence = `Point ${index + 1}: the caller asked for the card's code and hung up when asked who they were.`;
  return Array.from({ length: 1 + (index % 6) * 2 }, () => sentence).join(
    index % 2 === 0 ? "\n\n" : " ",
  );
}

function postTo(fields: { name: string; body: string; parentId?: string }) {
  return postCommentForm(server, POST, fields);
}

beforeAll(async () => {
  server = await startServer();
  setModerationPolicy(server.databasePath, {
    floodLimit: 1000,
    pileOnPosters: 0,
    named: "publish",
  });
  for (let index = 0; index < DISCUSSIONS; index += 1) {
    const response = await postTo({
      name: `Neighbour ${index + 1}`,
      body: bodyOf(index),
    });
    expect(response.status).toBeLessThan(400);
  }
  const database = new Database(server.databasePath, { readonly: true });
  const third = database
    .prepare(`select id from comments where author_name = 'Neighbour 3'`)
    .get() as { id: number };
  database.close();
  expect(
    (
      await postTo({
        name: "Neighbour 46",
        body: "Same here.",
        parentId: String(third.id),
      })
    ).status,
  ).toBeLessThan(400);
});

afterAll(async () => {
  await server?.stop();
});

/** Where the open reply form stands in the viewport, in CSS pixels. */
function formInViewport(page: Page) {
  return page.locator("form[id^=reply-]").evaluate((form) => {
    const box = form.getBoundingClientRect();
    return { top: box.top, height: innerHeight };
  });
}

function afterTwoFrames(page: Page): Promise<void> {
  return page.evaluate(
    () =>
      new Promise<void>((done) =>
        requestAnimationFrame(() => requestAnimationFrame(() => done())),
      ),
  );
}

describe.each([
  { javaScriptEnabled: true, width: 360 },
  { javaScriptEnabled: true, width: 1280 },
  { javaScriptEnabled: false, width: 360 },
])(
  "JavaScript $javaScriptEnabled, $width px wide",
  ({ javaScriptEnabled, width }) => {
    test.each([5, 40])(
      "Reply on the %i-th discussion opens its form in view",
      async (nth) => {
        const browser = await launchBrowser({ javaScriptEnabled });
        try {
          const page = await browser.context.newPage();
          await page.setViewportSize({ width, height: 800 });
          const problems = recordPageProblems(page);
          await page.goto(server.url + POST);
          if (javaScriptEnabled) await waitForHydration(page);
          const comment = page
            .locator(".comments > .thread > li.comment > article")
            .nth(nth - 1);
          await comment.scrollIntoViewIfNeeded();
          await comment
            .getByRole("link", { name: `Reply to Neighbour ${nth}` })
            .click();
          await page.locator("form[id^=reply-]").waitFor(WAIT);
          // The page scrolls to the form's anchor as the form opens, and the comments near it
          // are laid out in the frames that follow: where it stands after them is where it stays.
          // Without JavaScript the browser loads the form's page and jumps to the anchor itself.
          if (javaScriptEnabled) await afterTwoFrames(page);
          else await page.waitForLoadState("load");
          const box = await formInViewport(page);
          expect(box.top).toBeGreaterThanOrEqual(-1);
          expect(box.top).toBeLessThan(box.height / 2);
          expect(
            await page
              .locator("form[id^=reply-]")
              .getByLabel("Comment", { exact: true })
              .isVisible(),
          ).toBe(true);
          expect(problems.list()).toEqual([]);
          problems.dispose();
        } finally {
          await browser.close();
        }
      },
    );
  },
);

test("replies a reader folded stay folded when the first form opens, with JavaScript", async () => {
  const browser = await launchBrowser({ javaScriptEnabled: true });
  try {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto(server.url + POST);
    await waitForHydration(page);
    const discussion = (name: string) =>
      page.locator(".comments > .thread > li.comment", {
        has: page.getByRole("article", { name: `Comment by ${name}` }),
      });
    const replies = discussion("Neighbour 3").locator("> details.replies");
    await replies.locator("> summary").click();
    // The control: the reader folded them.
    expect(await replies.getAttribute("open")).toBeNull();
    const far = discussion("Neighbour 40");
    await far.scrollIntoViewIfNeeded();
    await far.getByRole("link", { name: "Reply to Neighbour 40" }).click();
    await page.locator("form[id^=reply-]").waitFor(WAIT);
    await afterTwoFrames(page);
    expect(await replies.getAttribute("open")).toBeNull();
    expect(await replies.locator("li.comment").count()).toBe(1);
  } finally {
    await browser.close();
  }
});

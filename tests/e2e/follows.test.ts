// Following a page in a real Chromium, with JavaScript and without, on a phone's width: the
// feed link stands in the page beside the Follow form, a guest's follow sends the link to
// confirm the address (the server writes its mail as .eml files), and axe finds nothing wrong.
import { dirname, join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { waitForHydration, withPagePerTest } from "../helpers/browser";
import { axeViolationIds } from "../helpers/axe";
import { recipientsOf, waitForMailFiles } from "../helpers/mail";
import { startServer, type RunningServer } from "../helpers/server";
import { THREAD_POST } from "../helpers/sample-discussion";

const WAIT = { timeout: 15_000 };
const TEST_TIMEOUT_MS = 90_000;
const PHONE = { width: 360, height: 740 };

let server: RunningServer;
let mailFolder: string;
let mailCount = 0;

beforeAll(async () => {
  server = await startServer();
  mailFolder = join(dirname(server.databasePath), "mail");
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

const PAGES = [
  {
    what: "a post's discussion",
    path: THREAD_POST,
    feed: `${THREAD_POST}/feed.xml`,
    feedName: "Feed of this discussion's comments",
    button: "Follow this discussion",
  },
  {
    what: "a tag",
    path: "/tags/burglary",
    feed: "/tags/burglary/feed.xml",
    feedName: "Feed of posts tagged “burglary”",
    button: "Follow this tag",
  },
  {
    what: "an area",
    path: "/areas/north-vale",
    feed: "/areas/north-vale/feed.xml",
    feedName: "Feed of posts about North Vale",
    button: "Follow this area",
  },
] as const;

describe.each([
  { javaScriptEnabled: true, mode: "with JavaScript" },
  { javaScriptEnabled: false, mode: "without JavaScript" },
])("following $mode", ({ javaScriptEnabled }) => {
  let page: Page;
  let problems: () => string[];
  // The site's CSP would refuse the injected axe script; the page's own rules are not tested here.
  withPagePerTest({ javaScriptEnabled, bypassCSP: true }, async (opened) => {
    page = opened.page;
    problems = () => opened.problems.list();
    await page.setViewportSize(PHONE);
  });

  async function open(path: string): Promise<void> {
    const response = await page.goto(server.url + path);
    expect(response?.status()).toBe(200);
    if (javaScriptEnabled) await waitForHydration(page);
  }

  test.each(PAGES)(
    "$what shows its feed link and its Follow button on a phone, with nothing wider than the screen",
    async ({ path, feed, feedName, button }) => {
      await open(path);
      const link = page.getByRole("link", { name: feedName });
      expect(await link.isVisible()).toBe(true);
      expect(await link.getAttribute("href")).toBe(feed);
      const follow = page.getByRole("button", { name: button });
      expect(await follow.isVisible()).toBe(true);
      // Side by side or one above the other, both on the screen's width.
      for (const box of [
        await link.boundingBox(),
        await follow.boundingBox(),
      ]) {
        expect(box).not.toBeNull();
        expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
      }
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth),
      ).toBeLessThanOrEqual(PHONE.width);
      // axe runs as a script in the page: with JavaScript only.
      if (javaScriptEnabled) expect(await axeViolationIds(page)).toEqual([]);
      expect(problems()).toEqual([]);
    },
  );

  test.each(PAGES)(
    "a guest following $what is sent the link to confirm their address",
    { timeout: TEST_TIMEOUT_MS },
    async ({ path, button }) => {
      await open(path);
      const address = `follower.${javaScriptEnabled ? "js" : "nojs"}.${path.replace(/\W+/g, "-")}@example.org`;
      const form = page.locator("#follow");
      await form.getByLabel("Your email").fill(address);
      await form.getByRole("button", { name: button }).click();
      await form
        .getByText(
          "Thank you. Unless you have confirmed your email here before, follow the link we sent to it.",
        )
        .waitFor(WAIT);
      // Without JavaScript the answer came back on the page it was sent from, at the form.
      expect(new URL(page.url()).pathname).toBe(path);
      mailCount += 1;
      const mail = (await waitForMailFiles(mailFolder, mailCount)).find((m) =>
        recipientsOf(m).includes(address),
      );
      expect(mail?.subject).toMatch(/^Confirm your email address · /);
      expect(problems()).toEqual([]);
    },
  );

  test(
    "a guest who asks to be told of replies gives an email, and is sent the link to confirm it",
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      await open(THREAD_POST);
      const form = page.locator("form#new");
      const body = `Who else has had the courier call? (${javaScriptEnabled ? "js" : "no js"})`;
      await form.getByLabel("Comment", { exact: true }).fill(body);
      await form.getByLabel(/Email me when someone replies/).check();
      await form.getByRole("button", { name: "Post comment" }).click();
      // Refused beside the email field, with what was typed kept.
      const error = form.locator(".field-error", {
        hasText: "Give your email to be told of replies, or untick the box.",
      });
      await error.waitFor(WAIT);
      expect(
        await form
          .getByLabel("Email (optional, never shown)")
          .getAttribute("aria-describedby"),
      ).toContain(await error.getAttribute("id"));
      expect(
        await form.getByLabel("Comment", { exact: true }).inputValue(),
      ).toBe(body);
      expect(
        await form.getByLabel(/Email me when someone replies/).isChecked(),
      ).toBe(true);

      const address = `replies.${javaScriptEnabled ? "js" : "nojs"}@example.org`;
      await form.getByLabel("Email (optional, never shown)").fill(address);
      await form.getByRole("button", { name: "Post comment" }).click();
      await page
        .getByText(
          "To be told of replies, follow the link we sent to your email",
        )
        .waitFor(WAIT);
      mailCount += 1;
      const mail = (await waitForMailFiles(mailFolder, mailCount)).find((m) =>
        recipientsOf(m).includes(address),
      );
      expect(mail?.subject).toMatch(/^Confirm your email address · /);
      // The refusal's 400, which Chromium reports as a console error with JavaScript, was expected.
      expect(
        problems().filter(
          (line) =>
            !line.startsWith(
              "console error: Failed to load resource: the server responded with a status of 400",
            ),
        ),
      ).toEqual([]);
    },
  );
});

// A comment's rendered HTML travels once (decision 066): in the page the server draws, not also
// in the data serialized beside it for hydration; the browser reads it back from the page, and
// data it fetches later carries the HTML itself. Checked over HTTP, then in a real Chromium with
// JavaScript on and off: the text stays on screen through hydration, a reply and a revalidation.
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
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
const BODY = "We **bolted** the shed door after the last break-in.";
const BODY_HTML = "<strong>bolted</strong>";
const BODY_TEXT = "We bolted the shed door after the last break-in.";
let server: RunningServer;

function postComment(fields: Record<string, string>) {
  return postCommentForm(server, POST, fields);
}

/** The page's inline scripts: the data serialized for hydration and Remix's glue. */
function inlineScripts(html: string): string {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
    .filter((match) => !/\bsrc=/.test(match[1]!))
    .map((match) => match[2]!)
    .join("\n");
}

/**
 * A form post as a browser's own navigation sends it (`Sec-Fetch-Mode: navigate`, which fetch
 * may not set): its status, redirect and cookies.
 */
function postAsBrowserNavigation(fields: Record<string, string>) {
  const body = new URLSearchParams(fields).toString();
  return new Promise<{
    status: number;
    location: string;
    cookies: [string, string][];
  }>((resolve, reject) => {
    const request = httpRequest(
      server.url + POST,
      {
        method: "POST",
        headers: {
          Origin: server.url,
          "Content-Type": "application/x-www-form-urlencoded",
          "Content-Length": Buffer.byteLength(body),
          "Sec-Fetch-Mode": "navigate",
        },
      },
      (response) => {
        response.resume();
        resolve({
          status: response.statusCode ?? 0,
          location: response.headers.location ?? "",
          cookies: (response.headers["set-cookie"] ?? []).map((line) => {
            const pair = line.split(";")[0]!;
            const split = pair.indexOf("=");
            return [pair.slice(0, split), pair.slice(split + 1)];
          }),
        });
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

beforeAll(async () => {
  server = await startServer();
  setModerationPolicy(server.databasePath, {
    floodLimit: 1000,
    pileOnPosters: 0,
    named: "publish",
  });
  const response = await postComment({ name: "Ruth", body: BODY });
  expect(response.status).toBeLessThan(400);
});

afterAll(async () => {
  await server?.stop();
});

describe("a comment's HTML sent once", () => {
  test("a drawn page carries it in its HTML only; the data a script asks for carries it itself", async () => {
    // Twice: the first render, then the page cache's copy.
    for (let request = 0; request < 2; request += 1) {
      const html = await (await fetch(server.url + POST)).text();
      expect(html.split(BODY_HTML)).toHaveLength(2);
      expect(html).toContain("Ruth");
      const scripts = inlineScripts(html);
      // The control: the hydration data is there, with the post, but no comment of its thread
      // (decision 077): neither the text nor who wrote it.
      expect(scripts).toContain("__remixContext");
      expect(scripts).toContain("Phone and courier scams");
      expect(scripts).not.toContain("bolted");
      expect(scripts).not.toContain("Ruth");
    }
    const data = await (await fetch(`${server.url}${POST}.data`)).text();
    expect(data).toContain("bolted");
    expect(data).toContain("Ruth");
  });

  test("a page with a form open in its thread carries the thread in its data, for React to draw", async () => {
    const html = await (
      await fetch(`${server.url}${POST}?report=1#report-1`)
    ).text();
    expect(inlineScripts(html)).toContain("Ruth");
  });

  test("a page drawn with a posted form's answer carries the thread in its data, for React to draw", async () => {
    // Without Fetch Metadata the page is drawn with the action's answer, which the loader, run
    // after the action, does not see: that answer may open a form in the thread.
    const response = await postComment({ name: "Ruth", body: "And a chain." });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Ruth");
    expect(inlineScripts(html)).toContain("Ruth");
  });

  test("the page a posted form is sent back to, with its answer, carries the thread in its data", async () => {
    // Without JavaScript a form post is answered with a redirect; the page it lands on shows the
    // answer once, and may open a form for it (an edit refused, with what was typed).
    const browser = await launchBrowser({ javaScriptEnabled: false });
    try {
      const page = await browser.context.newPage();
      await page.goto(server.url + POST);
      const form = page.locator("form#new");
      await form.getByLabel("Name", { exact: false }).first().fill("Ruth");
      await form.getByLabel("Comment", { exact: true }).fill("And a light.");
      await form.getByRole("button", { name: "Post comment" }).click();
      await page
        .getByRole("status")
        .filter({ hasText: "Published" })
        .waitFor(WAIT);
      expect(inlineScripts(await page.content())).toContain("Ruth");
    } finally {
      await browser.close();
    }
  });

  test("a page drawn with its thread as one string and its data beside it hydrates, with JavaScript", async () => {
    // The page a form post without JavaScript lands on carries its answer, and so its thread in
    // its data: the browser hydrates the thread the server drew as one string (decision 074),
    // which holds only while both renderers draw the same markup (React reports #418 if not).
    const posted = await postAsBrowserNavigation({
      intent: "comment",
      parentId: "",
      name: "Ruth",
      body: "And a motion light.",
    });
    expect(posted.status).toBe(303);
    const browser = await launchBrowser({ javaScriptEnabled: true });
    try {
      await browser.context.addCookies(
        posted.cookies.map(([name, value]) => ({
          name,
          value,
          url: server.url,
        })),
      );
      const page = await browser.context.newPage();
      const problems = recordPageProblems(page);
      const landed = await page.goto(new URL(posted.location, server.url).href);
      await waitForHydration(page);
      await page
        .getByRole("status")
        .filter({ hasText: "Published" })
        .waitFor(WAIT);
      // The control: this page's data does carry the thread, so React hydrated it.
      expect(inlineScripts((await landed?.text()) ?? "")).toContain("Ruth");
      await expect
        .poll(() => page.locator(".comment-body strong").count(), WAIT)
        .toBeGreaterThan(0);
      expect(problems.list()).toEqual([]);
      problems.dispose();
    } finally {
      await browser.close();
    }
  });

  describe.each([
    { javaScriptEnabled: true, mode: "with JavaScript" },
    { javaScriptEnabled: false, mode: "without JavaScript" },
  ])("$mode", ({ javaScriptEnabled }) => {
    test("the text stays through hydration, opening a reply and posting it", async () => {
      const browser = await launchBrowser({ javaScriptEnabled });
      try {
        const page = await browser.context.newPage();
        const problems = recordPageProblems(page);
        expect((await page.goto(server.url + POST))?.status()).toBe(200);
        if (javaScriptEnabled) await waitForHydration(page);
        // The comment itself: its replies are drawn beside its <article>, not in it.
        const comment = page
          .locator("li.comment > article", { hasText: BODY_TEXT })
          .first();
        await expect
          .poll(() => comment.locator(".comment-body strong").count(), WAIT)
          .toBe(1);

        await comment.getByRole("link", { name: /^Reply to Ruth/ }).click();
        const form = page.locator("form[id^=reply-]");
        await form.waitFor(WAIT);
        // Opening the form asked the server again (with JavaScript, for data): the text is there.
        expect(await comment.locator(".comment-body").innerHTML()).toContain(
          BODY_HTML,
        );
        await form
          .getByLabel("Comment", { exact: true })
          .fill(
            `Good idea, *${javaScriptEnabled ? "with" : "without"}* a padlock too.`,
          );
        const name = form.getByLabel("Name", { exact: false });
        if ((await name.count()) > 0) await name.first().fill("Tom");
        await form.getByRole("button", { name: "Post comment" }).click();
        const reply = page
          .locator("li.comment > article", {
            hasText: `Good idea, ${javaScriptEnabled ? "with" : "without"} a padlock too.`,
          })
          .first();
        await reply.waitFor(WAIT);
        expect(await reply.locator(".comment-body em").textContent()).toBe(
          javaScriptEnabled ? "with" : "without",
        );
        expect(
          await comment.locator(".comment-body strong").textContent(),
        ).toBe("bolted");
        expect(problems.list()).toEqual([]);
        problems.dispose();
      } finally {
        await browser.close();
      }
    });
  });
});

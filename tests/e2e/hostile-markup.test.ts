// The hostile corpus in a real Chromium: a post whose body holds every payload, and every payload
// again as a published comment under it. With JavaScript on, each payload would call a function
// the test exposes, or open a dialog; the test brings every part of the page into view, fires
// every kind of event at every element of the post and the comments, and clicks every link in
// them (a javascript: URL only runs on click), then checks that nothing ran. The site's own
// Content-Security-Policy is bypassed, so what is proved is the sanitizer's work alone; a control
// payload, added to the page by the test, shows that a payload that got through would be caught.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  renderCommentMarkdown,
  renderPostMarkdown,
} from "~/platform/markdown.server";
import {
  EVERY_HOSTILE_PAYLOAD,
  PWNED_FUNCTION,
} from "../fixtures/hostile-corpus";
import {
  launchBrowser,
  waitForHydration,
  type LaunchedBrowser,
} from "../helpers/browser";
import { commentFields } from "../helpers/comments";
import {
  setModerationPolicy,
  startServer,
  type RunningServer,
} from "../helpers/server";
import { postFile, useTempSite } from "../helpers/temp-site";

const HOSTILE_POST = "every-hostile-payload";
const PLAIN_POST = "a-plain-post";
/** Where authors' and commenters' markup ends up on a post's page. */
const CONTENT = ".prose, .comment-body";
const SAFE_PROTOCOLS = ["http:", "https:", "mailto:", "tel:"];
const URL_ATTRIBUTES = [
  "href",
  "src",
  "action",
  "formaction",
  "xlink:href",
  "data",
  "poster",
  "background",
];
/** Everything a handler could wait for; "click" also follows links, as a reader's click would. */
const EVENT_TYPES = [
  "click",
  "dblclick",
  "mousedown",
  "mouseup",
  "mouseover",
  "mouseenter",
  "mousemove",
  "mouseout",
  "pointerover",
  "pointerenter",
  "pointerdown",
  "focus",
  "focusin",
  "blur",
  "keydown",
  "keyup",
  "input",
  "change",
  "submit",
  "toggle",
  "load",
  "error",
  "begin",
  "animationstart",
  "transitionend",
  "wheel",
  "copy",
];
const WAIT = { timeout: 15_000 };
/** A blank payload (one public vector is) has nothing to post as a comment. */
const COMMENTED = EVERY_HOSTILE_PAYLOAD.filter((payload) =>
  payload.source.trim(),
);
/** Payloads rendered side by side on one page, each in its own section, for the one-by-one run. */
const PAYLOADS_PER_PAGE = 40;

const site = useTempSite();
let server: RunningServer;

/** The moderation policy publishes every comment here, so every payload reaches the page. */
function publishEveryComment(databasePath: string): void {
  setModerationPolicy(databasePath, {
    anonymous: "publish",
    named: "publish",
    holdAtLinks: 0,
    floodLimit: 1000,
    duplicateWindowMinutes: 0,
    maxLength: 20_000,
    // Hundreds of guests posting at once is this test's method, not a pile-on.
    pileOnPosters: 0,
  });
}

async function postComment(slug: string, body: string): Promise<void> {
  const response = await fetch(`${server.url}/posts/${slug}`, {
    method: "POST",
    headers: { Origin: server.url },
    body: new URLSearchParams(commentFields({ name: "Tester", body })),
  });
  expect(response.status, body).toBe(200);
  expect(await response.text(), body).toContain("Published");
}

beforeAll(async () => {
  // Every hostile comment on the one page, so every check meets all of them.
  site.writeContent("site.yml", "discussionsPerPage: 500\n");
  site.writeContent(
    `posts/${HOSTILE_POST}.md`,
    postFile(
      { title: '"Every hostile payload"' },
      EVERY_HOSTILE_PAYLOAD.map((payload) => payload.source).join("\n\n"),
    ),
  );
  site.writeContent(
    `posts/${PLAIN_POST}.md`,
    postFile(
      { title: '"A plain post"', date: "2026-03-01" },
      "Plain **words** and [a link](https://example.org/).",
    ),
  );
  server = await startServer({ contentDir: site.contentDir });
  publishEveryComment(server.databasePath);
  for (const payload of COMMENTED)
    await postComment(HOSTILE_POST, payload.source);
  await postComment(PLAIN_POST, "A plain comment, [with a link](/).");
});

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => {
    console.log(`server output:\n${server?.logs().slice(-4000)}`);
  });
});

afterAll(async () => {
  await server?.stop();
});

/** What ran, or tried to leave the page, while the test provoked it. */
type Seen = {
  calls: string[];
  dialogs: string[];
  navigations: string[];
  /** While true, the page stays where it is: a link followed is answered and recorded. */
  stayPut: boolean;
};

/** A page that records calls to the payloads' function, dialogs and navigations, and stays put. */
async function watchedPage(
  browser: LaunchedBrowser,
  javaScriptEnabled: boolean,
): Promise<{ page: Page; seen: Seen }> {
  const seen: Seen = {
    calls: [],
    dialogs: [],
    navigations: [],
    stayPut: false,
  };
  const { context } = browser;
  if (javaScriptEnabled) {
    await context.exposeFunction(PWNED_FUNCTION, (name: unknown) => {
      seen.calls.push(String(name));
    });
  }
  // Nothing leaves the machine: payloads point at other sites.
  await context.route(
    (url) => !url.href.startsWith(server.url),
    (route) => route.abort(),
  );
  const page = await context.newPage();
  // Links opening a new tab are allowed; the tab is closed (after its dialogs are seen).
  context.on("page", (other) => {
    if (other === page) return;
    other.on("dialog", (dialog) => {
      seen.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    void other.close();
  });
  page.on("dialog", (dialog) => {
    seen.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  // A followed link is answered "204 No Content", which keeps the page where it is.
  await page.route("**/*", (route) => {
    const request = route.request();
    if (
      seen.stayPut &&
      request.isNavigationRequest() &&
      request.frame() === page.mainFrame()
    ) {
      seen.navigations.push(request.url());
      return route.fulfill({ status: 204 });
    }
    return route.fallback();
  });
  return { page, seen };
}

/** Does to the post and comments everything a reader could, and what no reader would. */
/**
 * Does to the post and comments everything a reader could, and what no reader would. Without
 * JavaScript nothing can run, and the page's clock does not tick either: there is nothing to wait for.
 */
async function provoke(page: Page, javaScriptEnabled: boolean): Promise<void> {
  if (javaScriptEnabled) {
    // Lazy images load (and fail) only once in view.
    const images = page.locator(`:is(${CONTENT}) img`);
    for (let index = 0; index < (await images.count()); index += 1)
      await images.nth(index).scrollIntoViewIfNeeded({ timeout: 2_000 });
  }
  await page.evaluate(
    ([selector, types]) => {
      for (const element of document.querySelectorAll(
        `:is(${selector}), :is(${selector}) *`,
      )) {
        for (const type of types)
          element.dispatchEvent(new Event(type, { bubbles: true }));
        if (element instanceof HTMLElement) element.focus();
      }
    },
    [CONTENT, EVENT_TYPES] as const,
  );
  const links = page.locator(`:is(${CONTENT}) a`);
  const count = await links.count();
  for (let index = 0; index < count; index += 1) {
    const link = links.nth(index);
    await link
      .hover({ force: true, timeout: 2_000 })
      .then(() => link.click({ force: true, timeout: 2_000 }))
      // Links with nothing to show cannot be clicked with the mouse; a script's click still counts.
      .catch(() => link.dispatchEvent("click", undefined, { timeout: 2_000 }));
  }
  if (javaScriptEnabled) {
    // Anything started above (image errors, timers) has had its turn once this has.
    await page.evaluate(
      () => new Promise((done) => setTimeout(() => done(null), 100)),
    );
  }
}

type Markup = {
  handlers: string[];
  unsafeUrls: string[];
  styles: string[];
  forbiddenElements: string[];
  /** The page's scripts: their addresses, or which of Remix's inline scripts each is. */
  scripts: string[];
  bases: number;
};

/** What the page's DOM holds that could run script, as Chromium parsed it. */
function inspect(page: Page): Promise<Markup> {
  return page.evaluate(
    ([selector, safeProtocols, urlAttributes]) => {
      const markup: Markup = {
        handlers: [],
        unsafeUrls: [],
        styles: [],
        forbiddenElements: [],
        scripts: [],
        bases: document.querySelectorAll("base").length,
      };
      for (const element of document.querySelectorAll("*")) {
        const inContent = element.closest(selector) !== null;
        for (const { name, value } of element.attributes) {
          const attribute = name.toLowerCase();
          if (attribute.startsWith("on"))
            markup.handlers.push(`<${element.localName} ${name}>`);
          if (inContent && attribute === "style")
            markup.styles.push(`<${element.localName} style="${value}">`);
          if (inContent && urlAttributes.includes(attribute)) {
            // Chromium's own reading of the URL: entities, whitespace and case resolved.
            let protocol = "unparseable";
            try {
              protocol = new URL(value, document.baseURI).protocol;
            } catch {
              // An unparseable URL goes nowhere; it is reported all the same.
            }
            if (!safeProtocols.includes(protocol))
              markup.unsafeUrls.push(
                `<${element.localName} ${name}="${value}">`,
              );
          }
        }
      }
      for (const element of document.querySelectorAll(
        `:is(${selector}) :is(script, style, iframe, frame, object, embed, svg, math, form, input, button, textarea, select, link, meta, base, template, video, audio, source, details, marquee)`,
      ))
        markup.forbiddenElements.push(element.localName);
      // Remix's own inline scripts, by what they start with; anything else is reported whole.
      const remixScripts: [string, RegExp][] = [
        ["scroll restoration", /^\(\(STORAGE_KEY, restoreKey\) => \{/],
        ["context", /^window\.__remixContext = \{/],
        ["route modules", /^;\s*import \* as route0 from "\/assets\//],
        [
          "page data",
          /^window\.__remixContext\.streamController\.(enqueue\("|close\(\);$)/,
        ],
      ];
      markup.scripts = [
        ...new Set(
          [...document.scripts].map((script) => {
            if (script.src) return new URL(script.src).pathname;
            const text = (script.textContent ?? "").trim();
            return (
              remixScripts.find(([, start]) => start.test(text))?.[0] ??
              `unknown: ${text}`
            );
          }),
        ),
      ].sort();
      return markup;
    },
    [CONTENT, SAFE_PROTOCOLS, URL_ATTRIBUTES] as const,
  );
}

function expectNothingRan(seen: Seen): void {
  expect(seen.calls).toEqual([]);
  expect(seen.dialogs).toEqual([]);
  for (const url of seen.navigations) expect(url).toMatch(/^https?:/);
}

function expectNothingExecutable(markup: Markup): void {
  expect(markup.handlers).toEqual([]);
  expect(markup.unsafeUrls).toEqual([]);
  expect(markup.styles).toEqual([]);
  expect(markup.forbiddenElements).toEqual([]);
  expect(markup.bases).toBe(0);
}

describe.each([
  { javaScriptEnabled: true, mode: "with JavaScript" },
  { javaScriptEnabled: false, mode: "without JavaScript" },
])(
  "a post and comments full of hostile markup, $mode",
  ({ javaScriptEnabled }) => {
    let browser: LaunchedBrowser;
    let page: Page;
    let seen: Seen;

    beforeAll(async () => {
      browser = await launchBrowser({ javaScriptEnabled, bypassCSP: true });
      ({ page, seen } = await watchedPage(browser, javaScriptEnabled));
    });

    afterAll(async () => {
      await browser?.close();
    });

    async function open(slug: string): Promise<void> {
      seen.stayPut = false;
      const response = await page.goto(`${server.url}/posts/${slug}`);
      expect(response?.status()).toBe(200);
      if (javaScriptEnabled) await waitForHydration(page);
      seen.stayPut = true;
    }

    it(
      "runs none of it, whatever the reader does",
      { timeout: 180_000 },
      async () => {
        await open(HOSTILE_POST);
        await expect
          .poll(() => page.locator(".comment-body").count(), WAIT)
          .toBe(COMMENTED.length);
        expect(await page.locator(".prose").textContent()).toContain(
          "a relative link",
        );
        await provoke(page, javaScriptEnabled);
        expectNothingRan(seen);
        expect(page.url().split("#")[0]).toBe(
          `${server.url}/posts/${HOSTILE_POST}`,
        );
        expectNothingExecutable(await inspect(page));
      },
    );

    // Without JavaScript the DOM is the server's HTML exactly as Chromium parsed it (with it,
    // React has been over it): a script broken out of the page data would be here.
    if (!javaScriptEnabled)
      it("has no script elements but the site's own", async () => {
        await open(PLAIN_POST);
        const plain = await inspect(page);
        await open(HOSTILE_POST);
        const hostile = await inspect(page);
        // The page's data, payloads and all, travels in inline scripts.
        expect(plain.scripts).toContain("page data");
        expect(hostile.scripts).toEqual(plain.scripts);
        expect(plain.handlers).toEqual([]);
      });

    // Without JavaScript nothing can run at all; the control needs it.
    if (javaScriptEnabled)
      it(
        "would catch a payload that got through (the control)",
        { timeout: 120_000 },
        async () => {
          await open(PLAIN_POST);
          await page.evaluate((run) => {
            document
              .querySelector(".prose")!
              .insertAdjacentHTML(
                "beforeend",
                `<img src="control.png" onerror="${run}('control-handler')">` +
                  `<a href="javascript:${run}('control-link')">control</a>`,
              );
          }, PWNED_FUNCTION);
          await provoke(page, javaScriptEnabled);
          expect(seen.calls).toEqual(
            expect.arrayContaining(["control-handler", "control-link"]),
          );
          expect((await inspect(page)).handlers).toHaveLength(1);
          seen.calls.length = 0;
        },
      );
  },
);

describe("each payload on its own, as the sanitizer renders it, with JavaScript", () => {
  let browser: LaunchedBrowser;
  let page: Page;
  let seen: Seen;

  beforeAll(async () => {
    browser = await launchBrowser({ javaScriptEnabled: true, bypassCSP: true });
    ({ page, seen } = await watchedPage(browser, true));
    // A page of the site, so relative links resolve as they would on a post.
    await page.goto(`${server.url}/posts/${PLAIN_POST}`);
    // Its scripts start once it has painted (decision 076): they must have taken the page over
    // before the payloads replace its content, or they would wake up in the payloads' page.
    await waitForHydration(page);
    seen.stayPut = true;
  });

  afterAll(async () => {
    await browser?.close();
  });

  // In one post, an unclosed tag could hide the payloads after it. Here each payload has a
  // section of its own, and every section must still stand on its own after parsing: none
  // swallowed or hid the ones after it. Forty to a page keeps the run short.
  it("runs none of them", { timeout: 300_000 }, async () => {
    for (
      let start = 0;
      start < EVERY_HOSTILE_PAYLOAD.length;
      start += PAYLOADS_PER_PAGE
    ) {
      const batch = EVERY_HOSTILE_PAYLOAD.slice(
        start,
        start + PAYLOADS_PER_PAGE,
      );
      const names = batch.map((payload) => payload.name).join(", ");
      await page.setContent(
        `<main>${batch
          .map(
            (payload) =>
              `<section data-payload="${payload.name}"><div class="prose">${renderPostMarkdown(payload.source)}</div>` +
              `<div class="comment-body">${renderCommentMarkdown(payload.source)}</div></section>`,
          )
          .join("")}</main>`,
      );
      expect(
        await page.evaluate(() =>
          [...document.querySelectorAll("main > section")].map(
            (section) =>
              `${section.getAttribute("data-payload")}:${section.children.length}`,
          ),
        ),
        names,
      ).toEqual(batch.map((payload) => `${payload.name}:2`));
      await provoke(page, true);
      expect(seen.calls, names).toEqual([]);
      expect(seen.dialogs, names).toEqual([]);
      const markup = await inspect(page);
      expect(markup.handlers, names).toEqual([]);
      expect(markup.unsafeUrls, names).toEqual([]);
      expect(markup.forbiddenElements, names).toEqual([]);
      expect(markup.scripts, names).toEqual([]);
    }
  });
});

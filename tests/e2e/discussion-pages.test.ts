// A long discussion in pages, in a real Chromium, once with JavaScript and once without: the
// pagination moves between pages, Reply keeps the page and a reply posted there comes back on
// it, a comment's lasting address lands on the page that shows it, and a new comment that
// starts a page links to where it went. Five discussions a page (the smallest setting) keep
// the thread short; comments are posted over HTTP under a policy that publishes guests.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import type { Locator, Page } from "playwright-core";
import {
  afterAll,
  beforeAll,
  beforeEach,
  describe,
  expect,
  test,
} from "vitest";
import {
  waitForHydration,
  type PageProblems,
  withPagePerTest,
} from "../helpers/browser";
import {
  setModerationPolicy,
  startServer,
  type RunningServer,
} from "../helpers/server";

const WAIT = { timeout: 15_000 };
const PER_PAGE = 5;
/** The policy holds any comment with this word, so a test can be held while guests publish. */
const HELD_WORD = "embargoed";

/** Posts of their own for each mode, so one mode's new comments never move the other's pages. */
const MODES = [
  {
    javaScriptEnabled: true,
    mode: "with JavaScript",
    paged: "long-discussion-with-javascript",
    full: "full-page-with-javascript",
  },
  {
    javaScriptEnabled: false,
    mode: "without JavaScript",
    paged: "long-discussion-without-javascript",
    full: "full-page-without-javascript",
  },
] as const;

/**
 * The seeded discussions of a paged post, in the order posted: seven top-level comments, the
 * second and the sixth with a reply. Numbers follow publishing order, so the replies take 3 and 8.
 */
const SEEDED = {
  /** Top-level comment numbers, oldest first: five on page 1, two on page 2. */
  discussions: [1, 2, 4, 5, 6, 7, 9],
  /** Reply number → the number of the comment it answers. */
  replies: { 3: 2, 8: 7 } as Record<number, number>,
};

function postText(title: string): string {
  return [
    "---",
    `title: "${title}"`,
    "date: 2026-06-01",
    "author: Margaret Okafor",
    `summary: "A discussion long enough for two pages."`,
    "tags: [community]",
    "area: South Vale",
    "---",
    "",
    "Tell us what you have seen on your street this month.",
    "",
  ].join("\n");
}

type CommentRow = {
  id: number;
  number: number | null;
  state: string;
  parentId: number | null;
};

let contentDir: string;
let server: RunningServer;

/** The newest comment stored with exactly this Markdown, straight from the server's database. */
function findComment(body: string): CommentRow | undefined {
  const database = new Database(server.databasePath, { readonly: true });
  try {
    return database
      .prepare(
        `select id, number, state, parent_id as parentId
           from comments where body_markdown = ? order by id desc limit 1`,
      )
      .get(body) as CommentRow | undefined;
  } finally {
    database.close();
  }
}

/** Posts a comment as a browser without JavaScript would, and returns what was stored. */
async function postOverHttp(
  slug: string,
  fields: { name: string; body: string; parentId?: number },
): Promise<CommentRow> {
  const response = await fetch(`${server.url}/posts/${slug}`, {
    method: "POST",
    headers: {
      Origin: server.url,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({
      intent: "comment",
      name: fields.name,
      body: fields.body,
      parentId: fields.parentId === undefined ? "" : String(fields.parentId),
    }),
    redirect: "manual",
  });
  expect(response.status).toBe(200);
  await response.body?.cancel();
  const stored = findComment(fields.body);
  expect(stored?.state).toBe("published");
  return stored!;
}

/** The body of the seeded comment with this number on this post. */
const seededBody = (slug: string, number: number) =>
  `Comment ${number} on ${slug}`;

/** Seven discussions, two with a reply, posted in the order that gives SEEDED's numbers. */
async function seedLongDiscussion(slug: string): Promise<void> {
  const idOf = new Map<number, number>();
  for (let number = 1; number <= 9; number += 1) {
    const parent = SEEDED.replies[number];
    const stored = await postOverHttp(slug, {
      name: `Neighbour ${number}`,
      body: seededBody(slug, number),
      parentId: parent === undefined ? undefined : idOf.get(parent),
    });
    expect(stored.number).toBe(number);
    idOf.set(number, stored.id);
  }
}

beforeAll(async () => {
  contentDir = mkdtempSync(join(tmpdir(), "lookout-e2e-pages-"));
  mkdirSync(join(contentDir, "posts"));
  writeFileSync(
    join(contentDir, "site.yml"),
    `name: Discussion pages\ndiscussionsPerPage: ${PER_PAGE}\n`,
  );
  for (const { paged, full } of MODES) {
    writeFileSync(
      join(contentDir, "posts", `${paged}.md`),
      postText(`Long discussion ${paged}`),
    );
    writeFileSync(
      join(contentDir, "posts", `${full}.md`),
      postText(`One full page ${full}`),
    );
  }
  server = await startServer({ contentDir });
  // Guests publish straight away, and every comment here comes from 127.0.0.1.
  setModerationPolicy(server.databasePath, {
    anonymous: "publish",
    named: "publish",
    floodLimit: 1000,
    heldWords: [HELD_WORD],
  });

  for (const { paged, full } of MODES) {
    await seedLongDiscussion(paged);
    // Exactly one page: the next top-level comment starts page 2.
    for (let number = 1; number <= PER_PAGE; number += 1) {
      const stored = await postOverHttp(full, {
        name: `Neighbour ${number}`,
        body: seededBody(full, number),
      });
      expect(stored.number).toBe(number);
    }
  }
});

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => {
    console.log(`server output:\n${server?.logs().slice(-4000)}`);
  });
});

afterAll(async () => {
  await server?.stop();
  if (contentDir) rmSync(contentDir, { recursive: true, force: true });
});

async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? "").replace(/\s+/g, " ").trim();
}

/** The ids of the top-level comments on the page, in page order. */
function topLevelIds(page: Page): Promise<string[]> {
  return page
    .locator("#comments > ol.thread > li.comment")
    .evaluateAll((nodes) => nodes.map((node) => node.id));
}

const anchors = (numbers: readonly number[]) =>
  numbers.map((number) => `comment-${number}`);

describe.each(MODES)(
  "a discussion in pages $mode",
  ({ javaScriptEnabled, mode, paged, full }) => {
    let page: Page;
    let problems: PageProblems;
    withPagePerTest({ javaScriptEnabled }, async (opened) => {
      ({ page, problems } = opened);
      // Each test starts as a guest the site has never seen.
      await page.context().clearCookies();
      // A missing element fails its step with a message instead of the whole test timing out.
      page.setDefaultTimeout(WAIT.timeout);
    });

    async function open(path: string): Promise<void> {
      const response = await page.goto(server.url + path);
      expect(response?.status()).toBe(200);
      await page.waitForLoadState("load");
      if (javaScriptEnabled) await waitForHydration(page);
    }

    /** Waits for a navigation to end at this path, query and fragment. */
    async function waitForAddress(
      pathname: string,
      params: Record<string, string | null>,
      hash: string,
    ): Promise<void> {
      await page.waitForURL(
        (url) =>
          url.pathname === pathname &&
          url.hash === hash &&
          Object.entries(params).every(
            ([name, value]) => url.searchParams.get(name) === value,
          ),
        WAIT,
      );
      await page.waitForLoadState("load");
    }

    /** Sets a global that only survives while navigations stay client-side. */
    async function setMarker(): Promise<void> {
      await page.evaluate(() => {
        (window as unknown as { __marker?: number }).__marker = 1;
      });
    }

    /** With JavaScript, the page was never reloaded since setMarker(); without, it was. */
    async function expectClientSide(): Promise<void> {
      const marker = await page.evaluate(
        () => (window as unknown as { __marker?: number }).__marker,
      );
      expect(marker).toBe(javaScriptEnabled ? 1 : undefined);
    }

    const pagination = () =>
      page.getByRole("navigation", { name: "Pages of the discussion" });
    const earlier = () =>
      pagination().getByRole("link", { name: "← Earlier comments" });
    const later = () =>
      pagination().getByRole("link", { name: "Later comments →" });

    /** Fills in a comment form as a named guest and posts it. */
    async function post(form: Locator, name: string, body: string) {
      await form.getByLabel("Name (optional)").fill(name);
      await form.getByLabel("Comment", { exact: true }).fill(body);
      await form
        .getByRole("button", { name: "Post comment", exact: true })
        .click();
    }

    /** Waits until the form says the comment was published, and returns what it says. */
    async function publishedMessage(form: Locator): Promise<Locator> {
      const message = form.locator(".form-message", {
        hasText: /^Published\./,
      });
      await message.waitFor(WAIT);
      if (!javaScriptEnabled) await page.waitForLoadState("load");
      return message;
    }

    test("shows five discussions a page, and the pagination moves between them", async () => {
      const [first, second] = [
        SEEDED.discussions.slice(0, PER_PAGE),
        SEEDED.discussions.slice(PER_PAGE),
      ];

      await open(`/posts/${paged}`);
      await setMarker();
      expect(await topLevelIds(page)).toEqual(anchors(first));
      // Each discussion comes whole: the reply to comment 2 is under it, on its page.
      await page
        .locator("li#comment-2 > details.replies > ol.thread > li#comment-3")
        .waitFor(WAIT);
      // Every comment counts in the heading, not only those on the page.
      expect(await textOf(page.locator("#comments-title"))).toBe("9 comments");
      expect(await textOf(pagination())).toContain("Page 1 of 2");
      expect(await earlier().count()).toBe(0);
      expect(await later().getAttribute("href")).toBe(
        `/posts/${paged}?page=2#comments`,
      );

      await later().click();
      await waitForAddress(`/posts/${paged}`, { page: "2" }, "#comments");
      await page.locator("#comments > ol.thread > li#comment-9").waitFor(WAIT);
      expect(await topLevelIds(page)).toEqual(anchors(second));
      await expectClientSide();
      expect(
        await textOf(page.locator("li#comment-7 > article .comment-body")),
      ).toBe(seededBody(paged, 7));
      expect(
        await textOf(page.locator("li#comment-9 > article .comment-body")),
      ).toBe(seededBody(paged, 9));
      const reply = page.locator(
        "li#comment-7 > details.replies > ol.thread > li#comment-8",
      );
      expect(await textOf(reply.locator(".comment-body"))).toBe(
        seededBody(paged, 8),
      );
      expect(await textOf(pagination())).toContain("Page 2 of 2");
      expect(await later().count()).toBe(0);
      expect(await earlier().getAttribute("href")).toBe(
        `/posts/${paged}#comments`,
      );

      await earlier().click();
      await waitForAddress(`/posts/${paged}`, { page: null }, "#comments");
      await page.locator("#comments > ol.thread > li#comment-1").waitFor(WAIT);
      expect(await topLevelIds(page)).toEqual(anchors(first));
      await expectClientSide();

      expect(problems.list()).toEqual([]);
    });

    test("a reply posted on page 2 stays on page 2, under its parent", async () => {
      const parent = findComment(seededBody(paged, 9))!;
      const body = `A reply on page 2 ${mode}`;

      await open(`/posts/${paged}?page=2`);
      await setMarker();
      const parentItem = page.locator("li#comment-9");
      await parentItem
        .locator("> article")
        .getByRole("link", { name: "Reply to Neighbour 9, comment 9" })
        .click();
      await waitForAddress(
        `/posts/${paged}`,
        { page: "2", replyTo: String(parent.id) },
        `#reply-${parent.id}`,
      );
      const form = parentItem.locator(`form#reply-${parent.id}`);
      await form.waitFor(WAIT);
      expect(await textOf(form.locator("h3"))).toBe("Your reply");
      await expectClientSide();
      // The form posts to this page, and Cancel comes back to it.
      expect(await form.getAttribute("action")).toBe(
        `/posts/${paged}?page=2&replyTo=${parent.id}`,
      );
      expect(
        await form.getByRole("link", { name: "Cancel" }).getAttribute("href"),
      ).toBe(`/posts/${paged}?page=2#comment-9`);

      await post(form, `Replier ${mode}`, body);
      // The reply form closes; its answer stands where it was.
      await form.waitFor({ state: "detached", ...WAIT });
      const message = await publishedMessage(
        parentItem.locator(":scope > article"),
      );
      const stored = findComment(body);
      expect(stored).toMatchObject({
        state: "published",
        number: 10,
        parentId: parent.id,
      });
      // A reply lands on its parent's page, so its link stays on this one.
      expect(
        await message
          .getByRole("link", { name: "See your reply" })
          .getAttribute("href"),
      ).toBe("#comment-10");
      const nested = page.locator(
        "li#comment-9 > details.replies > ol.thread > li#comment-10",
      );
      await nested.waitFor(WAIT);
      expect(await textOf(nested.locator(".comment-body"))).toBe(body);
      expect(new URL(page.url()).searchParams.get("page")).toBe("2");
      expect(await topLevelIds(page)).toEqual(anchors([7, 9]));
      // With JavaScript the reply was posted in place; without, the page came back from the post.
      await expectClientSide();

      // Coming back later, the reply is still on page 2 and nothing moved.
      await open(`/posts/${paged}?page=2`);
      expect(await textOf(nested.locator(".comment-body"))).toBe(body);
      expect(await topLevelIds(page)).toEqual(anchors([7, 9]));

      expect(problems.list()).toEqual([]);
    });

    test("a comment's lasting address lands on the page that shows it", async () => {
      for (const [number, query] of [
        [9, "?page=2"],
        [8, "?page=2"],
        [3, ""],
      ] as const) {
        await open(`/posts/${paged}/comments/${number}`);
        expect(page.url()).toBe(
          `${server.url}/posts/${paged}${query}#comment-${number}`,
        );
        const item = page.locator(`li#comment-${number}`);
        expect(await textOf(item.locator("> article .comment-body"))).toBe(
          seededBody(paged, number),
        );
        // The browser takes the reader to the comment itself.
        await expect
          .poll(
            () =>
              item.evaluate((node) => {
                const box = node.getBoundingClientRect();
                // In view: its top (to within rounding) is on the screen.
                return box.top > -1 && box.top < window.innerHeight;
              }),
            { ...WAIT, message: `comment ${number}` },
          )
          .toBe(true);
      }

      expect(problems.list()).toEqual([]);
    });

    test("a held comment that starts a discussion links to the page that shows it to its poster", async () => {
      const body = `An ${HELD_WORD} question ${mode}`;
      await open(`/posts/${paged}`);
      const form = page.locator("form#new");
      await post(form, `Newcomer ${mode}`, body);
      const message = form.locator(".form-message", {
        hasText: /^Held for a moderator/,
      });
      await message.waitFor(WAIT);
      if (!javaScriptEnabled) await page.waitForLoadState("load");
      const held = findComment(body);
      expect(held).toMatchObject({ state: "pending", number: null });

      // A new discussion goes last, on page 2, where only this browser sees it.
      const link = message.getByRole("link", { name: "See your comment" });
      await expect
        .poll(() => link.getAttribute("href"), WAIT)
        .toBe(`/posts/${paged}/pending/${held!.id}`);
      await link.click();
      await waitForAddress(
        `/posts/${paged}`,
        { page: "2" },
        `#pending-${held!.id}`,
      );
      const own = page.locator(
        `#comments > ol.thread > li#pending-${held!.id}`,
      );
      expect(await textOf(own.locator(".comment-body"))).toBe(body);
      expect(await textOf(own.locator(".pending-note"))).toMatch(
        /^Awaiting moderation\b/,
      );

      expect(problems.list()).toEqual([]);
    });

    test("a new comment that starts a page links to where it went", async () => {
      const body = `The sixth discussion ${mode}`;
      const nextBody = `The seventh discussion ${mode}`;

      await open(`/posts/${full}`);
      expect(await topLevelIds(page)).toEqual(anchors([1, 2, 3, 4, 5]));
      expect(await pagination().count()).toBe(0);

      const form = page.locator("form#new");
      await post(form, `Newcomer ${mode}`, body);
      const message = await publishedMessage(form);
      expect(findComment(body)).toMatchObject({
        state: "published",
        number: 6,
      });
      // It is not on this page: the link is its lasting address, and the page now has a next.
      const link = message.getByRole("link", { name: "See your comment" });
      await expect
        .poll(() => link.getAttribute("href"), WAIT)
        .toBe(`/posts/${full}/comments/6`);
      await later().waitFor(WAIT);
      expect(await topLevelIds(page)).toEqual(anchors([1, 2, 3, 4, 5]));

      await link.click();
      await waitForAddress(`/posts/${full}`, { page: "2" }, "#comment-6");
      await page.locator("#comments > ol.thread > li#comment-6").waitFor(WAIT);
      expect(
        await textOf(page.locator("li#comment-6 > article .comment-body")),
      ).toBe(body);
      if (javaScriptEnabled) await waitForHydration(page);

      // From the last page, the next comment stays on it and its link is in place.
      const lastForm = page.locator("form#new");
      expect(await lastForm.getAttribute("action")).toBe(
        `/posts/${full}?page=2`,
      );
      await post(lastForm, `Newcomer ${mode}`, nextBody);
      const lastMessage = await publishedMessage(lastForm);
      expect(
        await lastMessage
          .getByRole("link", { name: "See your comment" })
          .getAttribute("href"),
      ).toBe("#comment-7");
      await page.locator("#comments > ol.thread > li#comment-7").waitFor(WAIT);
      expect(new URL(page.url()).searchParams.get("page")).toBe("2");
      expect(await topLevelIds(page)).toEqual(anchors([6, 7]));

      expect(problems.list()).toEqual([]);
    });
  },
);

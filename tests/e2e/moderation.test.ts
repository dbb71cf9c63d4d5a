// The moderation loop in a real Chromium, once with JavaScript and once without: a held comment
// is approved from the desk, readers' reports send a comment back to the queue, a banned guest is
// refused, and the desk is only open to moderators. Everything a moderator does goes through the
// site's own pages; the database is only read, to check what the header counts.
import Database from "better-sqlite3";
import type { Locator, Page } from "playwright-core";
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  test,
} from "vitest";
import {
  launchBrowser,
  recordPageProblems,
  waitForHydration,
  type LaunchedBrowser,
  type PageProblems,
} from "../helpers/browser";
import {
  setModerationPolicy,
  startServer,
  type RunningServer,
} from "../helpers/server";
import { createAdmin } from "../helpers/admin";

const WAIT = { timeout: 15_000 };
const TEST_TIMEOUT_MS = 90_000;

const ADMIN = {
  email: "admin@example.org",
  name: "Ada Admin",
  password: "a long admin password for the e2e tests",
};

/** A sample post with comments open for each part of the loop. */
const POSTS = {
  approve: "phone-and-courier-scams",
  report: "mark-and-register-your-bike",
  ban: "sheds-and-garages-locking-up-for-the-summer",
} as const;

let server: RunningServer;
let database: Database.Database;
let uniqueCounter = 0;

/** Text no other test (or mode) uses, so the duplicate rule and searches never collide. */
function unique(label: string): string {
  uniqueCounter += 1;
  return `${label} ${Date.now().toString(36)}-${uniqueCounter}`;
}

async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? "").replace(/\s+/g, " ").trim();
}

/** How many comments wait for a moderator, straight from the server's database. */
function pendingInDatabase(): number {
  const row = database
    .prepare(`select count(*) as pending from comments where state = 'pending'`)
    .get() as { pending: number };
  return row.pending;
}

/** Chromium's own line for a response it was given with an error status, which is expected. */
const isStatusLine = (status: number) => (line: string) =>
  line.startsWith(
    `console error: Failed to load resource: the server responded with a status of ${status}`,
  );

beforeAll(async () => {
  // Each browser comes from an address of its own (X-Forwarded-For, trusted from loopback only):
  // reporters behind one address count as one.
  server = await startServer({ env: { TRUST_PROXY: "loopback" } });

  // The first admin, made the way the README says: with the command-line tool.
  await createAdmin(server, ADMIN);

  // The flood limit goes up for the many comments of the run; two reports are enough to send a
  // comment back. The server reads the policy on every request.
  setModerationPolicy(server.databasePath, {
    floodLimit: 1000,
    reportThreshold: 2,
  });
  database = new Database(server.databasePath);
  database.pragma("busy_timeout = 5000");
});

beforeEach(({ onTestFailed }) => {
  // A failure is easier to read with what the server said around it.
  onTestFailed(() => {
    console.log(`server output:\n${server?.logs().slice(-4000)}`);
  });
});

afterAll(async () => {
  database?.close();
  await server?.stop();
});

describe.each([
  { javaScriptEnabled: true, mode: "with JavaScript", key: "js" },
  { javaScriptEnabled: false, mode: "without JavaScript", key: "noJs" },
])("moderating $mode", ({ javaScriptEnabled, mode, key }) => {
  /** The moderator's browser. */
  let moderator: LaunchedBrowser;
  /** A guest who comments. */
  let guest: LaunchedBrowser;
  /** Two readers who report comments; each has its own profile, so its own guest cookie. */
  let readers: [LaunchedBrowser, LaunchedBrowser];
  /** A reader the site has never seen: its cookies are cleared before each look. */
  let fresh: LaunchedBrowser;
  let opened: { page: Page; problems: PageProblems }[] = [];

  beforeAll(async () => {
    const launched = await Promise.all(
      Array.from({ length: 5 }, () => launchBrowser({ javaScriptEnabled })),
    );
    [moderator, guest, fresh] = [launched[0]!, launched[1]!, launched[2]!];
    readers = [launched[3]!, launched[4]!];
    await Promise.all(
      launched.map((browser, index) =>
        browser.context.setExtraHTTPHeaders({
          "X-Forwarded-For": `198.51.100.${index + (key === "js" ? 10 : 20)}`,
        }),
      ),
    );
  });

  afterAll(async () => {
    await Promise.all(
      [moderator, guest, fresh, ...(readers ?? [])].map((browser) =>
        browser?.close(),
      ),
    );
  });

  beforeEach(async () => {
    // Each test starts signed out, with guests the site has never seen.
    await Promise.all(
      [moderator, guest, fresh, ...readers].map((browser) =>
        browser.context.clearCookies(),
      ),
    );
  });

  afterEach(async () => {
    for (const { page, problems } of opened) {
      problems.dispose();
      await page.close();
    }
    opened = [];
  });

  /** A new tab in `browser` whose errors are recorded. */
  async function newPage(browser: LaunchedBrowser): Promise<Page> {
    const page = await browser.context.newPage();
    opened.push({ page, problems: recordPageProblems(page) });
    return page;
  }

  /** Every page error and console error of the test's tabs, less the allowed status lines. */
  function problems(allowedStatuses: number[] = []): string[] {
    return opened
      .flatMap(({ problems }) => problems.list())
      .filter(
        (line) => !allowedStatuses.some((status) => isStatusLine(status)(line)),
      );
  }

  /** Opens a page by address, as a reader arriving from elsewhere would. */
  async function open(page: Page, path: string, status = 200) {
    const response = await page.goto(server.url + path);
    expect(response?.status()).toBe(status);
    if (javaScriptEnabled) await waitForHydration(page);
  }

  /** After a plain form post, the answer page must have loaded before it is read. */
  async function settled(page: Page) {
    if (!javaScriptEnabled) await page.waitForLoadState("load");
  }

  const siteNav = (page: Page) =>
    page.getByRole("navigation", { name: "Site" });
  const moderationLink = (page: Page) =>
    siteNav(page).getByRole("link", { name: /^Moderation\b/ });
  const notice = (page: Page, text: string) =>
    page.locator(".desk > p.form-message[role=status]", { hasText: text });
  const deskCard = (page: Page, body: string) =>
    page.locator("article.desk-comment", {
      has: page.locator(".comment-body", { hasText: body }),
    });
  const threadItem = (page: Page, body: string) =>
    page.locator("#comments li.comment", {
      has: page.locator(":scope > article .comment-body", { hasText: body }),
    });

  /** Fills in the sign-in form on the current page and waits to land on `landing`. */
  async function signIn(page: Page, landing: string) {
    const form = page.locator("main form");
    await form.getByLabel("Email").fill(ADMIN.email);
    await form.getByLabel("Password").fill(ADMIN.password);
    await form.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === landing, WAIT);
    await siteNav(page).getByText(ADMIN.name).waitFor(WAIT);
  }

  /** The moderator's tab, signed in through the form and looking at the queue. */
  async function moderatorAtQueue(): Promise<Page> {
    const page = await newPage(moderator);
    await open(page, "/sign-in?redirectTo=%2Fmoderation");
    await signIn(page, "/moderation");
    await page.locator("h2#queue-title").waitFor(WAIT);
    return page;
  }

  type Fields = { name?: string; email?: string; body: string };

  /** Posts a new comment on the page's post and returns the message the form shows. */
  async function postComment(
    page: Page,
    fields: Fields,
    expected: RegExp,
  ): Promise<string> {
    const form = page.locator("form#new");
    await form.getByLabel("Name (optional)").fill(fields.name ?? "");
    await form
      .getByLabel("Email (optional, never shown)")
      .fill(fields.email ?? "");
    await form.getByLabel("Comment", { exact: true }).fill(fields.body);
    await form.getByRole("button", { name: "Post comment" }).click();
    const message = form.locator(".form-message", { hasText: expected });
    await message.waitFor(WAIT);
    await settled(page);
    return textOf(message);
  }

  /** A guest's anonymous comment on `slug`, held for a moderator; returns the guest's tab. */
  async function postHeldAnonymously(slug: string, body: string) {
    const page = await newPage(guest);
    await open(page, `/posts/${slug}`);
    expect(await postComment(page, { body }, /^Held for a moderator/)).toBe(
      "Held for a moderator because: anonymous poster. Only you can see it until it is approved. See your comment",
    );
    return page;
  }

  /** Presses one of a queue item's buttons and waits for the desk's notice. */
  async function decide(
    page: Page,
    body: string,
    button: "Approve" | "Reject" | "Spam",
    expectedNotice: string,
  ) {
    const card = deskCard(page, body);
    await card
      .getByRole("button", { name: new RegExp(`^${button}\\b`) })
      .click();
    // With JavaScript the fetcher posts and follows the redirect; either way the notice shows.
    await notice(page, expectedNotice).waitFor(WAIT);
    await settled(page);
    await card.waitFor({ state: "detached", ...WAIT });
  }

  /** What a reader who has never been here sees of `slug`. */
  async function freshReader(slug: string): Promise<Page> {
    await fresh.context.clearCookies();
    const page = await newPage(fresh);
    await open(page, `/posts/${slug}`);
    return page;
  }

  test(
    "a held anonymous comment is approved from the desk and then published",
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const body = unique(`A van was parked outside number 12 (${mode})`);
      await postHeldAnonymously(POSTS.approve, body);

      // Nobody else sees it yet.
      const before = await freshReader(POSTS.approve);
      expect(await before.getByText(body).count()).toBe(0);

      // The moderator signs in from the header's link and sees how many comments wait.
      const desk = await newPage(moderator);
      await open(desk, "/");
      await siteNav(desk).getByRole("link", { name: "Sign in" }).click();
      await desk.waitForURL((url) => url.pathname === "/sign-in", WAIT);
      await signIn(desk, "/");
      const waiting = pendingInDatabase();
      expect(waiting).toBeGreaterThanOrEqual(1);
      expect(await textOf(moderationLink(desk).locator(".count"))).toBe(
        String(waiting),
      );
      expect(await textOf(moderationLink(desk))).toBe(
        `Moderation ${waiting} waiting`,
      );

      await moderationLink(desk).click();
      await desk.waitForURL((url) => url.pathname === "/moderation", WAIT);
      expect(await textOf(desk.locator("h2#queue-title"))).toBe(
        `Held for review (${waiting})`,
      );
      const card = deskCard(desk, body);
      await card.waitFor(WAIT);
      expect(await textOf(card.locator("h3"))).toBe("Anonymous Anonymous");
      expect(await textOf(card.locator(".held-reasons"))).toBe(
        "Held because: anonymous poster",
      );
      const postLink = card.locator(".meta a:not(.only-this-post)");
      const postTitle = await textOf(postLink);
      expect(await postLink.getAttribute("href")).toBe(
        `/posts/${POSTS.approve}#comments`,
      );

      // The queue narrowed to this comment's post, and widened again, with plain links.
      await card.getByRole("link", { name: /^only this post\b/ }).click();
      await desk.waitForURL((url) => url.searchParams.has("post"), WAIT);
      expect(await textOf(desk.locator(".queue-scope"))).toBe(
        `Showing comments on ${postTitle} · Show all posts`,
      );
      await deskCard(desk, body).waitFor(WAIT);
      await desk
        .locator(".queue-scope")
        .getByRole("link", { name: "Show all posts" })
        .click();
      await desk.waitForURL((url) => url.search === "", WAIT);
      await deskCard(desk, body).waitFor(WAIT);
      const commentId = await card.getAttribute("data-comment-id");
      expect(commentId).toMatch(/^\d+$/);

      await decide(desk, body, "Approve", "Approved 1 comment.");
      expect(await textOf(notice(desk, "Approved"))).toBe(
        "Approved 1 comment.",
      );
      expect(new URL(desk.url()).pathname).toBe("/moderation");
      expect(await deskCard(desk, body).count()).toBe(0);
      // The header's count follows.
      expect(await textOf(moderationLink(desk).locator(".count"))).toBe(
        String(waiting - 1),
      );

      // The log says who approved what.
      await desk
        .getByRole("navigation", { name: "Moderation" })
        .getByRole("link", { name: "Log" })
        .click();
      await desk.waitForURL((url) => url.pathname === "/moderation/log", WAIT);
      const logRow = desk.locator("table.desk-table tbody tr", {
        hasText: `comment ${commentId} on ${postTitle}`,
      });
      await logRow.first().waitFor(WAIT);
      expect(
        await logRow
          .filter({ hasText: "Comment approved" })
          .locator("td:nth-child(2)")
          .allTextContents(),
      ).toEqual([ADMIN.name]);
      // Words, not codes; and on a phone each entry is a card, nothing off screen.
      expect(await textOf(desk.locator("table.desk-table tbody"))).not.toMatch(
        /comment\.[a-z]/,
      );
      await desk.setViewportSize({ width: 360, height: 800 });
      expect(
        await desk.evaluate(() => document.documentElement.scrollWidth),
      ).toBeLessThanOrEqual(360);
      // Every cell of an entry, its "Why" too, is within the screen, not scrolled off to the side.
      const cells = await logRow
        .first()
        .locator("td")
        .evaluateAll((tds) =>
          tds.map((td) => td.getBoundingClientRect().right),
        );
      expect(cells).toHaveLength(5);
      expect(Math.max(...cells)).toBeLessThanOrEqual(360);
      await desk.setViewportSize({ width: 1280, height: 800 });

      // A reader who has never been here sees it, published and numbered.
      const after = await freshReader(POSTS.approve);
      const item = threadItem(after, body);
      await item.waitFor(WAIT);
      expect(await textOf(item.locator(".comment-author"))).toBe("Anonymous");
      expect(await textOf(item.locator(".permalink"))).toMatch(/^#\d+$/);
      expect(await item.locator(".pending-note").count()).toBe(0);

      expect(problems()).toEqual([]);
    },
  );

  const THANKS = "Thank you: a moderator will look at this comment.";

  /** A reader opens the post, clicks the comment's Report link and sends a report. */
  async function report(
    reader: LaunchedBrowser,
    slug: string,
    body: string,
    reason: string,
  ): Promise<Page> {
    const page = await newPage(reader);
    await open(page, `/posts/${slug}`);
    const item = threadItem(page, body);
    await item
      .getByRole("link", { name: /^Report comment \d+ to a moderator$/ })
      .click();
    await page.waitForURL((url) => url.searchParams.has("report"), WAIT);
    const form = item.locator("form.report-form");
    await form.waitFor(WAIT);
    expect(await textOf(form.locator("legend"))).toBe(
      "Why should a moderator look at this comment?",
    );
    await form.getByLabel(reason).check();
    await form.getByRole("button", { name: "Send report" }).click();
    return page;
  }

  /** A published comment of a guest's on `slug`: held, then approved from the desk. */
  async function publishedComment(slug: string, body: string): Promise<Page> {
    await postHeldAnonymously(slug, body);
    const desk = await moderatorAtQueue();
    await decide(desk, body, "Approve", "Approved 1 comment.");
    return desk;
  }

  test(
    "two readers' reports send a published comment back to the queue",
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const body = unique(`Try this miracle bike lock, cheap (${mode})`);
      const desk = await publishedComment(POSTS.report, body);

      // The first reader's report is taken, and the comment stays up for now.
      const first = await report(
        readers[0],
        POSTS.report,
        body,
        "Abusive or hateful",
      );
      const thanks = first.getByRole("status").filter({ hasText: THANKS });
      await thanks.waitFor(WAIT);
      await settled(first);
      expect(await textOf(thanks)).toBe(THANKS);
      expect(await threadItem(first, body).count()).toBe(1);

      // The second, from another browser, reaches the threshold: the reader is thanked, and
      // the comment has left the post when they come back to it.
      const second = await report(
        readers[1],
        POSTS.report,
        body,
        "Spam or advertising",
      );
      await second
        .getByRole("status")
        .filter({ hasText: THANKS })
        .waitFor(WAIT);
      await settled(second);
      await second.goto(`${server.url}/posts/${POSTS.report}`);
      await second.locator("#comments").waitFor(WAIT);
      expect(await threadItem(second, body).count()).toBe(0);

      // Gone from the post for a reader who has never been here.
      const reader = await freshReader(POSTS.report);
      await reader.locator("#comments").waitFor(WAIT);
      expect(await reader.getByText(body).count()).toBe(0);

      // Back in the queue, with its reports counted…
      await open(desk, "/moderation");
      const held = deskCard(desk, body);
      await held.waitFor(WAIT);
      expect(await textOf(held.locator("header .meta"))).toMatch(
        / · 2 open reports$/,
      );
      expect(
        await held.getByRole("button", { name: /^Approve\b/ }).count(),
      ).toBe(1);

      // …and on the reports page with the readers' reasons, oldest first.
      await desk
        .getByRole("navigation", { name: "Moderation" })
        .getByRole("link", { name: "Reports" })
        .click();
      await desk.waitForURL(
        (url) => url.pathname === "/moderation/reports",
        WAIT,
      );
      await desk.locator("h2#reports-title").waitFor(WAIT);
      const reported = deskCard(desk, body);
      await reported.waitFor(WAIT);
      expect(
        await reported.locator("ul.report-reasons > li").allTextContents(),
      ).toEqual(["Abusive or hateful", "Spam or advertising"]);
      expect(await textOf(reported.locator(":scope > p.meta"))).toBe(
        "Enough readers reported it that it went back to the queue.",
      );

      expect(problems()).toEqual([]);
    },
  );

  test(
    "the reader whose report sends a comment back to the queue is thanked too",
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const body = unique(`Cheap locks, message me (${mode})`);
      await publishedComment(POSTS.report, body);

      const first = await report(readers[0], POSTS.report, body, "Off-topic");
      await first.getByRole("status").filter({ hasText: THANKS }).waitFor(WAIT);
      await settled(first);

      const second = await report(
        readers[1],
        POSTS.report,
        body,
        "Spam or advertising",
      );
      // The report takes the comment out of the thread: the reader must still be told that
      // their report was taken, as the first reader was.
      await second
        .getByRole("status")
        .filter({ hasText: THANKS })
        .waitFor(WAIT);
      await settled(second);
      expect(
        await second.getByRole("status").filter({ hasText: THANKS }).count(),
      ).toBe(1);

      expect(problems()).toEqual([]);
    },
  );

  test(
    "a guest banned by their browser is refused, and keeps what they typed",
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const name = `Gus ${mode}`;
      const first = unique(`Everyone on this street is a thief (${mode})`);
      const second = unique(`You cannot stop me posting (${mode})`);
      const reason = unique(`Insults neighbours ${key}`);

      const page = await newPage(guest);
      await open(page, `/posts/${POSTS.ban}`);
      expect(
        await postComment(page, { name, body: first }, /^Held for a moderator/),
      ).toMatch(
        /^Held for a moderator because: first comment from a new guest\b/,
      );

      const desk = await moderatorAtQueue();
      const card = deskCard(desk, first);
      await card.waitFor(WAIT);
      const commentId = await card.getAttribute("data-comment-id");
      await card.getByRole("link", { name: "Ban the poster…" }).click();
      await desk.waitForURL(
        (url) =>
          url.pathname === "/moderation/bans" &&
          url.searchParams.get("comment") === commentId,
        WAIT,
      );
      const form = desk.getByRole("form", {
        name: "Ban the poster of this comment",
      });
      await form.waitFor(WAIT);
      expect(
        await textOf(form.locator("article.desk-comment .comment-body")),
      ).toBe(first);
      const postTitle = await textOf(
        form.locator("article.desk-comment header .meta a"),
      );
      // A guest with no email: their network address or their browser, both ticked by default.
      // The moderator bans the browser alone.
      const scopes = form.getByRole("checkbox");
      expect(await scopes.count()).toBe(2);
      const browserScope = form.getByLabel("their browser (the guest cookie)");
      const addressScope = form.getByLabel("their network address");
      expect(await browserScope.isChecked()).toBe(true);
      expect(await addressScope.isChecked()).toBe(true);
      await browserScope.check();
      await addressScope.uncheck();
      await form.getByLabel("Reason (shown to the poster)").fill(reason);
      await form.getByLabel("Days (leave empty for no end)").fill("7");
      await form.getByRole("button", { name: "Ban", exact: true }).click();

      await notice(desk, "Banned: guest.").waitFor(WAIT);
      await settled(desk);
      expect(new URL(desk.url()).pathname).toBe("/moderation/bans");
      const banRow = desk.locator("table.desk-table tbody tr", {
        hasText: reason,
      });
      expect(await textOf(banRow.locator("td:nth-child(1)"))).toMatch(
        new RegExp(`^${name}, comment #\\d+ on “${postTitle}”$`),
      );
      expect(await textOf(banRow.locator("td:nth-child(2)"))).toBe("Browser");
      // Who made it and when it ends tell two bans of one kind apart.
      expect(await textOf(banRow.locator("td:nth-child(4)"))).toMatch(
        /^.+, \d{1,2} [A-Z][a-z]{2} \d{4}$/,
      );
      expect(await textOf(banRow.locator("td:nth-child(5)"))).toMatch(
        /^Ends \d{1,2} [A-Z][a-z]{2} \d{4}$/,
      );

      // The same browser tries again and is told why, with its text still in the form.
      await open(page, `/posts/${POSTS.ban}`);
      const message = await postComment(
        page,
        { name, body: second },
        /^Not accepted because:/,
      );
      expect(message).toMatch(
        new RegExp(
          `^Not accepted because: you are banned from commenting here until \\d{4}-\\d{2}-\\d{2} \\(${reason}\\)\\.$`,
        ),
      );
      expect(message).toContain("you are banned from commenting here");
      const newForm = page.locator("form#new");
      expect(
        await newForm.getByLabel("Comment", { exact: true }).inputValue(),
      ).toBe(second);
      expect(await newForm.getByLabel("Name (optional)").inputValue()).toBe(
        name,
      );

      // Chromium reports the 422 answer itself; nothing else may go wrong.
      expect(problems([422])).toEqual([]);
    },
  );

  test(
    "the desk sends a signed-out visitor to sign in and back, and refuses a member",
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      // Signed out: the sign-in page, which comes back to the desk.
      const page = await newPage(moderator);
      const response = await page.goto(`${server.url}/moderation`);
      expect(response?.status()).toBe(200);
      expect(new URL(page.url()).pathname).toBe("/sign-in");
      expect(new URL(page.url()).searchParams.get("redirectTo")).toBe(
        "/moderation",
      );
      if (javaScriptEnabled) await waitForHydration(page);
      expect(await textOf(page.locator("h1"))).toBe("Sign in");
      await signIn(page, "/moderation");
      expect(await textOf(page.locator("h1"))).toBe("Moderation");
      await page.locator("h2#queue-title").waitFor(WAIT);

      // A member who has just signed up is not a moderator.
      const member = {
        email: `member.${key}.${Date.now().toString(36)}@example.org`,
        name: `Mo Member ${mode}`,
        password: "a member's long password",
      };
      const memberPage = await newPage(readers[0]);
      await open(memberPage, "/sign-up");
      const form = memberPage.locator("main form");
      await form.getByLabel("Email").fill(member.email);
      await form.getByLabel("Name shown on your comments").fill(member.name);
      await form.getByLabel("Password").fill(member.password);
      await form.getByRole("button", { name: "Create account" }).click();
      await memberPage
        .getByRole("heading", { name: "Check your email" })
        .waitFor(WAIT);
      // Signing in needs no confirmed email; posting as a member does.
      await open(memberPage, "/sign-in");
      const signInForm = memberPage.locator("main form");
      await signInForm.getByLabel("Email").fill(member.email);
      await signInForm.getByLabel("Password").fill(member.password);
      await signInForm.getByRole("button", { name: "Sign in" }).click();
      await memberPage.waitForURL((url) => url.pathname === "/", WAIT);
      await siteNav(memberPage).getByText(member.name).waitFor(WAIT);
      expect(await moderationLink(memberPage).count()).toBe(0);

      await open(memberPage, "/moderation", 403);
      expect(await textOf(memberPage.locator("h1"))).toBe("Not allowed");
      expect(await memberPage.locator("main").innerText()).toContain(
        "You do not have permission to see this page.",
      );
      expect(await memberPage.locator("#queue-title").count()).toBe(0);

      // Chromium reports the 403 document itself; nothing else may go wrong.
      expect(problems([403])).toEqual([]);
    },
  );

  test(
    "signing out from the header ends the session",
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const page = await moderatorAtQueue();
      const sessionCookies = async () =>
        (await moderator.context.cookies(server.url)).filter(
          (cookie) => cookie.name === "lookout_session",
        );
      expect(await sessionCookies()).toHaveLength(1);

      await siteNav(page).getByRole("button", { name: "Sign out" }).click();
      await page.waitForURL((url) => url.pathname === "/", WAIT);
      await siteNav(page).getByRole("link", { name: "Sign in" }).waitFor(WAIT);
      await settled(page);
      expect(await siteNav(page).getByText(ADMIN.name).count()).toBe(0);
      expect(await moderationLink(page).count()).toBe(0);
      expect(await sessionCookies()).toHaveLength(0);

      await page.goto(`${server.url}/moderation`);
      await page.waitForURL((url) => url.pathname === "/sign-in", WAIT);
      expect(new URL(page.url()).searchParams.get("redirectTo")).toBe(
        "/moderation",
      );
      expect(await textOf(page.locator("h1"))).toBe("Sign in");

      expect(problems()).toEqual([]);
    },
  );
});

// The desk's bulk decisions and Undo in a real Chromium, with JavaScript and without, at desk and
// phone widths: "Select all on this page", "everything matching this filter" with its count and
// confirmation (a comment arriving after the count is not swept in), and the Undo after a Reject.
import Database from "better-sqlite3";
import type { Page } from "playwright-core";
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
import { axeViolationIds } from "../helpers/axe";
import {
  setModerationPolicy,
  startServer,
  type RunningServer,
} from "../helpers/server";
import { createAdmin } from "../helpers/admin";

const WAIT = { timeout: 15_000 };
const TEST_TIMEOUT_MS = 90_000;

const ADMIN = {
  email: "bulk-admin@example.org",
  name: "Bea Bulk",
  password: "a long admin password for the bulk tests",
};

let server: RunningServer;
let database: Database.Database;
let guestCounter = 0;

beforeAll(async () => {
  server = await startServer({ env: { TRUST_PROXY: "loopback" } });
  await createAdmin(server, ADMIN);
  setModerationPolicy(server.databasePath, { floodLimit: 1000 });
  database = new Database(server.databasePath);
  database.pragma("busy_timeout = 5000");
});

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => {
    console.log(`server output:\n${server?.logs().slice(-4000)}`);
  });
});

afterAll(async () => {
  database?.close();
  await server?.stop();
});

const postIdOf = (slug: string) =>
  (
    database.prepare(`select id from posts where slug = ?`).get(slug) as {
      id: number;
    }
  ).id;
const stateOfBody = (body: string) =>
  (
    database
      .prepare(`select state from comments where body_markdown = ?`)
      .get(body) as { state: string }
  ).state;

/** An anonymous guest's comment, sent as the comment form sends it; held by the default policy. */
async function postHeld(slug: string, body: string): Promise<void> {
  guestCounter += 1;
  const response = await fetch(`${server.url}/posts/${slug}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      Origin: server.url,
      "Content-Type": "application/x-www-form-urlencoded",
      "X-Forwarded-For": `203.0.113.${guestCounter}`,
    },
    body: new URLSearchParams({
      intent: "comment",
      name: "",
      email: "",
      body,
      parentId: "",
      website: "",
    }),
  });
  expect(response.status).toBeLessThan(400);
  expect(stateOfBody(body)).toBe("pending");
}

describe.each([
  {
    javaScriptEnabled: true,
    mode: "with JavaScript",
    posts: {
      select: "doorstep-scams-and-older-neighbours",
      filter: "how-to-use-this-board",
      undo: "mark-and-register-your-bike",
    },
  },
  {
    javaScriptEnabled: false,
    mode: "without JavaScript",
    posts: {
      select: "phone-and-courier-scams",
      filter: "sheds-and-garages-locking-up-for-the-summer",
      undo: "traceable-liquid-marking-kits-arrive-in-south-vale",
    },
  },
])("the desk's bulk decisions $mode", ({ javaScriptEnabled, mode, posts }) => {
  let browser: LaunchedBrowser;
  let opened: { page: Page; problems: PageProblems }[] = [];

  beforeAll(async () => {
    // axe-core is added to the page as a script, which the site's own policy would refuse.
    browser = await launchBrowser({ javaScriptEnabled, bypassCSP: true });
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/sign-in?redirectTo=%2Fmoderation`);
    if (javaScriptEnabled) await waitForHydration(page);
    const form = page.locator("main form");
    await form.getByLabel("Email").fill(ADMIN.email);
    await form.getByLabel("Password").fill(ADMIN.password);
    await form.getByRole("button", { name: "Sign in" }).click();
    await page.locator("h2#queue-title").waitFor(WAIT);
    await page.close();
  });

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(async () => {
    for (const { page, problems } of opened) {
      problems.dispose();
      await page.close();
    }
    opened = [];
  });

  async function deskAt(path: string, width = 1280): Promise<Page> {
    const page = await browser.context.newPage();
    opened.push({ page, problems: recordPageProblems(page) });
    await page.setViewportSize({ width, height: 900 });
    const response = await page.goto(server.url + path);
    expect(response?.status()).toBe(200);
    if (javaScriptEnabled) await waitForHydration(page);
    return page;
  }

  const problems = () => opened.flatMap(({ problems }) => problems.list());
  const notice = (page: Page, text: string) =>
    page.locator(".desk > p.form-message[role=status]", { hasText: text });
  const card = (page: Page, body: string) =>
    page.locator("article.desk-comment", {
      has: page.locator(".comment-body", { hasText: body }),
    });
  const pageWidth = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth);

  test(
    "select all on this page, at 360 px",
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const bodies = [1, 2, 3].map((n) => `Select-all ${mode} ${n}`);
      for (const body of bodies) await postHeld(posts.select, body);
      const page = await deskAt(
        `/moderation?post=${postIdOf(posts.select)}`,
        360,
      );
      await card(page, bodies[2]!).waitFor(WAIT);
      expect(await pageWidth(page)).toBeLessThanOrEqual(360);
      const selectAll = page.getByRole("checkbox", {
        name: "Select all on this page",
      });
      if (javaScriptEnabled) {
        await selectAll.check();
        for (const body of bodies) {
          expect(await card(page, body).getByRole("checkbox").isChecked()).toBe(
            true,
          );
        }
        // One unticked: "some" is shown as the mixed state.
        await card(page, bodies[2]!).getByRole("checkbox").uncheck();
        expect(await selectAll.isChecked()).toBe(false);
        expect(
          await selectAll.evaluate(
            (box) => (box as HTMLInputElement).indeterminate,
          ),
        ).toBe(true);
        await page
          .locator("form#bulk")
          .getByRole("button", { name: "Approve", exact: true })
          .click();
        await notice(page, "Approved 2 comments.").waitFor(WAIT);
        expect(stateOfBody(bodies[0]!)).toBe("published");
        expect(stateOfBody(bodies[1]!)).toBe("published");
        // The control: the one left unticked still waits.
        expect(stateOfBody(bodies[2]!)).toBe("pending");
      } else {
        // Without JavaScript a checkbox could tick nothing: the page's own buttons act instead.
        expect(await page.locator(".select-all").count()).toBe(0);
        await page
          .getByRole("form", { name: "Every comment on this page" })
          .getByRole("button", { name: "Approve all 3" })
          .click();
        await notice(page, "Approved 3 comments.").waitFor(WAIT);
        for (const body of bodies) expect(stateOfBody(body)).toBe("published");
      }
      expect(problems()).toEqual([]);
    },
  );

  test(
    "everything matching the filter, after a confirmation with the count, at 360 px",
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const bodies = [1, 2].map((n) => `Filter ${mode} ${n}`);
      for (const body of bodies) await postHeld(posts.filter, body);
      const postId = postIdOf(posts.filter);
      const page = await deskAt(
        `/moderation?class=anonymous&post=${postId}`,
        360,
      );
      await page
        .getByRole("form", { name: "Every comment matching this filter" })
        .getByRole("button", { name: "Approve all 2…" })
        .click();
      const question = page.locator("h2#bulk-title");
      await question.waitFor(WAIT);
      const title = (
        database
          .prepare(`select title from posts where id = ?`)
          .get(postId) as {
          title: string;
        }
      ).title;
      expect(await question.textContent()).toBe(
        `Approve all 2 held comments from anonymous posters on “${title}”?`,
      );
      expect(await pageWidth(page)).toBeLessThanOrEqual(360);
      // Nothing has changed yet; and someone comments while the moderator reads the question.
      expect(stateOfBody(bodies[0]!)).toBe("pending");
      const late = `Filter ${mode} late`;
      await postHeld(posts.filter, late);
      await page.getByRole("button", { name: "Approve all 2" }).click();
      await notice(page, "Approved 2 comments.").waitFor(WAIT);
      for (const body of bodies) expect(stateOfBody(body)).toBe("published");
      expect(stateOfBody(late)).toBe("pending");
      // Back on the filtered queue, the late comment waits there.
      await card(page, late).waitFor(WAIT);
      expect(new URL(page.url()).searchParams.get("class")).toBe("anonymous");
      expect(problems()).toEqual([]);
    },
  );

  test(
    "undo a Reject, at 360 px, with no accessibility violations",
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const body = `Undo ${mode}`;
      await postHeld(posts.undo, body);
      // A second comment keeps the queue's list, and its bulk controls, on the page for axe.
      await postHeld(posts.undo, `Stays ${mode}`);
      const page = await deskAt(
        `/moderation?post=${postIdOf(posts.undo)}`,
        360,
      );
      await card(page, body)
        .getByRole("button", { name: /^Reject\b/ })
        .click();
      await notice(page, "Rejected 1 comment.").waitFor(WAIT);
      await card(page, body).waitFor({ state: "detached", ...WAIT });
      expect(stateOfBody(body)).toBe("rejected");
      const undo = page.getByRole("button", { name: "Undo the rejection" });
      await undo.waitFor(WAIT);
      expect(await pageWidth(page)).toBeLessThanOrEqual(360);
      // axe needs the page's JavaScript; the page with it also draws "Select all on this page".
      if (javaScriptEnabled) {
        await page
          .getByRole("checkbox", { name: "Select all on this page" })
          .waitFor(WAIT);
        expect(await axeViolationIds(page)).toEqual([]);
      }

      await undo.click();
      await notice(page, "Undone: 1 comment is back in the queue.").waitFor(
        WAIT,
      );
      await card(page, body).waitFor(WAIT);
      expect(stateOfBody(body)).toBe("pending");
      expect(stateOfBody(`Stays ${mode}`)).toBe("pending");
      // The Undo is used: it is not offered again.
      expect(await undo.count()).toBe(0);
      expect(problems()).toEqual([]);
    },
  );
});

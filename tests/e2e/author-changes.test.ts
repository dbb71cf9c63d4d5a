// An author editing and deleting their own comment in a real Chromium, with JavaScript and
// without: an edit the policy would hold goes back to the queue and out of other readers' view,
// and deleting asks first. The comment's state is read straight from the server's database.
import Database from "better-sqlite3";
import { join } from "node:path";
import type { AxeResults } from "axe-core";
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
  launchBrowser,
  waitForHydration,
  withPagePerTest,
  type LaunchedBrowser,
  type PageProblems,
} from "../helpers/browser";
import {
  REPO_ROOT,
  setModerationPolicy,
  startServer,
  type RunningServer,
} from "../helpers/server";

const WAIT = { timeout: 15_000 };
const AXE_PATH = join(REPO_ROOT, "node_modules/axe-core/axe.min.js");
const POSTS = {
  js: "doorstep-scams-and-older-neighbours",
  noJs: "sheds-and-garages-locking-up-for-the-summer",
  axe: "phone-and-courier-scams",
} as const;

let server: RunningServer;

type Row = { id: number; state: string; body: string };
function commentRow(body: string): Row | undefined {
  const database = new Database(server.databasePath, { readonly: true });
  try {
    return database
      .prepare(
        "select id, state, body_markdown as body from comments where body_markdown = ? order by id desc limit 1",
      )
      .get(body) as Row | undefined;
  } finally {
    database.close();
  }
}
function stateOf(id: number): string {
  const database = new Database(server.databasePath, { readonly: true });
  try {
    return (
      database.prepare("select state from comments where id = ?").get(id) as {
        state: string;
      }
    ).state;
  } finally {
    database.close();
  }
}

beforeAll(async () => {
  server = await startServer();
  // Named guests publish straight away here, so the edit is what sends a comment to the queue.
  setModerationPolicy(server.databasePath, {
    floodLimit: 1000,
    named: "publish",
    heldWords: ["padlock"],
  });
});

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => {
    console.log(`server output:\n${server?.logs().slice(-4000)}`);
  });
});

afterAll(async () => {
  await server?.stop();
});

const text = async (locator: Locator) =>
  ((await locator.textContent()) ?? "").replace(/\s+/g, " ").trim();

async function open(page: Page, path: string, javaScriptEnabled: boolean) {
  const response = await page.goto(server.url + path);
  expect(response?.status()).toBe(200);
  await page.waitForLoadState("load");
  if (javaScriptEnabled) await waitForHydration(page);
}

/** Posts a comment as a named guest through the page's own form; returns its stored row. */
async function postAsGuest(
  page: Page,
  slug: string,
  body: string,
  javaScriptEnabled: boolean,
): Promise<Row> {
  await open(page, `/posts/${slug}`, javaScriptEnabled);
  const form = page.locator("form#new");
  await form.getByLabel("Name (optional)").fill("Ruth");
  await form.getByLabel("Comment", { exact: true }).fill(body);
  await form.getByRole("button", { name: "Post comment", exact: true }).click();
  await form
    .locator(".form-message", { hasText: /^Published\./ })
    .waitFor(WAIT);
  const row = commentRow(body);
  expect(row?.state).toBe("published");
  return row!;
}

describe.each([
  { javaScriptEnabled: true, mode: "with JavaScript", key: "js" as const },
  {
    javaScriptEnabled: false,
    mode: "without JavaScript",
    key: "noJs" as const,
  },
])("an author changes their comment $mode", ({ javaScriptEnabled, key }) => {
  let page: Page;
  let problems: PageProblems;
  let reader: LaunchedBrowser;

  beforeAll(async () => {
    reader = await launchBrowser({ javaScriptEnabled });
  });
  afterAll(async () => {
    await reader?.close();
  });
  withPagePerTest({ javaScriptEnabled }, async (opened) => {
    ({ page, problems } = opened);
    await page.context().clearCookies();
  });

  test(
    "an edit the policy would hold goes back to the queue; deleting asks first",
    { timeout: 90_000 },
    async () => {
      const slug = POSTS[key];
      const body = `Our shed was tried last night (${key}).`;
      const { id } = await postAsGuest(page, slug, body, javaScriptEnabled);
      const item = page.locator("li.comment", { hasText: body }).first();

      // Another reader sees no Edit or Delete on it.
      const other = await reader.context.newPage();
      try {
        await open(other, `/posts/${slug}`, javaScriptEnabled);
        const theirs = other.locator("li.comment", { hasText: body }).first();
        await theirs.waitFor(WAIT);
        expect(await theirs.getByRole("link", { name: /^Edit/ }).count()).toBe(
          0,
        );
        expect(
          await theirs.getByRole("link", { name: /^Delete/ }).count(),
        ).toBe(0);
      } finally {
        await other.close();
      }

      await item.getByRole("link", { name: /^Edit your comment/ }).click();
      const editForm = page.locator(`form#edit-${id}`);
      await editForm.waitFor(WAIT);
      const field = editForm.getByLabel("Your comment");
      expect(await field.inputValue()).toBe(body);
      const edited = `${body} Buy a padlock from me.`;
      await field.fill(edited);
      await editForm.getByRole("button", { name: "Save changes" }).click();
      const pendingItem = page.locator("li.comment.pending", {
        hasText: edited,
      });
      await pendingItem
        .locator(".form-message", {
          hasText: /^Your changes are saved\. Held for a moderator because:/,
        })
        .waitFor(WAIT);
      expect(await text(pendingItem.locator(".edited"))).toBe("edited");
      expect(await page.locator(`form#edit-${id}`).count()).toBe(0);
      expect(commentRow(edited)?.state).toBe("pending");

      // Out of other readers' view until a moderator approves it.
      const later = await reader.context.newPage();
      try {
        await open(later, `/posts/${slug}`, javaScriptEnabled);
        expect(
          await later.getByText("Our shed was tried last night").count(),
        ).toBe(0);
      } finally {
        await later.close();
      }

      // Deleting: a link opens a confirmation; only its button deletes.
      await pendingItem
        .getByRole("link", { name: /^Delete your comment/ })
        .click();
      const deleteForm = page.locator(`form#delete-${id}`);
      await deleteForm.waitFor(WAIT);
      expect(stateOf(id)).toBe("pending");
      await deleteForm
        .getByRole("button", { name: "Delete my comment" })
        .click();
      await page
        .locator(".form-message", { hasText: "Your comment was deleted." })
        .waitFor(WAIT);
      if (!javaScriptEnabled) await page.waitForLoadState("load");
      await page.getByText(edited).waitFor({ state: "detached", ...WAIT });
      // Without replies it leaves the thread altogether, placeholder and all.
      expect(
        await page.locator(`li#pending-${id}, li#comment-${id}`).count(),
      ).toBe(0);
      expect(await page.locator(".placeholder").count()).toBe(0);
      expect(stateOf(id)).toBe("deleted");
      expect(problems.list()).toEqual([]);
    },
  );
});

describe("axe-core", () => {
  let browser: LaunchedBrowser;
  beforeAll(async () => {
    // axe-core is injected as an inline script, which the site's Content-Security-Policy forbids.
    browser = await launchBrowser({ javaScriptEnabled: true, bypassCSP: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  test("finds no violations on the edit and delete forms of one's own comment", async () => {
    const page = await browser.context.newPage();
    try {
      const { id } = await postAsGuest(
        page,
        POSTS.axe,
        "The courier scam call came again today.",
        true,
      );
      for (const query of [`?edit=${id}`, `?delete=${id}`]) {
        await open(page, `/posts/${POSTS.axe}${query}`, true);
        await page
          .locator(`form#${query.includes("edit") ? "edit" : "delete"}-${id}`)
          .waitFor(WAIT);
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
        expect(violations, query).toEqual([]);
      }
    } finally {
      await page.close();
    }
  });
});

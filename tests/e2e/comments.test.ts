// Comments in a real Chromium, once with JavaScript and once without: posting, holding, approving,
// replying, refusing and previewing must all work as plain HTML forms, and with JavaScript the
// form must post in place. A moderator's decisions are made straight on the server's database.
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
  recordPageProblems,
  waitForHydration,
  type LaunchedBrowser,
  type PageProblems,
  withPagePerTest,
} from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";

const WAIT = { timeout: 15_000 };

/** Sample posts with comments open, one per test (and mode) that counts or numbers comments. */
const POSTS = {
  anonymous: "phone-and-courier-scams",
  approval: {
    js: "doorstep-scams-and-older-neighbours",
    noJs: "how-to-use-this-board",
  },
  reply: {
    js: "sheds-and-garages-locking-up-for-the-summer",
    noJs: "traceable-liquid-marking-kits-arrive-in-south-vale",
  },
  refused: "mark-and-register-your-bike",
  inPlace: "keyless-car-theft-protecting-your-car-overnight",
  preview: "marking-scheme-what-the-london-figures-show",
  closed: "neighbourhood-watch-autumn-meeting",
  crossSite: "phone-and-courier-scams",
} as const;

type CommentRow = {
  id: number;
  number: number | null;
  state: string;
  parentId: number | null;
};

type Moderator = {
  /** The comment stored with exactly this Markdown, if any. */
  find(body: string): CommentRow | undefined;
  /** Approves a held comment as a moderator would. */
  approve(commentId: number): void;
  close(): void;
};

let server: RunningServer;
let moderator: Moderator;
let uniqueCounter = 0;

/** Text no other test (or mode) uses, so the duplicate rule and searches never collide. */
function unique(label: string): string {
  uniqueCounter += 1;
  return `${label} ${Date.now().toString(36)}-${uniqueCounter}`;
}

/**
 * The comments heading gives the number of published comments; its wording ("2 comments" or
 * "Comments (2)") is left to the page tests, so only the number is checked here.
 */
const countOf = (count: number) => new RegExp(`(^|\\D)${count}(\\D|$)`);

async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? "").replace(/\s+/g, " ").trim();
}

/** Uses the app's own modules on the server's database file, as the moderation desk will. */
async function openModerator(databasePath: string): Promise<Moderator> {
  const previous = process.env.DATABASE_PATH;
  // env() reads this on first use, so it must be set before any app module touches the database.
  process.env.DATABASE_PATH = databasePath;
  const { db, closeDb } = await import("~/platform/db.server");
  const { approveComment } =
    await import("~/features/moderation/state-changes.server");
  const { getPolicySettings, POLICY_SETTINGS_KEY } =
    await import("~/features/moderation/policy.server");

  // Every browser here posts from 127.0.0.1: raise the flood limit well above what the tests post.
  db()
    .$client.prepare(
      `insert into settings (key, value, updated_at) values (?, ?, ?)
       on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at`,
    )
    .run(
      POLICY_SETTINGS_KEY,
      JSON.stringify({ floodLimit: 1000, blockedWords: ["casino"] }),
      Date.now(),
    );
  expect(getPolicySettings().floodLimit).toBe(1000);

  const findStatement = db().$client.prepare(
    `select id, number, state, parent_id as parentId
       from comments where body_markdown = ? order by id desc limit 1`,
  );
  return {
    find: (body) => findStatement.get(body) as CommentRow | undefined,
    approve(commentId) {
      expect(
        approveComment(commentId, { name: "test", userId: null }, new Date()),
      ).toBe(true);
    },
    close() {
      closeDb();
      if (previous === undefined) delete process.env.DATABASE_PATH;
      else process.env.DATABASE_PATH = previous;
    },
  };
}

beforeAll(async () => {
  server = await startServer();
  moderator = await openModerator(server.databasePath);
});

beforeEach(({ onTestFailed }) => {
  // A failure is easier to read with what the server said around it.
  onTestFailed(() => {
    console.log(`server output:\n${server?.logs().slice(-4000)}`);
  });
});

afterAll(async () => {
  moderator?.close();
  await server?.stop();
});

/** Chromium's own line for a response it was given with an error status, which is expected here. */
const isStatusLine = (status: number) => (line: string) =>
  line.startsWith(
    `console error: Failed to load resource: the server responded with a status of ${status}`,
  );

describe.each([
  { javaScriptEnabled: true, mode: "with JavaScript", key: "js" as const },
  {
    javaScriptEnabled: false,
    mode: "without JavaScript",
    key: "noJs" as const,
  },
])("commenting $mode", ({ javaScriptEnabled, mode, key }) => {
  /** Another reader's browser, with its own profile; it never posts. */
  let reader: LaunchedBrowser;
  /** The poster's page, in a browser of its own. */
  let page: Page;
  let problems: PageProblems;

  beforeAll(async () => {
    reader = await launchBrowser({ javaScriptEnabled });
  });

  afterAll(async () => {
    await reader?.close();
  });

  withPagePerTest({ javaScriptEnabled }, async (opened) => {
    ({ page, problems } = opened);
    // Each test starts as a guest the site has never seen.
    await page.context().clearCookies();
  });

  /** Opens a post by address, as a reader arriving from elsewhere would. */
  async function open(target: Page, slug: string): Promise<void> {
    const response = await target.goto(`${server.url}/posts/${slug}`);
    expect(response?.status()).toBe(200);
    await target.waitForLoadState("load");
    if (javaScriptEnabled) await waitForHydration(target);
  }

  /** Opens a post in the other reader's browser and hands over its page. */
  async function openAsReader(slug: string): Promise<Page> {
    const other = await reader.context.newPage();
    await open(other, slug);
    return other;
  }

  type Fields = { name?: string; email?: string; body: string };

  /** Fills in a comment form and presses one of its buttons. */
  async function submit(
    form: Locator,
    fields: Fields,
    button: "Post comment" | "Preview" = "Post comment",
  ): Promise<void> {
    await form.getByLabel("Name (optional)").fill(fields.name ?? "");
    await form
      .getByLabel("Email (optional, never shown)")
      .fill(fields.email ?? "");
    await form.getByLabel("Comment", { exact: true }).fill(fields.body);
    await form.getByRole("button", { name: button, exact: true }).click();
  }

  /** Waits until the form says something matching `text`, and returns what it says. */
  async function messageOf(form: Locator, text: RegExp): Promise<string> {
    const message = form.locator(".form-message", { hasText: text });
    await message.waitFor(WAIT);
    if (!javaScriptEnabled) await page.waitForLoadState("load");
    return textOf(message);
  }

  const newForm = () => page.locator("form#new");

  test("an anonymous comment is held, and only its author's browser shows it", async () => {
    const body = unique(`Anonymous sighting ${mode}`);
    await open(page, POSTS.anonymous);
    await submit(newForm(), { body });
    expect(await messageOf(newForm(), /^Held for a moderator/)).toMatch(
      /^Held for a moderator because: anonymous poster\b/,
    );
    const held = moderator.find(body);
    expect(held?.state).toBe("pending");
    // Right away, on the page that answered, even for a first-time guest without JavaScript,
    // and linked from the message.
    await page.locator("li.comment.pending", { hasText: body }).waitFor(WAIT);
    expect(
      await newForm()
        .locator(".form-message a", { hasText: "See your comment" })
        .getAttribute("href"),
    ).toBe(`#pending-${held!.id}`);

    // The author still sees it after coming back, marked as waiting.
    await open(page, POSTS.anonymous);
    const own = page.locator("li.comment.pending", { hasText: body });
    await own.waitFor(WAIT);
    expect(await textOf(own.locator(".pending-note"))).toMatch(
      /^Awaiting moderation\b/,
    );
    expect(await own.locator(".permalink").count()).toBe(0);

    // Nobody else does.
    const other = await openAsReader(POSTS.anonymous);
    try {
      expect(await other.getByText(body).count()).toBe(0);
      expect(await other.locator(".pending-note").count()).toBe(0);
    } finally {
      await other.close();
    }

    expect(problems.list()).toEqual([]);
  });

  test("a named guest is held once, then publishes after a moderator approves them", async () => {
    const slug = POSTS.approval[key];
    const guest = {
      name: `Priya ${mode}`,
      email: `priya.${key}@example.org`,
    };
    const first = unique(`First comment from Priya ${mode}`);
    const second = unique(`Second comment from Priya ${mode}`);

    await open(page, slug);
    await submit(newForm(), { ...guest, body: first });
    expect(await messageOf(newForm(), /^Held for a moderator/)).toMatch(
      /^Held for a moderator because: first comment from a new guest\b/,
    );
    const held = moderator.find(first);
    expect(held?.state).toBe("pending");
    moderator.approve(held!.id);

    await submit(newForm(), { ...guest, body: second });
    expect(await messageOf(newForm(), /^Published\./)).toMatch(/^Published\./);
    expect(
      await newForm()
        .locator(".form-message a", { hasText: "See your comment" })
        .getAttribute("href"),
    ).toBe("#comment-2");
    expect(moderator.find(second)).toMatchObject({
      state: "published",
      number: 2,
    });

    // Another reader sees both, numbered in publishing order.
    const other = await openAsReader(slug);
    try {
      expect(await textOf(other.locator("#comments-title"))).toMatch(
        countOf(2),
      );
      const items = other.locator("ol.thread > li.comment");
      expect(
        await items.evaluateAll((nodes) => nodes.map((node) => node.id)),
      ).toEqual(["comment-1", "comment-2"]);
      for (const [number, body] of [
        [1, first],
        [2, second],
      ] as const) {
        const item = other.locator(`li#comment-${number}`);
        expect(await textOf(item.locator(".comment-body"))).toBe(body);
        expect(await textOf(item.locator(".comment-author"))).toBe(guest.name);
        const permalink = item.locator("a.permalink");
        expect(await textOf(permalink)).toBe(`#${number}`);
        expect(await permalink.getAttribute("href")).toBe(`#comment-${number}`);
        expect(await item.locator(".pending-note").count()).toBe(0);
      }
    } finally {
      await other.close();
    }

    expect(problems.list()).toEqual([]);
  });

  test("a reply is posted from its parent's Reply link and nests under it", async () => {
    const slug = POSTS.reply[key];
    const guest = { name: `Tom ${mode}`, email: `tom.${key}@example.org` };
    const parentBody = unique(`Has anyone else seen the van ${mode}?`);
    const replyBody = unique(`Yes, on Sidings Road ${mode}`);

    // The parent: held as the guest's first comment, then approved.
    await open(page, slug);
    await submit(newForm(), { ...guest, body: parentBody });
    await messageOf(newForm(), /^Held for a moderator/);
    const parent = moderator.find(parentBody)!;
    moderator.approve(parent.id);

    await open(page, slug);
    const parentItem = page.locator("li#comment-1");
    expect(await textOf(parentItem.locator(".comment-body"))).toBe(parentBody);
    await parentItem.getByRole("link", { name: /^Reply to / }).click();
    await page.waitForURL(
      (url) => url.searchParams.get("replyTo") === String(parent.id),
      WAIT,
    );
    const replyForm = parentItem.locator(`form#reply-${parent.id}`);
    await replyForm.waitFor(WAIT);
    expect(await textOf(replyForm.locator("h3"))).toBe("Your reply");

    await submit(replyForm, { ...guest, body: replyBody });
    // The reply form closes; its answer stands where it was.
    await replyForm.waitFor({ state: "detached", ...WAIT });
    expect(
      await messageOf(parentItem.locator(":scope > article"), /^Published\./),
    ).toMatch(/^Published\./);
    expect(moderator.find(replyBody)).toMatchObject({
      state: "published",
      number: 2,
      parentId: parent.id,
    });

    await open(page, slug);
    const nested = page.locator(
      "li#comment-1 > details.replies > ol.thread > li#comment-2",
    );
    await nested.waitFor(WAIT);
    expect(await textOf(nested.locator(".comment-body"))).toBe(replyBody);
    expect(
      await textOf(page.locator("#comment-1 details.replies > summary")),
    ).toBe("1 reply");
    // Only the parent sits at the top level.
    expect(
      await page
        .locator("#comments > ol.thread > li.comment")
        .evaluateAll((nodes) => nodes.map((node) => node.id)),
    ).toEqual(["comment-1"]);

    expect(problems.list()).toEqual([]);
  });

  test("a refused comment keeps what was typed and says what is wrong beside it", async () => {
    // A comment too long for the policy cannot be typed any more (the field's maxLength is the
    // policy's), so the refusal here is for a blocked word.
    const name = `Casino fan ${mode}`;
    const body = `${unique(`Refused ${mode}`)} visit my casino today`;

    await open(page, POSTS.refused);
    await submit(newForm(), { name, body });
    const message = await messageOf(newForm(), /^Not accepted because:/);
    expect(message).toBe(
      "Not accepted because: it contains words that are not allowed on this board.",
    );
    expect(await newForm().locator(".form-message").getAttribute("role")).toBe(
      "alert",
    );

    const textarea = newForm().getByLabel("Comment", { exact: true });
    expect(await textarea.inputValue()).toBe(body);
    expect(await newForm().getByLabel("Name (optional)").inputValue()).toBe(
      name,
    );
    expect(await textarea.getAttribute("aria-invalid")).toBe("true");
    const error = newForm().locator(".field:has(textarea) .field-error");
    expect(await textOf(error)).toBe(
      "It contains words that are not allowed on this board.",
    );
    const errorId = await error.getAttribute("id");
    expect(errorId).toBeTruthy();
    expect(
      (await textarea.getAttribute("aria-describedby"))?.split(" "),
    ).toContain(errorId);

    // Nothing was stored.
    expect(moderator.find(body)).toBeUndefined();

    // Chromium reports the 422 answer itself; nothing else may go wrong.
    expect(problems.list().filter((line) => !isStatusLine(422)(line))).toEqual(
      [],
    );
  });

  test("Preview shows the rendered Markdown and posts nothing", async () => {
    const slug = POSTS.preview;
    const marker = unique(`preview-${key}`).replace(/\s+/g, "-");
    const body = `Just checking how this looks: **${marker}** and *slanted*.`;

    await open(page, slug);
    const countBefore = await textOf(page.locator("#comments-title"));
    await submit(newForm(), { name: `Previewer ${mode}`, body }, "Preview");

    const preview = newForm().locator("section.preview");
    await preview.waitFor(WAIT);
    if (!javaScriptEnabled) await page.waitForLoadState("load");
    expect(await textOf(preview.locator(".comment-body strong"))).toBe(marker);
    expect(await textOf(preview.locator(".comment-body em"))).toBe("slanted");
    expect(await preview.locator(".comment-body").innerHTML()).not.toContain(
      "**",
    );
    // The text stays in the form, ready to post, and nothing says it was posted.
    expect(
      await newForm().getByLabel("Comment", { exact: true }).inputValue(),
    ).toBe(body);
    expect(await newForm().locator(".form-message").count()).toBe(0);

    expect(moderator.find(body)).toBeUndefined();
    const other = await openAsReader(slug);
    try {
      expect(await textOf(other.locator("#comments-title"))).toBe(countBefore);
      expect(await other.getByText(marker).count()).toBe(0);
    } finally {
      await other.close();
    }

    expect(problems.list()).toEqual([]);
  });

  test("a post with comments closed says so and has no form", async () => {
    await open(page, POSTS.closed);
    // The notice may go on (a sign-in link, say); it starts by saying why there is no form.
    expect(await textOf(page.locator("#comments .closed-notice"))).toMatch(
      /^Comments are closed on this post\./,
    );
    expect(await page.locator("form.comment-form").count()).toBe(0);
    expect(
      await page.getByRole("button", { name: "Post comment" }).count(),
    ).toBe(0);
    expect(await page.locator(".reply-link").count()).toBe(0);

    expect(problems.list()).toEqual([]);
  });
});

describe("commenting with JavaScript, in place", () => {
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    browser = await launchBrowser({ javaScriptEnabled: true });
  });

  afterAll(async () => {
    await browser?.close();
  });

  test("posting does not reload the page, and the new comment appears in the thread", async () => {
    const slug = POSTS.inPlace;
    const guest = { name: "Ana in place", email: "ana.inplace@example.org" };
    const first = unique("Ana's first comment, posted in place");
    const second = unique("Ana's second comment, posted in place");

    const page = await browser.context.newPage();
    const problems = recordPageProblems(page);
    try {
      const response = await page.goto(`${server.url}/posts/${slug}`);
      expect(response?.status()).toBe(200);
      await waitForHydration(page);
      await page.evaluate(() => {
        (window as unknown as { __marker?: number }).__marker = 1;
      });
      const readMarker = () =>
        page.evaluate(
          () => (window as unknown as { __marker?: number }).__marker,
        );

      const form = page.locator("form#new");
      const body = form.getByLabel("Comment", { exact: true });
      const fill = async (text: string) => {
        await form.getByLabel("Name (optional)").fill(guest.name);
        await form
          .getByLabel("Email (optional, never shown)")
          .fill(guest.email);
        await body.fill(text);
        await form.getByRole("button", { name: "Post comment" }).click();
      };

      // Held: the page stays, and the author's own pending comment shows up in the thread.
      await fill(first);
      await form
        .locator(".form-message", { hasText: /^Held for a moderator/ })
        .waitFor(WAIT);
      expect(await readMarker()).toBe(1);
      await page
        .locator("li.comment.pending", { hasText: first })
        .waitFor(WAIT);
      await expect.poll(() => body.inputValue(), WAIT).toBe("");

      moderator.approve(moderator.find(first)!.id);

      // Published: the page still stays, and the thread shows the new, numbered comment.
      await fill(second);
      await form
        .locator(".form-message", { hasText: /^Published\./ })
        .waitFor(WAIT);
      expect(await readMarker()).toBe(1);
      const published = page.locator("li#comment-2", { hasText: second });
      await published.waitFor(WAIT);
      expect(await textOf(published.locator("a.permalink"))).toBe("#2");
      await page.locator("li#comment-1", { hasText: first }).waitFor(WAIT);
      await page
        .locator("#comments-title", { hasText: countOf(2) })
        .waitFor(WAIT);
      await expect.poll(() => body.inputValue(), WAIT).toBe("");
      expect(await readMarker()).toBe(1);

      // Reply opens its form in place too: a client-side navigation, not a page load.
      await published.getByRole("link", { name: /^Reply to / }).click();
      await page.waitForURL((url) => url.searchParams.has("replyTo"), WAIT);
      await published
        .locator("form.comment-form h3", { hasText: "Your reply" })
        .waitFor(WAIT);
      expect(await readMarker()).toBe(1);

      expect(problems.list()).toEqual([]);
    } finally {
      problems.dispose();
      await page.close();
    }
  });
});

describe("a comment posted from another site", () => {
  test("is refused with 403 before it reaches the page", async () => {
    const slug = POSTS.crossSite;
    const body = unique("Posted from evil.example");
    const post = (headers: Record<string, string>, text: string) =>
      fetch(`${server.url}/posts/${slug}`, {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          ...headers,
        },
        body: new URLSearchParams({ intent: "comment", body: text }).toString(),
        redirect: "manual",
      });

    const refused = await post({ Origin: "http://evil.example" }, body);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toBe(
      "This form was sent from another site, so it was not accepted.",
    );
    expect(moderator.find(body)).toBeUndefined();

    // Without Origin, a browser's Sec-Fetch-Site still gives a cross-site form away.
    const stripped = await post({ "Sec-Fetch-Site": "cross-site" }, body);
    expect(stripped.status).toBe(403);
    await stripped.body?.cancel();
    expect(moderator.find(body)).toBeUndefined();

    // The same form from the site itself is taken (and, being anonymous, held).
    const sameSite = await post({ Origin: server.url }, `${body} (same site)`);
    expect(sameSite.status).toBe(200);
    await sameSite.body?.cancel();
    expect(moderator.find(`${body} (same site)`)?.state).toBe("pending");
  });
});

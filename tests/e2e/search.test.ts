// Search in a real Chromium, once with JavaScript and once without: the header box and the
// /search form are plain GET forms, results link to posts and comments, matches are marked, and
// whatever is typed the page answers with results or "Nothing found", never an error.
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
import { startServer, type RunningServer } from "../helpers/server";

const WAIT = { timeout: 15_000 };

/** Enough "scam" posts for two pages of results (10 a page). */
const SCAM_POSTS = 11;

function postText(fields: {
  title: string;
  date: string;
  summary: string;
  tags: string;
  area: string;
  body: string;
}): string {
  return [
    "---",
    `title: "${fields.title}"`,
    `date: ${fields.date}`,
    "author: Margaret Okafor",
    `summary: "${fields.summary}"`,
    `tags: ${fields.tags}`,
    `area: ${fields.area}`,
    "---",
    "",
    fields.body,
    "",
  ].join("\n");
}

const POSTS: Record<string, Parameters<typeof postText>[0]> = {
  "bike-marking": {
    title: "Bike marking at the station",
    date: "2026-06-01",
    summary: "Bring your frame number.",
    tags: "[bikes]",
    area: "Station Quarter",
    body: "Officers engrave **frames** for free on Saturday.",
  },
  "shed-security": {
    title: "Shed security",
    date: "2026-06-02",
    summary: "Padlocks and hinges.",
    tags: "[home security]",
    area: "South Vale",
    body: "Keep your bike chained inside the shed & out of sight.",
  },
};

let contentDir: string;
let server: RunningServer;

beforeAll(async () => {
  contentDir = mkdtempSync(join(tmpdir(), "lookout-e2e-search-"));
  mkdirSync(join(contentDir, "posts"));
  for (const [slug, fields] of Object.entries(POSTS)) {
    writeFileSync(join(contentDir, "posts", `${slug}.md`), postText(fields));
  }
  for (let index = 1; index <= SCAM_POSTS; index += 1) {
    writeFileSync(
      join(contentDir, "posts", `scam-${index}.md`),
      postText({
        title: `Scam warning ${index}`,
        date: `2026-01-${String(index).padStart(2, "0")}`,
        summary: "A caller pretends to be the bank.",
        tags: "[scams]",
        area: "North Vale",
        body: "Hang up and call back on a number you trust.",
      }),
    );
  }
  server = await startServer({ contentDir });

  // A published comment, written straight to the database as another process would: the
  // triggers queue it, and the server's next search indexes it.
  const database = new Database(server.databasePath);
  try {
    const post = database
      .prepare("select id from posts where slug = 'shed-security'")
      .get() as { id: number };
    const now = Date.now();
    database
      .prepare(
        `insert into comments (post_id, number, state, poster_class, author_name, address_key,
           body_markdown, body_html, reasons, created_at, published_at, updated_at)
         values (?, 1, 'published', 'named', 'Ann', 'e2e', ?, ?, '[]', ?, ?, ?)`,
      )
      .run(
        post.id,
        "A ground anchor from the hardware shop <works>.",
        "<p>A ground anchor from the hardware shop &lt;works&gt;.</p>\n",
        now,
        now,
        now,
      );
    database
      .prepare("update posts set published_comment_count = 1 where id = ?")
      .run(post.id);
  } finally {
    database.close();
  }
});

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => {
    console.log(`server output:\n${server?.logs().slice(-4000)}`);
  });
});

afterAll(async () => {
  await server?.stop();
  rmSync(contentDir, { recursive: true, force: true });
});

async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? "").replace(/\s+/g, " ").trim();
}

describe.each([
  { javaScriptEnabled: true, mode: "with JavaScript" },
  { javaScriptEnabled: false, mode: "without JavaScript" },
])("searching $mode", ({ javaScriptEnabled }) => {
  let page: Page;
  let problems: PageProblems;
  withPagePerTest({ javaScriptEnabled }, (opened) => {
    ({ page, problems } = opened);
  });

  async function open(path: string) {
    const response = await page.goto(server.url + path);
    if (javaScriptEnabled) await waitForHydration(page);
    return response;
  }

  /** Sets a global that only survives if the next navigations are client-side. */
  async function setMarker() {
    await page.evaluate(() => {
      (window as unknown as { __marker?: number }).__marker = 1;
    });
  }

  async function expectClientSide() {
    const marker = await page.evaluate(
      () => (window as unknown as { __marker?: number }).__marker,
    );
    expect(marker).toBe(javaScriptEnabled ? 1 : undefined);
  }

  const headerBox = () => page.locator("header form[role=search]");
  const pageForm = () => page.locator("main form[role=search]");
  const results = () => page.locator(".search-results > li");

  /** Types into the header box and submits it, then waits for the results page. */
  async function searchFromHeader(text: string) {
    await headerBox().getByLabel("Search posts and comments").fill(text);
    await headerBox().getByRole("button", { name: "Search" }).click();
    await page.waitForURL(
      (url) => url.pathname === "/search" && url.searchParams.get("q") === text,
      WAIT,
    );
    await page.locator("h1", { hasText: "Search" }).waitFor(WAIT);
  }

  test("from the header box: ranked, marked results that lead to the post", async () => {
    await open("/");
    await setMarker();
    await searchFromHeader("bike");
    await expectClientSide();
    expect(await page.title()).toMatch(/^Search: bike — /);

    expect(await textOf(page.locator("#search-results-title"))).toBe(
      "2 results for “bike”",
    );
    // The title match ranks above the body match; both are marked.
    expect(await results().locator("h3").allTextContents()).toEqual([
      "Bike marking at the station",
      "Shed security",
    ]);
    expect(await textOf(results().nth(0).locator("h3 mark"))).toBe("Bike");
    expect(await textOf(results().nth(1).locator(".snippet mark"))).toBe(
      "bike",
    );
    expect(await textOf(results().nth(1).locator(".snippet"))).toBe(
      "Keep your bike chained inside the shed & out of sight.",
    );
    expect(await textOf(results().nth(0).locator(".result-kind"))).toBe("Post");
    // The form on the page says what was searched.
    expect(
      await pageForm().getByLabel("Search posts and comments").inputValue(),
    ).toBe("bike");

    await results().nth(0).locator("h3 a").click();
    await page.waitForURL(
      (url) => url.pathname === "/posts/bike-marking",
      WAIT,
    );
    await page
      .locator("h1", { hasText: "Bike marking at the station" })
      .waitFor(WAIT);
    await expectClientSide();
    expect(problems.list()).toEqual([]);
  });

  test("finds a published comment and links to its place in the discussion", async () => {
    await open("/");
    await searchFromHeader("hardware");
    expect(await results().count()).toBe(1);
    const result = results().first();
    expect(await textOf(result.locator(".result-kind"))).toBe("Comment");
    expect(await textOf(result.locator("h3"))).toBe(
      "Comment 1 on “Shed security”",
    );
    // Typed markup shows as text, and only the match is marked.
    expect(await textOf(result.locator(".snippet"))).toBe(
      "A ground anchor from the hardware shop <works>.",
    );
    expect(await result.locator(".snippet *").count()).toBe(1);
    // The comment's lasting address, which sends the reader to the page of the discussion showing it.
    expect(await result.locator("h3 a").getAttribute("href")).toBe(
      "/posts/shed-security/comments/1",
    );
    await result.locator("h3 a").click();
    await page.waitForURL(
      (url) =>
        url.pathname === "/posts/shed-security" && url.hash === "#comment-1",
      WAIT,
    );
    expect(problems.list()).toEqual([]);
  });

  test("filters by tag and area, and pages through many results", async () => {
    await open("/search?q=bike");
    await setMarker();
    await pageForm().getByLabel("Area").selectOption({ label: "South Vale" });
    await pageForm().getByRole("button", { name: "Search" }).click();
    await page.waitForURL(
      (url) => url.searchParams.get("area") === "south-vale",
      WAIT,
    );
    await page
      .locator("#search-results-title", { hasText: "1 result" })
      .waitFor(WAIT);
    expect(await results().locator("h3").allTextContents()).toEqual([
      "Shed security",
    ]);
    expect(await pageForm().getByLabel("Area").inputValue()).toBe("south-vale");

    await pageForm().getByLabel("Search posts and comments").fill("scam");
    await pageForm().getByLabel("Area").selectOption("");
    await pageForm().getByLabel("Tag").selectOption({ label: "scams" });
    await pageForm().getByRole("button", { name: "Search" }).click();
    await page
      .locator("#search-results-title", {
        hasText: `${SCAM_POSTS} results for “scam”`,
      })
      .waitFor(WAIT);
    expect(await results().count()).toBe(10);
    expect(await textOf(page.locator(".pagination"))).toContain("Page 1 of 2");

    await page.getByRole("link", { name: "More results →" }).click();
    await page.waitForURL((url) => url.searchParams.get("page") === "2", WAIT);
    await page.locator(".pagination", { hasText: "Page 2 of 2" }).waitFor(WAIT);
    expect(await results().count()).toBe(SCAM_POSTS - 10);
    expect(new URL(page.url()).searchParams.get("tag")).toBe("scams");
    await expectClientSide();
    expect(problems.list()).toEqual([]);
  });

  test("says when nothing is found, and shows just the form for an empty search", async () => {
    await open("/search");
    expect(await pageForm().count()).toBe(1);
    expect(await results().count()).toBe(0);
    expect(await page.locator(".search-nothing").count()).toBe(0);

    for (const text of ["zebra crossing", "?!", '"zebra* OR (', "NOT"]) {
      await searchFromHeader(text);
      expect(await textOf(page.locator(".search-nothing > p").first())).toBe(
        `Nothing found for “${text}”.`,
      );
      // And what to try instead: the tags to browse.
      expect(
        await page.locator('.search-nothing a[href^="/tags/"]').count(),
      ).toBeGreaterThan(0);
      expect(await results().count()).toBe(0);
    }

    const response = await page.goto(
      `${server.url}/search?q=${encodeURIComponent('bike* ^"(')}&tag=no-such-tag&page=1`,
    );
    expect(response?.status()).toBe(200);
    expect(await textOf(page.locator("#search-results-title"))).toBe(
      '2 results for “bike* ^"(”',
    );
    expect(problems.list()).toEqual([]);
  });
});

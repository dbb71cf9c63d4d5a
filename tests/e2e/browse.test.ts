// Browses the built site in a real Chromium, once with JavaScript and once without: every page
// must work as plain HTML, and with JavaScript the same clicks must stay client-side.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { parse as parseYaml } from "yaml";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  launchBrowser,
  recordPageProblems,
  waitForHydration,
  type LaunchedBrowser,
  type PageProblems,
  withPagePerTest,
} from "../helpers/browser";
import { MAX_MARKDOWN_NESTING } from "~/platform/markdown.server";
import { REPO_ROOT, startServer, type RunningServer } from "../helpers/server";

const SAMPLE_POSTS_DIR = join(REPO_ROOT, "content/posts");
const WAIT = { timeout: 15_000 };

type SamplePost = { slug: string; title: string; date: string };

/** The sample posts' slugs, titles and dates, read straight from their front matter. */
function readSamplePosts(): SamplePost[] {
  return readdirSync(SAMPLE_POSTS_DIR)
    .filter((name) => name.endsWith(".md"))
    .map((name) => {
      const text = readFileSync(join(SAMPLE_POSTS_DIR, name), "utf8");
      const field = (key: string) => {
        const match = new RegExp(`^${key}:\\s*"?(.*?)"?\\s*$`, "m").exec(text);
        if (!match?.[1]) throw new Error(`${name} has no ${key}`);
        return match[1];
      };
      return {
        slug: name.replace(/\.md$/, ""),
        title: field("title"),
        date: field("date"),
      };
    });
}

/** The site's name and page size: content/site.yml may override the defaults. */
function readSiteSettings(): { name: string; postsPerPage: number } {
  const path = join(REPO_ROOT, "content/site.yml");
  const settings = existsSync(path)
    ? (parseYaml(readFileSync(path, "utf8")) as Record<string, unknown> | null)
    : null;
  return {
    name: typeof settings?.name === "string" ? settings.name.trim() : "Lookout",
    postsPerPage:
      typeof settings?.postsPerPage === "number" ? settings.postsPerPage : 10,
  };
}

const SITE = readSiteSettings();

// Newest first; posts of one day come in reverse file order, as a fresh database numbers them.
const SAMPLE_POSTS = readSamplePosts().sort(
  (a, b) => b.date.localeCompare(a.date) || b.slug.localeCompare(a.slug),
);
const NEWEST = SAMPLE_POSTS[0]!;

const longDate = new Intl.DateTimeFormat("en-GB", {
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});
const formatLongDate = (isoDate: string) =>
  longDate.format(new Date(`${isoDate}T00:00:00Z`));

/** A post whose front matter gives it tags and an area to click through. */
const BIKE_POST = {
  slug: "mark-and-register-your-bike",
  title: "Mark and register your bike in Station Quarter",
  dateHeading: "Thursday, 9 July 2026",
  tag: "bikes",
  area: "Station Quarter",
  areaSlug: "station-quarter",
};

/** Text that would only be on a page that leaked an exception. */
const STACK_TRACE = /^\s*at \S.*(:\d+:\d+|\(native\))|\bError:/m;

async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? "").replace(/\s+/g, " ").trim();
}

/** Clicks a link and waits until the browser is at `path` and `ready` is on the page. */
async function follow(
  page: Page,
  link: Locator,
  path: string | RegExp,
  ready: Locator,
): Promise<void> {
  await link.click();
  await page.waitForURL(
    typeof path === "string" ? (url) => url.pathname === path : path,
    WAIT,
  );
  await ready.waitFor(WAIT);
}

/** Sets a global that only survives if the next navigation is client-side. */
async function setMarker(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __marker?: number }).__marker = 1;
  });
}

async function readMarker(page: Page): Promise<number | undefined> {
  return page.evaluate(
    () => (window as unknown as { __marker?: number }).__marker,
  );
}

let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.stop();
});

describe.each([
  { javaScriptEnabled: true, mode: "with JavaScript" },
  { javaScriptEnabled: false, mode: "without JavaScript" },
])("browsing $mode", ({ javaScriptEnabled }) => {
  let page: Page;
  let problems: PageProblems;
  withPagePerTest({ javaScriptEnabled }, (opened) => {
    ({ page, problems } = opened);
  });

  /** Opens a page by address, as a reader arriving from elsewhere would. */
  async function open(path: string) {
    const response = await page.goto(server.url + path);
    if (javaScriptEnabled) await waitForHydration(page);
    return response;
  }

  /** Runs after each click: with JavaScript the page must not have been reloaded. */
  async function expectClientSide() {
    if (javaScriptEnabled) expect(await readMarker(page)).toBe(1);
    else expect(await readMarker(page)).toBeUndefined();
  }

  test("the home page lists posts under their dates, newest first", async () => {
    const response = await open("/");
    expect(response?.status()).toBe(200);

    expect(await textOf(page.locator(".site-header .site-name"))).toBe(
      SITE.name,
    );
    const notice = await textOf(page.locator(".site-header .notice"));
    expect(notice).toContain("999");
    expect(notice).toContain("101");
    expect(await textOf(page.locator("h1"))).toBe("Latest updates");

    // One heading per date, newest first, written out in full.
    const headings = page.locator(".post-list .date-heading");
    const dates = await headings
      .locator("time")
      .evaluateAll((times) =>
        times.map((time) => time.getAttribute("datetime") ?? ""),
      );
    const firstPage = SAMPLE_POSTS.slice(0, SITE.postsPerPage);
    const sampleDates = [...new Set(firstPage.map((post) => post.date))];
    expect(dates).toEqual(sampleDates);
    expect(await textOf(headings.first())).toBe(formatLongDate(NEWEST.date));
    expect(
      await textOf(
        page.locator(`.date-heading:has(time[datetime="2026-07-09"])`),
      ),
    ).toBe(BIKE_POST.dateHeading);

    // Each post sits under its own date, in the same newest-first order.
    const cards = page.locator(".date-group .post-card h3 a");
    expect(await cards.allTextContents()).toEqual(
      firstPage.map((post) => post.title),
    );
    const bikeGroup = page.locator(".date-group", {
      has: page.locator(`time[datetime="2026-07-09"]`),
    });
    expect(await textOf(bikeGroup.locator(".post-card h3"))).toBe(
      BIKE_POST.title,
    );

    // A fresh site has no comments yet, and every card says so.
    const commentLinks = page.locator(".post-card .meta a[href$='#comments']");
    expect(await commentLinks.count()).toBe(firstPage.length);
    expect(await textOf(commentLinks.first())).toBe("0 comments");

    expect(problems.list()).toEqual([]);
  });

  test("a reader clicks through to a post, one of its tags and an area", async () => {
    await open("/");
    await setMarker(page);

    // Home → post.
    await follow(
      page,
      page.locator(".post-card h3 a", { hasText: BIKE_POST.title }),
      `/posts/${BIKE_POST.slug}`,
      page.locator("h1#post-title", { hasText: BIKE_POST.title }),
    );
    await expectClientSide();
    expect(await textOf(page.locator("h1"))).toBe(BIKE_POST.title);
    expect(await textOf(page.locator("article.post .meta time"))).toBe(
      BIKE_POST.dateHeading,
    );
    // The Markdown body is rendered, with ids on its headings for linking.
    const bodyHeading = page.locator(".prose h2[id]").first();
    expect(await bodyHeading.getAttribute("id")).toMatch(/^[a-z0-9-]+$/);
    expect(await page.locator(".prose p").count()).toBeGreaterThan(0);
    expect(await textOf(page.locator("#comments-title"))).toBe("0 comments");

    // Post → tag page, which lists the post.
    await follow(
      page,
      page.locator("article.post .tags a", { hasText: BIKE_POST.tag }),
      `/tags/${BIKE_POST.tag}`,
      page.locator("h1", { hasText: `Tagged “${BIKE_POST.tag}”` }),
    );
    await expectClientSide();
    expect(
      await page
        .locator(".post-card h3 a", { hasText: BIKE_POST.title })
        .count(),
    ).toBe(1);

    // Tag page → area page, from the post's card.
    const card = page.locator(".post-card", { hasText: BIKE_POST.title });
    await follow(
      page,
      card.locator(".meta a", { hasText: BIKE_POST.area }),
      `/areas/${BIKE_POST.areaSlug}`,
      page.locator("h1", { hasText: BIKE_POST.area }),
    );
    await expectClientSide();
    expect(await textOf(page.locator("h1"))).toBe(BIKE_POST.area);
    expect(await textOf(page.locator(".lead"))).toMatch(
      /^\d+ posts? about this area$/,
    );
    expect(
      await page
        .locator(".post-card h3 a", { hasText: BIKE_POST.title })
        .count(),
    ).toBe(1);

    expect(problems.list()).toEqual([]);
  });

  test("the archive links to a month page that lists that month's posts", async () => {
    const month = NEWEST.date.slice(0, 7);
    const inMonth = SAMPLE_POSTS.filter((post) => post.date.startsWith(month));
    const monthName = new Intl.DateTimeFormat("en-GB", {
      month: "long",
      year: "numeric",
      timeZone: "UTC",
    }).format(new Date(`${month}-01T00:00:00Z`));

    await open("/");
    await setMarker(page);
    await follow(
      page,
      page.getByRole("navigation", { name: "Site" }).getByRole("link", {
        name: "Archive",
      }),
      "/archive",
      page.locator("h1", { hasText: "Archive" }),
    );
    await expectClientSide();

    await follow(
      page,
      page.locator("#by-month + ul a").first(),
      `/archive/${month.replace("-", "/")}`,
      page.locator("h1", { hasText: `Posts from ${monthName}` }),
    );
    await expectClientSide();
    expect(await textOf(page.locator(".lead"))).toBe(
      inMonth.length === 1 ? "1 post" : `${inMonth.length} posts`,
    );
    expect(await page.locator(".post-card h3 a").allTextContents()).toEqual(
      inMonth.map((post) => post.title),
    );

    expect(problems.list()).toEqual([]);
  });

  test("an unknown post is a 404 page without a stack trace", async () => {
    const response = await open("/posts/no-such-post");
    expect(response?.status()).toBe(404);
    expect(await textOf(page.locator("h1"))).toBe("Page not found");
    expect(await page.locator("main").innerText()).toContain(
      "There is no post at this address.",
    );
    expect(await page.locator("body").innerText()).not.toMatch(STACK_TRACE);
    expect(await page.content()).not.toMatch(STACK_TRACE);

    // Chromium reports the 404 response itself; nothing else may go wrong.
    expect(
      problems
        .list()
        .filter(
          (line) =>
            !/^console error: Failed to load resource: the server responded with a status of 404/.test(
              line,
            ),
        ),
    ).toEqual([]);
  });
});

const DEEP_POST_TITLE = "A post nested too deep";

describe("a malformed content file", () => {
  let contentDir: string;
  let brokenServer: RunningServer | undefined;
  let browser: LaunchedBrowser;
  const goodPosts = [BIKE_POST.slug, "phone-and-courier-scams"].map((slug) => {
    const post = SAMPLE_POSTS.find((candidate) => candidate.slug === slug);
    if (!post) throw new Error(`no sample post ${slug}`);
    return post;
  });

  beforeAll(async () => {
    contentDir = mkdtempSync(join(tmpdir(), "lookout-e2e-content-"));
    mkdirSync(join(contentDir, "posts"));
    for (const post of goodPosts) {
      copyFileSync(
        join(SAMPLE_POSTS_DIR, `${post.slug}.md`),
        join(contentDir, "posts", `${post.slug}.md`),
      );
    }
    // Line 3 has a date that does not exist.
    writeFileSync(
      join(contentDir, "posts/broken.md"),
      [
        "---",
        'title: "A post with a bad date"',
        "date: 2026-02-30",
        "author: Margaret Okafor",
        'summary: "This one should be reported, not published."',
        "---",
        "",
        "Some words.",
        "",
      ].join("\n"),
    );
    // Each of these once stopped the sync, and with it the server's start.
    writeFileSync(
      join(contentDir, "posts/alias-bomb.md"),
      [
        "---",
        'title: "Billion laughs"',
        "date: 2026-03-01",
        "author: Margaret Okafor",
        'summary: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        "tags: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
        "area: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
        "slug: [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
        "---",
        "",
      ].join("\n"),
    );
    mkdirSync(join(contentDir, "posts/a-folder.md"));
    writeFileSync(
      join(contentDir, "posts/deeply-nested.md"),
      [
        "---",
        `title: "${DEEP_POST_TITLE}"`,
        "date: 2024-01-02",
        "author: Margaret Okafor",
        'summary: "Quoted 1,800 times over."',
        "---",
        `${">".repeat(1800)} the innermost words`,
        "",
      ].join("\n"),
    );
    brokenServer = await startServer({ contentDir });
    browser = await launchBrowser({ javaScriptEnabled: true });
  });

  afterAll(async () => {
    await browser?.close();
    await brokenServer?.stop();
    rmSync(contentDir, { recursive: true, force: true });
  });

  test("is reported with its line, and the good posts are still served", async () => {
    expect(brokenServer!.logs()).toMatch(/posts\/broken\.md:3\b/);
    expect(brokenServer!.logs()).toMatch(/posts\/alias-bomb\.md:6: .*alias/);
    expect(brokenServer!.logs()).toMatch(/posts\/a-folder\.md:1: .*folder/);

    const page = await browser.context.newPage();
    const problems = recordPageProblems(page);
    try {
      const response = await page.goto(brokenServer!.url + "/");
      expect(response?.status()).toBe(200);
      await waitForHydration(page);
      const expected = [
        ...[...goodPosts]
          .sort((a, b) => b.date.localeCompare(a.date))
          .map((post) => post.title),
        DEEP_POST_TITLE,
      ];
      expect(await page.locator(".post-card h3 a").allTextContents()).toEqual(
        expected,
      );
      expect(problems.list()).toEqual([]);
    } finally {
      problems.dispose();
      await page.close();
    }
  });

  test("nested deeper than Markdown allows, is published flattened", async () => {
    const response = await fetch(`${brokenServer!.url}/posts/deeply-nested`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("the innermost words");
    expect(html.split("<blockquote>").length - 1).toBe(MAX_MARKDOWN_NESTING);
  });
});

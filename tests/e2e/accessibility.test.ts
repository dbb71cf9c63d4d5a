// Accessibility and layout checks in a real Chromium: axe-core finds no violations on the main
// pages in light and dark colour schemes, the main pages do not scroll sideways on a 360 px wide
// phone, and the README's screenshots are taken from the same pages.
// Screenshots go to docs/screenshots only with UPDATE_SCREENSHOTS=1, otherwise to tests/.output.
import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { AxeResults } from "axe-core";
import Database from "better-sqlite3";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  launchBrowser,
  recordPageProblems,
  waitForHydration,
  type LaunchedBrowser,
} from "../helpers/browser";
import {
  REPO_ROOT,
  setModerationPolicy,
  startServer,
  type RunningServer,
} from "../helpers/server";

const WAIT = { timeout: 15_000 };
const TEST_TIMEOUT_MS = 120_000;
const AXE_PATH = join(REPO_ROOT, "node_modules/axe-core/axe.min.js");
const SCREENSHOT_DIR =
  process.env.UPDATE_SCREENSHOTS === "1"
    ? join(REPO_ROOT, "docs/screenshots")
    : join(REPO_ROOT, "tests/.output/screenshots");

const ADMIN = {
  email: "a11y-admin@example.org",
  name: "Ada Admin",
  password: "a long admin password for the accessibility tests",
};

/** The post that gets a published thread, and the one whose comments wait in the queue. */
const THREAD_POST = "/posts/phone-and-courier-scams";
const HELD_POST = "/posts/mark-and-register-your-bike";

const SCHEMES = ["light", "dark"] as const;
type Scheme = (typeof SCHEMES)[number];

let server: RunningServer;
let reader: LaunchedBrowser;
let moderator: LaunchedBrowser;

const setPolicy = (policy: Record<string, unknown>) =>
  setModerationPolicy(server.databasePath, policy);

async function postComment(
  path: string,
  fields: { name: string; body: string; parentId?: string },
) {
  const response = await fetch(server.url + path, {
    method: "POST",
    headers: {
      Origin: server.url,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ intent: "comment", parentId: "", ...fields }),
    redirect: "manual",
  });
  expect(response.status).toBeLessThan(400);
}

/** The id of the newest comment with this body, straight from the server's database. */
function commentId(body: string): string {
  const database = new Database(server.databasePath, { readonly: true });
  const row = database
    .prepare(
      `select id from comments where body_markdown = ? order by id desc limit 1`,
    )
    .get(body) as { id: number } | undefined;
  database.close();
  expect(row).toBeDefined();
  return String(row!.id);
}

/** A new tab in `browser` with the colour scheme and viewport set before the page loads. */
async function openPage(
  browser: LaunchedBrowser,
  path: string,
  options: {
    colorScheme?: Scheme;
    viewport?: { width: number; height: number };
  } = {},
): Promise<Page> {
  const page = await browser.context.newPage();
  if (options.viewport) await page.setViewportSize(options.viewport);
  await page.emulateMedia({ colorScheme: options.colorScheme ?? "light" });
  const response = await page.goto(server.url + path);
  expect(response?.status()).toBe(200);
  await waitForHydration(page);
  return page;
}

/** Runs axe-core on the page and returns its violations, described one per line. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async () => {
    const { axe } = window as unknown as {
      axe: { run(): Promise<AxeResults> };
    };
    const results = await axe.run();
    // A run that checked nothing would pass too: it must have passed some rules.
    if (results.passes.length === 0) throw new Error("axe-core ran no rules");
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? "unknown",
      help: violation.help,
      count: violation.nodes.length,
      targets: violation.nodes
        .slice(0, 3)
        .map((node) => node.target.map(String).join(" ")),
    }));
  });
  return violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help} — ${violation.count} node(s), e.g. ${violation.targets.join(" | ")}`,
  );
}

/** Signs the moderator's browser in through the sign-in form. */
async function signIn() {
  const page = await openPage(moderator, "/sign-in?redirectTo=%2Fmoderation");
  const form = page.locator("main form");
  await form.getByLabel("Email").fill(ADMIN.email);
  await form.getByLabel("Password").fill(ADMIN.password);
  await form.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === "/moderation", WAIT);
  await page
    .getByRole("navigation", { name: "Site" })
    .getByText(ADMIN.name)
    .waitFor(WAIT);
  await page.close();
}

beforeAll(async () => {
  server = await startServer();

  await promisify(execFile)(
    join(REPO_ROOT, "node_modules/.bin/tsx"),
    [
      "app/cli/create-admin.server.ts",
      "--email",
      ADMIN.email,
      "--name",
      ADMIN.name,
    ],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        ADMIN_PASSWORD: ADMIN.password,
        DATABASE_PATH: server.databasePath,
      },
    },
  );

  // A published thread: two comments and a reply.
  // Named guests are held until approved by default, so they are published here too.
  setPolicy({ floodLimit: 1000, anonymous: "publish", named: "publish" });
  const first =
    "Had one of these calls yesterday. They knew my bank's name, which made it sound real.";
  await postComment(THREAD_POST, { name: "Priya", body: first });
  await postComment(THREAD_POST, {
    name: "Tom",
    body: "Good reminder. I have put the bank's number on a sticky note by the phone.",
  });
  await postComment(THREAD_POST, {
    name: "Sam",
    body: "Same here. Hang up, wait five minutes, then ring the number on your card.",
    parentId: commentId(first),
  });

  // Held comments, so the moderation desk has a queue to show.
  setPolicy({ floodLimit: 1000 });
  await postComment(HELD_POST, {
    name: "Jo",
    body: "Does the marking kit work on carbon frames as well?",
  });
  await postComment(HELD_POST, {
    name: "",
    body: "Is the registration free, or is there a charge for each bike?",
  });

  // axe-core is injected as an inline script, which the site's Content-Security-Policy forbids.
  [reader, moderator] = await Promise.all([
    launchBrowser({ javaScriptEnabled: true, bypassCSP: true }),
    launchBrowser({ javaScriptEnabled: true, bypassCSP: true }),
  ]);
  await signIn();
});

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => {
    console.log(`server output:\n${server?.logs().slice(-4000)}`);
  });
});

afterAll(async () => {
  await Promise.all([reader?.close(), moderator?.close()]);
  await server?.stop();
});

const PAGES = [
  { name: "home", path: "/", as: "reader" },
  { name: "post with comments", path: THREAD_POST, as: "reader" },
  { name: "tag page", path: "/tags/burglary", as: "reader" },
  { name: "search", path: "/search?q=bike", as: "reader" },
  { name: "sign-in", path: "/sign-in", as: "reader" },
  { name: "moderation desk", path: "/moderation", as: "moderator" },
  // The queue narrowed to one post (any post: the line naming it shows either way).
  {
    name: "moderation queue of one post",
    path: "/moderation?post=1",
    as: "moderator",
  },
] as const;

const browserFor = (as: "reader" | "moderator") =>
  as === "reader" ? reader : moderator;

describe("axe-core", () => {
  describe.each(SCHEMES)("in the %s colour scheme", (colorScheme) => {
    it.each(PAGES)(
      "finds no violations on the $name page",
      { timeout: TEST_TIMEOUT_MS },
      async ({ path, as }) => {
        const page = await openPage(browserFor(as), path, { colorScheme });
        const problems = recordPageProblems(page);
        try {
          const violations = await axeViolations(page);
          if (violations.length > 0)
            console.log(`axe violations on ${path} (${colorScheme}):`);
          for (const line of violations) console.log(`  ${line}`);
          expect(violations).toEqual([]);
          expect(problems.list()).toEqual([]);
        } finally {
          problems.dispose();
          await page.close();
        }
      },
    );
  });
});

describe("a 360 px wide phone", () => {
  it.each([
    { name: "home", path: "/", as: "reader" },
    { name: "post", path: THREAD_POST, as: "reader" },
    { name: "moderation queue", path: "/moderation", as: "moderator" },
  ] as const)(
    "does not scroll the $name page sideways",
    { timeout: TEST_TIMEOUT_MS },
    async ({ path, as }) => {
      const page = await openPage(browserFor(as), path, {
        viewport: { width: 360, height: 740 },
      });
      try {
        const { scrollWidth, innerWidth } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: window.innerWidth,
        }));
        expect(innerWidth).toBe(360);
        if (scrollWidth > innerWidth) {
          // The innermost elements that reach past the right edge, to say what to fix.
          const wide = await page.evaluate(() =>
            [...document.querySelectorAll("body *")]
              .filter(
                (element) =>
                  element.getBoundingClientRect().right > window.innerWidth &&
                  ![...element.children].some(
                    (child) =>
                      child.getBoundingClientRect().right > window.innerWidth,
                  ),
              )
              .slice(0, 10)
              .map(
                (element) =>
                  `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ""}${[
                    ...element.classList,
                  ]
                    .map((name) => `.${name}`)
                    .join(
                      "",
                    )} (right edge ${Math.round(element.getBoundingClientRect().right)} px)`,
              ),
          );
          console.log(`too wide on ${path}:\n  ${wide.join("\n  ")}`);
        }
        expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
      } finally {
        await page.close();
      }
    },
  );
});

describe("screenshots for the README", () => {
  const SHOTS = [
    { name: "home", path: "/", as: "reader", fullPage: true },
    { name: "post", path: THREAD_POST, as: "reader", scrollTo: "#comments" },
    { name: "search", path: "/search?q=bike", as: "reader", fullPage: true },
    { name: "moderation", path: "/moderation", as: "moderator" },
  ] as const;

  beforeAll(() => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });

  describe.each(SCHEMES)("in the %s colour scheme", (colorScheme) => {
    it.each(SHOTS)(
      "takes one of the $name page",
      { timeout: TEST_TIMEOUT_MS },
      async (shot) => {
        const page = await openPage(browserFor(shot.as), shot.path, {
          colorScheme,
          viewport: { width: 1280, height: 900 },
        });
        try {
          if ("scrollTo" in shot) {
            await page.locator(shot.scrollTo).evaluate((element) => {
              element.scrollIntoView({ block: "start" });
            });
          }
          await page.evaluate(() => document.fonts.ready);
          const png = await page.screenshot({
            fullPage: "fullPage" in shot ? shot.fullPage : false,
            animations: "disabled",
            caret: "hide",
          });
          expect(png.length).toBeGreaterThan(0);
          writeFileSync(
            join(SCREENSHOT_DIR, `${shot.name}-${colorScheme}.png`),
            png,
          );
        } finally {
          await page.close();
        }
      },
    );
  });
});

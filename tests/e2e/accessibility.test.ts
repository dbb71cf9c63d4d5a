// Accessibility and layout checks in a real Chromium: axe-core finds no violations on the main
// pages in light and dark colour schemes, the main pages do not scroll sideways on a 360 px wide
// phone. The docs' screenshots of the same pages are taken by `npm run screenshots`.
import { join } from "node:path";
import type { AxeResults } from "axe-core";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  launchBrowser,
  recordPageProblems,
  waitForHydration,
  type LaunchedBrowser,
} from "../helpers/browser";
import { REPO_ROOT, startServer, type RunningServer } from "../helpers/server";
import { createAdmin } from "../helpers/admin";
import {
  seedSampleDiscussion,
  THREAD_POST,
} from "../helpers/sample-discussion";

const WAIT = { timeout: 15_000 };
const TEST_TIMEOUT_MS = 120_000;
const AXE_PATH = join(REPO_ROOT, "node_modules/axe-core/axe.min.js");
const ADMIN = {
  email: "a11y-admin@example.org",
  name: "Ada Admin",
  password: "a long admin password for the accessibility tests",
};

const SCHEMES = ["light", "dark"] as const;
type Scheme = (typeof SCHEMES)[number];

let server: RunningServer;
let reader: LaunchedBrowser;
let moderator: LaunchedBrowser;

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

  await createAdmin(server, ADMIN);

  await seedSampleDiscussion(server);

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

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  chromium,
  type BrowserContext,
  type ConsoleMessage,
  type Page,
} from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";

/** Debian's Chromium, or the one CHROMIUM_PATH names. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/**
 * Flags for a headless Chromium on a machine without a network beyond loopback: without the
 * background-networking ones it keeps trying to reach Google's services.
 */
export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export type LaunchedBrowser = {
  context: BrowserContext;
  /** Closes the browser and removes its profile folder. */
  close(): Promise<void>;
};

/**
 * Debian's Chromium, headless, with a throwaway profile. Playwright refuses --user-data-dir
 * in `args`, so the profile folder goes through launchPersistentContext instead.
 */
export async function launchBrowser({
  javaScriptEnabled,
  bypassCSP = false,
}: {
  javaScriptEnabled: boolean;
  /** Ignore the site's Content-Security-Policy, to test what the page itself would let run. */
  bypassCSP?: boolean;
}): Promise<LaunchedBrowser> {
  const profile = mkdtempSync(join(tmpdir(), "lookout-chromium-"));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      javaScriptEnabled,
      bypassCSP,
      viewport: { width: 1280, height: 900 },
      args: ["--headless", ...CHROMIUM_FLAGS],
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  return {
    context,
    async close() {
      try {
        await context.close();
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    },
  };
}

export type OpenedPage = { page: Page; problems: PageProblems };

/**
 * A browser for the tests of the calling describe block, and a new page for each of its tests,
 * with the page's problems recorded: `onEachPage` gets them before the test runs. Both are
 * closed afterwards.
 */
export function withPagePerTest(
  options: Parameters<typeof launchBrowser>[0],
  onEachPage: (opened: OpenedPage) => void | Promise<void>,
): void {
  let browser: LaunchedBrowser | undefined;
  let opened: OpenedPage | undefined;
  beforeAll(async () => {
    browser = await launchBrowser(options);
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    const page = await browser!.context.newPage();
    opened = { page, problems: recordPageProblems(page) };
    await onEachPage(opened);
  });
  afterEach(async () => {
    opened?.problems.dispose();
    await opened?.page.close();
  });
}

/**
 * With JavaScript on, resolves once React has hydrated the page: Remix's <ScrollRestoration>
 * switches history.scrollRestoration to "manual" in an effect, which runs after the commit.
 * Until then a click on a <Link> is an ordinary full page load.
 */
export async function waitForHydration(page: Page): Promise<void> {
  await page.waitForFunction(
    () => window.history.scrollRestoration === "manual",
    undefined,
    { timeout: 15_000 },
  );
}

export type PageProblems = {
  /** Uncaught exceptions and console errors seen so far, one line each. */
  list(): string[];
  /** Stops recording. */
  dispose(): void;
};

/** Records uncaught page errors and console.error messages, so a test can assert there were none. */
export function recordPageProblems(page: Page): PageProblems {
  const problems: string[] = [];
  const onPageError = (error: Error) => {
    problems.push(`page error: ${error.stack ?? error.message}`);
  };
  const onConsole = (message: ConsoleMessage) => {
    if (message.type() !== "error") return;
    const { url, lineNumber } = message.location();
    problems.push(
      `console error: ${message.text()}${url ? ` (${url}:${lineNumber})` : ""}`,
    );
  };
  page.on("pageerror", onPageError);
  page.on("console", onConsole);
  return {
    list: () => [...problems],
    dispose() {
      page.off("pageerror", onPageError);
      page.off("console", onConsole);
    },
  };
}

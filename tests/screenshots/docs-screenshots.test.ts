// The docs' screenshots (`npm run screenshots`), taken in a real Chromium from the built server
// with a sample discussion, each checked for what it must show before it is kept: the page it
// is of, at the size the docs expect, and a dark scheme that is darker than the light one.
// They go to docs/screenshots only with UPDATE_SCREENSHOTS=1, otherwise to tests/.output.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  launchBrowser,
  recordPageProblems,
  waitForHydration,
  type LaunchedBrowser,
} from "../helpers/browser";
import { createAdmin } from "../helpers/admin";
import {
  HELD_COMMENT,
  seedSampleDiscussion,
  THREAD_FIRST_COMMENT,
  THREAD_POST,
} from "../helpers/sample-discussion";
import { REPO_ROOT, startServer, type RunningServer } from "../helpers/server";

const WAIT = { timeout: 15_000 };
const VIEWPORT = { width: 1280, height: 900 };
const SCREENSHOT_DIR =
  process.env.UPDATE_SCREENSHOTS === "1"
    ? join(REPO_ROOT, "docs/screenshots")
    : join(REPO_ROOT, "tests/.output/screenshots");

const ADMIN = {
  email: "screenshots-admin@example.org",
  name: "Ada Admin",
  password: "a long admin password for the screenshots",
};

type Shot = {
  name: string;
  path: string;
  /** A moderator's browser is signed in as an admin, who may also write. */
  as: "reader" | "moderator";
  /** The page's main heading, and a text it must show, before the shot is taken. */
  heading: string;
  shows: string;
  fullPage?: boolean;
  scrollTo?: string;
};

const SHOTS: Shot[] = [
  {
    name: "home",
    path: "/",
    as: "reader",
    heading: "Latest updates",
    shows: "Mark and register your bike in Station Quarter",
    fullPage: true,
  },
  {
    name: "post",
    path: THREAD_POST,
    as: "reader",
    heading: "Phone and courier scams: the caller is not from your bank",
    shows: THREAD_FIRST_COMMENT,
    scrollTo: "#comments",
  },
  {
    name: "search",
    path: "/search?q=bike",
    as: "reader",
    heading: "Search",
    shows: "Mark and register your bike in Station Quarter",
    fullPage: true,
  },
  {
    name: "moderation",
    path: "/moderation",
    as: "moderator",
    heading: "Moderation",
    shows: HELD_COMMENT,
  },
  {
    name: "writing",
    path: `/write/${THREAD_POST.replace("/posts/", "")}`,
    as: "moderator",
    heading: "Writing",
    shows: "Body (Markdown)",
  },
];

let server: RunningServer;
let reader: LaunchedBrowser;
let moderator: LaunchedBrowser;
/** A tab on about:blank, where Chromium decodes the screenshots (no page CSP in the way). */
let decoder: Page;

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(1, 4).toString("ascii")).toBe("PNG");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The mean luminance of a PNG's pixels, 0 (black) to 255 (white), decoded by Chromium. */
async function meanLuminance(png: Buffer): Promise<number> {
  return decoder.evaluate(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    const context = canvas.getContext("2d")!;
    context.drawImage(image, 0, 0);
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let sum = 0;
    for (let index = 0; index < data.length; index += 4)
      sum +=
        0.2126 * data[index]! +
        0.7152 * data[index + 1]! +
        0.0722 * data[index + 2]!;
    return sum / (data.length / 4);
  }, png.toString("base64"));
}

async function signIn(browser: LaunchedBrowser) {
  const page = await browser.context.newPage();
  try {
    await page.goto(server.url + "/sign-in?redirectTo=%2Fmoderation");
    const form = page.locator("main form");
    await form.getByLabel("Email").fill(ADMIN.email);
    await form.getByLabel("Password").fill(ADMIN.password);
    await form.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === "/moderation", WAIT);
  } finally {
    await page.close();
  }
}

/** Opens the shot's page in a colour scheme, checks it shows what it must, and takes it. */
async function take(shot: Shot, colorScheme: "light" | "dark") {
  const browser = shot.as === "reader" ? reader : moderator;
  const page = await browser.context.newPage();
  const problems = recordPageProblems(page);
  try {
    await page.setViewportSize(VIEWPORT);
    await page.emulateMedia({ colorScheme });
    const response = await page.goto(server.url + shot.path);
    expect(response?.status(), shot.path).toBe(200);
    await waitForHydration(page);
    await expect
      .poll(() => page.locator("h1").first().textContent(), WAIT)
      .toMatch(shot.heading);
    await page.getByText(shot.shows).first().waitFor(WAIT);
    expect(
      await page.evaluate(() =>
        matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light",
      ),
    ).toBe(colorScheme);
    if (shot.scrollTo) {
      await page.locator(shot.scrollTo).evaluate((element) => {
        element.scrollIntoView({ block: "start" });
      });
    }
    await page.evaluate(() => document.fonts.ready);
    const png = await page.screenshot({
      fullPage: shot.fullPage ?? false,
      animations: "disabled",
      caret: "hide",
    });
    expect(problems.list()).toEqual([]);
    return png;
  } finally {
    problems.dispose();
    await page.close();
  }
}

beforeAll(async () => {
  server = await startServer();
  await createAdmin(server, ADMIN);
  await seedSampleDiscussion(server);
  [reader, moderator] = await Promise.all([
    launchBrowser({ javaScriptEnabled: true }),
    launchBrowser({ javaScriptEnabled: true }),
  ]);
  await signIn(moderator);
  decoder = await reader.context.newPage();
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
});

afterAll(async () => {
  await Promise.all([reader?.close(), moderator?.close()]);
  await server?.stop();
});

describe("the docs' screenshots", () => {
  it.each(SHOTS)(
    "of the $name page, light and dark, 1280 pixels wide",
    async (shot) => {
      const light = await take(shot, "light");
      const dark = await take(shot, "dark");
      for (const png of [light, dark]) {
        const { width, height } = pngSize(png);
        expect(width).toBe(VIEWPORT.width);
        if (shot.fullPage)
          expect(height).toBeGreaterThanOrEqual(VIEWPORT.height);
        else expect(height).toBe(VIEWPORT.height);
      }
      const [lightLuminance, darkLuminance] = [
        await meanLuminance(light),
        await meanLuminance(dark),
      ];
      // A light page is mostly light, a dark one mostly dark: not the same page twice.
      expect(lightLuminance).toBeGreaterThan(160);
      expect(darkLuminance).toBeLessThan(100);
      writeFileSync(join(SCREENSHOT_DIR, `${shot.name}-light.png`), light);
      writeFileSync(join(SCREENSHOT_DIR, `${shot.name}-dark.png`), dark);
      // The README's opening pictures: the home page and a post in the light scheme.
      if (shot.name === "home" || shot.name === "post")
        writeFileSync(join(SCREENSHOT_DIR, `${shot.name}.png`), light);
    },
  );
});

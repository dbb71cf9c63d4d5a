// The writing desk in a real browser, with JavaScript and without: an editor writes a post,
// previews and publishes it, schedules one a minute ahead and sees it appear when the server's
// clock passes (moved by the test, no sleeping), edits, meets a hand edit of the file, restores
// a version; a moderator is refused; axe finds nothing on the desk's pages.
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import type { Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAdmin, type AdminAccount } from "../helpers/admin";
import { axeViolationIds } from "../helpers/axe";
import {
  launchBrowser,
  waitForHydration,
  type LaunchedBrowser,
} from "../helpers/browser";
import { REPO_ROOT, startServer, type RunningServer } from "../helpers/server";

const WAIT = { timeout: 15_000 };
const EDITOR: AdminAccount = {
  email: "editor@example.org",
  name: "Edith Editor",
  password: "correct horse battery staple",
};
const MODERATOR: AdminAccount = {
  email: "moderator@example.org",
  name: "Mo Derator",
  password: "correct horse battery staple",
};

let server: RunningServer;
let folder: string;
let contentDir: string;
let clockFile: string;
/** The server's now, in ms: what the clock file says. */
let clock: number;

function setClock(ms: number): void {
  clock = ms;
  writeFileSync(clockFile, new Date(ms).toISOString());
}

/** The account made by the admin tool, given another role, as an admin would on Members. */
function giveRole(email: string, role: "editor" | "moderator"): void {
  const database = new Database(server.databasePath);
  try {
    database.pragma("busy_timeout = 5000");
    database
      .prepare("update users set role = ? where email = ?")
      .run(role, email);
  } finally {
    database.close();
  }
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), "lookout-writing-"));
  contentDir = join(folder, "content");
  mkdirSync(join(contentDir, "posts"), { recursive: true });
  copyFileSync(
    join(REPO_ROOT, "content/site.yml"),
    join(contentDir, "site.yml"),
  );
  clockFile = join(folder, "clock");
  // The start of a minute: scheduling and the page cache both count in whole minutes.
  setClock(Math.floor(Date.now() / 60_000) * 60_000);
  server = await startServer({
    contentDir,
    env: { NODE_ENV: "test", TEST_CLOCK_FILE: clockFile },
  });
  await createAdmin(server, EDITOR);
  giveRole(EDITOR.email, "editor");
  await createAdmin(server, MODERATOR);
  giveRole(MODERATOR.email, "moderator");
});

afterAll(async () => {
  await server?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

async function signIn(
  page: Page,
  account: AdminAccount,
  javaScriptEnabled: boolean,
) {
  await page.goto(`${server.url}/sign-in`);
  if (javaScriptEnabled) await waitForHydration(page);
  const form = page.locator("main form");
  await form.getByLabel("Email", { exact: true }).fill(account.email);
  await form.getByLabel("Password", { exact: true }).fill(account.password);
  await form.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname !== "/sign-in", WAIT);
}

/** A signed-out reader's view, as the page cache serves it. */
async function readerSees(
  path: string,
): Promise<{ status: number; html: string }> {
  const response = await fetch(server.url + path);
  return { status: response.status, html: await response.text() };
}

const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe.each([
  { javaScriptEnabled: true, mode: "with JavaScript", tag: "js" },
  { javaScriptEnabled: false, mode: "without JavaScript", tag: "plain" },
])("an editor at the writing desk $mode", ({ javaScriptEnabled, tag }) => {
  let browser: LaunchedBrowser;
  let page: Page;
  const slug = `bike-marking-at-the-library-${tag}`;
  const file = () => join(contentDir, "posts", `${slug}.md`);

  beforeAll(async () => {
    // bypassCSP: axe-core is injected as a script, which the site's policy would block.
    browser = await launchBrowser({ javaScriptEnabled, bypassCSP: true });
    page = await browser.context.newPage();
    await signIn(page, EDITOR, javaScriptEnabled);
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(path: string) {
    const response = await page.goto(server.url + path);
    if (javaScriptEnabled) await waitForHydration(page);
    return response;
  }

  const notice = (text: string) =>
    page.locator(".form-message.published", { hasText: text });

  test("writes a post, previews it and publishes it", async () => {
    await open("/write");
    await page.getByRole("link", { name: "Write a new post" }).click();
    await page.waitForURL(`${server.url}/write/new`, WAIT);
    await page
      .getByLabel("Title", { exact: true })
      .fill(`Bike marking at the library ${tag}`);
    await page
      .getByLabel("Body (Markdown)", { exact: true })
      .fill("## Bring your bike\n\nAnd a **photo ID**.");
    await page.getByRole("button", { name: "Preview" }).click();
    await page
      .locator(".post-preview h2", { hasText: "Bring your bike" })
      .waitFor(WAIT);
    expect(await page.locator(".post-preview strong").textContent()).toBe(
      "photo ID",
    );
    if (javaScriptEnabled) expect(await axeViolationIds(page)).toEqual([]);
    // Nothing typed was lost to the preview.
    expect(await page.getByLabel("Title", { exact: true }).inputValue()).toBe(
      `Bike marking at the library ${tag}`,
    );
    // The author defaults to the editor's name.
    expect(await page.getByLabel("Author", { exact: true }).inputValue()).toBe(
      EDITOR.name,
    );
    await page.getByRole("button", { name: "Publish" }).click();
    await notice("Published").waitFor(WAIT);
    expect(new URL(page.url()).pathname).toBe(`/write/${slug}`);
    const reader = await readerSees(`/posts/${slug}`);
    expect(reader.status).toBe(200);
    expect(reader.html).toContain("Bring your bike");
  });

  test("adds an image to the body, which readers then see", async () => {
    const title = `Bike rack photo ${tag}`;
    await open("/write/new");
    await page.getByLabel("Title", { exact: true }).fill(title);
    const body = page.getByLabel("Body (Markdown)", { exact: true });
    await body.fill("The new rack by the library.");
    const photo = await sharp({
      create: { width: 64, height: 48, channels: 3, background: "#2a6" },
    })
      .png()
      .toBuffer();
    await page.getByLabel("Image", { exact: true }).setInputFiles({
      name: "rack.png",
      mimeType: "image/png",
      buffer: photo,
    });
    await page
      .getByLabel("Description (alt text)", { exact: true })
      .fill("The bike rack");
    let markdown: string;
    if (javaScriptEnabled) {
      // The image goes into the body where the cursor is, and the page stays as it was.
      await body.press("End");
      await page.getByRole("button", { name: "Upload image" }).click();
      await page
        .getByText("The image is in the body", { exact: false })
        .waitFor(WAIT);
      const text = await body.inputValue();
      markdown = /!\[The bike rack\]\(images\/[^)]+\)/.exec(text)?.[0] ?? "";
      expect(text.startsWith("The new rack by the library.")).toBe(true);
      // The toolbar and the live preview work on the same text.
      await body.fill("rack");
      await body.selectText();
      await page.getByRole("button", { name: "Bold" }).click();
      expect(await body.inputValue()).toBe("**rack**");
      await page
        .locator("[aria-live='polite'] strong", { hasText: "rack" })
        .waitFor(WAIT);
      await body.fill(`The new rack by the library.\n\n${markdown}`);
      expect(await axeViolationIds(page)).toEqual([]);
    } else {
      // Without JavaScript the answer opens in a tab of its own: the post's text stays here.
      const [answer] = await Promise.all([
        browser.context.waitForEvent("page", WAIT),
        page.getByRole("button", { name: "Upload image" }).click(),
      ]);
      await answer.waitForLoadState("load");
      markdown = await answer
        .getByLabel("Markdown for the image", { exact: true })
        .inputValue();
      await answer.close();
      expect(await body.inputValue()).toBe("The new rack by the library.");
      await body.fill(`The new rack by the library.\n\n${markdown}`);
    }
    expect(markdown).toMatch(/^!\[The bike rack\]\(images\/[a-z0-9-]+\.png\)$/);
    await page.getByRole("button", { name: "Publish" }).click();
    await notice("Published").waitFor(WAIT);
    const reader = await readerSees(`/posts/bike-rack-photo-${tag}`);
    const src = /<img[^>]+src="([^"]+)"[^>]*alt="The bike rack"/.exec(
      reader.html,
    )?.[1];
    expect(src).toBeDefined();
    const image = await fetch(new URL(src!, server.url));
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/png");
  });

  test("schedules a post a minute ahead: it appears when the server's clock passes", async () => {
    const title = `Street party ${tag}`;
    const due = clock + 60_000;
    await open("/write/new");
    await page.getByLabel("Title", { exact: true }).fill(title);
    await page.getByLabel("Date", { exact: true }).fill(ymd(due));
    await page.getByLabel("Time (UTC)", { exact: true }).fill(hhmm(due));
    await page
      .getByLabel("Body (Markdown)", { exact: true })
      .fill("Bunting and trestle tables.");
    await page.getByRole("button", { name: "Publish" }).click();
    await notice("Scheduled").waitFor(WAIT);

    const before = await readerSees("/");
    expect(before.status).toBe(200);
    expect(before.html).not.toContain(title);
    expect((await readerSees(`/posts/street-party-${tag}`)).status).toBe(404);
    // Control: the post published before is on the same home page.
    expect(before.html).toContain(`Bike marking at the library ${tag}`);

    setClock(due);
    const after = await readerSees("/");
    expect(after.html).toContain(title);
    expect((await readerSees(`/posts/street-party-${tag}`)).status).toBe(200);
  });

  test("edits a post", async () => {
    await open(`/write/${slug}`);
    await page
      .getByLabel("Title", { exact: true })
      .fill(`Bike marking moved ${tag}`);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await notice("Saved.").waitFor(WAIT);
    expect((await readerSees(`/posts/${slug}`)).html).toContain(
      `Bike marking moved ${tag}`,
    );
  });

  test("meets a hand edit of the file: both versions shown, nothing lost", async () => {
    await open(`/write/${slug}`);
    const handEdit = readFileSync(file(), "utf8").replace(
      "And a **photo ID**.",
      "And a **photo ID** (edited by hand).",
    );
    writeFileSync(file(), handEdit);
    await page
      .getByLabel("Body (Markdown)", { exact: true })
      .fill("Typed in the browser.");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page
      .getByRole("heading", { name: "The file changed since you opened it" })
      .waitFor(WAIT);
    expect(await page.locator("#post-body").inputValue()).toBe(
      "Typed in the browser.",
    );
    expect(
      await page.getByLabel("The file now", { exact: true }).inputValue(),
    ).toContain("(edited by hand)");
    expect(
      await page
        .getByLabel("Your version (not saved)", { exact: true })
        .inputValue(),
    ).toContain("Typed in the browser.");
    expect(readFileSync(file(), "utf8")).toBe(handEdit);
    if (javaScriptEnabled) expect(await axeViolationIds(page)).toEqual([]);

    // Saving again, having seen both, replaces the file with the form's version.
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await notice("Saved.").waitFor(WAIT);
    expect(readFileSync(file(), "utf8")).toContain("Typed in the browser.");
  });

  test("restores an earlier version from the history", async () => {
    await open(`/write/${slug}/history`);
    // Newest first: the text the last save replaced, the hand edit.
    await page.locator(".version-list a").first().click();
    await page
      .getByRole("button", { name: "Restore this version" })
      .waitFor(WAIT);
    expect(await page.locator(".line-diff").textContent()).toContain(
      "(edited by hand)",
    );
    await page.getByRole("button", { name: "Restore this version" }).click();
    await notice("The earlier version is back").waitFor(WAIT);
    expect(readFileSync(file(), "utf8")).toContain("(edited by hand)");
  });

  // axe runs inside the page: with JavaScript only.
  if (javaScriptEnabled)
    test("axe finds no violations on the writing pages", async () => {
      for (const path of [
        "/write",
        "/write/new",
        `/write/${slug}`,
        `/write/${slug}/history`,
      ]) {
        await open(path);
        expect({ path, violations: await axeViolationIds(page) }).toEqual({
          path,
          violations: [],
        });
      }
      await open(`/write/${slug}/history`);
      await page.locator(".version-list a").first().click();
      await page.locator(".line-diff").waitFor(WAIT);
      expect(await axeViolationIds(page)).toEqual([]);
    });

  test("changes a published post's address knowingly: the old one redirects", async () => {
    await open(`/write/${slug}`);
    await page.getByLabel("Address", { exact: true }).fill(`${slug}-moved`);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page
      .locator(".field-error", { hasText: 'tick "Change the address"' })
      .waitFor(WAIT);
    // Refused, with what was typed kept.
    expect(await page.getByLabel("Address", { exact: true }).inputValue()).toBe(
      `${slug}-moved`,
    );
    await page.getByLabel(/Change the address/).check();
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await notice("Saved.").waitFor(WAIT);
    const old = await fetch(`${server.url}/posts/${slug}`, {
      redirect: "manual",
    });
    expect(old.status).toBe(301);
    expect(old.headers.get("Location")).toBe(`/posts/${slug}-moved`);
    expect((await readerSees(`/posts/${slug}-moved`)).status).toBe(200);
  });
});

describe.each([
  { javaScriptEnabled: true, mode: "with JavaScript" },
  { javaScriptEnabled: false, mode: "without JavaScript" },
])("a moderator at the writing desk $mode", ({ javaScriptEnabled }) => {
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    browser = await launchBrowser({ javaScriptEnabled });
  });

  afterAll(async () => {
    await browser?.close();
  });

  test("is refused with 403, and sees no Write link", async () => {
    const page = await browser.context.newPage();
    await signIn(page, MODERATOR, javaScriptEnabled);
    // Control: signed in, the header shows the moderation desk.
    await page
      .getByRole("link", { name: /Moderation/ })
      .first()
      .waitFor(WAIT);
    expect(await page.getByRole("link", { name: "Write" }).count()).toBe(0);
    for (const path of ["/write", "/write/new"]) {
      const response = await page.goto(server.url + path);
      expect(response?.status()).toBe(403);
      await page.getByRole("heading", { name: "Not allowed" }).waitFor(WAIT);
    }
  });
});

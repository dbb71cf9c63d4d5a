// "Tell me what happens to this comment" in a real Chromium, with JavaScript and without: the
// box on the comment form, the confirm page a guest's link opens, the notice after a
// moderator's decision, and the pages its footer links to. The server writes its mail as .eml
// files, opened here as a poster would open them.
import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import type { ParsedMail } from "mailparser";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { axeViolationIds } from "../helpers/axe";
import { createAdmin } from "../helpers/admin";
import { waitForHydration, withPagePerTest } from "../helpers/browser";
import { OPEN_POST } from "../helpers/load";
import { readMailFolder, recipientsOf } from "../helpers/mail";
import { startServer, type RunningServer } from "../helpers/server";
import { UNDO_WINDOW_MINUTES } from "~/domain/undo";

const WAIT = { timeout: 15_000 };
const TEST_TIMEOUT_MS = 120_000;
const ADMIN = {
  email: "notices.admin@example.org",
  name: "Ada Admin",
  password: "a long admin password for the e2e tests",
};
const TELL_ME = "Tell me what happens to this comment";

let server: RunningServer;
let clientCounter = 0;
let database: Database.Database;
let mailFolder: string;
let clockFile: string;

beforeAll(async () => {
  clockFile = join(tmpdir(), `lookout-notices-clock-${process.pid}`);
  rmSync(clockFile, { force: true });
  // No clock file: the machine's time, until a test moves the server past a notice's wait.
  server = await startServer({
    env: {
      TRUST_PROXY: "loopback",
      NODE_ENV: "test",
      TEST_CLOCK_FILE: clockFile,
    },
  });
  await createAdmin(server, ADMIN);
  database = new Database(server.databasePath);
  database.pragma("busy_timeout = 5000");
  // Every hold at once, so each comment's alert brings its approve link.
  database
    .prepare(
      `insert into moderator_alert_settings (user_id, setting, updated_at)
       select id, 'immediate', 0 from users where email = ?`,
    )
    .run(ADMIN.email);
  mailFolder = join(dirname(server.databasePath), "mail");
}, 120_000);

afterAll(async () => {
  database?.close();
  await server?.stop();
  if (clockFile) rmSync(clockFile, { force: true });
});

/** The message to `to` whose text contains `text`, once the server has written it (15 s). */
async function mailTo(to: string, text: string): Promise<ParsedMail> {
  const deadline = Date.now() + WAIT.timeout;
  for (;;) {
    const found = (await readMailFolder(mailFolder)).find(
      (mail) =>
        recipientsOf(mail).includes(to) && (mail.text ?? "").includes(text),
    );
    if (found) return found;
    if (Date.now() > deadline)
      throw new Error(`no message to ${to} containing "${text}"`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const linkAfter = (mail: ParsedMail, label: string) => {
  const link = new RegExp(`${label}:\\n(\\S+)`).exec(mail.text ?? "")?.[1];
  if (!link) throw new Error(`no "${label}" link in:\n${mail.text}`);
  return link;
};

const subscriptionsOf = (address: string) =>
  (
    database
      .prepare(`select kind from subscriptions where address = ?`)
      .all(address) as { kind: string }[]
  ).map((row) => row.kind);

async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? "").replace(/\s+/g, " ").trim();
}

describe.each([
  { javaScriptEnabled: true, mode: "with JavaScript", key: "js" },
  { javaScriptEnabled: false, mode: "without JavaScript", key: "nojs" },
])("a poster's notices $mode", ({ javaScriptEnabled, key }) => {
  let page: Page;
  // bypassCSP: axe-core is injected as a script, which the site's policy would block.
  withPagePerTest({ javaScriptEnabled, bypassCSP: true }, async (opened) => {
    page = opened.page;
    // Each test's browser has an address of its own (the server trusts its loopback proxy),
    // so the flood limit of one poster a minute does not join the tests' comments together.
    clientCounter += 1;
    await page.setExtraHTTPHeaders({
      "X-Forwarded-For": `10.16.${clientCounter}.${javaScriptEnabled ? 1 : 2}`,
    });
  });

  async function open(link: string): Promise<void> {
    expect(link.startsWith(`${server.url}/`)).toBe(true);
    await page.goto(link);
    await page.waitForLoadState("load");
    if (javaScriptEnabled) await waitForHydration(page);
  }

  // axe runs as a script in the page: with scripts off, the same pages are checked with them on.
  async function expectNoAxeViolations(): Promise<void> {
    if (javaScriptEnabled) expect(await axeViolationIds(page)).toEqual([]);
  }

  const email = `poster.${key}.${Date.now().toString(36)}@example.org`;

  async function postWithTheBox(body: string): Promise<string> {
    const form = page.locator("form#new");
    await form.getByRole("textbox", { name: /^Name/ }).fill(`Rosa ${key}`);
    if (javaScriptEnabled) {
      // Offered once there is an email to write to.
      await form.getByLabel(TELL_ME).waitFor({ state: "detached", ...WAIT });
    }
    await form.getByLabel(/^Email \(optional/).fill(email);
    await form.getByLabel(TELL_ME).check();
    await form.getByLabel("Comment", { exact: true }).fill(body);
    await form.getByRole("button", { name: "Post comment" }).click();
    const message = form.locator(".form-message");
    await message.getByText("Held for a moderator").waitFor(WAIT);
    return textOf(message);
  }

  test(
    "a guest ticks the box, confirms the address on its page, and is told of the approval; the footer's pages stop the rest",
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      await open(`${server.url}/posts/${OPEN_POST}`);
      const first = `Are the marking kits free for renters? ${key} ${Date.now().toString(36)}`;
      expect(await postWithTheBox(first)).toContain(
        "follow the link we emailed you",
      );
      await open(`${server.url}/posts/${OPEN_POST}`);
      const second = `And for garages? ${key} ${Date.now().toString(36)}`;
      await postWithTheBox(second);
      expect(subscriptionsOf(email)).toEqual([
        "comment-outcome",
        "comment-outcome",
      ]);

      // The confirmation: its link opens a page whose button confirms.
      const confirmation = await mailTo(email, "Confirm my address");
      await open(linkAfter(confirmation, "Confirm my address"));
      const main = page.locator("main");
      await page
        .getByRole("heading", { name: "Confirm your email address" })
        .waitFor(WAIT);
      await expectNoAxeViolations();
      await main.getByRole("button", { name: "Confirm my address" }).click();
      await main.getByText("Your address is confirmed.").waitFor(WAIT);

      // The moderator approves the first from their alert's one-click page.
      const alert = await mailTo(ADMIN.email, first);
      await open((alert.text ?? "").match(/Approve:\n(\S+)/)![1]!);
      await page
        .locator("main")
        .getByRole("button", { name: "Approve" })
        .click();
      await main.getByText("Approved: the comment is published.").waitFor(WAIT);

      const notice = await mailTo(email, "A moderator approved your comment");
      expect(notice.subject).toMatch(/^Your comment is published/);
      const lasting = linkAfter(notice, "See your comment");
      expect(lasting).toMatch(
        new RegExp(`^${server.url}/posts/${OPEN_POST}/comments/\\d+$`),
      );
      await open(lasting);
      await page.getByText(first).waitFor(WAIT);

      // The page a mail scanner would open: it shows a button and stops nothing.
      await open(linkAfter(notice, "Stop every email from this site"));
      await page
        .getByRole("heading", { name: "Stop these emails" })
        .waitFor(WAIT);
      await expectNoAxeViolations();
      expect(await textOf(main)).toContain("What happens to your comment on");
      expect(subscriptionsOf(email)).toEqual(["comment-outcome"]);

      // What the address follows: the second comment's wish, stopped with its button.
      await open(linkAfter(notice, "What this address follows"));
      await page
        .getByRole("heading", { name: "What this address follows" })
        .waitFor(WAIT);
      await expectNoAxeViolations();
      const items = main.locator("ul.subscriptions li");
      expect(await items.count()).toBe(1);
      await items.getByRole("button", { name: /^Stop/ }).click();
      await main.getByText("Stopped: no more emails about it.").waitFor(WAIT);
      await main
        .getByText("This address follows nothing on the site")
        .waitFor(WAIT);
      expect(subscriptionsOf(email)).toEqual([]);
    },
  );

  test(
    "the reason a moderator chooses on the desk reaches the poster with their text",
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      // A new browser's guest, at the address confirmed above: held, and asked nothing more.
      await page.context().clearCookies();
      await open(`${server.url}/posts/${OPEN_POST}`);
      const body = `Number 12 leaves the side gate open ${key} ${Date.now().toString(36)}`;
      expect(await postWithTheBox(body)).not.toContain("follow the link");

      await open(`${server.url}/sign-in?redirectTo=%2Fmoderation`);
      const signIn = page.locator("main form");
      await signIn.getByLabel("Email").fill(ADMIN.email);
      await signIn.getByLabel("Password").fill(ADMIN.password);
      await signIn.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL((url) => url.pathname === "/moderation", WAIT);
      if (javaScriptEnabled) await waitForHydration(page);

      const card = page.locator("article", { hasText: body });
      await card.getByText("Reason for the poster").click();
      await card
        .getByLabel("Reason (optional)")
        .fill("It could identify a person or a home.");
      await card.getByRole("button", { name: /^Reject/ }).click();
      await card.waitFor({ state: "detached", ...WAIT });

      // A rejection's notice waits out the desk's ten-minute Undo: the server's clock is moved
      // past it, and back once the message has left.
      writeFileSync(
        clockFile,
        new Date(Date.now() + (UNDO_WINDOW_MINUTES + 1) * 60_000).toISOString(),
      );
      const notice = await mailTo(email, body).finally(() =>
        rmSync(clockFile, { force: true }),
      );
      expect(notice.subject).toMatch(/^Your comment was not published/);
      expect(notice.text).toContain(
        "The moderator's reason: It could identify a person or a home.",
      );
      expect(notice.text).toContain(`> ${body}`);
    },
  );

  test("the box sits beside its label at 360 pixels, the size of a checkbox", async () => {
    await page.context().clearCookies();
    await page.setViewportSize({ width: 360, height: 800 });
    await open(`${server.url}/posts/${OPEN_POST}`);
    const form = page.locator("form#new");
    if (javaScriptEnabled)
      await form.getByLabel(/^Email \(optional/).fill(email);
    // With scripts it appears once the email is typed: boundingBox itself does not wait.
    await form.getByLabel(TELL_ME).waitFor(WAIT);
    const box = await form.getByLabel(TELL_ME).boundingBox();
    const label = await form
      .locator("label", { hasText: TELL_ME })
      .boundingBox();
    // The control: a text field in the same form spans the form's width.
    const comment = await form
      .getByLabel("Comment", { exact: true })
      .boundingBox();
    expect(comment!.width).toBeGreaterThan(200);
    expect(box!.width).toBeLessThan(30);
    expect(label!.x - (box!.x + box!.width)).toBeLessThan(16);
    // On the same line: the box's middle within the label's first line (it may wrap).
    const boxMiddle = box!.y + box!.height / 2;
    expect(boxMiddle).toBeGreaterThan(label!.y);
    expect(boxMiddle).toBeLessThan(label!.y + 32);
  });

  test(
    "without an email the box is refused beside the email field, with what was typed kept",
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      // A guest's browser (the test above signed in as a moderator).
      await page.context().clearCookies();
      await open(`${server.url}/posts/${OPEN_POST}`);
      const form = page.locator("form#new");
      const body = `No address given ${key}`;
      await form.getByRole("textbox", { name: /^Name/ }).fill(`Una ${key}`);
      if (javaScriptEnabled) {
        // With scripts the box only appears with an email: type one, tick, then clear it.
        await form.getByLabel(/^Email \(optional/).fill("x@example.org");
        await form.getByLabel(TELL_ME).check();
        await form.getByLabel(/^Email \(optional/).fill("");
        await form.getByLabel(TELL_ME).waitFor({ state: "detached", ...WAIT });
        // Control: the comment is then posted without the box.
        await form.getByLabel("Comment", { exact: true }).fill(body);
        await form.getByRole("button", { name: "Post comment" }).click();
        // Published or held: this browser's guest already had a comment approved above.
        await form
          .locator(".form-message")
          .getByText(/^(Published|Held for a moderator)/)
          .waitFor(WAIT);
        return;
      }
      await form.getByLabel(TELL_ME).check();
      await form.getByLabel("Comment", { exact: true }).fill(body);
      await form.getByRole("button", { name: "Post comment" }).click();
      await page
        .locator("form#new .field-error")
        .getByText("Give your email to be told what happens to your comment")
        .waitFor(WAIT);
      const refused = page.locator("form#new");
      expect(
        await refused.getByLabel("Comment", { exact: true }).inputValue(),
      ).toBe(body);
      expect(await refused.getByLabel(TELL_ME).isChecked()).toBe(true);
    },
  );
});

// A moderator's one-click link from an alert, in a real Chromium with JavaScript and without:
// the server writes its mail as .eml files; opening the link changes nothing, the page's button
// decides, and the same link then says it was used.
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { waitForHydration, withPagePerTest } from "../helpers/browser";
import { createAdmin } from "../helpers/admin";
import { postCommentOverHttp } from "../helpers/load";
import { recipientsOf, waitForMailFiles } from "../helpers/mail";
import { startServer, type RunningServer } from "../helpers/server";

const WAIT = { timeout: 15_000 };
const TEST_TIMEOUT_MS = 90_000;
const ADMIN = {
  email: "alerted.admin@example.org",
  name: "Ada Admin",
  password: "a long admin password for the e2e tests",
};

let server: RunningServer;
let database: Database.Database;
let mailFolder: string;
let mailCount = 0;

beforeAll(async () => {
  server = await startServer({ env: { TRUST_PROXY: "loopback" } });
  await createAdmin(server, ADMIN);
  database = new Database(server.databasePath);
  database.pragma("busy_timeout = 5000");
  // Every hold at once, so each mode gets its own alert.
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
});

const stateOf = (body: string) =>
  (
    database
      .prepare(`select state from comments where body_markdown = ?`)
      .get(body) as { state: string } | undefined
  )?.state;

async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? "").replace(/\s+/g, " ").trim();
}

describe.each([
  { javaScriptEnabled: true, mode: "with JavaScript" },
  { javaScriptEnabled: false, mode: "without JavaScript" },
])("a one-click link $mode", ({ javaScriptEnabled }) => {
  let page: Page;
  withPagePerTest({ javaScriptEnabled }, async (opened) => {
    page = opened.page;
  });

  async function open(link: string): Promise<void> {
    expect(link.startsWith(`${server.url}/`)).toBe(true);
    await page.goto(link);
    await page.waitForLoadState("load");
    if (javaScriptEnabled) await waitForHydration(page);
  }

  test(
    "opens a confirm page that changes nothing; its button approves, once",
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const body = `Is the car park locked at night? ${Date.now().toString(36)} ${javaScriptEnabled}`;
      expect(await postCommentOverHttp(server.url, body)).toBe(true);
      expect(stateOf(body)).toBe("pending");

      mailCount += 1;
      const mail = (await waitForMailFiles(mailFolder, mailCount))[
        mailCount - 1
      ]!;
      expect(recipientsOf(mail)).toEqual([ADMIN.email]);
      expect(mail.text).toContain(body);
      const approve = (mail.text ?? "").match(/Approve:\n(\S+)/)?.[1];
      expect(approve).toBeDefined();

      await open(approve!);
      const main = page.locator("main");
      await page
        .getByRole("heading", { name: "Approve this comment?" })
        .waitFor(WAIT);
      expect(await textOf(main)).toContain(body);
      // Opening the link decided nothing.
      expect(stateOf(body)).toBe("pending");

      await main.getByRole("button", { name: "Approve" }).click();
      await main.getByText("Approved: the comment is published.").waitFor(WAIT);
      expect(stateOf(body)).toBe("published");
      const logged = database
        .prepare(
          `select actor, note from moderation_log
            where action = 'comment.approved'
              and comment_id = (select id from comments where body_markdown = ?)`,
        )
        .all(body);
      expect(logged).toEqual([{ actor: ADMIN.name, note: "by email" }]);

      await open(approve!);
      expect(await textOf(main)).toContain("This link has already been used");
      await main.getByRole("link", { name: "Open the desk" }).waitFor(WAIT);
      expect(await main.getByRole("button").count()).toBe(0);
    },
  );
});

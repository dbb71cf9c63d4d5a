// Accounts through the mail the site sends, in a real Chromium with JavaScript and without: the
// server runs with no SMTP_URL, so each message is an .eml file beside its database, opened
// here as a newcomer would open it.
import { dirname, join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { waitForHydration, withPagePerTest } from "../helpers/browser";
import { linkIn, recipientsOf, waitForMailFiles } from "../helpers/mail";
import { startServer, type RunningServer } from "../helpers/server";

const WAIT = { timeout: 15_000 };
const TEST_TIMEOUT_MS = 90_000;
let server: RunningServer;
// The site's public address as the links in its messages give it: the test server's SITE_URL.
let SITE_URL: string;
let mailFolder: string;
let mailCount = 0;

beforeAll(async () => {
  server = await startServer();
  SITE_URL = server.url;
  mailFolder = join(dirname(server.databasePath), "mail");
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

/** The next message the server writes, which must be for `to`. */
async function nextMailTo(to: string) {
  mailCount += 1;
  const mail = (await waitForMailFiles(mailFolder, mailCount))[mailCount - 1]!;
  expect(recipientsOf(mail)).toEqual([to]);
  return mail;
}

/** The next `count` messages the server writes, in any order. */
async function nextMails(count: number) {
  mailCount += count;
  return (await waitForMailFiles(mailFolder, mailCount)).slice(-count);
}

async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? "").replace(/\s+/g, " ").trim();
}

describe.each([
  { javaScriptEnabled: true, mode: "with JavaScript", key: "js" },
  { javaScriptEnabled: false, mode: "without JavaScript", key: "nojs" },
])("accounts by mail $mode", ({ javaScriptEnabled, key }) => {
  let page: Page;
  withPagePerTest({ javaScriptEnabled }, async (opened) => {
    page = opened.page;
    // Each test starts signed out.
    await page.context().clearCookies();
  });

  const person = {
    email: `resident.${key}.${Date.now().toString(36)}@example.org`,
    name: `Rae Resident ${key}`,
    password: "a long enough password",
    newPassword: "an even longer new password",
  };

  async function open(path: string): Promise<void> {
    await page.goto(`${server.url}${path}`);
    await page.waitForLoadState("load");
    if (javaScriptEnabled) await waitForHydration(page);
  }

  /** Opens the link of a message on the test server, as a click in a mail client would. */
  async function follow(link: string): Promise<void> {
    expect(link.startsWith(`${SITE_URL}/`)).toBe(true);
    await open(link.slice(SITE_URL.length));
  }

  async function signIn(password: string): Promise<void> {
    await open("/sign-in");
    const form = page.locator("main form");
    await form.getByLabel("Email").fill(person.email);
    await form.getByLabel("Password").fill(password);
    await form.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === "/", WAIT);
  }

  const header = () => page.locator("header.site-header");

  test(
    "sign up, open the delivered message, follow its link: confirmed",
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      await open("/sign-up");
      expect(await textOf(page.locator("main"))).toContain(
        "its messages are written as files",
      );
      const form = page.locator("main form");
      await form.getByLabel("Email").fill(person.email);
      await form.getByLabel("Name shown on your comments").fill(person.name);
      await form.getByLabel("Password").fill(person.password);
      await form.getByRole("button", { name: "Create account" }).click();
      await page
        .getByRole("heading", { name: "Check your email" })
        .waitFor(WAIT);

      const mail = await nextMailTo(person.email);
      expect(mail.subject).toMatch(/^Confirm your email · \S/);
      expect(mail.html).toContain("Confirm my email</a>");
      expect(mail.text).toContain("call 999");

      // Signed in with the password, the header says what is left to do.
      await signIn(person.password);
      await header().getByText(person.name).waitFor(WAIT);
      expect(await textOf(header())).toContain("One step left");

      await follow(linkIn(mail, SITE_URL));
      await page.getByRole("button", { name: "Confirm my email" }).click();
      await page.waitForURL((url) => url.pathname === "/", WAIT);
      await header().getByText(person.name).waitFor(WAIT);
      expect(await textOf(header())).not.toContain("One step left");

      // The link worked once.
      await follow(linkIn(mail, SITE_URL));
      expect(await textOf(page.locator("main"))).toContain(
        "already been used or has expired",
      );
    },
  );

  test(
    "forgot password, reset by the mailed link: signed in, the old session gone",
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      await signIn(person.password);
      const sessionCookie = async () =>
        (await page.context().cookies(server.url)).find(
          (cookie) => cookie.name === "lookout_session",
        )?.value;
      const oldSession = await sessionCookie();
      expect(oldSession).toBeDefined();
      const signedInAs = async (cookie: string) =>
        (
          await (
            await fetch(`${server.url}/`, {
              headers: { Cookie: `lookout_session=${cookie}` },
            })
          ).text()
        ).includes(person.name);
      expect(await signedInAs(oldSession!)).toBe(true);
      await page.context().clearCookies();

      await open("/sign-in");
      await page.getByRole("link", { name: "Forgot your password?" }).click();
      await page
        .getByRole("heading", { name: "Forgot your password?" })
        .waitFor(WAIT);
      if (javaScriptEnabled) await waitForHydration(page);
      await page.locator("main form").getByLabel("Email").fill(person.email);
      await page.getByRole("button", { name: "Send me a link" }).click();
      await page.getByText(`If an account uses ${person.email}`).waitFor(WAIT);
      expect(await textOf(page.locator("main"))).toContain(
        "its messages are written as files",
      );

      const mail = await nextMailTo(person.email);
      expect(mail.subject).toMatch(/^Choose a new password · \S/);
      await follow(linkIn(mail, SITE_URL));
      await page
        .getByLabel("New password", { exact: true })
        .fill(person.newPassword);
      await page
        .getByRole("button", { name: "Set my password and sign in" })
        .click();
      await page.waitForURL((url) => url.pathname === "/", WAIT);
      await header().getByText(person.name).waitFor(WAIT);

      const newSession = await sessionCookie();
      expect(newSession).toBeDefined();
      expect(newSession).not.toBe(oldSession);
      expect(await signedInAs(newSession!)).toBe(true);
      expect(await signedInAs(oldSession!)).toBe(false);

      // The old password no longer works; the new one does.
      await page.context().clearCookies();
      await open("/sign-in");
      const form = page.locator("main form");
      await form.getByLabel("Email").fill(person.email);
      await form.getByLabel("Password").fill(person.password);
      await form.getByRole("button", { name: "Sign in" }).click();
      await page
        .getByText("That email and password do not match an account.")
        .waitFor(WAIT);
      await signIn(person.newPassword);

      // The log says where mail goes, and never whom it is for.
      expect(server.logs()).toContain(
        `mail is written as .eml files to ${mailFolder}`,
      );
      expect(server.logs()).toContain('"message":"mail written"');
      expect(server.logs()).not.toContain(person.email);
    },
  );

  test(
    "the account page: change the email by the mailed link, then delete the account",
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      await signIn(person.newPassword);
      await header().getByRole("link", { name: person.name }).click();
      await page
        .getByRole("heading", { name: "Your account", exact: true })
        .waitFor(WAIT);
      if (javaScriptEnabled) await waitForHydration(page);
      const newEmail = person.email.replace("resident.", "moved.");
      const emailForm = page.locator("form", {
        has: page.getByLabel("New email"),
      });
      await emailForm.getByLabel("New email").fill(newEmail);
      await emailForm.getByLabel("Current password").fill(person.newPassword);
      await emailForm.getByRole("button", { name: "Change email" }).click();
      await page.getByText(`We have sent a link to ${newEmail}`).waitFor(WAIT);

      const mails = await nextMails(2);
      const toNew = mails.find((mail) => recipientsOf(mail)[0] === newEmail)!;
      const toOld = mails.find(
        (mail) => recipientsOf(mail)[0] === person.email,
      )!;
      expect(toNew.subject).toMatch(/^Confirm your new email/);
      expect(toOld.subject).toMatch(/^Your account's email is being changed/);
      expect(toOld.text).not.toContain(newEmail);

      await follow(linkIn(toNew, SITE_URL));
      await page.getByRole("button", { name: "Use this email" }).click();
      await page.waitForURL((url) => url.pathname === "/account", WAIT);
      await page.getByText(`Signed in as ${newEmail}`).waitFor(WAIT);
      person.email = newEmail;
      if (javaScriptEnabled) await waitForHydration(page);

      const deleteForm = page.locator("form", {
        has: page.getByLabel("Your password, to confirm"),
      });
      await deleteForm
        .getByLabel("Your password, to confirm")
        .fill(person.newPassword);
      await deleteForm
        .getByRole("button", { name: "Delete my account" })
        .click();
      await page.waitForURL((url) => url.pathname === "/", WAIT);
      await header().getByRole("link", { name: "Sign in" }).waitFor(WAIT);

      await open("/sign-in");
      const form = page.locator("main form");
      await form.getByLabel("Email").fill(newEmail);
      await form.getByLabel("Password").fill(person.newPassword);
      await form.getByRole("button", { name: "Sign in" }).click();
      await page
        .getByText("That email and password do not match an account.")
        .waitFor(WAIT);
    },
  );
});

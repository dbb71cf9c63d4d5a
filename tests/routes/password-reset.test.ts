import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { outbox, users } from "../../db/schema";
import { RESET_REQUESTS_PER_CLIENT_HOUR } from "~/features/accounts/password-reset.server";
import { action as forgotAction } from "~/routes/forgot-password";
import {
  action as resetAction,
  headers as resetHeaders,
  loader as resetLoader,
} from "~/routes/reset-password.$token";
import { verifyPassword } from "~/features/accounts/password.server";
import {
  PASSWORD,
  answerOf,
  browserRequest,
  cookiePair,
  makeUser,
  sessionCookieFor,
  whoIs,
} from "../helpers/accounts";
import { freshAddress } from "../helpers/comments";
import { useTempSite } from "../helpers/temp-site";

const site = useTempSite();
const NEW_PASSWORD = "a brand new passphrase";

beforeEach(() => {
  site.db().delete(outbox).run();
});

function askForReset(email: string, address = freshAddress()) {
  return answerOf(() =>
    forgotAction({
      request: browserRequest("/forgot-password", { form: { email } }),
      params: {},
      context: { clientAddress: address },
    }),
  );
}

const queued = () => site.db().select().from(outbox).all();

/** The token in the reset link of the newest queued message. */
function tokenInMail(): string {
  const text = queued().at(-1)!.textBody;
  const match = text.match(/\/reset-password\/([A-Za-z0-9_-]+)/);
  if (!match) throw new Error(`no reset link in:\n${text}`);
  return match[1]!;
}

function openLink(token: string) {
  return answerOf(() =>
    resetLoader({
      request: browserRequest(`/reset-password/${token}`),
      params: { token },
      context: { clientAddress: freshAddress() },
    }),
  );
}

function setNewPassword(
  token: string,
  password: string,
  cookie: string | null = null,
) {
  return answerOf(() =>
    resetAction({
      request: browserRequest(`/reset-password/${token}`, {
        cookie,
        form: { password },
      }),
      params: { token },
      context: { clientAddress: freshAddress() },
    }),
  );
}

describe("asking for a password reset", () => {
  it("answers the same whether or not the email has an account, and mails only an account", async () => {
    const member = await makeUser();
    const known = await askForReset(member.email.toUpperCase());
    const unknown = await askForReset("nobody-here@example.org");
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(known.data).toEqual({ sent: true, email: member.email });
    expect(unknown.data).toEqual({
      sent: true,
      email: "nobody-here@example.org",
    });
    expect(queued()).toMatchObject([
      { kind: "password-reset", toAddress: member.email, state: "queued" },
    ]);
    expect(queued()[0]!.textBody).toContain("works once, for an hour");
  });

  it("refuses a malformed email beside the field, keeping what was typed", async () => {
    const answer = await askForReset("not an email");
    expect(answer.status).toBe(400);
    expect(answer.data).toMatchObject({
      sent: false,
      email: "not an email",
      errors: { email: "That does not look like an email address." },
    });
  });

  it("limits requests from one client, whatever the emails", async () => {
    const address = freshAddress();
    for (let i = 0; i < RESET_REQUESTS_PER_CLIENT_HOUR; i++)
      expect(
        (await askForReset(`someone${i}@example.org`, address)).status,
      ).toBe(200);
    const refused = await askForReset("one-more@example.org", address);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("Retry-After")).toMatch(/^\d+$/);
    expect(refused.data).toMatchObject({
      errors: { form: expect.stringContaining("Too many requests") },
    });
    // Control: another client is not affected.
    expect((await askForReset("one-more@example.org")).status).toBe(200);
  });

  it("limits the mail one address gets, without saying so", async () => {
    const member = await makeUser();
    for (let i = 0; i < 6; i++)
      expect((await askForReset(member.email)).data).toMatchObject({
        sent: true,
      });
    expect(queued()).toHaveLength(5);
  });
});

describe("following the reset link", () => {
  it("shows the form, sets the password, signs in and ends every other session", async () => {
    const member = await makeUser();
    const elsewhere = await sessionCookieFor(member.id);
    const here = await sessionCookieFor(member.id);
    await askForReset(member.email);
    const token = tokenInMail();

    const opened = await openLink(token);
    expect(opened.data).toEqual({ usable: true });
    expect(resetHeaders()).toEqual({ "Cache-Control": "private, no-store" });
    // Opening the link changed nothing.
    expect(await whoIs(elsewhere)).toMatchObject({ id: member.id });

    const tooShort = await setNewPassword(token, "short", here);
    expect(tooShort.status).toBe(400);
    expect(tooShort.data).toMatchObject({
      errors: { password: "A password needs at least 10 characters." },
    });

    const done = await setNewPassword(token, NEW_PASSWORD, here);
    expect(done.status).toBe(302);
    expect(done.location).toBe("/");
    expect(await whoIs(cookiePair(done.setCookie))).toMatchObject({
      id: member.id,
    });
    expect(await whoIs(elsewhere)).toBeNull();
    expect(await whoIs(here)).toBeNull();
    const { passwordHash } = site
      .db()
      .select({ passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.id, member.id))
      .get()!;
    expect(await verifyPassword(NEW_PASSWORD, passwordHash)).toBe(true);
    expect(await verifyPassword(PASSWORD, passwordHash)).toBe(false);
  });

  it("works once: a used, an older or a made-up link is refused", async () => {
    const member = await makeUser();
    await askForReset(member.email);
    const older = tokenInMail();
    await askForReset(member.email);
    const newer = tokenInMail();
    expect((await setNewPassword(newer, NEW_PASSWORD)).status).toBe(302);

    for (const token of [newer, older, "x".repeat(43)]) {
      expect((await openLink(token)).status).toBe(410);
      const again = await setNewPassword(token, "yet another password");
      expect(again.status).toBe(410);
      expect(again.data).toMatchObject({
        errors: {
          form: expect.stringContaining("already been used or has expired"),
        },
      });
    }
  });
});

import { randomBytes } from "node:crypto";
import { createCookie } from "@remix-run/node";
import { count, desc, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  comments,
  outbox,
  sessions,
  signInFailures,
  users,
} from "../../db/schema";
import {
  SIGN_IN_WINDOW_MS,
  claimSignInAttempt,
  signInRetryAfter,
} from "~/features/accounts/sign-in.server";
import { findUserByEmail, setVerified } from "~/features/accounts/user.server";
import {
  action as signInAction,
  loader as signInLoader,
} from "~/routes/sign-in";
import { action as signOutAction } from "~/routes/sign-out";
import {
  action as signUpAction,
  loader as signUpLoader,
} from "~/routes/sign-up";
import { syncContent } from "~/features/posts/content-sync.server";
import {
  hashPassword,
  verifyPassword,
} from "~/features/accounts/password.server";
import { addressKey, emailKey, serverSecret } from "~/platform/secrets.server";
import { SESSION_DAYS, startSession } from "~/features/accounts/session.server";
import {
  PASSWORD,
  answerOf,
  browserRequest,
  cookiePair,
  makeUser,
  sessionCookieFor,
  whoIs,
  type Kind,
} from "../helpers/accounts";
import { commentFields, freshAddress, postComment } from "../helpers/comments";
import { postFile, useTempSite } from "../helpers/temp-site";

const site = useTempSite();

beforeAll(() => {
  site.writeContent("posts/sheds.md", postFile({ title: "Sheds" }));
  syncContent(site.db(), site.contentDir);
});

const DAY_MS = 24 * 60 * 60 * 1000;
const NO_MATCH = "That email and password do not match an account.";

function signUp(
  fields: Record<string, string>,
  { cookie = null as string | null, address = freshAddress() } = {},
) {
  return answerOf(() =>
    signUpAction({
      request: browserRequest("/sign-up", { cookie, form: fields }),
      params: {},
      context: { clientAddress: address },
    }),
  );
}

function signIn(
  fields: Record<string, string>,
  { cookie = null as string | null, address = freshAddress() } = {},
) {
  return answerOf(() =>
    signInAction({
      request: browserRequest("/sign-in", { cookie, form: fields }),
      params: {},
      context: { clientAddress: address },
    }),
  );
}

function signOut(cookie: string | null) {
  return answerOf(() =>
    signOutAction({
      request: browserRequest("/sign-out", { cookie, form: {} }),
      params: {},
      context: { clientAddress: freshAddress() },
    }),
  );
}

const userCount = () => site.db().select({ n: count() }).from(users).get()!.n;

let emailCounter = 0;
const freshEmail = () => {
  emailCounter += 1;
  return `resident${emailCounter}@example.org`;
};

describe("signing up", () => {
  it("creates a member who still has to confirm their email, and says to look for the link", async () => {
    const email = freshEmail();
    const answer = await signUp({
      email: `  ${email.toUpperCase()} `,
      displayName: "  Ada Moss ",
      password: "a long enough password",
      redirectTo: "/posts/sheds#comments",
    });
    expect(answer.status).toBe(200);
    expect(answer.data).toEqual({ done: true, email });
    // Not signed in by the form: the same form sent with someone else's email must not be.
    expect(answer.setCookie).toBeNull();

    const stored = findUserByEmail(email)!;
    expect(stored).toMatchObject({
      email,
      displayName: "Ada Moss",
      role: "member",
      verified: false,
    });
    const signedIn = await signIn({
      email,
      password: "a long enough password",
    });
    expect(signedIn.status).toBe(302);
    expect(await whoIs(cookiePair(signedIn.setCookie))).toEqual({
      id: stored.id,
      displayName: "Ada Moss",
      role: "member",
      verified: false,
      emailConfirmed: false,
    });
    expect(
      site
        .db()
        .select()
        .from(outbox)
        .where(eq(outbox.kind, "confirm-email"))
        .all(),
    ).toMatchObject([{ toAddress: email }]);
  });

  it.each([
    [
      "every field wrong",
      { email: "not-an-email", displayName: "A", password: "short" },
      {
        email: "That does not look like an email address.",
        displayName: "A name needs at least 2 characters.",
        password: "A password needs at least 10 characters.",
      },
    ],
    [
      "a name too long",
      {
        email: "fine@example.org",
        displayName: "n".repeat(81),
        password: "a long enough password",
      },
      { displayName: "A name can be at most 80 characters." },
    ],
    [
      "a name with control characters",
      {
        email: "fine@example.org",
        displayName: "Bad\u0000Name",
        password: "a long enough password",
      },
      { displayName: "The name contains characters that cannot be stored." },
    ],
    [
      "a password too long",
      {
        email: "fine@example.org",
        displayName: "Cy",
        password: "p".repeat(201),
      },
      { password: "A password can be at most 200 characters." },
    ],
  ])(
    "answers %s with an error beside each field, the typed values, and no password",
    async (_case, fields, errors) => {
      const before = userCount();
      const answer = await signUp({ ...fields, redirectTo: "/" });
      expect(answer.status).toBe(400);
      expect(answer.setCookie).toBeNull();
      expect(answer.data).toEqual({
        done: false,
        errors,
        values: { email: fields.email, displayName: fields.displayName },
      });
      expect(JSON.stringify(answer.data)).not.toContain(fields.password);
      expect(userCount()).toBe(before);
    },
  );

  it("answers an email that already has an account as a new one, and mails its owner instead", async () => {
    const existing = await makeUser("member", "First Owner");
    const before = userCount();
    const typed = ` ${existing.email.toUpperCase()}`;
    const answer = await signUp({
      email: typed,
      displayName: "Second Owner",
      password: "another long password",
    });
    const control = await signUp({
      email: freshEmail(),
      displayName: "Third Person",
      password: "another long password",
    });
    expect(answer.status).toBe(control.status);
    expect(answer.setCookie).toBeNull();
    expect(answer.data).toEqual({ done: true, email: existing.email });
    expect(userCount()).toBe(before + 1);
    // The first account keeps its name and password.
    expect(findUserByEmail(existing.email)!.displayName).toBe("First Owner");
    expect(
      (await signIn({ email: existing.email, password: PASSWORD })).status,
    ).toBe(302);
    const [notice, ...others] = site
      .db()
      .select()
      .from(outbox)
      .where(eq(outbox.toAddress, existing.email))
      .all();
    expect(others).toEqual([]);
    expect(notice).toMatchObject({ kind: "sign-up-attempt" });
    expect(notice!.textBody).toContain("Someone tried to create an account");
    expect(notice!.textBody).toContain("/forgot-password");
    expect(notice!.textBody).not.toContain("Second Owner");
  });
});

describe("signing in", () => {
  it("signs a member in with their email in any case and sends them back", async () => {
    const user = await makeUser("member", "Dee Holm");
    const answer = await signIn({
      email: ` ${user.email.toUpperCase()} `,
      password: PASSWORD,
      redirectTo: "/moderation?state=removed",
    });
    expect(answer.status).toBe(302);
    expect(answer.location).toBe("/moderation?state=removed");
    expect(answer.setCookie).toMatch(/^lookout_session=.*HttpOnly/i);
    expect(await whoIs(cookiePair(answer.setCookie))).toMatchObject({
      id: user.id,
      displayName: "Dee Holm",
    });
  });

  it.each([
    "//evil.example",
    "https://evil.example/",
    "/\\evil.example",
    "/\t/evil.example",
    "/\t\\evil.example",
    "/\n/evil.example",
    "/.//evil.example",
    "/%2e%2e//evil.example",
    "//user@evil.example",
  ])("never sends a signed-in browser to %j", async (redirectTo) => {
    const user = await makeUser();
    const answer = await signIn({
      email: user.email,
      password: PASSWORD,
      redirectTo,
    });
    expect(answer).toMatchObject({ status: 302, location: "/" });
  });

  it("sends a browser that is already signed in on from the sign-in and sign-up pages", async () => {
    const user = await makeUser();
    const cookie = await sessionCookieFor(user.id);
    const visit = (
      loader: typeof signInLoader | typeof signUpLoader,
      path: string,
      withCookie: string | null,
    ) =>
      answerOf(() =>
        loader({
          request: browserRequest(path, { cookie: withCookie }),
          params: {},
          context: { clientAddress: freshAddress() },
        }),
      );
    expect(
      await visit(signInLoader, "/sign-in?redirectTo=%2Fmoderation", cookie),
    ).toMatchObject({ thrown: true, status: 302, location: "/moderation" });
    expect(
      await visit(
        signInLoader,
        "/sign-in?redirectTo=%2F%2Fevil.example",
        cookie,
      ),
    ).toMatchObject({ thrown: true, status: 302, location: "/" });
    expect(await visit(signUpLoader, "/sign-up", cookie)).toMatchObject({
      thrown: true,
      status: 302,
      location: "/",
    });
    expect(
      await visit(signInLoader, "/sign-in?redirectTo=%2Fmoderation", null),
    ).toMatchObject({ thrown: false, data: null });
    expect(await visit(signUpLoader, "/sign-up", null)).toMatchObject({
      thrown: false,
      data: { mailToFiles: true },
    });
  });

  it("answers a wrong password and an unknown email alike", async () => {
    const user = await makeUser();
    const wrongPassword = await signIn({
      email: user.email,
      password: "not the password",
    });
    const unknownEmail = await signIn({
      email: "nobody-here@example.org",
      password: "not the password",
    });
    for (const [answer, email] of [
      [wrongPassword, user.email],
      [unknownEmail, "nobody-here@example.org"],
    ] as const) {
      expect(answer.status).toBe(400);
      expect(answer.setCookie).toBeNull();
      expect(answer.data).toEqual({ errors: { form: NO_MATCH }, email });
    }
  });

  it.each([
    ["no email", { password: "x" }, { email: "Give your email address." }, ""],
    [
      "no password",
      { email: "someone@example.org", password: "" },
      { password: "Give your password." },
      "someone@example.org",
    ],
  ])(
    "answers a form with %s with the field's error",
    async (_case, fields, errors, email) => {
      const answer = await signIn(fields);
      expect(answer.status).toBe(400);
      expect(answer.data).toEqual({ errors, email });
    },
  );

  it("refuses the sixth failure in 15 minutes for one email, even with the right password, until the window passes", async () => {
    const user = await makeUser();
    // Each attempt from a different address: the limit follows the email.
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const answer = await signIn({
        email: user.email,
        password: `wrong ${attempt}`,
      });
      expect(answer.status).toBe(400);
    }
    const sixth = await signIn({ email: user.email, password: PASSWORD });
    expect(sixth.status).toBe(429);
    expect(sixth.setCookie).toBeNull();
    expect(sixth.data).toMatchObject({
      errors: {
        form: expect.stringMatching(
          /^Too many attempts to sign in\. Please try again in .+\.$/,
        ),
      },
      email: user.email,
    });
    const retryAfter = Number(sixth.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThan(10 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);

    // Another email is not held back by this one's failures.
    const other = await makeUser();
    expect(
      (await signIn({ email: other.email, password: PASSWORD })).status,
    ).toBe(302);

    // The clock says when it may try again...
    const keys = {
      email: emailKey(user.email),
      address: addressKey(freshAddress()),
    };
    const now = Date.now();
    expect(signInRetryAfter(keys, new Date(now))).not.toBeNull();
    expect(
      signInRetryAfter(keys, new Date(now + SIGN_IN_WINDOW_MS + 1000)),
    ).toBeNull();

    // ...and once the failures are older than the window, the right password works.
    site
      .db()
      .update(signInFailures)
      .set({ createdAt: new Date(now - SIGN_IN_WINDOW_MS - 1000) })
      .where(eq(signInFailures.key, `email:${keys.email}`))
      .run();
    const later = await signIn({ email: user.email, password: PASSWORD });
    expect(later.status).toBe(302);
    expect(await whoIs(cookiePair(later.setCookie))).toMatchObject({
      id: user.id,
    });
  });

  it("refuses the 21st failure from one address in 15 minutes, whatever the email", async () => {
    const address = freshAddress();
    // Nineteen earlier failures from this address, each for another email (scrypt is slow)...
    for (let attempt = 1; attempt <= 19; attempt += 1)
      claimSignInAttempt(
        {
          email: emailKey(`guess${attempt}@example.org`),
          address: addressKey(address),
        },
        new Date(Date.now() - attempt * 1000),
      );
    // ...the twentieth through the form...
    const twentieth = await signIn(
      { email: "guess20@example.org", password: "guess" },
      { address },
    );
    expect(twentieth.status).toBe(400);
    // ...and then even a right password for a fresh email is refused.
    const user = await makeUser();
    const refused = await signIn(
      { email: user.email, password: PASSWORD },
      { address },
    );
    expect(refused.status).toBe(429);
    expect(refused.setCookie).toBeNull();
    // The same account from elsewhere is fine.
    expect(
      (await signIn({ email: user.email, password: PASSWORD })).status,
    ).toBe(302);
  });

  it("counts five failures as allowed, and a success does not add a failure", async () => {
    const user = await makeUser();
    for (let attempt = 1; attempt <= 4; attempt += 1)
      await signIn({ email: user.email, password: "wrong" });
    expect(
      (await signIn({ email: user.email, password: PASSWORD })).status,
    ).toBe(302);
    expect(
      (await signIn({ email: user.email, password: "wrong" })).status,
    ).toBe(400);
    const sixth = await signIn({ email: user.email, password: PASSWORD });
    expect(sixth.status).toBe(429);
  });
});

describe("sessions", () => {
  it("gives a new session on sign-in and ends the one the browser brought (no fixation)", async () => {
    // A session cookie planted in the victim's browser, e.g. the attacker's own.
    const attacker = await makeUser("member", "Attacker");
    const planted = await sessionCookieFor(attacker.id);
    expect(await whoIs(planted)).toMatchObject({ id: attacker.id });

    const victim = await makeUser("member", "Victim");
    const answer = await signIn(
      { email: victim.email, password: PASSWORD },
      { cookie: planted },
    );
    expect(answer.status).toBe(302);
    const fresh = cookiePair(answer.setCookie)!;
    expect(fresh).not.toBe(planted);
    expect(await whoIs(fresh)).toMatchObject({ id: victim.id });
    expect(await whoIs(planted)).toBeNull();
  });

  it("gives a new session when the same member signs in again", async () => {
    const user = await makeUser();
    const first = cookiePair(
      (await signIn({ email: user.email, password: PASSWORD })).setCookie,
    )!;
    const second = cookiePair(
      (
        await signIn(
          { email: user.email, password: PASSWORD },
          { cookie: first },
        )
      ).setCookie,
    )!;
    expect(second).not.toBe(first);
    expect(await whoIs(first)).toBeNull();
    expect(await whoIs(second)).toMatchObject({ id: user.id });
  });

  it("ends the session on the server when signing out", async () => {
    const user = await makeUser();
    const cookie = cookiePair(
      (await signIn({ email: user.email, password: PASSWORD })).setCookie,
    )!;
    const elsewhere = await sessionCookieFor(user.id);
    expect(await whoIs(cookie)).toMatchObject({ id: user.id });

    const answer = await signOut(cookie);
    expect(answer.status).toBe(302);
    expect(answer.location).toBe("/");
    expect(answer.setCookie).toMatch(/^lookout_session=;/);
    expect(answer.setCookie).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
    // A copy of the old cookie (kept by an attacker, or a tab) signs nobody in.
    expect(await whoIs(cookie)).toBeNull();
    // Signing out one browser leaves the member's other browsers signed in.
    expect(await whoIs(elsewhere)).toMatchObject({ id: user.id });
  });

  it("does not authenticate an expired session", async () => {
    const user = await makeUser();
    const expired = await sessionCookieFor(
      user.id,
      new Date(Date.now() - (SESSION_DAYS * DAY_MS + 60_000)),
    );
    expect(await whoIs(expired)).toBeNull();
    const nearlyExpired = await sessionCookieFor(
      user.id,
      new Date(Date.now() - (SESSION_DAYS * DAY_MS - 60_000)),
    );
    expect(await whoIs(nearlyExpired)).toMatchObject({ id: user.id });
  });

  it("does not authenticate a token it never issued, nor a real one signed with another secret", async () => {
    const user = await makeUser();
    const cookie = await sessionCookieFor(user.id);
    const signed = decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1));
    const token: unknown = JSON.parse(
      atob(signed.slice(0, signed.lastIndexOf("."))),
    );
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const forger = createCookie("lookout_session", {
      secrets: ["not the server secret, but long enough"],
    });
    const resigned = cookiePair(await forger.serialize(token));
    expect(await whoIs(resigned)).toBeNull();

    const unsigned = cookiePair(
      await createCookie("lookout_session").serialize(token),
    );
    expect(await whoIs(unsigned)).toBeNull();

    // A correctly signed cookie for a token that was never issued.
    const guessed = cookiePair(
      await createCookie("lookout_session", {
        secrets: [serverSecret()],
      }).serialize(randomBytes(32).toString("base64url")),
    );
    expect(await whoIs(guessed)).toBeNull();
    expect(await whoIs(cookie)).toMatchObject({ id: user.id });
  });

  it("keeps only a hash of the session token in the database", async () => {
    const user = await makeUser();
    const setCookie = await startSession(
      browserRequest("/sign-in"),
      user.id,
      new Date(),
    );
    const stored = site
      .db()
      .select()
      .from(sessions)
      .where(eq(sessions.userId, user.id))
      .all();
    expect(stored).toHaveLength(1);
    const rawValue = decodeURIComponent(cookiePair(setCookie)!.split("=")[1]!);
    expect(rawValue).not.toContain(stored[0]!.id);
  });
});

describe("passwords", () => {
  it("are stored as salted scrypt hashes, never as typed", async () => {
    const one = await makeUser();
    const two = await makeUser();
    const rows = site
      .db()
      .select({ hash: users.passwordHash })
      .from(users)
      .where(inArray(users.id, [one.id, two.id]))
      .all();
    for (const { hash } of rows) {
      expect(hash).toMatch(/^scrypt\$/);
      expect(hash).not.toContain(PASSWORD);
      expect(await verifyPassword(PASSWORD, hash)).toBe(true);
      expect(await verifyPassword(`${PASSWORD}!`, hash)).toBe(false);
      expect(await verifyPassword("", hash)).toBe(false);
    }
    // The same password gives different hashes: each has its own salt.
    expect(rows[0]!.hash).not.toBe(rows[1]!.hash);
  });

  it("rejects anything that is not a scrypt hash", async () => {
    expect(await verifyPassword(PASSWORD, PASSWORD)).toBe(false);
    expect(await verifyPassword(PASSWORD, "")).toBe(false);
    expect(await verifyPassword("x", "plain$x")).toBe(false);
    const hash = await hashPassword(PASSWORD);
    expect(await verifyPassword(PASSWORD, hash.replace("scrypt", "md5"))).toBe(
      false,
    );
  });
});

describe("a signed-in member's comment", () => {
  const newestComment = () =>
    site.db().select().from(comments).orderBy(desc(comments.id)).get()!;

  it.each<[Kind, string]>([
    ["member", "member"],
    ["verified", "verified"],
    ["moderator", "staff"],
    ["admin", "staff"],
  ])(
    "from a %s is published under their name with poster class %s",
    async (kind, posterClass) => {
      const user = await makeUser(kind, `Poster ${kind}`);
      const cookie = cookiePair(
        (await signIn({ email: user.email, password: PASSWORD })).setCookie,
      );
      const posted = await postComment(
        "sheds",
        commentFields({
          name: "Someone Else",
          email: "someone@example.org",
          body: `Posted as a ${kind}.`,
        }),
        { cookie, address: freshAddress() },
      );
      expect(posted.status).toBe(200);
      expect(posted.result).toMatchObject({
        status: "published",
        message: "Published.",
      });
      expect(newestComment()).toMatchObject({
        state: "published",
        posterClass,
        authorName: `Poster ${kind}`,
        userId: user.id,
        emailKey: null,
      });
    },
  );

  it("follows the member's verification as it changes, without signing in again", async () => {
    const user = await makeUser("member", "Later Verified");
    const cookie = await sessionCookieFor(user.id);
    setVerified(
      user.id,
      true,
      { name: "A moderator", userId: null, role: "moderator" },
      new Date(),
    );
    await postComment("sheds", commentFields({ body: "Now verified." }), {
      cookie,
      address: freshAddress(),
    });
    expect(newestComment()).toMatchObject({
      posterClass: "verified",
      authorName: "Later Verified",
    });
    expect(
      site
        .db()
        .select({ n: count() })
        .from(comments)
        .where(sql`${comments.userId} = ${user.id}`)
        .get()!.n,
    ).toBe(1);
  });
});

describe("sign-in throttling under simultaneous guesses", () => {
  it("evaluates only five of 100 simultaneous guesses for one email, and refuses the right password among the rest", async () => {
    const user = await makeUser();
    const guesses = Array.from({ length: 100 }, (_, index) =>
      index === 60 ? PASSWORD : `wrong ${index}`,
    );
    // Each from its own address: only the email's limit applies.
    const answers = await Promise.all(
      guesses.map((password) => signIn({ email: user.email, password })),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 400)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(95);
    expect(answers[60]).toMatchObject({ status: 429, setCookie: null });
    for (const answer of answers.filter((answer) => answer.status === 429))
      expect(Number(answer.headers.get("Retry-After"))).toBeGreaterThan(0);
    // Control: another account is not held back, and signs in at once.
    const other = await makeUser();
    expect(
      (await signIn({ email: other.email, password: PASSWORD })).status,
    ).toBe(302);
  });

  it("evaluates only twenty of 100 simultaneous guesses from one address", async () => {
    const address = freshAddress();
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, index) =>
        signIn(
          { email: `spray${index}@example.org`, password: "guess" },
          { address },
        ),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 400)).toHaveLength(20);
    expect(statuses.filter((status) => status === 429)).toHaveLength(80);
  });
});

describe("a browser that signed in to an account before", () => {
  const KNOWN = /^lookout_known=[^;]+;.*Max-Age=31536000;.*HttpOnly/i;

  async function knownBrowserOf(email: string): Promise<string> {
    const answer = await signIn({ email, password: PASSWORD });
    expect(answer.status).toBe(302);
    const known = answer.headers
      .getSetCookie()
      .find((header) => header.startsWith("lookout_known="));
    expect(known).toMatch(KNOWN);
    return cookiePair(known!)!;
  }

  async function lockOut(email: string) {
    for (let attempt = 1; attempt <= 5; attempt += 1)
      expect(
        (await signIn({ email, password: `wrong ${attempt}` })).status,
      ).toBe(400);
    expect((await signIn({ email, password: PASSWORD })).status).toBe(429);
  }

  it("still gets in with the right password while strangers have locked the account", async () => {
    const user = await makeUser("admin");
    const known = await knownBrowserOf(user.email);
    await lockOut(user.email);
    const answer = await signIn(
      { email: user.email, password: PASSWORD },
      { cookie: known },
    );
    expect(answer.status).toBe(302);
    expect(await whoIs(cookiePair(answer.setCookie))).toMatchObject({
      id: user.id,
    });
    // Control: a new browser with the same right password is still refused.
    expect(
      (await signIn({ email: user.email, password: PASSWORD })).status,
    ).toBe(429);
  });

  it("has its own limit of five wrong passwords, apart from the strangers'", async () => {
    const user = await makeUser();
    const known = await knownBrowserOf(user.email);
    for (let attempt = 1; attempt <= 5; attempt += 1)
      expect(
        (
          await signIn(
            { email: user.email, password: `wrong ${attempt}` },
            { cookie: known },
          )
        ).status,
      ).toBe(400);
    expect(
      (
        await signIn(
          { email: user.email, password: PASSWORD },
          { cookie: known },
        )
      ).status,
    ).toBe(429);
    // The strangers' count is untouched: a new browser still gets its five.
    expect(
      (await signIn({ email: user.email, password: PASSWORD })).status,
    ).toBe(302);
  });

  it("gets five of 100 simultaneous guesses evaluated, like anyone, when its cookie is stolen", async () => {
    const user = await makeUser();
    const known = await knownBrowserOf(user.email);
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, index) =>
        signIn(
          {
            email: user.email,
            password: index === 60 ? PASSWORD : `wrong ${index}`,
          },
          { cookie: known },
        ),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 400)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(95);
    expect(answers[60]).toMatchObject({ status: 429, setCookie: null });
  });

  it("is not taken for known by another account, by a tampered marker, or after the password changed", async () => {
    const user = await makeUser();
    const other = await makeUser();
    const otherKnown = await knownBrowserOf(other.email);
    const known = await knownBrowserOf(user.email);
    await lockOut(user.email);
    const [name, value] = known.split("=") as [string, string];
    const tampered = `${name}=${value.slice(0, -2)}${value.endsWith("AA") ? "BB" : "AA"}`;
    for (const cookie of [otherKnown, tampered])
      expect(
        (await signIn({ email: user.email, password: PASSWORD }, { cookie }))
          .status,
      ).toBe(429);
    site
      .db()
      .update(users)
      .set({ passwordHash: await hashPassword(PASSWORD) })
      .where(eq(users.id, user.id))
      .run();
    expect(
      (
        await signIn(
          { email: user.email, password: PASSWORD },
          { cookie: known },
        )
      ).status,
    ).toBe(429);
  });
});

import { desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { comments, outbox } from "../../db/schema";
import {
  action as resendAction,
  loader as helpLoader,
} from "~/routes/confirm-email._index";
import {
  action as confirmAction,
  headers as confirmHeaders,
  loader as confirmLoader,
} from "~/routes/confirm-email.$token";
import { action as signInAction } from "~/routes/sign-in";
import { action as signUpAction } from "~/routes/sign-up";
import { syncContent } from "~/features/posts/content-sync.server";
import {
  answerOf,
  browserRequest,
  cookiePair,
  makeUser,
  sessionCookieFor,
  whoIs,
} from "../helpers/accounts";
import { commentFields, freshAddress, postComment } from "../helpers/comments";
import { postFile, useTempSite } from "../helpers/temp-site";

const site = useTempSite();
const PASSWORD = "a long enough password";

beforeAll(() => {
  site.writeContent("posts/sheds.md", postFile({ title: "Sheds" }));
  syncContent(site.db(), site.contentDir);
});

let counter = 0;
/** Signs up a new person and signs them in with their password; returns their cookie. */
async function signUpAndSignIn() {
  counter += 1;
  const email = `new${counter}@example.org`;
  const context = { clientAddress: freshAddress() };
  await signUpAction({
    request: browserRequest("/sign-up", {
      form: { email, displayName: `New Person ${counter}`, password: PASSWORD },
    }),
    params: {},
    context,
  });
  const signedIn = await answerOf(() =>
    signInAction({
      request: browserRequest("/sign-in", {
        form: { email, password: PASSWORD },
      }),
      params: {},
      context,
    }),
  );
  return { email, cookie: cookiePair(signedIn.setCookie)! };
}

function latestLinkTo(email: string): string {
  const row = site
    .db()
    .select()
    .from(outbox)
    .where(eq(outbox.toAddress, email))
    .orderBy(desc(outbox.id))
    .get()!;
  const match = row.textBody.match(/\/confirm-email\/([A-Za-z0-9_-]+)/);
  if (!match) throw new Error(`no confirmation link in:\n${row.textBody}`);
  return match[1]!;
}

const open = (token: string) =>
  answerOf(() =>
    confirmLoader({
      request: browserRequest(`/confirm-email/${token}`),
      params: { token },
      context: { clientAddress: freshAddress() },
    }),
  );
const confirm = (token: string) =>
  answerOf(() =>
    confirmAction({
      request: browserRequest(`/confirm-email/${token}`, { form: {} }),
      params: { token },
      context: { clientAddress: freshAddress() },
    }),
  );
const resend = (cookie: string) =>
  answerOf(() =>
    resendAction({
      request: browserRequest("/confirm-email", { cookie, form: {} }),
      params: {},
      context: { clientAddress: freshAddress() },
    }),
  );

const posterClassOfLatestComment = () =>
  site
    .db()
    .select({ posterClass: comments.posterClass })
    .from(comments)
    .orderBy(desc(comments.id))
    .get()!.posterClass;

describe("confirming the email given at sign-up", () => {
  it("posts as a named guest until the link is followed, then as a member", async () => {
    const { email, cookie } = await signUpAndSignIn();
    expect(await whoIs(cookie)).toMatchObject({ emailConfirmed: false });
    await postComment("sheds", commentFields({ body: "Before confirming." }), {
      cookie,
      address: freshAddress(),
    });
    expect(posterClassOfLatestComment()).toBe("named");

    const token = latestLinkTo(email);
    expect((await open(token)).data).toEqual({ usable: true });
    expect(confirmHeaders()).toEqual({ "Cache-Control": "private, no-store" });
    // Opening the link confirmed nothing: only the page's button does.
    expect(await whoIs(cookie)).toMatchObject({ emailConfirmed: false });

    const confirmed = await confirm(token);
    expect(confirmed.status).toBe(302);
    expect(await whoIs(cookiePair(confirmed.setCookie))).toMatchObject({
      emailConfirmed: true,
    });
    expect(await whoIs(cookie)).toMatchObject({ emailConfirmed: true });
    await postComment("sheds", commentFields({ body: "After confirming." }), {
      cookie,
      address: freshAddress(),
    });
    expect(posterClassOfLatestComment()).toBe("member");

    // The link works once.
    expect((await open(token)).status).toBe(410);
    expect((await confirm(token)).status).toBe(410);
  });

  it("sends a new link on request, a few times an hour", async () => {
    const { email, cookie } = await signUpAndSignIn();
    const first = latestLinkTo(email);
    for (let i = 0; i < 3; i++)
      expect((await resend(cookie)).data).toMatchObject({ sent: true });
    const refused = await resend(cookie);
    expect(refused.status).toBe(429);
    expect(refused.data).toMatchObject({ sent: false });
    const newest = latestLinkTo(email);
    expect(newest).not.toBe(first);
    expect((await confirm(newest)).status).toBe(302);
  });

  it("tells a confirmed member there is nothing to do, and sends nothing", async () => {
    const member = await makeUser();
    const cookie = await sessionCookieFor(member.id);
    const page = await answerOf(() =>
      helpLoader({
        request: browserRequest("/confirm-email", { cookie }),
        params: {},
        context: { clientAddress: freshAddress() },
      }),
    );
    expect(page.data).toMatchObject({ confirmed: true });
    expect((await resend(cookie)).data).toMatchObject({ sent: false });
    expect(
      site
        .db()
        .select()
        .from(outbox)
        .where(eq(outbox.toAddress, member.email))
        .all(),
    ).toEqual([]);
  });
});

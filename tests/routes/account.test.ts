import { desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { comments, moderationLog, outbox, users } from "../../db/schema";
import { buildThread, type ThreadNode } from "~/domain/thread";
import {
  listThreadPlaces,
  threadComments,
} from "~/features/discussion/thread.server";
import { getPublishedPost } from "~/features/posts/post.server";
import { action, loader } from "~/routes/account";
import { loader as dataLoader } from "~/routes/account_.data[.json]";
import {
  action as emailLinkAction,
  loader as emailLinkLoader,
} from "~/routes/account_.email.$token";
import { syncContent } from "~/features/posts/content-sync.server";
import {
  PASSWORD,
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

beforeAll(() => {
  site.writeContent("posts/sheds.md", postFile({ title: "Sheds" }));
  syncContent(site.db(), site.contentDir);
});

function send(cookie: string, form: Record<string, string>) {
  return answerOf(() =>
    action({
      request: browserRequest("/account", { cookie, form }),
      params: {},
      context: { clientAddress: freshAddress() },
    }),
  );
}

async function member() {
  const user = await makeUser("verified");
  return { ...user, cookie: await sessionCookieFor(user.id) };
}

const storedUser = (id: number) =>
  site.db().select().from(users).where(eq(users.id, id)).get();

describe("the account page", () => {
  it("sends a signed-out visitor to sign in and back", async () => {
    const answer = await answerOf(() =>
      loader({
        request: browserRequest("/account"),
        params: {},
        context: { clientAddress: freshAddress() },
      }),
    );
    expect(answer.location).toBe("/sign-in?redirectTo=%2Faccount");
  });

  it("changes the name comments show, refusing a bad one beside the field", async () => {
    const { id, cookie } = await member();
    const refused = await send(cookie, { intent: "name", displayName: "X" });
    expect(refused.status).toBe(400);
    expect(refused.data).toMatchObject({
      errors: { displayName: "A name needs at least 2 characters." },
      displayName: "X",
    });
    const done = await send(cookie, {
      intent: "name",
      displayName: " Rosa Vale ",
    });
    expect(done.status).toBe(200);
    expect(storedUser(id)!.displayName).toBe("Rosa Vale");
    expect(await whoIs(cookie)).toMatchObject({ displayName: "Rosa Vale" });
  });

  it("changes the password only with the current one, ending every other session", async () => {
    const { id, cookie } = await member();
    const elsewhere = await sessionCookieFor(id);
    const wrong = await send(cookie, {
      intent: "password",
      currentPassword: "not my password",
      password: "a new long password",
    });
    expect(wrong.status).toBe(400);
    expect(wrong.data).toMatchObject({
      errors: { currentPassword: "That is not your current password." },
    });
    expect(await whoIs(elsewhere)).not.toBeNull();

    const done = await send(cookie, {
      intent: "password",
      currentPassword: PASSWORD,
      password: "a new long password",
    });
    expect(done.status).toBe(200);
    expect(await whoIs(elsewhere)).toBeNull();
    expect(await whoIs(cookie)).toBeNull();
    expect(await whoIs(cookiePair(done.setCookie))).toMatchObject({ id });
  });

  it("changes the email once the new address confirms it, with a notice at the old one", async () => {
    const { id, email, cookie } = await member();
    const newEmail = `moved.${id}@example.org`;
    const wrong = await send(cookie, {
      intent: "email",
      email: newEmail,
      currentPassword: "nope",
    });
    expect(wrong.status).toBe(400);
    expect(wrong.data).toMatchObject({ email: newEmail });

    const asked = await send(cookie, {
      intent: "email",
      email: newEmail,
      currentPassword: PASSWORD,
    });
    expect(asked.status).toBe(200);
    expect(storedUser(id)!.email).toBe(email);
    const mails = site.db().select().from(outbox).all();
    const toNew = mails.find((m) => m.toAddress === newEmail)!;
    const toOld = mails.find((m) => m.toAddress === email)!;
    expect(toNew.kind).toBe("confirm-new-email");
    expect(toOld.kind).toBe("email-change-notice");
    // Neither message names the other address.
    expect(toOld.textBody + toOld.htmlBody).not.toContain(newEmail);
    expect(toNew.textBody + toNew.htmlBody).not.toContain(email);

    const token = toNew.textBody.match(
      /\/account\/email\/([A-Za-z0-9_-]+)/,
    )![1]!;
    const context = { clientAddress: freshAddress() };
    const opened = await answerOf(() =>
      emailLinkLoader({
        request: browserRequest(`/account/email/${token}`),
        params: { token },
        context,
      }),
    );
    expect(opened.data).toEqual({ usable: true });
    expect(storedUser(id)!.email).toBe(email);
    const confirmed = await answerOf(() =>
      emailLinkAction({
        request: browserRequest(`/account/email/${token}`, { form: {} }),
        params: { token },
        context,
      }),
    );
    expect(confirmed.location).toBe("/account");
    expect(storedUser(id)!.email).toBe(newEmail);
    const again = await answerOf(() =>
      emailLinkAction({
        request: browserRequest(`/account/email/${token}`, { form: {} }),
        params: { token },
        context,
      }),
    );
    expect(again.status).toBe(410);
  });

  it("answers the same for an address that has an account, and sends it nothing", async () => {
    const rosa = await member();
    const other = await member();
    const before = site.db().select().from(outbox).all().length;
    const asked = await send(rosa.cookie, {
      intent: "email",
      email: other.email,
      currentPassword: PASSWORD,
    });
    expect(asked.status).toBe(200);
    expect(asked.data).toMatchObject({
      done: expect.stringContaining("We have sent a link"),
    });
    expect(site.db().select().from(outbox).all().length).toBe(before);
    expect(storedUser(rosa.id)!.email).toBe(rosa.email);
  });

  it("signs out everywhere", async () => {
    const { id, cookie } = await member();
    const elsewhere = await sessionCookieFor(id);
    const done = await send(cookie, { intent: "sign-out-everywhere" });
    expect(done.status).toBe(302);
    expect(await whoIs(cookie)).toBeNull();
    expect(await whoIs(elsewhere)).toBeNull();
  });

  it("downloads the member's own data, and nobody else's", async () => {
    const rosa = await member();
    const other = await member();
    await postComment("sheds", commentFields({ body: "Rosa's own words." }), {
      cookie: rosa.cookie,
      address: freshAddress(),
    });
    await postComment(
      "sheds",
      commentFields({ body: "Someone else's words." }),
      {
        cookie: other.cookie,
        address: freshAddress(),
      },
    );
    const response = (await dataLoader({
      request: browserRequest("/account/data.json", { cookie: rosa.cookie }),
      params: {},
      context: { clientAddress: freshAddress() },
    })) as Response;
    expect(response.headers.get("Content-Disposition")).toContain("attachment");
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    const body = await response.text();
    const parsed = JSON.parse(body);
    expect(parsed.account).toMatchObject({ email: rosa.email });
    expect(parsed.comments.map((c: { text: string }) => c.text)).toEqual([
      "Rosa's own words.",
    ]);
    expect(body).not.toContain(other.email);
    expect(body).not.toContain("Someone else's words.");
  });

  it("deletes the account with its password: answered comments stay as placeholders, the rest go", async () => {
    const rosa = await member();
    const other = await member();
    const answered = await postComment(
      "sheds",
      commentFields({ body: "Answered words of Rosa." }),
      { cookie: rosa.cookie, address: freshAddress() },
    );
    await postComment(
      "sheds",
      commentFields({ body: "Lonely words of Rosa." }),
      {
        cookie: rosa.cookie,
        address: freshAddress(),
      },
    );
    const answeredId = site
      .db()
      .select({ id: comments.id })
      .from(comments)
      .where(eq(comments.bodyMarkdown, "Answered words of Rosa."))
      .get()!.id;
    const lonelyId = site
      .db()
      .select({ id: comments.id })
      .from(comments)
      .where(eq(comments.bodyMarkdown, "Lonely words of Rosa."))
      .get()!.id;
    expect(answered.result.status).toBe("published");
    await postComment(
      "sheds",
      commentFields({ body: "A reply to Rosa.", parentId: String(answeredId) }),
      { cookie: other.cookie, address: freshAddress() },
    );

    const wrong = await send(rosa.cookie, {
      intent: "delete",
      currentPassword: "nope",
    });
    expect(wrong.status).toBe(400);
    expect(storedUser(rosa.id)).toBeDefined();

    const done = await send(rosa.cookie, {
      intent: "delete",
      currentPassword: PASSWORD,
    });
    expect(done.status).toBe(302);
    expect(storedUser(rosa.id)).toBeUndefined();
    expect(await whoIs(rosa.cookie)).toBeNull();

    const post = getPublishedPost("sheds")!;
    const places = listThreadPlaces(post.id, { guestKey: null, userId: null });
    const texts = threadComments(places);
    const shown = places.map((place) => ({
      id: place.id,
      state: place.state,
      html: texts.get(place.id)?.bodyHtml ?? "",
    }));
    expect(shown).toContainEqual({
      id: answeredId,
      state: "deleted",
      html: "",
    });
    // Without replies, the deleted comment is not drawn at all.
    const drawn: number[] = [];
    const walk = (nodes: ThreadNode<(typeof places)[number]>[]) => {
      for (const node of nodes) {
        drawn.push(node.comment.id);
        walk(node.replies);
      }
    };
    walk(buildThread(places, 10));
    expect(drawn).toContain(answeredId);
    expect(drawn).not.toContain(lonelyId);
    expect(shown.find((c) => c.id === lonelyId)).toMatchObject({ html: "" });
    expect(shown.some((c) => c.html.includes("A reply to Rosa."))).toBe(true);
    expect(
      site
        .db()
        .select()
        .from(comments)
        .all()
        .filter((c) => c.bodyMarkdown.includes("of Rosa")),
    ).toEqual([]);

    const logged = site
      .db()
      .select()
      .from(moderationLog)
      .orderBy(desc(moderationLog.id))
      .get()!;
    expect(logged).toMatchObject({ action: "account.deleted" });
    expect(JSON.stringify(logged)).not.toContain(rosa.email);
    expect(JSON.stringify(logged)).not.toContain(rosa.displayName);
  });
});

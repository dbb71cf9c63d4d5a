// Readers following replies, a discussion and an area, mailed through a real SMTP server on
// loopback and read back with a MIME parser. Time is an argument: nothing sleeps.
import { eq } from "drizzle-orm";
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { comments, subscriptions } from "../../db/schema";
import { DEFAULT_POLICY } from "~/domain/moderation-policy";
import { smtpTransport } from "~/features/mail/transport.server";
import { deliverDueMail } from "~/features/mail/worker.server";
import { savePolicySettings } from "~/features/moderation/policy.server";
import { moderateComments } from "~/features/moderation/state-changes.server";
import { confirmAddress } from "~/features/notify/address-confirmation.server";
import { sendDueFollowMail } from "~/features/notify/follows.server";
import { syncContent } from "~/features/posts/content-sync.server";
import { action as postAction } from "~/routes/posts.$slug";
import { action as areaAction } from "~/routes/areas.$area";
import { action as tagAction } from "~/routes/tags.$tag";
import { action as deskAction } from "~/routes/moderation.comments";
import {
  answerOf,
  browserRequest,
  makeUser,
  sessionCookieFor,
} from "../helpers/accounts";
import { commentFields, freshAddress, postComment } from "../helpers/comments";
import {
  recipientsOf,
  startMailServer,
  type TestMailServer,
} from "../helpers/mail";
import { postFile, useTempSite } from "../helpers/temp-site";

const site = useTempSite();
const HOUR_MS = 60 * 60_000;
const DAY_MS = 24 * HOUR_MS;

let server: TestMailServer;
type User = { id: number; email: string; displayName: string };
let asha: User;
let ben: User;
let ashaCookie: string;
let benCookie: string;

beforeAll(async () => {
  site.writeContent(
    "posts/sheds.md",
    postFile({ title: "Sheds", area: "North Vale", tags: "[bikes]" }),
  );
  syncContent(site.db(), site.contentDir);
  // Two members write every comment here: the flood limit is not what is tested.
  savePolicySettings({ ...DEFAULT_POLICY, floodLimit: 100 }, new Date());
  asha = await makeUser("member", "Asha");
  ben = await makeUser("member", "Ben");
  ashaCookie = await sessionCookieFor(asha.id);
  benCookie = await sessionCookieFor(ben.id);
  server = await startMailServer();
  // The log lines of the worker stay out of the test output.
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);
});
afterAll(async () => {
  vi.restoreAllMocks();
  await server.stop();
});

/** Sends what the outbox holds through the real SMTP server; returns the new messages. */
async function deliver(now = new Date()): Promise<ParsedMail[]> {
  const before = server.received.length;
  await deliverDueMail({
    database: site.db(),
    transport: smtpTransport(server.url),
    from: '"Lookout" <noreply@lookout.example.org>',
    giveUpAfterMs: 24 * HOUR_MS,
    now: () => now,
  });
  return server.received.slice(before);
}

const to = (mails: ParsedMail[], address: string) =>
  mails.filter((mail) => recipientsOf(mail).includes(address));

async function memberComment(
  cookie: string,
  body: string,
  extra: Record<string, string> = {},
): Promise<number> {
  const posted = await postComment("sheds", commentFields({ body, ...extra }), {
    cookie,
    address: freshAddress(),
  });
  if (posted.result.status !== "published")
    throw new Error(`not published: ${JSON.stringify(posted.result)}`);
  return posted.result.comment.id;
}

/** A guest's comment, which the default policy holds. */
async function heldComment(body: string, parentId: number): Promise<number> {
  const posted = await postComment(
    "sheds",
    commentFields({ body, parentId: String(parentId) }),
    { address: freshAddress() },
  );
  if (posted.result.status !== "held")
    throw new Error(`not held: ${JSON.stringify(posted.result)}`);
  return posted.result.comment.id;
}

/** Every message to a follower stops with one click, and links to what the address follows. */
function expectUnsubscribeLinks(mail: ParsedMail) {
  const header = (key: string) =>
    // Unfolded: a long header goes on over several lines.
    (mail.headerLines.find((line) => line.key === key)?.line ?? "").replace(
      /\r?\n\s+/g,
      " ",
    );
  expect(header("list-unsubscribe")).toMatch(
    /^List-Unsubscribe: <http[^>]+\/unsubscribe\/[^>]+>, <mailto:/,
  );
  expect(header("list-unsubscribe-post")).toBe(
    "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
  );
  expect(mail.text).toMatch(/What this address follows:\n\S+\/subscriptions\//);
  expect(mail.html).toMatch(/href="[^"]+\/subscriptions\/[^"]+"/);
}

describe("Email me when someone replies to my comment", () => {
  it("mails the author of a comment when a published reply answers it, and not for a held one until it is approved", async () => {
    const question = await memberComment(
      ashaCookie,
      "Has anyone marked their bikes?",
      {
        notifyReplies: "on",
      },
    );
    const follow = site
      .db()
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.target, String(question)))
      .get();
    expect(follow).toMatchObject({
      kind: "replies",
      userId: asha.id,
      address: asha.email,
      cadence: "immediate",
    });
    await deliver();

    // A guest's reply is held: nothing reaches Asha.
    const held = await heldComment(
      "Mine are marked, and registered.",
      question,
    );
    // Ben's published reply, after it, is the control: his reaches her.
    const answer = await memberComment(
      benCookie,
      "Yes, at the police open day.",
      {
        parentId: String(question),
      },
    );
    const mails = to(await deliver(), asha.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe(
      "A reply to your comment on “Sheds” · Lookout",
    );
    expect(mails[0]!.text).toContain("at the police open day");
    expect(mails[0]!.text).not.toContain("registered");
    expectUnsubscribeLinks(mails[0]!);
    expect(answer).toBeGreaterThan(held);

    // Approved by a moderator on the desk: now it is published, and told.
    const moderator = await makeUser("moderator", "Mo");
    const approved = await answerOf(async () =>
      deskAction({
        request: browserRequest("/moderation/comments", {
          cookie: await sessionCookieFor(moderator.id),
          form: {
            intent: "moderate",
            action: "approve",
            commentId: [String(held)],
            redirectTo: "/moderation",
          },
        }),
        params: {},
        context: { clientAddress: freshAddress() },
      }),
    );
    expect(approved.status).toBe(302);
    expect(
      site.db().select().from(comments).where(eq(comments.id, held)).get()!
        .state,
    ).toBe("published");
    const afterApproval = to(await deliver(), asha.email);
    expect(afterApproval).toHaveLength(1);
    expect(afterApproval[0]!.text).toContain(
      "Mine are marked, and registered.",
    );
  });

  it("never tells an author of their own reply", async () => {
    const mine = await memberComment(benCookie, "Shed alarms: worth it?", {
      notifyReplies: "on",
    });
    await memberComment(benCookie, "Answering myself: yes.", {
      parentId: String(mine),
    });
    // The control: Asha's reply to the same comment reaches Ben.
    await memberComment(ashaCookie, "Yes, ours is loud.", {
      parentId: String(mine),
    });
    const mails = to(await deliver(), ben.email);
    expect(mails.map((mail) => mail.text?.includes("ours is loud"))).toEqual([
      true,
    ]);
  });

  it("asks a guest who ticks the box for an email, keeping what they typed", async () => {
    const posted = await postComment(
      "sheds",
      commentFields({ body: "Tell me the answer", notifyReplies: "on" }),
      { address: freshAddress() },
    );
    expect(posted.status).toBe(400);
    expect(posted.result).toMatchObject({
      status: "invalid",
      errors: {
        email: "Give your email to be told of replies, or untick the box.",
      },
      values: { body: "Tell me the answer", notifyReplies: true },
    });
  });
});

describe("Follow this discussion", () => {
  const guest = "watcher@example.org";

  it("mails a guest only once their address is confirmed, then at most hourly", async () => {
    const followed = await answerOf(() =>
      postAction({
        request: browserRequest("/posts/sheds", {
          form: { intent: "follow", email: guest },
        }),
        params: { slug: "sheds" },
        context: { clientAddress: freshAddress() },
      }),
    );
    expect(followed.data).toMatchObject({ form: "follow", status: "confirm" });
    // Before confirming: a published comment sends the guest nothing but the link.
    await memberComment(benCookie, "Before the guest confirmed.");
    const first = to(await deliver(), guest);
    expect(first.map((mail) => mail.subject)).toEqual([
      "Confirm your email address · Lookout",
    ]);
    const token = /\/confirm-address\/(\S+)/.exec(first[0]!.text ?? "")![1]!;
    expect(confirmAddress(token, new Date())).not.toBeNull();

    // The first comment after that is sent at once.
    const start = new Date();
    await memberComment(ashaCookie, "First after confirming.");
    const atOnce = to(await deliver(), guest);
    expect(atOnce).toHaveLength(1);
    expect(atOnce[0]!.subject).toBe("2 new comments on “Sheds” · Lookout");
    expect(atOnce[0]!.text).toContain("First after confirming.");
    // Published after the guest asked to follow, before they confirmed: it is news to them too.
    expect(atOnce[0]!.text).toContain("Before the guest confirmed.");
    expectUnsubscribeLinks(atOnce[0]!);

    // Those in the next hour wait for the hour to pass.
    await memberComment(ashaCookie, "Second, minutes later.");
    await memberComment(benCookie, "Third, minutes later.");
    expect(to(await deliver(), guest)).toHaveLength(0);
    const at = (ms: number) => new Date(start.getTime() + ms);
    expect(sendDueFollowMail(site.db(), at(HOUR_MS - 60_000)).discussions).toBe(
      0,
    );
    expect(sendDueFollowMail(site.db(), at(HOUR_MS + 60_000)).discussions).toBe(
      1,
    );
    const batch = to(await deliver(at(HOUR_MS + 60_000)), guest);
    expect(batch).toHaveLength(1);
    expect(batch[0]!.subject).toBe("2 new comments on “Sheds” · Lookout");
    expect(batch[0]!.text).toContain("Second, minutes later.");
    expect(batch[0]!.text).toContain("Third, minutes later.");
    expect(batch[0]!.text).not.toContain("First after confirming.");
    // Sent once: the next step has nothing for it.
    expect(sendDueFollowMail(site.db(), at(3 * HOUR_MS)).discussions).toBe(0);
  });

  it("follows with one click for a member, and leaves out of the batch what a moderator removed", async () => {
    const cleo = await makeUser("member", "Cleo");
    const cleoCookie = await sessionCookieFor(cleo.id);
    const followed = await answerOf(() =>
      postAction({
        request: browserRequest("/posts/sheds", {
          cookie: cleoCookie,
          form: { intent: "follow" },
        }),
        params: { slug: "sheds" },
        context: { clientAddress: freshAddress() },
      }),
    );
    expect(followed.data).toMatchObject({
      form: "follow",
      status: "following",
    });
    const start = new Date();
    await memberComment(benCookie, "Sent to Cleo at once.");
    expect(to(await deliver(), cleo.email)).toHaveLength(1);
    const gone = await memberComment(benCookie, "Soon removed.");
    await memberComment(benCookie, "Stays up.");
    moderateComments(
      [gone],
      "remove",
      { name: "Mo", userId: null },
      null,
      new Date(),
    );
    const later = new Date(start.getTime() + HOUR_MS + 60_000);
    sendDueFollowMail(site.db(), later);
    const batch = to(await deliver(later), cleo.email);
    expect(batch).toHaveLength(1);
    expect(batch[0]!.subject).toBe("A new comment on “Sheds” · Lookout");
    expect(batch[0]!.text).toContain("Stays up.");
    expect(batch[0]!.text).not.toContain("Soon removed.");
  });
});

describe("Area and tag follows", () => {
  it("mails a new post in a followed area at once, and nothing for another area", async () => {
    const followed = await answerOf(() =>
      areaAction({
        request: browserRequest("/areas/north-vale", {
          cookie: ashaCookie,
          form: { intent: "follow", cadence: "immediate" },
        }),
        params: { area: "north-vale" },
        context: { clientAddress: freshAddress() },
      }),
    );
    expect(followed.data).toMatchObject({
      form: "follow",
      status: "following",
    });
    expect(sendDueFollowMail(site.db(), new Date()).posts).toBe(0);

    site.writeContent(
      "posts/gates.md",
      postFile({ title: "Side gates", area: "North Vale", date: "2026-01-05" }),
    );
    site.writeContent(
      "posts/elsewhere.md",
      postFile({ title: "Elsewhere", area: "South Vale", date: "2026-01-05" }),
    );
    syncContent(site.db(), site.contentDir);
    const now = new Date(Date.now() + 1000);
    expect(sendDueFollowMail(site.db(), now).posts).toBe(1);
    const mails = to(await deliver(now), asha.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe(
      "A new post about North Vale: “Side gates” · Lookout",
    );
    expect(mails[0]!.text).toContain("/posts/gates");
    expect(mails[0]!.text).not.toContain("Elsewhere");
    expectUnsubscribeLinks(mails[0]!);
    expect(
      sendDueFollowMail(site.db(), new Date(now.getTime() + 1000)).posts,
    ).toBe(0);
  });

  it("mails a scheduled post when its date begins, and a weekly digest a week on", async () => {
    const followed = await answerOf(() =>
      tagAction({
        request: browserRequest("/tags/bikes", {
          cookie: benCookie,
          form: { intent: "follow", cadence: "weekly" },
        }),
        params: { tag: "bikes" },
        context: { clientAddress: freshAddress() },
      }),
    );
    expect(followed.data).toMatchObject({ status: "following" });
    const begins = new Date(Date.now() + 2 * DAY_MS);
    const date = begins.toISOString().slice(0, 10);
    site.writeContent(
      "posts/later.md",
      postFile({ title: "Bike marking day", tags: "[bikes]", date }),
    );
    syncContent(site.db(), site.contentDir);
    // Not listed yet, and the week has not passed.
    expect(sendDueFollowMail(site.db(), new Date()).posts).toBe(0);
    expect(
      sendDueFollowMail(site.db(), new Date(Date.now() + 3 * DAY_MS)).posts,
    ).toBe(0);
    const week = new Date(Date.now() + 7 * DAY_MS + 60_000);
    expect(sendDueFollowMail(site.db(), week).posts).toBe(1);
    const mails = to(await deliver(week), ben.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe(
      "A new post tagged “bikes”: “Bike marking day” · Lookout",
    );
    expect(mails[0]!.text).toContain("this week");
  });

  it("refuses a guest's follow without an address, in the site's words", async () => {
    const refused = await answerOf(() =>
      areaAction({
        request: browserRequest("/areas/north-vale", {
          form: { intent: "follow", email: "not-an-email" },
        }),
        params: { area: "north-vale" },
        context: { clientAddress: freshAddress() },
      }),
    );
    expect(refused.status).toBe(400);
    expect(refused.data).toMatchObject({
      status: "invalid",
      errors: { email: "That does not look like an email address." },
      values: { email: "not-an-email" },
    });
  });
});

describe("a guest's Follow form", () => {
  const followFrom = (client: string, email: string) =>
    answerOf(() =>
      tagAction({
        request: browserRequest("/tags/bikes", {
          form: { intent: "follow", email },
        }),
        params: { tag: "bikes" },
        context: { clientAddress: client },
      }),
    );

  it("answers the same for a confirmed address as for a new one", async () => {
    // watcher@example.org was confirmed above; fresh@example.org never was.
    const confirmed = await followFrom(freshAddress(), "watcher@example.org");
    const fresh = await followFrom(freshAddress(), "fresh@example.org");
    expect(confirmed.status).toBe(200);
    expect(confirmed.data).toEqual({
      ...(fresh.data as object),
      values: { email: "watcher@example.org", cadence: "" },
    });
  });

  it("takes at most 10 follows an hour from one client, then says when to try again", async () => {
    const client = freshAddress();
    for (let i = 0; i < 10; i += 1)
      expect((await followFrom(client, `many${i}@example.org`)).status).toBe(
        200,
      );
    const refused = await followFrom(client, "one-more@example.org");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(refused.data).toMatchObject({ status: "limited" });
    // The control: another client is not held back.
    expect((await followFrom(freshAddress(), "other@example.org")).status).toBe(
      200,
    );
  });
});

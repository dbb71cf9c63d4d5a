import { eq } from "drizzle-orm";
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { subscriptions } from "../../db/schema";
import { DEFAULT_POLICY } from "~/domain/moderation-policy";
import { smtpTransport } from "~/features/mail/transport.server";
import { deliverDueMail } from "~/features/mail/worker.server";
import { savePolicySettings } from "~/features/moderation/policy.server";
import {
  decideAndTellPosters,
  undoAndTakeBackNotices,
} from "~/features/notify/comment-outcome.server";
import { UNDO_WINDOW_MINUTES } from "~/domain/undo";
import { accountData, deleteAccount } from "~/features/accounts/account.server";
import { syncContent } from "~/features/posts/content-sync.server";
import { emailKey } from "~/platform/secrets.server";
import {
  action as confirmAction,
  loader as confirmLoader,
} from "~/routes/confirm-address.$token";
import {
  action as unsubscribeAction,
  loader as unsubscribeLoader,
} from "~/routes/unsubscribe.$token";
import {
  action as subscriptionsAction,
  loader as subscriptionsLoader,
} from "~/routes/subscriptions.$token";
import {
  answerOf,
  browserRequest,
  makeUser,
  sessionCookieFor,
} from "../helpers/accounts";
import { commentFields, freshAddress, postComment } from "../helpers/comments";
import { startMailServer, type TestMailServer } from "../helpers/mail";
import { postFile, useTempSite } from "../helpers/temp-site";
import { action as deskAction } from "~/routes/moderation.comments";

const site = useTempSite();
const MODERATOR = {
  name: "Mo Derator",
  userId: null,
  role: "moderator" as const,
};
const SITE = "http://localhost:3000";
/** Just after a decision's Undo has run out: a Reject's or a Remove's notice leaves then. */
const afterUndo = (decided: Date) =>
  new Date(decided.getTime() + UNDO_WINDOW_MINUTES * 60_000 + 1_000);

let server: TestMailServer;

beforeAll(async () => {
  site.writeContent("posts/sheds.md", postFile({ title: "Sheds" }));
  syncContent(site.db(), site.contentDir);
  savePolicySettings(DEFAULT_POLICY, new Date());
  server = await startMailServer();
  // The log lines of the worker stay out of the test output.
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);
});
afterAll(async () => {
  vi.restoreAllMocks();
  await server.stop();
});

/** Sends what the outbox holds through the real SMTP server; returns the new messages for `to`. */
async function deliver(to: string, at = new Date()): Promise<ParsedMail[]> {
  const before = server.received.length;
  await deliverDueMail({
    database: site.db(),
    transport: smtpTransport(server.url),
    from: '"Lookout" <noreply@lookout.example.org>',
    giveUpAfterMs: 60 * 60_000,
    now: () => at,
  });
  return server.received
    .slice(before)
    .filter((mail) =>
      [mail.to]
        .flat()
        .some((address) => address?.text.toLowerCase() === to.toLowerCase()),
    );
}

/** A guest's comment, held by the default policy (a name, no approved comment yet). */
async function holdComment(
  fields: Record<string, string>,
): Promise<{ id: number; message: string }> {
  const posted = await postComment("sheds", commentFields(fields), {
    address: freshAddress(),
  });
  if (posted.result.status !== "held")
    throw new Error(`not held: ${JSON.stringify(posted.result)}`);
  return { id: posted.result.comment.id, message: posted.result.message };
}

const subscriptionsOf = (address: string) =>
  site
    .db()
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.addressKey, emailKey(address)))
    .all();

const linkAfter = (mail: ParsedMail, label: string) =>
  new RegExp(`${label}:\\n(\\S+)`).exec(mail.text ?? "")?.[1];

/** Follows the confirmation link of a message as a person would: the page, then its button. */
async function confirmFrom(mail: ParsedMail) {
  const url = linkAfter(mail, "Confirm my address")!;
  const token = url.split("/confirm-address/")[1]!;
  const page = await answerOf(() =>
    confirmLoader({
      request: browserRequest(`/confirm-address/${token}`),
      params: { token },
      context: { clientAddress: freshAddress() },
    }),
  );
  const pressed = await answerOf(() =>
    confirmAction({
      request: browserRequest(`/confirm-address/${token}`, { form: {} }),
      params: { token },
      context: { clientAddress: freshAddress() },
    }),
  );
  return { url, token, page, pressed };
}

describe("a guest who asked to be told what happens to a held comment", () => {
  it("confirms the address first, then gets one approval notice with the lasting link", async () => {
    const email = "rosa.guest@example.org";
    const held = await holdComment({
      name: "Rosa",
      email,
      body: "Is the marking kit free for renters too?",
      tellMe: "on",
    });
    expect(held.message).toMatch(/follow the link we emailed you/);
    const [confirmation, ...others] = await deliver(email);
    expect(others).toHaveLength(0);
    expect(confirmation!.subject).toMatch(/^Confirm your email address/);
    const confirming = await confirmFrom(confirmation!);
    expect(confirming.url.startsWith(`${SITE}/confirm-address/`)).toBe(true);
    // Opening the link changes nothing; the button does.
    expect(confirming.page.data).toEqual({ usable: true });
    expect(confirming.pressed.data).toMatchObject({ confirmed: true });

    expect(
      decideAndTellPosters(
        [held.id],
        "approve",
        MODERATOR,
        { note: null, reason: null },
        new Date(),
      ).moved,
    ).toBe(1);
    const [notice, ...more] = await deliver(email);
    expect(more).toHaveLength(0);
    expect(notice!.subject).toMatch(/^Your comment is published/);
    expect(notice!.text).toContain('your comment on "Sheds"');
    expect(linkAfter(notice!, "See your comment")).toMatch(
      new RegExp(`^${SITE}/posts/sheds/comments/\\d+$`),
    );
    // One message, then the address is gone.
    expect(subscriptionsOf(email)).toEqual([]);
  });

  it("gets a rejection notice with the moderator's reason and the text as written", async () => {
    const email = "rosa.guest@example.org"; // confirmed above: no new link
    const body =
      "My neighbour at **12 Elm Road** leaves the shed open.\n\n- one\n- two";
    const held = await holdComment({ name: "Rosa", email, body, tellMe: "on" });
    expect(held.message).not.toMatch(/follow the link/);
    const decided = new Date();
    decideAndTellPosters(
      [held.id],
      "reject",
      MODERATOR,
      { note: "It names a home.", reason: "It names a home." },
      decided,
    );
    // Nothing leaves while the moderator may still undo the Reject.
    expect(await deliver(email, decided)).toHaveLength(0);
    const [notice, ...more] = await deliver(email, afterUndo(decided));
    expect(more).toHaveLength(0);
    expect(notice!.subject).toMatch(/^Your comment was not published/);
    expect(notice!.text).toContain("The moderator's reason: It names a home.");
    expect(notice!.text).toContain(
      "> My neighbour at **12 Elm Road** leaves the shed open.",
    );
    expect(notice!.html).toContain(
      "<pre>My neighbour at **12 Elm Road** leaves the shed open.",
    );
    expect(subscriptionsOf(email)).toEqual([]);
  });

  it("is sent nothing for a Reject the moderator undid, and is told of the decision that follows", async () => {
    const email = "rosa.guest@example.org"; // confirmed above: no new link
    const held = await holdComment({
      name: "Rosa",
      email,
      body: "Rejected by mistake.",
      tellMe: "on",
    });
    const moderator = await makeUser("moderator", "Undoing Moderator");
    const actor = {
      name: "Undoing Moderator",
      userId: moderator.id,
      role: "moderator" as const,
    };
    const decided = new Date();
    const { undo } = decideAndTellPosters(
      [held.id],
      "reject",
      actor,
      { note: null, reason: "Off topic." },
      decided,
    );
    expect(subscriptionsOf(email)).toEqual([]);
    const undone = undoAndTakeBackNotices(
      undo!,
      { ...actor, role: "moderator" },
      new Date(decided.getTime() + 60_000),
    );
    expect(undone.undone).toBe(1);
    // The wish to be told stands again, and the rejection never leaves.
    expect(subscriptionsOf(email)).toHaveLength(1);
    expect(await deliver(email, afterUndo(decided))).toHaveLength(0);
    // The decision that follows is the one the poster hears of.
    decideAndTellPosters(
      [held.id],
      "approve",
      actor,
      { note: null, reason: null },
      afterUndo(decided),
    );
    const [notice, ...more] = await deliver(email, afterUndo(decided));
    expect(more).toHaveLength(0);
    expect(notice!.subject).toMatch(/^Your comment is published/);
  });

  it("gets nothing about the comment until the address is confirmed", async () => {
    const email = "unconfirmed@example.org";
    const held = await holdComment({ name: "Una", email, tellMe: "on" });
    const [confirmation] = await deliver(email);
    expect(confirmation!.subject).toMatch(/^Confirm your email address/);
    decideAndTellPosters(
      [held.id],
      "approve",
      MODERATOR,
      { note: null, reason: null },
      new Date(),
    );
    expect(await deliver(email)).toHaveLength(0);
    // The outcome is past: its subscription and the address are not kept.
    expect(subscriptionsOf(email)).toEqual([]);
  });

  it("gets nothing without the checkbox (the control: the same comment with it gets a notice)", async () => {
    const email = "rosa.guest@example.org";
    const without = await holdComment({
      name: "Rosa",
      email,
      body: "Without the box.",
    });
    const withBox = await holdComment({
      name: "Rosa",
      email,
      body: "With the box.",
      tellMe: "on",
    });
    decideAndTellPosters(
      [without.id, withBox.id],
      "approve",
      MODERATOR,
      { note: null, reason: null },
      new Date(),
    );
    const mails = await deliver(email);
    expect(mails.map((mail) => mail.subject)).toEqual([
      expect.stringMatching(/^Your comment is published/),
    ]);
  });
});

describe("a member who asked", () => {
  it("is told at their account's address, without a confirmation, when a published comment is removed", async () => {
    const member = await makeUser("member", "Mem Ber");
    const cookie = await sessionCookieFor(member.id);
    const posted = await postComment(
      "sheds",
      commentFields({ body: "Members are published at once.", tellMe: "on" }),
      { cookie, address: freshAddress() },
    );
    expect(posted.result.status).toBe("published");
    if (posted.result.status !== "published") return;
    const decided = new Date();
    decideAndTellPosters(
      [posted.result.comment.id],
      "remove",
      MODERATOR,
      { note: "Off topic.", reason: "Off topic." },
      decided,
    );
    const [notice, ...more] = await deliver(member.email, afterUndo(decided));
    expect(more).toHaveLength(0);
    expect(notice!.subject).toMatch(/^Your comment was removed/);
    expect(notice!.text).toContain("The moderator's reason: Off topic.");
    expect(notice!.text).toContain("> Members are published at once.");
  });
});

describe("a member's own data", () => {
  it("lists what they follow in their download, and deleting the account deletes it", async () => {
    const member = await makeUser("member");
    const cookie = await sessionCookieFor(member.id);
    await postComment(
      "sheds",
      commentFields({ body: `Followed by member ${member.id}.`, tellMe: "on" }),
      { cookie, address: freshAddress() },
    );
    // As a guest too, with the same address.
    await holdComment({
      name: "Mem",
      email: member.email,
      body: `As a guest ${member.id}.`,
      tellMe: "on",
    });
    const other = await makeUser("member");
    await postComment(
      "sheds",
      commentFields({ body: `Followed by another ${other.id}.`, tellMe: "on" }),
      { cookie: await sessionCookieFor(other.id), address: freshAddress() },
    );
    expect(accountData(member.id)!.subscriptions).toEqual([
      expect.objectContaining({
        kind: "comment-outcome",
        cadence: "immediate",
      }),
      expect.objectContaining({
        kind: "comment-outcome",
        cadence: "immediate",
      }),
    ]);
    expect(deleteAccount(member.id, new Date())).toBe(true);
    expect(subscriptionsOf(member.email)).toEqual([]);
    // Control: another member's stays.
    expect(subscriptionsOf(other.email)).toHaveLength(1);
  });
});

describe("the form", () => {
  it("refuses the box without an email, keeping what was typed, with the message beside the email", async () => {
    const posted = await postComment(
      "sheds",
      commentFields({ name: "Rosa", body: "Keep me.", tellMe: "on" }),
      { address: freshAddress() },
    );
    expect(posted.status).toBe(400);
    expect(posted.result).toMatchObject({
      status: "invalid",
      errors: { email: expect.stringMatching(/Give your email/) },
      values: { name: "Rosa", body: "Keep me.", tellMe: true },
    });
  });
});

describe("unsubscribing", () => {
  /** A member's published comment with the box ticked: its subscription lives until an outcome. */
  async function subscribedMember() {
    const member = await makeUser("member");
    const cookie = await sessionCookieFor(member.id);
    const posted = await postComment(
      "sheds",
      commentFields({ body: `Member comment ${member.id}.`, tellMe: "on" }),
      { cookie, address: freshAddress() },
    );
    if (posted.result.status !== "published") throw new Error("not published");
    return { member, commentId: posted.result.comment.id };
  }

  it("puts List-Unsubscribe headers on a notice, and the mail client's POST to the header's URL stops it", async () => {
    const first = await subscribedMember();
    const second = await holdComment({
      name: "Rosa",
      email: first.member.email,
      body: "A second comment, as a guest with the same address.",
      tellMe: "on",
    });
    expect(subscriptionsOf(first.member.email)).toHaveLength(2);
    // The member's comment is removed: one notice, carrying the headers.
    const decided = new Date();
    decideAndTellPosters(
      [first.commentId],
      "remove",
      MODERATOR,
      { note: null, reason: null },
      decided,
    );
    const [notice] = await deliver(first.member.email, afterUndo(decided));
    // mailparser keeps the raw lines of the list headers (it folds them into a "list" entry).
    const headerLine = (key: string) =>
      notice!.headerLines
        .find((line) => line.key === key)
        ?.line.replace(/\r?\n\s+/g, " ");
    expect(headerLine("list-unsubscribe-post")).toBe(
      "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
    );
    const header = headerLine("list-unsubscribe")!;
    const [https, mailto] = [...header.matchAll(/<([^>]+)>/g)].map(
      (m) => m[1]!,
    );
    expect(https).toMatch(new RegExp(`^${SITE}/unsubscribe/`));
    expect(mailto).toMatch(
      /^mailto:noreply@lookout\.example\.org\?subject=Unsubscribe&body=/,
    );
    expect(header).not.toContain(first.member.email);
    // The footer's page lists what the address still follows: the guest comment's wish.
    const pageUrl = linkAfter(notice!, "What this address follows")!;
    const pageToken = pageUrl.split("/subscriptions/")[1]!;
    const page = await answerOf(() =>
      subscriptionsLoader({
        request: browserRequest(`/subscriptions/${pageToken}`),
        params: { token: pageToken },
        context: { clientAddress: freshAddress() },
      }),
    );
    expect(page.data).toEqual({
      items: [
        {
          id: expect.any(Number),
          label: {
            text: "What happens to your comment on “Sheds”",
            href: "/posts/sheds",
          },
        },
      ],
    });

    // A mail client's one-click POST: no cookie, no Origin, the RFC 8058 body.
    const token = https!.split("/unsubscribe/")[1]!;
    const oneClick = new Request(https!, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    const answer = await answerOf(() =>
      unsubscribeAction({
        request: oneClick,
        params: { token },
        context: { clientAddress: freshAddress() },
      }),
    );
    expect(answer.status).toBe(200);
    // The notice was its own subscription's last message: its link stops what else the
    // address follows, here the guest comment's wish.
    expect(answer.data).toEqual({ stopped: 1 });
    expect(subscriptionsOf(first.member.email)).toEqual([]);
    expect(second.id).toBeGreaterThan(first.commentId);
  });

  it("stops one subscription by its one-click link, leaving the address's others (the control)", async () => {
    const { member } = await subscribedMember();
    const other = await subscribedMember();
    const [mine] = subscriptionsOf(member.email);
    const { unsubscribeLinks } =
      await import("~/features/notify/unsubscribe.server");
    const url = unsubscribeLinks(mine!.addressKey, mine!.id).oneClickUrl;
    const token = url.split("/unsubscribe/")[1]!;
    // Opening it (a mail scanner) changes nothing.
    const opened = await answerOf(() =>
      unsubscribeLoader({
        request: browserRequest(`/unsubscribe/${token}`),
        params: { token },
        context: { clientAddress: freshAddress() },
      }),
    );
    expect(opened.data).toMatchObject({
      items: ["What happens to your comment on “Sheds”"],
      all: false,
    });
    expect(subscriptionsOf(member.email)).toHaveLength(1);
    const answer = await answerOf(() =>
      unsubscribeAction({
        request: new Request(url, {
          method: "POST",
          body: "List-Unsubscribe=One-Click",
        }),
        params: { token },
        context: { clientAddress: freshAddress() },
      }),
    );
    expect(answer.data).toEqual({ stopped: 1 });
    expect(subscriptionsOf(member.email)).toEqual([]);
    expect(subscriptionsOf(other.member.email)).toHaveLength(1);
  });

  it("refuses a link with a forged signature, changing nothing", async () => {
    const { member } = await subscribedMember();
    const [mine] = subscriptionsOf(member.email);
    const { unsubscribeToken } =
      await import("~/features/notify/unsubscribe.server");
    const real = unsubscribeToken(mine!.addressKey, "all");
    const forged = `${real.slice(0, -2)}${real.endsWith("AA") ? "BB" : "AA"}`;
    const answer = await answerOf(() =>
      unsubscribeAction({
        request: new Request(`${SITE}/unsubscribe/${forged}`, {
          method: "POST",
          body: "List-Unsubscribe=One-Click",
        }),
        params: { token: forged },
        context: { clientAddress: freshAddress() },
      }),
    );
    expect(answer.status).toBe(404);
    expect(subscriptionsOf(member.email)).toHaveLength(1);
    // The subscriptions page stops everything with the real one.
    const stopAll = await answerOf(() =>
      subscriptionsAction({
        request: browserRequest(`/subscriptions/${real}`, {
          form: { intent: "stop-all" },
        }),
        params: { token: real },
        context: { clientAddress: freshAddress() },
      }),
    );
    expect(stopAll.data).toMatchObject({ ok: true });
    expect(subscriptionsOf(member.email)).toEqual([]);
  });
});

describe("the desk's reason", () => {
  const decideOnDesk = async (
    commentId: number,
    action: string,
    note: string,
  ) => {
    const moderator = await makeUser("moderator");
    const cookie = await sessionCookieFor(moderator.id);
    return answerOf(() =>
      deskAction({
        request: browserRequest("/moderation/comments", {
          cookie,
          form: {
            intent: "moderate",
            action,
            commentId: String(commentId),
            note,
            redirectTo: "/moderation",
          },
        }),
        params: {},
        context: { clientAddress: freshAddress() },
      }),
    );
  };

  it("is the one a rejected poster reads, and an approval carries none", async () => {
    const email = "desk.reason@example.org";
    const rejected = await holdComment({
      name: "Dee",
      email,
      body: "Rejected on the desk.",
      tellMe: "on",
    });
    const approved = await holdComment({
      name: "Dee",
      email,
      body: "Approved on the desk.",
      tellMe: "on",
    });
    const [confirmation] = await deliver(email);
    expect((await confirmFrom(confirmation!)).pressed.data).toMatchObject({
      confirmed: true,
    });
    expect(
      (await decideOnDesk(rejected.id, "reject", "It is not about this post."))
        .status,
    ).toBe(302);
    expect(
      (await decideOnDesk(approved.id, "approve", "Looks fine to me.")).status,
    ).toBe(302);
    // After the Reject's Undo has run out, when its notice leaves.
    const mails = await deliver(email, afterUndo(new Date()));
    const rejection = mails.find((mail) =>
      mail.subject?.startsWith("Your comment was not published"),
    )!;
    expect(rejection.text).toContain(
      "The moderator's reason: It is not about this post.",
    );
    const approval = mails.find((mail) =>
      mail.subject?.startsWith("Your comment is published"),
    )!;
    expect(approval.text).not.toContain("Looks fine to me.");
    expect(mails).toHaveLength(2);
  });
});

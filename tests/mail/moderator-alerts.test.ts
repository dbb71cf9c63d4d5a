import { and, eq } from "drizzle-orm";
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { comments, moderationLog, outbox } from "../../db/schema";
import { DEFAULT_POLICY } from "~/domain/moderation-policy";
import { smtpTransport } from "~/features/mail/transport.server";
import { deliverDueMail } from "~/features/mail/worker.server";
import { savePolicySettings } from "~/features/moderation/policy.server";
import { moderateComments } from "~/features/moderation/state-changes.server";
import {
  saveAlertSetting,
  sendDueModeratorAlerts,
} from "~/features/notify/moderator-alerts.server";
import { decideByEmail } from "~/features/notify/moderator-decisions.server";
import { syncContent } from "~/features/posts/content-sync.server";
import {
  action as decideAction,
  headers as decideHeaders,
  loader as decideLoader,
} from "~/routes/moderation_.email.$token";
import { answerOf, browserRequest, makeUser } from "../helpers/accounts";
import { commentFields, freshAddress, postComment } from "../helpers/comments";
import {
  recipientsOf,
  startMailServer,
  type TestMailServer,
} from "../helpers/mail";
import { postFile, useTempSite } from "../helpers/temp-site";
import { action as postAction } from "~/routes/posts.$slug";

const site = useTempSite();
const HOUR_MS = 60 * 60_000;

let server: TestMailServer;
let moderator: { id: number; email: string; displayName: string };
let admin: { id: number; email: string; displayName: string };
let member: { id: number; email: string; displayName: string };

beforeAll(async () => {
  site.writeContent("posts/sheds.md", postFile({ title: "Sheds" }));
  syncContent(site.db(), site.contentDir);
  savePolicySettings(DEFAULT_POLICY, new Date());
  moderator = await makeUser("moderator", "Mo Derator");
  admin = await makeUser("admin", "Ada Admin");
  member = await makeUser("member", "Mem Ber");
  site
    .db()
    .transaction((tx) => saveAlertSetting(tx, admin.id, "none", new Date()));
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

/** An anonymous comment, which the default policy holds; returns its id. */
async function holdComment(body: string): Promise<number> {
  const posted = await postComment("sheds", commentFields({ body }), {
    address: freshAddress(),
  });
  if (posted.result.status !== "held")
    throw new Error(`not held: ${JSON.stringify(posted.result)}`);
  return posted.result.comment.id;
}

/** The tokens of the nth comment's links in a message (0: the first comment). */
function linksIn(mail: ParsedMail, nth = 0) {
  const text = mail.text ?? "";
  const tokenAfter = (label: string) =>
    [
      ...text.matchAll(
        new RegExp(`${label}:\\n\\S+/moderation/email/(\\S+)`, "g"),
      ),
    ].map((m) => m[1]!)[nth]!;
  return {
    approve: tokenAfter("Approve"),
    reject: tokenAfter("Reject"),
    spam: tokenAfter("Spam"),
  };
}

const stateOf = (id: number) =>
  site
    .db()
    .select({ state: comments.state })
    .from(comments)
    .where(eq(comments.id, id))
    .get()!.state;

const open = (token: string) =>
  answerOf(() =>
    decideLoader({
      request: browserRequest(`/moderation/email/${token}`),
      params: { token },
      context: { clientAddress: freshAddress() },
    }),
  );
const confirm = (token: string) =>
  answerOf(() =>
    decideAction({
      request: browserRequest(`/moderation/email/${token}`, { form: {} }),
      params: { token },
      context: { clientAddress: freshAddress() },
    }),
  );

let firstId: number;
let firstMail: ParsedMail;
let secondId: number;
let digest: ParsedMail;
let otherModeratorEmail = "";
const start = new Date();

describe("alerts about held comments, through a real SMTP server", () => {
  it("sends the first hold at once, to the moderator who wants it only", async () => {
    firstId = await holdComment(
      "Is the **shed** locked? <script>alert(1)</script> <img src=x onerror=alert(2)>",
    );
    const mails = await deliver();
    expect(mails.map(recipientsOf)).toEqual([[moderator.email]]);
    firstMail = mails[0]!;
    expect(firstMail.subject).toBe("A comment is waiting for you · Lookout");
    const html = firstMail.html as string;
    expect(html).toContain("<strong>shed</strong>");
    expect(html).not.toContain("<script");
    // Typed HTML shows as text, never as an element.
    expect(html).not.toMatch(/<img/);
    expect(html).toContain("&lt;script&gt;");
    for (const part of [firstMail.text!, html]) {
      expect(part).toContain('On "Sheds", by an anonymous guest');
      expect(part).toContain("Held because:");
      expect(part).toContain("/moderation/email/");
    }
    expect(firstMail.text).toContain("> Is the shed locked?");
  });

  it("keeps the next hold in the hour for the hourly digest, sent when the hour is up", async () => {
    secondId = await holdComment("A second question about bikes.");
    // Nothing goes at once: the first alert of the hour went out.
    expect(await deliver()).toEqual([]);
    expect(
      sendDueModeratorAlerts(
        site.db(),
        new Date(start.getTime() + 30 * 60_000),
        {
          reminderAfterMs: 24 * HOUR_MS,
        },
      ),
    ).toEqual({ digests: 0, reminders: 0 });
    const inAnHour = new Date(Date.now() + HOUR_MS + 60_000);
    expect(
      sendDueModeratorAlerts(site.db(), inAnHour, {
        reminderAfterMs: 24 * HOUR_MS,
      }),
    ).toEqual({ digests: 1, reminders: 0 });
    const mails = await deliver(inAnHour);
    expect(mails.map(recipientsOf)).toEqual([[moderator.email]]);
    digest = mails[0]!;
    // The first comment also still waits, but it was sent at once: only the second is listed.
    expect(digest.subject).toBe("1 comment is waiting for you · Lookout");
    expect(digest.text).toContain("A second question about bikes.");
    expect(digest.text).not.toContain("Is the shed locked?");
    // Sent once: the next step finds nothing new for the digest.
    expect(
      sendDueModeratorAlerts(
        site.db(),
        new Date(inAnHour.getTime() + 2 * HOUR_MS),
        {
          reminderAfterMs: 24 * HOUR_MS,
        },
      ).digests,
    ).toBe(0);
  });
});

describe("one-click decisions from an alert", () => {
  it("changes nothing when the approve link is opened, publishes on the POST, then says it was used", async () => {
    const { approve } = linksIn(firstMail);
    const opened = await open(approve);
    expect(opened.status).toBe(200);
    expect(decideHeaders()).toEqual({ "Cache-Control": "private, no-store" });
    expect(stateOf(firstId)).toBe("pending");

    const confirmed = await confirm(approve);
    expect(confirmed.status).toBe(200);
    expect(confirmed.data).toMatchObject({
      done: "Approved: the comment is published.",
    });
    expect(stateOf(firstId)).toBe("published");
    const logged = site
      .db()
      .select()
      .from(moderationLog)
      .where(
        and(
          eq(moderationLog.commentId, firstId),
          eq(moderationLog.action, "comment.approved"),
        ),
      )
      .all();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      actor: "Mo Derator",
      actorUserId: moderator.id,
      note: "by email",
    });

    const again = await confirm(approve);
    expect(again.status).toBe(410);
    expect(again.data).toMatchObject({
      refusal: "This link has already been used. Nothing was changed.",
    });
    expect((await open(approve)).status).toBe(410);
  });

  it("says a comment decided by another moderator was decided, and changes nothing", async () => {
    const { reject } = linksIn(digest);
    const other = await makeUser("moderator", "Other Mod");
    otherModeratorEmail = other.email;
    moderateComments(
      [secondId],
      "approve",
      { name: other.displayName, userId: other.id },
      null,
      new Date(),
    );
    const opened = await open(reject);
    expect(opened.status).toBe(409);
    expect(opened.data).toMatchObject({
      refusal: expect.stringContaining("Another moderator has already decided"),
    });
    const confirmed = await confirm(reject);
    expect(confirmed.status).toBe(409);
    expect(stateOf(secondId)).toBe("published");
  });

  it("refuses an expired link and a tampered one; the same link in time acts", async () => {
    site
      .db()
      .transaction((tx) =>
        saveAlertSetting(tx, moderator.id, "immediate", new Date()),
      );
    const id = await holdComment("A third comment, to be marked as spam.");
    const [mail] = await deliver();
    const { spam } = linksIn(mail!);

    const expired = decideByEmail(spam, new Date(Date.now() + 73 * HOUR_MS));
    expect(expired.outcome).toEqual({ kind: "link-expired" });
    expect(stateOf(id)).toBe("pending");

    const last = spam.at(-1) === "A" ? "B" : "A";
    const tampered = `${spam.slice(0, -1)}${last}`;
    expect((await open(tampered)).status).toBe(410);
    const refused = await confirm(tampered);
    expect(refused.status).toBe(410);
    expect(refused.data).toMatchObject({
      refusal: expect.stringContaining("does not work"),
    });
    expect(stateOf(id)).toBe("pending");

    // The control: the untouched link, in time, acts.
    expect((await confirm(spam)).status).toBe(200);
    expect(stateOf(id)).toBe("spam");
  });

  it("leaves the link usable when the decision cannot be saved", async () => {
    const id = await holdComment(
      "A fourth comment, decided after a failed write.",
    );
    const [mail] = await deliver();
    const { approve } = linksIn(mail!);
    const sqlite = site.db().$client;
    // As a full disk would: the comment's change is refused, after the link was checked.
    sqlite.exec(
      "CREATE TRIGGER refuse_decisions BEFORE UPDATE OF state ON comments BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END",
    );
    try {
      expect(() => decideByEmail(approve, new Date())).toThrow(
        "database or disk is full",
      );
    } finally {
      sqlite.exec("DROP TRIGGER refuse_decisions");
    }
    expect(stateOf(id)).toBe("pending");
    expect((await open(approve)).status).toBe(200);

    // The control: once the database takes the write, the same link acts.
    expect((await confirm(approve)).status).toBe(200);
    expect(stateOf(id)).toBe("published");
  });
});

describe("the reminder of comments waiting", () => {
  it("tells how many wait and how long the oldest has", async () => {
    site.db().delete(outbox).run();
    await holdComment("Still waiting, one.");
    await holdComment("Still waiting, two.");
    await deliver();
    const soon = new Date(Date.now() + 2 * HOUR_MS);
    expect(
      sendDueModeratorAlerts(site.db(), soon, { reminderAfterMs: 24 * HOUR_MS })
        .reminders,
    ).toBe(0);
    const later = new Date(Date.now() + 31 * HOUR_MS + 60_000);
    expect(
      sendDueModeratorAlerts(site.db(), later, {
        reminderAfterMs: 24 * HOUR_MS,
      }).reminders,
    ).toBe(2);
    const mails = await deliver(later);
    const reminders = mails.filter((m) =>
      m.subject?.includes("waiting, the oldest"),
    );
    // Both moderators (the one who decided earlier too); the admin chose none.
    expect(reminders.flatMap(recipientsOf).sort()).toEqual(
      [moderator.email, otherModeratorEmail].sort(),
    );
    expect(reminders[0]!.subject).toBe(
      "2 comments waiting, the oldest 31 hours · Lookout",
    );
    expect(mails.flatMap(recipientsOf)).not.toContain(admin.email);
    expect(mails.flatMap(recipientsOf)).not.toContain(member.email);
  });
});

describe("alerts about reports", () => {
  it("alerts when readers' reports send a comment back, with the reports' reasons", async () => {
    savePolicySettings({ ...DEFAULT_POLICY, reportThreshold: 1 }, new Date());
    const id = await holdComment("Call this number for cheap locks.");
    moderateComments(
      [id],
      "approve",
      { name: moderator.displayName, userId: moderator.id },
      null,
      new Date(),
    );
    await deliver();
    const reported = await answerOf(() =>
      postAction({
        request: browserRequest("/posts/sheds", {
          form: {
            intent: "report",
            commentId: String(id),
            reason: "spam",
            note: "",
          },
        }),
        params: { slug: "sheds" },
        context: { clientAddress: freshAddress() },
      }),
    );
    expect(reported.status).toBe(200);
    expect(stateOf(id)).toBe("pending");
    const mails = await deliver();
    const alert = mails.find((m) =>
      m.subject?.startsWith("A comment was reported"),
    );
    expect(alert && recipientsOf(alert)).toEqual([moderator.email]);
    expect(alert!.text).toContain("Reported once: Spam or advertising");
    expect(alert!.text).toContain("> Call this number for cheap locks.");
    expect(linksIn(alert!).approve).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

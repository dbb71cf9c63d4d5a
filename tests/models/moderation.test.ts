import { and, asc, count, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { bans, comments, moderationLog, posts, reports } from "../../db/schema";
import type { ReportActionResult } from "~/features/discussion/discussion.server";
import { DEFAULT_POLICY } from "~/domain/moderation-policy";
import { REPORT_LIMIT } from "~/domain/report-rules";
import {
  createBans,
  liftBan,
  type NewBan,
} from "~/features/moderation/ban.server";
import {
  approveComment,
  moderateComments,
} from "~/features/moderation/state-changes.server";
import {
  dismissReports,
  reportComment,
} from "~/features/moderation/reports.server";
import {
  listLog,
  listLogActors,
  listQueue,
  listReportedComments,
} from "~/features/moderation/moderation.server";
import {
  pendingCount,
  reportedCount,
} from "~/features/moderation/pending-count.server";
import {
  getPolicySettings,
  savePolicySettings,
} from "~/features/moderation/policy.server";
import { setVerified } from "~/features/accounts/user.server";
import {
  action as postAction,
  loader as postLoader,
} from "~/routes/posts.$slug";
import { syncContent } from "~/features/posts/content-sync.server";
import { addressKey, emailKey } from "~/platform/secrets.server";
import {
  answerOf,
  browserRequest,
  makeUser,
  sessionCookieFor,
} from "../helpers/accounts";
import {
  commentFields,
  cookieFrom,
  freshAddress,
  postComment,
} from "../helpers/comments";
import { postFile, useTempSite } from "../helpers/temp-site";
import { openDatabase } from "../../db/client.server";
import { threadIn } from "../helpers/loaders";

const site = useTempSite();

beforeAll(() => {
  site.writeContent("posts/sheds.md", postFile({ title: "Sheds" }));
  site.writeContent("posts/bikes.md", postFile({ title: "Bikes" }));
  syncContent(site.db(), site.contentDir);
});

const MODERATOR = { name: "Mo Derator", userId: null, role: "admin" } as const;

const commentRow = (id: number) =>
  site.db().select().from(comments).where(eq(comments.id, id)).get()!;
const newestCommentId = () =>
  site.db().select().from(comments).orderBy(desc(comments.id)).get()!.id;
const commentCount = (slug: string) =>
  site
    .db()
    .select({ n: posts.publishedCommentCount })
    .from(posts)
    .where(eq(posts.slug, slug))
    .get()!.n;
const totalComments = () =>
  site.db().select({ n: count() }).from(comments).get()!.n;
const logOf = (commentId: number) =>
  site
    .db()
    .select()
    .from(moderationLog)
    .where(eq(moderationLog.commentId, commentId))
    .orderBy(asc(moderationLog.id))
    .all();
const openReports = (commentId: number) =>
  site
    .db()
    .select()
    .from(reports)
    .where(eq(reports.commentId, commentId))
    .all()
    .filter((report) => report.dismissedAt === null);

async function heldComment(slug = "sheds"): Promise<number> {
  const posted = await postComment(
    slug,
    commentFields({ body: `Held ${Math.random()}` }),
    { address: freshAddress() },
  );
  expect(posted.result.status).toBe("held");
  return newestCommentId();
}

async function publishedComment(slug = "sheds"): Promise<number> {
  const id = await heldComment(slug);
  expect(approveComment(id, MODERATOR, new Date())).toBe(true);
  return id;
}

/** A reader reports a comment through the post page's form, as a browser would. */
async function reportVia(
  slug: string,
  commentId: number,
  cookie: string | null = null,
  { address = freshAddress(), note = "" } = {},
) {
  const answer = await answerOf(() =>
    postAction({
      request: browserRequest(`/posts/${slug}`, {
        cookie,
        form: {
          intent: "report",
          commentId: String(commentId),
          reason: "abuse",
          note,
        },
      }),
      params: { slug },
      context: { clientAddress: address },
    }),
  );
  return {
    status: answer.status,
    headers: answer.headers,
    result: answer.data as ReportActionResult,
    cookie: cookieFrom(answer.setCookie),
  };
}

async function threadIds(slug: string): Promise<number[]> {
  const page = await postLoader({
    request: browserRequest(`/posts/${slug}`),
    params: { slug },
    context: { clientAddress: "203.0.113.1" },
  });
  return threadIn(page).map((node) => node.comment.id);
}

/** A report by a reader the site tells apart from every other: their own browser and address. */
const report = (commentId: number, reader: string, threshold = 3) =>
  reportComment(
    {
      commentId,
      reporter: {
        userId: null,
        guestKey: reader,
        addressKey: addressKey(`reader ${reader}`),
      },
      reason: "spam",
      note: null,
    },
    threshold,
    new Date(),
  ).kind;

describe("reports", () => {
  it("takes one report per reader and comment", async () => {
    const id = await publishedComment();
    const first = await reportVia("sheds", id);
    expect(first.status).toBe(200);
    expect(first.result).toMatchObject({
      status: "reported",
      message: "Thank you: a moderator will look at this comment.",
    });
    // The same browser again: still one reader.
    const again = await reportVia("sheds", id, first.cookie);
    expect(again.result).toMatchObject({
      status: "reported",
      message:
        "You have already reported this comment: a moderator will look at it.",
    });
    expect(report(id, "reader-41")).toBe("reported");
    expect(report(id, "reader-41")).toBe("already-reported");
    expect(openReports(id)).toHaveLength(2);
    expect(commentRow(id).state).toBe("published");
  });

  it("counts a signed-in member as one reader whichever browser they use", async () => {
    const id = await publishedComment();
    const member = await makeUser();
    const phone = await sessionCookieFor(member.id);
    const laptop = await sessionCookieFor(member.id);
    expect((await reportVia("sheds", id, phone)).result.status).toBe(
      "reported",
    );
    expect((await reportVia("sheds", id, laptop)).result.message).toMatch(
      /already reported/,
    );
    expect(openReports(id).map((row) => row.reporterKey)).toEqual([
      `user:${member.id}`,
    ]);
  });

  it("follows the policy another process stores, and shares one no request can change", () => {
    expect(getPolicySettings().reportThreshold).toBe(3);
    expect(Object.isFrozen(getPolicySettings())).toBe(true);
    // As the settings page of another server process, or a restore, would write it.
    const other = openDatabase(site.db().$client.name);
    onTestFinished(() => {
      other.$client.close();
      savePolicySettings(DEFAULT_POLICY, new Date());
    });
    const store = (value: object) =>
      other.$client
        .prepare(
          `insert into settings (key, value, updated_at) values ('moderation', ?, 0)
           on conflict (key) do update set value = excluded.value`,
        )
        .run(JSON.stringify(value));
    store({ ...DEFAULT_POLICY, reportThreshold: 5 });
    expect(getPolicySettings().reportThreshold).toBe(5);
    // A stored value the policy refuses: the defaults, not a half-read policy.
    store({ ...DEFAULT_POLICY, reportThreshold: "many" });
    expect(getPolicySettings()).toEqual(DEFAULT_POLICY);
  });

  it("sends a comment back to the queue at the configured number of distinct readers", async () => {
    expect(getPolicySettings().reportThreshold).toBe(3);
    const id = await publishedComment();
    const number = commentRow(id).number;
    const count = commentCount("sheds");

    // Two readers, one of them twice: not yet.
    const first = await reportVia("sheds", id);
    await reportVia("sheds", id, first.cookie);
    await reportVia("sheds", id);
    expect(commentRow(id).state).toBe("published");
    expect(commentCount("sheds")).toBe(count);

    const third = await reportVia("sheds", id);
    expect(third.result.status).toBe("reported");
    expect(commentRow(id)).toMatchObject({ state: "pending", number });
    expect(commentCount("sheds")).toBe(count - 1);
    expect(await threadIds("sheds")).not.toContain(id);
    expect(logOf(id).at(-1)).toMatchObject({
      actor: "policy",
      actorUserId: null,
      action: "comment.reported",
      note: "3 readers reported it",
    });
    expect(
      listReportedComments().find((comment) => comment.id === id),
    ).toMatchObject({ state: "pending", openReports: 3 });
    expect(
      listQueue(
        { state: "pending", posterClass: null, postId: null },
        { page: 1, perPage: 500 },
      ).items.map((item) => item.id),
    ).toContain(id);

    // Once it is off the page, it cannot be reported again.
    const fourth = await reportVia("sheds", id);
    expect(fourth.status).toBe(409);
    expect(fourth.result.status).toBe("invalid");
    expect(openReports(id)).toHaveLength(3);
  });

  it("counts one cookie-less client as one reporter: three of its reports do not take a comment down", async () => {
    const id = await publishedComment();
    const address = freshAddress();
    const answers = [];
    for (const _ of [1, 2, 3])
      answers.push(await reportVia("sheds", id, null, { address }));
    expect(answers.map((answer) => answer.result.message)).toEqual([
      "Thank you: a moderator will look at this comment.",
      "You have already reported this comment: a moderator will look at it.",
      "You have already reported this comment: a moderator will look at it.",
    ]);
    expect(openReports(id)).toHaveLength(1);
    expect(commentRow(id).state).toBe("published");

    // Control: three readers the site tells apart do.
    const control = await publishedComment();
    for (const _ of [1, 2, 3]) await reportVia("sheds", control);
    expect(commentRow(control).state).toBe("pending");
  });

  it.each<
    [
      string,
      (
        id: number,
        first: { address: string; cookie: string | null },
      ) => ReturnType<typeof reportVia>,
    ]
  >([
    [
      "a changed cookie from the same address",
      (id, { address }) => reportVia("sheds", id, null, { address }),
    ],
    [
      "the same browser from another address",
      (id, { cookie }) => reportVia("sheds", id, cookie),
    ],
    [
      "a member signed in on the same connection",
      async (id, { address }) =>
        reportVia("sheds", id, await sessionCookieFor((await makeUser()).id), {
          address,
        }),
    ],
  ])("counts %s as the same reporter", async (_case, again) => {
    const id = await publishedComment();
    const address = freshAddress();
    const first = await reportVia("sheds", id, null, { address });
    expect(first.result.status).toBe("reported");
    const second = await again(id, { address, cookie: first.cookie });
    expect(second.result.message).toBe(
      "You have already reported this comment: a moderator will look at it.",
    );
    expect(openReports(id)).toHaveLength(1);
  });

  it("counts cookie-less reports from addresses of one IPv6 /64 as one reporter", async () => {
    const id = await publishedComment();
    for (const host of ["1", "2", "abcd:ef01:2345:6789"]) {
      await reportVia("sheds", id, null, { address: `2001:db8:77:1::${host}` });
    }
    expect(openReports(id)).toHaveLength(1);
    expect(commentRow(id).state).toBe("published");
    // Control: another /64 is another reporter.
    await reportVia("sheds", id, null, { address: "2001:db8:77:2::1" });
    expect(openReports(id)).toHaveLength(2);
  });

  it("limits how many reports one reporter sends an hour, keeping what they typed", async () => {
    const address = freshAddress();
    const ids = [];
    for (let n = 0; n <= REPORT_LIMIT; n += 1)
      ids.push(await publishedComment());
    let cookie: string | null = null;
    for (const id of ids.slice(0, REPORT_LIMIT)) {
      const sent = await reportVia("sheds", id, cookie, { address });
      expect(sent.result.status).toBe("reported");
      cookie = sent.cookie;
    }
    const last = ids.at(-1)!;
    // Neither the same browser nor a cleared cookie gets past it.
    for (const browser of [cookie, null]) {
      const refused = await reportVia("sheds", last, browser, {
        address,
        note: "It is rude.",
      });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(3000);
      expect(refused.result).toMatchObject({
        status: "invalid",
        message:
          "You have sent 10 reports in the last hour: please try again in 60 minutes. Your report was not sent yet.",
        values: { reason: "abuse", note: "It is rude." },
      });
    }
    expect(openReports(last)).toEqual([]);
    // Control: another reader reports the same comment at once.
    expect((await reportVia("sheds", last)).result.status).toBe("reported");
  });

  it("alerts moderators instead of taking down a trusted poster's comment", async () => {
    for (const kind of ["verified", "moderator"] as const) {
      const poster = await makeUser(kind);
      const posted = await postComment(
        "sheds",
        commentFields({ body: `Trusted ${Math.random()}` }),
        { cookie: await sessionCookieFor(poster.id), address: freshAddress() },
      );
      expect(posted.result.status).toBe("published");
      const id = newestCommentId();
      const waiting = pendingCount();
      const reported = reportedCount();
      await reportVia("sheds", id);
      await reportVia("sheds", id);
      expect(pendingCount()).toBe(waiting);
      // Below the threshold it is not waiting, but the header shows it as reported.
      expect(reportedCount()).toBe(reported + 1);
      const third = await reportVia("sheds", id);
      expect(reportedCount()).toBe(reported);
      expect(third.result.status).toBe("reported");
      expect(commentRow(id).state).toBe("published");
      expect(await threadIds("sheds")).toContain(id);
      // It waits for a moderator: counted in the desk header, listed among the reports.
      expect(pendingCount()).toBe(waiting + 1);
      expect(
        listReportedComments().find((comment) => comment.id === id),
      ).toMatchObject({ state: "published", openReports: 3 });
      expect(logOf(id).at(-1)).toMatchObject({
        actor: "policy",
        action: "reports.alert",
        note: "3 readers reported it; it stays published because its poster is trusted",
      });
      // A fourth report does not alert twice.
      await reportVia("sheds", id);
      expect(
        logOf(id).filter((row) => row.action === "reports.alert"),
      ).toHaveLength(1);
      expect(pendingCount()).toBe(waiting + 1);
      dismissReports(id, MODERATOR, new Date());
      expect(pendingCount()).toBe(waiting);
      expect(reportedCount()).toBe(reported);
    }
  });

  it("follows the threshold an admin sets", async () => {
    savePolicySettings({ ...DEFAULT_POLICY, reportThreshold: 2 }, new Date());
    try {
      const id = await publishedComment();
      await reportVia("sheds", id);
      expect(commentRow(id).state).toBe("published");
      await reportVia("sheds", id);
      expect(commentRow(id).state).toBe("pending");
      expect(logOf(id).at(-1)?.note).toBe("2 readers reported it");
    } finally {
      savePolicySettings(DEFAULT_POLICY, new Date());
    }
  });

  it("dismisses open reports: they stop counting, and dismissing again does nothing", async () => {
    const id = await publishedComment();
    report(id, "guest:a");
    report(id, "guest:b");
    expect(
      listReportedComments().find((comment) => comment.id === id)?.reports,
    ).toHaveLength(2);

    const moderator = await makeUser("moderator", "Dismissing Moderator");
    const actor = { name: "Dismissing Moderator", userId: moderator.id };
    expect(dismissReports(id, actor, new Date())).toBe(2);
    expect(openReports(id)).toEqual([]);
    expect(
      site
        .db()
        .select()
        .from(reports)
        .where(eq(reports.commentId, id))
        .all()
        .map((row) => row.dismissedBy),
    ).toEqual([moderator.id, moderator.id]);
    expect(listReportedComments().map((comment) => comment.id)).not.toContain(
      id,
    );
    expect(logOf(id).at(-1)).toMatchObject({
      actor: "Dismissing Moderator",
      actorUserId: moderator.id,
      action: "reports.dismissed",
      note: "2 reports",
    });

    const logs = logOf(id).length;
    expect(dismissReports(id, actor, new Date())).toBe(0);
    expect(logOf(id)).toHaveLength(logs);

    // Dismissed reports do not count toward the threshold: one more reader is just one.
    expect(report(id, "guest:c")).toBe("reported");
    expect(commentRow(id).state).toBe("published");
    // A reader whose report was dismissed has had their say.
    expect(report(id, "guest:a")).toBe("already-reported");
  });

  it("dismisses a comment's open reports when a moderator approves it again", async () => {
    const id = await publishedComment();
    const number = commentRow(id).number;
    const count = commentCount("sheds");
    for (const reader of ["guest:x", "guest:y", "guest:z"]) report(id, reader);
    expect(commentRow(id).state).toBe("pending");

    expect(moderateComments([id], "approve", MODERATOR, null, new Date())).toBe(
      1,
    );
    expect(commentRow(id)).toMatchObject({ state: "published", number });
    expect(commentCount("sheds")).toBe(count);
    expect(openReports(id)).toEqual([]);
    expect(listReportedComments().map((comment) => comment.id)).not.toContain(
      id,
    );
    expect(await threadIds("sheds")).toContain(id);

    // The old reports are settled: one new reader does not send it back.
    expect(report(id, "guest:new")).toBe("reported");
    expect(commentRow(id).state).toBe("published");
  });

  it.each([
    ["a held comment", heldComment],
    ["a comment that does not exist", async () => 999_999],
  ])("does not take a report of %s", async (_case, make) => {
    const id = await make();
    expect(report(id, "guest:someone")).toBe("not-reportable");
    expect(openReports(id)).toEqual([]);
  });
});

describe("bans", () => {
  const ban = (
    kind: NewBan["kind"],
    value: string,
    extra: Partial<NewBan> = {},
  ) => {
    createBans(
      [
        {
          kind,
          value,
          reason: "Repeated abuse",
          expiresAt: null,
          label: "test",
          ...extra,
        },
      ],
      MODERATOR,
      new Date(),
    );
    return site.db().select().from(bans).orderBy(desc(bans.id)).get()!;
  };

  type Poster = {
    address: string;
    cookie: string | null;
    name: string;
    email: string;
  };
  const guest = (): Poster => ({
    address: freshAddress(),
    cookie: null,
    name: "",
    email: "",
  });

  const cases: [string, () => Promise<Poster>][] = [
    [
      "a guest banned by browser, from another address",
      async () => {
        const first = await postComment(
          "sheds",
          commentFields({ body: "Before the ban." }),
          { address: freshAddress() },
        );
        ban("guest", commentRow(newestCommentId()).guestKey!);
        return { ...guest(), cookie: cookieFrom(first.setCookie) };
      },
    ],
    [
      "a guest banned by email, however it is typed",
      async () => {
        ban("email", emailKey("pat.banned@example.org"));
        return {
          ...guest(),
          name: "Pat",
          email: " Pat.Banned@EXAMPLE.org ",
        };
      },
    ],
    [
      "a banned member account",
      async () => {
        const member = await makeUser("verified", "Banned Member");
        ban("user", String(member.id));
        return { ...guest(), cookie: await sessionCookieFor(member.id) };
      },
    ],
    [
      "a staff account",
      async () => {
        const moderator = await makeUser("moderator", "Banned Moderator");
        ban("user", String(moderator.id));
        return { ...guest(), cookie: await sessionCookieFor(moderator.id) };
      },
    ],
  ];

  it.each(cases)("refuses %s, keeping the text", async (_case, makePoster) => {
    const poster = await makePoster();
    const before = totalComments();
    const body = "Let me post *this*.";
    const posted = await postComment(
      "sheds",
      commentFields({ body, name: poster.name, email: poster.email }),
      { address: poster.address, cookie: poster.cookie },
    );
    expect(posted.status).toBe(422);
    expect(posted.result).toMatchObject({
      status: "rejected",
      message:
        "Not accepted because: you are banned from commenting here (Repeated abuse).",
      values: { body, name: poster.name },
    });
    expect(totalComments()).toBe(before);
    const refusal = site
      .db()
      .select()
      .from(moderationLog)
      .orderBy(desc(moderationLog.id))
      .get()!;
    expect(refusal).toMatchObject({
      actor: "policy",
      action: "comment.refused",
      commentId: null,
      reasons: [expect.objectContaining({ code: "banned" })],
    });
  });

  it("holds guests and new members from an address under a ban, saying why; not members known apart", async () => {
    const address = freshAddress();
    ban("address", addressKey(address));
    // Seven comments from one address within the minute: the flood limit is not what is tested.
    savePolicySettings({ ...DEFAULT_POLICY, floodLimit: 20 }, new Date());
    onTestFinished(() => savePolicySettings(DEFAULT_POLICY, new Date()));
    const established = await makeUser("member", "Established Neighbour");
    const establishedCookie = await sessionCookieFor(established.id);
    // Their approved comment from before, from another address.
    const earlier = await postComment(
      "sheds",
      commentFields({ body: `Before ${Math.random()}` }),
      { cookie: establishedCookie, address: freshAddress() },
    );
    expect(earlier.result.status).toBe("published");
    const newcomer = await makeUser("member", "New Account");
    const moderator = await makeUser("moderator", "Moderator At Home");

    const from = async (
      cookie: string | null,
      fields: Record<string, string> = {},
    ) => {
      const body = `From the banned address ${Math.random()}`;
      const posted = await postComment(
        "sheds",
        commentFields({ body, ...fields }),
        { address, cookie },
      );
      return { posted, body };
    };
    const held = [
      await from(null),
      await from(null, { name: "Pat", email: "pat.new@example.org" }),
      await from(await sessionCookieFor(newcomer.id)),
    ];
    for (const { posted } of held) {
      expect(posted.status).toBe(200);
      expect(posted.result).toMatchObject({
        status: "held",
        message: expect.stringContaining(
          "it was sent from a network address under a ban",
        ),
      });
      const id = newestCommentId();
      expect(commentRow(id).reasons).toContainEqual(
        expect.objectContaining({ code: "banned-address" }),
      );
      expect(logOf(id).at(-1)).toMatchObject({
        actor: "policy",
        action: "comment.held",
        reasons: expect.arrayContaining([
          expect.objectContaining({ code: "banned-address" }),
        ]),
      });
    }
    // Controls: a member with an approved comment and staff publish from the same address.
    for (const cookie of [
      establishedCookie,
      await sessionCookieFor(moderator.id),
    ]) {
      const { posted } = await from(cookie);
      expect(posted.result.status).toBe("published");
    }
    // Once a moderator approves the new account's first comment, the next one publishes.
    const newcomerCookie = await sessionCookieFor(newcomer.id);
    const first = site
      .db()
      .select()
      .from(comments)
      .where(eq(comments.userId, newcomer.id))
      .get()!;
    expect(approveComment(first.id, MODERATOR, new Date())).toBe(true);
    expect((await from(newcomerCookie)).posted.result.status).toBe("published");
  });

  it("tells the poster when a ban with an end date ends", async () => {
    const ends = new Date(Date.now() + 3 * 24 * 60 * 60 * 1000);
    ban("email", emailKey("until.then@example.org"), { expiresAt: ends });
    const posted = await postComment(
      "sheds",
      commentFields({ name: "Until", email: "until.then@example.org" }),
      { address: freshAddress() },
    );
    expect(posted.result).toMatchObject({
      status: "rejected",
      message: `Not accepted because: you are banned from commenting here until ${ends.toISOString().slice(0, 10)} (Repeated abuse).`,
    });
  });

  it.each([
    [
      "a ban that has ended",
      (address: string) =>
        ban("address", addressKey(address), {
          expiresAt: new Date(Date.now() - 60_000),
        }),
    ],
    [
      "a lifted ban",
      (address: string) => {
        const lifted = ban("address", addressKey(address));
        expect(liftBan(lifted.id, MODERATOR, new Date())).toBe(true);
        expect(liftBan(lifted.id, MODERATOR, new Date())).toBe(false);
      },
    ],
    [
      "a ban of someone else",
      () => {
        ban("address", addressKey(freshAddress()));
      },
    ],
  ])("does not apply %s", async (_case, makeBan) => {
    const address = freshAddress();
    makeBan(address);
    const posted = await postComment(
      "sheds",
      commentFields({ body: `Fine ${Math.random()}` }),
      { address },
    );
    expect(posted.status).toBe(200);
    expect(posted.result).toMatchObject({
      status: "held",
      message: expect.not.stringContaining("under a ban"),
    });
  });
});

describe("the queue", () => {
  it("counts what waits, oldest first, by post and by kind of poster", async () => {
    const waiting = pendingCount();
    const anonymous = await heldComment("bikes");
    const named = await postComment(
      "bikes",
      commentFields({ name: "Queue Guest", body: "Named and new." }),
      { address: freshAddress() },
    );
    expect(named.result.status).toBe("held");
    const namedId = newestCommentId();
    expect(pendingCount()).toBe(waiting + 2);

    const bikes = site
      .db()
      .select({ id: posts.id })
      .from(posts)
      .where(eq(posts.slug, "bikes"))
      .get()!.id;
    const page = (filter: Partial<Parameters<typeof listQueue>[0]>) =>
      listQueue(
        { state: "pending", posterClass: null, postId: null, ...filter },
        { page: 1, perPage: 500 },
      );
    const onBikes = page({ postId: bikes });
    expect(onBikes.items.every((item) => item.post.slug === "bikes")).toBe(
      true,
    );
    const ids = onBikes.items.map((item) => item.id);
    expect(ids.indexOf(anonymous)).toBeLessThan(ids.indexOf(namedId));
    expect(page({ posterClass: "named" }).items.map((item) => item.id)).toEqual(
      expect.arrayContaining([namedId]),
    );
    expect(
      page({ posterClass: "named" }).items.every(
        (item) => item.posterClass === "named",
      ),
    ).toBe(true);
    expect(
      page({ posterClass: "anonymous" }).items.map((item) => item.id),
    ).not.toContain(namedId);

    moderateComments(
      [anonymous, namedId],
      "reject",
      MODERATOR,
      null,
      new Date(),
    );
    expect(pendingCount()).toBe(waiting);
  });
});

describe("finding and restoring rejected and spam comments", () => {
  const listed = (state: "rejected" | "spam" | "pending") =>
    listQueue(
      { state, posterClass: null, postId: null },
      { page: 1, perPage: 500 },
    ).items.map((item) => item.id);

  it("lists a rejected comment and a spam comment on the desk, and restores each to the thread", async () => {
    const rejected = await heldComment();
    const spam = await publishedComment();
    const before = commentCount("sheds");
    expect(
      moderateComments([rejected], "reject", MODERATOR, null, new Date()),
    ).toBe(1);
    expect(moderateComments([spam], "spam", MODERATOR, null, new Date())).toBe(
      1,
    );
    expect(commentCount("sheds")).toBe(before - 1);
    expect(listed("rejected")).toContain(rejected);
    expect(listed("spam")).toContain(spam);
    // The control: each is listed under its own state only.
    expect(listed("rejected")).not.toContain(spam);
    expect(listed("pending")).not.toContain(rejected);

    expect(
      moderateComments(
        [rejected, spam],
        "restore",
        MODERATOR,
        null,
        new Date(),
      ),
    ).toBe(2);
    expect(commentRow(rejected).state).toBe("published");
    expect(commentRow(spam).state).toBe("published");
    expect(commentCount("sheds")).toBe(before + 1);
    expect(await threadIds("sheds")).toEqual(
      expect.arrayContaining([rejected, spam]),
    );
    expect(logOf(spam).at(-1)).toMatchObject({ action: "comment.restored" });
    expect(listed("rejected")).not.toContain(rejected);
  });
});

describe("the log", () => {
  it("filters by kind of action and by who acted, newest first, a page at a time", async () => {
    const actor = { name: "Log Keeper", userId: null, role: "admin" as const };
    const at = (minutes: number) => new Date(Date.UTC(2030, 0, 1, 12, minutes));
    const held = await heldComment();
    const member = await makeUser();

    createBans(
      [
        {
          kind: "address",
          value: "k1",
          reason: "r",
          expiresAt: null,
          label: "one",
        },
        {
          kind: "guest",
          value: "k2",
          reason: "r",
          expiresAt: null,
          label: "two",
        },
      ],
      actor,
      at(1),
    );
    const lastBan = site.db().select().from(bans).orderBy(desc(bans.id)).get()!;
    liftBan(lastBan.id, actor, at(2));
    moderateComments([held], "approve", actor, "looks fine", at(3));
    setVerified(member.id, true, actor, at(4));
    // Written last, but happened first.
    savePolicySettings(getPolicySettings(), at(0), actor);

    const mine = listLog(
      { action: null, actor: "Log Keeper" },
      { page: 1, perPage: 50 },
    );
    expect(mine.total).toBe(6);
    expect(mine.rows.map((row) => row.action)).toEqual([
      "member.verified",
      expect.stringMatching(/^comment\.approve/),
      "ban.lifted",
      "ban.created",
      "ban.created",
      "settings.changed",
    ]);
    expect(mine.rows[3]!.id).toBeGreaterThan(mine.rows[4]!.id);
    expect(mine.rows[1]).toMatchObject({
      commentId: held,
      note: "looks fine",
      postSlug: "sheds",
    });

    const bansOnly = listLog(
      { action: "ban.", actor: "Log Keeper" },
      { page: 1, perPage: 50 },
    );
    expect(bansOnly.total).toBe(3);
    expect(bansOnly.rows.map((row) => row.action)).toEqual([
      "ban.lifted",
      "ban.created",
      "ban.created",
    ]);

    const everyonesBans = listLog(
      { action: "ban.", actor: null },
      { page: 1, perPage: 500 },
    );
    expect(everyonesBans.rows.length).toBeGreaterThanOrEqual(3);
    expect(
      everyonesBans.rows.every((row) => row.action.startsWith("ban.")),
    ).toBe(true);

    const policyComments = listLog(
      { action: "comment.", actor: "policy" },
      { page: 1, perPage: 500 },
    );
    expect(policyComments.rows.length).toBeGreaterThan(0);
    expect(
      policyComments.rows.every(
        (row) => row.actor === "policy" && row.action.startsWith("comment."),
      ),
    ).toBe(true);

    // Only the exact name: not a prefix of it.
    expect(
      listLog({ action: null, actor: "Log" }, { page: 1, perPage: 50 }).total,
    ).toBe(0);

    const first = listLog(
      { action: null, actor: "Log Keeper" },
      { page: 1, perPage: 4 },
    );
    const second = listLog(
      { action: null, actor: "Log Keeper" },
      { page: 2, perPage: 4 },
    );
    expect(first.total).toBe(6);
    expect(second.total).toBe(6);
    expect([...first.rows, ...second.rows].map((row) => row.id)).toEqual(
      mine.rows.map((row) => row.id),
    );
    expect(
      listLog({ action: null, actor: "Log Keeper" }, { page: 3, perPage: 4 })
        .rows,
    ).toEqual([]);
  });

  it("lists everyone who has acted once, in order, for the log's filter", () => {
    const row = (actor: string) => ({
      createdAt: new Date(),
      actor,
      action: "member.verified",
    });
    site
      .db()
      .insert(moderationLog)
      .values([
        row("Zoë Actor"),
        row("Anna Actor"),
        row("Anna Actor"),
        row("Mo Actor"),
      ])
      .run();
    const everyone = site
      .db()
      .selectDistinct({ actor: moderationLog.actor })
      .from(moderationLog)
      .orderBy(asc(moderationLog.actor))
      .all()
      .map((found) => found.actor);
    expect(everyone).toEqual(
      expect.arrayContaining(["Anna Actor", "Mo Actor", "Zoë Actor", "policy"]),
    );
    expect(listLogActors()).toEqual(everyone);
  });

  it("only ever grows: every decision appends, and no row is changed", async () => {
    const snapshot = site
      .db()
      .select()
      .from(moderationLog)
      .orderBy(asc(moderationLog.id))
      .all();
    const lastId = snapshot.at(-1)?.id ?? 0;
    const now = () => new Date();

    const id = await heldComment(); // comment.held
    approveComment(id, MODERATOR, now()); // comment.approved
    moderateComments([id], "remove", MODERATOR, null, now()); // comment.removed
    moderateComments([id], "remove", MODERATOR, null, now()); // no change: no row
    moderateComments([id], "restore", MODERATOR, null, now()); // comment.restored
    for (const reader of ["guest:l1", "guest:l2", "guest:l3"])
      report(id, reader); // comment.reported on the third
    approveComment(id, MODERATOR, now()); // comment.approved again
    report(id, "guest:l4");
    dismissReports(id, MODERATOR, now()); // reports.dismissed
    const made = (() => {
      createBans(
        [
          {
            kind: "address",
            value: "log-ban",
            reason: "r",
            expiresAt: null,
            label: "l",
          },
        ],
        MODERATOR,
        now(),
      ); // ban.created
      return site.db().select().from(bans).orderBy(desc(bans.id)).get()!;
    })();
    liftBan(made.id, MODERATOR, now()); // ban.lifted
    savePolicySettings(getPolicySettings(), now(), MODERATOR); // settings.changed

    const after = site
      .db()
      .select()
      .from(moderationLog)
      .orderBy(asc(moderationLog.id))
      .all();
    expect(after.slice(0, snapshot.length)).toEqual(snapshot);
    const added = after.slice(snapshot.length);
    expect(added.every((row) => row.id > lastId)).toBe(true);
    expect(added.map((row) => row.action)).toEqual([
      "comment.held",
      expect.stringMatching(/^comment\.approve/),
      expect.stringMatching(/^comment\.remove/),
      expect.stringMatching(/^comment\.restore/),
      "comment.reported",
      expect.stringMatching(/^comment\.approve/),
      "reports.dismissed",
      "ban.created",
      "ban.lifted",
      "settings.changed",
    ]);
    // The comment's whole history is still there, its first decision untouched.
    expect(logOf(id)[0]).toEqual(added[0]);
    expect(
      site
        .db()
        .select({ n: count() })
        .from(moderationLog)
        .where(
          and(
            eq(moderationLog.commentId, id),
            eq(moderationLog.actor, "policy"),
          ),
        )
        .get()!.n,
    ).toBe(2);
  });
});

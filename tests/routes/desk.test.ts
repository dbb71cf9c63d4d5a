import { and, count, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  bans,
  comments,
  moderationLog,
  posts,
  reports,
  sessions,
  users,
} from "../../db/schema";
import type { CommentState } from "~/domain/comment-states";
import { policyToForm } from "~/domain/policy-form";
import { createBans } from "~/features/moderation/ban.server";
import { approveComment } from "~/features/moderation/state-changes.server";
import { reportComment } from "~/features/moderation/reports.server";
import {
  getPolicySettings,
  savePolicySettings,
} from "~/features/moderation/policy.server";
import { findUserById } from "~/features/accounts/user.server";
import { loader as deskLoader } from "~/routes/moderation";
import Queue, { loader as queueLoader } from "~/routes/moderation._index";
import Bans, {
  action as bansAction,
  loader as bansLoader,
} from "~/routes/moderation.bans";
import { action as commentsAction } from "~/routes/moderation.comments";
import { loader as logLoader } from "~/routes/moderation.log";
import {
  action as membersAction,
  loader as membersLoader,
} from "~/routes/moderation.members";
import Reports, { loader as reportsLoader } from "~/routes/moderation.reports";
import { loader as rootLoader } from "~/root";
import {
  action as settingsAction,
  loader as settingsLoader,
} from "~/routes/moderation.settings";
import { loader as postLoader } from "~/routes/posts.$slug";
import { action as signInAction } from "~/routes/sign-in";
import { syncContent } from "~/features/posts/content-sync.server";
import { emailKey } from "~/platform/secrets.server";
import {
  PASSWORD,
  answerOf,
  browserRequest,
  makeUser,
  noticeOf,
  sessionCookieFor,
  whoIs,
  type Answer,
  type Kind,
} from "../helpers/accounts";
import {
  commentFields,
  cookieFrom,
  freshAddress,
  postComment,
} from "../helpers/comments";
import { renderRoute } from "../helpers/render";
import { postFile, useTempSite } from "../helpers/temp-site";
import { threadIn } from "../helpers/loaders";

const site = useTempSite();

type Who = "signed out" | Kind;
const EVERYONE: Who[] = [
  "signed out",
  "member",
  "verified",
  "editor",
  "moderator",
  "admin",
];
const cookies = {} as Record<Who, string | null>;
const people = {} as Record<Kind, { id: number; displayName: string }>;

beforeAll(async () => {
  site.writeContent("posts/sheds.md", postFile({ title: "Sheds" }));
  site.writeContent("posts/bikes.md", postFile({ title: "Bikes" }));
  syncContent(site.db(), site.contentDir);
  cookies["signed out"] = null;
  for (const kind of [
    "member",
    "verified",
    "editor",
    "moderator",
    "admin",
  ] as const) {
    const user = await makeUser(kind, `The ${kind}`);
    people[kind] = user;
    cookies[kind] = await sessionCookieFor(user.id);
  }
});

const CONTEXT = { clientAddress: "203.0.113.50" };

const commentRow = (id: number) =>
  site.db().select().from(comments).where(eq(comments.id, id)).get()!;
const newestCommentId = () =>
  site.db().select().from(comments).orderBy(desc(comments.id)).get()!.id;
const logCount = () =>
  site.db().select({ n: count() }).from(moderationLog).get()!.n;
const logOf = (commentId: number) =>
  site
    .db()
    .select()
    .from(moderationLog)
    .where(eq(moderationLog.commentId, commentId))
    .orderBy(moderationLog.id)
    .all();

async function viewPost(slug: string) {
  return postLoader({
    request: browserRequest(`/posts/${slug}`),
    params: { slug },
    context: CONTEXT,
  });
}

/** An anonymous comment, held for a moderator by the default policy. */
async function heldComment(
  slug = "sheds",
  body = `Held ${Math.random()}`,
  parentId = "",
): Promise<number> {
  const posted = await postComment(slug, commentFields({ body, parentId }), {
    address: freshAddress(),
  });
  expect(posted.result.status).toBe("held");
  return newestCommentId();
}

async function publishedComment(
  slug = "sheds",
  parentId = "",
): Promise<number> {
  const id = await heldComment(slug, `Published ${Math.random()}`, parentId);
  expect(approveComment(id, { name: "Setup", userId: null }, new Date())).toBe(
    true,
  );
  return id;
}

/** A comment in the given state, through the moderation it would really go through. */
async function commentIn(state: CommentState): Promise<number> {
  if (state === "pending") return heldComment();
  const action = {
    rejected: "reject",
    spam: "spam",
    removed: "remove",
  } as const;
  const id =
    state === "rejected" || state === "spam"
      ? await heldComment()
      : await publishedComment();
  if (state === "rejected" || state === "spam" || state === "removed") {
    const answer = await moderate(cookies.moderator, [id], action[state]);
    expect(answer.status).toBe(302);
  }
  expect(commentRow(id).state).toBe(state);
  return id;
}

function moderate(
  cookie: string | null,
  commentIds: (number | string)[],
  action: string,
  extra: Record<string, string> = {},
) {
  return answerOf(() =>
    commentsAction({
      request: browserRequest("/moderation/comments", {
        cookie,
        form: {
          intent: "moderate",
          action,
          commentId: commentIds.map(String),
          redirectTo: "/moderation",
          ...extra,
        },
      }),
      params: {},
      context: CONTEXT,
    }),
  );
}

const countOf = async (slug: string) =>
  (await viewPost(slug)).post.commentCount;

describe("a desk decision on a comment by staff", () => {
  /** A comment by the signed-in holder of `cookie`: staff are published at once. */
  async function commentBy(cookie: string | null): Promise<number> {
    const posted = await postComment(
      "sheds",
      commentFields({ body: `By staff ${Math.random()}` }),
      { cookie, address: freshAddress() },
    );
    expect(posted.result.status).toBe("published");
    return newestCommentId();
  }

  it("leaves a comment by someone of the moderator's role or higher as it is, and says so", async () => {
    const byAdmin = await commentBy(cookies.admin);
    const guests = await publishedComment();
    const answer = await moderate(
      cookies.moderator,
      [byAdmin, guests],
      "remove",
    );
    expect(noticeOf(answer.location)).toBe(
      "Removed 1 comment. 1 was left as they are: written by someone whose role is the same as yours or higher. Ask an admin.",
    );
    expect(commentRow(byAdmin).state).toBe("published");
    // Control: the guest's comment in the same decision was removed.
    expect(commentRow(guests).state).toBe("removed");
  });

  it("lets an admin act on a moderator's comment", async () => {
    const byModerator = await commentBy(cookies.moderator);
    const answer = await moderate(cookies.admin, [byModerator], "remove");
    expect(noticeOf(answer.location)).toBe("Removed 1 comment.");
    expect(commentRow(byModerator).state).toBe("removed");
  });
});

describe("a desk decision's return address", () => {
  it.each(["/.//evil.example", "//evil.example", "/%2e%2e//evil.example"])(
    "stays on the desk when given %j",
    async (redirectTo) => {
      const answer = await moderate(cookies.moderator, [], "approve", {
        redirectTo,
      });
      expect(answer.location).toMatch(/^\/moderation\?notice=/);
    },
  );

  it("is followed when it is a desk page", async () => {
    const answer = await moderate(cookies.moderator, [], "approve", {
      redirectTo: "/moderation/reports",
    });
    expect(answer.location).toMatch(/^\/moderation\/reports\?notice=/);
  });
});

describe("who may use the desk", () => {
  type Prepared = {
    form?: Record<string, string | string[]>;
    /** Whether the action did what it was asked. */
    changed?: () => boolean;
  };
  type DeskCase = {
    name: string;
    path: string;
    allowed: readonly Kind[];
    handler: (args: {
      request: Request;
      params: Record<string, string>;
      context: typeof CONTEXT;
    }) => unknown;
    prepare?: () => Promise<Prepared>;
    whenAllowed?: (answer: Answer, who: Kind) => void;
    /** What staff who may use the page, but not act on this person, are told. */
    outranked?: Record<string, string>;
  };
  const STAFF = ["moderator", "admin"] as const;
  const ADMIN = ["admin"] as const;
  const NOBODY = [] as const;

  /**
   * Someone of `role` with a session, and whether a ban reached them: a ban row for their
   * account or their sessions ended.
   */
  async function banTarget(role: Kind) {
    const target = await makeUser(role, `Target ${role}`);
    await sessionCookieFor(target.id);
    const reached = () =>
      site
        .db()
        .select()
        .from(bans)
        .where(and(eq(bans.kind, "user"), eq(bans.value, String(target.id))))
        .get() !== undefined ||
      site
        .db()
        .select()
        .from(sessions)
        .where(eq(sessions.userId, target.id))
        .get() === undefined;
    return { target, reached };
  }
  const byEmailOf = (role: Kind) => async (): Promise<Prepared> => {
    const { target, reached } = await banTarget(role);
    return {
      // Typed in another case, with spaces: it is still their email.
      form: {
        intent: "ban-email",
        email: ` ${target.email.toUpperCase()} `,
        reason: "Abuse",
        days: "",
      },
      changed: reached,
    };
  };
  const byCommentOf = (role: Kind) => async (): Promise<Prepared> => {
    const { target, reached } = await banTarget(role);
    const posted = await postComment(
      "sheds",
      commentFields({ body: `Signed ${Math.random()}` }),
      {
        cookie: await sessionCookieFor(target.id),
        address: freshAddress(),
      },
    );
    expect(posted.result.status).toBe("published");
    return {
      form: {
        intent: "ban-comment",
        commentId: String(newestCommentId()),
        scope: ["account", "address", "browser"],
        reason: "Abuse",
        days: "",
      },
      changed: reached,
    };
  };
  const OUTRANKED_EMAIL = {
    email:
      "You cannot ban someone whose role is the same as yours or higher: ask an admin.",
  };
  const OUTRANKED_COMMENT = {
    scopes:
      "You cannot ban someone whose role is the same as yours or higher: ask an admin.",
  };
  const SETTINGS_WORD = "zqxv";

  const cases: DeskCase[] = [
    {
      name: "the desk frame",
      path: "/moderation",
      allowed: STAFF,
      handler: deskLoader,
      whenAllowed: (answer, who) =>
        expect(answer.data).toEqual({
          canEditSettings: who === "admin",
          notice: null,
          undo: null,
        }),
    },
    {
      name: "the queue",
      path: "/moderation?state=removed&class=member",
      allowed: STAFF,
      handler: queueLoader,
      whenAllowed: (answer) =>
        expect(answer.data).toMatchObject({
          filter: { state: "removed", posterClass: "member" },
        }),
    },
    {
      name: "the reports",
      path: "/moderation/reports",
      allowed: STAFF,
      handler: reportsLoader,
      whenAllowed: (answer) =>
        expect(answer.data).toMatchObject({ comments: expect.any(Array) }),
    },
    {
      name: "the bans",
      path: "/moderation/bans?comment=1",
      allowed: STAFF,
      handler: bansLoader,
      whenAllowed: (answer) =>
        expect(answer.data).toMatchObject({ bans: expect.any(Array) }),
    },
    {
      name: "the log",
      path: "/moderation/log?action=member.&actor=system",
      allowed: STAFF,
      handler: logLoader,
      whenAllowed: (answer) =>
        expect(answer.data).toMatchObject({
          filter: { action: "member.", actor: "system" },
          total: expect.any(Number),
        }),
    },
    {
      name: "the members",
      path: "/moderation/members?q=the",
      allowed: STAFF,
      handler: membersLoader,
      whenAllowed: (answer, who) =>
        expect(answer.data).toMatchObject({
          canAssignRoles: who === "admin",
          members: expect.arrayContaining([
            expect.objectContaining({ displayName: "The member" }),
          ]),
        }),
    },
    {
      name: "the settings",
      path: "/moderation/settings",
      allowed: ADMIN,
      handler: settingsLoader,
      whenAllowed: (answer) =>
        expect(answer.data).toMatchObject({
          values: { reportThreshold: "3" },
        }),
    },
    {
      name: "approving a comment",
      path: "/moderation/comments",
      allowed: STAFF,
      handler: commentsAction,
      prepare: async () => {
        const id = await heldComment();
        return {
          form: {
            intent: "moderate",
            action: "approve",
            commentId: [String(id)],
            redirectTo: "/moderation",
          },
          changed: () => commentRow(id).state !== "pending",
        };
      },
      whenAllowed: (answer) => {
        expect(answer.location).toMatch(/^\/moderation\?notice=/);
        expect(noticeOf(answer.location)).toBe("Approved 1 comment.");
      },
    },
    {
      name: "dismissing reports",
      path: "/moderation/comments",
      allowed: STAFF,
      handler: commentsAction,
      prepare: async () => {
        const id = await publishedComment();
        reportComment(
          {
            commentId: id,
            reporter: {
              userId: null,
              guestKey: "desk-test",
              addressKey: "desk-test-address",
            },
            reason: "spam",
            note: null,
          },
          3,
          new Date(),
        );
        return {
          form: {
            intent: "dismiss-reports",
            commentId: [String(id)],
            redirectTo: "/moderation/reports",
          },
          changed: () =>
            site
              .db()
              .select()
              .from(reports)
              .where(eq(reports.commentId, id))
              .get()!.dismissedAt !== null,
        };
      },
      whenAllowed: (answer) =>
        expect(answer.location).toMatch(
          /^\/moderation\/reports\?notice=Dismissed\+1\+report\.&noticeKey=/,
        ),
    },
    {
      name: "banning an email",
      path: "/moderation/bans",
      allowed: STAFF,
      handler: bansAction,
      prepare: async () => {
        const email = `banned-${Math.random()}@example.org`;
        return {
          form: { intent: "ban-email", email, reason: "Spam", days: "" },
          changed: () =>
            site
              .db()
              .select()
              .from(bans)
              .where(eq(bans.value, emailKey(email)))
              .get() !== undefined,
        };
      },
      whenAllowed: (answer) =>
        expect(noticeOf(answer.location)).toBe("Banned: email."),
    },
    {
      name: "banning a member by email",
      path: "/moderation/bans",
      allowed: STAFF,
      handler: bansAction,
      prepare: byEmailOf("member"),
      whenAllowed: (answer) =>
        expect(noticeOf(answer.location)).toBe("Banned: user, email."),
    },
    {
      name: "banning a moderator by email",
      path: "/moderation/bans",
      allowed: ADMIN,
      handler: bansAction,
      prepare: byEmailOf("moderator"),
      outranked: OUTRANKED_EMAIL,
    },
    {
      name: "banning an admin by email",
      path: "/moderation/bans",
      allowed: NOBODY,
      handler: bansAction,
      prepare: byEmailOf("admin"),
      outranked: OUTRANKED_EMAIL,
    },
    {
      name: "banning the poster of a verified member's comment",
      path: "/moderation/bans",
      allowed: STAFF,
      handler: bansAction,
      prepare: byCommentOf("verified"),
    },
    {
      name: "banning the poster of a moderator's comment",
      path: "/moderation/bans",
      allowed: ADMIN,
      handler: bansAction,
      prepare: byCommentOf("moderator"),
      outranked: OUTRANKED_COMMENT,
    },
    {
      name: "banning the poster of an admin's comment",
      path: "/moderation/bans",
      allowed: NOBODY,
      handler: bansAction,
      prepare: byCommentOf("admin"),
      outranked: OUTRANKED_COMMENT,
    },
    {
      name: "lifting a ban",
      path: "/moderation/bans",
      allowed: STAFF,
      handler: bansAction,
      prepare: async () => {
        const value = `guest-${Math.random()}`;
        createBans(
          [
            {
              kind: "guest",
              value,
              reason: "Spam",
              expiresAt: null,
              label: "test",
            },
          ],
          { name: "Setup", userId: null, role: "admin" },
          new Date(),
        );
        const ban = site
          .db()
          .select()
          .from(bans)
          .where(eq(bans.value, value))
          .get()!;
        return {
          form: { intent: "lift", banId: String(ban.id) },
          changed: () =>
            site.db().select().from(bans).where(eq(bans.id, ban.id)).get()!
              .liftedAt !== null,
        };
      },
      whenAllowed: (answer) =>
        expect(noticeOf(answer.location)).toBe("The ban was lifted."),
    },
    {
      name: "verifying a member",
      path: "/moderation/members",
      allowed: STAFF,
      handler: membersAction,
      prepare: async () => {
        const member = await makeUser("member", "Margaret Okafor");
        return {
          form: {
            intent: "verify",
            userId: String(member.id),
            verified: "true",
          },
          changed: () => findUserById(member.id)!.verified,
        };
      },
      whenAllowed: (answer) =>
        expect(noticeOf(answer.location)).toBe(
          "Margaret Okafor is now a verified resident.",
        ),
    },
    {
      name: "changing a member's role",
      path: "/moderation/members",
      allowed: ADMIN,
      handler: membersAction,
      prepare: async () => {
        const member = await makeUser("member", "Sam Role");
        return {
          form: {
            intent: "role",
            userId: String(member.id),
            role: "moderator",
          },
          changed: () => findUserById(member.id)!.role !== "member",
        };
      },
      whenAllowed: (answer) =>
        expect(noticeOf(answer.location)).toMatch(
          /^Sam Role is now a moderator\./,
        ),
    },
    {
      name: "saving the settings",
      path: "/moderation/settings",
      allowed: ADMIN,
      handler: settingsAction,
      prepare: async () => {
        const values = policyToForm(getPolicySettings());
        return {
          form: { ...values, heldWords: SETTINGS_WORD },
          changed: () => getPolicySettings().heldWords.includes(SETTINGS_WORD),
        };
      },
      whenAllowed: (answer) =>
        expect(noticeOf(answer.location)).toBe(
          "Settings saved: they apply to the next comment.",
        ),
    },
  ];

  const table = cases.flatMap((deskCase) =>
    EVERYONE.map((who) => [deskCase.name, who, deskCase] as const),
  );

  it.each(table)("%s, asked by %s", async (_name, who, deskCase) => {
    const prepared = deskCase.prepare ? await deskCase.prepare() : {};
    const request = browserRequest(deskCase.path, {
      cookie: cookies[who],
      form: prepared.form,
    });
    const answer = await answerOf(() =>
      deskCase.handler({ request, params: {}, context: CONTEXT }),
    );
    if (who === "signed out") {
      expect(answer).toMatchObject({
        thrown: true,
        status: 302,
        location: `/sign-in?redirectTo=${encodeURIComponent(deskCase.path)}`,
      });
      expect(prepared.changed?.() ?? false).toBe(false);
    } else if (!deskCase.allowed.includes(who)) {
      if (deskCase.outranked && (STAFF as readonly Who[]).includes(who)) {
        // On the page, beside the field, with what was typed.
        expect(answer).toMatchObject({
          thrown: false,
          status: 403,
          data: {
            errors: deskCase.outranked,
            values: { reason: prepared.form?.reason },
          },
        });
      } else {
        expect(answer).toMatchObject({ thrown: true, status: 403 });
      }
      expect(prepared.changed?.() ?? false).toBe(false);
    } else {
      expect(answer.status).not.toBe(403);
      expect(answer.location ?? "").not.toMatch(/^\/sign-in/);
      if (prepared.changed) {
        expect(answer.status).toBe(302);
        expect(prepared.changed()).toBe(true);
      } else {
        expect(answer.thrown).toBe(false);
        expect(answer.status).toBe(200);
      }
      deskCase.whenAllowed?.(answer, who);
    }
    // Put the settings back, so each case starts alike.
    if (deskCase.name === "saving the settings" && prepared.changed?.()) {
      const current = getPolicySettings();
      savePolicySettings(
        {
          ...current,
          heldWords: current.heldWords.filter((word) => word !== SETTINGS_WORD),
        },
        new Date(),
      );
    }
  });

  it("sends a signed-out moderator to sign in, and back to the same desk page after", async () => {
    const path = "/moderation/log?action=ban.&actor=The+moderator";
    const answer = await answerOf(() =>
      logLoader({
        request: browserRequest(path),
        params: {},
        context: CONTEXT,
      }),
    );
    const redirectTo = new URL(
      answer.location!,
      "http://localhost",
    ).searchParams.get("redirectTo")!;
    expect(redirectTo).toBe(path);
    const moderator = await makeUser("moderator");
    const signedIn = await answerOf(() =>
      signInAction({
        request: browserRequest("/sign-in", {
          form: { email: moderator.email, password: PASSWORD, redirectTo },
        }),
        params: {},
        context: { clientAddress: freshAddress() },
      }),
    );
    expect(signedIn.location).toBe(path);
    const back = await answerOf(() =>
      logLoader({
        request: browserRequest(signedIn.location!, {
          cookie: cookieFrom(signedIn.setCookie),
        }),
        params: {},
        context: CONTEXT,
      }),
    );
    expect(back.data).toMatchObject({
      filter: { action: "ban.", actor: "The moderator" },
    });
  });

  it("lets a demoted moderator's old session do nothing at the desk", async () => {
    const moderator = await makeUser("moderator", "Soon Demoted");
    const cookie = await sessionCookieFor(moderator.id);
    const demoted = await answerOf(() =>
      membersAction({
        request: browserRequest("/moderation/members", {
          cookie: cookies.admin,
          form: {
            intent: "role",
            userId: String(moderator.id),
            role: "member",
          },
        }),
        params: {},
        context: CONTEXT,
      }),
    );
    expect(noticeOf(demoted.location)).toBe(
      "Soon Demoted is now a member. They were signed out everywhere and sign in again with the new role.",
    );
    // Their sessions end with the change of role: they must sign in again.
    expect(await whoIs(cookie)).toBeNull();
    const held = await heldComment();
    const answer = await moderate(cookie, [held], "approve");
    expect(answer.location).toMatch(/^\/sign-in\?redirectTo=/);
    expect(commentRow(held).state).toBe("pending");
  });

  it("does not let an admin change their own role", async () => {
    const answer = await answerOf(() =>
      membersAction({
        request: browserRequest("/moderation/members", {
          cookie: cookies.admin,
          form: {
            intent: "role",
            userId: String(people.admin.id),
            role: "member",
          },
        }),
        params: {},
        context: CONTEXT,
      }),
    );
    expect(noticeOf(answer.location)).toBe(
      "You cannot change your own role: ask another admin.",
    );
    expect(findUserById(people.admin.id)!.role).toBe("admin");
  });
});

describe("moderating comments", () => {
  it.each<CommentState>(["rejected", "published", "removed", "spam"])(
    "leaves a %s comment alone when asked to approve it, and says so",
    async (state) => {
      const id = await commentIn(state);
      const before = commentRow(id);
      const count = await countOf("sheds");
      const logs = logCount();
      const answer = await moderate(cookies.moderator, [id], "approve");
      expect(answer.status).toBe(302);
      expect(noticeOf(answer.location)).toBe(
        "Approved 0 comments. 1 had already been dealt with, so were left as they are.",
      );
      expect(commentRow(id)).toEqual(before);
      expect(await countOf("sheds")).toBe(count);
      expect(logCount()).toBe(logs);
    },
  );

  // Removed, rejected and spam comments can be restored (tests/models/moderation.test.ts).
  it.each<CommentState>(["pending", "published"])(
    "restores only taken-down comments: a %s one is left as it is",
    async (state) => {
      const id = await commentIn(state);
      const before = commentRow(id);
      const count = await countOf("sheds");
      const answer = await moderate(cookies.moderator, [id], "restore");
      expect(noticeOf(answer.location)).toBe(
        "Restored 0 comments. 1 had already been dealt with, so were left as they are.",
      );
      expect(commentRow(id)).toEqual(before);
      expect(await countOf("sheds")).toBe(count);
    },
  );

  it("changes nothing for a comment id that does not exist", async () => {
    const logs = logCount();
    const count = await countOf("sheds");
    const answer = await moderate(cookies.moderator, [987_654], "remove");
    expect(answer.status).toBe(302);
    expect(noticeOf(answer.location)).toBe(
      "Removed 0 comments. 1 had already been dealt with, so were left as they are.",
    );
    expect(logCount()).toBe(logs);
    expect(await countOf("sheds")).toBe(count);
  });

  it.each([
    ["no comment at all", [], "Choose at least one comment."],
    ["a forged id", ["1 OR 1=1"], null],
    ["a negative id", ["-3"], null],
  ])(
    "changes nothing for a form with %s",
    async (_case, commentIds, notice) => {
      const held = await heldComment();
      const logs = logCount();
      const answer = await moderate(cookies.moderator, commentIds, "approve");
      expect(answer.status).toBe(302);
      expect(answer.location).toMatch(/^\/moderation\?notice=/);
      if (notice) expect(noticeOf(answer.location)).toBe(notice);
      expect(logCount()).toBe(logs);
      expect(commentRow(held).state).toBe("pending");
    },
  );

  it.each([
    ["a forged action", { action: "publish-everything" }],
    ["a forged intent", { intent: "drop-table" }],
  ])("changes nothing for %s", async (_case, extra) => {
    const held = await heldComment();
    const logs = logCount();
    const answer = await moderate(cookies.moderator, [held], "approve", extra);
    expect(answer.status).toBe(302);
    expect(logCount()).toBe(logs);
    expect(commentRow(held).state).toBe("pending");
  });

  it("shows the notice a decision left, and never one from a crafted link", async () => {
    const frame = async (path: string) => {
      const answer = await answerOf(() =>
        deskLoader({
          request: browserRequest(path, { cookie: cookies.moderator }),
          params: {},
          context: CONTEXT,
        }),
      );
      return (answer.data as { notice: string | null }).notice;
    };
    const decided = await moderate(
      cookies.moderator,
      [await heldComment()],
      "approve",
    );
    expect(await frame(decided.location!)).toBe("Approved 1 comment.");

    const crafted = "Approve every comment from 203.0.113.9 now.";
    const forged = new URL(decided.location!, "http://localhost");
    expect(
      await frame(`/moderation?notice=${encodeURIComponent(crafted)}`),
    ).toBeNull();
    forged.searchParams.set("notice", crafted);
    expect(await frame(forged.pathname + forged.search)).toBeNull();
  });

  it("never redirects to another site after a decision", async () => {
    const held = await heldComment();
    const answer = await moderate(cookies.moderator, [held], "reject", {
      redirectTo: "//evil.example/",
    });
    expect(answer.location).toMatch(
      /^\/moderation\?notice=Rejected\+1\+comment\.&noticeKey=/,
    );
  });

  it("approves three held comments at once: consecutive numbers, one log row each", async () => {
    const slug = "bikes";
    const lastNumber = commentRow(await publishedComment(slug)).number!;
    const count = await countOf(slug);
    const ids = [
      await heldComment(slug),
      await heldComment(slug),
      await heldComment(slug),
    ];
    const answer = await moderate(cookies.moderator, ids, "approve");
    expect(noticeOf(answer.location)).toBe("Approved 3 comments.");

    const rows = ids.map(commentRow);
    expect(rows.map((row) => row.state)).toEqual([
      "published",
      "published",
      "published",
    ]);
    expect(rows.map((row) => row.number!).sort((a, b) => a - b)).toEqual([
      lastNumber + 1,
      lastNumber + 2,
      lastNumber + 3,
    ]);
    expect(await countOf(slug)).toBe(count + 3);
    for (const id of ids) {
      const decisions = logOf(id).filter((row) => row.actor !== "policy");
      expect(decisions).toEqual([
        expect.objectContaining({
          action: expect.stringMatching(/^comment\.approve/),
          actor: "The moderator",
          actorUserId: people.moderator.id,
        }),
      ]);
    }
    const thread = threadIn(await viewPost(slug)).map(
      (node) => node.comment.id,
    );
    expect(thread).toEqual(expect.arrayContaining(ids));
  });

  it("approves only the held ones of a mixed selection, and says how many were left", async () => {
    const held = await heldComment();
    const rejected = await commentIn("rejected");
    const answer = await moderate(
      cookies.moderator,
      [held, rejected],
      "approve",
    );
    expect(noticeOf(answer.location)).toBe(
      "Approved 1 comment. 1 had already been dealt with, so were left as they are.",
    );
    expect(commentRow(held).state).toBe("published");
    expect(commentRow(rejected).state).toBe("rejected");
  });

  it("removes a comment with a reply to a placeholder, and restores it with its old number", async () => {
    const parent = await publishedComment();
    const parentBefore = commentRow(parent);
    const reply = await publishedComment("sheds", String(parent));
    const count = await countOf("sheds");

    const removed = await moderate(cookies.moderator, [parent], "remove");
    expect(noticeOf(removed.location)).toBe("Removed 1 comment.");
    expect(await countOf("sheds")).toBe(count - 1);
    let node = threadIn(await viewPost("sheds")).find(
      (item) => item.comment.id === parent,
    )!;
    expect(node.comment).toMatchObject({
      placeholder: true,
      bodyHtml: "",
      authorName: null,
      state: "removed",
    });
    expect(node.replies.map((item) => item.comment.id)).toEqual([reply]);

    const restored = await moderate(cookies.moderator, [parent], "restore");
    expect(noticeOf(restored.location)).toBe("Restored 1 comment.");
    expect(await countOf("sheds")).toBe(count);
    node = threadIn(await viewPost("sheds")).find(
      (item) => item.comment.id === parent,
    )!;
    expect(node.comment).toMatchObject({
      placeholder: false,
      state: "published",
      number: parentBefore.number,
      bodyHtml: parentBefore.bodyHtml,
    });
    expect(commentRow(parent).publishedAt).toEqual(parentBefore.publishedAt);
    expect(node.replies.map((item) => item.comment.id)).toEqual([reply]);
  });

  it("takes a removed comment without replies out of the thread entirely", async () => {
    const id = await publishedComment();
    await moderate(cookies.moderator, [id], "remove");
    const thread = threadIn(await viewPost("sheds"));
    expect(thread.map((node) => node.comment.id)).not.toContain(id);
  });

  it("shows the queue oldest first, and a held comment leaves it once approved", async () => {
    const first = await heldComment("bikes");
    const second = await heldComment("bikes");
    const queue = async () => {
      const answer = await answerOf(() =>
        queueLoader({
          request: browserRequest("/moderation", {
            cookie: cookies.moderator,
          }),
          params: {},
          context: CONTEXT,
        }),
      );
      return (answer.data as { items: { id: number }[] }).items.map(
        (item) => item.id,
      );
    };
    const ids = await queue();
    expect(ids.indexOf(first)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(first)).toBeLessThan(ids.indexOf(second));
    await moderate(cookies.moderator, [first], "approve");
    expect(await queue()).not.toContain(first);
  });
});

describe("the queue, narrowed to one post", () => {
  type QueueItem = { id: number; post: { id: number; title: string } };
  type QueuePage = {
    items: QueueItem[];
    total: number;
    post: { id: number; title: string } | null;
  };
  const postIds = {} as Record<"scams" | "lights", number>;

  beforeAll(() => {
    // Posts of their own, so the narrowed queue holds only this describe's comments.
    site.writeContent(
      "posts/doorstep-scams.md",
      postFile({ title: '"Doorstep scams"' }),
    );
    site.writeContent(
      "posts/street-lights.md",
      postFile({ title: '"Street lights"' }),
    );
    syncContent(site.db(), site.contentDir);
    for (const [key, slug] of [
      ["scams", "doorstep-scams"],
      ["lights", "street-lights"],
    ] as const) {
      postIds[key] = site
        .db()
        .select({ id: posts.id })
        .from(posts)
        .where(eq(posts.slug, slug))
        .get()!.id;
    }
  });

  /**
   * A named guest's first comment, held by the default policy. Other tests hold anonymous
   * comments, so the queue of named guests has these on its first page.
   */
  async function namedHeld(slug: string): Promise<number> {
    const posted = await postComment(
      slug,
      commentFields({ name: "Pat Nearby", body: `Named ${Math.random()}` }),
      { address: freshAddress() },
    );
    expect(posted.result.status).toBe("held");
    return newestCommentId();
  }

  /** The queue's loader and its HTML, as a moderator asking for `path` gets them. */
  async function queuePage(path: string) {
    const answer = await answerOf(() =>
      queueLoader({
        request: browserRequest(path, { cookie: cookies.moderator }),
        params: {},
        context: CONTEXT,
      }),
    );
    expect(answer.status).toBe(200);
    const data = answer.data as QueuePage;
    return { data, html: await renderRoute(Queue, path, data) };
  }

  /** The links of some HTML: where each leads and its text as a screen reader reads it. */
  function linksOf(html: string): { href: string; text: string }[] {
    return [
      ...html.matchAll(/<a\b[^>]*\bhref="([^"]*)"[^>]*>(.*?)<\/a>/gs),
    ].map(([, href, inner]) => ({
      href: href!.replaceAll("&amp;", "&"),
      text: inner!.replace(/<[^>]*>/g, "").replaceAll("&#x27;", "'"),
    }));
  }

  /** The HTML of one queue item. */
  function cardOf(html: string, commentId: number): string {
    const start = html.indexOf(`data-comment-id="${commentId}"`);
    expect(start).toBeGreaterThanOrEqual(0);
    return html.slice(start, html.indexOf("</article>", start));
  }

  const onlyThisPost = (card: string) =>
    linksOf(card).filter((link) => link.text.startsWith("only this post"));

  it("offers each item a link to its post's comments alone, keeping the poster class", async () => {
    const scams = [
      await namedHeld("doorstep-scams"),
      await namedHeld("doorstep-scams"),
    ];
    const lights = await namedHeld("street-lights");

    const all = await queuePage("/moderation?class=named&page=1");
    // No list of every post with held comments: the page does not grow with them.
    expect(all.html).not.toMatch(/<select[^>]*name="post"/);
    expect(all.html).not.toContain("Showing comments on");
    expect(all.data.post).toBeNull();
    const shown = all.data.items.map((item) => item.id);
    expect(shown).toEqual(expect.arrayContaining([...scams, lights]));
    for (const item of all.data.items) {
      expect(onlyThisPost(cardOf(all.html, item.id))).toEqual([
        {
          href: `/moderation?class=named&post=${item.post.id}`,
          text: `only this post: show only comments on ${item.post.title}`,
        },
      ]);
    }
    expect(onlyThisPost(cardOf(all.html, lights))[0]!.href).toBe(
      `/moderation?class=named&post=${postIds.lights}`,
    );

    const [link] = onlyThisPost(cardOf(all.html, scams[0]!));
    const narrowed = await queuePage(link!.href);
    expect(narrowed.data.items.map((item) => item.id)).toEqual(scams);
    expect(narrowed.data.total).toBe(2);
    expect(narrowed.data.post).toMatchObject({
      id: postIds.scams,
      title: "Doorstep scams",
    });
    expect(narrowed.html).toContain("Showing comments on ");
    expect(linksOf(narrowed.html)).toEqual(
      expect.arrayContaining([
        { href: "/posts/doorstep-scams#comments", text: "Doorstep scams" },
        { href: "/moderation?class=named", text: "Show all posts" },
      ]),
    );
    // Changing the state or the poster class keeps to the same post.
    expect(narrowed.html).toContain(
      `<input type="hidden" name="post" value="${postIds.scams}"/>`,
    );
    // Already narrowed: no item needs a link to narrow it again.
    for (const id of scams)
      expect(onlyThisPost(cardOf(narrowed.html, id))).toEqual([]);
  });

  it("keeps the removed comments in view when narrowing them to one post", async () => {
    const removed = await publishedComment("street-lights");
    expect(
      (await moderate(cookies.moderator, [removed], "remove")).status,
    ).toBe(302);

    const all = await queuePage("/moderation?state=removed");
    expect(onlyThisPost(cardOf(all.html, removed))).toEqual([
      {
        href: `/moderation?state=removed&post=${postIds.lights}`,
        text: "only this post: show only comments on Street lights",
      },
    ]);

    const narrowed = await queuePage(
      `/moderation?state=removed&post=${postIds.lights}`,
    );
    expect(narrowed.data.items.map((item) => item.id)).toEqual([removed]);
    expect(linksOf(narrowed.html)).toContainEqual({
      href: "/moderation?state=removed",
      text: "Show all posts",
    });
  });

  it("shows no comments for a post that does not exist, and ignores a post that is not a number", async () => {
    const unknown = await queuePage("/moderation?post=987654");
    expect(unknown.data).toMatchObject({ items: [], total: 0, post: null });
    expect(unknown.html).toContain(
      "Showing comments on post 987654, which does not exist",
    );
    expect(unknown.html).toContain(
      "Nothing on this post is waiting for a moderator.",
    );
    expect(linksOf(unknown.html)).toContainEqual({
      href: "/moderation",
      text: "Show all posts",
    });

    const garbled = await queuePage("/moderation?post=sheds");
    expect(garbled.data.post).toBeNull();
    expect(garbled.data.items.length).toBeGreaterThan(0);
    expect(garbled.html).not.toContain("Showing comments on");
  });

  it("acts on every comment of the page in one click, with JavaScript or without", async () => {
    const first = await namedHeld("doorstep-scams");
    const second = await namedHeld("doorstep-scams");
    const { data, html } = await queuePage(
      `/moderation?class=named&post=${postIds.scams}`,
    );
    const ids = data.items.map((item) => item.id);
    expect(ids).toEqual(expect.arrayContaining([first, second]));
    const form =
      /<form[^>]*aria-label="Every comment on this page"[^>]*>([\s\S]*?)<\/form>/.exec(
        html,
      )?.[1];
    expect(form).toBeDefined();
    const posted = [...form!.matchAll(/name="commentId" value="(\d+)"/g)].map(
      (match) => Number(match[1]),
    );
    expect(posted).toEqual(ids);
    expect(form).toContain(`Approve all ${ids.length}`);
    // The control: what the form posts approves them all.
    const answer = await moderate(cookies.moderator, posted, "approve");
    expect(noticeOf(answer.location)).toBe(`Approved ${ids.length} comments.`);
    expect(commentRow(first).state).toBe("published");
    expect(commentRow(second).state).toBe("published");
  });
});

describe("reports against trusted posters", () => {
  it("leaves the comment up and shows it to moderators as waiting for them", async () => {
    const posted = await postComment(
      "sheds",
      commentFields({ body: `Verified view ${Math.random()}` }),
      { cookie: cookies.verified, address: freshAddress() },
    );
    expect(posted.result.status).toBe("published");
    const id = newestCommentId();
    const headerCount = async () =>
      (
        (
          await answerOf(() =>
            rootLoader({
              request: browserRequest("/", { cookie: cookies.moderator }),
              params: {},
              context: CONTEXT,
            }),
          )
        ).data as { pendingCount: number }
      ).pendingCount;
    const waiting = await headerCount();
    for (const reader of ["one", "two", "three"]) {
      reportComment(
        {
          commentId: id,
          reporter: {
            userId: null,
            guestKey: `trusted-${reader}`,
            addressKey: `trusted-${reader}-address`,
          },
          reason: "abuse",
          note: null,
        },
        3,
        new Date(),
      );
    }
    expect(commentRow(id).state).toBe("published");
    expect(await headerCount()).toBe(waiting + 1);
    const page = await answerOf(() =>
      reportsLoader({
        request: browserRequest("/moderation/reports", {
          cookie: cookies.moderator,
        }),
        params: {},
        context: CONTEXT,
      }),
    );
    const html = await renderRoute(
      Reports,
      "/moderation/reports",
      page.data as object,
    );
    expect(html).toContain(
      "Enough readers reported it, and it stays published because its poster is trusted: it waits for your decision.",
    );
  });
});

describe("banning from the desk", () => {
  it("bans a comment's address and browser: the next comment is refused from the browser, held from the address", async () => {
    const address = freshAddress();
    const first = await postComment(
      "sheds",
      commentFields({ body: "Buy my stuff." }),
      { address },
    );
    const browser = cookieFrom(first.setCookie);
    const id = newestCommentId();
    const answer = await answerOf(() =>
      bansAction({
        request: browserRequest("/moderation/bans", {
          cookie: cookies.moderator,
          form: {
            intent: "ban-comment",
            commentId: String(id),
            scope: ["address", "browser"],
            reason: "Advertising",
            days: "7",
          },
        }),
        params: {},
        context: CONTEXT,
      }),
    );
    expect(noticeOf(answer.location)).toBe("Banned: address, guest.");
    const until = new Date(Date.now() + 7 * 24 * 60 * 60 * 1000)
      .toISOString()
      .slice(0, 10);

    const fromAddress = await postComment(
      "sheds",
      commentFields({ body: "Again." }),
      { address },
    );
    const fromBrowser = await postComment(
      "sheds",
      commentFields({ body: "From elsewhere." }),
      { address: freshAddress(), cookie: browser },
    );
    expect(fromBrowser.status).toBe(422);
    expect(fromBrowser.result).toMatchObject({
      status: "rejected",
      message: `Not accepted because: you are banned from commenting here until ${until} (Advertising).`,
      values: { body: "From elsewhere." },
    });
    // Others may share the address: a moderator sees what comes from it first.
    expect(fromAddress.status).toBe(200);
    expect(fromAddress.result).toMatchObject({
      status: "held",
      message: expect.stringContaining(
        "it was sent from a network address under a ban",
      ),
    });
  });

  it("bans every key of a member's comment by default: a new account from the address is held, the browser refused", async () => {
    const address = freshAddress();
    const member = await makeUser("member", "Comes Back");
    const posted = await postComment(
      "sheds",
      commentFields({ body: "Something nasty." }),
      { cookie: await sessionCookieFor(member.id), address },
    );
    expect(posted.result.status).toBe("published");
    const browser = cookieFrom(posted.setCookie);
    const id = newestCommentId();

    const path = `/moderation/bans?comment=${id}`;
    const page = await answerOf(() =>
      bansLoader({
        request: browserRequest(path, { cookie: cookies.moderator }),
        params: {},
        context: CONTEXT,
      }),
    );
    const html = await renderRoute(Bans, path, page.data as object);
    // What a moderator who only types a reason sends: the boxes ticked by default.
    const ticked = [...html.matchAll(/<input type="checkbox"[^>]*>/g)]
      .filter(([input]) => input.includes('checked=""'))
      .map(([input]) => /value="(\w+)"/.exec(input)![1]!);
    expect(ticked).toEqual(["account", "address", "browser"]);
    const banned = await answerOf(() =>
      bansAction({
        request: browserRequest("/moderation/bans", {
          cookie: cookies.moderator,
          form: {
            intent: "ban-comment",
            commentId: String(id),
            scope: ticked,
            reason: "Abuse",
            days: "",
          },
        }),
        params: {},
        context: CONTEXT,
      }),
    );
    expect(noticeOf(banned.location)).toBe("Banned: user, address, guest.");

    // Signed up again with a new email, cookie cleared, same address: held, and told why.
    const again = await makeUser("member", "Totally New");
    const fromNewAccount = await postComment(
      "sheds",
      commentFields({ body: "Hello again." }),
      { cookie: await sessionCookieFor(again.id), address },
    );
    expect(fromNewAccount.result).toMatchObject({
      status: "held",
      message: expect.stringContaining(
        "it was sent from a network address under a ban",
      ),
    });
    expect(
      (
        await postComment(
          "sheds",
          commentFields({ name: "Fresh Name", body: "Hi there." }),
          { address },
        )
      ).result.status,
    ).toBe("held");
    // The same browser, from anywhere, as a guest with a new email: refused.
    const fromBrowser = await postComment(
      "sheds",
      commentFields({
        name: "Other",
        email: "other@example.org",
        body: "Me again.",
      }),
      { cookie: browser, address: freshAddress() },
    );
    expect(fromBrowser.result.status).toBe("rejected");
  });

  it("bans the posters of several comments at once, each by what it has", async () => {
    const named = await postComment(
      "sheds",
      commentFields({ name: "Spammer", body: "Cheap locks!" }),
      {
        address: freshAddress(),
      },
    );
    const firstId = newestCommentId();
    const anonymous = await postComment(
      "sheds",
      commentFields({ body: "Cheap keys!" }),
      { address: freshAddress() },
    );
    const secondId = newestCommentId();

    const page = await answerOf(() =>
      bansLoader({
        request: browserRequest(
          `/moderation/bans?commentId=${firstId}&commentId=${secondId}`,
          {
            cookie: cookies.moderator,
          },
        ),
        params: {},
        context: CONTEXT,
      }),
    );
    const shown = page.data as { comments: { id: number }[] };
    expect(shown.comments.map((comment) => comment.id)).toEqual([
      firstId,
      secondId,
    ]);

    const answer = await answerOf(() =>
      bansAction({
        request: browserRequest("/moderation/bans", {
          cookie: cookies.moderator,
          form: {
            intent: "ban-comment",
            commentId: [String(firstId), String(secondId)],
            scope: ["browser"],
            reason: "Advertising",
            days: "",
          },
        }),
        params: {},
        context: CONTEXT,
      }),
    );
    expect(noticeOf(answer.location)).toBe("Banned: guest, guest.");
    for (const posted of [named, anonymous]) {
      const again = await postComment(
        "sheds",
        commentFields({ body: "Once more." }),
        {
          address: freshAddress(),
          cookie: cookieFrom(posted.setCookie),
        },
      );
      expect(again.status).toBe(422);
      expect(again.result).toMatchObject({
        message: expect.stringContaining("you are banned"),
      });
    }
  });

  it("bans a member's email and account, and ends their sessions", async () => {
    const member = await makeUser("member", "Troublemaker");
    const cookie = await sessionCookieFor(member.id);
    const answer = await answerOf(() =>
      bansAction({
        request: browserRequest("/moderation/bans", {
          cookie: cookies.moderator,
          form: {
            intent: "ban-email",
            email: ` ${member.email.toUpperCase()} `,
            reason: "Abuse",
            days: "",
          },
        }),
        params: {},
        context: CONTEXT,
      }),
    );
    expect(noticeOf(answer.location)).toBe("Banned: user, email.");
    expect(await whoIs(cookie)).toBeNull();
    // Signing in again does not get them past the ban.
    const again = await sessionCookieFor(member.id);
    const posted = await postComment(
      "sheds",
      commentFields({ body: "Let me back." }),
      { cookie: again, address: freshAddress() },
    );
    expect(posted.result).toMatchObject({
      status: "rejected",
      message:
        "Not accepted because: you are banned from commenting here (Abuse).",
    });
  });

  it("refuses a moderator's ban of a guest comment whose email or browser is an admin's", async () => {
    const admin = await makeUser("admin", "Quiet Admin");
    const adminBrowser = await sessionCookieFor(admin.id);
    // The admin once commented signed in: their browser's guest cookie is now theirs.
    const signed = await postComment(
      "sheds",
      commentFields({ body: `Signed in ${Math.random()}` }),
      { cookie: adminBrowser, address: freshAddress() },
    );
    const browser = cookieFrom(signed.setCookie);
    const asGuestWithEmail = await postComment(
      "sheds",
      commentFields({
        name: "Someone",
        email: admin.email.toUpperCase(),
        body: `As a guest ${Math.random()}`,
      }),
      { address: freshAddress() },
    );
    expect(asGuestWithEmail.result.status).toBe("held");
    const withEmail = newestCommentId();
    await postComment(
      "sheds",
      commentFields({ body: `Same browser ${Math.random()}` }),
      { cookie: browser, address: freshAddress() },
    );
    const fromBrowser = newestCommentId();
    expect(commentRow(fromBrowser).userId).toBeNull();

    const banAs = (cookie: string | null, commentId: number, scope: string) =>
      answerOf(() =>
        bansAction({
          request: browserRequest("/moderation/bans", {
            cookie,
            form: {
              intent: "ban-comment",
              commentId: String(commentId),
              scope: [scope],
              reason: "Spam",
              days: "",
            },
          }),
          params: {},
          context: CONTEXT,
        }),
      );
    const before = site.db().select({ n: count() }).from(bans).get()!.n;
    for (const [commentId, scope] of [
      [withEmail, "email"],
      [fromBrowser, "browser"],
    ] as const) {
      const refused = await banAs(cookies.moderator, commentId, scope);
      expect(refused).toMatchObject({
        status: 403,
        data: {
          errors: {
            scopes:
              "You cannot ban someone whose role is the same as yours or higher: ask an admin.",
          },
        },
      });
    }
    expect(site.db().select({ n: count() }).from(bans).get()!.n).toBe(before);
    expect(await whoIs(adminBrowser)).toMatchObject({ id: admin.id });
    const stillPosts = await postComment(
      "sheds",
      commentFields({ body: `Still here ${Math.random()}` }),
      { cookie: adminBrowser, address: freshAddress() },
    );
    expect(stillPosts.result.status).toBe("published");

    // Control: the same ban of a guest comment that is no one's account goes through.
    const plain = await heldComment();
    expect(
      noticeOf((await banAs(cookies.moderator, plain, "browser")).location),
    ).toBe("Banned: guest.");
  });

  it.each([
    [
      "no reason",
      { reason: "  ", days: "3" },
      { reason: "Please give a reason: the poster is shown it." },
    ],
    [
      "a bad number of days",
      { reason: "Spam", days: "0" },
      {
        days: "A ban lasts from 1 to 9,999 days, or leave it empty for no end.",
      },
    ],
    [
      "no scope",
      { reason: "Spam", days: "" },
      { scopes: "Choose at least one thing to ban." },
    ],
  ])(
    "refuses a ban with %s, keeping what was typed",
    async (_case, fields, errors) => {
      const id = await heldComment();
      const before = site.db().select({ n: count() }).from(bans).get()!.n;
      const answer = await answerOf(() =>
        bansAction({
          request: browserRequest("/moderation/bans", {
            cookie: cookies.moderator,
            form: { intent: "ban-comment", commentId: String(id), ...fields },
          }),
          params: {},
          context: CONTEXT,
        }),
      );
      expect(answer.status).toBe(400);
      expect(answer.data).toMatchObject({
        errors,
        values: { reason: fields.reason, days: fields.days },
      });
      expect(site.db().select({ n: count() }).from(bans).get()!.n).toBe(before);
    },
  );
});

describe("settings refused", () => {
  it("keeps what was typed and says the range beside each field, saving nothing", async () => {
    const before = getPolicySettings();
    const answer = await answerOf(() =>
      settingsAction({
        request: browserRequest("/moderation/settings", {
          cookie: cookies.admin,
          form: {
            ...policyToForm(before),
            maxLength: "99999",
            closeAfterDays: "-5",
            floodLimit: "2.5",
          },
        }),
        params: {},
        context: CONTEXT,
      }),
    );
    expect(answer).toMatchObject({
      thrown: false,
      status: 400,
      data: {
        errors: {
          maxLength: "Give a whole number from 10 to 20,000.",
          closeAfterDays: "Give a whole number from 0 to 36,500.",
          floodLimit: "Give a whole number from 1 to 1,000.",
        },
        values: { maxLength: "99999", closeAfterDays: "-5", floodLimit: "2.5" },
      },
    });
    expect(getPolicySettings()).toEqual(before);
  });
});

describe("members", () => {
  const membersPage = (cookie: string | null, path = "/moderation/members") =>
    answerOf(() =>
      membersLoader({
        request: browserRequest(path, { cookie }),
        params: {},
        context: CONTEXT,
      }),
    );
  const membersOf = (answer: Awaited<ReturnType<typeof membersPage>>) =>
    (answer.data as { members: Record<string, unknown>[] }).members;

  it("shows members' emails to admins only, as the sign-up page promises", async () => {
    const member = await makeUser("member", "Private Pim");
    const forAdmin = membersOf(await membersPage(cookies.admin));
    expect(forAdmin).toContainEqual(
      expect.objectContaining({ id: member.id, email: member.email }),
    );
    const forModerator = membersOf(await membersPage(cookies.moderator));
    const row = forModerator.find((entry) => entry.id === member.id);
    expect(row).toMatchObject({ displayName: "Private Pim" });
    expect(row).not.toHaveProperty("email");
    expect(JSON.stringify(forModerator)).not.toContain("@example.org");
  });

  it("offers a change only on someone of a lower role than the viewer's", async () => {
    const [fellowAdmin, moderator, member] = [
      await makeUser("admin", "Fellow Admin"),
      await makeUser("moderator", "Fellow Moderator"),
      await makeUser("member", "Plain Member"),
    ];
    const changeable = (rows: Record<string, unknown>[]) =>
      Object.fromEntries(
        [fellowAdmin, moderator, member].map(({ id }) => [
          id,
          rows.find((row) => row.id === id)?.changeable,
        ]),
      );
    expect(changeable(membersOf(await membersPage(cookies.admin)))).toEqual({
      [fellowAdmin.id]: false,
      [moderator.id]: true,
      [member.id]: true,
    });
    expect(changeable(membersOf(await membersPage(cookies.moderator)))).toEqual(
      {
        [fellowAdmin.id]: false,
        [moderator.id]: false,
        [member.id]: true,
      },
    );
  });

  it("lets only admins find a member by email, so a moderator cannot test whether an email has an account", async () => {
    const member = await makeUser("member", "Searchable Sol");
    const path = `/moderation/members?q=${encodeURIComponent(member.email)}`;
    expect(membersOf(await membersPage(cookies.admin, path))).toHaveLength(1);
    expect(membersOf(await membersPage(cookies.moderator, path))).toEqual([]);
    // Control: the moderator finds the same member by name.
    expect(
      membersOf(
        await membersPage(
          cookies.moderator,
          "/moderation/members?q=searchable",
        ),
      ),
    ).toContainEqual(expect.objectContaining({ id: member.id }));
  });

  it("lets an admin make a member an editor, logged, and offers the role on the page", async () => {
    const member = await makeUser("member", "Writer Wren");
    const page = await membersPage(cookies.admin);
    expect(page.status).toBe(200);
    const answer = await answerOf(() =>
      membersAction({
        request: browserRequest("/moderation/members", {
          cookie: cookies.admin,
          form: { intent: "role", userId: String(member.id), role: "editor" },
        }),
        params: {},
        context: CONTEXT,
      }),
    );
    expect(noticeOf(answer.location)).toBe(
      "Writer Wren is now an editor. They were signed out everywhere and sign in again with the new role.",
    );
    expect(findUserById(member.id)!.role).toBe("editor");
    const logged = site
      .db()
      .select()
      .from(moderationLog)
      .orderBy(desc(moderationLog.id))
      .get()!;
    expect(logged).toMatchObject({
      actorUserId: people.admin.id,
      action: "member.role",
    });
    expect(logged.note).toContain("role set to editor");
  });

  const memberChanges: {
    by?: "admin" | "moderator";
    from: "member" | "verified" | "moderator" | "admin";
    form: Record<string, string>;
    after: { role?: string; verified?: boolean };
    notice: string;
  }[] = [
    {
      from: "member",
      form: { intent: "verify", verified: "true" },
      after: { verified: true },
      notice: "Margaret Okafor is now a verified resident.",
    },
    {
      from: "verified",
      form: { intent: "verify", verified: "false" },
      after: { verified: false },
      notice: "Margaret Okafor is no longer verified.",
    },
    {
      from: "member",
      form: { intent: "role", role: "moderator" },
      after: { role: "moderator" },
      notice:
        "Margaret Okafor is now a moderator. They were signed out everywhere and sign in again with the new role.",
    },
    {
      from: "moderator",
      form: { intent: "role", role: "admin" },
      after: { role: "admin" },
      notice:
        "Margaret Okafor is now an admin. They were signed out everywhere and sign in again with the new role.",
    },
    {
      from: "moderator",
      form: { intent: "role", role: "member" },
      after: { role: "member" },
      notice:
        "Margaret Okafor is now a member. They were signed out everywhere and sign in again with the new role.",
    },
    // Nobody acts on someone of their own rank or higher: not an admin on a fellow admin...
    {
      from: "admin",
      form: { intent: "role", role: "member" },
      after: { role: "admin" },
      notice:
        "Margaret Okafor was left as they are: nobody changes someone whose role is the same as theirs or higher. Another admin's role is changed on the server with npm run member:role.",
    },
    // ...nor a moderator on a fellow moderator, though a member they may verify.
    {
      by: "moderator",
      from: "moderator",
      form: { intent: "verify", verified: "true" },
      after: { verified: false },
      notice:
        "Margaret Okafor was left as they are: nobody changes someone whose role is the same as theirs or higher.",
    },
    {
      by: "moderator",
      from: "member",
      form: { intent: "verify", verified: "true" },
      after: { verified: true },
      notice: "Margaret Okafor is now a verified resident.",
    },
  ];

  it.each(memberChanges)(
    "says what changed: $notice",
    async ({ by = "admin" as const, from, form, after, notice }) => {
      const member = await makeUser(from, "Margaret Okafor");
      const answer = await answerOf(() =>
        membersAction({
          request: browserRequest("/moderation/members", {
            cookie: cookies[by],
            form: { ...form, userId: String(member.id) },
          }),
          params: {},
          context: CONTEXT,
        }),
      );
      expect(answer.status).toBe(302);
      expect(noticeOf(answer.location)).toBe(notice);
      expect(
        site.db().select().from(users).where(eq(users.id, member.id)).get(),
      ).toMatchObject(after);
    },
  );

  it("says so when the member is gone", async () => {
    const answer = await answerOf(() =>
      membersAction({
        request: browserRequest("/moderation/members", {
          cookie: cookies.admin,
          form: { intent: "verify", userId: "999999", verified: "true" },
        }),
        params: {},
        context: CONTEXT,
      }),
    );
    expect(noticeOf(answer.location)).toBe("That member no longer exists.");
  });

  it("lets a moderator verify a member, logged under the moderator's name", async () => {
    const member = await makeUser("member", "Resident Rae");
    const answer = await answerOf(() =>
      membersAction({
        request: browserRequest("/moderation/members", {
          cookie: cookies.moderator,
          form: {
            intent: "verify",
            userId: String(member.id),
            verified: "true",
          },
        }),
        params: {},
        context: CONTEXT,
      }),
    );
    expect(noticeOf(answer.location)).toBe(
      "Resident Rae is now a verified resident.",
    );
    expect(
      site.db().select().from(users).where(eq(users.id, member.id)).get()!
        .verified,
    ).toBe(true);
    const logged = site
      .db()
      .select()
      .from(moderationLog)
      .orderBy(desc(moderationLog.id))
      .get()!;
    expect(logged).toMatchObject({
      actor: "The moderator",
      actorUserId: people.moderator.id,
      action: "member.verified",
      note: "Resident Rae: verified as a resident",
    });
  });
});

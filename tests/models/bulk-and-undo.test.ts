// Acting on everything a queue filter matches, and undoing a Reject, Spam or Remove: the count
// shown is what is acted on, late arrivals are left alone, and an undo puts back exactly what
// one decision changed, within its window, for the moderator who made it or a higher rank.
import { asc, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { comments, moderationLog, posts, settings } from "../../db/schema";
import type { RoleName } from "~/domain/permissions";
import { MATCHING_LIMIT } from "~/domain/queue-filter";
import { UNDO_WINDOW_MINUTES, type UndoTicket } from "~/domain/undo";
import {
  findQueuePost,
  matchingQueueIds,
} from "~/features/moderation/moderation.server";
import {
  approveComment,
  decideComments,
  moderateComments,
} from "~/features/moderation/state-changes.server";
import { undoDecision } from "~/features/moderation/undo.server";
import {
  loadSpamModel,
  SPAM_MODEL_KEY,
} from "~/features/safety/spam-model.server";
import { syncContent } from "~/features/posts/content-sync.server";
import { commentFields, freshAddress, postComment } from "../helpers/comments";
import { makeUser } from "../helpers/accounts";
import { postFile, useTempSite } from "../helpers/temp-site";

const site = useTempSite();

type DeskActor = { name: string; userId: number; role: RoleName };
let moderator: DeskActor;
let otherModerator: DeskActor;
let admin: DeskActor;

beforeAll(async () => {
  site.writeContent("posts/vans.md", postFile({ title: "Vans" }));
  site.writeContent("posts/gates.md", postFile({ title: "Gates" }));
  syncContent(site.db(), site.contentDir);
  const as = async (role: "moderator" | "admin", name: string) => {
    const user = await makeUser(role, name);
    return { name, userId: user.id, role };
  };
  moderator = await as("moderator", "Mo One");
  otherModerator = await as("moderator", "Mo Two");
  admin = await as("admin", "Ada Admin");
});

const postId = (slug: string) =>
  site.db().select().from(posts).where(eq(posts.slug, slug)).get()!.id;
const stateOf = (id: number) =>
  site.db().select().from(comments).where(eq(comments.id, id)).get()!.state;
const newestCommentId = () =>
  site.db().select().from(comments).orderBy(desc(comments.id)).get()!.id;
const logActions = (id: number) =>
  site
    .db()
    .select({ action: moderationLog.action, actor: moderationLog.actor })
    .from(moderationLog)
    .where(eq(moderationLog.commentId, id))
    .orderBy(asc(moderationLog.id))
    .all();

async function heldComment(slug: string, body?: string): Promise<number> {
  const posted = await postComment(
    slug,
    commentFields({ body: body ?? `Held ${Math.random()}` }),
    { address: freshAddress() },
  );
  expect(posted.result.status).toBe("held");
  return newestCommentId();
}

function mustUndo(decided: ReturnType<typeof decideComments>): UndoTicket {
  expect(decided.undo).not.toBeNull();
  return decided.undo!;
}

describe("acting on everything a filter matches", () => {
  it("acts on the comments counted, and a comment arriving after the count stays held", async () => {
    const slug = "vans";
    const filter = {
      state: "pending",
      posterClass: "anonymous",
      postId: postId(slug),
    } as const;
    const before = matchingQueueIds(filter, MATCHING_LIMIT).ids;
    const held = [await heldComment(slug), await heldComment(slug)];
    const elsewhere = await heldComment("gates");
    const shown = matchingQueueIds(filter, MATCHING_LIMIT);
    expect(shown.ids).toEqual([...before, ...held]);
    expect(shown.total).toBe(shown.ids.length);
    expect(shown.ids).not.toContain(elsewhere);
    expect(findQueuePost(filter.postId)?.title).toBe("Vans");

    // Someone comments between the confirmation and the click.
    const late = await heldComment(slug);
    const acted = moderateComments(
      shown.ids,
      "approve",
      moderator,
      null,
      new Date(),
    );
    expect(acted).toBe(shown.ids.length);
    for (const id of shown.ids) expect(stateOf(id)).toBe("published");
    expect(stateOf(late)).toBe("pending");
    expect(stateOf(elsewhere)).toBe("pending");
    expect(matchingQueueIds(filter, MATCHING_LIMIT)).toEqual({
      ids: [late],
      total: 1,
    });
  });

  it("lists at most the limit, and says how many match in all", async () => {
    const filter = {
      state: "pending",
      posterClass: null,
      postId: null,
    } as const;
    await heldComment("gates");
    const all = matchingQueueIds(filter, MATCHING_LIMIT);
    expect(all.total).toBeGreaterThanOrEqual(2);
    const limited = matchingQueueIds(filter, 1);
    expect(limited).toEqual({ ids: all.ids.slice(0, 1), total: all.total });
  });
});

describe("undoing a decision", () => {
  it("puts a rejected comment back in the queue and logs the undo", async () => {
    const id = await heldComment("gates");
    const at = new Date();
    const ticket = mustUndo(
      decideComments([id], "reject", moderator, null, at),
    );
    expect(stateOf(id)).toBe("rejected");
    const outcome = undoDecision(
      ticket,
      moderator,
      new Date(at.getTime() + 60_000),
    );
    expect(outcome).toEqual({ undone: 1, leftAsTheyAre: [], refused: null });
    expect(stateOf(id)).toBe("pending");
    expect(logActions(id).slice(-2)).toEqual([
      { action: "comment.rejected", actor: "Mo One" },
      { action: "comment.reject-undone", actor: "Mo One" },
    ]);
  });

  it("offers no undo for an approval, nor for a decision that moved nothing", async () => {
    const id = await heldComment("gates");
    expect(
      decideComments([id], "approve", moderator, null, new Date()).undo,
    ).toBeNull();
    // Rejecting a published comment does nothing, so there is nothing to undo.
    expect(decideComments([id], "reject", moderator, null, new Date())).toEqual(
      {
        moved: 0,
        undo: null,
        outranked: 0,
      },
    );
  });

  it("republishes a removed comment with its number and count", async () => {
    const id = await heldComment("gates");
    approveComment(id, moderator, new Date());
    const row = () =>
      site.db().select().from(comments).where(eq(comments.id, id)).get()!;
    const count = () =>
      site.db().select().from(posts).where(eq(posts.slug, "gates")).get()!
        .publishedCommentCount;
    const number = row().number;
    const published = count();
    const ticket = mustUndo(
      decideComments([id], "remove", moderator, null, new Date()),
    );
    expect(count()).toBe(published - 1);
    expect(undoDecision(ticket, moderator, new Date()).undone).toBe(1);
    expect(row().state).toBe("published");
    expect(row().number).toBe(number);
    expect(count()).toBe(published);
  });

  it("puts a spam comment back where it was, and the spam score forgets it", async () => {
    site.db().delete(settings).where(eq(settings.key, SPAM_MODEL_KEY)).run();
    const fromQueue = await heldComment("gates", "cheap watches zqxv");
    const fromThread = await heldComment("gates", "cheap pills zqxv");
    approveComment(fromThread, moderator, new Date());
    const learned = loadSpamModel(site.db());
    const ticket = mustUndo(
      decideComments(
        [fromQueue, fromThread],
        "spam",
        moderator,
        null,
        new Date(),
      ),
    );
    expect(loadSpamModel(site.db()).docs.spam).toBe(learned.docs.spam + 2);
    expect(loadSpamModel(site.db()).tokens["zqxv"]?.spam).toBe(2);
    expect(undoDecision(ticket, moderator, new Date()).undone).toBe(2);
    expect(stateOf(fromQueue)).toBe("pending");
    expect(stateOf(fromThread)).toBe("published");
    expect(loadSpamModel(site.db())).toEqual(learned);
  });

  it("is refused once the window has passed, and the control inside it succeeds", async () => {
    const late = await heldComment("gates");
    const inTime = await heldComment("gates");
    const at = new Date();
    const window = UNDO_WINDOW_MINUTES * 60_000;
    const lateTicket = mustUndo(
      decideComments([late], "reject", moderator, null, at),
    );
    const inTimeTicket = mustUndo(
      decideComments([inTime], "reject", moderator, null, at),
    );
    expect(
      undoDecision(lateTicket, moderator, new Date(at.getTime() + window + 1)),
    ).toEqual({ undone: 0, leftAsTheyAre: [], refused: "expired" });
    expect(stateOf(late)).toBe("rejected");
    expect(
      undoDecision(inTimeTicket, moderator, new Date(at.getTime() + window))
        .undone,
    ).toBe(1);
    expect(stateOf(inTime)).toBe("pending");
  });

  it("is refused to another moderator, and allowed to an admin", async () => {
    const id = await heldComment("gates");
    const ticket = mustUndo(
      decideComments([id], "reject", moderator, null, new Date()),
    );
    expect(undoDecision(ticket, otherModerator, new Date()).refused).toBe(
      "not-yours",
    );
    expect(stateOf(id)).toBe("rejected");
    expect(undoDecision(ticket, admin, new Date()).undone).toBe(1);
    expect(stateOf(id)).toBe("pending");
    expect(logActions(id).at(-1)).toEqual({
      action: "comment.reject-undone",
      actor: "Ada Admin",
    });
  });

  it("leaves a comment changed since as it is, names it, and undoes the rest", async () => {
    const changed = await heldComment("vans");
    const untouched = await heldComment("vans");
    const ticket = mustUndo(
      decideComments(
        [changed, untouched],
        "reject",
        moderator,
        null,
        new Date(),
      ),
    );
    // Another moderator restores one of them before the undo.
    moderateComments([changed], "restore", otherModerator, null, new Date());
    const outcome = undoDecision(ticket, moderator, new Date());
    expect(outcome).toEqual({
      undone: 1,
      leftAsTheyAre: [{ authorName: null, postTitle: "Vans" }],
      refused: null,
    });
    expect(stateOf(changed)).toBe("published");
    expect(stateOf(untouched)).toBe("pending");
    // A second undo of the same decision finds both changed (the first undo changed one).
    expect(undoDecision(ticket, moderator, new Date())).toMatchObject({
      undone: 0,
    });
    expect(stateOf(untouched)).toBe("pending");
  });
});

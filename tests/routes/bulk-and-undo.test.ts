// The desk's bulk and undo forms through their routes: the confirmation counts what it will act
// on, and the Undo a decision offers travels in the address with a key only this site can make.
import { desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { comments, posts } from "../../db/schema";
import { loader as deskLoader } from "~/routes/moderation";
import { loader as bulkLoader } from "~/routes/moderation.bulk";
import { action as commentsAction } from "~/routes/moderation.comments";
import { syncContent } from "~/features/posts/content-sync.server";
import {
  answerOf,
  browserRequest,
  makeUser,
  noticeOf,
  sessionCookieFor,
} from "../helpers/accounts";
import { commentFields, freshAddress, postComment } from "../helpers/comments";
import { postFile, useTempSite } from "../helpers/temp-site";

const site = useTempSite();
const CONTEXT = { clientAddress: "203.0.113.60" };
let moderator: string;
let otherModerator: string;

beforeAll(async () => {
  site.writeContent("posts/locks.md", postFile({ title: "Locks" }));
  syncContent(site.db(), site.contentDir);
  moderator = await sessionCookieFor((await makeUser("moderator")).id);
  otherModerator = await sessionCookieFor((await makeUser("moderator")).id);
});

const stateOf = (id: number) =>
  site.db().select().from(comments).where(eq(comments.id, id)).get()!.state;

async function heldComment(): Promise<number> {
  const posted = await postComment(
    "locks",
    commentFields({ body: `Held ${Math.random()}` }),
    { address: freshAddress() },
  );
  expect(posted.result.status).toBe("held");
  return site.db().select().from(comments).orderBy(desc(comments.id)).get()!.id;
}

function post(cookie: string, form: Record<string, string | string[]>) {
  return answerOf(() =>
    commentsAction({
      request: browserRequest("/moderation/comments", { cookie, form }),
      params: {},
      context: CONTEXT,
    }),
  );
}

/** The Undo form's fields, as the desk draws them from the address it was sent to. */
async function undoFieldsAt(location: string, cookie: string) {
  const answer = await answerOf(() =>
    deskLoader({
      request: browserRequest(location, { cookie }),
      params: {},
      context: CONTEXT,
    }),
  );
  const data = answer.data as {
    undo: { value: string; key: string } | null;
  };
  return data.undo;
}

describe("the Undo after a decision", () => {
  it("is offered after a Reject, undoes it, and is gone afterwards", async () => {
    const id = await heldComment();
    const rejected = await post(moderator, {
      intent: "moderate",
      action: "reject",
      commentId: [String(id)],
      redirectTo: "/moderation?class=anonymous",
    });
    expect(noticeOf(rejected.location)).toBe("Rejected 1 comment.");
    const undo = await undoFieldsAt(rejected.location!, moderator);
    expect(undo).not.toBeNull();

    const undone = await post(moderator, {
      intent: "undo",
      undo: undo!.value,
      undoKey: undo!.key,
      redirectTo: rejected.location!,
    });
    expect(noticeOf(undone.location)).toBe(
      "Undone: 1 comment is back in the queue.",
    );
    expect(stateOf(id)).toBe("pending");
    // The address it lands on keeps the filter and offers no second Undo.
    const landed = new URL(undone.location!, "http://localhost");
    expect(landed.searchParams.get("class")).toBe("anonymous");
    expect(landed.searchParams.has("undo")).toBe(false);
    expect(await undoFieldsAt(undone.location!, moderator)).toBeNull();
  });

  it("is not offered after an Approve (the control: it is after a Spam)", async () => {
    const [approved, spam] = [await heldComment(), await heldComment()];
    const afterApprove = await post(moderator, {
      intent: "moderate",
      action: "approve",
      commentId: [String(approved)],
      redirectTo: "/moderation",
    });
    const afterSpam = await post(moderator, {
      intent: "moderate",
      action: "spam",
      commentId: [String(spam)],
      redirectTo: "/moderation",
    });
    expect(await undoFieldsAt(afterSpam.location!, moderator)).not.toBeNull();
    expect(await undoFieldsAt(afterApprove.location!, moderator)).toBeNull();
  });

  it("is carried only to the desk's pages, not to a post page", async () => {
    const [onPost, onDesk] = [await heldComment(), await heldComment()];
    for (const id of [onPost, onDesk]) {
      await post(moderator, {
        intent: "moderate",
        action: "approve",
        commentId: [String(id)],
        redirectTo: "/moderation",
      });
    }
    const remove = (id: number, redirectTo: string) =>
      post(moderator, {
        intent: "moderate",
        action: "remove",
        commentId: [String(id)],
        redirectTo,
      });
    const fromPost = await remove(onPost, "/posts/locks#comments");
    const fromDesk = await remove(onDesk, "/moderation/reports");
    expect(noticeOf(fromPost.location)).toBe("Removed 1 comment.");
    expect(fromPost.location).not.toContain("undo=");
    expect(fromPost.location).toMatch(/#comments$/);
    expect(fromDesk.location).toContain("undo=remove.");
  });

  it("refuses a ticket whose key does not match, and another moderator", async () => {
    const id = await heldComment();
    const rejected = await post(moderator, {
      intent: "moderate",
      action: "reject",
      commentId: [String(id)],
      redirectTo: "/moderation",
    });
    const undo = (await undoFieldsAt(rejected.location!, moderator))!;
    const forged = await post(moderator, {
      intent: "undo",
      undo: undo.value.replace(/^reject/, "remove"),
      undoKey: undo.key,
      redirectTo: "/moderation",
    });
    expect(noticeOf(forged.location)).toBe("Nothing was undone.");
    const other = await post(otherModerator, {
      intent: "undo",
      undo: undo.value,
      undoKey: undo.key,
      redirectTo: "/moderation",
    });
    expect(noticeOf(other.location)).toBe(
      "Only the moderator who made that decision, or someone of higher rank, can undo it.",
    );
    expect(stateOf(id)).toBe("rejected");
  });
});

describe("the confirmation before acting on everything matching", () => {
  const confirm = (query: string) =>
    answerOf(() =>
      bulkLoader({
        request: browserRequest(`/moderation/bulk?${query}`, {
          cookie: moderator,
        }),
        params: {},
        context: CONTEXT,
      }),
    );

  it("counts the comments the filter matches and names the filter", async () => {
    const postId = site
      .db()
      .select()
      .from(posts)
      .where(eq(posts.slug, "locks"))
      .get()!.id;
    const ids = [await heldComment(), await heldComment()];
    const answer = await confirm(
      `action=approve&class=anonymous&post=${postId}`,
    );
    const data = answer.data as { ids: number[]; description: string };
    expect(data.ids).toEqual(expect.arrayContaining(ids));
    expect(data.description).toBe(
      `${data.ids.length} held comments from anonymous posters on “Locks”`,
    );
  });

  it("sends a decision that does not fit the filter back to the queue", async () => {
    const answer = await confirm("action=restore&state=pending&class=named");
    expect(answer.status).toBe(302);
    expect(answer.location).toMatch(/^\/moderation\?class=named&notice=/);
    expect(noticeOf(answer.location)).toBe(
      "Choose what to do with the comments: nothing was changed.",
    );
  });
});

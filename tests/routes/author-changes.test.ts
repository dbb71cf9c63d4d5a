import { desc, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  commentVersions,
  comments,
  moderationLog,
  posts,
} from "../../db/schema";
import { DEFAULT_POLICY } from "~/domain/moderation-policy";
import type { AuthorChangeActionResult } from "~/features/discussion/author-change-form.server";
import { approveComment } from "~/features/moderation/state-changes.server";
import { deleteAccount } from "~/features/accounts/account.server";
import { savePolicySettings } from "~/features/moderation/policy.server";
import { loader as queueLoader } from "~/routes/moderation._index";
import { action, loader } from "~/routes/posts.$slug";
import { syncContent } from "~/features/posts/content-sync.server";
import {
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
import { threadIn } from "../helpers/loaders";

const site = useTempSite();
const MODERATOR = { name: "A moderator", userId: null };

beforeAll(() => {
  site.writeContent("posts/sheds.md", postFile({ title: "Sheds" }));
  syncContent(site.db(), site.contentDir);
});

beforeEach(() => {
  savePolicySettings(
    { ...DEFAULT_POLICY, named: "publish", heldWords: ["padlock"] },
    new Date(),
  );
});

const commentRow = (id: number) =>
  site.db().select().from(comments).where(eq(comments.id, id)).get()!;
const versionsOf = (id: number) =>
  site
    .db()
    .select()
    .from(commentVersions)
    .where(eq(commentVersions.commentId, id))
    .all();
const lastLogRow = () =>
  site.db().select().from(moderationLog).orderBy(desc(moderationLog.id)).get()!;
const publishedCount = () =>
  site
    .db()
    .select({ n: posts.publishedCommentCount })
    .from(posts)
    .where(eq(posts.slug, "sheds"))
    .get()!.n;

/** A published comment by a named guest, and the cookie of the browser that wrote it. */
async function guestComment(body = "The shed door sticks.") {
  const posted = await postComment(
    "sheds",
    commentFields({ name: "Ruth", body }),
    { address: freshAddress() },
  );
  expect(posted.result.status).toBe("published");
  const id = (posted.result as { comment: { id: number } }).comment.id;
  return { id, cookie: cookieFrom(posted.setCookie) };
}

async function change(
  fields: Record<string, string>,
  cookie: string | null,
): Promise<{ status: number; result: AuthorChangeActionResult }> {
  const headers = new Headers({ Origin: "http://localhost" });
  if (cookie) headers.set("Cookie", cookie);
  const answer = await action({
    request: new Request("http://localhost/posts/sheds", {
      method: "POST",
      headers,
      body: new URLSearchParams(fields),
    }),
    params: { slug: "sheds" },
    context: { clientAddress: freshAddress() },
  });
  if (answer.data.form !== "author-change")
    throw new Error("expected the author's change form's answer");
  return {
    status: answer.init?.status ?? 200,
    result: answer.data as AuthorChangeActionResult,
  };
}

async function threadFor(cookie: string | null, query = "") {
  const headers = new Headers(cookie ? { Cookie: cookie } : {});
  const page = await loader({
    request: new Request(`http://localhost/posts/sheds${query}`, { headers }),
    params: { slug: "sheds" },
    context: { clientAddress: "203.0.113.9" },
  });
  return threadIn(page).flatMap(function flat(node): (typeof node.comment)[] {
    return [node.comment, ...node.replies.flatMap(flat)];
  });
}

describe("an author edits their comment", () => {
  it("changes the text, says edited, keeps the earlier text for moderators and logs it", async () => {
    const { id, cookie } = await guestComment("The shed door sticks.");
    const edited = await change(
      {
        intent: "edit",
        commentId: String(id),
        body: "The shed door *sticks* in rain.",
      },
      cookie,
    );
    expect(edited).toMatchObject({
      status: 200,
      result: { status: "edited", message: "Your changes are saved." },
    });
    const row = commentRow(id);
    expect(row).toMatchObject({
      state: "published",
      bodyMarkdown: "The shed door *sticks* in rain.",
      bodyHtml: "<p>The shed door <em>sticks</em> in rain.</p>\n",
    });
    expect(row.editedAt).toBeInstanceOf(Date);
    expect(versionsOf(id)).toMatchObject([
      {
        bodyMarkdown: "The shed door sticks.",
        bodyHtml: "<p>The shed door sticks.</p>\n",
      },
    ]);
    expect(lastLogRow()).toMatchObject({
      action: "comment.edited",
      actor: "author",
      commentId: id,
    });
    const shown = (await threadFor(null)).find((c) => c.id === id)!;
    expect(shown).toMatchObject({ edited: true });
    expect(shown.bodyHtml).toContain("<em>sticks</em>");
  });

  it("sends an edit the policy would hold back to the queue, out of the thread until approved", async () => {
    const { id, cookie } = await guestComment("Nice shed.");
    const countBefore = publishedCount();
    const edited = await change(
      { intent: "edit", commentId: String(id), body: "Buy a padlock from me." },
      cookie,
    );
    expect(edited.result).toMatchObject({
      status: "held",
      message: expect.stringContaining("Held for a moderator because:"),
    });
    expect(commentRow(id)).toMatchObject({
      state: "pending",
      reasons: [expect.objectContaining({ code: "held-word" })],
    });
    expect(lastLogRow()).toMatchObject({ action: "comment.edit-held" });
    expect(publishedCount()).toBe(countBefore - 1);
    // Readers no longer see it; its author does, marked as awaiting moderation.
    expect((await threadFor(null)).map((c) => c.id)).not.toContain(id);
    expect((await threadFor(cookie)).find((c) => c.id === id)?.state).toBe(
      "pending",
    );

    expect(approveComment(id, MODERATOR, new Date())).toBe(true);
    expect((await threadFor(null)).map((c) => c.id)).toContain(id);
    expect(publishedCount()).toBe(countBefore);
  });

  it("never publishes a held comment by editing it: it stays with a moderator", async () => {
    const posted = await postComment(
      "sheds",
      commentFields({ name: "Ruth", body: "Padlock advice, anyone?" }),
      { address: freshAddress() },
    );
    expect(posted.result.status).toBe("held");
    const id = (posted.result as { comment: { id: number } }).comment.id;
    const edited = await change(
      { intent: "edit", commentId: String(id), body: "Lock advice, anyone?" },
      cookieFrom(posted.setCookie),
    );
    expect(edited.result).toMatchObject({
      status: "held",
      message:
        "Your changes are saved. It is still waiting for a moderator: only you can see it until it is approved.",
    });
    // The moderator still sees why it was held in the first place.
    expect(commentRow(id)).toMatchObject({
      state: "pending",
      bodyMarkdown: "Lock advice, anyone?",
      reasons: [expect.objectContaining({ code: "held-word" })],
    });
  });

  it("refuses someone else, leaving the comment as it was", async () => {
    const { id } = await guestComment("Mine, not yours.");
    const other = await guestComment("Another guest.");
    const refused = await change(
      { intent: "edit", commentId: String(id), body: "Hijacked." },
      other.cookie,
    );
    expect(refused).toMatchObject({
      status: 403,
      result: {
        status: "invalid",
        message: "Only the person who wrote this comment can edit it.",
        values: { body: "Hijacked." },
      },
    });
    expect(commentRow(id).bodyMarkdown).toBe("Mine, not yours.");
    expect(versionsOf(id)).toEqual([]);

    const noCookie = await change(
      { intent: "edit", commentId: String(id), body: "Hijacked." },
      null,
    );
    expect(noCookie.status).toBe(403);
    expect(commentRow(id).bodyMarkdown).toBe("Mine, not yours.");
  });

  it("refuses the author after the edit window, and says delete still works", async () => {
    const { id, cookie } = await guestComment("Posted a while ago.");
    site
      .db()
      .update(comments)
      .set({ createdAt: new Date(Date.now() - 16 * 60_000) })
      .where(eq(comments.id, id))
      .run();
    const late = await change(
      { intent: "edit", commentId: String(id), body: "Too late." },
      cookie,
    );
    expect(late).toMatchObject({
      status: 409,
      result: {
        message:
          "Comments can be edited for 15 minutes after posting, and that time is over. You can still delete it.",
        values: { body: "Too late." },
      },
    });
    expect(commentRow(id).bodyMarkdown).toBe("Posted a while ago.");

    // The window is a setting.
    savePolicySettings(
      { ...DEFAULT_POLICY, named: "publish", editWindowMinutes: 30 },
      new Date(),
    );
    const inTime = await change(
      { intent: "edit", commentId: String(id), body: "In time after all." },
      cookie,
    );
    expect(inTime.result.status).toBe("edited");
  });

  it("lets a member edit by account, not by the browser they used", async () => {
    const member = await makeUser("member");
    const session = await sessionCookieFor(member.id);
    const posted = await postComment(
      "sheds",
      commentFields({ body: "Member's note." }),
      { cookie: session, address: freshAddress() },
    );
    const id = (posted.result as { comment: { id: number } }).comment.id;
    const guestCookie = cookieFrom(posted.setCookie);
    // The same browser signed out is not the member.
    const signedOut = await change(
      { intent: "edit", commentId: String(id), body: "Not the member." },
      guestCookie,
    );
    expect(signedOut.status).toBe(403);
    const signedIn = await change(
      { intent: "edit", commentId: String(id), body: "The member, edited." },
      session,
    );
    expect(signedIn.result.status).toBe("edited");
    expect(commentRow(id).bodyMarkdown).toBe("The member, edited.");
  });

  it("refuses text the policy refuses, and keeps what was typed", async () => {
    const { id, cookie } = await guestComment("Short and fine.");
    const refused = await change(
      { intent: "edit", commentId: String(id), body: "   " },
      cookie,
    );
    expect(refused).toMatchObject({
      status: 422,
      result: {
        status: "invalid",
        errors: { body: expect.stringContaining("still reads as before") },
        values: { body: "   " },
      },
    });
    expect(commentRow(id)).toMatchObject({
      state: "published",
      bodyMarkdown: "Short and fine.",
    });
    expect(lastLogRow()).toMatchObject({ action: "comment.edit-refused" });
  });

  it("answers a malformed form with the site's words, not a 500", async () => {
    const { cookie } = await guestComment("Anything.");
    const malformed = await change(
      { intent: "edit", commentId: "not-a-number", body: "x" },
      cookie,
    );
    expect(malformed).toMatchObject({
      status: 400,
      result: { message: "Please check the form: nothing was changed yet." },
    });
  });
});

describe("moderators see every earlier version", () => {
  it("lists them, oldest first, on the held comment in the queue", async () => {
    const { id, cookie } = await guestComment("Version one.");
    await change(
      { intent: "edit", commentId: String(id), body: "Version two." },
      cookie,
    );
    await change(
      {
        intent: "edit",
        commentId: String(id),
        body: "Version three, padlock.",
      },
      cookie,
    );
    const moderator = await makeUser("moderator");
    const queue = await queueLoader({
      request: browserRequest("/moderation", {
        cookie: await sessionCookieFor(moderator.id),
      }),
      params: {},
      context: { clientAddress: "203.0.113.9" },
    });
    const item = queue.items.find((comment) => comment.id === id)!;
    expect(item.bodyHtml).toBe("<p>Version three, padlock.</p>\n");
    expect(
      queue.earlierVersions[id]!.map((version) => version.bodyHtml),
    ).toEqual(["<p>Version one.</p>\n", "<p>Version two.</p>\n"]);
  });
});

describe("an author deletes their comment", () => {
  it("without replies: it leaves the thread, its text and versions are gone, it is logged", async () => {
    const { id, cookie } = await guestComment("Delete me.");
    await change(
      { intent: "edit", commentId: String(id), body: "Delete me, edited." },
      cookie,
    );
    const countBefore = publishedCount();
    const deleted = await change(
      { intent: "delete", commentId: String(id) },
      cookie,
    );
    expect(deleted).toMatchObject({
      status: 200,
      result: { status: "deleted", message: "Your comment was deleted." },
    });
    expect(commentRow(id)).toMatchObject({
      state: "deleted",
      bodyMarkdown: "",
      bodyHtml: "",
      authorName: null,
    });
    expect(versionsOf(id)).toEqual([]);
    expect(publishedCount()).toBe(countBefore - 1);
    expect(lastLogRow()).toMatchObject({
      action: "comment.deleted",
      actor: "author",
      commentId: id,
    });
    expect((await threadFor(null)).map((c) => c.id)).not.toContain(id);
  });

  it("with replies: a placeholder keeps their place", async () => {
    const { id, cookie } = await guestComment("I have a reply.");
    const reply = await postComment(
      "sheds",
      commentFields({ name: "Sam", body: "Replying.", parentId: String(id) }),
      { address: freshAddress() },
    );
    expect(reply.result.status).toBe("published");
    await change({ intent: "delete", commentId: String(id) }, cookie);
    const shown = (await threadFor(null)).find((c) => c.id === id)!;
    expect(shown).toMatchObject({
      placeholder: true,
      state: "deleted",
      bodyHtml: "",
      authorName: null,
    });
  });

  it("at any time, but only by its author", async () => {
    const { id, cookie } = await guestComment("Old comment.");
    site
      .db()
      .update(comments)
      .set({ createdAt: new Date(Date.now() - 365 * 24 * 3600_000) })
      .where(eq(comments.id, id))
      .run();
    const other = await guestComment("Someone else.");
    const refused = await change(
      { intent: "delete", commentId: String(id) },
      other.cookie,
    );
    expect(refused).toMatchObject({
      status: 403,
      result: {
        message: "Only the person who wrote this comment can delete it.",
      },
    });
    expect(commentRow(id).state).toBe("published");
    const deleted = await change(
      { intent: "delete", commentId: String(id) },
      cookie,
    );
    expect(deleted.result.status).toBe("deleted");
  });
});

describe("a member who deletes their account", () => {
  it("takes the earlier versions of their comments with it", async () => {
    const member = await makeUser("member");
    const session = await sessionCookieFor(member.id);
    const posted = await postComment(
      "sheds",
      commentFields({ body: "My first words." }),
      { cookie: session, address: freshAddress() },
    );
    const id = (posted.result as { comment: { id: number } }).comment.id;
    await change(
      { intent: "edit", commentId: String(id), body: "My second words." },
      session,
    );
    expect(versionsOf(id)).toHaveLength(1);
    // The control: another author's versions stay.
    const other = await guestComment("Someone else's first words.");
    await change(
      { intent: "edit", commentId: String(other.id), body: "Edited." },
      other.cookie,
    );

    expect(deleteAccount(member.id, new Date())).toBe(true);
    expect(commentRow(id)).toMatchObject({
      state: "deleted",
      bodyMarkdown: "",
    });
    expect(versionsOf(id)).toEqual([]);
    expect(versionsOf(other.id)).toHaveLength(1);
  });
});

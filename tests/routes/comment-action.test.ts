import { count, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { comments, moderationLog, posts } from "../../db/schema";
import { approveComment } from "~/features/moderation/state-changes.server";
import { savePolicySettings } from "~/features/moderation/policy.server";
import { DEFAULT_POLICY } from "~/domain/moderation-policy";
import { loader } from "~/routes/posts.$slug";
import { syncContent } from "~/features/posts/content-sync.server";
import {
  commentFields,
  cookieFrom,
  freshAddress,
  postComment,
} from "../helpers/comments";
import { postFile, useTempSite } from "../helpers/temp-site";
import { threadIn } from "../helpers/loaders";

const site = useTempSite();

beforeAll(() => {
  site.writeContent("posts/sheds.md", postFile({ title: "Sheds" }));
  site.writeContent("posts/bikes.md", postFile({ title: "Bikes" }));
  site.writeContent(
    "posts/closed.md",
    postFile({ title: "Closed", comments: "closed" }),
  );
  site.writeContent("posts/withdrawn.md", postFile({ title: "Withdrawn" }));
  site.writeContent(
    "posts/van.md",
    postFile({ title: "Van", tags: "[Sightings, vehicles]" }),
  );
  syncContent(site.db(), site.contentDir);
  site.removeContent("posts/withdrawn.md");
  syncContent(site.db(), site.contentDir);
});

const newestComment = () =>
  site.db().select().from(comments).orderBy(desc(comments.id)).get()!;
const logOf = (commentId: number) =>
  site
    .db()
    .select()
    .from(moderationLog)
    .where(eq(moderationLog.commentId, commentId))
    .all();
const commentCount = (slug: string) =>
  site
    .db()
    .select({ n: posts.publishedCommentCount })
    .from(posts)
    .where(eq(posts.slug, slug))
    .get()!.n;
const totalComments = () =>
  site.db().select({ n: count() }).from(comments).get()!.n;

async function viewPost(slug: string, cookie: string | null) {
  const headers = new Headers(cookie ? { Cookie: cookie } : {});
  return loader({
    request: new Request(`http://localhost/posts/${slug}`, { headers }),
    params: { slug },
    context: { clientAddress: "203.0.113.9" },
  });
}

describe("what happens to a comment", () => {
  it("holds an anonymous comment, logs why, and shows it only to its author's browser", async () => {
    const posted = await postComment(
      "sheds",
      commentFields({ body: "Is the *marking* free?" }),
      {
        address: freshAddress(),
      },
    );
    expect(posted.status).toBe(200);
    expect(posted.result).toMatchObject({
      status: "held",
      message:
        "Held for a moderator because: anonymous poster. Only you can see it until it is approved.",
    });
    const stored = newestComment();
    expect(posted.result).toMatchObject({
      comment: { id: stored.id, number: null },
    });
    expect(stored).toMatchObject({
      state: "pending",
      posterClass: "anonymous",
      authorName: null,
      number: null,
    });
    expect(stored.bodyHtml).toBe("<p>Is the <em>marking</em> free?</p>\n");
    expect(logOf(stored.id)).toMatchObject([
      {
        actor: "policy",
        action: "comment.held",
        reasons: [{ code: "anonymous" }],
      },
    ]);
    expect(commentCount("sheds")).toBe(0);

    const own = await viewPost("sheds", cookieFrom(posted.setCookie));
    expect(threadIn(own).map((node) => node.comment.id)).toContain(stored.id);
    const stranger = await viewPost("sheds", null);
    expect(threadIn(stranger).map((node) => node.comment.id)).not.toContain(
      stored.id,
    );
  });

  it("holds a named guest's first comment, then publishes once one is approved", async () => {
    const address = freshAddress();
    const guest = { name: "Ruth", email: "Ruth@Example.org" };
    const first = await postComment(
      "bikes",
      commentFields({ ...guest, body: "First." }),
      { address },
    );
    expect(first.result).toMatchObject({
      status: "held",
      message: expect.stringContaining("first comment from a new guest"),
    });
    const firstId = newestComment().id;
    expect(newestComment().emailKey).not.toContain("example.org");

    // Another browser, the same name and email: held, as a new guest would be.
    const second = await postComment(
      "bikes",
      commentFields({
        name: "ruth",
        email: " ruth@example.org ",
        body: "Second.",
      }),
      {
        address,
      },
    );
    expect(second.result).toMatchObject({ status: "held" });

    expect(
      approveComment(
        firstId,
        { name: "A moderator", userId: null },
        new Date(),
      ),
    ).toBe(true);
    expect(commentCount("bikes")).toBe(1);

    const third = await postComment(
      "bikes",
      commentFields({ ...guest, body: "Third." }),
      {
        address,
        cookie: cookieFrom(first.setCookie),
      },
    );
    expect(third.result).toEqual({
      form: "comment",
      status: "published",
      formId: "new",
      message: "Published.",
      comment: { id: newestComment().id, number: 2 },
    });
    expect(commentCount("bikes")).toBe(2);
    expect(logOf(newestComment().id)).toMatchObject([
      { action: "comment.published", reasons: [] },
    ]);
    expect(logOf(firstId).map((row) => row.action)).toEqual([
      "comment.held",
      "comment.approved",
    ]);
  });

  it("does not take a new browser giving an approved guest's name and email for that guest", async () => {
    const guest = { name: "Tove Lind", email: "tove@example.org" };
    const first = await postComment(
      "bikes",
      commentFields({ ...guest, body: "From my own browser." }),
      { address: freshAddress() },
    );
    expect(first.result).toMatchObject({ status: "held" });
    approveComment(
      newestComment().id,
      { name: "A moderator", userId: null },
      new Date(),
    );

    // Anyone can type a name and an email: from another browser, the comment waits.
    const impostor = await postComment(
      "bikes",
      commentFields({ ...guest, body: "Pretending to be Tove." }),
      { address: freshAddress() },
    );
    expect(impostor.result).toMatchObject({
      status: "held",
      message: expect.stringContaining("first comment from a new guest"),
    });
    expect(impostor.setCookie).toMatch(/^lookout_guest=/);

    // Control: the guest's own browser is recognised and published at once.
    const own = await postComment(
      "bikes",
      commentFields({ ...guest, body: "Me again." }),
      { address: freshAddress(), cookie: cookieFrom(first.setCookie) },
    );
    expect(own.result).toMatchObject({ status: "published" });
  });

  it("tells a returning guest whose comments still wait that this one waits too, not that it is their first", async () => {
    const guest = { name: "Ines", email: "ines@example.org" };
    const first = await postComment(
      "bikes",
      commentFields({ ...guest, body: "One." }),
      { address: freshAddress() },
    );
    expect(first.result).toMatchObject({
      status: "held",
      message: expect.stringContaining("first comment from a new guest"),
    });
    const cookie = cookieFrom(first.setCookie);
    const second = await postComment(
      "bikes",
      commentFields({ ...guest, body: "Two." }),
      { address: freshAddress(), cookie },
    );
    expect(second.result).toMatchObject({
      status: "held",
      message: expect.stringContaining(
        "no comment from this guest has been approved yet (1 earlier one waits for a moderator)",
      ),
    });
    const third = await postComment(
      "bikes",
      commentFields({ ...guest, body: "Three." }),
      { address: freshAddress(), cookie },
    );
    expect(third.result).toMatchObject({
      status: "held",
      message: expect.stringContaining("(2 earlier ones wait for a moderator)"),
    });
  });

  it("nests a reply under a published comment", async () => {
    savePolicySettings({ ...DEFAULT_POLICY, anonymous: "publish" }, new Date());
    try {
      const address = freshAddress();
      await postComment("sheds", commentFields({ body: "Parent." }), {
        address,
      });
      const parent = newestComment();
      const reply = await postComment(
        "sheds",
        commentFields({ body: "Child.", parentId: String(parent.id) }),
        {
          address,
        },
      );
      expect(reply.result).toMatchObject({
        status: "published",
        formId: `reply-${parent.id}`,
      });
      const page = await viewPost("sheds", null);
      const parentNode = threadIn(page).find(
        (node) => node.comment.id === parent.id,
      )!;
      expect(parentNode.replies.map((node) => node.comment.bodyHtml)).toEqual([
        "<p>Child.</p>\n",
      ]);
    } finally {
      savePolicySettings(DEFAULT_POLICY, new Date());
    }
  });

  it("previews without storing anything", async () => {
    const before = totalComments();
    const preview = await postComment(
      "sheds",
      commentFields({
        intent: "preview",
        body: "**Bold** <script>x()</script>",
      }),
    );
    expect(preview.result).toMatchObject({ status: "preview" });
    expect(
      preview.result.status === "preview" && preview.result.previewHtml,
    ).toBe("<p><strong>Bold</strong> &lt;script&gt;x()&lt;/script&gt;</p>\n");
    expect(totalComments()).toBe(before);
  });

  it("refuses a comment on a closed post, logging the refusal", async () => {
    const posted = await postComment(
      "closed",
      commentFields({ name: "Ann", body: "Too late?" }),
    );
    expect(posted.status).toBe(422);
    expect(posted.result).toMatchObject({
      status: "rejected",
      message: "Not accepted because: comments are closed on this post.",
      values: { name: "Ann", body: "Too late?" },
    });
    const refusal = site
      .db()
      .select()
      .from(moderationLog)
      .orderBy(desc(moderationLog.id))
      .get()!;
    expect(refusal).toMatchObject({
      action: "comment.refused",
      commentId: null,
      reasons: [{ code: "post-closed" }],
    });
  });

  it("stores no client address or email anywhere", async () => {
    await postComment(
      "sheds",
      commentFields({
        name: "Sam",
        email: "sam@private.example",
        body: "Hello",
      }),
      {
        address: "198.51.100.250",
      },
    );
    const dump = JSON.stringify([
      site.db().select().from(comments).all(),
      site.db().select().from(moderationLog).all(),
    ]);
    expect(dump).not.toContain("198.51.100.250");
    expect(dump).not.toContain("sam@private.example");
  });

  it("writes nothing when any part of the transaction fails", async () => {
    const before = totalComments();
    site
      .db()
      .$client.exec("ALTER TABLE moderation_log RENAME TO moderation_log_away");
    try {
      await expect(
        postComment("sheds", commentFields({ body: "Lost?" }), {
          address: freshAddress(),
        }),
      ).rejects.toThrow();
    } finally {
      site
        .db()
        .$client.exec(
          "ALTER TABLE moderation_log_away RENAME TO moderation_log",
        );
    }
    expect(totalComments()).toBe(before);
  });
});

describe("bad input: a clear error, and what was typed comes back", () => {
  it.each([
    ["an empty body", { body: "   " }, 422, { body: "The comment is empty." }],
    [
      "a body over the policy's limit",
      { body: "x".repeat(5001) },
      422,
      { body: expect.stringContaining("longer than 5,000 characters") },
    ],
    [
      "a body over the form's hard limit",
      { body: "x".repeat(50_001) },
      400,
      { body: expect.stringContaining("at most 50,000") },
    ],
    [
      "an over-long name",
      { name: "n".repeat(81) },
      400,
      { name: "A name can be at most 80 characters." },
    ],
    [
      "a malformed email",
      { email: "not-an-address" },
      400,
      { email: "That does not look like an email address." },
    ],
    [
      "a NUL byte",
      { body: "a\u0000b" },
      400,
      { body: expect.stringContaining("cannot be stored") },
    ],
    [
      "text that was not UTF-8",
      { body: "caf\uFFFD" },
      400,
      { body: expect.stringContaining("cannot be stored") },
    ],
    [
      "a filled honeypot",
      { website: "http://spam.example" },
      400,
      { form: "The form was filled in by a robot." },
    ],
    [
      "a forged reply id",
      { parentId: "1 OR 1=1" },
      400,
      { form: "The reply was sent for an unknown comment." },
    ],
    [
      "a forged intent",
      { intent: "purge" },
      400,
      { form: "The form was sent without a valid action." },
    ],
  ])("refuses %s", async (_case, overrides, status, errors) => {
    const fields = commentFields({ name: "Pat", ...overrides });
    const before = totalComments();
    const posted = await postComment("sheds", fields, {
      address: freshAddress(),
    });
    expect(posted.status).toBe(status);
    expect(posted.result).toMatchObject({
      errors,
      values: { name: fields.name, body: fields.body },
    });
    expect(totalComments()).toBe(before);
  });

  it("refuses a form with the body field missing", async () => {
    const { body: _body, ...fields } = commentFields();
    const posted = await postComment("sheds", fields);
    expect(posted).toMatchObject({
      status: 400,
      result: { errors: { body: "The comment is missing from the form." } },
    });
  });

  it("decodes raw bytes that are not UTF-8 into a refusal, not a crash", async () => {
    const request = new Request("http://localhost/posts/sheds", {
      method: "POST",
      headers: {
        Origin: "http://localhost",
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: Buffer.concat([
        Buffer.from("intent=comment&name=Pat&body=caf"),
        Buffer.from([0xe9]),
        Buffer.from("&parentId="),
      ]),
    });
    const { action } = await import("~/routes/posts.$slug");
    const answer = await action({
      request,
      params: { slug: "sheds" },
      context: { clientAddress: freshAddress() },
    });
    expect(answer.init?.status).toBe(400);
  });

  it.each([
    ["a comment that does not exist", async () => 999_999],
    [
      "a comment on another post",
      async () => {
        savePolicySettings(
          { ...DEFAULT_POLICY, anonymous: "publish" },
          new Date(),
        );
        await postComment("bikes", commentFields({ body: "On bikes." }), {
          address: freshAddress(),
        });
        savePolicySettings(DEFAULT_POLICY, new Date());
        return newestComment().id;
      },
    ],
    [
      "a comment that is not published",
      async () => {
        await postComment("sheds", commentFields({ body: "Pending parent." }), {
          address: freshAddress(),
        });
        return newestComment().id;
      },
    ],
  ])("refuses a reply to %s, keeping the text", async (_case, parentOf) => {
    const parentId = String(await parentOf());
    const posted = await postComment(
      "sheds",
      commentFields({ body: "My reply.", parentId }),
    );
    expect(posted.status).toBe(409);
    expect(posted.result).toMatchObject({
      status: "invalid",
      message: expect.stringContaining("not available any more"),
      values: { body: "My reply.", parentId },
    });
  });

  it.each(["no-such-post", "withdrawn"])(
    "answers a comment on %s with a 404",
    async (slug) => {
      await expect(postComment(slug, commentFields())).rejects.toMatchObject({
        status: 404,
      });
    },
  );

  it("renders script, event handlers, javascript: links and raw HTML inert", async () => {
    savePolicySettings({ ...DEFAULT_POLICY, anonymous: "publish" }, new Date());
    try {
      const body =
        '<script>alert(1)</script> <img src=x onerror="alert(2)"> [click](javascript:alert(3)) <b onclick="x()">b</b>';
      const posted = await postComment("sheds", commentFields({ body }), {
        address: freshAddress(),
      });
      expect(posted.result.status).toBe("published");
      const html = newestComment().bodyHtml;
      // Typed markup survives only as text: every real tag is a paragraph or a link.
      const tags = html.match(/<[^>]*>/g) ?? [];
      expect(tags.length).toBeGreaterThan(0);
      for (const tag of tags) {
        expect(tag).toMatch(/^<\/?(p|a)[\s>]/);
        expect(tag).not.toMatch(/\son\w+=|javascript:/i);
      }
      expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    } finally {
      savePolicySettings(DEFAULT_POLICY, new Date());
    }
  });

  it("refuses a flood: the sixth comment in a minute, with when to try again", async () => {
    const address = freshAddress();
    for (let index = 1; index <= 5; index += 1) {
      const posted = await postComment(
        "sheds",
        commentFields({ body: `Comment ${index}` }),
        { address },
      );
      expect(posted.result.status).toBe("held");
    }
    const sixth = await postComment(
      "sheds",
      commentFields({ body: "Comment 6" }),
      { address },
    );
    expect(sixth.status).toBe(422);
    expect(sixth.result).toMatchObject({
      status: "rejected",
      message: expect.stringMatching(
        /you have posted 5 comments in the last minute: please try again in (\d+ seconds|1 minute)/,
      ),
      values: { body: "Comment 6" },
    });
  });
});

describe("a comment nested deeper than Markdown allows", () => {
  it.each(["preview", "comment"])(
    "is answered, not a 500, for intent %s, showing what lies deeper as typed",
    async (intent) => {
      const body = `${"> ".repeat(1800)}the innermost words ${intent}`;
      const posted = await postComment(
        "sheds",
        commentFields({ intent, body }),
        { address: freshAddress() },
      );
      expect(posted.status).toBe(200);
      const html =
        posted.result.status === "preview"
          ? posted.result.previewHtml
          : newestComment().bodyHtml;
      expect(html).toContain(`the innermost words ${intent}`);
      expect(html).toContain("&gt; &gt;");
    },
  );
});

describe("the 999 prompt", () => {
  it("tells the poster and logs that it was shown, without changing what happens to the comment", async () => {
    const posted = await postComment(
      "bikes",
      commentFields({
        name: "Ann",
        body: "Two men are trying car doors on Mill Lane right now",
      }),
      { address: freshAddress() },
    );
    expect(posted.result).toMatchObject({ status: "held", call999: true });
    const stored = newestComment();
    const rows = logOf(stored.id);
    expect(rows.map((row) => row.action)).toEqual([
      "comment.held",
      "comment.prompted-999",
    ]);
    expect(rows[1]).toMatchObject({
      actor: "policy",
      reasons: [],
      note: "right now, trying car doors",
    });
    // The prompt is no reason: the comment was held for its first-time poster alone.
    expect(stored.reasons.map((reason) => reason.code)).toEqual([
      "first-comment",
    ]);
  });

  it("is logged for a refused comment too", async () => {
    const posted = await postComment(
      "closed",
      commentFields({ name: "Ann", body: "Someone is breaking into a van" }),
    );
    expect(posted.result).toMatchObject({ status: "rejected", call999: true });
    const newest = site
      .db()
      .select()
      .from(moderationLog)
      .orderBy(desc(moderationLog.id))
      .limit(2)
      .all();
    expect(newest.map((row) => [row.action, row.commentId])).toEqual([
      ["comment.prompted-999", null],
      ["comment.refused", null],
    ]);
  });

  it("is neither shown nor logged for text that does not read as happening now", async () => {
    const posted = await postComment(
      "bikes",
      commentFields({ name: "Ann", body: "My bike was taken last week" }),
      { address: freshAddress() },
    );
    expect(posted.result).toMatchObject({ status: "held" });
    expect(posted.result).not.toHaveProperty("call999");
    expect(logOf(newestComment().id).map((row) => row.action)).toEqual([
      "comment.held",
    ]);
  });
});

describe("describe behaviour, not people", () => {
  it("asks for behaviour on a sightings post and holds a description of looks alone, saying why", async () => {
    const page = await viewPost("van", null);
    expect(page).toMatchObject({ behaviourGuidance: true });
    // Control: a post with other tags shows no guidance.
    expect(await viewPost("sheds", null)).toMatchObject({
      behaviourGuidance: false,
    });
    const posted = await postComment(
      "van",
      commentFields({ name: "Ann", body: "Two black lads hanging about" }),
      { address: freshAddress() },
    );
    expect(posted.result).toMatchObject({ status: "held" });
    expect(newestComment().reasons.map((reason) => reason.code)).toContain(
      "appearance-only",
    );
    const control = await postComment(
      "sheds",
      commentFields({ name: "Ann", body: "Two black lads hanging about" }),
      { address: freshAddress() },
    );
    expect(control.result).toMatchObject({ status: "held" });
    expect(newestComment().reasons.map((reason) => reason.code)).not.toContain(
      "appearance-only",
    );
  });
});

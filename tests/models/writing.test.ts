import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { moderationLog, posts, postVersions } from "../../db/schema";
import { writePostSource, type PostFields } from "~/domain/post-file";
import { syncContent } from "~/features/posts/content-sync.server";
import { findRenamedPost } from "~/features/posts/old-address.server";
import { getPublishedPost } from "~/features/posts/post.server";
import { listDeskPosts } from "~/features/writing/desk-list.server";
import {
  listVersions,
  restoreVersion,
} from "~/features/writing/history.server";
import {
  deletePost,
  openPost,
  savePost,
  type SaveResult,
} from "~/features/writing/post-files.server";
import { postFile, useTempSite } from "../helpers/temp-site";

const site = useTempSite();
const editor = { name: "Edith Editor", userId: 7 };
const NOW = new Date("2026-12-03T09:00:00.000Z");

const fields = (change: Partial<PostFields> = {}): PostFields => ({
  slug: "bike-marking",
  title: "Bike marking: Saturday at the library",
  date: "2026-12-03",
  time: null,
  author: "Edith Editor",
  summary: "Bring your bike and a photo ID.",
  tags: ["bikes"],
  area: "North Vale",
  comments: "open",
  draft: false,
  body: "Marking takes ten minutes.\n",
  ...change,
});

const fileText = (slug: string) =>
  readFileSync(join(site.contentDir, "posts", `${slug}.md`), "utf8");

function logOf(postId: number) {
  return site
    .db()
    .select({ action: moderationLog.action, actor: moderationLog.actor })
    .from(moderationLog)
    .where(eq(moderationLog.postId, postId))
    .orderBy(moderationLog.id)
    .all();
}

function saved(result: SaveResult): Extract<SaveResult, { kind: "saved" }> {
  if (result.kind !== "saved")
    throw new Error(`expected a save, got ${JSON.stringify(result)}`);
  return result;
}

/** A new post saved from the desk, then opened as an editor would open it to edit. */
function newPost(change: Partial<PostFields> = {}) {
  saved(
    savePost(
      {
        slug: null,
        openedHash: null,
        fields: fields(change),
        confirmSlugChange: false,
      },
      editor,
      NOW,
    ),
  );
  return openPost(change.slug ?? "bike-marking")!;
}

beforeEach(() => {
  site.clearContent();
  syncContent(site.db(), site.contentDir);
  // Posts (and their old addresses, versions) from earlier tests are taken down by the sync;
  // their rows go so each test starts with no post at all.
  site
    .db()
    .$client.exec(
      "delete from post_versions; delete from old_addresses; delete from post_tags; delete from moderation_log; delete from posts;",
    );
});

describe("saving a post from the writing desk", () => {
  it("writes the file a person would write, syncs it and logs it, in one step", () => {
    const result = saved(
      savePost(
        {
          slug: null,
          openedHash: null,
          fields: fields(),
          confirmSlugChange: false,
        },
        editor,
        NOW,
      ),
    );
    expect(result).toMatchObject({
      slug: "bike-marking",
      action: "post.published",
    });
    expect(fileText("bike-marking")).toBe(writePostSource(fields()));
    const post = getPublishedPost("bike-marking", NOW);
    expect(post?.title).toBe("Bike marking: Saturday at the library");
    expect(post?.bodyHtml).toContain("Marking takes ten minutes.");
    expect(logOf(post!.id)).toEqual([
      { action: "post.published", actor: "Edith Editor" },
    ]);
    // Written through a temporary file that was renamed: none is left behind.
    expect(readdirSync(join(site.contentDir, "posts"))).toEqual([
      "bike-marking.md",
    ]);
  });

  it("keeps the previous text in the history on every save", () => {
    const opened = newPost();
    saved(
      savePost(
        {
          slug: "bike-marking",
          openedHash: opened.hash,
          fields: fields({ body: "Marking takes five minutes.\n" }),
          confirmSlugChange: false,
        },
        editor,
        NOW,
      ),
    );
    const versions = site
      .db()
      .select()
      .from(postVersions)
      .where(eq(postVersions.postId, opened.postId))
      .all();
    expect(versions.map((version) => version.sourceText)).toEqual([
      opened.text,
    ]);
    expect(versions[0]).toMatchObject({
      replacedBy: "Edith Editor",
      replacedByUserId: 7,
    });
    expect(getPublishedPost("bike-marking", NOW)?.bodyHtml).toContain(
      "five minutes",
    );
    expect(logOf(opened.postId).map((row) => row.action)).toEqual([
      "post.published",
      "post.edited",
    ]);
  });

  it("saves a draft that nobody sees, and logs it as one", () => {
    const opened = newPost({ draft: true });
    expect(opened.status).toBe("draft");
    expect(fileText("bike-marking")).toMatch(/^draft: true$/m);
    expect(getPublishedPost("bike-marking", NOW)).toBeNull();
    expect(logOf(opened.postId).map((row) => row.action)).toEqual([
      "post.drafted",
    ]);
  });

  it("schedules a post dated ahead: logged as scheduled, shown from its minute", () => {
    const opened = newPost({ date: "2026-12-03", time: "09:01" });
    expect(logOf(opened.postId).map((row) => row.action)).toEqual([
      "post.scheduled",
    ]);
    expect(getPublishedPost("bike-marking", NOW)).toBeNull();
    expect(
      getPublishedPost("bike-marking", new Date("2026-12-03T09:01:00.000Z")),
    ).not.toBeNull();
  });

  it("writes nothing and logs nothing when the file already says the same", () => {
    const opened = newPost();
    const again = saved(
      savePost(
        {
          slug: "bike-marking",
          openedHash: opened.hash,
          fields: fields(),
          confirmSlugChange: false,
        },
        editor,
        NOW,
      ),
    );
    expect(again.unchanged).toBe(true);
    expect(listVersions(opened.postId)).toEqual([]);
    expect(logOf(opened.postId)).toHaveLength(1);
  });

  it("refuses a new post at an address another post has", () => {
    newPost();
    const result = savePost(
      {
        slug: null,
        openedHash: null,
        fields: fields({ title: "Another" }),
        confirmSlugChange: false,
      },
      editor,
      NOW,
    );
    expect(result.kind).toBe("invalid");
    expect(result.kind === "invalid" && result.errors.slug).toContain(
      "already has the address /posts/bike-marking",
    );
    // Control: the first post's file is untouched.
    expect(fileText("bike-marking")).toBe(writePostSource(fields()));
  });

  it("returns a sync error with its line and puts the folder back as it was", () => {
    // A hand-written file, not yet synced, that already claims the slug in its front matter.
    site.writeContent(
      "posts/aaa-hand-written.md",
      postFile({ slug: "bike-marking" }),
    );
    const result = savePost(
      {
        slug: null,
        openedHash: null,
        fields: fields(),
        confirmSlugChange: false,
      },
      editor,
      NOW,
    );
    expect(result).toEqual({
      kind: "sync-error",
      line: 1,
      message:
        'duplicate slug "bike-marking": posts/aaa-hand-written.md already uses it',
    });
    expect(existsSync(join(site.contentDir, "posts/bike-marking.md"))).toBe(
      false,
    );
    expect(site.db().select().from(moderationLog).all()).toEqual([]);
  });
});

describe("a conflict with a change made since the post was opened", () => {
  it("refuses the save and returns both versions, losing neither", () => {
    const opened = newPost();
    const handEdit = opened.text.replace(
      "ten minutes",
      "ten minutes (by hand)",
    );
    site.writeContent("posts/bike-marking.md", handEdit);
    const mine = fields({ body: "Marking takes five minutes.\n" });
    const result = savePost(
      {
        slug: "bike-marking",
        openedHash: opened.hash,
        fields: mine,
        confirmSlugChange: false,
      },
      editor,
      NOW,
    );
    expect(result).toMatchObject({
      kind: "conflict",
      mine: writePostSource(mine),
      theirs: handEdit,
    });
    expect(fileText("bike-marking")).toBe(handEdit);
    expect(listVersions(opened.postId)).toEqual([]);
    expect(logOf(opened.postId)).toHaveLength(1);

    // Saving again with the hash of what is on disk now goes through.
    const theirsHash = result.kind === "conflict" ? result.theirsHash : "";
    saved(
      savePost(
        {
          slug: "bike-marking",
          openedHash: theirsHash,
          fields: mine,
          confirmSlugChange: false,
        },
        editor,
        NOW,
      ),
    );
    expect(fileText("bike-marking")).toBe(writePostSource(mine));
    expect(listVersions(opened.postId)).toHaveLength(1);
  });

  it("says the post is gone when its file was removed meanwhile", () => {
    const opened = newPost();
    site.removeContent("posts/bike-marking.md");
    expect(
      savePost(
        {
          slug: "bike-marking",
          openedHash: opened.hash,
          fields: fields(),
          confirmSlugChange: false,
        },
        editor,
        NOW,
      ),
    ).toEqual({ kind: "gone" });
  });
});

describe("changing a post's address", () => {
  it("is refused for a published post unless the editor says so knowingly", () => {
    const opened = newPost();
    const result = savePost(
      {
        slug: "bike-marking",
        openedHash: opened.hash,
        fields: fields({ slug: "bike-marking-day" }),
        confirmSlugChange: false,
      },
      editor,
      NOW,
    );
    expect(result.kind === "invalid" && result.errors.slug).toContain(
      'tick "Change the address"',
    );
    expect(existsSync(join(site.contentDir, "posts/bike-marking.md"))).toBe(
      true,
    );
  });

  it("moves the file, keeps the post and its history, and redirects the old address", () => {
    const opened = newPost();
    saved(
      savePost(
        {
          slug: "bike-marking",
          openedHash: opened.hash,
          fields: fields({ slug: "bike-marking-day" }),
          confirmSlugChange: true,
        },
        editor,
        NOW,
      ),
    );
    expect(readdirSync(join(site.contentDir, "posts"))).toEqual([
      "bike-marking-day.md",
    ]);
    const moved = getPublishedPost("bike-marking-day", NOW);
    expect(moved?.id).toBe(opened.postId);
    expect(getPublishedPost("bike-marking", NOW)).toBeNull();
    expect(findRenamedPost("bike-marking", NOW)).toBe("bike-marking-day");
    // Control: the new address is not itself redirected.
    expect(findRenamedPost("bike-marking-day", NOW)).toBeNull();
    expect(listVersions(opened.postId)).toHaveLength(1);
    expect(
      site
        .db()
        .select()
        .from(posts)
        .all()
        .map((row) => row.slug),
    ).toEqual(["bike-marking-day"]);
  });

  it("lets a draft change its address freely", () => {
    const opened = newPost({ draft: true });
    saved(
      savePost(
        {
          slug: "bike-marking",
          openedHash: opened.hash,
          fields: fields({ draft: true, slug: "bikes" }),
          confirmSlugChange: false,
        },
        editor,
        NOW,
      ),
    );
    expect(openPost("bikes")?.postId).toBe(opened.postId);
  });
});

describe("unpublishing and deleting", () => {
  it("unpublishes by rewriting the file as a draft", () => {
    const opened = newPost();
    // Unpublish is a save of the form with `draft: true`.
    saved(
      savePost(
        {
          slug: "bike-marking",
          openedHash: opened.hash,
          fields: fields({ draft: true }),
          confirmSlugChange: false,
        },
        editor,
        NOW,
      ),
    );
    expect(fileText("bike-marking")).toBe(
      writePostSource(fields({ draft: true })),
    );
    expect(getPublishedPost("bike-marking", NOW)).toBeNull();
    expect(logOf(opened.postId).map((row) => row.action)).toEqual([
      "post.published",
      "post.unpublished",
    ]);
  });

  it("deletes by moving the file to the trash; the post's row stays", () => {
    const opened = newPost();
    expect(deletePost("bike-marking", opened.hash, editor, NOW)).toEqual({
      kind: "done",
      slug: "bike-marking",
    });
    expect(readdirSync(join(site.contentDir, "posts"))).toEqual([]);
    const trashed = readdirSync(join(site.contentDir, ".trash"));
    expect(trashed).toHaveLength(1);
    expect(
      readFileSync(join(site.contentDir, ".trash", trashed[0]!), "utf8"),
    ).toBe(opened.text);
    const row = site
      .db()
      .select({ status: posts.status })
      .from(posts)
      .where(eq(posts.id, opened.postId))
      .get();
    expect(row?.status).toBe("unpublished");
    expect(openPost("bike-marking")).toBeNull();
    expect(logOf(opened.postId).map((row) => row.action)).toEqual([
      "post.published",
      "post.deleted",
    ]);
    // The sync that runs next leaves the trash alone: the post stays down.
    syncContent(site.db(), site.contentDir);
    expect(getPublishedPost("bike-marking", NOW)).toBeNull();
  });

  it("refuses to delete a post whose file changed since it was opened", () => {
    const opened = newPost();
    site.writeContent("posts/bike-marking.md", `${opened.text}\nMore.\n`);
    expect(deletePost("bike-marking", opened.hash, editor, NOW).kind).toBe(
      "conflict",
    );
    expect(existsSync(join(site.contentDir, "posts/bike-marking.md"))).toBe(
      true,
    );
  });
});

describe("restoring an earlier version", () => {
  it("is a save: the version's text comes back, and what it replaces joins the history", () => {
    const first = newPost();
    saved(
      savePost(
        {
          slug: "bike-marking",
          openedHash: first.hash,
          fields: fields({ title: "Bike marking moved to Sunday" }),
          confirmSlugChange: false,
        },
        editor,
        NOW,
      ),
    );
    const second = openPost("bike-marking")!;
    const [version] = listVersions(first.postId);
    saved(
      restoreVersion("bike-marking", version!.id, second.hash, editor, NOW),
    );
    expect(fileText("bike-marking")).toBe(first.text);
    expect(getPublishedPost("bike-marking", NOW)?.title).toBe(
      "Bike marking: Saturday at the library",
    );
    expect(listVersions(first.postId)).toHaveLength(2);
    expect(logOf(first.postId).map((row) => row.action)).toEqual([
      "post.published",
      "post.edited",
      "post.restored",
    ]);
  });

  it("is refused when the file changed since it was opened", () => {
    const first = newPost();
    saved(
      savePost(
        {
          slug: "bike-marking",
          openedHash: first.hash,
          fields: fields({ title: "Changed" }),
          confirmSlugChange: false,
        },
        editor,
        NOW,
      ),
    );
    const [version] = listVersions(first.postId);
    // The hash of the first text, now stale.
    const result = restoreVersion(
      "bike-marking",
      version!.id,
      first.hash,
      editor,
      NOW,
    );
    expect(result.kind).toBe("conflict");
    expect(getPublishedPost("bike-marking", NOW)?.title).toBe("Changed");
  });
});

describe("the desk's list of posts", () => {
  it("has published, scheduled and drafts, newest first, and not deleted posts", () => {
    newPost({ slug: "older", title: "Older news", date: "2026-11-01" });
    newPost({
      slug: "draft",
      title: "A draft",
      date: "2026-11-15",
      draft: true,
    });
    newPost({ slug: "later", title: "Later today", time: "18:00" });
    const gone = newPost({ slug: "gone", title: "Gone", date: "2026-11-20" });
    deletePost("gone", gone.hash, editor, NOW);
    expect(
      listDeskPosts("", NOW).map((post) => [post.slug, post.state]),
    ).toEqual([
      ["later", "scheduled"],
      ["draft", "draft"],
      ["older", "published"],
    ]);
  });

  it("searches titles, reading % and _ as themselves", () => {
    newPost({ slug: "percent", title: "Burglary down 27.5% in the area" });
    newPost({ slug: "plain", title: "Burglary figures" });
    expect(listDeskPosts("burglary", NOW).map((post) => post.slug)).toEqual([
      "plain",
      "percent",
    ]);
    expect(listDeskPosts("5%", NOW).map((post) => post.slug)).toEqual([
      "percent",
    ]);
    expect(listDeskPosts("%", NOW).map((post) => post.slug)).toEqual([
      "percent",
    ]);
    expect(listDeskPosts("_", NOW)).toEqual([]);
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asc, eq } from "drizzle-orm";
import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it, vi } from "vitest";
import type { Db } from "../../db/client.server";
import { comments, posts, postTags } from "../../db/schema";
import { importFile } from "~/features/import/import.server";
import { buildJsonExport, buildWxr } from "~/features/export/export.server";
import { commentFields, postComment } from "../helpers/comments";
import { fixture, importFixture, resetSite } from "../helpers/imports";
import { useTempSite } from "../helpers/temp-site";
import { openMigratedDatabase } from "../helpers/template-database";

vi.hoisted(() => {
  process.env.SITE_URL = "https://board.example";
});

const site = useTempSite();
const NOW = new Date("2026-12-02T10:00:00Z");

/** The board as readers and moderators know it, with database ids replaced by what they point at. */
function boardContents(db: Db = site.db()) {
  const postRows = db.select().from(posts).orderBy(asc(posts.slug)).all();
  const commentRows = db
    .select()
    .from(comments)
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .all();
  const slugOf = new Map(postRows.map((post) => [post.id, post.slug]));
  // A comment is named by its post and its place among that post's comments.
  const place = new Map(
    commentRows.map((comment) => [
      comment.id,
      `${slugOf.get(comment.postId)}#${commentRows.filter((other) => other.postId === comment.postId).indexOf(comment)}`,
    ]),
  );
  return {
    posts: postRows.map((post) => ({
      slug: post.slug,
      title: post.title,
      date: post.date,
      author: post.author,
      status: post.status,
      summary: post.summary,
      commentsMode: post.commentsMode,
      bodyHtml: post.bodyHtml,
      publishedCommentCount: post.publishedCommentCount,
      tags: db
        .select({ tag: postTags.tag })
        .from(postTags)
        .where(eq(postTags.postId, post.id))
        .orderBy(asc(postTags.position))
        .all()
        .map((row) => row.tag),
    })),
    comments: commentRows.map((comment) => ({
      place: place.get(comment.id),
      parent: comment.parentId === null ? null : place.get(comment.parentId),
      number: comment.number,
      state: comment.state,
      posterClass: comment.posterClass,
      authorName: comment.authorName,
      bodyMarkdown: comment.bodyMarkdown,
      createdAt: comment.createdAt.toISOString(),
    })),
  };
}

describe("export and import again", () => {
  it("keeps every post, comment, thread and state in a fresh install", async () => {
    await importFixture(site, fixture("wxr-1.2-https.xml"));
    await importFixture(site, fixture("blogger-classic-board.xml"));
    // A comment written here, not imported, travels too.
    const posted = await postComment(
      "property-marking-scheme",
      commentFields({
        name: "Local Resident",
        body: "Written on the new board.",
      }),
    );
    expect(posted.status).toBe(200);
    const before = boardContents();
    expect(before.comments.length).toBe(15);

    const exported = buildJsonExport(
      site.db(),
      site.contentDir,
      "https://board.example",
      NOW,
    );
    const file = `${site.contentDir}/../board-export.json`;
    writeFileSync(file, JSON.stringify(exported));

    // A fresh install: its own database file and content folder.
    const fresh = mkdtempSync(join(tmpdir(), "lookout-fresh-"));
    mkdirSync(join(fresh, "content/posts"), { recursive: true });
    const freshDb = openMigratedDatabase(join(fresh, "lookout.db"));
    try {
      expect(boardContents(freshDb)).toEqual({ posts: [], comments: [] });
      const summary = await importFile(freshDb, join(fresh, "content"), file, {
        dryRun: false,
        now: NOW,
      });
      expect(summary).toMatchObject({ label: "Lookout", commentsAdded: 15 });
      expect(boardContents(freshDb)).toEqual(before);
      // Old addresses travel too.
      const again = buildJsonExport(
        freshDb,
        join(fresh, "content"),
        "https://board.example",
        NOW,
      );
      expect(
        again.posts.find((post) => post.slug === "bike-marking-day")
          ?.oldAddresses,
      ).toEqual(
        expect.arrayContaining(["/?p=101", "/2019/06/02/bike-marking-day"]),
      );
    } finally {
      freshDb.$client.close();
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it("leaves out accounts, sessions, emails, addresses and their keyed hashes", async () => {
    resetSite(site);
    await importFixture(site, fixture("wxr-1.2-https.xml"));
    const keys = site
      .db()
      .select({ emailKey: comments.emailKey, addressKey: comments.addressKey })
      .from(comments)
      .all();
    const text = JSON.stringify(
      buildJsonExport(site.db(), site.contentDir, "https://board.example", NOW),
    );
    for (const { emailKey, addressKey } of keys) {
      if (emailKey) expect(text).not.toContain(emailKey);
      expect(text).not.toContain(addressKey);
    }
    expect(text).not.toMatch(
      /"(users|sessions|passwordHash|guestKey|emailKey|addressKey)"/,
    );
    // Control: the comments themselves are in it.
    expect(text).toContain("Yes & scooters.");
  });

  it("writes WXR 1.2 that a WordPress importer reads back with its threads and states", async () => {
    resetSite(site);
    await importFixture(site, fixture("wxr-1.2-https.xml"));
    const wxr = buildWxr(site.db(), "https://board.example", "Board", NOW);
    expect(XMLValidator.validate(wxr)).toBe(true);
    expect(wxr).toContain('xmlns:wp="http://wordpress.org/export/1.2/"');

    const file = `${site.contentDir}/../board.wxr`;
    writeFileSync(file, wxr);
    resetSite(site);
    const summary = await importFixture(site, file);
    expect([...summary.postsAdded].sort()).toEqual([
      "about",
      "bike-marking-day",
      "winter-patrols",
    ]);
    expect(summary).toMatchObject({
      draftsAdded: 1,
      commentsAdded: 11,
      byState: { published: 8, pending: 1, spam: 1, removed: 1 },
    });
  });
});

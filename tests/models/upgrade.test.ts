import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER, migrateToLatest } from "../../db/client.server";
import { parseSearchQuery } from "~/domain/search-query";
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
  listThreadPlaces,
  threadComments,
} from "~/features/discussion/thread.server";
import { listLog, listQueue } from "~/features/moderation/moderation.server";
import {
  getPolicySettings,
  savePolicySettings,
} from "~/features/moderation/policy.server";
import { getPublishedPost } from "~/features/posts/post.server";
import { searchSite } from "~/features/search/search.server";
import { setVerified } from "~/features/accounts/user.server";
import { syncContent } from "~/features/posts/content-sync.server";
import { addressKey } from "~/platform/secrets.server";
import { action as postAction } from "~/routes/posts.$slug";
import {
  answerOf,
  browserRequest,
  makeUser,
  sessionCookieFor,
  whoIs,
} from "../helpers/accounts";
import {
  commentFields,
  cookieFrom,
  freshAddress,
  postComment,
} from "../helpers/comments";
import {
  committedMigrationTags,
  migrationsFolder,
} from "../helpers/migrations";
import { postFile, useTempSite } from "../helpers/temp-site";

// The database as the previous release left it: every migration but the newest.
const tags = committedMigrationTags();
const site = useTempSite({
  migrationsFolder: migrationsFolder({ keep: tags.length - 1 }),
});
const MODERATOR = { name: "Mo Derator", userId: null, role: "admin" } as const;
const now = new Date("2026-10-01T10:00:00Z");

/** Every row of every table (sorted, as some tables have no rowid): what the upgrade must keep. */
function allRows(): Record<string, unknown[]> {
  const sqlite = site.db().$client;
  const tables = sqlite
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '__drizzle_migrations' ORDER BY name",
    )
    .all() as { name: string }[];
  return Object.fromEntries(
    tables.map(({ name }) => [
      name,
      sqlite
        .prepare(`SELECT * FROM \`${name}\``)
        .all()
        .map((row) => JSON.stringify(row))
        .sort(),
    ]),
  );
}

let memberCookie: string;
let heldCookie: string;
let before: Record<string, unknown[]>;
let columnsBefore: Record<string, string[]>;

/**
 * The tables the newest migration creates. Today's code, which makes the data below, reads
 * some of them on every signed-in request; the previous release did not know them. They exist,
 * empty, while the data is made, and are gone again before the upgrade.
 */
function newestMigrationTables(): string[] {
  const text = readFileSync(
    join(MIGRATIONS_FOLDER, `${tags.at(-1)}.sql`),
    "utf8",
  );
  return [...text.matchAll(/CREATE TABLE `(\w+)`/g)].map((match) => match[1]!);
}

beforeAll(async () => {
  const newTables = newestMigrationTables();
  const newest = readFileSync(
    join(MIGRATIONS_FOLDER, `${tags.at(-1)}.sql`),
    "utf8",
  ).split("--> statement-breakpoint");
  for (const statement of newest)
    if (/^\s*CREATE TABLE/.test(statement)) site.db().$client.exec(statement);
  // Columns it adds are written by today's code too: there while the data is made, then dropped.
  const newColumns = newest.flatMap((statement) => {
    const added = /^\s*ALTER TABLE `(\w+)` ADD `(\w+)`/.exec(statement);
    return added ? [{ table: added[1]!, column: added[2]!, statement }] : [];
  });
  for (const { statement } of newColumns) site.db().$client.exec(statement);
  await makePreviousReleaseData();
  for (const table of newTables)
    site.db().$client.exec(`DROP TABLE \`${table}\``);
  for (const { table, column } of newColumns)
    site
      .db()
      .$client.exec(`ALTER TABLE \`${table}\` DROP COLUMN \`${column}\``);
  before = allRows();
  columnsBefore = Object.fromEntries(
    Object.keys(before).map((table) => [
      table,
      (
        site.db().$client.pragma(`table_info(${table})`) as { name: string }[]
      ).map((column) => column.name),
    ]),
  );
});

async function makePreviousReleaseData() {
  // Representative data, made by the app itself: posts with tags, members and sessions,
  // published, held, removed and reported comments, a reply, bans, settings and the log.
  site.writeContent("posts/sheds.md", postFile({ title: "Sheds" }));
  site.writeContent(
    "posts/bikes.md",
    postFile({ title: "Bikes", date: "2026-04-01", tags: "[bikes]" }),
  );
  syncContent(site.db(), site.contentDir);

  const member = await makeUser("member", "Rosa Member");
  setVerified(member.id, true, MODERATOR, now);
  memberCookie = (await sessionCookieFor(member.id))!;
  const published = await postComment(
    "sheds",
    commentFields({ body: "Padlocks with a closed shackle work best." }),
    { cookie: memberCookie, address: freshAddress() },
  );
  expect(published.result.status).toBe("published");
  const held = await postComment(
    "sheds",
    commentFields({ body: "Anonymous tip about marking tools." }),
    { address: freshAddress() },
  );
  expect(held.result.status).toBe("held");
  const reply = await postComment(
    "sheds",
    commentFields({ body: "Agreed, and a shed alarm.", parentId: "1" }),
    { cookie: memberCookie, address: freshAddress() },
  );
  expect(reply.result.status).toBe("published");
  const spam = await postComment(
    "bikes",
    commentFields({ body: "Cheap watches here" }),
    { address: freshAddress() },
  );
  expect(spam.result.status).toBe("held");
  const offTopic = await postComment(
    "bikes",
    commentFields({ body: "Anyone selling a lawnmower?" }),
    { cookie: memberCookie, address: freshAddress() },
  );
  expect(offTopic.result.status).toBe("published");
  expect(approveComment(2, MODERATOR, now)).toBe(true);
  expect(moderateComments([5], "remove", MODERATOR, "off topic", now)).toBe(1);
  expect(moderateComments([4], "spam", MODERATOR, "advert", now)).toBe(1);
  // A report as the previous release wrote it: one key per reader, the browser's.
  heldCookie = cookieFrom(held.setCookie)!;
  site
    .db()
    .$client.prepare(
      "INSERT INTO reports (comment_id, reporter_key, reason, created_at) VALUES (1, ?, 'off-topic', ?)",
    )
    .run(
      `guest:${site.db().$client.prepare("SELECT guest_key FROM comments WHERE id = 2").pluck().get()}`,
      now.getTime(),
    );
  const ban = (reason: string): NewBan => ({
    kind: "address",
    value: addressKey(freshAddress()),
    reason,
    expiresAt: null,
    label: "an address",
  });
  createBans([ban("flooding"), ban("abuse")], MODERATOR, now);
  expect(liftBan(1, MODERATOR, now)).toBe(true);
  savePolicySettings(
    { ...getPolicySettings(), holdAtLinks: 1 },
    now,
    MODERATOR,
  );
}

describe("upgrading a database of the previous release", () => {
  it("applies the newest migration and keeps every row as it was", () => {
    expect(migrateToLatest(site.db())).toEqual([tags.at(-1)]);
    const after = allRows();
    for (const [table, rows] of Object.entries(before)) {
      // Columns the migration adds start empty on the old rows; the rest is as it was.
      const kept = after[table]!.map((json) => {
        const row = JSON.parse(json as string) as Record<string, unknown>;
        for (const column of Object.keys(row)) {
          if (columnsBefore[table]!.includes(column)) continue;
          expect(row[column], `${table}.${column}`).toBeNull();
          delete row[column];
        }
        return JSON.stringify(row);
      });
      expect(kept.sort(), table).toEqual(rows);
    }
    expect(before.reports).toHaveLength(1);
    expect(before.comments).toHaveLength(5);
    expect(before.users).toHaveLength(1);
    expect(before.bans).toHaveLength(2);
  });

  it("serves the old data through the app", async () => {
    const post = getPublishedPost("sheds");
    expect(post?.title).toBe("Sheds");
    const places = listThreadPlaces(post!.id, {
      guestKey: null,
      userId: null,
    });
    const texts = threadComments(places);
    expect(places.map((place) => texts.get(place.id)?.bodyHtml)).toEqual([
      "<p>Padlocks with a closed shackle work best.</p>\n",
      "<p>Agreed, and a shed alarm.</p>\n",
      // Approved after the reply was published: the thread is in publishing order.
      "<p>Anonymous tip about marking tools.</p>\n",
    ]);
    expect((await whoIs(memberCookie))?.displayName).toBe("Rosa Member");
    expect(getPolicySettings().holdAtLinks).toBe(1);
    expect(
      listQueue(
        { state: "removed", posterClass: null, postId: null },
        { page: 1, perPage: 50 },
      ).items.map((c) => c.id),
    ).toEqual([5]);
    const log = listLog(
      { action: null, actor: null },
      { page: 1, perPage: 100 },
    );
    expect(log.total).toBe(before.moderation_log!.length);
  });

  it("finds comments written before the upgrade in search", () => {
    const query = parseSearchQuery("shackle");
    if (query.kind !== "terms") throw new Error("expected search terms");
    const found = searchSite(query.match, {}, { page: 1 });
    expect(found.results.map((result) => result.href)).toEqual([
      "/posts/sheds/comments/1",
    ]);
  });

  it("knows the reader of a report made before the upgrade", async () => {
    const again = await answerOf(() =>
      postAction({
        request: browserRequest("/posts/sheds", {
          cookie: heldCookie,
          form: { intent: "report", commentId: "1", reason: "spam", note: "" },
        }),
        params: { slug: "sheds" },
        context: { clientAddress: freshAddress() },
      }),
    );
    expect(again.data).toMatchObject({
      status: "reported",
      message:
        "You have already reported this comment: a moderator will look at it.",
    });
  });

  it("takes new comments after the upgrade", async () => {
    const posted = await postComment(
      "bikes",
      commentFields({ body: "Register the frame number." }),
      { cookie: memberCookie, address: freshAddress() },
    );
    expect(posted.result.status).toBe("published");
  });
});

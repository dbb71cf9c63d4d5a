/**
 * Seeds the benchmark's own database and content folder with a synthetic but realistic board:
 * post files indexed by the project's content sync (timed cold and unchanged), then comments,
 * held comments, members and a moderator written straight into SQLite with prepared statements
 * in transactions, exactly as the app would have stored them (numbers, rendered HTML, counts,
 * moderation log, search index).
 *
 * The caller sets DATABASE_PATH, CONTENT_DIR and SESSION_SECRET first: the app's modules read
 * them, and the server started later must key addresses and emails with the same secret.
 */
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { migrateToLatest } from "../../db/client.server";
import {
  DEFAULT_POLICY,
  type Reason,
} from "../../app/domain/moderation-policy";
import { slugify } from "../../app/domain/slug";
import type { Poster } from "../../app/features/discussion/submit.server";
import { refreshSearchIndex } from "../../app/features/search/search.server";
import {
  createUser,
  setRoleFromCommandLine,
} from "../../app/features/accounts/user.server";
import { syncContent } from "../../app/features/posts/content-sync.server";
import { closeDb, db } from "../../app/platform/db.server";
import { env } from "../../app/platform/env.server";
import { newGuestKey } from "../../app/features/accounts/guest.server";
import { renderCommentMarkdown } from "../../app/platform/markdown.server";
import { hashPassword } from "../../app/features/accounts/password.server";
import { addressKey, emailKey } from "../../app/platform/secrets.server";
import { REPO_ROOT } from "../helpers/server";
import { Progress, timed } from "./progress";
import {
  AREAS,
  commentBody,
  personName,
  postBody,
  postSummary,
  postTitle,
  seededRandom,
  TAGS,
  type Random,
} from "./words";

export type SeedScale = {
  posts: number;
  /** Published comments across all posts, the two big threads included. */
  comments: number;
  /** Comments on the "medium" and "large" posts (200 and 2,000 at full scale). */
  mediumThread: number;
  largeThread: number;
  /** Comments held for a moderator. */
  pending: number;
  members: number;
};

export type SeededSite = {
  /** Addresses the scenarios load. */
  paths: {
    mediumPost: string;
    largePost: string;
    /** A post with an ordinary discussion, where the comment scenario posts. */
    commentPost: string;
    tag: string;
  };
  moderator: { email: string; password: string };
  counts: {
    posts: number;
    publishedComments: number;
    pendingComments: number;
    members: number;
    /** How deep the deepest reply chain goes (the page draws it at most maxDepth deep). */
    deepestReply: number;
  };
  timings: {
    /** syncContent over every post file into an empty database. */
    syncColdMs: number;
    /** syncContent again with nothing changed. */
    syncUnchangedMs: number;
    /** Everything, from the first file written to the search index built. */
    seedMs: number;
  };
};

const DAY_MS = 24 * 60 * 60 * 1000;
const MODERATOR = {
  email: "moderator@example.org",
  name: "Bench Moderator",
  // Only ever used on a throwaway database on the loopback interface.
  password: "bench moderator password",
};
// Chosen among the newest posts, where discussions happen.
const MEDIUM_INDEX = 3;
const LARGE_INDEX = 7;
const COMMENT_INDEX = 1;
// Distinct comment texts, each rendered once: rendering is most of the seeding time, and a
// hundred thousand different texts would make no page or search behave differently.
const DISTINCT_COMMENT_TEXTS = 10_000;

/** One person who comments: their keys as the app would have derived them. */
type Commenter = Poster;

type PostRow = { id: number; slug: string; date: string };

function dateOnly(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

function writePosts(
  scale: SeedScale,
  contentDir: string,
  random: Random,
  now: number,
): { slugs: string[]; tags: Map<string, number> } {
  const postsDir = join(contentDir, "posts");
  mkdirSync(postsDir, { recursive: true });
  cpSync(join(REPO_ROOT, "content/site.yml"), join(contentDir, "site.yml"));
  cpSync(join(REPO_ROOT, "content/posts/images"), join(postsDir, "images"), {
    recursive: true,
  });
  const progress = new Progress("Writing post files", scale.posts);
  const slugs: string[] = [];
  const tags = new Map<string, number>();
  for (let index = 0; index < scale.posts; index += 1) {
    const title = postTitle(random, index);
    const slug = slugify(title);
    const postTags = [...new Set([random.pick(TAGS), random.pick(TAGS)])];
    if (random.chance(0.3)) postTags.push(random.pick(TAGS));
    for (const tag of new Set(postTags))
      tags.set(tag, (tags.get(tag) ?? 0) + 1);
    const special = [MEDIUM_INDEX, LARGE_INDEX, COMMENT_INDEX].includes(index);
    const mode = special
      ? "open"
      : random.chance(0.03)
        ? "closed"
        : random.chance(0.02)
          ? "members"
          : "open";
    const frontMatter = [
      "---",
      `title: ${JSON.stringify(title)}`,
      // Roughly one post a day, newest first.
      `date: ${dateOnly(now - index * DAY_MS - random.below(12) * 3_600_000)}`,
      `author: ${personName(random)}`,
      `summary: ${JSON.stringify(postSummary(random))}`,
      `tags: [${[...new Set(postTags)].join(", ")}]`,
      `area: ${random.pick(AREAS)}`,
      `comments: ${mode}`,
      "---",
    ].join("\n");
    const other = slugs.length > 0 ? random.pick(slugs) : null;
    writeFileSync(
      join(postsDir, `${slug}.md`),
      `${frontMatter}\n\n${postBody(random, other)}\n`,
    );
    slugs.push(slug);
    progress.tick();
  }
  progress.finish();
  return { slugs, tags };
}

/** How many published comments each post gets: the two big threads fixed, the rest skewed to newer posts. */
function commentCounts(scale: SeedScale, random: Random): number[] {
  const counts = new Array<number>(scale.posts).fill(0);
  counts[MEDIUM_INDEX] = scale.mediumThread;
  counts[LARGE_INDEX] = scale.largeThread;
  const others = counts
    .map((_, index) => index)
    .filter((index) => index !== MEDIUM_INDEX && index !== LARGE_INDEX);
  const remaining = Math.max(
    0,
    scale.comments - scale.mediumThread - scale.largeThread,
  );
  const weights = others.map(
    (index) => (0.5 + random.next()) / (1 + index / 50),
  );
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let given = 0;
  others.forEach((index, position) => {
    counts[index] = Math.floor((weights[position]! / total) * remaining);
    given += counts[index]!;
  });
  for (let left = remaining - given; left > 0; left -= 1)
    counts[others[random.below(others.length)]!]! += 1;
  return counts;
}

export async function seedSite(
  scale: SeedScale,
  seed = 1,
): Promise<SeededSite> {
  const started = performance.now();
  const random = seededRandom(seed);
  const { CONTENT_DIR: contentDir } = env();
  const now = Date.now();
  const database = db();
  migrateToLatest(database);
  const sqlite = database.$client;
  // SQLite's default 2 MB page cache makes every insert into the comment indexes (random
  // hashes) a trip to the file once the table outgrows it. This connection only seeds.
  sqlite.pragma("cache_size = -262144");

  const { slugs, tags } = writePosts(scale, contentDir, random, now);
  const cold = timed(`Content sync of ${scale.posts} new files`, () =>
    syncContent(database, contentDir),
  );
  if (cold.value.failed.length > 0)
    throw new Error(
      `the content sync refused a generated post: ${JSON.stringify(cold.value.failed[0])}`,
    );
  const unchanged = timed(
    `Content sync of ${scale.posts} unchanged files`,
    () => syncContent(database, contentDir),
  );
  if (unchanged.value.unchanged !== scale.posts)
    throw new Error(
      `the second sync changed files: ${JSON.stringify(unchanged.value)}`,
    );

  const postRows = new Map(
    (sqlite.prepare(`select id, slug, date from posts`).all() as PostRow[]).map(
      (row) => [row.slug, row],
    ),
  );
  const posts = slugs.map((slug) => postRows.get(slug)!);

  // Members: one real scrypt hash shared by all (a thousand would take a minute and test nothing).
  const memberHash = await hashPassword("bench member password");
  const moderator = await createUser(
    {
      email: MODERATOR.email,
      displayName: MODERATOR.name,
      password: MODERATOR.password,
    },
    new Date(now),
  );
  if (!moderator) throw new Error("could not create the moderator");
  setRoleFromCommandLine(moderator.id, "moderator", new Date(now));
  const insertMember = sqlite.prepare(
    `insert into users (email, display_name, password_hash, role, verified, created_at, updated_at)
     values (?, ?, ?, 'member', ?, ?, ?)`,
  );
  const members: Commenter[] = [];
  const memberProgress = new Progress("Members", scale.members);
  sqlite.transaction(() => {
    for (let index = 0; index < scale.members; index += 1) {
      const verified = random.chance(0.2);
      const name = personName(random);
      const joined = now - random.below(900) * DAY_MS;
      const { lastInsertRowid } = insertMember.run(
        `member${index + 1}@example.org`,
        name,
        memberHash,
        verified ? 1 : 0,
        joined,
        joined,
      );
      members.push({
        posterClass: verified ? "verified" : "member",
        name,
        emailKey: null,
        guestKey: newGuestKey(),
        addressKey: addressKey(`10.1.${index >> 8}.${index & 255}`),
        userId: Number(lastInsertRowid),
      });
      memberProgress.tick();
    }
  })();
  memberProgress.finish();

  const guests: Commenter[] = Array.from(
    { length: Math.max(10, Math.round((scale.comments + scale.pending) / 20)) },
    (_, index) => {
      const named = random.chance(0.75);
      const name = named ? personName(random) : null;
      return {
        posterClass: named ? "named" : "anonymous",
        name,
        emailKey:
          named && random.chance(0.6)
            ? emailKey(`guest${index + 1}@example.org`)
            : null,
        guestKey: newGuestKey(),
        addressKey: addressKey(`10.2.${index >> 8}.${index & 255}`),
        userId: null,
      };
    },
  );
  const staff: Commenter = {
    posterClass: "staff",
    name: MODERATOR.name,
    emailKey: null,
    guestKey: newGuestKey(),
    addressKey: addressKey("10.3.0.1"),
    userId: moderator.id,
  };
  const publishedAuthor = (): Commenter => {
    const roll = random.next();
    if (roll < 0.02) return staff;
    if (roll < 0.4 && members.length > 0) return random.pick(members);
    // Guests who were published: named ones approved before, anonymous ones approved by hand.
    return random.pick(guests);
  };

  const textCount = Math.min(
    scale.comments + scale.pending,
    DISTINCT_COMMENT_TEXTS,
  );
  const textProgress = new Progress("Comment texts", textCount);
  const texts = Array.from({ length: textCount }, () => {
    const markdown = commentBody(random);
    textProgress.tick();
    return { markdown, html: renderCommentMarkdown(markdown) };
  });
  textProgress.finish();

  const insertComment = sqlite.prepare(
    `insert into comments (post_id, parent_id, number, state, poster_class, author_name, email_key,
       guest_key, user_id, address_key, body_markdown, body_html, reasons, created_at, published_at, updated_at)
     values (@postId, @parentId, @number, @state, @posterClass, @name, @emailKey,
       @guestKey, @userId, @addressKey, @body, @bodyHtml, @reasons, @createdAt, @publishedAt, @createdAt)`,
  );
  const insertLog = sqlite.prepare(
    `insert into moderation_log (created_at, actor, action, comment_id, post_id, poster_class,
       address_key, guest_key, reasons)
     values (?, 'policy', ?, ?, ?, ?, ?, ?, ?)`,
  );
  const storeComment = (
    post: PostRow,
    author: Commenter,
    parentId: number | null,
    number: number | null,
    reasons: Reason[],
    createdAt: number,
  ): number => {
    const text = random.pick(texts);
    const reasonsJson = JSON.stringify(reasons);
    const { lastInsertRowid } = insertComment.run({
      postId: post.id,
      parentId,
      number,
      state: number === null ? "pending" : "published",
      posterClass: author.posterClass,
      name: author.name,
      emailKey: author.emailKey,
      guestKey: author.guestKey,
      userId: author.userId,
      addressKey: author.addressKey,
      body: text.markdown,
      bodyHtml: text.html,
      reasons: reasonsJson,
      createdAt,
      publishedAt: number === null ? null : createdAt,
    });
    const id = Number(lastInsertRowid);
    insertLog.run(
      createdAt,
      number === null ? "comment.held" : "comment.published",
      id,
      post.id,
      author.posterClass,
      author.addressKey,
      author.guestKey,
      reasonsJson,
    );
    return id;
  };

  // Published threads: each comment answers nothing (a new thread) or a recent comment, so
  // discussions grow deep where people are talking; the big threads start with one chain
  // deeper than the depth limit, which the page must flatten.
  const counts = commentCounts(scale, random);
  const publishedIds = new Map<number, number[]>();
  let deepestReply = 0;
  const commentProgress = new Progress("Published comments", scale.comments);
  sqlite.transaction(() => {
    posts.forEach((post, index) => {
      const count = counts[index]!;
      const postTime = Date.parse(`${post.date}T09:00:00Z`);
      const span = Math.max(DAY_MS, Math.min(now - postTime, 30 * DAY_MS));
      const times = Array.from(
        { length: count },
        () => postTime + random.next() * span,
      ).sort((a, b) => a - b);
      const ids: number[] = [];
      const depths: number[] = [];
      const chain =
        index === MEDIUM_INDEX || index === LARGE_INDEX
          ? DEFAULT_POLICY.maxDepth + 3
          : 0;
      for (let position = 0; position < count; position += 1) {
        let parent: number | null = null;
        if (position > 0 && position < chain) parent = position - 1;
        else if (position > 0 && random.chance(0.6))
          parent = Math.max(
            0,
            position - 1 - random.below(Math.min(position, 15)),
          );
        const depth = parent === null ? 0 : depths[parent]! + 1;
        deepestReply = Math.max(deepestReply, depth);
        depths.push(depth);
        ids.push(
          storeComment(
            post,
            publishedAuthor(),
            parent === null ? null : ids[parent]!,
            position + 1,
            [],
            Math.min(times[position]!, now - 60_000),
          ),
        );
        commentProgress.tick();
      }
      publishedIds.set(post.id, ids);
    });
    sqlite
      .prepare(
        `update posts set published_comment_count =
           (select count(*) from comments where comments.post_id = posts.id and state = 'published')`,
      )
      .run();
  })();
  commentProgress.finish();

  // Held comments: the policy's usual reasons, mostly on recent posts, oldest first in the queue.
  const pendingProgress = new Progress("Held comments", scale.pending);
  const recent = posts.slice(0, Math.max(1, Math.ceil(posts.length / 10)));
  sqlite.transaction(() => {
    for (let index = 0; index < scale.pending; index += 1) {
      const post = random.chance(0.7)
        ? random.pick(recent)
        : random.pick(posts);
      const guest = random.pick(guests);
      const reasons: Reason[] =
        guest.posterClass === "anonymous"
          ? [{ code: "anonymous", message: "anonymous poster" }]
          : [
              {
                code: "first-comment",
                message: "first comment from a new guest",
              },
            ];
      if (random.chance(0.05))
        reasons.push({ code: "links", message: "2 links" });
      const published = publishedIds.get(post.id) ?? [];
      const parent =
        published.length > 0 && random.chance(0.4)
          ? random.pick(published)
          : null;
      storeComment(
        post,
        guest,
        parent,
        null,
        reasons,
        now - random.below(14 * DAY_MS) - 60_000,
      );
      pendingProgress.tick();
    }
  })();
  pendingProgress.finish();

  // The app's own indexer, over everything the triggers queued, as the first search would.
  timed("Search index", () => refreshSearchIndex(database));
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  closeDb();

  const popularTag = [...tags.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  return {
    paths: {
      mediumPost: `/posts/${slugs[MEDIUM_INDEX]}`,
      largePost: `/posts/${slugs[LARGE_INDEX]}`,
      commentPost: `/posts/${slugs[COMMENT_INDEX]}`,
      tag: `/tags/${slugify(popularTag)}`,
    },
    moderator: { email: MODERATOR.email, password: MODERATOR.password },
    counts: {
      posts: scale.posts,
      publishedComments: counts.reduce((sum, count) => sum + count, 0),
      pendingComments: scale.pending,
      members: scale.members,
      deepestReply,
    },
    timings: {
      syncColdMs: cold.ms,
      syncUnchangedMs: unchanged.ms,
      seedMs: performance.now() - started,
    },
  };
}

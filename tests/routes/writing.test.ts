import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ActionFunctionArgs } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { loader as rootLoader } from "~/root";
import { loader as layoutLoader } from "~/routes/write";
import { loader as listLoader } from "~/routes/write._index";
import { action as newAction, loader as newLoader } from "~/routes/write.new";
import {
  action as editAction,
  loader as editLoader,
} from "~/routes/write.$slug";
import {
  action as historyAction,
  loader as historyLoader,
} from "~/routes/write.$slug_.history";
import {
  answerOf,
  browserRequest,
  makeUser,
  noticeOf,
  sessionCookieFor,
  type Kind,
} from "../helpers/accounts";
import { useTempSite } from "../helpers/temp-site";

const site = useTempSite();

const args = (
  path: string,
  params: Record<string, string>,
  cookie: string | null,
  form?: Record<string, string>,
): ActionFunctionArgs => ({
  request: browserRequest(path, { cookie, form }),
  params,
  context: { clientAddress: "127.0.0.1" },
});

async function cookieOf(kind: Kind, name?: string) {
  const user = await makeUser(kind, name);
  return sessionCookieFor(user.id);
}

const form = (change: Record<string, string> = {}) => ({
  intent: "save",
  title: "Shed alarms: a demonstration",
  date: "2026-01-05",
  time: "",
  author: "Edith Editor",
  summary: "Come and hear one go off.",
  tags: "sheds, alarms",
  area: "South Vale",
  comments: "open",
  slug: "",
  body: "Bring a **friend**.",
  ...change,
});

/** A post saved through /write/new, answering with its address. */
async function published(cookie: string, change: Record<string, string> = {}) {
  const answer = await answerOf(() =>
    newAction(args("/write/new", {}, cookie, form(change))),
  );
  expect(answer.status).toBe(303);
  return answer.location!.split("?")[0]!;
}

async function openedHash(cookie: string, slug: string) {
  const answer = await answerOf(() =>
    editLoader(args(`/write/${slug}`, { slug }, cookie)),
  );
  return (answer.data as { hash: string }).hash;
}

describe("who may use the writing desk", () => {
  const loaders = [
    ["/write", {}, layoutLoader],
    ["/write", {}, listLoader],
    ["/write/new", {}, newLoader],
  ] as const;

  it.each(loaders)(
    "%s: signed out, sign in first",
    async (path, params, run) => {
      const answer = await answerOf(() => run(args(path, params, null)));
      expect(answer.status).toBe(302);
      expect(answer.location).toMatch(/^\/sign-in/);
    },
  );

  it.each(["member", "moderator"] as const)(
    "a %s is refused with 403, pages and actions alike",
    async (kind) => {
      const cookie = await cookieOf(kind);
      for (const [path, params, run] of loaders) {
        const answer = await answerOf(() => run(args(path, params, cookie)));
        expect(answer.status).toBe(403);
      }
      const action = await answerOf(() =>
        newAction(args("/write/new", {}, cookie, form())),
      );
      expect(action.status).toBe(403);
      // The pages of a post that exists, and their actions, refuse alike.
      const editor = await cookieOf("editor");
      const slug = `guarded-${kind}`;
      await published(editor, { slug });
      const hash = await openedHash(editor, slug);
      const params = { slug };
      for (const answer of [
        await answerOf(() =>
          editLoader(args(`/write/${slug}`, params, cookie)),
        ),
        await answerOf(() =>
          historyLoader(args(`/write/${slug}/history`, params, cookie)),
        ),
        await answerOf(() =>
          editAction(
            args(`/write/${slug}`, params, cookie, {
              intent: "delete-confirmed",
              openedHash: hash,
            }),
          ),
        ),
        await answerOf(() =>
          historyAction(
            args(`/write/${slug}/history`, params, cookie, {
              version: "1",
              openedHash: hash,
            }),
          ),
        ),
      ]) {
        expect(answer.status).toBe(403);
      }
      // Control: the post is still there for the editor.
      expect(existsSync(join(site.contentDir, `posts/${slug}.md`))).toBe(true);
      expect(
        existsSync(
          join(site.contentDir, "posts/shed-alarms-a-demonstration.md"),
        ),
      ).toBe(false);
    },
  );

  it.each(["editor", "admin"] as const)("a %s is let in", async (kind) => {
    const cookie = await cookieOf(kind);
    for (const [path, params, run] of loaders) {
      const answer = await answerOf(() => run(args(path, params, cookie)));
      expect(answer.status).toBe(200);
    }
  });

  it("shows the Write link to editors only", async () => {
    const editorCookie = await cookieOf("editor");
    const writer = await answerOf(() =>
      rootLoader(args("/", {}, editorCookie)),
    );
    expect((writer.data as { writer: boolean }).writer).toBe(true);
    const moderatorCookie = await cookieOf("moderator");
    const moderator = await answerOf(() =>
      rootLoader(args("/", {}, moderatorCookie)),
    );
    expect((moderator.data as { writer: boolean }).writer).toBe(false);
  });
});

describe("the new post form", () => {
  it("defaults the author to the editor's name", async () => {
    const cookie = await cookieOf("editor", "Edna Writer");
    const answer = await answerOf(() =>
      newLoader(args("/write/new", {}, cookie)),
    );
    expect(answer.data).toMatchObject({ values: { author: "Edna Writer" } });
  });

  it("comes back refused with what was typed and a message beside each field", async () => {
    const cookie = await cookieOf("editor");
    const typed = form({
      title: "",
      date: "31/12/2026",
      body: "Kept **body**",
    });
    const answer = await answerOf(() =>
      newAction(args("/write/new", {}, cookie, typed)),
    );
    expect(answer.status).toBe(400);
    expect(answer.data).toMatchObject({
      values: { body: "Kept **body**", date: "31/12/2026" },
      errors: {
        title: "Give the post a title.",
        date: "Give a real date, like 2026-12-03.",
      },
    });
  });

  it("previews with the site's renderer and sanitizer, saving nothing", async () => {
    const cookie = await cookieOf("editor");
    const answer = await answerOf(() =>
      newAction(
        args(
          "/write/new",
          {},
          cookie,
          form({
            intent: "preview",
            slug: "previewed",
            body: "## Hello\n\n<script>alert(1)</script><img src=x onerror=alert(1)>",
          }),
        ),
      ),
    );
    const html = (answer.data as { previewHtml: string }).previewHtml;
    expect(html).toContain("Hello</h2>");
    expect(html).not.toContain("<script");
    expect(html).not.toContain("onerror");
    expect(existsSync(join(site.contentDir, "posts/previewed.md"))).toBe(false);
  });

  it("saves and answers with a redirect to the post's edit page and a notice", async () => {
    const cookie = await cookieOf("editor");
    const answer = await answerOf(() =>
      newAction(args("/write/new", {}, cookie, form({ slug: "alarm-day" }))),
    );
    expect(answer.status).toBe(303);
    expect(answer.location).toMatch(/^\/write\/alarm-day\?/);
    expect(noticeOf(answer.location)).toBe("Published: readers see it now.");
    expect(
      readFileSync(join(site.contentDir, "posts/alarm-day.md"), "utf8"),
    ).toContain('title: "Shed alarms: a demonstration"');
  });
});

describe("editing a post", () => {
  it("refuses a save over a hand edit, giving back both versions", async () => {
    const cookie = await cookieOf("editor");
    const path = await published(cookie, { slug: "conflicted" });
    const hash = await openedHash(cookie, "conflicted");
    const file = join(site.contentDir, "posts/conflicted.md");
    const handEdit = readFileSync(file, "utf8").replace("friend", "neighbour");
    writeFileSync(file, handEdit);
    const answer = await answerOf(() =>
      editAction(
        args(path, { slug: "conflicted" }, cookie, {
          ...form({ slug: "conflicted", body: "My **edit**" }),
          openedHash: hash,
        }),
      ),
    );
    expect(answer.status).toBe(409);
    expect(answer.data).toMatchObject({
      values: { body: "My **edit**" },
      conflict: { theirs: handEdit },
    });
    expect(
      (answer.data as { conflict: { mine: string } }).conflict.mine,
    ).toContain("My **edit**");
    expect(readFileSync(file, "utf8")).toBe(handEdit);
  });

  it("asks before deleting, then moves the file to the trash", async () => {
    const cookie = await cookieOf("editor");
    await published(cookie, { slug: "to-delete" });
    const hash = await openedHash(cookie, "to-delete");
    const file = join(site.contentDir, "posts/to-delete.md");
    const asked = await answerOf(() =>
      editAction(
        args("/write/to-delete", { slug: "to-delete" }, cookie, {
          ...form({ intent: "delete", slug: "to-delete" }),
          openedHash: hash,
        }),
      ),
    );
    expect(asked.data).toMatchObject({ confirmDelete: true });
    expect(existsSync(file)).toBe(true);
    const done = await answerOf(() =>
      editAction(
        args("/write/to-delete", { slug: "to-delete" }, cookie, {
          intent: "delete-confirmed",
          openedHash: hash,
        }),
      ),
    );
    expect(done.status).toBe(303);
    expect(noticeOf(done.location)).toBe("Moved to the trash.");
    expect(existsSync(file)).toBe(false);
    const gone = await answerOf(() =>
      editLoader(args("/write/to-delete", { slug: "to-delete" }, cookie)),
    );
    expect(gone.status).toBe(404);
  });

  it("keeps a published post's address unless the box is ticked", async () => {
    const cookie = await cookieOf("editor");
    await published(cookie, { slug: "fixed-address" });
    const hash = await openedHash(cookie, "fixed-address");
    const moved = form({ slug: "new-address" });
    const refused = await answerOf(() =>
      editAction(
        args("/write/fixed-address", { slug: "fixed-address" }, cookie, {
          ...moved,
          openedHash: hash,
        }),
      ),
    );
    expect(refused.status).toBe(400);
    expect(refused.data).toMatchObject({ values: { slug: "new-address" } });
    const done = await answerOf(() =>
      editAction(
        args("/write/fixed-address", { slug: "fixed-address" }, cookie, {
          ...moved,
          openedHash: hash,
          changeSlug: "yes",
        }),
      ),
    );
    expect(done.status).toBe(303);
    expect(done.location).toMatch(/^\/write\/new-address\?/);
  });
});

describe("the history", () => {
  it("shows a version's differences and restores it", async () => {
    const cookie = await cookieOf("editor");
    await published(cookie, { slug: "restorable", body: "First words." });
    const hash = await openedHash(cookie, "restorable");
    await answerOf(() =>
      editAction(
        args("/write/restorable", { slug: "restorable" }, cookie, {
          ...form({ slug: "restorable", body: "Second words." }),
          openedHash: hash,
        }),
      ),
    );
    const list = await answerOf(() =>
      historyLoader(
        args("/write/restorable/history", { slug: "restorable" }, cookie),
      ),
    );
    const { versions } = list.data as { versions: { id: number }[] };
    expect(versions).toHaveLength(1);
    const shown = await answerOf(() =>
      historyLoader(
        args(
          `/write/restorable/history?version=${versions[0]!.id}`,
          { slug: "restorable" },
          cookie,
        ),
      ),
    );
    const data = shown.data as {
      hash: string;
      shown: { diff: { kind: string; text: string }[] };
    };
    expect(data.shown.diff).toContainEqual({
      kind: "removed",
      text: "Second words.",
    });
    expect(data.shown.diff).toContainEqual({
      kind: "added",
      text: "First words.",
    });
    const restored = await answerOf(() =>
      historyAction(
        args("/write/restorable/history", { slug: "restorable" }, cookie, {
          version: String(versions[0]!.id),
          openedHash: data.hash,
        }),
      ),
    );
    expect(restored.status).toBe(303);
    expect(
      readFileSync(join(site.contentDir, "posts/restorable.md"), "utf8"),
    ).toContain("First words.");
  });

  it("answers a version that is not the post's with 404, not an error", async () => {
    const cookie = await cookieOf("editor");
    await published(cookie, { slug: "no-versions" });
    for (const version of ["999999", "abc", "1e3"]) {
      const answer = await answerOf(() =>
        historyLoader(
          args(
            `/write/no-versions/history?version=${version}`,
            { slug: "no-versions" },
            cookie,
          ),
        ),
      );
      expect(answer.status).toBe(404);
    }
  });
});

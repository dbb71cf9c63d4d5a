import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  setModerationPolicy,
  startServer,
  type RunningServer,
} from "../helpers/server";

const POST = "/posts/phone-and-courier-scams";
let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.stop();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(server.url + path, { headers });

const setPolicy = (policy: Record<string, unknown>) =>
  setModerationPolicy(server.databasePath, policy);

function postComment(fields: Record<string, string>) {
  return fetch(server.url + POST, {
    method: "POST",
    headers: {
      Origin: server.url,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ intent: "comment", parentId: "", ...fields }),
    redirect: "manual",
  });
}

describe("HTTP caching of pages", () => {
  it("gives a signed-out reader's page a strong ETag and answers a conditional request with 304", async () => {
    const first = await get(POST);
    expect(first.status).toBe(200);
    const etag = first.headers.get("ETag");
    expect(etag).toMatch(/^"[\w-]{20,}"$/);
    expect(first.headers.get("Cache-Control")).toBe(
      "public, max-age=0, must-revalidate",
    );
    expect(first.headers.get("Vary")).toContain("Cookie");

    let again = await get(POST, { "If-None-Match": etag! });
    if (again.status === 200) {
      // Relative times move on each minute: a new minute may have begun between the two requests.
      const current = again.headers.get("ETag")!;
      expect(current).not.toBe(etag);
      again = await get(POST, { "If-None-Match": current });
      expect(again.headers.get("ETag")).toBe(current);
    } else {
      expect(again.headers.get("ETag")).toBe(etag);
    }
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");

    const stale = await get(POST, { "If-None-Match": '"something-else"' });
    expect(stale.status).toBe(200);
  });

  it("never lets a shared cache keep a page for someone with a cookie", async () => {
    for (const cookie of ["lookout_guest=x", "lookout_session=y"]) {
      const page = await get(POST, { Cookie: cookie });
      expect(page.headers.get("Cache-Control")).toBe("private, no-store");
      expect(page.headers.get("ETag")).toBeNull();
    }
  });

  it("does not cache error pages", async () => {
    const missing = await get("/posts/no-such-post");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("Cache-Control")).toBe("private, no-store");
  });

  it(
    "changes the ETag when a comment is published, and not for a held one",
    { timeout: 90_000 },
    async () => {
      // Relative times move on each minute: wait for a new one when this one is nearly over.
      const leftInMinute = 60_000 - (Date.now() % 60_000);
      if (leftInMinute < 15_000)
        await new Promise((resolve) => setTimeout(resolve, leftInMinute + 500));
      // A policy change may reshape the page (its comment form), so it comes first.
      setPolicy({ floodLimit: 1000 });
      const before = (await get(POST)).headers.get("ETag")!;

      // Held: the public page does not change, and the poster's own view is private.
      const held = await postComment({
        name: "",
        body: "Held, so not public yet.",
      });
      expect(held.status).toBe(200);
      expect(held.headers.get("Cache-Control")).not.toContain("public");
      expect((await get(POST, { "If-None-Match": before })).status).toBe(304);

      setPolicy({ floodLimit: 1000, anonymous: "publish" });
      const published = await postComment({
        name: "",
        body: "Published, so every reader sees it.",
      });
      expect(published.status).toBe(200);
      const after = await get(POST, { "If-None-Match": before });
      expect(after.status).toBe(200);
      expect(after.headers.get("ETag")).not.toBe(before);
      expect(await after.text()).toContain(
        "Published, so every reader sees it.",
      );
    },
  );

  it("caches fingerprinted assets for a year", async () => {
    const html = await (await get("/")).text();
    const asset = /\/assets\/[\w.-]+\.css/.exec(html)?.[0];
    expect(asset).toBeDefined();
    const response = await get(asset!);
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe(
      "public, max-age=31536000, immutable",
    );
  });

  describe("the cache of rendered pages", () => {
    /** How each request for this path was answered, from the server's request log. */
    function cacheLog(path: string): string[] {
      return server
        .logs()
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((entry) => entry.message === "request" && entry.path === path)
        .map((entry) => String(entry.pageCache));
    }

    /** The log of a path once it has this many lines: a line is written as its response ends. */
    async function cacheLogOf(path: string, lines: number): Promise<string[]> {
      await expect.poll(() => cacheLog(path).length).toBe(lines);
      return cacheLog(path);
    }

    it("answers a repeat request from memory, with the same bytes", async () => {
      const path = "/tags/scams";
      const first = await get(path);
      const firstText = await first.text();
      const second = await get(path);
      expect(second.status).toBe(200);
      expect(await second.text()).toBe(firstText);
      expect(second.headers.get("ETag")).toBe(first.headers.get("ETag"));
      expect(await cacheLogOf(path, 2)).toEqual(["miss", "hit"]);
    });

    it("shows a change written by another program to the very next reader", async () => {
      const path = "/posts/mark-and-register-your-bike";
      await (await get(path)).text();
      await (await get(path)).text();
      const database = new Database(server.databasePath);
      database
        .prepare("update posts set title = ? where slug = ?")
        .run("Bike marking: the new dates", "mark-and-register-your-bike");
      database.close();
      const next = await get(path);
      expect(await next.text()).toContain("Bike marking: the new dates");
      expect(await cacheLogOf(path, 3)).toEqual(["miss", "hit", "miss"]);
    });

    it("never puts a poster's own pending comment in a page another reader gets", async () => {
      setPolicy({ floodLimit: 1000 });
      const text = "Only the poster may see this while it waits.";
      const held = await postComment({ name: "", body: text });
      const guestCookie = held.headers.get("Set-Cookie")?.split(";")[0];
      expect(guestCookie).toMatch(/^lookout_guest=/);

      const own = await get(POST, { Cookie: guestCookie! });
      expect(await own.text()).toContain(text);
      for (let round = 0; round < 2; round += 1) {
        expect(await (await get(POST)).text()).not.toContain(text);
      }
    });
  });
});

import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../helpers/server";

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

function setPolicy(value: object) {
  const database = new Database(server.databasePath);
  database
    .prepare(
      `insert into settings (key, value, updated_at) values ('moderation', ?, ?)
       on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at`,
    )
    .run(JSON.stringify(value), Date.now());
  database.close();
}

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
      const before = (await get(POST)).headers.get("ETag")!;

      // Held: the public page does not change, and the poster's own view is private.
      setPolicy({ floodLimit: 1000 });
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
});

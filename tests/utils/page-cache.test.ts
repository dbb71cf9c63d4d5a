import { beforeEach, describe, expect, it, vi } from "vitest";
import { migrateToLatest, openDatabase, type Db } from "../../db/client.server";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Response } from "express";
import {
  PageCache,
  pageStorer,
  scopesForPath,
} from "~/server/page-cache.server";
import { drawPage, noteDrawnForSomeone } from "~/platform/personal.server";
import { openMigratedDatabase } from "../helpers/template-database";
import { startOfDate } from "~/domain/dates";
import { isListed } from "~/domain/scheduling";

const NOW = Date.UTC(2026, 10, 29, 12, 30, 10);
const page = (text: string) => ({
  status: 200,
  headers: [["Content-Type", "text/html; charset=utf-8"]] as [string, string][],
  body: Buffer.from(text),
});

let database: Db;
let cache: PageCache;

function bump(scope: string) {
  database.$client
    .prepare(
      `insert into page_generations (scope, generation) values (?, 1)
       on conflict (scope) do update set generation = generation + 1`,
    )
    .run(scope);
}

function ticket(
  path: string,
  options: { method?: string; personal?: boolean; now?: number } = {},
) {
  return cache.ticketFor(
    options.method ?? "GET",
    new URL(path, "http://lookout.test"),
    options.personal ?? false,
    options.now ?? NOW,
  );
}

beforeEach(() => {
  database = openDatabase(":memory:");
  migrateToLatest(database);
  cache = new PageCache(database.$client, {
    maxBytes: 1000,
    secret: "s".repeat(32),
  });
});

describe("scopesForPath", () => {
  it.each([
    ["/", ["site", "comments"]],
    ["/tags/scams", ["site", "comments"]],
    ["/search", ["site", "comments"]],
    ["/posts/bike-marking", ["site", "post:bike-marking"]],
    ["/posts/bike-marking/feed", ["site", "post:bike-marking"]],
    ["/posts/caf%C3%A9", ["site", "post:café"]],
    ["/posts/%E0%A4%A", ["site", "post:%E0%A4%A"]],
  ])("%s is drawn from %j", (path, scopes) => {
    expect(scopesForPath(path)).toEqual(scopes);
  });
});

describe("the page cache", () => {
  it("serves a stored page to the next signed-out reader", () => {
    cache.store(ticket("/")!, page("home"), NOW);
    expect(ticket("/")?.hit?.body.toString()).toBe("home");
  });

  it.each([
    ["a form post", { method: "POST" }],
    ["someone in particular (a member, a guest)", { personal: true }],
  ])("renders afresh for %s", (_who, options) => {
    cache.store(ticket("/")!, page("home"), NOW);
    expect(ticket("/", options)).toBeNull();
  });

  it("keeps one page per address, query included", () => {
    cache.store(ticket("/?page=2")!, page("second"), NOW);
    expect(ticket("/")?.hit).toBeUndefined();
    expect(ticket("/?page=2")?.hit?.body.toString()).toBe("second");
  });

  it.each([
    ["the site changes", "/posts/a", "site", false],
    ["a comment on this post is published", "/posts/a", "post:a", false],
    ["a comment on another post is published", "/posts/a", "post:b", true],
    ["any comment is published, for a listing", "/", "comments", false],
    ["a post's comments change, for a listing", "/", "post:a", true],
  ])("when %s, %s is still served: %s", (_change, path, scope, stillServed) => {
    cache.store(ticket(path)!, page("before"), NOW);
    bump(scope);
    expect(ticket(path)?.hit !== undefined).toBe(stillServed);
  });

  it("lets a page live until the end of the minute it was drawn in, as its relative times do", () => {
    cache.store(ticket("/")!, page("home"), NOW);
    const endOfMinute = Math.ceil(NOW / 60_000) * 60_000;
    expect(ticket("/", { now: endOfMinute - 1 })?.hit).toBeDefined();
    expect(ticket("/", { now: endOfMinute })?.hit).toBeUndefined();
  });

  it("never serves a page drawn before a scheduled post's date once that date has begun", () => {
    // A post is listed from the first instant of its date (isListed), a minute boundary, so the
    // minute a page lives never reaches past it: the page is drawn again, with the post.
    const due = startOfDate("2026-12-10").getTime();
    for (const drawnAt of [due - 60_000, due - 30_000, due - 1]) {
      cache.store(ticket("/", { now: drawnAt })!, page("home"), drawnAt);
      expect(ticket("/", { now: due - 1 })?.hit).toBeDefined();
      expect(ticket("/", { now: due })?.hit).toBeUndefined();
      expect(
        isListed({ status: "published", date: "2026-12-10" }, new Date(due)),
      ).toBe(true);
      expect(
        isListed(
          { status: "published", date: "2026-12-10" },
          new Date(due - 1),
        ),
      ).toBe(false);
    }
  });

  it("gives the same nonce to the same page drawn from the same data, another after a change", () => {
    const first = ticket("/posts/a")!.nonce;
    expect(ticket("/posts/a")!.nonce).toBe(first);
    expect(ticket("/posts/b")!.nonce).not.toBe(first);
    bump("post:a");
    expect(ticket("/posts/a")!.nonce).not.toBe(first);
  });

  it("forgets the least recently used pages to stay within its size", () => {
    cache.store(ticket("/one")!, page("1".repeat(240)), NOW);
    cache.store(ticket("/two")!, page("2".repeat(240)), NOW);
    cache.store(ticket("/three")!, page("3".repeat(240)), NOW);
    ticket("/one"); // read: now the most recently used
    cache.store(ticket("/four")!, page("4".repeat(240)), NOW);
    cache.store(ticket("/five")!, page("5".repeat(240)), NOW);
    expect(cache.size.bytes).toBeLessThanOrEqual(1000);
    expect(ticket("/two")?.hit).toBeUndefined();
    expect(ticket("/one")?.hit).toBeDefined();
    expect(ticket("/five")?.hit).toBeDefined();
  });

  it("still fits its size when every page it holds was read since it was stored", () => {
    // Each a quarter of the size with its address.
    for (const path of ["/one", "/two", "/three", "/four"])
      cache.store(ticket(path)!, page(path[1]!.repeat(250 - path.length)), NOW);
    for (const path of ["/four", "/two", "/one", "/three"])
      expect(ticket(path)?.hit).toBeDefined();
    cache.store(ticket("/five")!, page("5".repeat(245)), NOW);
    expect(cache.size.bytes).toBe(1000);
    expect(ticket("/five")?.hit).toBeDefined();
    const kept = ["/one", "/two", "/three", "/four"].filter(
      (path) => ticket(path)?.hit !== undefined,
    );
    expect(kept).toHaveLength(3);
  });

  it("counts the address a page is kept under towards its size", () => {
    const stored = (path: string) => {
      cache.store(ticket(path)!, page("not found"), NOW);
      return path;
    };
    // Short addresses: all ten pages fit.
    const short = Array.from({ length: 10 }, (_, index) => stored(`/${index}`));
    expect(short.filter((path) => ticket(path)?.hit)).toHaveLength(10);
    // Addresses of a reader's choosing, 200 characters each, with the same small page.
    const long = Array.from({ length: 10 }, (_, index) =>
      stored(`/${index}${"a".repeat(199 - String(index).length)}`),
    );
    expect(cache.size.bytes).toBeLessThanOrEqual(1000);
    expect(long.filter((path) => ticket(path)?.hit)).toHaveLength(4);
  });

  it("does not keep a page larger than a quarter of its size, and keeps nothing at size 0", () => {
    cache.store(ticket("/big")!, page("x".repeat(300)), NOW);
    expect(ticket("/big")?.hit).toBeUndefined();
    const off = new PageCache(database.$client, {
      maxBytes: 0,
      secret: "s".repeat(32),
    });
    const offTicket = off.ticketFor(
      "GET",
      new URL("http://lookout.test/"),
      false,
      NOW,
    )!;
    off.store(offTicket, page("home"), NOW);
    expect(
      off.ticketFor("GET", new URL("http://lookout.test/"), false, NOW)?.hit,
    ).toBeUndefined();
  });
});

describe("a cache on a connection of its own", () => {
  it("sees a write by any other connection at the next request, and serves the page until then", () => {
    const folder = mkdtempSync(join(tmpdir(), "lookout-page-cache-"));
    const writer = openMigratedDatabase(join(folder, "site.db"));
    const reader = openDatabase(join(folder, "site.db"));
    try {
      const own = new PageCache(reader.$client, {
        maxBytes: 1000,
        secret: "s".repeat(32),
      });
      const url = new URL("http://lookout.test/posts/a");
      own.store(own.ticketFor("GET", url, false, NOW)!, page("before"), NOW);
      expect(own.currentEntry("/posts/a", NOW)?.body.toString()).toBe("before");
      // A write that touches no scope of the page: it is read again, and still current.
      writer.$client
        .prepare(
          `insert into page_generations (scope, generation) values ('post:b', 1)`,
        )
        .run();
      expect(own.currentEntry("/posts/a", NOW)).toBeDefined();
      writer.$client
        .prepare(
          `insert into page_generations (scope, generation) values ('post:a', 1)`,
        )
        .run();
      expect(own.currentEntry("/posts/a", NOW)).toBeUndefined();
      expect(own.ticketFor("GET", url, false, NOW)?.hit).toBeUndefined();
    } finally {
      reader.$client.close();
      writer.$client.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
  it("remembers the generations of paths up to 512 characters, and of their scopes, not of longer ones", () => {
    const folder = mkdtempSync(join(tmpdir(), "lookout-page-cache-"));
    const writer = openMigratedDatabase(join(folder, "site.db"));
    const reader = openDatabase(join(folder, "site.db"));
    const reads = vi.spyOn(
      PageCache.prototype as unknown as {
        generationsOfScopes: (pathname: string) => string;
      },
      "generationsOfScopes",
    );
    try {
      let scopeReads = 0;
      const prepare = reader.$client.prepare.bind(reader.$client);
      // Counts the cache's reads of a scope's generation ('site' and the post's, per path).
      reader.$client.prepare = ((source: string) => {
        const statement = prepare(source);
        if (!source.includes("FROM page_generations")) return statement;
        const get = statement.get.bind(statement);
        statement.get = ((...args: unknown[]) => {
          scopeReads += 1;
          return get(...args);
        }) as typeof statement.get;
        return statement;
      }) as typeof reader.$client.prepare;
      const own = new PageCache(reader.$client, {
        maxBytes: 1000,
        secret: "s".repeat(32),
      });
      const ask = (path: string) =>
        own.ticketFor("GET", new URL(path, "http://lookout.test"), false, NOW);
      // A post's path of exactly 512 characters is remembered, path and scope.
      const longest = `/posts/${"a".repeat(505)}`;
      expect(longest).toHaveLength(512);
      ask(longest);
      ask(longest);
      expect(reads).toHaveBeenCalledTimes(1);
      expect(scopeReads).toBe(2);
      // One character more: read again each time, its post's scope too, and none of it kept.
      const longer = `/posts/${"a".repeat(506)}`;
      ask(longer);
      ask(longer);
      expect(reads).toHaveBeenCalledTimes(3);
      expect(scopeReads).toBe(4);
    } finally {
      reads.mockRestore();
      reader.$client.close();
      writer.$client.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe("keeping a rendered page", () => {
  /** What the load context's storePage does for a GET that was given this ticket. */
  const storerFor = (path: string) =>
    pageStorer(cache, {
      locals: { pageTicket: ticket(path) },
      req: { method: "GET" },
    } as unknown as Response)!;

  it("keeps a page drawn for nobody in particular", () => {
    drawPage(() => storerFor("/")(page("home")));
    expect(ticket("/")?.hit?.body.toString()).toBe("home");
  });

  it("refuses a page drawn for someone, whatever the request looked like beforehand", () => {
    drawPage(() => {
      noteDrawnForSomeone();
      storerFor("/")(page("the moderator's home"));
    });
    expect(ticket("/")?.hit).toBeUndefined();
  });

  it("refuses a page when nothing noted for whom it was drawn", () => {
    storerFor("/")(page("home"));
    expect(ticket("/")?.hit).toBeUndefined();
  });
});

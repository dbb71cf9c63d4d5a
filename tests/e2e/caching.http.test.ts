import { get as httpGet } from "node:http";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  postCommentForm,
  setModerationPolicy,
  startServer,
  type RunningServer,
} from "../helpers/server";
import { createAdmin } from "../helpers/admin";

const POST = "/posts/phone-and-courier-scams";
const MODERATOR = {
  email: "desk@example.org",
  name: "Desk Watcher",
  password: "a long enough desk password",
};
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
  return postCommentForm(server, POST, fields);
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

  it("does not cache error pages", async () => {
    const missing = await get("/posts/no-such-post");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("Cache-Control")).toBe("private, no-store");
  });

  it("changes the ETag when a comment is published, and not for a held one", async () => {
    // Pages show times relative to the minute they are drawn in, so the held comment's check
    // counts only when the whole exchange fell within one minute of the clock the server reads
    // too (it runs on this machine). Two attempts: two minute boundaries cannot both fall
    // within the few milliseconds of one.
    const minute = () => Math.floor(Date.now() / 60_000);
    let before = "";
    for (let attempt = 1; ; attempt += 1) {
      // A policy change may reshape the page (its comment form), so it comes first.
      setPolicy({ floodLimit: 1000 });
      const startedIn = minute();
      before = (await get(POST)).headers.get("ETag")!;

      // Held: the public page does not change, and the poster's own view is private.
      const held = await postComment({
        name: "",
        body: `Held, so not public yet (attempt ${attempt}).`,
      });
      expect(held.status).toBe(200);
      expect(held.headers.get("Cache-Control")).not.toContain("public");
      const again = await get(POST, { "If-None-Match": before });
      if (minute() !== startedIn && attempt === 1) continue;
      expect(minute()).toBe(startedIn);
      expect(again.status).toBe(304);
      break;
    }

    setPolicy({ floodLimit: 1000, anonymous: "publish" });
    const published = await postComment({
      name: "",
      body: "Published, so every reader sees it.",
    });
    expect(published.status).toBe(200);
    const after = await get(POST, { "If-None-Match": before });
    expect(after.status).toBe(200);
    expect(after.headers.get("ETag")).not.toBe(before);
    expect(await after.text()).toContain("Published, so every reader sees it.");
  });

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

  it("serves the public files, the favicons, for an hour", async () => {
    for (const [path, type] of [
      ["/favicon.ico", "image/x-icon"],
      ["/favicon.svg", "image/svg+xml"],
    ]) {
      const response = await get(path!);
      expect(response.status).toBe(200);
      expect(response.headers.get("Content-Type")).toBe(type);
      expect(response.headers.get("Cache-Control")).toBe(
        "public, max-age=3600",
      );
    }
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

    /** How one request was answered, once its log line is written. */
    async function cacheAnswerOf(requestId: string): Promise<string> {
      const answer = () =>
        server
          .logs()
          .split("\n")
          .filter((line) => line.includes(`"requestId":"${requestId}"`))
          .map((line) =>
            String((JSON.parse(line) as Record<string, unknown>).pageCache),
          )[0];
      await expect.poll(answer).toBeDefined();
      return answer()!;
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

    it("draws a page once for readers who ask for it at the same moment", async () => {
      const path = "/posts/sheds-and-garages-locking-up-for-the-summer";
      const other = "/tags/vehicle-crime";
      const answers = await Promise.all(
        [...Array.from({ length: 8 }, () => path), other].map(async (asked) => {
          const response = await get(asked);
          return {
            asked,
            status: response.status,
            text: await response.text(),
          };
        }),
      );
      const ofPath = answers.filter((answer) => answer.asked === path);
      expect(ofPath.map((answer) => answer.status)).toEqual(Array(8).fill(200));
      expect(new Set(ofPath.map((answer) => answer.text)).size).toBe(1);
      const log = await cacheLogOf(path, 8);
      expect(log.filter((answer) => answer === "miss")).toEqual(["miss"]);
      expect(log.filter((answer) => answer === "hit")).toHaveLength(7);
      // Control: another page asked for meanwhile is drawn for itself.
      expect(await cacheLogOf(other, 1)).toEqual(["miss"]);
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

    it("answers a cached page before the router exactly as the whole pipeline does", async () => {
      const path = "/tags/burglary";
      await (await get(path)).text();
      // A cookie naming nobody still gets the cached page, through Express instead.
      const throughExpress = { Cookie: "theme=dark" };
      const headersOf = (response: Response) =>
        [...response.headers.entries()].filter(
          ([name]) => name !== "date" && name !== "x-request-id",
        );
      const encodings: Record<string, string>[] = [
        {},
        { "Accept-Encoding": "gzip" },
        { "Accept-Encoding": "identity" },
      ];
      for (const extra of encodings) {
        const fast = await get(path, extra);
        const whole = await get(path, { ...extra, ...throughExpress });
        expect(fast.status).toBe(200);
        expect(headersOf(fast)).toEqual(headersOf(whole));
        expect(await fast.text()).toBe(await whole.text());
        const etag = fast.headers.get("ETag")!;
        const fast304 = await get(path, { ...extra, "If-None-Match": etag });
        const whole304 = await get(path, {
          ...extra,
          ...throughExpress,
          "If-None-Match": etag,
        });
        expect([fast304.status, whole304.status]).toEqual([304, 304]);
        expect(headersOf(fast304)).toEqual(headersOf(whole304));
      }
      const head = await fetch(server.url + path, { method: "HEAD" });
      expect(head.status).toBe(200);
      expect(head.headers.get("Content-Security-Policy")).toContain("nonce-");
      expect(await head.text()).toBe("");
      expect(new Set(cacheLog(path).slice(1))).toEqual(new Set(["hit"]));
    });

    describe("a page rendered for someone is never kept for others", () => {
      /** A GET sent as written: several Cookie headers stay several lines, tabs stay tabs. */
      function rawGet(
        path: string,
        cookie: string | string[],
      ): Promise<{
        cacheControl: string | undefined;
        requestId: string;
        text: string;
      }> {
        return new Promise((resolve, reject) => {
          const request = httpGet(
            server.url + path,
            { headers: { Cookie: cookie } },
            (response) => {
              let text = "";
              response.setEncoding("utf8");
              response.on("data", (chunk: string) => (text += chunk));
              response.on("end", () =>
                resolve({
                  cacheControl: response.headers["cache-control"],
                  requestId: String(response.headers["x-request-id"]),
                  text,
                }),
              );
              response.on("error", reject);
            },
          );
          request.on("error", reject);
        });
      }

      /** Ways of writing one cookie that the cookie parser reads as that cookie. */
      function sameCookieWrittenOddly(
        pair: string,
      ): [string, string | string[]][] {
        const [name, value] = [
          pair.slice(0, pair.indexOf("=")),
          pair.slice(pair.indexOf("=") + 1),
        ];
        return [
          ["a space before =", `${name} =${value}`],
          ["a tab before =", `${name}\t=${value}`],
          ["spaces all around", `theme=dark;   ${name}  =  ${value}  `],
          ["a quoted value", `${name} ="${value}"`],
          [
            "the cookie twice, the first one counting",
            `${name} =${value}; ${name}=forged`,
          ],
          ["two Cookie headers", ["theme=dark", `${name} =${value}`]],
        ];
      }

      let guestCookie: string;
      let sessionCookie: string;
      const heldText = "Held, and only its poster may read it.";
      let variant = 0;

      beforeAll(async () => {
        setPolicy({ floodLimit: 1000 });
        const held = await postComment({ name: "", body: heldText });
        guestCookie = held.headers.get("Set-Cookie")!.split(";")[0]!;
        await createAdmin(server, MODERATOR);
        const signedIn = await fetch(server.url + "/sign-in", {
          method: "POST",
          headers: {
            Origin: server.url,
            "Content-Type": "application/x-www-form-urlencoded",
          },
          body: new URLSearchParams({
            email: MODERATOR.email,
            password: MODERATOR.password,
            redirectTo: "/",
          }),
          redirect: "manual",
        });
        sessionCookie = signedIn.headers.get("Set-Cookie")!.split(";")[0]!;
        expect(sessionCookie).toMatch(/^lookout_session=./);
      }, 60_000);

      /** An address of the post not asked for before, so the request below renders it. */
      const freshAddress = () => `${POST}?variant=${(variant += 1)}`;

      it.each(["guest", "moderator"] as const)(
        "for a %s whose cookie is written oddly",
        async (who) => {
          const pair = who === "guest" ? guestCookie : sessionCookie;
          const personal = who === "guest" ? heldText : MODERATOR.name;
          const answers = [];
          for (const [trick, cookie] of sameCookieWrittenOddly(pair)) {
            const path = freshAddress();
            const own = await rawGet(path, cookie);
            const othersSawIt = [];
            for (let reader = 0; reader < 2; reader += 1) {
              const text = await (await get(path)).text();
              othersSawIt.push(text.includes(personal));
            }
            answers.push({
              trick,
              ownSawIt: own.text.includes(personal),
              cacheControl: own.cacheControl,
              othersSawIt,
            });
          }
          // Every trick at once, so a failure names each one that leaks.
          expect(answers).toEqual(
            sameCookieWrittenOddly(pair).map(([trick]) => ({
              trick,
              ownSawIt: true,
              cacheControl: "private, no-store",
              othersSawIt: [false, false],
            })),
          );
        },
      );

      it("keeps the page of a reader whose cookies name nobody, and serves it to the next", async () => {
        const upperCase = guestCookie.replace("lookout_guest", "LOOKOUT_GUEST");
        for (const cookie of [
          upperCase,
          "theme=dark",
          "lookout_guest=forged",
        ]) {
          const path = freshAddress();
          const first = await rawGet(path, cookie);
          expect(first.text, cookie).not.toContain(heldText);
          expect(first.cacheControl, cookie).toBe(
            "public, max-age=0, must-revalidate",
          );
          const next = await get(path);
          await next.text();
          const answers = [
            await cacheAnswerOf(first.requestId),
            await cacheAnswerOf(next.headers.get("X-Request-Id")!),
          ];
          expect(answers, cookie).toEqual(["miss", "hit"]);
        }
      });
    });
  });
});

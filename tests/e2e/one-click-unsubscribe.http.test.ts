// A mail client's unsubscribe button against the built server: it POSTs the header's link with
// no cookie and no Origin (or its own), and the pipeline lets exactly that through; a GET and
// every other path keep their rules.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../helpers/server";

// The server's secret, known here too, so the test can sign links as the site does.
const SECRET = "e2e-one-click-unsubscribe-".repeat(2);
process.env.SESSION_SECRET = SECRET;
const { emailKey } = await import("~/platform/secrets.server");
const { unsubscribeToken } =
  await import("~/features/notify/unsubscribe.server");

let server: RunningServer;
let database: Database.Database;

beforeAll(async () => {
  server = await startServer({ env: { SESSION_SECRET: SECRET } });
  database = new Database(server.databasePath);
  database.pragma("busy_timeout = 5000");
}, 120_000);

afterAll(async () => {
  database?.close();
  await server?.stop();
});

/** Subscribes an address to an area, as the follow button would; returns the row's id. */
function subscribe(address: string, area: string): number {
  return Number(
    database
      .prepare(
        `insert into subscriptions (kind, target, address, address_key, created_at)
         values ('area', ?, ?, ?, 0)`,
      )
      .run(area, address, emailKey(address)).lastInsertRowid,
  );
}

const rowsOf = (address: string) =>
  (
    database
      .prepare(
        `select target from subscriptions where address_key = ? order by id`,
      )
      .all(emailKey(address)) as { target: string }[]
  ).map((row) => row.target);

const oneClick = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      ...headers,
    },
    body: "List-Unsubscribe=One-Click",
    redirect: "manual",
  });

describe("one-click unsubscribe over HTTP", () => {
  it("stops the subscription the link names for a POST with no cookie and no Origin, and only it", async () => {
    const address = "one.click@example.org";
    const north = subscribe(address, "north-ward");
    subscribe(address, "south-ward");
    const token = unsubscribeToken(emailKey(address), north);
    // Opening the link (a mail scanner) shows a button and stops nothing.
    const opened = await fetch(`${server.url}/unsubscribe/${token}`);
    expect(opened.status).toBe(200);
    expect(opened.headers.get("cache-control")).toBe("private, no-store");
    expect(await opened.text()).toContain("Stop them");
    expect(rowsOf(address)).toEqual(["north-ward", "south-ward"]);

    const answer = await oneClick(`/unsubscribe/${token}`);
    expect(answer.status).toBe(200);
    expect(rowsOf(address)).toEqual(["south-ward"]);
  });

  it("stops everything with an all link, even when the POST names another site as its Origin", async () => {
    const address = "webmail.user@example.org";
    subscribe(address, "north-ward");
    subscribe(address, "east-ward");
    const other = "someone.else@example.org";
    subscribe(other, "north-ward");
    const answer = await oneClick(
      `/unsubscribe/${unsubscribeToken(emailKey(address), "all")}`,
      { Origin: "https://webmail.example.net" },
    );
    expect(answer.status).toBe(200);
    expect(rowsOf(address)).toEqual([]);
    // Control: another address's subscription is untouched.
    expect(rowsOf(other)).toEqual(["north-ward"]);
  });

  it("keeps the same-origin rule everywhere else, and answers a forged link with a 404", async () => {
    const address = "kept@example.org";
    subscribe(address, "north-ward");
    const token = unsubscribeToken(emailKey(address), "all");
    const crossSite = await fetch(`${server.url}/subscriptions/${token}`, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Origin: "https://evil.example",
      },
      body: "intent=stop-all",
    });
    expect(crossSite.status).toBe(403);
    expect(rowsOf(address)).toEqual(["north-ward"]);

    const forged = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    const refused = await oneClick(`/unsubscribe/${forged}`);
    expect(refused.status).toBe(404);
    expect(await refused.text()).not.toMatch(/at .*\.js:\d+/);
    expect(rowsOf(address)).toEqual(["north-ward"]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  setModerationPolicy,
  startServer,
  type RunningServer,
} from "../helpers/server";

// Every request here comes from 127.0.0.1; X-Forwarded-For claims another client each time.
const POST = "/posts/phone-and-courier-scams";

async function flood(server: RunningServer): Promise<number[]> {
  setModerationPolicy(server.databasePath, {
    floodLimit: 2,
    floodWindowSeconds: 600,
  });
  const statuses: number[] = [];
  for (let index = 1; index <= 3; index += 1) {
    const response = await fetch(server.url + POST, {
      method: "POST",
      headers: {
        Origin: server.url,
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Forwarded-For": `203.0.113.${index}`,
      },
      body: new URLSearchParams({
        intent: "comment",
        parentId: "",
        name: "",
        body: `Comment number ${index}`,
      }),
    });
    statuses.push(response.status);
  }
  return statuses;
}

describe("the client address behind a proxy", () => {
  let direct: RunningServer;
  let proxied: RunningServer;

  beforeAll(async () => {
    [direct, proxied] = await Promise.all([
      startServer(),
      startServer({ env: { TRUST_PROXY: "loopback" } }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([direct?.stop(), proxied?.stop()]);
  });

  it("ignores X-Forwarded-For unless a proxy is trusted: a forged header does not dodge the flood limit", async () => {
    expect(await flood(direct)).toEqual([200, 200, 422]);
  });

  it("reads the client from X-Forwarded-For when the proxy in front is trusted", async () => {
    expect(await flood(proxied)).toEqual([200, 200, 200]);
  });
});

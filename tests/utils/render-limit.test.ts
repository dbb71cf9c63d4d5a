import type { AddressInfo } from "node:net";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { limitConcurrentRenders } from "~/server/render-limit.server";

/** A server whose pages wait until the test lets each one finish. */
async function slowSite(max: number) {
  const started: string[] = [];
  const finishers = new Map<string, () => void>();
  const app = express();
  app.all("*", limitConcurrentRenders(max), (req, res) => {
    started.push(req.path);
    finishers.set(req.path, () => res.send(`page ${req.path}`));
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((ready) => server.once("listening", ready));
  const { port } = server.address() as AddressInfo;
  return {
    started,
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    finish: (path: string) => finishers.get(path)!(),
    close: () =>
      new Promise((closed) => {
        server.closeAllConnections();
        server.close(closed);
      }),
  };
}

let site: Awaited<ReturnType<typeof slowSite>> | undefined;
afterEach(async () => {
  await site?.close();
});

describe("limitConcurrentRenders", () => {
  it("lets only so many pages render at once; the next starts as one ends", async () => {
    site = await slowSite(2);
    const pages = ["/a", "/b", "/c", "/d"].map((path) =>
      fetch(site!.url(path)),
    );
    await expect.poll(() => site!.started.length).toBe(2);
    expect(site.started).toEqual(["/a", "/b"]);

    site.finish("/a");
    expect(await (await pages[0]!).text()).toBe("page /a");
    await expect.poll(() => site!.started).toEqual(["/a", "/b", "/c"]);

    for (const path of ["/b", "/c"]) site.finish(path);
    await expect.poll(() => site!.started.length).toBe(4);
    site.finish("/d");
    expect(
      await Promise.all(
        pages.slice(1).map(async (page) => (await page).text()),
      ),
    ).toEqual(["page /b", "page /c", "page /d"]);
  });

  it("does not hold back form posts", async () => {
    site = await slowSite(1);
    const page = fetch(site.url("/busy"));
    await expect.poll(() => site!.started).toEqual(["/busy"]);
    const post = fetch(site.url("/form"), { method: "POST" });
    await expect.poll(() => site!.started).toEqual(["/busy", "/form"]);
    site.finish("/form");
    site.finish("/busy");
    expect((await post).status).toBe(200);
    expect((await page).status).toBe(200);
  });

  it("gives the place of a reader who left the queue to the next one", async () => {
    site = await slowSite(1);
    const first = fetch(site.url("/first"));
    await expect.poll(() => site!.started).toEqual(["/first"]);
    const leaving = new AbortController();
    const abandoned = fetch(site.url("/abandoned"), {
      signal: leaving.signal,
    }).catch(() => "aborted");
    const third = fetch(site.url("/third"));
    leaving.abort();
    expect(await abandoned).toBe("aborted");
    site.finish("/first");
    await first;
    await expect.poll(() => site!.started).toEqual(["/first", "/third"]);
    site.finish("/third");
    expect((await third).status).toBe(200);
  });
});

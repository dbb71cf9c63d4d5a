import fs, { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express from "express";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { servePublicFiles } from "~/server/public-files.server";

let root: string;
let close: (() => Promise<unknown>) | undefined;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "lookout-public-"));
  writeFileSync(join(root, "favicon.svg"), "<svg></svg>");
  writeFileSync(join(root, "my icon.png"), "png");
  mkdirSync(join(root, "images"));
  writeFileSync(join(root, "images", "map.png"), "map");
});

afterEach(async () => {
  await close?.();
  close = undefined;
  vi.restoreAllMocks();
  rmSync(root, { recursive: true, force: true });
});

/** A site whose other paths are pages answered by name, behind the public files. */
async function site() {
  const app = express();
  app.use(servePublicFiles(root, { maxAge: "1h" }));
  app.use((req, res) => res.send(`page ${req.path}`));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((ready) => server.once("listening", ready));
  close = () =>
    new Promise((closed) => {
      server.closeAllConnections();
      server.close(closed);
    });
  const { port } = server.address() as AddressInfo;
  return (path: string) => fetch(`http://127.0.0.1:${port}${path}`);
}

describe("servePublicFiles", () => {
  it("serves the files and folders at the root by their names", async () => {
    const get = await site();
    const icon = await get("/favicon.svg");
    expect(icon.status).toBe(200);
    expect(icon.headers.get("cache-control")).toBe("public, max-age=3600");
    expect(await icon.text()).toBe("<svg></svg>");
    expect(await (await get("/images/map.png")).text()).toBe("map");
    expect(await (await get("/my%20icon.png")).text()).toBe("png");
  });

  it("sends every other path on to the pages without asking the file system", async () => {
    const get = await site();
    const stat = vi.spyOn(fs, "stat");
    expect(await (await get("/posts/street-watch")).text()).toBe(
      "page /posts/street-watch",
    );
    expect(await (await get("/")).text()).toBe("page /");
    expect(await (await get("/%E0%A4%A")).text()).toBe("page /%E0%A4%A");
    expect(stat).not.toHaveBeenCalled();
    // The control: a public file's answer does ask it.
    await (await get("/favicon.svg")).text();
    expect(stat).toHaveBeenCalled();
  });

  it("gives a missing file in a public folder to the pages, as before", async () => {
    const get = await site();
    expect(await (await get("/images/none.png")).text()).toBe(
      "page /images/none.png",
    );
  });
});

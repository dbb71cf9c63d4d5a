// A full disk as the built app answers it over HTTP, with JavaScript (the single-fetch `.data`
// request) and without (the page itself). The app's request handler runs in this process, so it
// shares the test's database connection (db() keeps it on globalThis), and capping that
// connection's max_page_count at the pages the database has makes the next write that needs
// a page fail with SQLITE_FULL, as a file system without room would.
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { syncContent } from "~/features/posts/content-sync.server";
import { commentFields } from "../helpers/comments";
import { REPO_ROOT } from "../helpers/server";
import { postFile, useTempSite } from "../helpers/temp-site";

const site = useTempSite();
const ORIGIN = "http://localhost";
let handle: (request: Request) => Promise<Response>;

function fillTheDisk(): void {
  const sqlite = site.db().$client;
  // Free pages left by a migration that rebuilt a table would take the write: none are kept.
  sqlite.exec("VACUUM");
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  const pages = sqlite.pragma("page_count", { simple: true });
  sqlite.pragma(`max_page_count = ${pages}`);
}

afterEach(() => {
  site.db().$client.pragma("max_page_count = 4294967294");
});

beforeAll(async () => {
  site.writeContent("posts/sheds.md", postFile({ title: "Sheds" }));
  syncContent(site.db(), site.contentDir);
  const build = (await import(
    pathToFileURL(join(REPO_ROOT, "build/server/index.js")).href
  )) as ServerBuild;
  const handler = createRequestHandler(build, "production");
  handle = (request) => handler(request, { clientAddress: "192.0.2.80" });
});

const bodyFor = (path: string) =>
  `Someone tried the shed doors on Elm Road (${path}). `.repeat(80);

function postTheForm(path: string): Promise<Response> {
  return handle(
    new Request(`${ORIGIN}${path}`, {
      method: "POST",
      headers: { Origin: ORIGIN, Host: "localhost" },
      body: new URLSearchParams(
        commentFields({ name: "Sam", body: bodyFor(path) }),
      ),
    }),
  );
}

describe.each([
  { mode: "with JavaScript", path: "/posts/sheds.data" },
  { mode: "without JavaScript", path: "/posts/sheds" },
])("a comment posted while the disk is full, $mode", ({ path }) => {
  it("answers 503 with Retry-After, saying why, with the text kept", async () => {
    fillTheDisk();
    const response = await postTheForm(path);
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toMatch(/^\d+$/);
    const text = await response.text();
    expect(text).toContain("cannot take comments right now");
    expect(text).toContain(bodyFor(path).slice(0, 80));
  });

  it("posts once there is room again (the control)", async () => {
    const response = await postTheForm(path);
    expect(response.status).toBe(200);
    expect(response.headers.get("Retry-After")).toBeNull();
    expect(await response.text()).toContain("Held for a moderator");
  });
});

describe("a search while the disk is full", () => {
  it("answers its page, saying it may miss the newest, where it had answered 500", async () => {
    const indexed = await handle(new Request(`${ORIGIN}/search?q=sheds`));
    expect(await indexed.text()).not.toContain("Search may miss");
    site.writeContent(
      "posts/bikes.md",
      postFile({ title: "Bike marking" }, "Mark your bike. ".repeat(3000)),
    );
    syncContent(site.db(), site.contentDir);
    fillTheDisk();
    const response = await handle(new Request(`${ORIGIN}/search?q=sheds`));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Search may miss the newest posts and comments");
    expect(html).toContain("Sheds");
  });
});

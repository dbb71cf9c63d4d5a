import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { syncContent } from "~/features/posts/content-sync.server";
import { postFile, useTempSite } from "../helpers/temp-site";

const site = useTempSite();

describe("the content sync beside a running server", () => {
  it("holds the write lock from its first read, so the server's writes wait instead of breaking it", () => {
    site.writeContent("posts/0-existing.md", postFile({ title: "Existing" }));
    syncContent(site.db(), site.contentDir);
    site.writeContent("posts/a-broken.md", "---\ntitle: [\n---\n");
    site.writeContent("posts/b-good.md", postFile({ title: "Good" }));
    // The server: another connection to the same file, which gives up at once when locked.
    const server = new Database(process.env.DATABASE_PATH!, { timeout: 0 });
    const serverWrites: string[] = [];

    // Reported inside the sync's transaction, after it read the posts and before it writes.
    const summary = syncContent(site.db(), site.contentDir, (event) => {
      if (event.kind !== "failed") return;
      try {
        server.exec("UPDATE posts SET updated_at = updated_at + 1");
        serverWrites.push("written");
      } catch (error) {
        serverWrites.push((error as { code?: string }).code ?? "error");
      }
    });
    server.close();

    expect(serverWrites).toEqual(["SQLITE_BUSY"]);
    expect(summary.added).toEqual(["posts/b-good.md"]);
    expect(summary.failed.map((problem) => problem.file)).toEqual([
      "posts/a-broken.md",
    ]);
  });
});

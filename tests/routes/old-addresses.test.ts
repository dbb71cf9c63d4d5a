import { beforeAll, describe, expect, it } from "vitest";
import { loader as homeLoader } from "~/routes/_index";
import { loader as anyLoader } from "~/routes/$";
import { loader as postLoader } from "~/routes/posts.$slug";
import { fixture, importFixture } from "../helpers/imports";
import { useTempSite } from "../helpers/temp-site";
import { loaderArgs as args, thrown, threadIn } from "../helpers/loaders";

const site = useTempSite();

beforeAll(async () => {
  await importFixture(site, fixture("blogger-classic-board.xml"));
  await importFixture(site, fixture("wxr-1.2-https.xml"));
});

describe("an imported blog's old addresses", () => {
  it.each([
    ["/2016/05/property-marking-scheme.html", "/posts/property-marking-scheme"],
    [
      "/2016/05/property-marking-scheme.html?m=1",
      "/posts/property-marking-scheme",
    ],
    ["/p/contact-us.html", "/posts/contact-us"],
    ["/2019/06/02/bike-marking-day/", "/posts/bike-marking-day?old=1"],
    ["/bike-marking-day/", "/posts/bike-marking-day?old=1"],
    ["/about/", "/posts/about"],
    // No fragment: the browser keeps the old link's ("#c2001"), which the page draws.
  ])("move %s permanently to %s", async (path, target) => {
    const response = await thrown(() => anyLoader(args(path)));
    expect(response.status).toBe(301);
    expect(response.headers.get("Location")).toBe(target);
  });

  it.each([
    // Its comments' old ids ("comment-1" …) are ids of Lookout's own comments too: at ?old=1
    // the old ones win (decision 065).
    ["/?p=101", "/posts/bike-marking-day?old=1"],
    ["/?page_id=2", "/posts/about"],
  ])("move WordPress's short link %s to %s", async (path, target) => {
    const response = await thrown(() => homeLoader(args(path)));
    expect(response.status).toBe(301);
    expect(response.headers.get("Location")).toBe(target);
  });

  it("move Blogger's link to a comment to that comment, and an unknown one to the post", async () => {
    // 2016-05-04T08:15:00Z, when the Anonymous comment was published: comment number 1.
    const shown = await thrown(() =>
      anyLoader(
        args("/2016/05/property-marking-scheme.html?showComment=1462349700000"),
      ),
    );
    expect(shown.status).toBe(301);
    expect(shown.headers.get("Location")).toBe(
      "/posts/property-marking-scheme/comments/1",
    );
    const unknown = await thrown(() =>
      anyLoader(
        args("/2016/05/property-marking-scheme.html?showComment=1462349700001"),
      ),
    );
    expect(unknown.headers.get("Location")).toBe(
      "/posts/property-marking-scheme",
    );
  });

  it("answer 404 for an address nobody had, and for a draft's", async () => {
    expect(
      (await thrown(() => anyLoader(args("/2016/05/never-written.html"))))
        .status,
    ).toBe(404);
    // winter-patrols is a draft: its old address must not reveal it.
    expect(
      (await thrown(() => anyLoader(args("/winter-patrols/")))).status,
    ).toBe(404);
    // Control: the home page with an unknown short link is still the home page.
    expect(homeLoader(args("/?p=999")).posts.length).toBeGreaterThan(0);
  });
});

describe("an imported post's old comment anchors", () => {
  const read = (path: string, slug: string) => postLoader(args(path, { slug }));
  const byNumber = async (path: string, slug: string) => {
    const thread = threadIn(await read(path, slug));
    const all: { number: number | null; old: string[]; own: boolean }[] = [];
    const walk = (nodes: typeof thread) => {
      for (const node of nodes) {
        all.push({
          number: node.comment.number,
          old: node.comment.oldAnchors,
          own: node.comment.ownAnchor,
        });
        walk(node.replies);
      }
    };
    walk(thread);
    return new Map(all.map((comment) => [comment.number, comment]));
  };

  it("draws Blogger's #c<id> beside each imported comment", async () => {
    const comments = await byNumber(
      "/posts/property-marking-scheme",
      "property-marking-scheme",
    );
    expect(comments.get(1)).toEqual({ number: 1, old: ["c2001"], own: true });
    expect(comments.get(2)).toEqual({ number: 2, old: ["c2002"], own: true });
  });

  it("gives a WordPress id that is also a Lookout number to Lookout, unless reached from an old address", async () => {
    const plain = await byNumber("/posts/bike-marking-day", "bike-marking-day");
    // WordPress's 9 (trashed there) is Lookout's 7; Lookout's 9 is WordPress's 11.
    expect(plain.get(7)).toEqual({ number: 7, old: [], own: true });
    // Ids past the post's numbers are drawn either way.
    expect(plain.get(8)).toEqual({ number: 8, old: ["comment-10"], own: true });
    expect(plain.get(9)).toEqual({ number: 9, old: ["comment-11"], own: true });
    const old = await byNumber(
      "/posts/bike-marking-day?old=1",
      "bike-marking-day",
    );
    // WordPress held its comment 7: no old id takes Lookout's 7.
    expect(old.get(7)).toEqual({ number: 7, old: ["comment-9"], own: true });
    // Lookout's 9 gives its id to WordPress's 9.
    expect(old.get(9)).toEqual({ number: 9, old: ["comment-11"], own: false });
    // WordPress's 5 is Lookout's 5: the same comment, one id.
    expect(old.get(5)).toEqual({ number: 5, old: ["comment-5"], own: false });
  });

  it("reads them in the same number of queries, with the thread", async () => {
    const statements: string[] = [];
    const sqlite = site.db().$client;
    const prepare = sqlite.prepare.bind(sqlite);
    sqlite.prepare = ((source: string) => {
      statements.push(source);
      return prepare(source);
    }) as typeof sqlite.prepare;
    const count = async (path: string, slug: string) => {
      statements.length = 0;
      await read(path, slug);
      return statements.length;
    };
    try {
      const blogger = await count(
        "/posts/property-marking-scheme",
        "property-marking-scheme",
      );
      const wordpress = await count(
        "/posts/bike-marking-day?old=1",
        "bike-marking-day",
      );
      // The control: a post without comments, so without old anchors.
      const none = await count("/posts/about", "about");
      expect(wordpress).toBe(blogger);
      expect(none).toBe(blogger);
    } finally {
      sqlite.prepare = prepare;
    }
  });
});

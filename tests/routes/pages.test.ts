import { beforeAll, describe, expect, it, vi } from "vitest";
import { loader as homeLoader } from "~/routes/_index";
import { loader as postLoader } from "~/routes/posts.$slug";
import { loader as tagLoader } from "~/routes/tags.$tag";
import { loader as areaLoader } from "~/routes/areas.$area";
import { loader as monthLoader } from "~/routes/archive.$year.$month";
import { loader as archiveLoader } from "~/routes/archive._index";
import { syncContent } from "~/features/posts/content-sync.server";
import { postFile, useTempSite } from "../helpers/temp-site";
import { loaderArgs as args, thrown } from "../helpers/loaders";

const site = useTempSite();

beforeAll(() => {
  site.writeContent("site.yml", "postsPerPage: 2\n");
  site.writeContent(
    "posts/oldest.md",
    postFile({
      title: "Oldest",
      date: "2025-11-02",
      tags: "[bikes]",
      area: "North Vale",
    }),
  );
  site.writeContent(
    "posts/middle.md",
    postFile({ title: "Middle", date: "2026-01-10", tags: "[bikes, scams]" }),
  );
  site.writeContent(
    "posts/newest.md",
    postFile({ title: "Newest", date: "2026-01-20", tags: "[scams]" }),
  );
  site.writeContent(
    "posts/withdrawn.md",
    postFile({ title: "Withdrawn", date: "2026-01-15" }),
  );
  syncContent(site.db(), site.contentDir);
  site.removeContent("posts/withdrawn.md");
  syncContent(site.db(), site.contentDir);
});

describe("home page", () => {
  it("lists published posts newest first, a page at a time", () => {
    const first = homeLoader(args("/"));
    expect(first.posts.map((post) => post.title)).toEqual(["Newest", "Middle"]);
    expect(first).toMatchObject({ page: 1, pageCount: 2, total: 3 });
    expect(first.posts[0]).toMatchObject({
      commentCount: 0,
      tags: [{ tag: "scams", tagSlug: "scams" }],
    });
    const second = homeLoader(args("/?page=2"));
    expect(second.posts.map((post) => post.title)).toEqual(["Oldest"]);
  });

  it.each(["/?page=3", "/?page=0", "/?page=abc", "/?page=1.5"])(
    "answers %s with a 404",
    async (path) => {
      expect((await thrown(() => homeLoader(args(path)))).status).toBe(404);
    },
  );

  it("reads the database in the same number of queries whatever the page holds", () => {
    const prepare = vi.spyOn(site.db().$client, "prepare");
    homeLoader(args("/?page=2"));
    const oneItem = prepare.mock.calls.length;
    prepare.mockClear();
    homeLoader(args("/"));
    expect(prepare.mock.calls.length).toBe(oneItem);
    prepare.mockRestore();
  });
});

describe("post page", () => {
  it("gives the post with its stored body and its neighbours in date order", async () => {
    const { post } = await postLoader(
      args("/posts/middle", { slug: "middle" }),
    );
    expect(post).toMatchObject({
      title: "Middle",
      date: "2026-01-10",
      author: "Margaret Okafor",
      area: "South Vale",
      previous: { slug: "oldest", title: "Oldest" },
      next: { slug: "newest", title: "Newest" },
    });
    expect(post.bodyHtml).toContain("<strong>words</strong>");
    expect(post.tags.map((tag) => tag.tag)).toEqual(["bikes", "scams"]);
  });

  it("has no neighbour past either end", async () => {
    const oldest = await postLoader(args("/posts/oldest", { slug: "oldest" }));
    expect(oldest.post.previous).toBeNull();
    const newest = await postLoader(args("/posts/newest", { slug: "newest" }));
    expect(newest.post.next).toBeNull();
  });

  it("orders posts of one date by when they were added, and skips none of them", async () => {
    for (const slug of ["same-day-a", "same-day-b", "same-day-c"])
      site.writeContent(
        `posts/${slug}.md`,
        postFile({ title: slug, date: "2026-01-15" }),
      );
    syncContent(site.db(), site.contentDir);
    const neighbours = async (slug: string) => {
      const { post } = await postLoader(args(`/posts/${slug}`, { slug }));
      return [post.previous?.slug, post.next?.slug];
    };
    try {
      expect(await neighbours("middle")).toEqual(["oldest", "same-day-a"]);
      expect(await neighbours("same-day-a")).toEqual(["middle", "same-day-b"]);
      expect(await neighbours("same-day-b")).toEqual([
        "same-day-a",
        "same-day-c",
      ]);
      expect(await neighbours("same-day-c")).toEqual(["same-day-b", "newest"]);
      expect(await neighbours("newest")).toEqual(["same-day-c", undefined]);
    } finally {
      for (const slug of ["same-day-a", "same-day-b", "same-day-c"])
        site.removeContent(`posts/${slug}.md`);
      syncContent(site.db(), site.contentDir);
    }
  });

  it.each(["no-such-post", "withdrawn"])(
    "answers %s with a 404",
    async (slug) => {
      const response = await thrown(() =>
        postLoader(args(`/posts/${slug}`, { slug })),
      );
      expect(response.status).toBe(404);
    },
  );
});

describe("tag, area and archive pages", () => {
  it("lists the posts of a tag", async () => {
    const page = await tagLoader(args("/tags/bikes", { tag: "bikes" }));
    expect(page.tag).toBe("bikes");
    expect(page.posts.map((post) => post.title)).toEqual(["Middle", "Oldest"]);
  });

  it("lists the posts of an area", async () => {
    const page = await areaLoader(
      args("/areas/north-vale", { area: "north-vale" }),
    );
    expect(page.area).toBe("North Vale");
    expect(page.posts.map((post) => post.title)).toEqual(["Oldest"]);
  });

  it("lists the posts of a month, with its name", () => {
    const page = monthLoader(
      args("/archive/2026/01", { year: "2026", month: "01" }),
    );
    expect(page.label).toBe("January 2026");
    expect(page.posts.map((post) => post.title)).toEqual(["Newest", "Middle"]);
  });

  it("lists months, tags and areas with counts, without unpublished posts", () => {
    const archive = archiveLoader();
    expect(archive.months).toEqual([
      { month: "2026-01", count: 2 },
      { month: "2025-11", count: 1 },
    ]);
    expect(archive.tags).toEqual([
      { tag: "bikes", tagSlug: "bikes", count: 2 },
      { tag: "scams", tagSlug: "scams", count: 2 },
    ]);
    expect(archive.areas.map((area) => [area.areaSlug, area.count])).toEqual([
      ["north-vale", 1],
      ["south-vale", 2],
    ]);
  });

  it.each([
    ["an unknown tag", () => tagLoader(args("/tags/x", { tag: "x" }))],
    [
      "a tag only on an unpublished post",
      () => tagLoader(args("/tags/home-security", { tag: "home-security" })),
    ],
    ["an unknown area", () => areaLoader(args("/areas/x", { area: "x" }))],
    [
      "a month with no posts",
      () =>
        monthLoader(args("/archive/2024/01", { year: "2024", month: "01" })),
    ],
    [
      "a month that does not exist",
      () =>
        monthLoader(args("/archive/2026/13", { year: "2026", month: "13" })),
    ],
    [
      "a malformed year",
      () => monthLoader(args("/archive/26/01", { year: "26", month: "01" })),
    ],
  ])("answers %s with a 404", async (_case, run) => {
    expect((await thrown(run)).status).toBe(404);
  });
});

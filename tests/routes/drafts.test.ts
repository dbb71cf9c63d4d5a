import { beforeAll, describe, expect, it, vi } from "vitest";
import { loader as homeLoader } from "~/routes/_index";
import { loader as postLoader } from "~/routes/posts.$slug";
import { loader as tagLoader } from "~/routes/tags.$tag";
import { loader as areaLoader } from "~/routes/areas.$area";
import { loader as archiveLoader } from "~/routes/archive._index";
import { loader as monthLoader } from "~/routes/archive.$year.$month";
import { loader as feedLoader } from "~/routes/feed[.xml]";
import { loader as sitemapLoader } from "~/routes/sitemap[.xml]";
import { loader as searchLoader } from "~/routes/search";
import { syncContent } from "~/features/posts/content-sync.server";
import { postFile, useTempSite } from "../helpers/temp-site";
import { loaderArgs as args, thrown } from "../helpers/loaders";

vi.hoisted(() => {
  process.env.SITE_URL = "https://lookout.example.org";
});

const site = useTempSite();
const sync = () => syncContent(site.db(), site.contentDir);

// The draft has its own tag, area and month, so any listing that leaks it shows it.
beforeAll(() => {
  site.writeContent(
    "posts/public.md",
    postFile({ title: "Public", date: "2026-01-10", tags: "[bikes]" }),
  );
  site.writeContent(
    "posts/unfinished.md",
    postFile(
      {
        title: "Unfinished",
        date: "2025-07-01",
        tags: "[secret-tag]",
        area: "Hidden Row",
        draft: "true",
      },
      "Zebracrossing words nobody may find yet.",
    ),
  );
  sync();
});

describe("a draft post", () => {
  it("answers 404 at its address, while a published post answers", async () => {
    const response = await thrown(() =>
      postLoader(args("/posts/unfinished", { slug: "unfinished" })),
    );
    expect(response.status).toBe(404);
    const published = await postLoader(
      args("/posts/public", { slug: "public" }),
    );
    expect(published.post.title).toBe("Public");
  });

  it("is in no listing", async () => {
    expect(homeLoader(args("/")).posts.map((post) => post.title)).toEqual([
      "Public",
    ]);
    expect(
      (
        await thrown(() =>
          tagLoader(args("/tags/secret-tag", { tag: "secret-tag" })),
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await thrown(() =>
          areaLoader(args("/areas/hidden-row", { area: "hidden-row" })),
        )
      ).status,
    ).toBe(404);
    expect(JSON.stringify(archiveLoader())).not.toContain("2025-07");
    expect(
      (
        await thrown(() =>
          monthLoader(args("/archive/2025/07", { year: "2025", month: "07" })),
        )
      ).status,
    ).toBe(404);
  });

  it("is in neither the feed nor the sitemap", async () => {
    const feed = await (await feedLoader()).text();
    expect(feed).toContain("Public");
    expect(feed).not.toContain("Unfinished");
    const sitemap = await sitemapLoader().text();
    expect(sitemap).toContain("/posts/public");
    expect(sitemap).not.toContain("/posts/unfinished");
    expect(sitemap).not.toContain("secret-tag");
  });

  it("is not found by search", () => {
    const found = searchLoader(args("/search?q=zebracrossing"));
    expect(found.outcome.kind).toBe("nothing");
    const control = searchLoader(args("/search?q=words"));
    expect(control.outcome.kind).toBe("results");
  });

  it("is published when its draft field goes, and hidden again when it comes back", async () => {
    site.writeContent(
      "posts/unfinished.md",
      postFile({ title: "Unfinished", date: "2025-07-01" }),
    );
    expect(sync().updated).toEqual(["posts/unfinished.md"]);
    const { post } = await postLoader(
      args("/posts/unfinished", { slug: "unfinished" }),
    );
    expect(post.title).toBe("Unfinished");

    site.writeContent(
      "posts/unfinished.md",
      postFile({ title: "Unfinished", date: "2025-07-01", draft: "true" }),
    );
    expect(sync().updated).toEqual(["posts/unfinished.md"]);
    expect(
      (
        await thrown(() =>
          postLoader(args("/posts/unfinished", { slug: "unfinished" })),
        )
      ).status,
    ).toBe(404);
  });
});

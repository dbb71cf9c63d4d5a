import { beforeAll, describe, expect, it } from "vitest";
import { loader as homeLoader } from "~/routes/_index";
import { loader as anyLoader } from "~/routes/$";
import { fixture, importFixture } from "../helpers/imports";
import { useTempSite } from "../helpers/temp-site";
import { loaderArgs as args, thrown } from "../helpers/loaders";

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

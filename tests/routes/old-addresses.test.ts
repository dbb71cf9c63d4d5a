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
    [
      "/2016/05/property-marking-scheme.html",
      "/posts/property-marking-scheme#main",
    ],
    [
      "/2016/05/property-marking-scheme.html?m=1",
      "/posts/property-marking-scheme#main",
    ],
    ["/p/contact-us.html", "/posts/contact-us#main"],
    ["/2019/06/02/bike-marking-day/", "/posts/bike-marking-day#main"],
    ["/bike-marking-day/", "/posts/bike-marking-day#main"],
    ["/about/", "/posts/about#main"],
  ])("move %s permanently to %s", async (path, target) => {
    const response = await thrown(() => anyLoader(args(path)));
    expect(response.status).toBe(301);
    expect(response.headers.get("Location")).toBe(target);
  });

  it.each([
    ["/?p=101", "/posts/bike-marking-day#main"],
    ["/?page_id=2", "/posts/about#main"],
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
      "/posts/property-marking-scheme#main",
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

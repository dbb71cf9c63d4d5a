import { describe, expect, it } from "vitest";
import {
  loadedAddresses,
  median,
  stylesheetAddresses,
  withoutScripts,
} from "./static-copy";

const PAGE = `<!DOCTYPE html><html><head>
<link rel="modulepreload" href="/assets/manifest-1.js"/>
<link rel="stylesheet" href="/assets/root-2.css"/>
<link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
<link rel="alternate" type="application/atom+xml" href="/feed.xml"/>
<link rel="canonical" href="https://example.org/posts/a"/>
<script type="application/ld+json">{"@type":"Article"}</script>
</head><body><main><p>Kept</p><img src="/images/map.png" alt=""><img src="https://elsewhere.example/x.png" alt=""></main>
<script nonce="abc">window.__remixContext = {"state":{}};</script>
<script type="module" async="" nonce="abc">import "/assets/entry-3.js";</script>
<script src="/assets/other.js"></script>
</body></html>`;

describe("a page's static copy", () => {
  it("removes scripts and module preloads, keeping the page and its structured data", () => {
    const copy = withoutScripts(PAGE);
    expect(copy).not.toMatch(/__remixContext|entry-3|other\.js|modulepreload/);
    expect(copy).toContain('<script type="application/ld+json">');
    expect(copy).toContain("<p>Kept</p>");
    expect(copy).toContain(
      '<link rel="stylesheet" href="/assets/root-2.css"/>',
    );
  });

  it("loads the same stylesheet, icon and images from the page's own site, and nothing it only links to", () => {
    expect(loadedAddresses(PAGE).sort()).toEqual([
      "/assets/root-2.css",
      "/favicon.svg",
      "/images/map.png",
    ]);
  });

  it("follows what a stylesheet loads on the same site", () => {
    expect(
      stylesheetAddresses(
        `a{background:url("/assets/a.svg")} b{background:url(/assets/b.png)} c{background:url(data:image/png;base64,AA)} d{background:url(//cdn.example/x.png)}`,
      ).sort(),
    ).toEqual(["/assets/a.svg", "/assets/b.png"]);
  });

  it.each([
    [[97, 93, 99, 95, 96], 96],
    [[90], 90],
    [[1, 2, 3, 4], 2],
  ])("takes the median of %j as %d", (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});

import { createRequire } from "node:module";
import type { AgnosticRouteObject, matchRoutes } from "@remix-run/router";
import { describe, expect, it } from "vitest";

// The server loads the router's CommonJS build, the one app/server/patches changes.
const router = createRequire(import.meta.url)("@remix-run/router") as {
  matchRoutes: typeof matchRoutes;
};

/** A route tree that counts how often its paths are read: a flattening reads every one. */
function countedRoutes(under = ""): {
  routes: AgnosticRouteObject[];
  reads: () => number;
} {
  let reads = 0;
  const route = (id: string, path: string): AgnosticRouteObject => ({
    id,
    get path() {
      reads += 1;
      return path;
    },
  });
  const routes = [
    {
      id: "root",
      path: under,
      children: [
        route("post", "posts/:slug"),
        route("tag", "tags/:tag"),
        route("search", "search"),
      ],
    },
  ];
  return { routes, reads: () => reads };
}

describe("matching a request's address to the server's routes", () => {
  it("flattens and ranks a route tree once, however many addresses are matched against it", () => {
    const { routes, reads } = countedRoutes();
    const first = router.matchRoutes(routes, "/posts/bins");
    expect(first?.at(-1)?.route.id).toBe("post");
    expect(first?.at(-1)?.params).toEqual({ slug: "bins" });
    const afterFirst = reads();
    expect(afterFirst).toBeGreaterThan(0);

    expect(router.matchRoutes(routes, "/tags/parking")?.at(-1)?.route.id).toBe(
      "tag",
    );
    expect(router.matchRoutes(routes, "/search")?.at(-1)?.route.id).toBe(
      "search",
    );
    expect(router.matchRoutes(routes, "/nowhere")).toBeNull();
    expect(reads()).toBe(afterFirst);
  });

  it("compiles each route's pattern once, not on each try of each match", () => {
    // Addresses of their own: the patterns of the other tests' trees are compiled already.
    const { routes } = countedRoutes("compiled");
    const NativeRegExp = globalThis.RegExp;
    let compiled = 0;
    // Counts the regular expressions the router builds while it matches.
    globalThis.RegExp = new Proxy(NativeRegExp, {
      construct(target, args: [string, string?]) {
        compiled += 1;
        return new target(...args);
      },
    });
    try {
      router.matchRoutes(routes, "/compiled/search");
      router.matchRoutes(routes, "/compiled/tags/x");
      router.matchRoutes(routes, "/compiled/posts/y");
      const afterEachOnce = compiled;
      expect(afterEachOnce).toBeGreaterThan(0);
      expect(
        router.matchRoutes(routes, "/compiled/tags/z")?.at(-1)?.params,
      ).toEqual({ tag: "z" });
      router.matchRoutes(routes, "/compiled/search");
      router.matchRoutes(routes, "/compiled/posts/w");
      expect(compiled).toBe(afterEachOnce);
    } finally {
      globalThis.RegExp = NativeRegExp;
    }
  });

  it("tries, for an address matched before, only the branch that matched it", () => {
    const { routes } = countedRoutes("tried");
    const nativeMatch = String.prototype.match;
    let tries = 0;
    // The router tries each route of a branch with String#match: counted while it matches.
    const triesOf = (address: string) => {
      tries = 0;
      String.prototype.match = function (
        this: string,
        ...args: Parameters<typeof nativeMatch>
      ) {
        tries += 1;
        return nativeMatch.apply(this, args);
      } as typeof nativeMatch;
      try {
        return { matches: router.matchRoutes(routes, address), tries };
      } finally {
        String.prototype.match = nativeMatch;
      }
    };
    // "search" ranks below the two routes with two segments, so they are tried first.
    const first = triesOf("/tried/search");
    const again = triesOf("/tried/search");
    expect(first.tries).toBeGreaterThan(2);
    // The root's route, then search's.
    expect(again.tries).toBe(2);
    expect(again.matches).toEqual(first.matches);
    // Fresh objects each time: a caller that changes its matches changes no one else's.
    expect(again.matches).not.toBe(first.matches);
    expect(again.matches?.at(-1)).not.toBe(first.matches?.at(-1));

    expect(triesOf("/tried/nowhere").matches).toBeNull();
    expect(triesOf("/tried/nowhere")).toEqual({ matches: null, tries: 0 });
    // An address not matched before is tried against every branch it must be.
    const tag = triesOf("/tried/tags/bins");
    expect(tag.tries).toBeGreaterThan(2);
    expect(tag.matches?.at(-1)?.params).toEqual({ tag: "bins" });

    // Any address can be asked for: what is remembered is bounded, and starts again when full.
    for (let index = 0; index < 10_000; index += 1)
      router.matchRoutes(routes, `/tried/nowhere-${index}`);
    expect(triesOf("/tried/search").tries).toBe(first.tries);
    // And a long address is not remembered at all.
    const long = `/tried/tags/${"a".repeat(600)}`;
    expect(triesOf(long).tries).toBe(tag.tries);
    expect(triesOf(long).tries).toBe(tag.tries);
  });

  it("flattens another tree of its own: trees are kept apart", () => {
    const one = countedRoutes();
    const other = countedRoutes();
    router.matchRoutes(one.routes, "/search");
    expect(other.reads()).toBe(0);
    expect(router.matchRoutes(other.routes, "/tags/x")?.at(-1)?.route.id).toBe(
      "tag",
    );
    expect(other.reads()).toBeGreaterThan(0);
  });
});

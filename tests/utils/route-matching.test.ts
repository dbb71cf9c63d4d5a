import { createRequire } from "node:module";
import type { AgnosticRouteObject, matchRoutes } from "@remix-run/router";
import { describe, expect, it } from "vitest";

// The server loads the router's CommonJS build, the one app/server/patches changes.
const router = createRequire(import.meta.url)("@remix-run/router") as {
  matchRoutes: typeof matchRoutes;
};

/** A route tree that counts how often its paths are read: a flattening reads every one. */
function countedRoutes(): {
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
      path: "",
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

import { createRequire } from "node:module";
import { afterEach, describe, expect, it, vi } from "vitest";

// The CommonJS builds the server loads, the ones app/server/patches changes.
const require = createRequire(import.meta.url);
const { RemixServer } = require("@remix-run/react/dist/server.js") as {
  RemixServer: (props: { context: unknown; url: string }) => unknown;
};
const remixRoutes = require("@remix-run/react/dist/routes.js") as {
  createServerRoutes: (...args: unknown[]) => unknown;
};
const router = require("@remix-run/router") as {
  UNSAFE_convertRoutesToDataRoutes: (...args: unknown[]) => unknown;
};

/** What a build gives every request: its manifest's routes, and one module per route. */
function aBuild() {
  const component = () => null;
  return {
    manifestRoutes: {
      root: { id: "root", path: "", module: "/root.js", hasLoader: false },
      "routes/posts.$slug": {
        id: "routes/posts.$slug",
        parentId: "root",
        path: "posts/:slug",
        module: "/post.js",
        hasLoader: true,
      },
    },
    modules: {
      root: { default: component },
      "routes/posts.$slug": { default: component },
    } as Record<string, { default: () => null }>,
    future: { v3_singleFetch: true },
  };
}

/** A render's context as the request handler makes it: a routeModules object of its own. */
function contextFor(build: ReturnType<typeof aBuild>) {
  return {
    manifest: { routes: build.manifestRoutes },
    routeModules: { ...build.modules },
    future: build.future,
    isSpaMode: false,
    staticHandlerContext: {
      basename: "/",
      location: { pathname: "/posts/bins", search: "", hash: "" },
      matches: [],
      loaderData: {},
      actionData: null,
      errors: null,
    },
  };
}

afterEach(() => vi.restoreAllMocks());

describe("the routes a page is rendered with", () => {
  it("are made once per build, not on each render", () => {
    const made = vi.spyOn(remixRoutes, "createServerRoutes");
    const converted = vi.spyOn(router, "UNSAFE_convertRoutesToDataRoutes");
    const build = aBuild();
    for (let render = 0; render < 3; render += 1)
      RemixServer({
        context: contextFor(build),
        url: "http://x.test/posts/bins",
      });
    expect(made).toHaveBeenCalledTimes(1);
    expect(converted).toHaveBeenCalledTimes(1);

    // Another build (a development server's reload) gets its own.
    RemixServer({ context: contextFor(aBuild()), url: "http://x.test/" });
    expect(made).toHaveBeenCalledTimes(2);
    expect(converted).toHaveBeenCalledTimes(2);
  });

  it("are made again when a route's module changes under the same manifest", () => {
    const made = vi.spyOn(remixRoutes, "createServerRoutes");
    const build = aBuild();
    RemixServer({ context: contextFor(build), url: "http://x.test/" });
    RemixServer({ context: contextFor(build), url: "http://x.test/" });
    expect(made).toHaveBeenCalledTimes(1);
    const changed = { default: () => null };
    build.modules["routes/posts.$slug"] = changed;
    RemixServer({ context: contextFor(build), url: "http://x.test/" });
    expect(made).toHaveBeenCalledTimes(2);
    // Made from the changed module.
    expect(
      (made.mock.calls[1]![1] as Record<string, unknown>)["routes/posts.$slug"],
    ).toBe(changed);
    RemixServer({ context: contextFor(build), url: "http://x.test/" });
    expect(made).toHaveBeenCalledTimes(2);
  });
});

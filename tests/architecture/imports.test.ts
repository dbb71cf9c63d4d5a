import { describe, expect, it } from "vitest";
import {
  importsOf,
  readTree,
  repositoryRoot,
  violationsOf,
} from "./import-rule";

// The layer order of docs/architecture.md, checked on every import of app/ as written today.
describe("the import rule", () => {
  it("holds for every file in app/", () => {
    const { files, edges } = readTree(repositoryRoot);
    expect(violationsOf(files, edges)).toEqual([]);
  });
});

// The checker itself, on small planted trees: each wrong arrow is named, and its control passes.
describe("what the import rule catches", () => {
  const files: Record<string, string> = {
    "app/domain/dates.ts": "export const day = 1;",
    "app/platform/db.server.ts": 'import { day } from "../domain/dates";',
    "app/features/posts/post.server.ts":
      'import { db } from "~/platform/db.server";',
    "app/features/feeds/feed.server.ts":
      'import { posts } from "../posts/post.server";',
    "app/ui/post-list.tsx":
      'import type { Post } from "~/features/posts/post.server";',
    "app/routes/_index.tsx": 'import { PostList } from "~/ui/post-list";',
  };
  const check = (extra: Record<string, string>) => {
    const tree = { ...files, ...extra };
    const exists = (path: string) => path in tree;
    return violationsOf(
      Object.keys(tree),
      Object.entries(tree).flatMap(([path, text]) =>
        importsOf(path, text, exists),
      ),
    );
  };

  it("passes a tree that keeps the rule", () => {
    expect(check({})).toEqual([]);
  });

  it.each([
    [
      "domain importing app code",
      { "app/domain/slug.ts": 'import { db } from "~/platform/db.server";' },
      'app/domain/slug.ts imports "~/platform/db.server": domain may import nothing of app/, not platform',
    ],
    [
      "platform importing a feature",
      {
        "app/platform/log.server.ts":
          'export { posts } from "../features/posts/post.server";',
      },
      'app/platform/log.server.ts imports "../features/posts/post.server": platform may import domain, not features',
    ],
    [
      "ui importing a feature's code, not only its types",
      {
        "app/ui/post-list.tsx":
          'import { posts } from "~/features/posts/post.server";',
      },
      'app/ui/post-list.tsx imports "~/features/posts/post.server": ui may import domain (and types from features), not features',
    ],
    [
      "a feature importing a component",
      {
        "app/features/posts/list.server.ts":
          'const list = await import("~/ui/post-list");',
      },
      'app/features/posts/list.server.ts imports "~/ui/post-list": features may import domain, platform, not ui',
    ],
    [
      "the command line importing the Express pipeline",
      {
        "app/server/startup.server.ts": "export const start = 1;",
        "app/cli/run.server.ts":
          'import { start } from "../server/startup.server";',
      },
      'app/cli/run.server.ts imports "../server/startup.server": cli may import features, platform, domain, not server',
    ],
    [
      "a file outside every layer",
      { "app/helpers/meta.ts": "export const title = 1;" },
      "app/helpers/meta.ts belongs to no layer of app/",
    ],
  ])("names %s", (_, extra, problem) => {
    expect(check(extra)).toEqual([problem]);
  });

  it("names a cycle between two files of a layer", () => {
    expect(
      check({
        "app/domain/dates.ts": 'import { slug } from "./slug";',
        "app/domain/slug.ts": 'import { day } from "./dates";',
      }),
    ).toEqual([
      "import cycle: app/domain/dates.ts -> app/domain/slug.ts -> app/domain/dates.ts",
    ]);
  });

  it("names two capabilities that import each other, with the imports that close the loop", () => {
    expect(
      check({
        "app/features/posts/listing.server.ts":
          'import { feed } from "~/features/feeds/feed.server";',
      }),
    ).toEqual([
      'capabilities import each other: features/feeds -> features/posts -> features/feeds (app/features/feeds/feed.server.ts imports "../posts/post.server"; app/features/posts/listing.server.ts imports "~/features/feeds/feed.server")',
    ]);
  });
});

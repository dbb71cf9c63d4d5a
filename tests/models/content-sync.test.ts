import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { posts, postTags } from "../../db/schema";
import { getSiteSettings } from "~/features/posts/site-settings.server";
import { syncContent } from "~/features/posts/content-sync.server";
import { postFile, useTempSite } from "../helpers/temp-site";
import { REPO_ROOT } from "../helpers/server";

const site = useTempSite();
const sync = () => syncContent(site.db(), site.contentDir);
const postRow = (slug: string) =>
  site.db().select().from(posts).where(eq(posts.slug, slug)).get();

describe("content sync", () => {
  beforeEach(() => {
    site.db().delete(posts).run();
    site.clearContent();
  });

  it("adds new posts with their rendered body and tags", () => {
    site.writeContent(
      "posts/shed-security.md",
      postFile({}, "## Padlocks\n\n<script>x()</script>Use one."),
    );
    const summary = sync();
    expect(summary.added).toEqual(["posts/shed-security.md"]);
    const row = postRow("shed-security")!;
    expect(row).toMatchObject({
      title: "A post about sheds",
      area: "South Vale",
      areaSlug: "south-vale",
      status: "published",
    });
    expect(row.bodyHtml).toContain('<h2 id="padlocks">Padlocks</h2>');
    expect(row.bodyHtml).not.toContain("<script");
    const tags = site
      .db()
      .select()
      .from(postTags)
      .where(eq(postTags.postId, row.id))
      .orderBy(postTags.position)
      .all();
    expect(tags.map((tag) => [tag.tagSlug, tag.position])).toEqual([
      ["home-security", 0],
      ["burglary", 1],
    ]);
  });

  it("gives two files with the same bytes each the address of its own name", () => {
    site.writeContent("posts/sheds.md", postFile());
    site.writeContent("posts/sheds-copy.md", postFile());
    const summary = sync();
    expect(summary.failed).toEqual([]);
    expect(summary.added).toEqual(["posts/sheds-copy.md", "posts/sheds.md"]);
    expect(postRow("sheds-copy")?.sourcePath).toBe("posts/sheds-copy.md");
    expect(postRow("sheds")?.sourcePath).toBe("posts/sheds.md");
  });

  it.each([
    ["its file's name", "posts/preview.md", {}],
    ["its slug field", "posts/a-shed.md", { slug: "images" }],
  ])(
    "warns when a post's address, from %s, is one of the writing desk's own pages, and still publishes it",
    (_, file, fields: { slug?: string }) => {
      const slug = fields.slug ?? "preview";
      site.writeContent(file, postFile(fields));
      site.writeContent("posts/sheds.md", postFile());
      const summary = sync();
      expect(summary.added).toEqual([file, "posts/sheds.md"].sort());
      expect(postRow(slug)?.status).toBe("published");
      // The control: an ordinary address gets no warning.
      expect(summary.warnings).toEqual([
        {
          file,
          line: 1,
          message: `the address ${slug} is the writing desk's page /write/${slug}, so the desk cannot open this post (readers can): give it a slug of its own`,
        },
      ]);
    },
  );

  it("warns, with the file and line, about a local image that is not there, and still publishes the post", () => {
    site.writeContent("posts/images/here.svg", "<svg/>");
    site.writeContent(
      "posts/pictures.md",
      postFile(
        {},
        [
          "Intro.", // file line 9, after the 7 lines of front matter and its fences
          "",
          "![A shed lock](images/shed-lock.svg)",
          "![Here](images/here.svg) ![Far](https://example.org/x.png)",
          "",
          "```",
          "![Only an example](images/in-code.svg)",
          "```",
          "![Outside](../../secret.svg)",
        ].join("\n"),
      ),
    );
    const summary = sync();
    expect(summary.added).toEqual(["posts/pictures.md"]);
    expect(summary.failed).toEqual([]);
    expect(summary.warnings).toEqual([
      {
        file: "posts/pictures.md",
        line: 11,
        message:
          "image images/shed-lock.svg is not in posts/ (it would show as a broken image)",
      },
      {
        file: "posts/pictures.md",
        line: 17,
        message:
          "image ../../secret.svg is not in posts/ (it would show as a broken image)",
      },
    ]);
    expect(postRow("pictures")!.status).toBe("published");
  });

  it("syncs the README's example post, copied as it is, without a warning", () => {
    const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
    const example = /## Writing a post[\s\S]*?```markdown\n([\s\S]*?)```/.exec(
      readme,
    )?.[1];
    expect(example).toContain("](images/");
    // The images the example uses are the ones shipped in content/posts/images/.
    for (const image of readdirSync(join(REPO_ROOT, "content/posts/images"))) {
      site.writeContent(
        `posts/images/${image}`,
        readFileSync(join(REPO_ROOT, "content/posts/images", image), "utf8"),
      );
    }
    site.writeContent("posts/example.md", example!);
    const summary = sync();
    expect(summary).toMatchObject({ added: ["posts/example.md"], failed: [] });
    expect(summary.warnings).toEqual([]);
  });

  it("is idempotent: a second run changes nothing", () => {
    site.writeContent("posts/a.md", postFile());
    site.writeContent("posts/b.md", postFile({ title: "B" }));
    sync();
    const before = postRow("a")!;
    const summary = sync();
    expect(summary).toMatchObject({
      added: [],
      updated: [],
      unchanged: 2,
      unpublished: [],
      failed: [],
    });
    expect(postRow("a")!.updatedAt).toEqual(before.updatedAt);
  });

  it("keeps a draft as a draft, unchanged on a second run, and unpublishes it when its file goes", () => {
    site.writeContent("posts/draft.md", postFile({ draft: "true" }));
    site.writeContent("posts/live.md", postFile({ draft: "false" }));
    expect(sync().added).toEqual(["posts/draft.md", "posts/live.md"]);
    expect(postRow("draft")!.status).toBe("draft");
    expect(postRow("live")!.status).toBe("published");
    expect(sync()).toMatchObject({ added: [], updated: [], unchanged: 2 });
    site.removeContent("posts/draft.md");
    expect(sync().unpublished).toEqual(["posts/draft.md"]);
    expect(postRow("draft")!.status).toBe("unpublished");
  });

  it("updates a changed file in place, keeping the post's id", () => {
    site.writeContent("posts/a.md", postFile());
    sync();
    const { id } = postRow("a")!;
    site.writeContent(
      "posts/a.md",
      postFile({ title: "Sheds, revised", tags: "[bikes]" }),
    );
    const summary = sync();
    expect(summary.updated).toEqual(["posts/a.md"]);
    expect(postRow("a")).toMatchObject({ id, title: "Sheds, revised" });
    const tags = site
      .db()
      .select()
      .from(postTags)
      .where(eq(postTags.postId, id))
      .all();
    expect(tags.map((tag) => tag.tagSlug)).toEqual(["bikes"]);
  });

  it("unpublishes the post of a removed file and keeps its row for its comments", () => {
    site.writeContent("posts/a.md", postFile());
    sync();
    const { id } = postRow("a")!;
    site.removeContent("posts/a.md");
    const summary = sync();
    expect(summary.unpublished).toEqual(["posts/a.md"]);
    expect(postRow("a")).toMatchObject({ id, status: "unpublished" });

    site.writeContent("posts/a.md", postFile());
    expect(sync().updated).toEqual(["posts/a.md"]);
    expect(postRow("a")).toMatchObject({ id, status: "published" });
  });

  it("keeps a post's identity when its file is renamed with the same slug", () => {
    site.writeContent("posts/old-name.md", postFile({ slug: "stable-url" }));
    sync();
    const { id } = postRow("stable-url")!;
    site.removeContent("posts/old-name.md");
    site.writeContent("posts/new-name.md", postFile({ slug: "stable-url" }));
    const summary = sync();
    expect(summary).toMatchObject({
      updated: ["posts/new-name.md"],
      unpublished: [],
    });
    expect(postRow("stable-url")).toMatchObject({
      id,
      sourcePath: "posts/new-name.md",
      status: "published",
    });
  });

  it("reports a malformed file with its line and still loads the others", () => {
    site.writeContent("posts/good.md", postFile());
    site.writeContent("posts/bad.md", postFile({ date: "2026-02-30" }));
    const summary = sync();
    expect(summary.added).toEqual(["posts/good.md"]);
    expect(summary.failed).toEqual([
      {
        file: "posts/bad.md",
        line: 3,
        message: "date must be a real date written YYYY-MM-DD",
      },
    ]);
    expect(postRow("bad")).toBeUndefined();
  });

  it("reports every bad file with its path and goes on with the others", () => {
    site.writeContent("posts/a-good.md", postFile({ title: "First" }));
    site.writeContent(
      "posts/alias-bomb.md",
      postFile({
        summary: '&a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        tags: "&b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
        area: "&c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
        slug: "[*c,*c,*c,*c,*c,*c,*c,*c,*c]",
      }),
    );
    mkdirSync(join(site.contentDir, "posts/folder.md"));
    site.writeContent("posts/z-good.md", postFile({ title: "Last" }));
    const summary = sync();
    expect(summary.added).toEqual(["posts/a-good.md", "posts/z-good.md"]);
    expect(summary.failed).toEqual([
      {
        file: "posts/alias-bomb.md",
        line: 6,
        message:
          "front matter is using a YAML alias (*name): write the value out instead",
      },
      {
        file: "posts/folder.md",
        line: 1,
        message: "is a folder, not a post file",
      },
    ]);
  });

  it("reports a site.yml that cannot be read and goes on with the posts", () => {
    mkdirSync(join(site.contentDir, "site.yml"));
    site.writeContent("posts/a.md", postFile());
    const summary = sync();
    expect(summary.failed).toEqual([
      { file: "site.yml", line: 1, message: "cannot be read (EISDIR)" },
    ]);
    expect(summary.added).toEqual(["posts/a.md"]);
  });

  it("publishes a post nested deeper than Markdown allows, flattened", () => {
    site.writeContent(
      "posts/deep.md",
      postFile({}, `${">".repeat(1800)} the end`),
    );
    expect(sync()).toMatchObject({ added: ["posts/deep.md"], failed: [] });
    expect(postRow("deep")!.bodyHtml).toContain("the end");
  });

  it("keeps the last good version online while a broken edit is fixed", () => {
    site.writeContent("posts/a.md", postFile({ title: "Good title" }));
    sync();
    site.writeContent("posts/a.md", postFile({ title: undefined }));
    const summary = sync();
    expect(summary.failed).toMatchObject([
      { file: "posts/a.md", message: "title is missing" },
    ]);
    expect(summary.unpublished).toEqual([]);
    expect(postRow("a")).toMatchObject({
      title: "Good title",
      status: "published",
    });
  });

  it("refuses a second file with a slug already in use, naming the first", () => {
    site.writeContent("posts/first.md", postFile({ slug: "same" }));
    sync();
    // Sorts before first.md, yet must not take over the existing post.
    site.writeContent(
      "posts/a-copy.md",
      postFile({ slug: "same", title: "Copy" }),
    );
    const summary = sync();
    expect(summary.failed).toEqual([
      {
        file: "posts/a-copy.md",
        line: 1,
        message: 'duplicate slug "same": posts/first.md already uses it',
      },
    ]);
    expect(postRow("same")).toMatchObject({
      sourcePath: "posts/first.md",
      title: "A post about sheds",
    });
  });

  it("rejects a file that is not UTF-8", () => {
    site.writeContent("posts/latin1.md", postFile());
    site.writeContent(
      "posts/latin1.md",
      Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xe9, 0x0a]) as unknown as string,
    );
    expect(sync().failed).toEqual([
      {
        file: "posts/latin1.md",
        line: 1,
        message: "the file is not valid UTF-8",
      },
    ]);
  });

  it("reads site settings from site.yml and keeps the last good ones on an error", () => {
    // Read once before, as a running server has: the change must still show.
    expect(getSiteSettings().name).toBe("Lookout");
    site.writeContent(
      "site.yml",
      "name: Elmbridge Vale Watch\npostsPerPage: 5\n",
    );
    sync();
    expect(getSiteSettings()).toMatchObject({
      name: "Elmbridge Vale Watch",
      postsPerPage: 5,
    });
    site.writeContent(
      "site.yml",
      "name: Elmbridge Vale Watch\npostsPerPage: 7\n",
    );
    sync();
    expect(getSiteSettings().postsPerPage).toBe(7);
    site.writeContent(
      "site.yml",
      "name: Elmbridge Vale Watch\npostsPerPage: 5\n",
    );
    sync();
    site.writeContent(
      "site.yml",
      "name: Elmbridge Vale Watch\npostsPerPage: lots\n",
    );
    expect(sync().failed).toMatchObject([{ file: "site.yml", line: 2 }]);
    expect(getSiteSettings().postsPerPage).toBe(5);
    site.writeContent("site.yml", "name: &a Watch\ntagline: *a\n");
    expect(sync().failed).toMatchObject([
      { file: "site.yml", line: 2, message: expect.stringContaining("alias") },
    ]);
  });
});

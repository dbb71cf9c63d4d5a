import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "~/domain/moderation-policy";
import { savePolicySettings } from "~/features/moderation/policy.server";
import PostPage, { loader } from "~/routes/posts.$slug";
import { syncContent } from "~/features/posts/content-sync.server";
import { publishComment } from "../helpers/comments";
import { loaderArgs } from "../helpers/loaders";
import { renderRoute } from "../helpers/render";
import { postFile, useTempSite } from "../helpers/temp-site";

const site = useTempSite();
const ids: number[] = [];
const cookies: (string | null)[] = [];

async function publish(name: string, body: string, parent?: number) {
  const { id, cookie } = await publishComment("deep", name, body, parent);
  ids.push(id);
  cookies.push(cookie);
}

/** The post page as a browser without JavaScript gets it, with this browser's cookie if any. */
async function pageHtml(query = "", cookie: string | null = null) {
  const path = `/posts/deep${query}`;
  const args = loaderArgs(path, { slug: "deep" });
  if (cookie) args.request.headers.set("Cookie", cookie);
  const data = await loader(args);
  return renderRoute(PostPage, path, data);
}

beforeAll(async () => {
  site.writeContent("posts/deep.md", postFile({ title: "Deep" }));
  syncContent(site.db(), site.contentDir);
  savePolicySettings(
    { ...DEFAULT_POLICY, named: "publish", maxDepth: 1 },
    new Date(),
  );
  await publish("Asha", "Has anyone seen the lost cat?");
  await publish("Ben", "I think so, by the shops.", ids[0]);
  await publish("Cleo", "Which shops, Ben?", ids[1]);
});

describe("a reply past the depth limit", () => {
  it("says whom it answers, with a link to that comment", async () => {
    const html = await pageHtml();
    expect(html).toContain(
      '<p class="replying-to">Replying to <a href="#comment-2">Ben (#2)</a></p>',
    );
    // Replies that nest under what they answer need no such line: only Cleo's has one.
    expect(html.match(/class="replying-to"/g)).toHaveLength(1);
  });
});

describe("quoting when replying", () => {
  it("offers a Quote link that opens the reply form with the comment quoted, without JavaScript", async () => {
    const html = await pageHtml();
    expect(html).toContain(
      `href="?replyTo=${ids[0]}&amp;quote=1#reply-${ids[0]}"`,
    );
    const quoted = await pageHtml(`?replyTo=${ids[0]}&quote=1`);
    expect(quoted).toMatch(
      /<textarea[^>]*name="body"[^>]*>&gt; Has anyone seen the lost cat\?\n\n<\/textarea>/,
    );
    // The control: a plain Reply opens the form empty.
    const plain = await pageHtml(`?replyTo=${ids[0]}`);
    expect(plain).toMatch(/<textarea[^>]*name="body"[^>]*><\/textarea>/);
  });
});

describe("the order of a discussion", () => {
  it("is kept by its author's edit and delete forms", async () => {
    const edit = await pageHtml(`?sort=newest&edit=${ids[2]}`, cookies[2]!);
    expect(edit).toContain(
      `<form method="post" action="/posts/deep?sort=newest" class="author-change-form" id="edit-${ids[2]}"`,
    );
    const remove = await pageHtml(`?sort=newest&delete=${ids[2]}`, cookies[2]!);
    expect(remove).toContain(
      `action="/posts/deep?sort=newest" class="author-change-form" id="delete-${ids[2]}"`,
    );
    // The control: without the order, the forms post to the plain address.
    expect(await pageHtml(`?edit=${ids[2]}`, cookies[2]!)).toContain(
      `action="/posts/deep" class="author-change-form" id="edit-${ids[2]}"`,
    );
  });

  it("is kept by the Reply, Quote and page links", async () => {
    const html = await pageHtml("?sort=newest");
    expect(html).toContain(
      `href="?sort=newest&amp;replyTo=${ids[0]}#reply-${ids[0]}"`,
    );
    expect(html).toContain(
      `href="?sort=newest&amp;replyTo=${ids[0]}&amp;quote=1#reply-${ids[0]}"`,
    );
    // One discussion has no order to choose; a second brings the choice.
    expect(html).not.toContain('aria-label="Order of the comments"');
    await publish("Dara", "A new topic: the bins.");
    const two = await pageHtml("?sort=newest");
    expect(two).toContain('<span aria-current="true">Newest first</span>');
    expect(two).toContain('href="/posts/deep#comments"');
  });
});

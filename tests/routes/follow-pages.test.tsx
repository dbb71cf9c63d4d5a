import { beforeAll, describe, expect, it } from "vitest";
import PostPage, {
  action as postAction,
  loader as postLoader,
} from "~/routes/posts.$slug";
import TagPage, {
  action as tagAction,
  loader as tagLoader,
} from "~/routes/tags.$tag";
import AreaPage, {
  action as areaAction,
  loader as areaLoader,
} from "~/routes/areas.$area";
import { syncContent } from "~/features/posts/content-sync.server";
import { loaderArgs } from "../helpers/loaders";
import {
  answerOf,
  browserRequest,
  makeUser,
  sessionCookieFor,
} from "../helpers/accounts";
import { freshAddress } from "../helpers/comments";
import { renderRoute } from "../helpers/render";
import { postFile, useTempSite } from "../helpers/temp-site";

const site = useTempSite();

beforeAll(() => {
  site.writeContent(
    "posts/sheds.md",
    postFile({ title: "Sheds", tags: "[bikes]", area: "North Vale" }),
  );
  syncContent(site.db(), site.contentDir);
});

async function pageHtml(
  path: string,
  params: Record<string, string>,
  page: {
    loader: (args: ReturnType<typeof loaderArgs>) => unknown;
    Component: () => React.JSX.Element;
  },
  cookie: string | null = null,
): Promise<string> {
  const args = loaderArgs(path, params);
  if (cookie) args.request.headers.set("Cookie", cookie);
  const data = (await page.loader(args)) as object;
  return renderRoute(page.Component, path, data);
}

const PAGES = [
  {
    what: "a post's discussion",
    path: "/posts/sheds",
    params: { slug: "sheds" },
    page: { loader: postLoader, Component: PostPage },
    action: postAction,
    noun: "this discussion",
    feed: "/posts/sheds/feed.xml",
    label: "Feed of this discussion&#x27;s comments",
  },
  {
    what: "a tag",
    path: "/tags/bikes",
    params: { tag: "bikes" },
    page: { loader: tagLoader, Component: TagPage },
    action: tagAction,
    noun: "this tag",
    feed: "/tags/bikes/feed.xml",
    label: "Feed of posts tagged “bikes”",
  },
  {
    what: "an area",
    path: "/areas/north-vale",
    params: { area: "north-vale" },
    page: { loader: areaLoader, Component: AreaPage },
    action: areaAction,
    noun: "this area",
    feed: "/areas/north-vale/feed.xml",
    label: "Feed of posts about North Vale",
  },
] as const;

describe.each(PAGES)(
  "the page of $what",
  ({ path, params, page, feed, label, action, noun }) => {
    it("shows its feed as a link in the page, not only in the head", async () => {
      const html = await pageHtml(path, params, page);
      expect(html).toContain(
        `<a href="${feed}" type="application/atom+xml">${label}</a>`,
      );
      // In the follow bar, where the Follow form stands beside it.
      expect(html).toMatch(
        new RegExp(`class="follow-bar"><p class="feed-link"><a href="${feed}"`),
      );
    });

    it("asks a guest for an email, and shows a member who follows it so, with the page to stop it", async () => {
      const guest = await pageHtml(path, params, page);
      expect(guest).toMatch(
        /<input[^>]*name="email"[^>]*type="email"[^>]*required/,
      );
      const member = await makeUser("member");
      const cookie = await sessionCookieFor(member.id);
      const before = await pageHtml(path, params, page, cookie);
      // One click: no email field for a member.
      expect(before).not.toMatch(
        /<input[^>]*name="email"[^>]*type="email"[^>]*required/,
      );
      expect(before).toContain('name="intent" value="follow"');
      const followed = await answerOf(() =>
        action({
          request: browserRequest(path, { cookie, form: { intent: "follow" } }),
          params,
          context: { clientAddress: freshAddress() },
        }),
      );
      expect(followed.data).toMatchObject({ status: "following" });
      const after = await pageHtml(path, params, page, cookie);
      expect(after).toMatch(
        new RegExp(
          `You follow ${noun} by email\\. <a href="/subscriptions/[^"]+">See or stop what you follow</a>`,
        ),
      );
      expect(after).not.toContain('name="intent" value="follow"');
    });
  },
);

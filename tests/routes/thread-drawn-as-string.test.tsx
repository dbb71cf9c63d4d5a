// A discussion with no form open is drawn as one HTML string on the server (decision 074), and the
// browser hydrates it as if React's streaming renderer had drawn it. That holds only while both
// draw the same bytes: the post page is rendered here both ways, with Suspense markers and all,
// and compared, for a reader, for the poster of a held comment and for a depth-limited reply.
import { createElement } from "react";
import {
  createStaticHandler,
  createStaticRouter,
  StaticRouterProvider,
} from "react-router-dom/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { serverHtmlFor } from "~/entry.server";
import { DEFAULT_POLICY } from "~/domain/moderation-policy";
import { savePolicySettings } from "~/features/moderation/policy.server";
import { syncContent } from "~/features/posts/content-sync.server";
import PostPage, { loader } from "~/routes/posts.$slug";
import { renderToBuffer } from "~/server/render-to-buffer.server";
import { SentOnceProvider } from "~/ui/sent-once";
import { ServerHtmlProvider, type ServerHtml } from "~/ui/server-html";
import {
  commentFields,
  cookieFrom,
  freshAddress,
  postComment,
  publishComment,
} from "../helpers/comments";
import { loaderArgs } from "../helpers/loaders";
import { postFile, useTempSite } from "../helpers/temp-site";

const site = useTempSite();
const ids: number[] = [];
let heldPosterCookie: string | null = null;

async function publish(name: string, body: string, parent?: number) {
  ids.push((await publishComment("street", name, body, parent)).id);
}

/**
 * The post page's HTML as the server draws it, from one loader run: with `serverHtml`, the
 * thread may be drawn as one string; without, React's streaming renderer draws all of it.
 */
async function drawBothWays(query: string, cookie: string | null = null) {
  const path = `/posts/street${query}`;
  const sentOnce = new Map<string, string>();
  const args = loaderArgs(path, { slug: "street" });
  args.context.sentOnce = sentOnce;
  if (cookie) args.request.headers.set("Cookie", cookie);
  const data = await loader(args);
  const url = new URL(path, "http://localhost");
  const handler = createStaticHandler([
    {
      id: "page",
      path: url.pathname,
      loader: () => data,
      Component: PostPage,
    },
  ]);
  const draw = async (serverHtml: ServerHtml | undefined) => {
    const context = await handler.query(new Request(url));
    if (context instanceof Response)
      throw new Error(`the page answered ${context.status}, not a page`);
    const router = createStaticRouter(handler.dataRoutes, context);
    const page = createElement(StaticRouterProvider, {
      router,
      context,
      hydrate: false,
    });
    const body = await renderToBuffer(
      <SentOnceProvider value={sentOnce}>
        <ServerHtmlProvider value={serverHtml}>{page}</ServerHtmlProvider>
      </SentOnceProvider>,
      {
        deadlineMs: 5_000,
        onError(error) {
          throw error;
        },
      },
    );
    return body.toString("utf8");
  };
  const asString = vi.fn(serverHtmlFor(sentOnce));
  const withString = await draw(asString);
  const streamed = await draw(undefined);
  return { withString, streamed, drawnAsString: asString.mock.calls.length };
}

beforeAll(async () => {
  site.writeContent("posts/street.md", postFile({ title: "Street" }));
  syncContent(site.db(), site.contentDir);
  savePolicySettings(
    { ...DEFAULT_POLICY, named: "publish", anonymous: "hold", maxDepth: 1 },
    new Date(),
  );
  await publish("Asha", "Has anyone seen the **lost** cat?");
  await publish("Ben", "I think so, by the shops.", ids[0]);
  await publish("Cleo", "Which shops, Ben? <3 & more", ids[1]);
  await publish("Dev", "Another thought, on its own.");
  const held = await postComment(
    "street",
    commentFields({ body: "Held for a moderator, seen by its poster." }),
    { address: freshAddress() },
  );
  expect(held.result.status).toBe("held");
  heldPosterCookie = cookieFrom(held.setCookie);
});

describe("a thread drawn as one string", () => {
  it("is the markup React's streaming renderer draws, for a reader", async () => {
    const { withString, streamed, drawnAsString } = await drawBothWays("");
    expect(drawnAsString).toBe(1);
    // What the browser hydrates against: every comment in its own Suspense boundary.
    expect(streamed).toContain("<!--$--><li");
    expect(streamed).toContain("Replying to");
    expect(withString).toBe(streamed);
  });

  it("is the same markup for the poster of a held comment, with its own links", async () => {
    const { withString, streamed, drawnAsString } = await drawBothWays(
      "",
      heldPosterCookie,
    );
    expect(drawnAsString).toBe(1);
    expect(streamed).toContain("Awaiting moderation");
    expect(streamed).toContain("Delete your comment");
    expect(withString).toBe(streamed);
  });

  it("is the same markup in newest-first order", async () => {
    const { withString, streamed, drawnAsString } =
      await drawBothWays("?sort=newest");
    expect(drawnAsString).toBe(1);
    expect(withString).toBe(streamed);
  });

  it("is not used while a form is open in the thread, whose ids React draws", async () => {
    const { withString, streamed, drawnAsString } = await drawBothWays(
      `?replyTo=${ids[0]}`,
    );
    expect(drawnAsString).toBe(0);
    expect(streamed).toContain(`id="reply-${ids[0]}"`);
    expect(withString).toBe(streamed);
  });
});

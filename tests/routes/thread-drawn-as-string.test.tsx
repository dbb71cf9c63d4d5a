// A discussion with no form open is drawn as one HTML string on the server (decision 074), and the
// browser hydrates it as if React's streaming renderer had drawn it. That holds only while both
// draw the same bytes: the post page is rendered here both ways, with Suspense markers and all,
// and compared, for a reader, for the poster of a held comment and for a depth-limited reply.
// The strings are kept by what they were drawn from (decision 078): every page here is also drawn
// from the parts kept by the draws before it, and must still be the markup drawn anew.
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
import { DrawnParts } from "~/server/drawn-parts.server";
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
/** Parts kept across every draw of this file, as a server keeps them across requests. */
const keptParts = new DrawnParts(4 * 1024 * 1024);
let heldPosterCookie: string | null = null;

async function publish(name: string, body: string, parent?: number) {
  ids.push((await publishComment("street", name, body, parent)).id);
}

/**
 * The post page's HTML as the server draws it, from one loader run: with `serverHtml`, the
 * thread may be drawn as one string per discussion; without, React's streaming renderer draws
 * all of it. And drawn a third way, as a string per discussion from the parts kept so far.
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
  const kept = keptParts.size.parts;
  const fromKeptParts = await draw(serverHtmlFor(sentOnce, keptParts));
  return {
    withString,
    streamed,
    fromKeptParts,
    drawnAsString: asString.mock.calls.length,
    newlyKept: keptParts.size.parts - kept,
  };
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
    const { withString, streamed, fromKeptParts, drawnAsString } =
      await drawBothWays("");
    // One string for each of the two discussions.
    expect(drawnAsString).toBe(2);
    // What the browser hydrates against: every comment in its own Suspense boundary.
    expect(streamed).toContain("<!--$--><li");
    expect(streamed).toContain("Replying to");
    expect(withString).toBe(streamed);
    expect(fromKeptParts).toBe(streamed);
  });

  it("is the same markup for the poster of a held comment, with its own links", async () => {
    const { withString, streamed, fromKeptParts, drawnAsString } =
      await drawBothWays("", heldPosterCookie);
    expect(drawnAsString).toBe(3);
    expect(streamed).toContain("Awaiting moderation");
    expect(streamed).toContain("Delete your comment");
    expect(withString).toBe(streamed);
    expect(fromKeptParts).toBe(streamed);
  });

  it("is the same markup in newest-first order", async () => {
    const { withString, streamed, fromKeptParts, drawnAsString } =
      await drawBothWays("?sort=newest");
    expect(drawnAsString).toBe(2);
    expect(streamed).toContain("sort=newest");
    expect(withString).toBe(streamed);
    expect(fromKeptParts).toBe(streamed);
  });

  it("is not used while a form is open in the thread, whose ids React draws", async () => {
    const { withString, streamed, fromKeptParts, drawnAsString } =
      await drawBothWays(`?replyTo=${ids[0]}`);
    expect(drawnAsString).toBe(0);
    expect(streamed).toContain(`id="reply-${ids[0]}"`);
    expect(withString).toBe(streamed);
    expect(fromKeptParts).toBe(streamed);
  });
});

describe("a discussion's markup kept from an earlier draw", () => {
  it("is drawn again for none of the discussions when nothing they show changed", async () => {
    await drawBothWays("");
    const again = await drawBothWays("");
    expect(again.newlyKept).toBe(0);
    expect(again.fromKeptParts).toBe(again.streamed);
  });

  it("is drawn again for the one discussion a new reply joined", async () => {
    await drawBothWays("");
    await publish("Eve", "Seen again this morning.", ids[3]);
    const after = await drawBothWays("");
    expect(after.streamed).toContain("Seen again this morning.");
    expect(after.newlyKept).toBe(1);
    expect(after.fromKeptParts).toBe(after.streamed);
  });

  it("shows a comment's changed text", async () => {
    await drawBothWays("");
    site
      .db()
      .$client.prepare("UPDATE comments SET body_html = ? WHERE id = ?")
      .run("<p>Found the cat, thank you all.</p>", ids[0]);
    const after = await drawBothWays("");
    expect(after.streamed).toContain("Found the cat, thank you all.");
    expect(after.fromKeptParts).toBe(after.streamed);
  });

  it("shows the times as they read two days later", async () => {
    const before = await drawBothWays("");
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 2 * 86_400_000 });
    try {
      const after = await drawBothWays("");
      expect(before.streamed).toContain(">just now<");
      expect(after.streamed).not.toContain(">just now<");
      expect(after.streamed).toContain(">2 days ago<");
      expect(after.fromKeptParts).toBe(after.streamed);
    } finally {
      vi.useRealTimers();
    }
  });
});

// Inputs that had no upper bound: each is now cut, refused or ignored past a limit, and the
// request still gets its ordinary answer.
import { count } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { bans } from "../../db/schema";
import {
  action as bansAction,
  loader as bansLoader,
} from "~/routes/moderation.bans";
import { loader as membersLoader } from "~/routes/moderation.members";
import { syncContent } from "~/features/posts/content-sync.server";
import {
  MAX_REDIRECT_PATH_LENGTH,
  safeRedirectPath,
} from "~/platform/http.server";
import {
  answerOf,
  browserRequest,
  makeUser,
  sessionCookieFor,
} from "../helpers/accounts";
import { commentFields, postComment } from "../helpers/comments";
import { postFile, useTempSite } from "../helpers/temp-site";

const site = useTempSite();
let moderator: string;

beforeAll(async () => {
  site.writeContent("posts/sheds.md", postFile({ title: "Sheds" }));
  syncContent(site.db(), site.contentDir);
  moderator = await sessionCookieFor((await makeUser("moderator")).id);
});

const banCount = () => site.db().select({ n: count() }).from(bans).get()!.n;
const CONTEXT = { clientAddress: "203.0.113.9" };

describe("the path to go back to after signing in or a desk action", () => {
  it("is followed up to the limit", () => {
    const path = `/search?q=${"a".repeat(MAX_REDIRECT_PATH_LENGTH - 10)}`;
    expect(path.length).toBeLessThanOrEqual(MAX_REDIRECT_PATH_LENGTH);
    expect(safeRedirectPath(path, "/")).toBe(path);
  });

  it("is replaced by the fallback past it", () => {
    const path = `/search?q=${"a".repeat(MAX_REDIRECT_PATH_LENGTH)}`;
    expect(safeRedirectPath(path, "/moderation")).toBe("/moderation");
  });
});

describe("the members search", () => {
  it("searches for at most 254 characters of what was typed", async () => {
    const typed = "x".repeat(10_000);
    const answer = await answerOf(() =>
      membersLoader({
        request: browserRequest(`/moderation/members?q=${typed}`, {
          cookie: moderator,
        }),
        params: {},
        context: CONTEXT,
      }),
    );
    expect(answer.status).toBe(200);
    expect((answer.data as { search: string }).search).toBe("x".repeat(254));
  });
});

describe("banning by email", () => {
  const banEmail = (email: string) =>
    answerOf(() =>
      bansAction({
        request: browserRequest("/moderation/bans", {
          cookie: moderator,
          form: { intent: "ban-email", email, reason: "Spam", days: "" },
        }),
        params: {},
        context: CONTEXT,
      }),
    );

  it("refuses an address longer than any email can be", async () => {
    const before = banCount();
    const answer = await banEmail(`${"a".repeat(250)}@example.org`);
    expect(answer.status).toBe(400);
    expect(answer.data).toMatchObject({
      errors: { email: "Give the email address to ban." },
    });
    expect(banCount()).toBe(before);
  });

  it("bans an ordinary one, as typed in any case", async () => {
    const before = banCount();
    const answer = await banEmail("  Someone@Example.org ");
    expect(answer.status).toBe(302);
    expect(banCount()).toBe(before + 1);
  });
});

describe("banning a comment's poster", () => {
  it("makes one ban per scope, however often the form repeats it", async () => {
    const posted = await postComment("sheds", commentFields({ body: "Hi" }));
    expect(posted.status).toBe(200);
    const queue = await answerOf(() =>
      bansLoader({
        request: browserRequest("/moderation/bans?comment=1", {
          cookie: moderator,
        }),
        params: {},
        context: CONTEXT,
      }),
    );
    expect((queue.data as { scopes: string[] }).scopes).toContain("address");
    const before = banCount();
    const answer = await answerOf(() =>
      bansAction({
        request: browserRequest("/moderation/bans", {
          cookie: moderator,
          form: {
            intent: "ban-comment",
            commentId: "1",
            scope: Array.from({ length: 50 }, () => "address"),
            reason: "Spam",
            days: "",
          },
        }),
        params: {},
        context: CONTEXT,
      }),
    );
    expect(answer.status).toBe(302);
    expect(banCount()).toBe(before + 1);
  });
});

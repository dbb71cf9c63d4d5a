import { desc, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { comments, settings } from "../../db/schema";
import { DEFAULT_POLICY, type Reason } from "~/domain/moderation-policy";
import {
  approveComment,
  moderateComments,
} from "~/features/moderation/state-changes.server";
import { savePolicySettings } from "~/features/moderation/policy.server";
import {
  loadSpamModel,
  SPAM_MODEL_KEY,
} from "~/features/safety/spam-model.server";
import { brakedPostIds, brakedPosts } from "~/features/safety/pile-on.server";
import { syncContent } from "~/features/posts/content-sync.server";
import { commentFields, freshAddress, postComment } from "../helpers/comments";
import { postFile, useTempSite } from "../helpers/temp-site";

const site = useTempSite();
const MODERATOR = { name: "Mo Derator", userId: null, role: "admin" } as const;

beforeAll(() => {
  site.writeContent("posts/sheds.md", postFile({ title: "Sheds" }));
  site.writeContent("posts/bikes.md", postFile({ title: "Bikes" }));
  site.writeContent("posts/quiet.md", postFile({ title: "Quiet" }));
  syncContent(site.db(), site.contentDir);
});

beforeEach(() => {
  site.db().delete(settings).where(eq(settings.key, SPAM_MODEL_KEY)).run();
});

const newest = () =>
  site.db().select().from(comments).orderBy(desc(comments.id)).get()!;
const codes = (row: { reasons: unknown }) =>
  (row.reasons as Reason[]).map((reason) => reason.code);

async function held(body: string, slug = "sheds"): Promise<number> {
  const posted = await postComment(slug, commentFields({ body }), {
    address: freshAddress(),
  });
  expect(posted.result.status).toBe("held");
  return newest().id;
}

describe("the spam model learns only from moderators' decisions", () => {
  it("approving and marking as spam train it; held and merely rejected comments do not", async () => {
    savePolicySettings({ ...DEFAULT_POLICY }, new Date());
    const ham = await held("The streetlight on Elm Road is out again");
    const spam = await held("Cheap casino bonus spins today");
    const rejected = await held("Rejected words zebra");
    await held("Undecided words walrus");
    expect(loadSpamModel(site.db()).docs).toEqual({ ham: 0, spam: 0 });

    expect(approveComment(ham, MODERATOR, new Date())).toBe(true);
    expect(moderateComments([spam], "spam", MODERATOR, null, new Date())).toBe(
      1,
    );
    expect(
      moderateComments([rejected], "reject", MODERATOR, null, new Date()),
    ).toBe(1);

    const model = loadSpamModel(site.db());
    expect(model.docs).toEqual({ ham: 1, spam: 1 });
    expect(model.tokens.streetlight).toEqual({ ham: 1, spam: 0 });
    expect(model.tokens.casino).toEqual({ ham: 0, spam: 1 });
    expect(model.tokens.zebra).toBeUndefined();
    expect(model.tokens.walrus).toBeUndefined();
  });

  it("holds a comment it is confident about once it has enough decisions, naming the words", async () => {
    savePolicySettings(
      { ...DEFAULT_POLICY, anonymous: "publish", spamMinDecisions: 4 },
      new Date(),
    );
    const before = await postComment(
      "sheds",
      commentFields({ body: "Cheap casino bonus, free spins" }),
      { address: freshAddress() },
    );
    // Control: with an empty model the same text publishes.
    expect(before.result.status).toBe("published");

    savePolicySettings({ ...DEFAULT_POLICY, spamMinDecisions: 4 }, new Date());
    const decided = [
      [await held("Cheap casino bonus spins today"), "spam"],
      [await held("Casino free spins bonus cheap"), "spam"],
      [await held("Lost cat near the corner shop"), "approve"],
      [await held("Bin collection moves to Friday"), "approve"],
    ] as const;
    for (const [id, action] of decided) {
      expect(moderateComments([id], action, MODERATOR, null, new Date())).toBe(
        1,
      );
    }
    savePolicySettings(
      { ...DEFAULT_POLICY, anonymous: "publish", spamMinDecisions: 4 },
      new Date(),
    );
    const after = await postComment(
      "sheds",
      commentFields({ body: "Cheap casino bonus, free spins" }),
      { address: freshAddress() },
    );
    expect(after.result.status).toBe("held");
    const row = newest();
    expect(codes(row)).toEqual(["spam-score"]);
    expect((row.reasons as Reason[])[0]?.detail).toMatch(/casino/);
    // The held comment is not learned from until a moderator decides it.
    expect(loadSpamModel(site.db()).docs).toEqual({ ham: 2, spam: 2 });
  });
});

describe("the pile-on brake", () => {
  it("holds guests' comments on a post after a rush of posters, and alerts the desk", async () => {
    const now = new Date();
    savePolicySettings(
      { ...DEFAULT_POLICY, anonymous: "publish", pileOnPosters: 3 },
      now,
    );
    for (let i = 0; i < 4; i += 1) {
      const posted = await postComment(
        "bikes",
        commentFields({ body: `Bike marking is on Saturday, number ${i}` }),
        { address: freshAddress() },
      );
      expect(posted.result.status).toBe("published");
    }
    const quiet = await postComment(
      "quiet",
      commentFields({ body: "A quiet post stays open" }),
      { address: freshAddress() },
    );
    // Control: the brake is per post.
    expect(quiet.result.status).toBe("published");

    const braked = await postComment(
      "bikes",
      commentFields({ body: "Me too, see you there" }),
      { address: freshAddress() },
    );
    expect(braked.result.status).toBe("held");
    expect(codes(newest())).toEqual(["pile-on"]);
    const bikesId = newest().postId;
    expect(brakedPostIds(site.db(), DEFAULT_POLICY, new Date())).toEqual([
      bikesId,
    ]);
    // What the queue's alert lists; a brake past its hold time lists nothing.
    expect(brakedPosts(DEFAULT_POLICY, new Date())).toEqual([
      { id: bikesId, title: "Bikes" },
    ]);
    const later = new Date(now.getTime() + 121 * 60_000);
    expect(brakedPosts(DEFAULT_POLICY, later)).toEqual([]);
  });
});

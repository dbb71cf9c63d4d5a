import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "~/domain/moderation-policy";
import {
  approveComment,
  moderateComments,
} from "~/features/moderation/state-changes.server";
import { savePolicySettings } from "~/features/moderation/policy.server";
import Transparency, { loader } from "~/routes/transparency";
import { syncContent } from "~/features/posts/content-sync.server";
import { commentFields, freshAddress, postComment } from "../helpers/comments";
import { postFile, useTempSite } from "../helpers/temp-site";

const site = useTempSite();
const MODERATOR = { name: "Mo Derator", userId: null };
const SECRET_NAME = "Gwendolyn Quarrington";
const SECRET_TEXT = "the blue van outside number 12";

async function post(fields: Record<string, string>) {
  return postComment("sheds", commentFields(fields), {
    address: freshAddress(),
  });
}
const idOf = (answer: Awaited<ReturnType<typeof post>>) =>
  (answer.result as { comment: { id: number } }).comment.id;

beforeAll(async () => {
  site.writeContent("posts/sheds.md", postFile({ title: "Sheds" }));
  syncContent(site.db(), site.contentDir);
  savePolicySettings(
    { ...DEFAULT_POLICY, named: "publish", blockedWords: ["casino"] },
    new Date(),
  );
  await post({ name: SECRET_NAME, body: `I saw ${SECRET_TEXT}.` });
  await post({ name: "Sam", body: "Published straight away." });
  const heldOne = await post({ body: "An anonymous tip." });
  const heldTwo = await post({ body: "Another anonymous tip." });
  await post({ name: "Spammer", body: "Visit my casino" });
  expect(heldOne.result.status).toBe("held");
  expect(approveComment(idOf(heldOne), MODERATOR, new Date())).toBe(true);
  expect(
    moderateComments([idOf(heldTwo)], "reject", MODERATOR, null, new Date()),
  ).toBe(1);
});

describe("the public transparency page", () => {
  it("counts this month's decisions by column, poster class and reason", async () => {
    const { months } = await loader();
    const month = new Date().toISOString().slice(0, 7);
    expect(months.map((m) => m.month)).toEqual([month]);
    const [current] = months;
    expect(current!.totals).toEqual({
      published: 2,
      held: 2,
      approved: 1,
      rejected: 1,
      removed: 0,
      refused: 1,
    });
    expect(current!.byPosterClass).toMatchObject({
      named: { published: 2, refused: 1 },
      anonymous: { held: 2, approved: 1, rejected: 1 },
    });
    expect(current!.reasons).toEqual([
      { code: "anonymous", held: 2, refused: 0 },
      { code: "blocked-word", held: 0, refused: 1 },
    ]);
    expect(current!.decidedHeld).toBe(2);
    expect(current!.medianWaitMinutes).toBe(0);
  });

  it("names nobody and quotes nothing", async () => {
    const data = JSON.stringify(await loader());
    for (const secret of [
      SECRET_NAME,
      SECRET_TEXT,
      "Sam",
      "casino",
      "Mo Derator",
    ])
      expect(data).not.toContain(secret);
    // The control: the log itself does hold the moderator's name.
    expect(
      JSON.stringify(
        site.db().$client.prepare("select actor from moderation_log").all(),
      ),
    ).toContain("Mo Derator");
  });

  it("reads the log in the same number of queries however long it is", async () => {
    const statements: string[] = [];
    const sqlite = site.db().$client;
    const prepare = sqlite.prepare.bind(sqlite);
    sqlite.prepare = ((source: string) => {
      statements.push(source);
      return prepare(source);
    }) as typeof sqlite.prepare;
    try {
      await loader();
      const few = statements.length;
      expect(few).toBe(3);
      for (let i = 0; i < 5; i++) await post({ body: `More tips ${i}` });
      statements.length = 0;
      await loader();
      expect(statements.length).toBe(few);
    } finally {
      sqlite.prepare = prepare;
    }
    expect(Transparency).toBeTypeOf("function");
  });
});

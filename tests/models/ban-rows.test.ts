import { describe, expect, it } from "vitest";
import type { BanScope } from "~/domain/ban-form";
import {
  banScopesOf,
  bansForComments,
  type BannableComment,
} from "~/features/moderation/ban-rows.server";

const terms = { reason: "Spam", expiresAt: null };
const commentBy = (
  userId: number | null,
  keys: Partial<BannableComment["keys"]> = {},
) =>
  ({
    userId,
    authorName: userId === null ? "A guest" : "A member",
    post: { title: "Bins" },
    keys: { emailKey: null, guestKey: null, addressKey: "addr", ...keys },
  }) as BannableComment;

describe("the bans built for a comment's poster", () => {
  it.each<[string, BannableComment, BanScope[], string[]]>([
    [
      "a member, everything chosen",
      commentBy(7),
      ["account", "email", "browser", "address"],
      ["user:7", "address:addr"],
    ],
    [
      "a guest with email and browser",
      commentBy(null, { emailKey: "em", guestKey: "gu" }),
      ["account", "email", "browser", "address"],
      ["email:em", "guest:gu", "address:addr"],
    ],
    [
      "a guest, only the address chosen",
      commentBy(null, { emailKey: "em" }),
      ["address"],
      ["address:addr"],
    ],
    ["a member, only a scope they lack chosen", commentBy(7), ["browser"], []],
  ])("%s", (_, comment, chosen, expected) => {
    const bans = bansForComments([comment], chosen, terms);
    expect(bans.map((ban) => `${ban.kind}:${ban.value}`)).toEqual(expected);
    for (const ban of bans) {
      expect(ban).toMatchObject({ ...terms, subjectUserId: comment.userId });
      expect(ban.label).toBe(
        `${comment.authorName}, comment #${comment.id} on “Bins”`,
      );
    }
  });

  it("offers only the scopes a comment has", () => {
    expect(banScopesOf(commentBy(7))).toEqual(["account", "address"]);
    expect(banScopesOf(commentBy(null, { guestKey: "gu" }))).toEqual([
      "address",
      "browser",
    ]);
  });
});

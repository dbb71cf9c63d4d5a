import { describe, expect, it } from "vitest";
import {
  bandAnnouncement,
  characterCount,
  countBand,
  counterText,
} from "~/domain/character-count";
import { decide, DEFAULT_POLICY } from "~/domain/moderation-policy";

describe("characters, counted as the policy counts them", () => {
  it.each<[string, string, number]>([
    ["plain text", "Hello", 5],
    ["surrounding space is not counted", "  Hello \n", 5],
    ["an emoji is one character", "🚲🚲", 2],
    ["an accented letter typed as one", "café", 4],
    ["empty", "", 0],
  ])("%s", (_, text, count) => {
    expect(characterCount(text)).toBe(count);
  });

  it("agrees with decide at the limit, one either side", () => {
    const settings = {
      ...DEFAULT_POLICY,
      maxLength: 10,
      anonymous: "publish" as const,
    };
    const decideOn = (body: string) =>
      decide(
        {
          posterClass: "anonymous",
          body,
          post: { commentsMode: "open", date: "2026-01-01" },
          recentComments: [],
          approvedCount: 0,
          heldCount: 0,
          ban: null,
          addressBanned: false,
        },
        settings,
        new Date("2026-01-02T00:00:00Z"),
      ).outcome;
    for (const body of ["🚲".repeat(10), "🚲".repeat(11), " a".repeat(5)]) {
      const over = countBand(characterCount(body), 10) === "over";
      expect(decideOn(body) === "reject", body).toBe(over);
    }
  });
});

describe("the counter", () => {
  it.each<[number, number, "room" | "near" | "over", string, string]>([
    [0, 5000, "room", "0 of 5,000 characters", ""],
    [4499, 5000, "room", "4,499 of 5,000 characters", ""],
    [
      4500,
      5000,
      "near",
      "4,500 of 5,000 characters",
      "500 characters left of 5,000.",
    ],
    [
      5000,
      5000,
      "near",
      "5,000 of 5,000 characters",
      "0 characters left of 5,000.",
    ],
    [
      5001,
      5000,
      "over",
      "1 character over the limit of 5,000",
      "Over the limit of 5,000 characters: the comment will not be accepted until it is shorter.",
    ],
    [
      12,
      10,
      "over",
      "2 characters over the limit of 10",
      "Over the limit of 10 characters: the comment will not be accepted until it is shorter.",
    ],
    [9, 10, "near", "9 of 10 characters", "1 character left of 10."],
  ])("%i of %i", (count, limit, band, text, announcement) => {
    expect(countBand(count, limit)).toBe(band);
    expect(counterText(count, limit)).toBe(text);
    expect(bandAnnouncement(band, count, limit)).toBe(announcement);
  });
});

import { describe, expect, it } from "vitest";
import {
  DEFAULT_POLICY,
  decide,
  type DecisionInput,
  type Outcome,
  type PolicySettings,
  type PosterClass,
  type ReasonCode,
} from "~/domain/moderation-policy";

// The spam score and the pile-on brake as they take part in `decide`. `now` is passed, never read.
const NOW = new Date("2025-06-01T12:00:00.000Z");
const confident = {
  decisions: 80,
  score: { probability: 0.96, topTokens: ["casino", "link:any"] },
};
const unsure = {
  decisions: 80,
  score: { probability: 0.5, topTokens: [] },
};
const brakeOn = {
  engaged: true,
  cause: "posters",
  until: new Date("2025-06-01T14:00:00.000Z"),
} as const;

const input = (overrides: Partial<DecisionInput>): DecisionInput => ({
  posterClass: "member",
  body: "Thanks for the update about the bike marking event.",
  post: { commentsMode: "open", date: "2025-05-20" },
  recentComments: [],
  approvedCount: 1,
  heldCount: 0,
  ...overrides,
});

describe("the spam score and the pile-on brake in decide", () => {
  it.each<
    [
      string,
      PosterClass,
      Partial<DecisionInput>,
      Partial<PolicySettings>,
      Outcome,
      ReasonCode[],
    ]
  >([
    [
      "a confident score holds a member",
      "member",
      { spam: confident },
      {},
      "hold",
      ["spam-score"],
    ],
    [
      "an unsure score publishes",
      "member",
      { spam: unsure },
      {},
      "publish",
      [],
    ],
    [
      "too few decisions: the score does nothing",
      "member",
      { spam: { ...confident, decisions: 49 } },
      {},
      "publish",
      [],
    ],
    [
      "a threshold of 0 turns it off",
      "member",
      { spam: confident },
      { spamThresholdPercent: 0 },
      "publish",
      [],
    ],
    ["staff are never scored", "staff", { spam: confident }, {}, "publish", []],
    [
      "verified posters are never scored",
      "verified",
      { spam: confident },
      {},
      "publish",
      [],
    ],
    [
      "the brake holds a named guest",
      "named",
      { pileOn: brakeOn },
      {},
      "hold",
      ["pile-on"],
    ],
    [
      "the brake holds an anonymous guest, beside the anonymous rule",
      "anonymous",
      { pileOn: brakeOn },
      {},
      "hold",
      ["anonymous", "pile-on"],
    ],
    [
      "the brake lets members through",
      "member",
      { pileOn: brakeOn },
      {},
      "publish",
      [],
    ],
    [
      "a released brake holds nobody",
      "named",
      { pileOn: { engaged: false } },
      {},
      "publish",
      [],
    ],
    [
      "a refusal still wins over a spam hold",
      "member",
      { spam: confident, body: "" },
      {},
      "reject",
      ["too-short"],
    ],
  ])("%s", (_name, posterClass, overrides, settings, outcome, codes) => {
    const decision = decide(
      input({ posterClass, ...overrides }),
      { ...DEFAULT_POLICY, ...settings },
      NOW,
    );
    expect(decision.outcome).toBe(outcome);
    expect(decision.reasons.map((reason) => reason.code)).toEqual(codes);
  });

  it("tells the poster why in the site's words, and moderators the words that weighed most", () => {
    const decision = decide(input({ spam: confident }), DEFAULT_POLICY, NOW);
    expect(decision.reasons[0]?.message).toMatch(/marked as spam/);
    expect(decision.reasons[0]?.detail).toBe("casino, link:any");
  });
});

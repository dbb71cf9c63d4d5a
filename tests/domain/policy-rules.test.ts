import { describe, expect, it } from "vitest";
import {
  DEFAULT_POLICY,
  POLICY_RULES,
  decide,
  type DecisionInput,
  type PolicyRule,
} from "~/domain/moderation-policy";

const NOW = new Date("2025-06-01T12:00:00.000Z");
const INPUT: DecisionInput = {
  posterClass: "member",
  body: "Hello",
  post: { commentsMode: "open", date: "2025-05-30" },
  recentComments: [],
  approvedCount: 1,
  heldCount: 0,
};

describe("POLICY_RULES", () => {
  it("lists each rule once, gates first, in the order reasons are given", () => {
    expect(POLICY_RULES.map((rule) => rule.name)).toEqual([
      "post-open",
      "ban",
      "length",
      "flood",
      "duplicate",
      "blocked-words",
      "poster-class",
      "links",
      "banned-address",
      "held-words",
      "personal-details",
      "appearance-only",
      "spam-score",
      "pile-on",
    ]);
  });

  it("lets a rule added to the list hold a comment, and skips untrusted rules for staff", () => {
    const always: PolicyRule = {
      name: "always-hold",
      phase: "untrusted",
      apply: () => [
        { outcome: "hold", reason: { code: "links", message: "test" } },
      ],
    };
    const rules = [...POLICY_RULES, always];
    expect(decide(INPUT, DEFAULT_POLICY, NOW, rules).outcome).toBe("hold");
    expect(
      decide({ ...INPUT, posterClass: "staff" }, DEFAULT_POLICY, NOW, rules)
        .outcome,
    ).toBe("publish");
    // Control: without the extra rule the same member's comment publishes.
    expect(decide(INPUT, DEFAULT_POLICY, NOW).outcome).toBe("publish");
  });

  it("stops at the first gate that finds something", () => {
    const decision = decide(
      {
        ...INPUT,
        post: { commentsMode: "closed", date: "2025-05-30" },
        ban: { reason: "spam", expiresAt: null },
      },
      DEFAULT_POLICY,
      NOW,
    );
    expect(decision).toEqual({
      outcome: "reject",
      reasons: [
        { code: "post-closed", message: "comments are closed on this post" },
      ],
    });
  });
});

describe("the personal-details rule", () => {
  const cases: [
    string,
    DecisionInput["posterClass"],
    Partial<typeof DEFAULT_POLICY>,
    "publish" | "hold",
  ][] = [
    ["Ring me on 07700 900123", "member", {}, "hold"],
    ["The van was AB12 CDE", "member", {}, "hold"],
    ["It happened outside 12 Acacia Avenue", "member", {}, "hold"],
    ["Write to jo@example.org", "member", {}, "hold"],
    [
      "Ring me on 07700 900123",
      "member",
      { holdPersonalDetails: false },
      "publish",
    ],
    ["Ring me on 07700 900123", "staff", {}, "publish"],
    ["Tickets are £12.50 on 12/03/2024 at 10:30", "member", {}, "publish"],
    ["Crime ref 01234567890 if you saw it", "member", {}, "publish"],
    [
      "Crime ref 01234567890 if you saw it",
      "member",
      { allowCrimeReferences: false },
      "hold",
    ],
  ];
  it.each(cases)(
    "%s (%s, %o) → %s",
    (body, posterClass, overrides, outcome) => {
      const decision = decide(
        { ...INPUT, body, posterClass },
        { ...DEFAULT_POLICY, ...overrides },
        NOW,
      );
      expect(decision.outcome).toBe(outcome);
    },
  );

  it("tells the poster why, and the moderator what matched", () => {
    expect(
      decide(
        { ...INPUT, body: "Call 07700 900123 about AB12 CDE" },
        DEFAULT_POLICY,
        NOW,
      ),
    ).toEqual({
      outcome: "hold",
      reasons: [
        {
          code: "personal-details",
          message:
            "it may identify a person or a home (a vehicle registration, a phone number)",
          detail: "AB12 CDE, 07700 900123",
        },
      ],
    });
  });
});

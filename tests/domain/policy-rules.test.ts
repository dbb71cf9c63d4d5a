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

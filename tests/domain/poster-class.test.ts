import { describe, expect, it } from "vitest";
import { posterClassOf } from "~/domain/permissions";

describe("how the policy sees a signed-in member", () => {
  it.each([
    ["member", false, true, "member"],
    ["member", true, true, "verified"],
    ["moderator", false, true, "staff"],
    ["admin", true, true, "staff"],
    // An editor writes posts; their comments carry no "Moderator" badge.
    ["editor", false, true, "member"],
    ["editor", true, true, "verified"],
    ["editor", true, false, "named"],
    // Until the email is confirmed, anyone could have typed it: a named guest.
    ["member", false, false, "named"],
    ["member", true, false, "named"],
    ["moderator", false, false, "named"],
  ] as const)(
    "%s, verified %s, email confirmed %s: %s",
    (role, verified, emailConfirmed, expected) => {
      expect(posterClassOf({ role, verified, emailConfirmed })).toBe(expected);
    },
  );
});

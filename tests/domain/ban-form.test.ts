import { describe, expect, it } from "vitest";
import { BAN_KIND_LABELS, banMadeBy, banStanding } from "~/domain/ban-form";

const NOW = new Date("2026-12-03T12:00:00.000Z");
const day = (iso: string) => new Date(`${iso}T09:00:00.000Z`);

describe("where a ban stands, in the desk's words", () => {
  it.each([
    [{ expiresAt: null, liftedAt: null }, "No end"],
    [{ expiresAt: day("2026-12-10"), liftedAt: null }, "Ends 10 Dec 2026"],
    [{ expiresAt: day("2026-12-01"), liftedAt: null }, "Ended 1 Dec 2026"],
    [
      { expiresAt: day("2026-12-10"), liftedAt: day("2026-12-02") },
      "Lifted 2 Dec 2026",
    ],
    [{ expiresAt: null, liftedAt: day("2026-11-30") }, "Lifted 30 Nov 2026"],
  ])("%j → %s", (ban, standing) => {
    expect(banStanding(ban, NOW)).toBe(standing);
  });

  it("names who made the ban and when", () => {
    expect(banMadeBy("Dana Lee", day("2026-12-03"))).toBe(
      "Dana Lee, 3 Dec 2026",
    );
    expect(banMadeBy(null, day("2026-12-03"))).toBe("the system, 3 Dec 2026");
  });

  it("has a label for every kind, none of them an internal code", () => {
    expect(Object.values(BAN_KIND_LABELS)).toEqual([
      "Member account",
      "Email address",
      "Network address",
      "Browser",
    ]);
  });
});

import { describe, expect, it } from "vitest";
import {
  isListed,
  lastListedDate,
  type ScheduledPost,
} from "~/domain/scheduling";

const at = (iso: string) => new Date(iso);

describe("whether readers see a post", () => {
  it.each([
    // A post dated today is listed from the first minute of the day (UTC), not before.
    ["published", "2026-12-03", "2026-12-03T00:00:00.000Z", true],
    ["published", "2026-12-03", "2026-12-02T23:59:59.999Z", false],
    ["published", "2026-12-02", "2026-12-03T12:00:00.000Z", true],
    // The bug this fixes: a future-dated file was shown at once, at the top of the home page.
    ["published", "2027-01-01", "2026-12-03T12:00:00.000Z", false],
    // Drafts and unpublished posts are never listed, whatever their date.
    ["draft", "2026-01-01", "2026-12-03T12:00:00.000Z", false],
    ["unpublished", "2026-01-01", "2026-12-03T12:00:00.000Z", false],
    ["draft", "2027-01-01", "2027-06-01T00:00:00.000Z", false],
  ] as const)("%s, dated %s, at %s: %s", (status, date, now, expected) => {
    const post: ScheduledPost = { status, date };
    expect(isListed(post, at(now))).toBe(expected);
  });
});

describe("the newest date a listing shows", () => {
  it.each([
    ["2026-12-03T00:00:00.000Z", "2026-12-03"],
    ["2026-12-02T23:59:59.999Z", "2026-12-02"],
    ["2026-12-31T23:59:00.000Z", "2026-12-31"],
  ])("at %s: %s", (now, expected) => {
    expect(lastListedDate(at(now))).toBe(expected);
  });

  it("agrees with isListed for every post dated around it", () => {
    const now = at("2026-12-03T08:30:00.000Z");
    for (const date of ["2026-12-02", "2026-12-03", "2026-12-04"]) {
      expect(date <= lastListedDate(now)).toBe(
        isListed({ status: "published", date }, now),
      );
    }
  });
});

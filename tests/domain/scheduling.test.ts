import { describe, expect, it } from "vitest";
import {
  isListed,
  isScheduled,
  lastListedDate,
  lastListedTime,
  listedFrom,
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

  it.each([
    // A time of day is read to the minute, in UTC.
    ["2026-12-03", "09:15", "2026-12-03T09:15:00.000Z", true],
    ["2026-12-03", "09:15", "2026-12-03T09:14:59.999Z", false],
    ["2026-12-03", "09:15", "2026-12-03T00:00:00.000Z", false],
    ["2026-12-03", "00:00", "2026-12-03T00:00:00.000Z", true],
    ["2026-12-03", "23:59", "2026-12-03T23:58:59.000Z", false],
    ["2026-12-02", "23:59", "2026-12-03T00:00:00.000Z", true],
    ["2026-12-03", null, "2026-12-03T00:00:00.000Z", true],
  ] as const)(
    "published %s at %s, seen at %s: %s",
    (date, time, now, expected) => {
      const post: ScheduledPost = { status: "published", date, time };
      expect(isListed(post, at(now))).toBe(expected);
      expect(isScheduled(post, at(now))).toBe(!expected);
    },
  );

  it("never calls a draft scheduled", () => {
    const draft: ScheduledPost = { status: "draft", date: "2030-01-01" };
    expect(isScheduled(draft, at("2026-12-03T00:00:00.000Z"))).toBe(false);
    // Control: the same post published is scheduled.
    expect(
      isScheduled(
        { ...draft, status: "published" },
        at("2026-12-03T00:00:00.000Z"),
      ),
    ).toBe(true);
  });
});

describe("the instant a post is first shown", () => {
  it.each([
    ["2026-12-03", null, "2026-12-03T00:00:00.000Z"],
    ["2026-12-03", "09:05", "2026-12-03T09:05:00.000Z"],
    ["2026-12-31", "23:59", "2026-12-31T23:59:00.000Z"],
  ] as const)("%s at %s: %s", (date, time, expected) => {
    expect(listedFrom(date, time).toISOString()).toBe(expected);
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

  it("with the time of day, agrees with isListed as the query reads it", () => {
    const now = at("2026-12-03T08:30:40.000Z");
    expect(lastListedTime(now)).toBe("08:30");
    for (const date of ["2026-12-02", "2026-12-03", "2026-12-04"]) {
      for (const time of [null, "00:00", "08:29", "08:30", "08:31", "23:59"]) {
        const query =
          date < lastListedDate(now) ||
          (date === lastListedDate(now) &&
            (time === null || time <= lastListedTime(now)));
        expect(query).toBe(isListed({ status: "published", date, time }, now));
      }
    }
  });
});

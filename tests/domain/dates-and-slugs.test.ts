import { describe, expect, it } from "vitest";
import {
  formatExactTime,
  formatLongDate,
  formatMonth,
  formatRelative,
  groupByDate,
  isCalendarDate,
  monthRange,
  showTime,
} from "~/domain/dates";
import { isSlug, slugify } from "~/domain/slug";

describe("dates", () => {
  it.each([
    ["2016-05-28", "Saturday, 28 May 2016"],
    ["2026-01-01", "Thursday, 1 January 2026"],
    ["2024-02-29", "Thursday, 29 February 2024"],
  ])("formats %s as %s", (iso, text) => {
    expect(formatLongDate(iso)).toBe(text);
  });

  it("names a month", () => {
    expect(formatMonth("2025-11")).toBe("November 2025");
  });

  it.each([
    ["2024-02-29", true],
    ["2023-02-29", false],
    ["2026-13-01", false],
    ["2026-04-31", false],
    ["2026-4-1", false],
    ["yesterday", false],
  ])("isCalendarDate(%s) is %s", (text, expected) => {
    expect(isCalendarDate(text)).toBe(expected);
  });

  it("gives a half-open range for a month, across the year end", () => {
    expect(monthRange(2025, 12)).toEqual({
      from: "2025-12-01",
      until: "2026-01-01",
    });
    expect(monthRange(2026, 2)).toEqual({
      from: "2026-02-01",
      until: "2026-03-01",
    });
    expect(monthRange(2026, 13)).toBeNull();
    expect(monthRange(2026, 0)).toBeNull();
  });

  it("groups consecutive items that share a date, keeping their order", () => {
    const groups = groupByDate([
      { date: "2026-03-02", id: 3 },
      { date: "2026-03-02", id: 2 },
      { date: "2026-03-01", id: 1 },
    ]);
    expect(
      groups.map((group) => [group.date, group.items.map((item) => item.id)]),
    ).toEqual([
      ["2026-03-02", [3, 2]],
      ["2026-03-01", [1]],
    ]);
  });
});

describe("slugs", () => {
  it.each([
    ["Property marking", "property-marking"],
    ["  Station Quarter ", "station-quarter"],
    ["Café & Bikes!", "cafe-bikes"],
    ["Shed / garage   security", "shed-garage-security"],
    ["snake_case_name", "snake-case-name"],
    ["!!!", ""],
  ])("slugify(%j) is %j", (text, slug) => {
    expect(slugify(text)).toBe(slug);
  });

  it("recognises a slug", () => {
    expect(isSlug("bike-marking-2026")).toBe(true);
    expect(isSlug("Bike-Marking")).toBe(false);
    expect(isSlug("bike--marking")).toBe(false);
    expect(isSlug("-bike")).toBe(false);
  });
});

describe("formatRelative", () => {
  const now = new Date("2026-11-29T10:00:00Z");
  const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);
  it.each([
    // Drawn against the start of the minute: a comment of this minute is not "in 31 seconds".
    [-31, "just now"],
    [0, "just now"],
    [59, "just now"],
    [60, "1 minute ago"],
    [5 * 60, "5 minutes ago"],
    [3 * 3600, "3 hours ago"],
    [26 * 3600, "yesterday"],
    [3 * 7 * 86400, "3 weeks ago"],
    [400 * 86400, "last year"],
  ])("%i seconds ago reads %s", (seconds, text) => {
    expect(formatRelative(ago(seconds), now)).toBe(text);
  });
});

describe("showTime", () => {
  const now = new Date("2026-07-01T12:00:00Z");
  it.each([
    // British Summer Time: an hour ahead of UTC in July, not in January.
    [
      "2026-07-01T09:30:00.000Z",
      "Europe/London",
      "2 hours ago",
      "1 July 2026 at 10:30",
    ],
    [
      "2026-01-15T09:30:00.000Z",
      "Europe/London",
      "5 months ago",
      "15 January 2026 at 09:30",
    ],
    [
      "2026-06-30T23:30:00.000Z",
      "Australia/Sydney",
      "12 hours ago",
      "1 July 2026 at 09:30",
    ],
  ])("%s in %s", (iso, timeZone, relative, exact) => {
    expect(showTime(new Date(iso), now, timeZone)).toEqual({
      iso,
      relative,
      exact,
    });
  });
});

describe("formatExactTime", () => {
  it("gives each time zone its own text for an instant already formatted in another", () => {
    const instant = new Date("2026-03-14T21:05:00.000Z");
    expect(formatExactTime(instant, "Europe/London")).toBe(
      "14 March 2026 at 21:05",
    );
    expect(formatExactTime(instant, "Australia/Sydney")).toBe(
      "15 March 2026 at 08:05",
    );
    // And again, as a second page drawn finds them.
    expect(formatExactTime(new Date(instant), "Europe/London")).toBe(
      "14 March 2026 at 21:05",
    );
    expect(formatExactTime(new Date(instant), "Australia/Sydney")).toBe(
      "15 March 2026 at 08:05",
    );
  });
});

import { describe, expect, it } from "vitest";
import {
  alertRecipients,
  DEFAULT_ALERT_SETTING,
  digestDue,
  emailDecisionOutcome,
  reminderDue,
  routeAlert,
  type AlertSetting,
} from "~/domain/moderator-alerts";
import type { RoleName } from "~/domain/permissions";
import type { CommentState } from "~/domain/comment-states";

const now = new Date("2026-05-01T12:00:00Z");
const minutesAgo = (n: number) => new Date(now.getTime() - n * 60_000);
const hoursAgo = (n: number) => minutesAgo(n * 60);
const DAY_MS = 24 * 60 * 60_000;

describe("who gets alerts", () => {
  it("sends to moderators and admins who want them, never to members", () => {
    const users: { id: number; role: RoleName; setting: AlertSetting }[] = [
      { id: 1, role: "member", setting: "immediate" },
      { id: 2, role: "moderator", setting: "immediate" },
      { id: 3, role: "admin", setting: "daily" },
      { id: 4, role: "moderator", setting: "none" },
      { id: 5, role: "admin", setting: DEFAULT_ALERT_SETTING },
    ];
    expect(alertRecipients(users).map((u) => u.id)).toEqual([2, 3, 5]);
  });
});

describe("how a new hold reaches a moderator", () => {
  it.each<[AlertSetting, number | null, string]>([
    // setting, last immediate alert (minutes ago, null: never), route
    ["first-then-hourly", null, "immediate"],
    ["first-then-hourly", 59, "digest"],
    ["first-then-hourly", 60, "immediate"],
    ["first-then-hourly", 5, "digest"],
    ["immediate", 1, "immediate"],
    ["immediate", null, "immediate"],
    ["hourly", null, "digest"],
    ["daily", null, "digest"],
    ["none", null, "none"],
  ])("%s, last immediate %s min ago: %s", (setting, last, route) => {
    expect(
      routeAlert({
        setting,
        lastImmediateAt: last === null ? null : minutesAgo(last),
        now,
      }),
    ).toBe(route);
  });
});

describe("when a digest goes out", () => {
  it.each<[AlertSetting, number | null, number | null, boolean]>([
    // setting, last digest (min ago), oldest waiting item (min ago), due
    ["hourly", null, 59, false],
    ["hourly", null, 60, true],
    ["hourly", 30, 10, false],
    ["hourly", 61, 10, true],
    ["first-then-hourly", 60, 1, true],
    ["daily", 60 * 23, 60 * 22, false],
    ["daily", 60 * 24, 5, true],
    // Nothing waiting: nothing to send, however long ago the last one was.
    ["hourly", 600, null, false],
    ["daily", null, null, false],
    ["immediate", null, 600, false],
    ["none", null, 600, false],
  ])(
    "%s, last digest %s min ago, oldest %s min: %s",
    (setting, last, oldest, due) => {
      expect(
        digestDue({
          setting,
          lastDigestAt: last === null ? null : minutesAgo(last),
          oldestWaitingAt: oldest === null ? null : minutesAgo(oldest),
          now,
        }),
      ).toBe(due);
    },
  );
});

describe("the reminder that comments are waiting", () => {
  it("counts the waiting comments and the oldest one's hours", () => {
    const heldSince = [31, 30, 2, 1, 1, 0.5, 0.1].map(hoursAgo);
    expect(
      reminderDue({
        setting: "hourly",
        heldSince,
        lastReminderAt: null,
        afterMs: DAY_MS,
        now,
      }),
    ).toEqual({
      count: 7,
      oldestHours: 31,
      text: "7 comments waiting, the oldest 31 hours",
    });
  });

  it.each<[AlertSetting, number[], number | null, boolean]>([
    // setting, held since (hours ago), last reminder (hours ago), sent
    ["first-then-hourly", [25], null, true],
    ["first-then-hourly", [24], null, false],
    ["first-then-hourly", [23, 2], null, false],
    ["first-then-hourly", [], null, false],
    // At most one reminder per waiting period.
    ["daily", [30], 10, false],
    ["daily", [50], 25, true],
    ["none", [100], null, false],
  ])(
    "%s, held %j h ago, last reminder %s h ago: sent %s",
    (setting, held, last, sent) => {
      const reminder = reminderDue({
        setting,
        heldSince: held.map(hoursAgo),
        lastReminderAt: last === null ? null : hoursAgo(last),
        afterMs: DAY_MS,
        now,
      });
      expect(reminder !== null).toBe(sent);
    },
  );

  it("speaks of one comment in the singular", () => {
    expect(
      reminderDue({
        setting: "hourly",
        heldSince: [hoursAgo(26)],
        lastReminderAt: null,
        afterMs: DAY_MS,
        now,
      })?.text,
    ).toBe("1 comment waiting, for 26 hours");
  });
});

describe("what a one-click link does", () => {
  type Token = "valid" | "expired" | "used" | "invalid";
  it.each<[Token, RoleName | null, RoleName | null, CommentState, string]>([
    ["valid", "moderator", null, "pending", "act"],
    ["valid", "moderator", "member", "pending", "act"],
    ["valid", "admin", "moderator", "pending", "act"],
    ["valid", "moderator", "moderator", "pending", "outranked"],
    ["valid", "moderator", "admin", "pending", "outranked"],
    // Lost the role since the mail went out.
    ["valid", "member", null, "pending", "not-a-moderator"],
    ["valid", null, null, "pending", "not-a-moderator"],
    ["valid", "moderator", null, "published", "already-decided"],
    ["valid", "moderator", null, "spam", "already-decided"],
    ["used", "moderator", null, "pending", "link-used"],
    ["expired", "moderator", null, "pending", "link-expired"],
    ["invalid", "admin", null, "pending", "link-invalid"],
  ])(
    "token %s, %s on %s's %s comment: %s",
    (token, mod, author, state, kind) => {
      expect(
        emailDecisionOutcome({
          token,
          moderatorRole: mod,
          authorRole: author,
          commentState: state,
        }).kind,
      ).toBe(kind);
    },
  );
});

/**
 * Who among the moderators gets which alert about held comments and reports, and when. Pure:
 * every function takes `now` and what was sent before, and answers what to send now.
 */
import { z } from "zod";
import { hasPermission, mayActOn, type RoleName } from "./permissions";
import type { CommentState } from "./comment-states";

export const ALERT_SETTINGS = [
  "first-then-hourly",
  "immediate",
  "hourly",
  "daily",
  "none",
] as const;
export type AlertSetting = (typeof ALERT_SETTINGS)[number];

/** The first hold in an hour at once, the rest in the hourly digest. */
export const DEFAULT_ALERT_SETTING: AlertSetting = "first-then-hourly";

export const ALERT_SETTING_LABELS: Record<AlertSetting, string> = {
  "first-then-hourly":
    "The first held comment in an hour at once, the rest in an hourly digest",
  immediate: "Every held comment or report at once",
  hourly: "An hourly digest",
  daily: "A daily digest",
  none: "None",
};

export const HOUR_MS = 60 * 60_000;
export const DAY_MS = 24 * HOUR_MS;
/** How long a one-click link in an alert works. */
export const ONE_CLICK_LINK_MS = 72 * HOUR_MS;
/** The default wait before a reminder that comments are waiting. */
export const DEFAULT_REMINDER_AFTER_MS = 24 * HOUR_MS;

export type AlertRoute = "immediate" | "digest" | "none";

export interface AlertReader {
  id: number;
  role: RoleName;
  setting: AlertSetting;
}

/** Moderators and admins who want alerts at all; members never get one. */
export function alertRecipients<T extends AlertReader>(users: T[]): T[] {
  return users.filter(
    (u) => hasPermission(u.role, "moderate") && u.setting !== "none",
  );
}

/**
 * How a new hold or report reaches one moderator: at once, in their next digest, or not at
 * all. `lastImmediateAt` is when they were last sent an immediate alert.
 */
export function routeAlert({
  setting,
  lastImmediateAt,
  now,
}: {
  setting: AlertSetting;
  lastImmediateAt: Date | null;
  now: Date;
}): AlertRoute {
  switch (setting) {
    case "none":
      return "none";
    case "immediate":
      return "immediate";
    case "hourly":
    case "daily":
      return "digest";
    case "first-then-hourly":
      return lastImmediateAt !== null &&
        now.getTime() - lastImmediateAt.getTime() < HOUR_MS
        ? "digest"
        : "immediate";
  }
}

function digestPeriodMs(setting: AlertSetting): number | null {
  if (setting === "daily") return DAY_MS;
  if (setting === "hourly" || setting === "first-then-hourly") return HOUR_MS;
  return null;
}

/**
 * Whether a moderator's digest goes out now: they have items waiting for it, and a whole period
 * (an hour, a day) has passed since their last digest, or since the oldest waiting item when
 * there was none before.
 */
export function digestDue({
  setting,
  lastDigestAt,
  oldestWaitingAt,
  now,
}: {
  setting: AlertSetting;
  lastDigestAt: Date | null;
  /** When the oldest item not yet in a digest was queued for it; null when none waits. */
  oldestWaitingAt: Date | null;
  now: Date;
}): boolean {
  const period = digestPeriodMs(setting);
  if (period === null || oldestWaitingAt === null) return false;
  const since = lastDigestAt ?? oldestWaitingAt;
  return now.getTime() - since.getTime() >= period;
}

export interface Reminder {
  count: number;
  oldestHours: number;
  text: string;
}

/**
 * The reminder that comments have waited too long, or null: when the oldest held comment has
 * waited longer than `afterMs`, and no reminder went to this moderator in the last `afterMs`.
 */
export function reminderDue({
  setting,
  heldSince,
  lastReminderAt,
  afterMs,
  now,
}: {
  setting: AlertSetting;
  heldSince: Date[];
  lastReminderAt: Date | null;
  afterMs: number;
  now: Date;
}): Reminder | null {
  if (setting === "none" || heldSince.length === 0) return null;
  const oldest = Math.min(...heldSince.map((d) => d.getTime()));
  const waited = now.getTime() - oldest;
  if (waited <= afterMs) return null;
  if (
    lastReminderAt !== null &&
    now.getTime() - lastReminderAt.getTime() < afterMs
  )
    return null;
  const count = heldSince.length;
  const oldestHours = Math.floor(waited / HOUR_MS);
  return { count, oldestHours, text: reminderText(count, oldestHours) };
}

export function reminderText(count: number, oldestHours: number): string {
  const comments = count === 1 ? "1 comment" : `${count} comments`;
  const hours = oldestHours === 1 ? "1 hour" : `${oldestHours} hours`;
  return count === 1
    ? `${comments} waiting, for ${hours}`
    : `${comments} waiting, the oldest ${hours}`;
}

export const EMAIL_DECISIONS = ["approve", "reject", "spam"] as const;
export type EmailDecision = (typeof EMAIL_DECISIONS)[number];

export type EmailDecisionOutcome =
  | { kind: "act" }
  | { kind: "link-expired" }
  | { kind: "link-used" }
  | { kind: "link-invalid" }
  | { kind: "not-a-moderator" }
  | { kind: "outranked" }
  | { kind: "already-decided"; state: CommentState };

/**
 * What a one-click link from an alert does, given the token's state, the moderator's role now
 * (they may have lost it since the mail), the author's role (the desk's rank check) and the
 * comment's state: only a valid, unused link of a moderator who may still act on a comment
 * still waiting acts.
 */
export function emailDecisionOutcome({
  token,
  moderatorRole,
  authorRole,
  commentState,
}: {
  token: "valid" | "expired" | "used" | "invalid";
  moderatorRole: RoleName | null;
  /** null for a guest's comment. */
  authorRole: RoleName | null;
  commentState: CommentState;
}): EmailDecisionOutcome {
  if (token === "invalid") return { kind: "link-invalid" };
  if (token === "used") return { kind: "link-used" };
  if (token === "expired") return { kind: "link-expired" };
  if (!hasPermission(moderatorRole, "moderate") || moderatorRole === null)
    return { kind: "not-a-moderator" };
  if (authorRole !== null && !mayActOn(moderatorRole, authorRole))
    return { kind: "outranked" };
  if (commentState !== "pending")
    return { kind: "already-decided", state: commentState };
  return { kind: "act" };
}

/** The account page's alert choice. */
export const alertSettingFormSchema = z.object({
  alertSetting: z.enum(ALERT_SETTINGS, {
    error: "Choose one of the listed ways to be alerted.",
  }),
});

import { z } from "zod";
import { groupedDigits } from "./numbers";

export const BAN_SCOPES = ["account", "email", "address", "browser"] as const;
export type BanScope = (typeof BAN_SCOPES)[number];

export const BAN_SCOPE_LABELS: Record<BanScope, string> = {
  account: "their member account",
  email: "the email they gave (kept only as a keyed hash)",
  address:
    "their network address (kept only as a keyed hash; may be shared by a household or a phone network, so guests' and new members' comments from it are held, not refused)",
  browser: "their browser (the guest cookie)",
};

/**
 * What a ban covers unless the moderator unticks it: every key the comment carries. Without the
 * address, a banned poster was back with a cleared cookie and a new email or account; an address
 * ban only holds comments for a moderator, so a household sharing it is checked, not shut out.
 */
export const DEFAULT_BAN_SCOPES: readonly BanScope[] = BAN_SCOPES;

export const BAN_REASON_MAX = 300;
/** A ban lasts at most 9,999 days: four digits. */
export const BAN_DAYS_DIGITS = 4;

const BAN_DAYS_MESSAGE = `A ban lasts from 1 to ${groupedDigits(10 ** BAN_DAYS_DIGITS - 1)} days, or leave it empty for no end.`;

export const banFormSchema = z.object({
  reason: z
    .string({ error: "Please give a reason." })
    .trim()
    .min(1, { error: "Please give a reason: the poster is shown it." })
    .max(BAN_REASON_MAX, {
      error: `Please keep the reason under ${BAN_REASON_MAX} characters.`,
    }),
  days: z
    .string()
    .trim()
    .optional()
    .transform((text) => text || null)
    .pipe(
      z
        .string()
        .regex(new RegExp(`^\\d{1,${BAN_DAYS_DIGITS}}$`), {
          error: BAN_DAYS_MESSAGE,
        })
        .transform(Number)
        .refine((days) => days >= 1, { error: BAN_DAYS_MESSAGE })
        .nullable(),
    ),
});

/** When a ban of `days` days made at `now` ends; null for no end. */
export function banEnd(days: number | null, now: Date): Date | null {
  return days === null
    ? null
    : new Date(now.getTime() + days * 24 * 60 * 60 * 1000);
}

/** What a ban of each kind stops, in the desk's words. */
export const BAN_KIND_LABELS: Record<
  "user" | "email" | "address" | "guest",
  string
> = {
  user: "Member account",
  email: "Email address",
  address: "Network address",
  guest: "Browser",
};

const banDate = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});

/** "Ends 10 Dec 2026", "Ended 1 Dec 2026", "Lifted 3 Dec 2026" or "No end": where a ban stands at `now`. */
export function banStanding(
  ban: { expiresAt: Date | null; liftedAt: Date | null },
  now: Date,
): string {
  if (ban.liftedAt !== null) return `Lifted ${banDate.format(ban.liftedAt)}`;
  if (ban.expiresAt === null) return "No end";
  return `${ban.expiresAt > now ? "Ends" : "Ended"} ${banDate.format(ban.expiresAt)}`;
}

/** "Dana Lee, 3 Dec 2026": who made a ban and when; "the system" when no one (a script) did. */
export function banMadeBy(madeBy: string | null, createdAt: Date): string {
  return `${madeBy ?? "the system"}, ${banDate.format(createdAt)}`;
}

// Readers' reports: who counts as a distinct reporter, how often one may report, and what a
// report does. Pure: the server gathers the reports and passes `now`.
import type { PosterClass } from "./moderation-policy";
import { retryAfterSeconds } from "./rate-limit";
import { describeDuration } from "./dates";

/** Everything the site can tell a reporter by; each key is a user id or an HMAC. */
export type Reporter = {
  userId: number | null;
  guestKey: string | null;
  addressKey: string | null;
};

/**
 * At most this many reports from one reporter (by any of their keys) in REPORT_WINDOW_MS.
 * Reading a whole discussion, an honest reader reports one or two comments; ten an hour leaves
 * room for a spam wave and stops a script that files reports down a page.
 */
export const REPORT_LIMIT = 10;
export const REPORT_WINDOW_MS = 60 * 60 * 1000;

/**
 * Whether two reports come from the same person as far as the site can tell: the same account,
 * the same browser or the same network address. A changed cookie, a cookie-less client or a
 * second account on the same connection is still the same reporter.
 */
export function sameReporter(a: Reporter, b: Reporter): boolean {
  return (
    (a.userId !== null && a.userId === b.userId) ||
    (a.guestKey !== null && a.guestKey === b.guestKey) ||
    (a.addressKey !== null && a.addressKey === b.addressKey)
  );
}

/**
 * The network a reporter is known by, before it is keyed: an IPv4 address as it is, an IPv6
 * address by its /64. One IPv6 customer is given a /64 (or more) and may pick any address in it,
 * so counting whole addresses would let one client be any number of reporters.
 */
export function reporterNetwork(address: string): string {
  const plain = address.replace(/%.*$/, "").toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(plain);
  if (mapped) return mapped[1]!;
  if (!plain.includes(":")) return plain;
  const [head = "", tail] = plain.split("::");
  const left = head === "" ? [] : head.split(":");
  const right = tail === undefined || tail === "" ? [] : tail.split(":");
  const groups =
    tail === undefined
      ? left
      : [
          ...left,
          ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"),
          ...right,
        ];
  const prefix = groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+/, "") || "0");
  return `${prefix.join(":")}::/64`;
}

export type ReportDecision =
  | { outcome: "rate-limited"; retryAfterSeconds: number; message: string }
  | { outcome: "already-reported" }
  /**
   * Recorded; `effect` is what the report does to the comment: nothing yet, back to the queue
   * (`hold`), or, for a trusted poster's comment, an alert to moderators while it stays up.
   */
  | {
      outcome: "recorded";
      reporters: number;
      effect: "none" | "hold" | "alert";
    };

/**
 * What a new report does. `earlier` are the comment's reports so far, dismissed or not: a
 * reporter who shares any key with one of them has had their say, so the comment's open reports
 * are always from distinct reporters. `recentByReporter` are when this reporter (by any key)
 * reported anything lately.
 */
export function decideReport(
  input: {
    reporter: Reporter;
    posterClass: PosterClass;
    earlier: readonly (Reporter & { open: boolean })[];
    recentByReporter: readonly Date[];
  },
  threshold: number,
  now: Date,
): ReportDecision {
  if (input.earlier.some((report) => sameReporter(report, input.reporter)))
    return { outcome: "already-reported" };
  const retryAfter = retryAfterSeconds(
    input.recentByReporter.map((time) => time.getTime()),
    REPORT_LIMIT,
    REPORT_WINDOW_MS,
    now.getTime(),
  );
  if (retryAfter !== null) {
    return {
      outcome: "rate-limited",
      retryAfterSeconds: retryAfter,
      message: `You have sent ${REPORT_LIMIT} reports in the last hour: please try again in ${describeDuration(Math.ceil(retryAfter / 60) * 60)}. Your report was not sent yet.`,
    };
  }
  const before = input.earlier.filter((report) => report.open).length;
  const reporters = before + 1;
  if (reporters < threshold)
    return { outcome: "recorded", reporters, effect: "none" };
  const trusted =
    input.posterClass === "verified" || input.posterClass === "staff";
  if (!trusted) return { outcome: "recorded", reporters, effect: "hold" };
  // The alert is raised once, when the threshold is reached; later reports add to it.
  return {
    outcome: "recorded",
    reporters,
    effect: before < threshold ? "alert" : "none",
  };
}

import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import {
  asStored,
  preparedOnce,
  type Db,
  type Runner,
  type Tx,
} from "../../../db/client.server";
import {
  comments,
  moderatorAlertItems,
  moderatorAlertSends,
  moderatorAlertSettings,
  posts,
  reports,
  users,
} from "../../../db/schema";
import {
  alertRecipients,
  DEFAULT_ALERT_SETTING,
  digestDue,
  EMAIL_DECISIONS,
  reminderDue,
  routeAlert,
  type AlertSetting,
  type EmailDecision,
} from "../../domain/moderator-alerts";
import type { RoleName } from "../../domain/permissions";
import { REPORT_REASON_LABELS } from "../../domain/report-reasons";
import { issueToken } from "../accounts/tokens.server";
import type { MailContent, MailSection } from "../mail/compose.server";
import { siteLink } from "../mail/messages.server";
import { queueMail } from "../mail/outbox.server";
import { wakeMailWorker } from "../mail/worker.server";
import { log, logError } from "../../platform/log.server";

const POSTER_CLASS_WORDS = {
  anonymous: "an anonymous guest",
  named: "a named guest",
  member: "a member",
  verified: "a verified member",
  staff: "staff",
} as const;

const DECISION_LABELS: Record<EmailDecision, string> = {
  approve: "Approve",
  reject: "Reject",
  spam: "Spam",
};

type Recipient = {
  id: number;
  email: string;
  role: RoleName;
  setting: AlertSetting;
};

/** Moderators and admins with their alert setting (no row: the default), in one query. */
function moderators(database: Runner): Recipient[] {
  const rows = moderatorRows(database).all();
  return alertRecipients(
    rows.map((row) => ({
      ...row,
      setting: row.setting ?? DEFAULT_ALERT_SETTING,
    })),
  );
}

const moderatorRows = preparedOnce((database) =>
  database
    .select({
      id: users.id,
      email: users.email,
      role: users.role,
      setting: moderatorAlertSettings.setting,
    })
    .from(users)
    .leftJoin(
      moderatorAlertSettings,
      eq(moderatorAlertSettings.userId, users.id),
    )
    .where(inArray(users.role, ["moderator", "admin"]))
    .orderBy(asc(users.id))
    .prepare(),
);

function lastSend(
  database: Runner,
  userId: number,
  kind: "immediate" | "digest" | "reminder",
): Date | null {
  return lastSendRow(database).get({ userId, kind })?.sentAt ?? null;
}

const lastSendRow = preparedOnce((database) =>
  database
    .select({ sentAt: moderatorAlertSends.sentAt })
    .from(moderatorAlertSends)
    .where(
      and(
        eq(moderatorAlertSends.userId, asStored("userId")),
        eq(moderatorAlertSends.kind, asStored("kind")),
      ),
    )
    .orderBy(desc(moderatorAlertSends.sentAt))
    .limit(1)
    .prepare(),
);

const insertAlertItem = preparedOnce((database) =>
  database
    .insert(moderatorAlertItems)
    .values({
      userId: asStored("userId"),
      kind: asStored("kind"),
      commentId: asStored("commentId"),
      reportId: asStored("reportId"),
      route: asStored("route"),
      queuedAt: asStored("queuedAt"),
      sentAt: asStored("sentAt"),
    })
    .prepare(),
);

/** A moderator's alert setting, for the account page. */
export function alertSettingOf(
  database: Db | Tx,
  userId: number,
): AlertSetting {
  return (
    database
      .select({ setting: moderatorAlertSettings.setting })
      .from(moderatorAlertSettings)
      .where(eq(moderatorAlertSettings.userId, userId))
      .get()?.setting ?? DEFAULT_ALERT_SETTING
  );
}

export function saveAlertSetting(
  tx: Tx,
  userId: number,
  setting: AlertSetting,
  now: Date,
): void {
  tx.insert(moderatorAlertSettings)
    .values({ userId, setting, updatedAt: now })
    .onConflictDoUpdate({
      target: moderatorAlertSettings.userId,
      set: { setting, updatedAt: now },
    })
    .run();
}

/** One comment as a section of an alert: the post, the comment, who, why, the reports, the links. */
function commentSection(
  tx: Tx,
  moderatorId: number,
  commentId: number,
  now: Date,
): MailSection | null {
  const comment = tx
    .select({
      id: comments.id,
      state: comments.state,
      posterClass: comments.posterClass,
      bodyHtml: comments.bodyHtml,
      reasons: comments.reasons,
      postTitle: posts.title,
    })
    .from(comments)
    .innerJoin(posts, eq(posts.id, comments.postId))
    .where(eq(comments.id, commentId))
    .get();
  // A reported comment of a trusted poster stays published: the alert shows it, without links.
  if (
    !comment ||
    (comment.state !== "pending" && comment.state !== "published")
  )
    return null;
  const openReports = tx
    .select({ reason: reports.reason })
    .from(reports)
    .where(and(eq(reports.commentId, commentId), isNull(reports.dismissedAt)))
    .all();
  const paragraphs = [
    `On "${comment.postTitle}", by ${POSTER_CLASS_WORDS[comment.posterClass]}:`,
  ];
  if (comment.reasons.length > 0)
    paragraphs.push(
      `Held because: ${comment.reasons
        .map((r) => (r.detail ? `${r.message} (${r.detail})` : r.message))
        .join("; ")}`,
    );
  if (openReports.length > 0)
    paragraphs.push(
      `Reported ${openReports.length === 1 ? "once" : `${openReports.length} times`}: ${openReports
        .map((r) => REPORT_REASON_LABELS[r.reason])
        .join("; ")}`,
    );
  if (comment.state === "published")
    paragraphs.push("It stays published until a moderator acts on the desk.");
  const links = (comment.state === "pending" ? EMAIL_DECISIONS : []).map(
    (decision) => {
      const token = issueToken(
        tx,
        {
          purpose: "moderate-comment",
          userId: moderatorId,
          detail: JSON.stringify({ commentId, decision }),
        },
        now,
      );
      return {
        label: DECISION_LABELS[decision],
        url: siteLink(`/moderation/email/${token}`),
      };
    },
  );
  return { paragraphs, quoteHtml: comment.bodyHtml, links };
}

const FOOT =
  "You are getting this email because you moderate this site. Choose which alerts you get, or none, on your account page.";

function alertMessage(
  subject: string,
  intro: string[],
  sections: MailSection[],
): MailContent {
  return {
    subject,
    paragraphs: [
      ...intro,
      "Each link opens a page where you confirm the decision; it works once, for 72 hours.",
    ],
    sections,
    action: { label: "Open the desk", url: siteLink("/moderation") },
    reason: FOOT,
  };
}

/**
 * Alerts moderators to a held comment or a report, in the caller's transaction (the one that
 * holds the comment or stores the report): at once, or kept for their next digest.
 */
export function queueModeratorAlerts(
  tx: Tx,
  event: { kind: "held" | "report"; commentId: number; reportId?: number },
  now: Date,
): void {
  let queued = false;
  for (const moderator of moderators(tx)) {
    const route = routeAlert({
      setting: moderator.setting,
      lastImmediateAt: lastSend(tx, moderator.id, "immediate"),
      now,
    });
    if (route === "none") continue;
    let sentAt: Date | null = null;
    if (route === "immediate") {
      const section = commentSection(tx, moderator.id, event.commentId, now);
      if (section === null) continue;
      const subject =
        event.kind === "held"
          ? "A comment is waiting for you"
          : "A comment was reported";
      const sent = queueMail(
        tx,
        {
          kind: "moderator-alert",
          to: moderator.email,
          content: alertMessage(
            subject,
            [
              event.kind === "held"
                ? "A comment was held for a moderator."
                : "Readers reported a comment.",
            ],
            [section],
          ),
        },
        now,
      );
      // An address that has had its share of mail gets the alert in its next digest instead.
      if (sent) {
        sentAt = now;
        queued = true;
        tx.insert(moderatorAlertSends)
          .values({ userId: moderator.id, kind: "immediate", sentAt: now })
          .run();
      }
    }
    insertAlertItem(tx).run({
      userId: moderator.id,
      kind: event.kind,
      commentId: event.commentId,
      reportId: event.reportId ?? null,
      route: sentAt === null ? "digest" : "immediate",
      queuedAt: now.getTime(),
      sentAt: sentAt?.getTime() ?? null,
    });
  }
  if (queued) wakeMailWorker();
}

/**
 * The periodic step: digests that are due and reminders of comments that have waited too long.
 * Each moderator's mail and the record of it commit together.
 */
export function sendDueModeratorAlerts(
  database: Db,
  now: Date,
  options: { reminderAfterMs: number },
): { digests: number; reminders: number } {
  let digests = 0;
  let reminders = 0;
  const heldSince = database
    .select({ updatedAt: comments.updatedAt })
    .from(comments)
    .where(eq(comments.state, "pending"))
    .all()
    .map((row) => row.updatedAt);
  for (const moderator of moderators(database)) {
    database.transaction(
      (tx) => {
        const waiting = tx
          .select({
            id: moderatorAlertItems.id,
            commentId: moderatorAlertItems.commentId,
            queuedAt: moderatorAlertItems.queuedAt,
          })
          .from(moderatorAlertItems)
          .where(
            and(
              eq(moderatorAlertItems.userId, moderator.id),
              isNull(moderatorAlertItems.sentAt),
            ),
          )
          .orderBy(asc(moderatorAlertItems.queuedAt))
          .all();
        if (
          digestDue({
            setting: moderator.setting,
            lastDigestAt: lastSend(tx, moderator.id, "digest"),
            oldestWaitingAt: waiting[0]?.queuedAt ?? null,
            now,
          })
        ) {
          const commentIds = [...new Set(waiting.map((w) => w.commentId))];
          const sections = commentIds
            .map((id) => commentSection(tx, moderator.id, id, now))
            .filter((s): s is MailSection => s !== null);
          const sent =
            sections.length === 0 ||
            queueMail(
              tx,
              {
                kind: "moderator-digest",
                to: moderator.email,
                content: alertMessage(
                  sections.length === 1
                    ? "1 comment is waiting for you"
                    : `${sections.length} comments are waiting for you`,
                  [
                    "Comments held or reported since your last digest, still waiting for a decision:",
                  ],
                  sections,
                ),
              },
              now,
            );
          if (sent) {
            tx.update(moderatorAlertItems)
              .set({ sentAt: now })
              .where(
                inArray(
                  moderatorAlertItems.id,
                  waiting.map((w) => w.id),
                ),
              )
              .run();
            if (sections.length > 0) {
              digests += 1;
              tx.insert(moderatorAlertSends)
                .values({ userId: moderator.id, kind: "digest", sentAt: now })
                .run();
            }
          }
        }
        const reminder = reminderDue({
          setting: moderator.setting,
          heldSince,
          lastReminderAt: lastSend(tx, moderator.id, "reminder"),
          afterMs: options.reminderAfterMs,
          now,
        });
        if (reminder) {
          const sent = queueMail(
            tx,
            {
              kind: "moderator-reminder",
              to: moderator.email,
              content: {
                subject: reminder.text,
                paragraphs: [
                  `${reminder.text}.`,
                  "They wait on the desk for a moderator to approve or reject them.",
                ],
                action: {
                  label: "Open the desk",
                  url: siteLink("/moderation"),
                },
                reason: FOOT,
              },
            },
            now,
          );
          if (sent) {
            reminders += 1;
            tx.insert(moderatorAlertSends)
              .values({ userId: moderator.id, kind: "reminder", sentAt: now })
              .run();
          }
        }
      },
      { behavior: "immediate" },
    );
  }
  if (digests + reminders > 0) {
    log("info", "moderator alerts queued", { digests, reminders });
    wakeMailWorker();
  }
  return { digests, reminders };
}

export type ModeratorAlerts = { stop(): void };

const ALERT_STEP_MS = 60_000;

/** Runs the periodic step every minute in the background of the server. */
export function startModeratorAlerts(
  database: Db,
  reminderAfterMs: number,
  stepMs = ALERT_STEP_MS,
): ModeratorAlerts {
  const step = () => {
    try {
      sendDueModeratorAlerts(database, new Date(), { reminderAfterMs });
    } catch (error) {
      logError(
        "the moderator alerts step failed; it runs again shortly",
        error,
      );
    }
  };
  const timer = setInterval(step, stepMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

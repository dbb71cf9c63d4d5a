import { and, eq, gt, inArray, lt, ne, sql } from "drizzle-orm";
import { outbox, type OutboxRow } from "../../../db/schema";
import type { Db, Tx } from "../../../db/client.server";
import { nextAttempt } from "../../domain/mail-schedule";
import { retryAfterSeconds } from "../../domain/rate-limit";
import { getSiteSettings } from "../posts/site-settings.server";
import { log } from "../../platform/log.server";
import { emailKey } from "../../platform/secrets.server";
import { composeMail, type MailContent } from "./compose.server";

// However the site is used, one address gets at most this much mail from it.
const ADDRESS_LIMITS = [
  { count: 5, windowMs: 60 * 60_000 },
  { count: 20, windowMs: 24 * 60 * 60_000 },
] as const;
const LONGEST_LIMIT_MS = 24 * 60 * 60_000;

/** How long a process may take to send one message before another may take it over. */
export const SENDING_LEASE_MS = 2 * 60_000;

/**
 * Queues a message in the caller's transaction, so it is sent if and only if the change that
 * causes it commits. Returns false, queuing nothing, when the address has had its share of mail.
 */
export function queueMail(
  tx: Tx,
  mail: {
    kind: string;
    to: string;
    content: MailContent;
    /** A notice's one-click unsubscribe link (https), sent as List-Unsubscribe. */
    unsubscribeUrl?: string;
    /** What it is about ("comment:<id>"), for takeBackQueuedMail. */
    regarding?: string;
    /** Not sent before then: while the decision that causes it can still be undone. */
    notBefore?: Date;
  },
  now: Date,
): boolean {
  const recipientKey = emailKey(mail.to);
  const earlier = tx
    .select({ createdAt: outbox.createdAt })
    .from(outbox)
    .where(
      and(
        eq(outbox.recipientKey, recipientKey),
        gt(outbox.createdAt, new Date(now.getTime() - LONGEST_LIMIT_MS)),
      ),
    )
    .all()
    .map((row) => row.createdAt.getTime());
  const limited = ADDRESS_LIMITS.some(
    ({ count, windowMs }) =>
      retryAfterSeconds(earlier, count, windowMs, now.getTime()) !== null,
  );
  if (limited) {
    log("warn", "mail not queued: the address has had its share", {
      kind: mail.kind,
    });
    return false;
  }
  const { subject, text, html } = composeMail(mail.content, getSiteSettings());
  tx.insert(outbox)
    .values({
      kind: mail.kind,
      toAddress: mail.to.trim(),
      recipientKey,
      subject,
      textBody: text,
      htmlBody: html,
      unsubscribeUrl: mail.unsubscribeUrl ?? null,
      regarding: mail.regarding ?? null,
      nextAttemptAt: mail.notBefore ?? now,
      createdAt: now,
    })
    .run();
  return true;
}

/**
 * Takes back, in the caller's transaction, the messages of these kinds about these things that
 * have not started to leave; returns their addresses, so the caller can keep what they asked for.
 */
export function takeBackQueuedMail(
  tx: Tx,
  input: { kinds: readonly string[]; regarding: readonly string[] },
): { regarding: string; toAddress: string; recipientKey: string }[] {
  if (input.regarding.length === 0) return [];
  const waiting = and(
    eq(outbox.state, "queued"),
    inArray(outbox.kind, [...input.kinds]),
    inArray(outbox.regarding, [...input.regarding]),
  );
  const taken = tx
    .select({
      regarding: outbox.regarding,
      toAddress: outbox.toAddress,
      recipientKey: outbox.recipientKey,
    })
    .from(outbox)
    .where(waiting)
    .all();
  tx.delete(outbox).where(waiting).run();
  return taken.map((row) => ({ ...row, regarding: row.regarding ?? "" }));
}

/**
 * Takes the next due message for this process: one statement, so two processes never take
 * the same one. A message whose sender died is taken over once its lease has run out.
 */
export function claimNextMail(database: Db, now: Date): OutboxRow | undefined {
  const at = now.getTime();
  const claimed = database.$client
    .prepare(
      `UPDATE outbox
          SET state = 'sending', attempts = attempts + 1, lease_until = @leaseUntil
        WHERE id = (SELECT id FROM outbox
                     WHERE (state = 'queued' AND next_attempt_at <= @now)
                        OR (state = 'sending' AND lease_until < @now)
                     ORDER BY next_attempt_at, id LIMIT 1)
          AND (state = 'queued' OR lease_until < @now)
        RETURNING id`,
    )
    .get({ now: at, leaseUntil: at + SENDING_LEASE_MS }) as
    { id: number } | undefined;
  if (!claimed) return undefined;
  return database.select().from(outbox).where(eq(outbox.id, claimed.id)).get();
}

// The text and the address are not kept once a message has left or been given up on.
const ERASED = {
  toAddress: "",
  subject: "",
  textBody: "",
  htmlBody: "",
  unsubscribeUrl: null,
  regarding: null,
};

export function recordSent(database: Db, id: number, now: Date): void {
  database
    .update(outbox)
    .set({ ...ERASED, state: "sent", sentAt: now, leaseUntil: null })
    .where(eq(outbox.id, id))
    .run();
}

/** An error as it may be stored and logged: any address in the server's answer is taken out. */
export function describeMailError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/[^\s<>@"']+@[^\s<>@"']+/g, "[address]").slice(0, 500);
}

/** A 5xx answer refuses the message for good; anything else (down, 4xx) may pass later. */
export function isPermanentMailError(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}

/** Schedules the next attempt after a failure, or gives the message up and logs it. */
export function recordFailure(
  database: Db,
  row: OutboxRow,
  error: unknown,
  now: Date,
  giveUpAfterMs: number,
): "retry" | "given-up" {
  const lastError = describeMailError(error);
  const decision = nextAttempt({
    attempts: row.attempts,
    queuedAt: row.createdAt,
    now,
    giveUpAfterMs,
    permanent: isPermanentMailError(error),
  });
  if (decision.kind === "retry") {
    database
      .update(outbox)
      .set({
        state: "queued",
        nextAttemptAt: decision.at,
        leaseUntil: null,
        lastError,
      })
      .where(eq(outbox.id, row.id))
      .run();
    log("warn", "mail not sent, will try again", {
      mailId: row.id,
      kind: row.kind,
      attempts: row.attempts,
      retryAt: decision.at.toISOString(),
      error: lastError,
    });
    return "retry";
  }
  database
    .update(outbox)
    .set({ ...ERASED, state: "failed", leaseUntil: null, lastError })
    .where(eq(outbox.id, row.id))
    .run();
  log("error", "mail given up", {
    mailId: row.id,
    kind: row.kind,
    attempts: row.attempts,
    reason:
      decision.reason === "permanent"
        ? "refused by the mail server"
        : "still failing at the give-up time",
    error: lastError,
  });
  return "given-up";
}

/** Rows older than every limit serve no purpose any more. */
export function pruneOutbox(database: Db, now: Date): void {
  database
    .delete(outbox)
    .where(
      and(
        ne(outbox.state, "queued"),
        ne(outbox.state, "sending"),
        lt(outbox.createdAt, new Date(now.getTime() - 2 * LONGEST_LIMIT_MS)),
      ),
    )
    .run();
}

/** Messages still to send, for the log at start. */
export function pendingMailCount(database: Db): number {
  return database
    .select({ n: sql<number>`count(*)` })
    .from(outbox)
    .where(sql`${outbox.state} IN ('queued', 'sending')`)
    .get()!.n;
}

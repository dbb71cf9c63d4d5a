import { and, desc, eq, gt, isNull, or } from "drizzle-orm";
import { bans, type Ban, type BanKind } from "../../db/schema";
import { db } from "../utils/db.server";
import { logDecision, type Actor } from "./moderation.server";

type Reader = Pick<ReturnType<typeof db>, "select">;

/** The poster's keys a ban can match. */
export type BanSubject = {
  userId: number | null;
  emailKey: string | null;
  addressKey: string;
  guestKey: string;
};

/** The ban in force against any of the poster's keys, if any. */
export function findActiveBan(
  reader: Reader,
  subject: BanSubject,
  now: Date,
): Ban | null {
  const matches = or(
    subject.userId === null
      ? undefined
      : and(eq(bans.kind, "user"), eq(bans.value, String(subject.userId))),
    subject.emailKey === null
      ? undefined
      : and(eq(bans.kind, "email"), eq(bans.value, subject.emailKey)),
    and(eq(bans.kind, "address"), eq(bans.value, subject.addressKey)),
    and(eq(bans.kind, "guest"), eq(bans.value, subject.guestKey)),
  );
  return (
    reader
      .select()
      .from(bans)
      .where(
        and(
          matches,
          isNull(bans.liftedAt),
          or(isNull(bans.expiresAt), gt(bans.expiresAt, now)),
        ),
      )
      .orderBy(desc(bans.id))
      .limit(1)
      .get() ?? null
  );
}

export type NewBan = {
  kind: BanKind;
  value: string;
  reason: string;
  expiresAt: Date | null;
  label: string;
};

/** Bans one or more of a poster's keys at once and logs it. */
export function createBans(newBans: NewBan[], actor: Actor, now: Date): void {
  if (newBans.length === 0) return;
  db().transaction((tx) => {
    for (const ban of newBans) {
      const { id } = tx
        .insert(bans)
        .values({ ...ban, createdAt: now, createdBy: actor.userId })
        .returning({ id: bans.id })
        .get();
      logDecision(tx, actor, now, {
        action: "ban.created",
        note: `ban #${id} by ${ban.kind} (${ban.label})${ban.expiresAt ? ` until ${ban.expiresAt.toISOString().slice(0, 10)}` : ""}: ${ban.reason}`,
        addressKey: ban.kind === "address" ? ban.value : null,
        guestKey: ban.kind === "guest" ? ban.value : null,
      });
    }
  });
}

export function liftBan(banId: number, actor: Actor, now: Date): boolean {
  return db().transaction((tx) => {
    const lifted = tx
      .update(bans)
      .set({ liftedAt: now })
      .where(
        and(
          eq(bans.id, banId),
          isNull(bans.liftedAt),
          or(isNull(bans.expiresAt), gt(bans.expiresAt, now)),
        ),
      )
      .run().changes;
    if (lifted === 0) return false;
    logDecision(tx, actor, now, {
      action: "ban.lifted",
      note: `ban #${banId}`,
    });
    return true;
  });
}

/** Bans in force first, then ended ones, newest first. */
export function listBans(
  now: Date,
  limit = 200,
): (Ban & { active: boolean })[] {
  return db()
    .select()
    .from(bans)
    .orderBy(desc(bans.createdAt), desc(bans.id))
    .limit(limit)
    .all()
    .map((ban) => ({
      ...ban,
      active:
        ban.liftedAt === null &&
        (ban.expiresAt === null || ban.expiresAt > now),
    }))
    .sort((a, b) => Number(b.active) - Number(a.active));
}

import { and, desc, eq, gt, inArray, isNull, or } from "drizzle-orm";
import {
  asStored,
  preparedOnce,
  type Runner,
  type Tx,
} from "../../../db/client.server";
import {
  bans,
  comments,
  users,
  type Ban,
  type BanKind,
} from "../../../db/schema";
import { mayActOn, ROLE_NAMES, type RoleName } from "../../domain/permissions";
import { db } from "../../platform/db.server";
import { emailKey } from "../../platform/secrets.server";
import { logDecision, type Actor } from "./moderation.server";

/** The poster's keys a ban can match. */
export type BanSubject = {
  userId: number | null;
  emailKey: string | null;
  addressKey: string;
  guestKey: string;
};

/** Which of its optional keys a poster has (an account, an email): a query's shape for each. */
export type PosterKeys = `${"user" | ""}-${"email" | ""}`;

export function posterKeys(
  subject: Pick<BanSubject, "userId" | "emailKey">,
): PosterKeys {
  return `${subject.userId === null ? "" : "user"}-${subject.emailKey === null ? "" : "email"}`;
}

/** The active bans matching a poster's keys; a poster without an account or an email has fewer. */
const activeBansOf = preparedOnce((database, keys: PosterKeys) => {
  const matches = or(
    keys.startsWith("user")
      ? and(eq(bans.kind, "user"), eq(bans.value, asStored("userId")))
      : undefined,
    keys.endsWith("email")
      ? and(eq(bans.kind, "email"), eq(bans.value, asStored("emailKey")))
      : undefined,
    and(eq(bans.kind, "address"), eq(bans.value, asStored("addressKey"))),
    and(eq(bans.kind, "guest"), eq(bans.value, asStored("guestKey"))),
  );
  return database
    .select()
    .from(bans)
    .where(
      and(
        matches,
        isNull(bans.liftedAt),
        or(isNull(bans.expiresAt), gt(bans.expiresAt, asStored("now"))),
      ),
    )
    .orderBy(desc(bans.id))
    .prepare();
});

/**
 * The bans in force against the poster: the newest against the poster themselves (account, email
 * or browser), which refuses, and whether their address is under one, which holds (see decide).
 */
export function findActiveBans(
  reader: Runner,
  subject: BanSubject,
  now: Date,
): { ban: Ban | null; addressBanned: boolean } {
  const active = activeBansOf(reader, posterKeys(subject)).all({
    userId: subject.userId === null ? null : String(subject.userId),
    emailKey: subject.emailKey,
    addressKey: subject.addressKey,
    guestKey: subject.guestKey,
    now: now.getTime(),
  });
  return {
    ban: active.find((ban) => ban.kind !== "address") ?? null,
    addressBanned: active.some((ban) => ban.kind === "address"),
  };
}

export type NewBan = {
  kind: BanKind;
  value: string;
  reason: string;
  expiresAt: Date | null;
  label: string;
  /** The account the ban is meant for (the comment's author, the email's owner), if any. */
  subjectUserId?: number | null;
};

/** Who bans: their role decides whom they may ban. */
export type BanActor = Actor & { role: RoleName };

export type CreateBansResult =
  | { kind: "created" }
  /** A ban would reach the account of someone of the actor's role or higher: nothing was banned. */
  | { kind: "outranked" };

/**
 * Bans one or more of a poster's keys at once and logs it; refuses them all when any would
 * reach someone the actor may not act on (mayActOn).
 */
export function createBans(
  newBans: NewBan[],
  actor: BanActor,
  now: Date,
): CreateBansResult {
  if (newBans.length === 0) return { kind: "created" };
  return db().transaction((tx): CreateBansResult => {
    if (reachesProtectedAccount(tx, newBans, actor.role))
      return { kind: "outranked" };
    for (const { subjectUserId: _subject, ...ban } of newBans) {
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
    return { kind: "created" };
  });
}

/**
 * Whether any of the bans would reach the account of someone of `actorRole` or higher: by
 * account, by the email of that account (however it was typed: keys are of the lower-cased
 * email), or by a guest cookie that account has commented with (a browser ban refuses whoever
 * posts from it, signed in or not). Address bans never refuse a trusted poster (they only hold
 * guests and new members: see decide), so they reach no one here.
 */
function reachesProtectedAccount(
  tx: Tx,
  newBans: readonly NewBan[],
  actorRole: RoleName,
): boolean {
  const protectedRoles = ROLE_NAMES.filter(
    (role) => !mayActOn(actorRole, role),
  );
  // Staff are a handful of accounts: their email keys are worked out here, not stored.
  const guarded = tx
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(inArray(users.role, protectedRoles))
    .all();
  if (guarded.length === 0) return false;
  const ids = new Set(guarded.map((user) => user.id));
  const emailKeys = new Set(guarded.map((user) => emailKey(user.email)));
  return newBans.some((ban) => {
    if (ban.subjectUserId != null && ids.has(ban.subjectUserId)) return true;
    switch (ban.kind) {
      case "user":
        return ids.has(Number(ban.value));
      case "email":
        return emailKeys.has(ban.value);
      case "guest":
        return (
          tx
            .select({ id: comments.id })
            .from(comments)
            .where(
              and(
                eq(comments.guestKey, ban.value),
                inArray(comments.userId, [...ids]),
              ),
            )
            .limit(1)
            .get() !== undefined
        );
      case "address":
        return false;
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
): (Ban & { active: boolean; madeBy: string | null })[] {
  return db()
    .select({ ban: bans, madeBy: users.displayName })
    .from(bans)
    .leftJoin(users, eq(users.id, bans.createdBy))
    .orderBy(desc(bans.createdAt), desc(bans.id))
    .limit(limit)
    .all()
    .map(({ ban, madeBy }) => ({
      ...ban,
      madeBy,
      active:
        ban.liftedAt === null &&
        (ban.expiresAt === null || ban.expiresAt > now),
    }))
    .sort((a, b) => Number(b.active) - Number(a.active));
}

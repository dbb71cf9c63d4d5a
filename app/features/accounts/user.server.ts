import { asc, eq, or, sql } from "drizzle-orm";
import { users, type User } from "../../../db/schema";
import { mayActOn, type RoleName as Role } from "../../domain/permissions";
import type { MemberChangeResult } from "../../domain/member-changes";
import type { Db, Tx } from "../../../db/client.server";
import { db } from "../../platform/db.server";
import { hashPassword } from "./password.server";
import { logDecision, type Actor } from "../moderation/moderation.server";

export type PublicUser = Pick<User, "id" | "displayName" | "role" | "verified">;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function findUserByEmail(email: string): User | undefined {
  return db()
    .select()
    .from(users)
    .where(eq(users.email, normalizeEmail(email)))
    .get();
}

export function findUserById(id: number): User | undefined {
  return db().select().from(users).where(eq(users.id, id)).get();
}

/** Creates an account; returns null when the email is taken. */
export async function createUser(
  input: NewAccount,
  now: Date,
): Promise<User | null> {
  const passwordHash = await hashPassword(input.password);
  return insertUser(db(), input, passwordHash, now);
}

export type NewAccount = {
  email: string;
  displayName: string;
  password: string;
  role?: Role;
};

/** Inserts an account with an already hashed password (in a transaction); null when the email is taken. */
export function insertUser(
  tx: Db | Tx,
  input: NewAccount,
  passwordHash: string,
  now: Date,
): User | null {
  return (
    tx
      .insert(users)
      .values({
        email: normalizeEmail(input.email),
        displayName: input.displayName.trim(),
        passwordHash,
        role: input.role ?? "member",
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing({ target: users.email })
      .returning()
      .get() ?? null
  );
}

export async function setPassword(
  userId: number,
  password: string,
  now: Date,
): Promise<void> {
  db()
    .update(users)
    .set({ passwordHash: await hashPassword(password), updatedAt: now })
    .where(eq(users.id, userId))
    .run();
}

/** Who changes a member from the desk: their role decides whom they may change. */
export type MemberActor = Actor & { role: Role };

/** Changes a member's role (admins only, checked by the caller) and logs it. */
export function setRole(
  userId: number,
  role: Role,
  actor: MemberActor,
  now: Date,
): MemberChangeResult {
  return changeMember(
    userId,
    { role },
    actor,
    `member.role`,
    `role set to ${role}`,
    now,
  );
}

/**
 * Changes a member's role from the server's command line, whoever they are: the one way to
 * change an admin, since no admin may act on another at the desk.
 */
export function setRoleFromCommandLine(
  userId: number,
  role: Role,
  now: Date,
): MemberChangeResult {
  return changeMember(
    userId,
    { role },
    { name: "command line", userId: null, role: null },
    `member.role`,
    `role set to ${role}`,
    now,
  );
}

/** Marks a member as a verified resident, or takes the mark away, and logs it. */
export function setVerified(
  userId: number,
  verified: boolean,
  actor: MemberActor,
  now: Date,
): MemberChangeResult {
  return changeMember(
    userId,
    { verified },
    actor,
    verified ? "member.verified" : "member.unverified",
    verified ? "verified as a resident" : "no longer verified",
    now,
  );
}

function changeMember(
  userId: number,
  change: Partial<Pick<User, "role" | "verified">>,
  // A null role is the command line's: the server's owner may change anyone.
  actor: Actor & { role: Role | null },
  action: string,
  note: string,
  now: Date,
): MemberChangeResult {
  // IMMEDIATE: it reads before it writes, and a deferred transaction whose snapshot another
  // writer (the content sync) has moved past cannot take the write lock at all.
  return db().transaction(
    (tx): MemberChangeResult => {
      const member = tx
        .select({ displayName: users.displayName, role: users.role })
        .from(users)
        .where(eq(users.id, userId))
        .get();
      if (!member) return { kind: "missing" };
      if (actor.role !== null && !mayActOn(actor.role, member.role))
        return { kind: "outranked", name: member.displayName };
      tx.update(users)
        .set({ ...change, updatedAt: now })
        .where(eq(users.id, userId))
        .run();
      logDecision(tx, { name: actor.name, userId: actor.userId }, now, {
        action,
        note: `${member.displayName}: ${note}`,
      });
      return { kind: "changed", name: member.displayName };
    },
    { behavior: "immediate" },
  );
}

export type DeskMember = Omit<User, "passwordHash" | "email"> & {
  email?: string;
};

/**
 * Members for the desk, by name. Emails are for admins' eyes only: without `withEmails` the rows
 * carry none and `search` matches names only, so nobody else can test whether an email is here.
 */
export function listUsers(
  search: string | null,
  { withEmails }: { withEmails: boolean },
  limit = 100,
): DeskMember[] {
  const needle = search?.trim().toLowerCase() || null;
  const byName = sql`instr(lower(${users.displayName}), ${needle}) > 0`;
  return db()
    .select({
      id: users.id,
      ...(withEmails ? { email: users.email } : {}),
      displayName: users.displayName,
      role: users.role,
      verified: users.verified,
      createdAt: users.createdAt,
      updatedAt: users.updatedAt,
    })
    .from(users)
    .where(
      needle === null
        ? undefined
        : withEmails
          ? or(byName, sql`instr(${users.email}, ${needle}) > 0`)
          : byName,
    )
    .orderBy(asc(users.displayName), asc(users.id))
    .limit(limit)
    .all();
}

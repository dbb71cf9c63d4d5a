import { createHash, randomBytes } from "node:crypto";
import { redirect } from "@remix-run/node";
import { and, eq, gt, lt, sql } from "drizzle-orm";
import { sessions, unconfirmedEmails, users } from "../../../db/schema";
import {
  hasPermission,
  type Permission,
  type RoleName,
} from "../../domain/permissions";
import { db } from "../../platform/db.server";
import { secureCookies, signedCookie } from "../../platform/http.server";
import { noteDrawnForSomeone } from "../../platform/personal.server";

export const SESSION_DAYS = 30;
const SESSION_MS = SESSION_DAYS * 24 * 60 * 60 * 1000;

const sessionCookie = signedCookie("lookout_session", SESSION_MS / 1000);

const digest = (token: string) =>
  createHash("sha256").update(token).digest("base64url");

async function tokenFromCookies(
  cookieHeader: string | null | undefined,
): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(cookieHeader ?? null);
  return typeof value === "string" && value.length === 43 ? value : null;
}

const readToken = (request: Request) =>
  tokenFromCookies(request.headers.get("Cookie"));

export type SessionUser = {
  id: number;
  displayName: string;
  role: RoleName;
  verified: boolean;
  /** Followed the link sent at sign-up (see posterClassOf). */
  emailConfirmed: boolean;
};

/** The user whose current session a Cookie header carries, or null. */
export async function sessionUserFromCookies(
  cookieHeader: string | null | undefined,
): Promise<SessionUser | null> {
  const token = await tokenFromCookies(cookieHeader);
  if (token === null) return null;
  return (
    db()
      .select({
        id: users.id,
        displayName: users.displayName,
        role: users.role,
        verified: users.verified,
        emailConfirmed: sql`${unconfirmedEmails.userId} IS NULL`.mapWith(
          Boolean,
        ),
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .leftJoin(unconfirmedEmails, eq(unconfirmedEmails.userId, users.id))
      .where(
        and(eq(sessions.id, digest(token)), gt(sessions.expiresAt, new Date())),
      )
      .get() ?? null
  );
}

const cache = new WeakMap<Request, Promise<SessionUser | null>>();

/**
 * The signed-in user of this request, or null; looked up once per request. A page that finds
 * one is that user's alone.
 */
export function getSessionUser(request: Request): Promise<SessionUser | null> {
  let pending = cache.get(request);
  if (!pending) {
    pending = sessionUserFromCookies(request.headers.get("Cookie"));
    cache.set(request, pending);
  }
  return pending.then((user) => {
    if (user) noteDrawnForSomeone();
    return user;
  });
}

/**
 * Starts a session with a new random id (never one the browser brought: no fixation), ends
 * the one the browser had, and returns the Set-Cookie header.
 */
export async function startSession(
  request: Request,
  userId: number,
  now: Date,
): Promise<string> {
  const previous = await readToken(request);
  if (previous !== null)
    db()
      .delete(sessions)
      .where(eq(sessions.id, digest(previous)))
      .run();
  db().delete(sessions).where(lt(sessions.expiresAt, now)).run();
  const token = randomBytes(32).toString("base64url");
  db()
    .insert(sessions)
    .values({
      id: digest(token),
      userId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + SESSION_MS),
    })
    .run();
  return sessionCookie().serialize(token, { secure: secureCookies(request) });
}

/** Ends the browser's session on the server and returns the Set-Cookie header that clears it. */
export async function endSession(request: Request): Promise<string> {
  const token = await readToken(request);
  if (token !== null)
    db()
      .delete(sessions)
      .where(eq(sessions.id, digest(token)))
      .run();
  return sessionCookie().serialize("", {
    maxAge: 0,
    secure: secureCookies(request),
  });
}

/** Ends every session of a user, e.g. after a password change or a ban. */
export function endAllSessions(userId: number): void {
  db().delete(sessions).where(eq(sessions.userId, userId)).run();
}

function signInRedirect(request: Request): Response {
  const url = new URL(request.url);
  const back = url.pathname.replace(/\.data$/, "") + url.search;
  return redirect(`/sign-in?redirectTo=${encodeURIComponent(back)}`);
}

/** The signed-in user, or a redirect to the sign-in page that comes back here afterwards. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getSessionUser(request);
  if (!user) throw signInRedirect(request);
  return user;
}

/** The signed-in user if they hold the permission: signed out → sign in; signed in without it → 403. */
export async function requirePermission(
  request: Request,
  permission: Permission,
): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!hasPermission(user.role, permission)) {
    throw new Response("You do not have permission to see this page.", {
      status: 403,
      statusText: "Forbidden",
    });
  }
  return user;
}

import { randomBytes } from "node:crypto";
import { eq, lt } from "drizzle-orm";
import { data, redirect } from "@remix-run/node";
import { formOutcomes } from "../../../db/schema";
import { db } from "../../platform/db.server";
import { secureCookies, signedCookie } from "../../platform/http.server";
import { noteDrawnForSomeone } from "../../platform/personal.server";
import { privateKey } from "../../platform/secrets.server";
import { inSharedCommit } from "../../platform/shared-commit.server";

/**
 * A form posted without JavaScript is answered with a redirect (post, redirect, get), so the
 * poster costs no more than one with JavaScript and a reload does not post again. Its outcome,
 * with what was typed, waits in a row for the page the browser is sent to: the row is keyed by
 * a keyed hash of a random id only that browser's cookie holds, read once and kept two minutes (the cookie too,
 * so it is not cleared: once read it points at nothing).
 * See docs/decisions/051-a-form-posted-without-javascript-is-answered-with-a-redirect.md.
 */
export const FORM_OUTCOME_LIFETIME_MS = 2 * 60_000;

const outcomeCookie = signedCookie(
  "lookout_outcome",
  FORM_OUTCOME_LIFETIME_MS / 1000,
);

const KEY_FORMAT = /^[A-Za-z0-9_-]{43}$/;
const hashOf = (key: string) => privateKey("form-outcome", key);

/** Whether a Cookie header carries a form's outcome: the page drawn for it is that browser's. */
export async function hasFormOutcome(
  cookieHeader: string | null | undefined,
): Promise<boolean> {
  const value: unknown = await outcomeCookie().parse(cookieHeader ?? null);
  return typeof value === "string" && KEY_FORMAT.test(value);
}

/**
 * The redirect that answers a plain form post: to `location`, with the outcome kept for the
 * page drawn there. `headers` are the action's own (a guest cookie), passed on.
 */
export async function redirectWithOutcome(
  request: Request,
  location: string,
  outcome: unknown,
  headers: HeadersInit | undefined,
  now: Date,
): Promise<Response> {
  const key = randomBytes(32).toString("base64url");
  // With the other writes of the moment: one commit, one fsync, for many posters at once.
  await inSharedCommit((tx) => {
    tx.delete(formOutcomes).where(lt(formOutcomes.expiresAt, now)).run();
    tx.insert(formOutcomes)
      .values({
        keyHash: hashOf(key),
        payload: JSON.stringify(outcome),
        expiresAt: new Date(now.getTime() + FORM_OUTCOME_LIFETIME_MS),
      })
      .run();
  });
  const answer = new Headers(headers);
  answer.append(
    "Set-Cookie",
    await outcomeCookie().serialize(key, { secure: secureCookies(request) }),
  );
  return redirect(location, { status: 303, headers: answer });
}

/**
 * A form's answer on the page it was posted from: a browser's plain post is redirected back to
 * the form's `anchor` with its outcome kept (see redirectWithOutcome); a script gets the outcome
 * itself, with its status and, when the poster must wait, Retry-After.
 */
export async function answerOnThisPage<T>(
  request: Request,
  documentRequest: boolean | undefined,
  answer: { outcome: T; status: number; retryAfter?: number; anchor: string },
  now: Date,
) {
  if (documentRequest) {
    const url = new URL(request.url);
    throw await redirectWithOutcome(
      request,
      `${url.pathname}${url.search}#${answer.anchor}`,
      answer.outcome,
      undefined,
      now,
    );
  }
  return data(answer.outcome, {
    status: answer.status,
    headers:
      answer.retryAfter === undefined
        ? {}
        : { "Retry-After": String(answer.retryAfter) },
  });
}

/** The outcome waiting for this browser, taken (it shows once); null when none or expired. */
export async function takeFormOutcome(
  request: Request,
  now: Date,
): Promise<unknown> {
  const value: unknown = await outcomeCookie().parse(
    request.headers.get("Cookie"),
  );
  if (typeof value !== "string" || !KEY_FORMAT.test(value)) return null;
  noteDrawnForSomeone();
  const row = db()
    .delete(formOutcomes)
    .where(eq(formOutcomes.keyHash, hashOf(value)))
    .returning()
    .get();
  if (!row || row.expiresAt.getTime() <= now.getTime()) return null;
  return JSON.parse(row.payload) as unknown;
}

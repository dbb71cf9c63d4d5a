import {
  createUser,
  setRole,
  setVerified,
} from "~/features/accounts/user.server";
import {
  getSessionUser,
  startSession,
} from "~/features/accounts/session.server";

/** Who is asking: nobody, or an account of one of these kinds. */
export type Kind = "member" | "verified" | "editor" | "moderator" | "admin";

export const PASSWORD = "correct horse battery staple";

const SYSTEM = { name: "system", userId: null, role: "admin" as const };
let userCounter = 0;

/** A new account of the given kind, made as the app makes them: createUser, then setRole/setVerified. */
export async function makeUser(
  kind: Kind = "member",
  displayName?: string,
): Promise<{ id: number; email: string; displayName: string }> {
  userCounter += 1;
  const email = `person${userCounter}.${kind}@example.org`;
  const name = displayName ?? `Person ${userCounter}`;
  const user = await createUser(
    { email, displayName: name, password: PASSWORD },
    new Date(),
  );
  if (!user) throw new Error(`could not create ${email}`);
  if (kind === "editor" || kind === "moderator" || kind === "admin")
    setRole(user.id, kind, SYSTEM, new Date());
  if (kind === "verified") setVerified(user.id, true, SYSTEM, new Date());
  return { id: user.id, email, displayName: name };
}

/** The `name=value` pair a browser sends back after a Set-Cookie header. */
export function cookiePair(setCookie: string | null): string | null {
  return setCookie?.split(";")[0] ?? null;
}

/** A session for a user, as signing in would start it, as the cookie pair to send back. */
export async function sessionCookieFor(
  userId: number,
  now = new Date(),
): Promise<string> {
  const setCookie = await startSession(
    new Request("http://localhost/sign-in", { method: "POST" }),
    userId,
    now,
  );
  return cookiePair(setCookie)!;
}

/** Whom the server takes a browser sending this cookie for, or null. */
export function whoIs(cookie: string | null) {
  const headers = new Headers(cookie ? { Cookie: cookie } : {});
  return getSessionUser(new Request("http://localhost/", { headers }));
}

/** A browser's request: a GET, or a form POST from this site's own pages. */
export function browserRequest(
  path: string,
  {
    cookie = null,
    form,
  }: {
    cookie?: string | null;
    form?: Record<string, string | readonly string[]>;
  } = {},
): Request {
  const headers = new Headers();
  if (cookie) headers.set("Cookie", cookie);
  if (!form) return new Request(`http://localhost${path}`, { headers });
  headers.set("Origin", "http://localhost");
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(form))
    for (const item of typeof value === "string" ? [value] : value)
      body.append(key, item);
  return new Request(`http://localhost${path}`, {
    method: "POST",
    headers,
    body,
  });
}

/** What a loader or action answered, whether it returned or threw a Response, or returned data. */
export type Answer = {
  status: number;
  location: string | null;
  setCookie: string | null;
  headers: Headers;
  data: unknown;
  thrown: boolean;
};

export async function answerOf(run: () => unknown): Promise<Answer> {
  let value: unknown;
  let thrown = false;
  try {
    value = await run();
  } catch (error) {
    if (!(error instanceof Response)) throw error;
    value = error;
    thrown = true;
  }
  if (value instanceof Response) {
    return {
      status: value.status,
      location: value.headers.get("Location"),
      setCookie: value.headers.get("Set-Cookie"),
      headers: value.headers,
      data: null,
      thrown,
    };
  }
  if (
    typeof value === "object" &&
    value !== null &&
    (value as { type?: unknown }).type === "DataWithResponseInit"
  ) {
    const { data, init } = value as {
      data: unknown;
      init: ResponseInit | null;
    };
    const headers = new Headers(init?.headers);
    return {
      status: init?.status ?? 200,
      location: headers.get("Location"),
      setCookie: headers.get("Set-Cookie"),
      headers,
      data,
      thrown,
    };
  }
  return {
    status: 200,
    location: null,
    setCookie: null,
    headers: new Headers(),
    data: value,
    thrown,
  };
}

/** The ?notice= a desk action's redirect carries. */
export function noticeOf(location: string | null): string | null {
  return location === null
    ? null
    : new URL(location, "http://localhost").searchParams.get("notice");
}

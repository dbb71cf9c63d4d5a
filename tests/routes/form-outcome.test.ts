import { describe, expect, it } from "vitest";
import {
  FORM_OUTCOME_LIFETIME_MS,
  hasFormOutcome,
  redirectWithOutcome,
  takeFormOutcome,
} from "~/features/discussion/form-outcome.server";
import { useTempSite } from "../helpers/temp-site";

useTempSite();

const NOW = new Date("2026-03-01T12:00:00Z");
const later = (ms: number) => new Date(NOW.getTime() + ms);

/** The cookie pair the browser sends back after the redirect's Set-Cookie headers. */
function cookieOf(answer: Response): string {
  const pairs = answer.headers
    .getSetCookie()
    .map((header) => header.split(";")[0]!);
  return pairs.join("; ");
}

function pageRequest(cookie: string | null) {
  return new Request("http://localhost/posts/sheds#new", {
    headers: cookie ? { Cookie: cookie } : {},
  });
}

async function posted(outcome: unknown, now = NOW) {
  return redirectWithOutcome(
    new Request("http://localhost/posts/sheds", { method: "POST" }),
    "/posts/sheds?page=2#new",
    outcome,
    { "Set-Cookie": "lookout_guest=abc; Path=/" },
    now,
  );
}

describe("a plain form post's outcome, kept for the page after the redirect", () => {
  it("redirects with 303 to the form, passing the action's cookie on", async () => {
    const answer = await posted({ message: "Held." });
    expect(answer.status).toBe(303);
    expect(answer.headers.get("Location")).toBe("/posts/sheds?page=2#new");
    expect(cookieOf(answer)).toContain("lookout_guest=abc");
    expect(await hasFormOutcome(cookieOf(answer))).toBe(true);
  });

  it("gives what was typed back to that browser once", async () => {
    const outcome = {
      status: "rejected",
      values: { body: "x".repeat(50_000) },
    };
    const cookie = cookieOf(await posted(outcome));
    expect(await takeFormOutcome(pageRequest(cookie), later(1_000))).toEqual(
      outcome,
    );
    // Shown once: the reload after it has nothing.
    expect(await takeFormOutcome(pageRequest(cookie), later(2_000))).toBeNull();
  });

  it("gives nothing to another browser, a forged cookie, or after it expired", async () => {
    const cookie = cookieOf(await posted({ message: "Held." }));
    expect(await takeFormOutcome(pageRequest(null), later(1_000))).toBeNull();
    const forged = cookie.replace(
      /lookout_outcome=[^;]+/,
      "lookout_outcome=abc",
    );
    expect(await hasFormOutcome(forged)).toBe(false);
    expect(await takeFormOutcome(pageRequest(forged), later(1_000))).toBeNull();
    expect(
      await takeFormOutcome(
        pageRequest(cookie),
        later(FORM_OUTCOME_LIFETIME_MS + 1),
      ),
    ).toBeNull();
    // The control: a fresh one is still given back.
    const fresh = cookieOf(await posted({ message: "Again." }));
    expect(await takeFormOutcome(pageRequest(fresh), later(1_000))).toEqual({
      message: "Again.",
    });
  });
});

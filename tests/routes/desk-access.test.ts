import { describe, expect, it } from "vitest";
import { requireDesk } from "~/features/accounts/desk.server";
import {
  browserRequest,
  makeUser,
  sessionCookieFor,
} from "../helpers/accounts";
import { thrown } from "../helpers/loaders";
import { useTempSite } from "../helpers/temp-site";

useTempSite();

// Every desk route starts here: who is at the desk, and how the log and the rank checks name them.
describe("requireDesk", () => {
  it("gives a moderator their account and the actor the desk's actions are logged as", async () => {
    const moderator = await makeUser("moderator", "Desk Moderator");
    const cookie = await sessionCookieFor(moderator.id);
    const { user, actor } = await requireDesk(
      browserRequest("/moderation", { cookie }),
    );
    expect(user.id).toBe(moderator.id);
    expect(actor).toEqual({
      name: "Desk Moderator",
      userId: moderator.id,
      role: "moderator",
    });
  });

  it.each([
    ["a member, for the queue", "member", "moderate"],
    ["a moderator, for the settings", "moderator", "editSettings"],
  ] as const)("refuses %s with 403", async (_, kind, permission) => {
    const person = await makeUser(kind);
    const cookie = await sessionCookieFor(person.id);
    const refusal = await thrown(() =>
      requireDesk(browserRequest("/moderation", { cookie }), permission),
    );
    expect(refusal.status).toBe(403);
  });
});

import { describe, expect, it } from "vitest";
import { action, loader } from "~/routes/account";
import { alertSettingOf } from "~/features/notify/moderator-alerts.server";
import {
  answerOf,
  browserRequest,
  makeUser,
  sessionCookieFor,
} from "../helpers/accounts";
import { freshAddress } from "../helpers/comments";
import { useTempSite } from "../helpers/temp-site";

const site = useTempSite();

async function signedIn(kind: "member" | "moderator" | "admin") {
  const user = await makeUser(kind);
  return { ...user, cookie: await sessionCookieFor(user.id) };
}

const send = (cookie: string, form: Record<string, string>) =>
  answerOf(() =>
    action({
      request: browserRequest("/account", { cookie, form }),
      params: {},
      context: { clientAddress: freshAddress() },
    }),
  );

const page = async (cookie: string) =>
  (
    await answerOf(() =>
      loader({
        request: browserRequest("/account", { cookie }),
        params: {},
        context: { clientAddress: freshAddress() },
      }),
    )
  ).data as { alertSetting: string | null };

describe("the alert setting on the account page", () => {
  it("starts a moderator on the default and saves their choice", async () => {
    const moderator = await signedIn("moderator");
    expect((await page(moderator.cookie)).alertSetting).toBe(
      "first-then-hourly",
    );
    const saved = await send(moderator.cookie, {
      intent: "alerts",
      alertSetting: "daily",
    });
    expect(saved.status).toBe(200);
    expect(saved.data).toMatchObject({ done: "Saved: a daily digest." });
    expect(alertSettingOf(site.db(), moderator.id)).toBe("daily");
    expect((await page(moderator.cookie)).alertSetting).toBe("daily");

    const stopped = await send(moderator.cookie, {
      intent: "alerts",
      alertSetting: "none",
    });
    expect(stopped.data).toMatchObject({
      done: "You will get no more alerts or reminders about held comments.",
    });
    expect(alertSettingOf(site.db(), moderator.id)).toBe("none");
  });

  it("answers an unknown choice beside the field, keeping the saved one", async () => {
    const admin = await signedIn("admin");
    const refused = await send(admin.cookie, {
      intent: "alerts",
      alertSetting: "every-minute",
    });
    expect(refused.status).toBe(400);
    expect(refused.data).toMatchObject({
      intent: "alerts",
      errors: {
        alertSetting: "Choose one of the listed ways to be alerted.",
      },
    });
    expect(alertSettingOf(site.db(), admin.id)).toBe("first-then-hourly");
  });

  it("offers members no alerts and refuses them the form", async () => {
    const member = await signedIn("member");
    expect((await page(member.cookie)).alertSetting).toBeNull();
    const refused = await send(member.cookie, {
      intent: "alerts",
      alertSetting: "immediate",
    });
    expect(refused.status).toBe(403);
    expect(alertSettingOf(site.db(), member.id)).toBe("first-then-hourly");
  });
});

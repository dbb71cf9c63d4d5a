import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { outbox, subscriptions, unconfirmedEmails } from "../../db/schema";
import {
  CONFIRMATION_RESEND_AFTER_MS,
  confirmAddress,
  isConfirmedAddress,
  requestAddressConfirmation,
} from "~/features/notify/address-confirmation.server";
import {
  readUnsubscribeToken,
  unsubscribeLinks,
  unsubscribeToken,
} from "~/features/notify/unsubscribe.server";
import { mailHeaders } from "~/features/mail/transport.server";
import { emailKey } from "~/platform/secrets.server";
import { makeUser } from "../helpers/accounts";
import { useTempSite } from "../helpers/temp-site";

const site = useTempSite();
const now = new Date("2026-05-01T10:00:00Z");
const later = (ms: number) => new Date(now.getTime() + ms);

const confirmationMails = (address: string) =>
  site
    .db()
    .select()
    .from(outbox)
    .where(eq(outbox.recipientKey, emailKey(address)))
    .all()
    .filter((row) => row.kind === "confirm-address");

const tokenIn = (text: string) =>
  /\/confirm-address\/([A-Za-z0-9_-]{43})/.exec(text)?.[1];

const request = (address: string, at: Date) =>
  site.db().transaction((tx) => requestAddressConfirmation(tx, address, at));

describe("unsubscribe tokens", () => {
  const key = emailKey("guest@example.org");

  it("name the address's key and the subscription, and nothing else reads as one", () => {
    expect(readUnsubscribeToken(unsubscribeToken(key, 42))).toEqual({
      addressKey: key,
      subscriptionId: 42,
    });
    expect(readUnsubscribeToken(unsubscribeToken(key, "all"))).toEqual({
      addressKey: key,
      subscriptionId: "all",
    });
    const token = unsubscribeToken(key, 42);
    const [scope, addressKey, signature] = token.split(".") as [
      string,
      string,
      string,
    ];
    const otherKey = emailKey("someone-else@example.org");
    for (const forged of [
      `43.${addressKey}.${signature}`,
      `all.${addressKey}.${signature}`,
      `${scope}.${otherKey}.${signature}`,
      `${scope}.${addressKey}.${signature.slice(0, -1)}${signature.endsWith("A") ? "B" : "A"}`,
      `${scope}.${addressKey}`,
      "",
      42,
      undefined,
    ])
      expect(readUnsubscribeToken(forged)).toBeUndefined();
  });

  it("make links that carry the token, never the address", () => {
    const links = unsubscribeLinks(emailKey("guest@example.org"), 7);
    for (const link of Object.values(links))
      expect(link).not.toContain("guest@example.org");
    const oneClick = new URL(links.oneClickUrl);
    expect(oneClick.pathname).toBe(`/unsubscribe/${unsubscribeToken(key, 7)}`);
    expect(new URL(links.pageUrl).pathname).toBe(
      `/subscriptions/${unsubscribeToken(key, "all")}`,
    );
    expect(links.mailto).toMatch(
      /^mailto:[^?]+@[^?]+\?subject=Unsubscribe&body=/,
    );
    expect(decodeURIComponent(links.mailto.split("body=")[1]!)).toBe(
      links.oneClickUrl,
    );
  });

  it("become List-Unsubscribe headers of a notice, and of nothing else", () => {
    const mail = {
      from: '"Lookout" <noreply@lookout.example.org>',
      to: "guest@example.org",
      subject: "s",
      text: "t",
      html: "<p>t</p>",
      messageId: "<1@lookout.example.org>",
    };
    const url = "https://lookout.example.org/unsubscribe/tok";
    expect(mailHeaders({ ...mail, unsubscribeUrl: url })).toEqual({
      "Auto-Submitted": "auto-generated",
      "List-Unsubscribe": `<${url}>, <mailto:noreply@lookout.example.org?subject=Unsubscribe&body=${encodeURIComponent(url)}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
    // Control: a message that is not a notice has no unsubscribe header.
    expect(mailHeaders(mail)).toEqual({ "Auto-Submitted": "auto-generated" });
  });
});

describe("confirming a guest's address", () => {
  it("sends one link, not another while it waits, and confirms the address by its POST", () => {
    const address = "Guest.One@Example.org";
    expect(isConfirmedAddress(site.db(), address)).toBe(false);
    expect(request(address, now)).toBe("sent");
    expect(request("guest.one@example.org ", later(60_000))).toBe("pending");
    expect(request(address, later(CONFIRMATION_RESEND_AFTER_MS - 1))).toBe(
      "pending",
    );
    const mails = confirmationMails(address);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.toAddress).toBe(address);
    const token = tokenIn(mails[0]!.textBody);
    expect(token).toBeDefined();
    expect(isConfirmedAddress(site.db(), address)).toBe(false);

    expect(confirmAddress(token!, later(120_000))).toBe(emailKey(address));
    expect(isConfirmedAddress(site.db(), "guest.one@example.org")).toBe(true);
    // The link works once; the address stays confirmed and is asked nothing more.
    expect(confirmAddress(token!, later(180_000))).toBeNull();
    expect(request(address, later(2 * CONFIRMATION_RESEND_AFTER_MS))).toBe(
      "confirmed",
    );
    expect(confirmationMails(address)).toHaveLength(1);
  });

  it("sends a new link a day later when the first was not followed, and both then work", () => {
    const address = "guest.two@example.org";
    expect(request(address, now)).toBe("sent");
    expect(request(address, later(CONFIRMATION_RESEND_AFTER_MS))).toBe("sent");
    const tokens = confirmationMails(address).map((row) =>
      tokenIn(row.textBody),
    );
    expect(tokens).toHaveLength(2);
    expect(
      confirmAddress(tokens[0]!, later(CONFIRMATION_RESEND_AFTER_MS + 1)),
    ).toBe(emailKey(address));
    // Confirming ends the address's other link.
    expect(
      confirmAddress(tokens[1]!, later(CONFIRMATION_RESEND_AFTER_MS + 2)),
    ).toBeNull();
  });

  it("refuses an expired link and an unknown one", () => {
    const address = "guest.three@example.org";
    request(address, now);
    const token = tokenIn(confirmationMails(address)[0]!.textBody)!;
    expect(confirmAddress(token, later(7 * 24 * 60 * 60_000))).toBeNull();
    expect(confirmAddress("A".repeat(43), now)).toBeNull();
    expect(isConfirmedAddress(site.db(), address)).toBe(false);
  });

  it("counts a member's address as confirmed once their account is", async () => {
    const member = await makeUser();
    expect(isConfirmedAddress(site.db(), member.email.toUpperCase())).toBe(
      true,
    );
    expect(request(member.email, now)).toBe("confirmed");
    expect(confirmationMails(member.email)).toHaveLength(0);
    const pending = await makeUser();
    site
      .db()
      .insert(unconfirmedEmails)
      .values({ userId: pending.id, createdAt: now })
      .run();
    expect(isConfirmedAddress(site.db(), pending.email)).toBe(false);
  });
});

describe("subscriptions", () => {
  it("keep one row per address for the same thing", () => {
    const row = {
      kind: "comment-outcome" as const,
      target: "12",
      address: "guest@example.org",
      addressKey: emailKey("guest@example.org"),
      createdAt: now,
    };
    site.db().insert(subscriptions).values(row).run();
    expect(() => site.db().insert(subscriptions).values(row).run()).toThrow(
      /UNIQUE/,
    );
    // Control: the same address may follow another thing.
    site
      .db()
      .insert(subscriptions)
      .values({ ...row, target: "13" })
      .run();
    expect(
      site
        .db()
        .select()
        .from(subscriptions)
        .where(eq(subscriptions.addressKey, row.addressKey))
        .all()
        .map((s) => [s.target, s.cadence]),
    ).toEqual([
      ["12", "immediate"],
      ["13", "immediate"],
    ]);
  });
});

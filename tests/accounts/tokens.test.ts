import { describe, expect, it } from "vitest";
import { accountTokens } from "../../db/schema";
import {
  findUsableToken,
  issueToken,
  redeemToken,
  revokeTokens,
  TOKEN_PURPOSES,
  type TokenPurpose,
} from "~/features/accounts/tokens.server";
import { makeUser } from "../helpers/accounts";
import { useTempSite } from "../helpers/temp-site";

const site = useTempSite();
const now = new Date("2026-05-01T10:00:00Z");
const later = (ms: number) => new Date(now.getTime() + ms);
const HOUR = TOKEN_PURPOSES["password-reset"].lifetimeMs;

async function newToken(
  purpose: TokenPurpose = "password-reset",
  detail?: string,
) {
  const user = await makeUser();
  const token = site
    .db()
    .transaction((tx) =>
      issueToken(tx, { purpose, userId: user.id, detail }, now),
    );
  return { user, token };
}

const redeem = (purpose: TokenPurpose, token: unknown, at: Date) =>
  site.db().transaction((tx) => redeemToken(tx, purpose, token, at));

describe("single-use account tokens", () => {
  it("is used once, by its user, with what it was made for", async () => {
    const { user, token } = await newToken("change-email", "new@example.org");
    expect(
      findUsableToken(site.db(), "change-email", token, now),
    ).toMatchObject({
      userId: user.id,
    });
    expect(redeem("change-email", token, later(1000))).toMatchObject({
      userId: user.id,
      detail: "new@example.org",
    });
    expect(redeem("change-email", token, later(2000))).toBeUndefined();
    expect(
      findUsableToken(site.db(), "change-email", token, later(2000)),
    ).toBeUndefined();
  });

  it("expires after its lifetime", async () => {
    const { token } = await newToken();
    expect(
      findUsableToken(site.db(), "password-reset", token, later(HOUR - 1)),
    ).toBeDefined();
    expect(redeem("password-reset", token, later(HOUR))).toBeUndefined();
    // Control: just before, it works.
    expect(redeem("password-reset", token, later(HOUR - 1))).toBeDefined();
  });

  it("is no use for another purpose", async () => {
    const { token } = await newToken("confirm-email");
    expect(redeem("password-reset", token, now)).toBeUndefined();
    expect(redeem("confirm-email", token, now)).toBeDefined();
  });

  it("is refused when changed in any way", async () => {
    const { token } = await newToken();
    const last = token.at(-1) === "A" ? "B" : "A";
    for (const tampered of [
      `${token.slice(0, -1)}${last}`,
      token.slice(1),
      `${token}A`,
      token.toUpperCase() === token ? token.toLowerCase() : token.toUpperCase(),
      "",
      null,
      ["x"],
    ])
      expect(redeem("password-reset", tampered, now)).toBeUndefined();
    expect(redeem("password-reset", token, now)).toBeDefined();
  });

  it("stores only a keyed hash of the token", async () => {
    const { token } = await newToken();
    const stored = JSON.stringify(site.db().select().from(accountTokens).all());
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(token.slice(0, 16));
  });

  it("can be revoked with the user's other tokens of its purpose", async () => {
    const { user, token } = await newToken();
    const other = site
      .db()
      .transaction((tx) =>
        issueToken(tx, { purpose: "confirm-email", userId: user.id }, now),
      );
    site
      .db()
      .transaction((tx) => revokeTokens(tx, user.id, "password-reset", now));
    expect(redeem("password-reset", token, now)).toBeUndefined();
    expect(redeem("confirm-email", other, now)).toBeDefined();
  });
});

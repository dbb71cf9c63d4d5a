import { createHmac, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ConfigError, env } from "./env.server";

const MIN_SECRET_LENGTH = 32;

let secret: string | undefined;

/**
 * The server secret that signs cookies and keys addresses: SESSION_SECRET when set, else one
 * generated on first run and kept beside the database, so restarts keep sessions and keys.
 */
export function serverSecret(): string {
  if (secret) return secret;
  const configured = env().SESSION_SECRET;
  if (configured) {
    secret = configured;
    return secret;
  }
  const databasePath = env().DATABASE_PATH;
  const folder = databasePath === ":memory:" ? "data" : dirname(databasePath);
  const file = join(folder, "secret");
  if (!existsSync(file)) {
    mkdirSync(folder, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("hex"), {
      mode: 0o600,
      flag: "wx",
    });
  }
  const stored = readFileSync(file, "utf8").trim();
  if (stored.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(
      `The secret in ${file} is damaged (shorter than ${MIN_SECRET_LENGTH} characters): put back the copy from your backups, or set SESSION_SECRET`,
    );
  }
  secret = stored;
  return secret;
}

/**
 * A keyed hash of a private value (a client address, an email) that can be compared and
 * stored without keeping the value, or of a message only this site may write (a desk notice).
 * The purpose keeps keys of different kinds apart.
 */
export function privateKey(
  purpose:
    | "address"
    | "email"
    | "notice"
    | "known-browser"
    | "token"
    | "form-outcome"
    | "unsubscribe",
  value: string,
): string {
  return createHmac("sha256", serverSecret())
    .update(`${purpose}:${value}`)
    .digest("base64url")
    .slice(0, 32);
}

/** Keys an email the same way however it was capitalised or padded. */
export function emailKey(email: string): string {
  return privateKey("email", email.trim().toLowerCase());
}

export function addressKey(address: string): string {
  return privateKey("address", address);
}

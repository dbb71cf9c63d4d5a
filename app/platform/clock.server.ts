import { readFileSync } from "node:fs";
import { env } from "./env.server";

/**
 * The server's clock. In production and development it is the machine's. When NODE_ENV is
 * `test` and TEST_CLOCK_FILE names a file, the time written in that file (an ISO time such as
 * 2026-12-03T09:15:00.000Z) is now, read again at every call: a browser test moves the server
 * under test forward by rewriting the file, without sleeping (docs/testing.md). Anywhere else
 * the variable does nothing.
 */
export function serverNow(): Date {
  const { NODE_ENV, TEST_CLOCK_FILE } = env();
  if (NODE_ENV !== "test" || TEST_CLOCK_FILE === undefined) return new Date();
  let text: string;
  try {
    text = readFileSync(TEST_CLOCK_FILE, "utf8").trim();
  } catch {
    return new Date();
  }
  const instant = new Date(text);
  if (Number.isNaN(instant.getTime())) {
    throw new Error(
      `TEST_CLOCK_FILE ${TEST_CLOCK_FILE} must hold an ISO time, not "${text.slice(0, 40)}"`,
    );
  }
  return instant;
}

/** serverNow() in milliseconds, for the page cache's expiry times. */
export function serverNowMs(): number {
  return serverNow().getTime();
}

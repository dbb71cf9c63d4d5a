import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";

const root = mkdtempSync(join(tmpdir(), "lookout-clock-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const clockFile = join(root, "clock");

/** A fresh server clock (the configuration it reads is cached), with exactly these variables. */
async function clockWith(variables: Record<string, string>) {
  vi.resetModules();
  const saved = process.env;
  process.env = { ...variables } as NodeJS.ProcessEnv;
  try {
    const { serverNow } = await import("~/platform/clock.server");
    // Read once here, while the variables are in force; the module keeps the configuration.
    serverNow();
    return serverNow;
  } finally {
    process.env = saved;
  }
}

describe("the server's clock", () => {
  it("takes now from TEST_CLOCK_FILE under NODE_ENV=test, read again at every call", async () => {
    writeFileSync(clockFile, "2030-06-01T09:15:00.000Z");
    const serverNow = await clockWith({
      NODE_ENV: "test",
      TEST_CLOCK_FILE: clockFile,
    });
    expect(serverNow().toISOString()).toBe("2030-06-01T09:15:00.000Z");
    writeFileSync(clockFile, "2030-06-01T09:16:00.000Z\n");
    expect(serverNow().toISOString()).toBe("2030-06-01T09:16:00.000Z");
  });

  it.each(["production", "development"])(
    "ignores the file under NODE_ENV=%s",
    async (NODE_ENV) => {
      writeFileSync(clockFile, "2030-06-01T09:15:00.000Z");
      const serverNow = await clockWith({
        NODE_ENV,
        TEST_CLOCK_FILE: clockFile,
      });
      const before = Date.now();
      const now = serverNow().getTime();
      expect(now).toBeGreaterThanOrEqual(before);
      expect(now).toBeLessThanOrEqual(Date.now());
    },
  );

  it("is the machine's clock when the file is missing, and refuses a file that is not a time", async () => {
    const missing = await clockWith({
      NODE_ENV: "test",
      TEST_CLOCK_FILE: join(root, "nowhere"),
    });
    expect(Math.abs(missing().getTime() - Date.now())).toBeLessThan(5_000);
    writeFileSync(clockFile, "2030-06-01T09:15:00.000Z");
    const wrong = await clockWith({
      NODE_ENV: "test",
      TEST_CLOCK_FILE: clockFile,
    });
    writeFileSync(clockFile, "next Tuesday");
    expect(() => wrong()).toThrow(/must hold an ISO time/);
  });
});

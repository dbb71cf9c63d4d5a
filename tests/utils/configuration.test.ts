import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { runScript } from "../helpers/cli";

const root = mkdtempSync(join(tmpdir(), "lookout-config-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A fresh copy of the configuration module (it caches), reading exactly these variables. */
async function configWith(variables: Record<string, string>) {
  vi.resetModules();
  const saved = process.env;
  process.env = { ...variables } as NodeJS.ProcessEnv;
  try {
    const { env } = await import("~/platform/env.server");
    return env();
  } finally {
    process.env = saved;
  }
}

async function problemsWith(variables: Record<string, string>) {
  try {
    await configWith(variables);
  } catch (error) {
    expect((error as Error).name).toBe("ConfigError");
    return (error as Error).message.split("\n");
  }
  throw new Error("expected the configuration to be refused");
}

describe("configuration from the environment", () => {
  it("uses the documented defaults", async () => {
    const config = await configWith({});
    expect(config).toMatchObject({
      NODE_ENV: "development",
      PORT: 3000,
      HOST: "127.0.0.1",
      SITE_URL: "http://localhost:3000",
      PAGE_CACHE_MB: 32,
      DRAWN_PARTS_MB: 8,
    });
    expect(config.DATABASE_PATH).toMatch(/\/data\/lookout\.db$/);
    expect(config.SESSION_SECRET).toBeUndefined();
  });

  it.each([
    [{ PORT: "3001" }, "http://localhost:3001"],
    [{ PORT: "8080", HOST: "0.0.0.0" }, "http://localhost:8080"],
    [{ PORT: "8080", HOST: "::" }, "http://localhost:8080"],
    [{ PORT: "8080", HOST: "127.0.0.1" }, "http://localhost:8080"],
    [{ PORT: "8080", HOST: "192.168.1.20" }, "http://192.168.1.20:8080"],
    [{ HOST: "board.lan" }, "http://board.lan:3000"],
    [{ PORT: "4000", HOST: "fd00::20" }, "http://[fd00::20]:4000"],
    [{ PORT: "80", HOST: "board.lan" }, "http://board.lan"],
    [
      { PORT: "3001", SITE_URL: "https://watch.example.org" },
      "https://watch.example.org",
    ],
  ])(
    "takes SITE_URL from where it listens when unset: %j",
    async (variables, siteUrl) => {
      expect((await configWith(variables)).SITE_URL).toBe(siteUrl);
    },
  );

  it("treats an empty value as unset", async () => {
    const config = await configWith({ PORT: "", HOST: "", SESSION_SECRET: "" });
    expect(config.PORT).toBe(3000);
    expect(config.HOST).toBe("127.0.0.1");
    expect(config.SESSION_SECRET).toBeUndefined();
  });

  it.each([
    [
      "PORT",
      "abc",
      'PORT must be a whole number from 0 to 65535 (it is "abc")',
    ],
    [
      "PORT",
      "3000.5",
      'PORT must be a whole number from 0 to 65535 (it is "3000.5")',
    ],
    [
      "PORT",
      "70000",
      'PORT must be a whole number from 0 to 65535 (it is "70000")',
    ],
    [
      "NODE_ENV",
      "prod",
      'NODE_ENV must be development, production or test (it is "prod")',
    ],
    [
      "HOST",
      "localhost:3000",
      'HOST must be an address or host name to listen on, such as 127.0.0.1, 0.0.0.0 or ::, without a port (it is "localhost:3000")',
    ],
    [
      "SITE_URL",
      "lookout.example.org",
      'SITE_URL must be an absolute http(s) URL such as https://lookout.example.org (it is "lookout.example.org")',
    ],
    [
      "TRUST_PROXY",
      "everyone",
      'TRUST_PROXY must be "loopback", or a comma-separated list of proxy addresses or subnets (it is "everyone")',
    ],
    [
      "SMTP_URL",
      "http://mail.example.org",
      'SMTP_URL must be smtp://user:password@host:port or smtps://user:password@host:port (it is "http://mail.example.org")',
    ],
    [
      "MAIL_FROM",
      "Lookout",
      'MAIL_FROM must be an address such as lookout@example.org, or "Lookout <lookout@example.org>" (it is "Lookout")',
    ],
    [
      "MAIL_GIVE_UP_HOURS",
      "0",
      'MAIL_GIVE_UP_HOURS must be more than 0 (it is "0")',
    ],
  ])("refuses %s=%s with one line naming it", async (name, value, message) => {
    expect(await problemsWith({ [name]: value })).toEqual([message]);
  });

  it("shows a refused mail server URL without its password", async () => {
    const problems = await problemsWith({
      SMTP_URL: "imap://lookout:hunter2-secret@mail.example.org:993",
    });
    expect(problems).toEqual([
      'SMTP_URL must be smtp://user:password@host:port or smtps://user:password@host:port (it is "imap://lookout:***@mail.example.org:993")',
    ]);
    expect(problems.join("")).not.toContain("hunter2");
  });

  it("accepts a provider's mail settings", async () => {
    const config = await configWith({
      SMTP_URL: "smtps://lookout:p%40ss@smtp.example.com:465",
      MAIL_FROM: "South Vale Lookout <lookout@example.org>",
    });
    expect(config.SMTP_URL).toBe("smtps://lookout:p%40ss@smtp.example.com:465");
    expect(config.MAIL_FROM).toBe("South Vale Lookout <lookout@example.org>");
    expect(config.MAIL_GIVE_UP_HOURS).toBe(24);
  });

  it("never repeats a secret back", async () => {
    expect(await problemsWith({ SESSION_SECRET: "hunter2" })).toEqual([
      "SESSION_SECRET must be at least 32 characters",
    ]);
  });

  it("refuses a memory budget that is not a number of megabytes", async () => {
    expect(
      await problemsWith({ DRAWN_PARTS_MB: "-1", PAGE_CACHE_MB: "lots" }),
    ).toEqual([
      "PAGE_CACHE_MB must be a number of megabytes",
      "DRAWN_PARTS_MB must be 0 (off) or more",
    ]);
    expect((await configWith({ DRAWN_PARTS_MB: "0" })).DRAWN_PARTS_MB).toBe(0);
  });

  it("lists every bad value at once", async () => {
    expect(await problemsWith({ PORT: "-1", NODE_ENV: "live" })).toEqual([
      'NODE_ENV must be development, production or test (it is "live")',
      'PORT must be a whole number from 0 to 65535 (it is "-1")',
    ]);
  });
});

describe("the server secret", () => {
  const databasePath = join(root, "data", "lookout.db");

  async function secretWith(variables: Record<string, string>) {
    await configWith(variables);
    const saved = process.env;
    process.env = { ...variables } as NodeJS.ProcessEnv;
    try {
      const { serverSecret } = await import("~/platform/secrets.server");
      return serverSecret();
    } finally {
      process.env = saved;
    }
  }

  it("is generated on first start, kept beside the database and reused", async () => {
    const first = await secretWith({ DATABASE_PATH: databasePath });
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(await secretWith({ DATABASE_PATH: databasePath })).toBe(first);
  });

  it("is SESSION_SECRET when given", async () => {
    const given = "a".repeat(40);
    expect(
      await secretWith({ DATABASE_PATH: databasePath, SESSION_SECRET: given }),
    ).toBe(given);
  });

  it("is refused when its file was damaged, rather than silently replaced", async () => {
    const path = join(root, "damaged", "lookout.db");
    await secretWith({ DATABASE_PATH: path });
    writeFileSync(join(root, "damaged", "secret"), "abc");
    await expect(secretWith({ DATABASE_PATH: path })).rejects.toThrow(
      `The secret in ${join(root, "damaged", "secret")} is damaged (shorter than 32 characters): put back the copy from your backups, or set SESSION_SECRET`,
    );
  });
});

describe("starting with a bad configuration", () => {
  it("prints one line per problem and exits 1, without a stack trace", async () => {
    const result = await runScript("app/server/serve.server.ts", [], {
      NODE_ENV: "production",
      PORT: "http",
      SITE_URL: "https://lookout.example.org/board",
      DATABASE_PATH: join(root, "start", "lookout.db"),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Lookout cannot start: PORT must be a whole number from 0 to 65535 (it is "http")\n' +
        'Lookout cannot start: SITE_URL must be the site\'s origin only, such as https://lookout.example.org, without a path (it is "https://lookout.example.org/board")\n',
    );
  });

  it("refuses a content folder without posts, which would unpublish every post", async () => {
    const result = await runScript("app/server/serve.server.ts", [], {
      NODE_ENV: "production",
      CONTENT_DIR: join(root, "no-such-folder"),
      DATABASE_PATH: join(root, "start", "lookout.db"),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `Lookout cannot start: CONTENT_DIR must be a folder with a posts/ folder inside; ${join(root, "no-such-folder")} has none\n`,
    );
  });
});

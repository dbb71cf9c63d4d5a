import { resolve } from "node:path";
import { z } from "zod";

const PORT_MESSAGE = "PORT must be a whole number from 0 to 65535";

const envSchema = z.object({
  NODE_ENV: z
    .enum(["development", "production", "test"], {
      error: "NODE_ENV must be development, production or test",
    })
    .default("development"),
  PORT: z.coerce
    .number({ error: PORT_MESSAGE })
    .int({ error: PORT_MESSAGE })
    .min(0, { error: PORT_MESSAGE })
    .max(65535, { error: PORT_MESSAGE })
    .default(3000),
  // Loopback by default: a public server sits behind a reverse proxy, or sets HOST=0.0.0.0.
  HOST: z
    .string()
    .regex(/^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|[0-9a-f:.]*:[0-9a-f:.]*)$/i, {
      error:
        "HOST must be an address or host name to listen on, such as 127.0.0.1, 0.0.0.0 or ::, without a port",
    })
    .default("127.0.0.1"),
  DATABASE_PATH: z.string().default("data/lookout.db"),
  CONTENT_DIR: z.string().default("content"),
  // Signs cookies and keys addresses; generated and kept in the data folder when unset.
  SESSION_SECRET: z
    .string()
    .min(32, { error: "SESSION_SECRET must be at least 32 characters" })
    .optional(),
  // The public address of the site, for absolute links in feeds, the sitemap and link previews;
  // unset, where the server listens (listenAddress).
  SITE_URL: z
    .url({
      protocol: /^https?$/,
      error:
        "SITE_URL must be an absolute http(s) URL such as https://lookout.example.org",
    })
    // Routes are served from the root: a path, a query or a fragment would make every link wrong.
    .refine((value) => /^https?:\/\/[^/?#@]+\/?$/i.test(value), {
      error:
        "SITE_URL must be the site's origin only, such as https://lookout.example.org, without a path",
    })
    .optional(),
  // Which proxies may tell the client's address (X-Forwarded-For) and protocol: unset trusts none,
  // so the socket address counts; "loopback" for a proxy on the same machine; or addresses/subnets.
  TRUST_PROXY: z
    .string()
    .trim()
    .regex(
      /^(?:loopback|uniquelocal|linklocal|[0-9a-f.:/]+)(?:\s*,\s*(?:loopback|uniquelocal|linklocal|[0-9a-f.:/]+))*$/i,
      {
        error:
          'TRUST_PROXY must be "loopback", or a comma-separated list of proxy addresses or subnets',
      },
    )
    .optional(),
  // Memory for the cache of rendered pages for signed-out readers; 0 turns the cache off.
  PAGE_CACHE_MB: z.coerce
    .number({ error: "PAGE_CACHE_MB must be a number of megabytes" })
    .min(0, { error: "PAGE_CACHE_MB must be 0 (off) or more" })
    .max(4096, { error: "PAGE_CACHE_MB must be at most 4096" })
    .default(32),
  // Memory for discussions' markup drawn before, kept by what it shows (decision 078); 0: off.
  DRAWN_PARTS_MB: z.coerce
    .number({ error: "DRAWN_PARTS_MB must be a number of megabytes" })
    .min(0, { error: "DRAWN_PARTS_MB must be 0 (off) or more" })
    .max(4096, { error: "DRAWN_PARTS_MB must be at most 4096" })
    .default(8),
  // Where mail goes: unset writes each message as an .eml file beside the database instead.
  SMTP_URL: z
    .string()
    .trim()
    .refine(isSmtpUrl, {
      error:
        "SMTP_URL must be smtp://user:password@host:port or smtps://user:password@host:port",
    })
    .optional(),
  // The sender of every message: an address, or a name and an address in angle brackets.
  MAIL_FROM: z
    .string()
    .trim()
    .regex(/^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/, {
      error:
        'MAIL_FROM must be an address such as lookout@example.org, or "Lookout <lookout@example.org>"',
    })
    .optional(),
  // How long a message is retried while the mail server is down or refuses it for now.
  MAIL_GIVE_UP_HOURS: z.coerce
    .number({ error: "MAIL_GIVE_UP_HOURS must be a number of hours" })
    .min(0.01, { error: "MAIL_GIVE_UP_HOURS must be more than 0" })
    .max(24 * 30, { error: "MAIL_GIVE_UP_HOURS must be at most 720 (30 days)" })
    .default(24),
  // Moderators are reminded when a held comment has waited longer than this.
  ALERT_REMINDER_HOURS: z.coerce
    .number({ error: "ALERT_REMINDER_HOURS must be a number of hours" })
    .min(1, { error: "ALERT_REMINDER_HOURS must be at least 1" })
    .max(24 * 30, {
      error: "ALERT_REMINDER_HOURS must be at most 720 (30 days)",
    })
    .default(24),
  // Tests of the built server only: a file whose text is an ISO time the server takes as now
  // (app/platform/clock.server.ts). Ignored unless NODE_ENV is test.
  TEST_CLOCK_FILE: z.string().optional(),
});

function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      (url.protocol === "smtp:" || url.protocol === "smtps:") &&
      url.hostname !== "" &&
      url.pathname.replace(/^\/$/, "") === ""
    );
  } catch {
    return false;
  }
}

/** A mail server URL with its password replaced, fit to show an operator. */
export function withoutPassword(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*):[^@/]*@/i, "$1:***@");
}

export type Env = z.infer<typeof envSchema> & { SITE_URL: string };

// Listening on every interface, or on the loopback address that "localhost" reaches, the address
// a person types on this machine is localhost.
const LOCALHOST_ADDRESSES = new Set(["0.0.0.0", "::", "127.0.0.1"]);

/** The address a browser on this machine reaches the server at, without SITE_URL. */
function listenAddress(host: string, port: number): string {
  const name = LOCALHOST_ADDRESSES.has(host)
    ? "localhost"
    : host.includes(":")
      ? `[${host}]`
      : host;
  return `http://${name}:${port}`;
}

/** A bad configuration value; its message is one line per problem, each naming the variable. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

// Shown back to the operator when wrong, so a typo is easy to spot; the secret never is.
const ECHOED = new Set([
  "NODE_ENV",
  "PORT",
  "HOST",
  "SITE_URL",
  "TRUST_PROXY",
  "MAIL_FROM",
  "MAIL_GIVE_UP_HOURS",
  "ALERT_REMINDER_HOURS",
]);
// Shown with the password masked.
const MASKED = new Set(["SMTP_URL"]);

let cached: Env | undefined;

/** The validated configuration; a bad value throws a ConfigError naming the variable. */
export function env(): Env {
  if (cached) return cached;
  // `PORT=` in an environment file means "not set", not "port zero".
  const given = Object.fromEntries(
    Object.entries(process.env).filter(([, value]) => value !== ""),
  );
  const parsed = envSchema.safeParse(given);
  if (!parsed.success) {
    // The first problem of each variable: one line per bad value.
    const byName = new Map<string, string>();
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0]);
      if (byName.has(name)) continue;
      const value = given[name];
      byName.set(
        name,
        value === undefined
          ? issue.message
          : ECHOED.has(name)
            ? `${issue.message} (it is ${JSON.stringify(value)})`
            : MASKED.has(name)
              ? `${issue.message} (it is ${JSON.stringify(withoutPassword(value))})`
              : issue.message,
      );
    }
    throw new ConfigError([...byName.values()].join("\n"));
  }
  cached = {
    ...parsed.data,
    DATABASE_PATH:
      parsed.data.DATABASE_PATH === ":memory:"
        ? ":memory:"
        : resolve(parsed.data.DATABASE_PATH),
    CONTENT_DIR: resolve(parsed.data.CONTENT_DIR),
    // The bare origin, without a trailing slash, so a path can be appended: `${SITE_URL}/feed.xml`.
    SITE_URL: new URL(
      parsed.data.SITE_URL ?? listenAddress(parsed.data.HOST, parsed.data.PORT),
    ).origin,
  };
  return cached;
}

import { resolve } from "node:path";
import { z } from "zod";

const envSchema = z.object({
  NODE_ENV: z
    .enum(["development", "production", "test"])
    .default("development"),
  PORT: z.coerce
    .number({ error: "PORT must be a number" })
    .int()
    .min(0)
    .max(65535, { error: "PORT must be between 0 and 65535" })
    .default(3000),
  // Loopback by default: a public server sits behind a reverse proxy, or sets HOST=0.0.0.0.
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_PATH: z.string().min(1).default("data/lookout.db"),
  CONTENT_DIR: z.string().min(1).default("content"),
  // Signs cookies and keys addresses; generated and kept in the data folder when unset.
  SESSION_SECRET: z
    .string()
    .min(32, { error: "SESSION_SECRET must be at least 32 characters" })
    .optional(),
  // The public address of the site, for absolute links in feeds, the sitemap and link previews.
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
    .default("http://localhost:3000"),
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
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/** The validated configuration; a bad value stops the server with a message naming the variable. */
export function env(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (issue) => `  ${issue.path.join(".")}: ${issue.message}`,
    );
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  cached = {
    ...parsed.data,
    DATABASE_PATH:
      parsed.data.DATABASE_PATH === ":memory:"
        ? ":memory:"
        : resolve(parsed.data.DATABASE_PATH),
    CONTENT_DIR: resolve(parsed.data.CONTENT_DIR),
    // The bare origin, without a trailing slash, so a path can be appended: `${SITE_URL}/feed.xml`.
    SITE_URL: new URL(parsed.data.SITE_URL).origin,
  };
  return cached;
}

import { execFileSync, spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../helpers/server";

export type StaticServer = {
  /** Base URL, without a trailing slash. */
  url: string;
  version: string;
  /** nginx's master process: its worker is its child. */
  pid: number;
  stop(): Promise<void>;
};

/** Answers a two-byte body: what the load generator reaches when the server costs nothing. */
export const TRIVIAL_PATH = "/trivial";

const CANDIDATES = [
  "/usr/sbin/nginx",
  "/usr/bin/nginx",
  "/usr/local/sbin/nginx",
];

function findNginx(): string | null {
  try {
    return (
      execFileSync("sh", ["-c", "command -v nginx"], {
        encoding: "utf8",
      }).trim() || null
    );
  } catch {
    return CANDIDATES.find((path) => existsSync(path)) ?? null;
  }
}

/** Debian's nginx, installed with apt-get when the machine lacks it (the bench runs as root in CI). */
export function ensureNginx(): string {
  const found = findNginx();
  if (found) return found;
  const run = (args: string[]) => {
    process.stderr.write(
      `nginx is not installed: running apt-get ${args.join(" ")}\n`,
    );
    // RUNLEVEL=1 keeps the package's service from starting on port 80: the bench runs its own.
    execFileSync("apt-get", args, {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive", RUNLEVEL: "1" },
    });
  };
  run(["update", "-qq"]);
  run(["install", "-y", "-qq", "nginx"]);
  const installed = findNginx();
  if (!installed)
    throw new Error("apt-get installed nginx but it is not on the PATH");
  return installed;
}

function waitForExit(child: ReturnType<typeof spawn>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve();
  return new Promise((done) => child.once("exit", () => done()));
}

/**
 * Serves each body as a static file at its path with nginx on a free loopback port: one worker (the
 * app is one Node process), no access log, keep-alive without a request cap (as Node's), its
 * own temporary prefix so it touches nothing of the machine's nginx setup. A path without an
 * extension is a page (kept as `<path>.html`); one with an extension (a stylesheet, an icon) is
 * served by its name. With `gzip`, nginx compresses what a client accepts compressed, as the app does.
 */
export async function serveStatic(
  binary: string,
  files: { path: string; body: Buffer }[],
  options: { gzip?: boolean } = {},
): Promise<StaticServer> {
  const prefix = mkdtempSync(join(tmpdir(), "lookout-bench-nginx-"));
  // nginx's worker runs as an unprivileged user when started as root: it must be able to read.
  chmodSync(prefix, 0o755);
  const root = join(prefix, "www");
  for (const { path, body } of files) {
    // "/" is kept as index.html.
    const name = path === "/" ? "index" : path.replace(/^\//, "");
    const file = join(root, /\.\w+$/.test(name) ? name : `${name}.html`);
    mkdirSync(join(file, ".."), { recursive: true, mode: 0o755 });
    writeFileSync(file, body, { mode: 0o644 });
  }
  const port = await freePort();
  const config = join(prefix, "nginx.conf");
  writeFileSync(
    config,
    `worker_processes 1;
daemon off;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  types {
    text/html html;
    text/css css;
    image/svg+xml svg;
    image/x-icon ico;
    image/png png;
    font/woff2 woff2;
  }
  default_type text/html;
  sendfile on;${
    options.gzip
      ? `
  gzip on;
  gzip_min_length 0;
  gzip_types text/css image/svg+xml;`
      : ""
  }
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    location = ${TRIVIAL_PATH} { return 200 "ok"; }
    location = / { try_files /index.html =404; }
    location / { try_files $uri.html $uri =404; }
  }
}
`,
  );
  // `nginx -v` prints its version on stderr.
  const version = spawnSync(binary, ["-v"], { encoding: "utf8" }).stderr.trim();
  const child = spawn(
    binary,
    ["-p", prefix, "-c", config, "-e", join(prefix, "error.log")],
    {
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let output = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    const exit = waitForExit(child);
    child.kill("SIGTERM");
    await exit;
    rmSync(prefix, { recursive: true, force: true });
  };
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (child.exitCode !== null) break;
    try {
      const { path, body } = files[0]!;
      const response = await fetch(url + path);
      if (response.ok && Buffer.from(await response.arrayBuffer()).equals(body))
        return { url, version, pid: child.pid!, stop };
    } catch {
      // Not listening yet.
    }
    await new Promise((wait) => setTimeout(wait, 50));
  }
  const log = existsSync(join(prefix, "error.log"))
    ? readFileSync(join(prefix, "error.log"), "utf8")
    : "";
  await stop();
  throw new Error(`nginx did not serve the page: ${output}${log}`);
}

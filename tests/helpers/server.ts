import { spawn, type ChildProcess } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { POLICY_SETTINGS_KEY } from "../../app/features/moderation/policy.server";

/** The repository root: the server runs from there, as `npm start` does. */
export const REPO_ROOT = resolve(
  fileURLToPath(new URL(".", import.meta.url)),
  "../..",
);

/**
 * The options `npm start` gives node before `build/serve.js` (such as the young generation's
 * size), read once from package.json so a server under test runs with exactly those.
 */
export const START_SCRIPT_NODE_OPTIONS: string[] = (() => {
  const manifest = JSON.parse(
    readFileSync(join(REPO_ROOT, "package.json"), "utf8"),
  ) as { scripts: Record<string, string> };
  const match = /\bnode ((?:--\S+ )*)build\/serve\.js/.exec(
    manifest.scripts.start ?? "",
  );
  if (!match) {
    throw new Error(
      "package.json's start script no longer runs node build/serve.js",
    );
  }
  return match[1]!.split(" ").filter((option) => option !== "");
})();

const READY_LINE = "Lookout is listening on";
const START_TIMEOUT_MS = 60_000;
const KILL_GRACE_MS = 5_000;

export type RunningServer = {
  /** The base URL, such as http://127.0.0.1:41234, without a trailing slash. */
  url: string;
  /** Stops the server and removes its temporary database folder. */
  stop(): Promise<void>;
  /** Everything the server printed so far, stdout and stderr interleaved. */
  logs(): string;
  /** The SQLite file the server uses (its DATABASE_PATH), for tests that act as a moderator. */
  databasePath: string;
  /**
   * Sends a signal to the server's process group and resolves with how the server process
   * ended. Unlike stop(), it never escalates to SIGKILL and leaves the database folder in place.
   */
  kill(name: NodeJS.Signals): Promise<ServerExit>;
  /** The process id of the server, for measuring its memory. */
  pid: number;
};

export type ServerExit = { code: number | null; signal: string | null };

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      if (typeof address !== "object" || address === null) {
        probe.close();
        reject(new Error("could not read the probe server's port"));
        return;
      }
      const { port } = address;
      probe.close((error) => (error ? reject(error) : resolvePort(port)));
    });
  });
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Signals the server's whole process group, helpers it started (esbuild) included. */
function signal(child: ChildProcess, name: NodeJS.Signals): void {
  if (child.pid === undefined || exited(child)) return;
  try {
    process.kill(-child.pid, name);
  } catch {
    child.kill(name);
  }
}

function waitForExit(child: ChildProcess): Promise<ServerExit> {
  if (exited(child))
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((done) =>
    child.once("exit", (code, signal) => done({ code, signal })),
  );
}

/**
 * Starts the production server as `npm start` runs it (`node build/serve.js`, made by the build,
 * with the start script's node options)
 * on a free loopback port, with its own temporary database, and resolves once it says it is
 * listening. Given a `databasePath`, it serves that database instead, and stop() leaves it for
 * the caller.
 */
export async function startServer(
  options: {
    contentDir?: string;
    env?: Record<string, string>;
    databasePath?: string;
    /** Options for node itself, before the script (such as `--cpu-prof`). */
    nodeOptions?: string[];
    /**
     * A file the server's standard output is written to by the system, instead of a pipe this
     * process reads: under load that is a log line a request, whose reading would take CPU from
     * the load generator beside it (the benchmark).
     */
    logFile?: string;
  } = {},
): Promise<RunningServer> {
  if (!existsSync(join(REPO_ROOT, "build/server/index.js"))) {
    throw new Error(
      "build/server/index.js is missing: run `npm run build` first",
    );
  }

  const port = await freePort();
  // A temporary folder of its own unless the caller gave (and so keeps) a database.
  let dataDir: string | undefined;
  let databasePath = options.databasePath;
  if (databasePath === undefined) {
    dataDir = mkdtempSync(join(tmpdir(), "lookout-e2e-"));
    databasePath = join(dataDir, "e2e.db");
  }
  let output = "";
  const logFd =
    options.logFile === undefined ? undefined : openSync(options.logFile, "w");

  const child = spawn(
    process.execPath,
    [
      ...START_SCRIPT_NODE_OPTIONS,
      ...(options.nodeOptions ?? []),
      "build/serve.js",
    ],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        NODE_ENV: "production",
        HOST: "127.0.0.1",
        PORT: String(port),
        DATABASE_PATH: databasePath,
        CONTENT_DIR: options.contentDir ?? "content",
        // Its public address, as an operator configures it: forms are accepted from it only.
        SITE_URL: `http://127.0.0.1:${port}`,
        ...options.env,
      },
      stdio: ["ignore", logFd ?? "pipe", "pipe"],
      // Its own process group, so stop() also reaches the processes the server starts.
      detached: true,
    },
  );
  // The child has its own copy of the file's descriptor.
  if (logFd !== undefined) closeSync(logFd);
  const standardOutput = () =>
    options.logFile === undefined ? "" : readFileSync(options.logFile, "utf8");
  const logs = () => standardOutput() + output;
  child.stdout?.setEncoding("utf8");
  // Always a pipe (the spawn above): its errors are kept whatever becomes of the output.
  const errors = child.stderr!;
  errors.setEncoding("utf8");
  errors.on("data", (chunk: string) => {
    output += chunk;
  });

  const stop = async () => {
    if (!exited(child)) {
      const exit = waitForExit(child);
      signal(child, "SIGTERM");
      const timer = setTimeout(() => signal(child, "SIGKILL"), KILL_GRACE_MS);
      await exit;
      clearTimeout(timer);
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };

  const kill = (name: NodeJS.Signals) => {
    const exit = waitForExit(child);
    signal(child, name);
    return exit;
  };

  try {
    await new Promise<void>((ready, fail) => {
      let pending = "";
      // Written to a file, the ready line is looked for there.
      const poll =
        logFd === undefined
          ? undefined
          : setInterval(() => {
              if (standardOutput().includes(READY_LINE)) settle();
            }, 20);
      const timer = setTimeout(() => {
        settle(
          new Error(
            `the server did not start within ${START_TIMEOUT_MS / 1000} s; its output:\n${logs()}`,
          ),
        );
      }, START_TIMEOUT_MS);
      function settle(error?: Error) {
        clearTimeout(timer);
        clearInterval(poll);
        if (error) fail(error);
        else ready();
      }
      child.stdout?.on("data", (chunk: string) => {
        output += chunk;
        pending += chunk;
        const lines = pending.split("\n");
        pending = lines.pop() ?? "";
        if (lines.some((text) => text.includes(READY_LINE))) settle();
      });
      child.once("error", (error) => {
        settle(
          new Error(`the server could not be started: ${error.message}`, {
            cause: error,
          }),
        );
      });
      child.once("exit", (code, signal) => {
        settle(
          new Error(
            `the server exited (${signal ?? `code ${code}`}) before it was listening; its output:\n${logs()}`,
          ),
        );
      });
    });
    return {
      url: `http://127.0.0.1:${port}`,
      stop,
      logs,
      databasePath,
      kill,
      pid: child.pid!,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Resolves once the server has printed `text` (output arrives a little after the answers);
 * rejects, with what it did print, when that has not happened within `deadlineMs`.
 */
export async function waitForLog(
  server: RunningServer,
  text: string,
  deadlineMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!server.logs().includes(text)) {
    if (Date.now() > deadline)
      throw new Error(
        `the server did not print "${text}" within ${deadlineMs} ms; its output:\n${server.logs().slice(-4000)}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Sets the moderation policy of a running server by writing its database, as the settings page
 * would (the server reads the policy on every request). Unset fields take their defaults.
 */
export function setModerationPolicy(
  databasePath: string,
  policy: Record<string, unknown>,
): void {
  const database = new Database(databasePath);
  try {
    database.pragma("busy_timeout = 5000");
    database
      .prepare(
        `insert into settings (key, value, updated_at) values (?, ?, ?)
         on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at`,
      )
      .run(POLICY_SETTINGS_KEY, JSON.stringify(policy), Date.now());
  } finally {
    database.close();
  }
}

/**
 * Posts the comment form to a running server's `path` as a browser without JavaScript does,
 * from the site's own origin, and returns the answer unfollowed (a redirect stays a redirect).
 */
export function postCommentForm(
  server: RunningServer,
  path: string,
  fields: Record<string, string>,
): Promise<Response> {
  return fetch(server.url + path, {
    method: "POST",
    headers: {
      Origin: server.url,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ intent: "comment", parentId: "", ...fields }),
    redirect: "manual",
  });
}

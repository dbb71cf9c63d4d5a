import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { processTree } from "./memory";

/**
 * wrk, Debian's HTTP load generator written in C: a process of its own with its own threads, so
 * the figures are the server's and not those of a JavaScript loop sharing the benchmark's
 * process. Where the machine has more than one core, the server under test runs on the first
 * and wrk on the others (taskset), so neither takes the other's time.
 */

export type Placement = {
  /** Cores the servers under test are pinned to, or null when they are not pinned. */
  serverCores: number[] | null;
  /** Cores wrk is pinned to, or null. */
  generatorCores: number[] | null;
  /** How many cores the generator may use: the ceiling of its CPU use, in cores. */
  generatorCoreCount: number;
};

export type WrkResult = {
  requests: number;
  durationSeconds: number;
  bytes: number;
  errors: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** CPU time wrk used over the run's wall time: 1.0 is one core busy all along. */
  generatorCores: number;
  /** POSTs only: requests sent (some may be unanswered at the end) and answers accepted. */
  sent?: number;
  accepted?: number;
};

function installed(command: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Debian's wrk, installed with apt-get when the machine lacks it (the bench runs as root in CI). */
export function ensureWrk(): void {
  if (installed("wrk")) return;
  process.stderr.write("wrk is not installed: running apt-get install wrk\n");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  execFileSync("apt-get", ["install", "-y", "-qq", "wrk"], {
    stdio: "inherit",
    env,
  });
  if (!installed("wrk"))
    throw new Error("apt-get installed wrk but it is not on the PATH");
}

/** Server on core 0, wrk on the rest, when there is a rest and taskset to say so. */
export function placement(): Placement {
  const count = cpus().length;
  if (count < 2 || !installed("taskset"))
    return {
      serverCores: null,
      generatorCores: null,
      generatorCoreCount: count,
    };
  const rest = Array.from({ length: count - 1 }, (_, index) => index + 1);
  return {
    serverCores: [0],
    generatorCores: rest,
    generatorCoreCount: rest.length,
  };
}

/** Pins a running server, every process and thread of it (nginx's worker too), to the servers' cores. */
export function pinServer(pid: number, where: Placement): void {
  if (!where.serverCores) return;
  for (const member of processTree(pid))
    execFileSync(
      "taskset",
      ["-a", "-p", "-c", where.serverCores.join(","), String(member)],
      { stdio: "ignore" },
    );
}

/**
 * Pins a process (the benchmark's own: its memory sampling and the wrk runs it starts) to the
 * generator's cores, so the servers' core is theirs alone while they are measured.
 */
export function pinGenerator(pid: number, where: Placement): void {
  if (!where.generatorCores) return;
  execFileSync(
    "taskset",
    ["-a", "-p", "-c", where.generatorCores.join(","), String(pid)],
    { stdio: "ignore" },
  );
}

const luaString = (text: string) => JSON.stringify(text);

const luaTable = (headers: Record<string, string>) =>
  `{ ${Object.entries(headers)
    .map(([name, value]) => `[${luaString(name)}] = ${luaString(value)}`)
    .join(", ")} }`;

/** The JSON line every script writes at the end; `extra` adds fields of its own (Lua expressions). */
function doneFunction(extra: Record<string, string> = {}): string {
  const names = Object.keys(extra);
  const format = names.map((name) => `,"${name}":%d`).join("");
  const values = names.map((name) => `, ${extra[name]}`).join("");
  return `done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '\\nWRK-RESULT {"requests":%d,"durationUs":%d,"bytes":%d,"errors":%d,"p50Us":%d,"p99Us":%d${format}}\\n',
    summary.requests, summary.duration, summary.bytes,
    errors.connect + errors.read + errors.write + errors.timeout + errors.status,
    latency:percentile(50), latency:percentile(99)${values}))
end
`;
}

/**
 * A Lua script for wrk: the GETs in turn, and one JSON line of figures at the end. One path is
 * left to wrk's own request, made once: a Lua call per request would lower the generator's
 * ceiling, and nginx's small pages reach it.
 */
function getScript(
  paths: string[],
  headers: Record<string, string>,
  pauseMs: number | undefined,
): string {
  // wrk asks before each request how long the connection waits: it counts in whole milliseconds.
  const pause =
    pauseMs === undefined ? "" : `delay = function() return ${pauseMs} end\n`;
  if (paths.length === 1)
    return `wrk.method = "GET"
wrk.path = ${luaString(paths[0]!)}
${Object.entries(headers)
  .map(
    ([name, value]) =>
      `wrk.headers[${luaString(name)}] = ${luaString(value)}\n`,
  )
  .join("")}${pause}${doneFunction()}`;
  return `local paths = { ${paths.map(luaString).join(", ")} }
local headers = ${luaTable(headers)}
local next = 0
request = function()
  next = next % #paths + 1
  return wrk.format("GET", paths[next], headers)
end
${pause}${doneFunction()}`;
}

/** What a form POST load sends: a fresh body and a fresh client address for every request. */
export type PostLoad = {
  path: string;
  headers: Record<string, string>;
  /**
   * URL-encoded form bodies, used in turn, each ending with its comment's text: wrk appends
   * " (ref. N)", N a number no other request of the run carries.
   */
  bodies: string[];
  /** The first N of this run: runs given different ones never share a number. */
  firstMarker: number;
  /** The answers that count as "taken", told apart by the status and a text in the body. */
  accepted: { status: number; bodyContains?: string[] };
};

/**
 * POSTs for wrk: each request a body and an X-Forwarded-For of its own (the server must trust
 * its loopback proxy), numbered across wrk's threads; counts the answers the server accepted.
 */
function postScript(load: PostLoad): string {
  const needles = load.accepted.bodyContains ?? [];
  const bodyTest =
    needles.length === 0
      ? "true"
      : needles
          .map((needle) => `string.find(body, ${luaString(needle)}, 1, true)`)
          .join(" or ");
  return `local bodies = { ${load.bodies.map(luaString).join(",\n")} }
local path = ${luaString(load.path)}
local headers = ${luaTable(load.headers)}
local threads = {}
local created = 0
setup = function(thread)
  created = created + 1
  thread:set("thread_index", created - 1)
  table.insert(threads, thread)
end
sent = 0
accepted = 0
request = function()
  sent = sent + 1
  -- wrk has at most a few threads: a million numbers each is more than a run can send.
  local marker = ${load.firstMarker} + thread_index * 1000000 + sent
  headers["X-Forwarded-For"] = string.format("10.%d.%d.%d",
    math.floor(marker / 65536) % 256, math.floor(marker / 256) % 256, marker % 256)
  local body = bodies[sent % #bodies + 1] .. "%20(ref.%20" .. marker .. ")"
  return wrk.format("POST", path, headers, body)
end
response = function(status, headers, body)
  if status == ${load.accepted.status} and (${bodyTest}) then
    accepted = accepted + 1
  end
end
local function total(name)
  local sum = 0
  for _, thread in ipairs(threads) do sum = sum + thread:get(name) end
  return sum
end
${doneFunction({ sent: 'total("sent")', accepted: 'total("accepted")' })}`;
}

/** Seconds of CPU from bash's `times` line for its children, e.g. "0m1.250s 0m0.310s". */
function childCpuSeconds(timesOutput: string): number {
  const lines = timesOutput.trim().split("\n");
  const children = lines[lines.length - 1] ?? "";
  return [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce(
    (sum, match) => sum + Number(match[1]) * 60 + Number(match[2]),
    0,
  );
}

/**
 * GETs of these paths in turn, or form POSTs. `pauseMs`: each connection waits that long after
 * each answer, which holds the rate below what the server could take.
 */
export type WrkLoad =
  | { paths: string[]; headers?: Record<string, string>; pauseMs?: number }
  | { post: PostLoad };

/** Runs wrk against `baseUrl` for `seconds`, on the generator's cores. */
export async function runWrk(
  baseUrl: string,
  load: WrkLoad,
  options: { connections: number; seconds: number; where: Placement },
): Promise<WrkResult> {
  const folder = mkdtempSync(join(tmpdir(), "lookout-wrk-"));
  try {
    const scriptPath = join(folder, "requests.lua");
    writeFileSync(
      scriptPath,
      "post" in load
        ? postScript(load.post)
        : getScript(load.paths, load.headers ?? {}, load.pauseMs),
    );
    const threads = Math.max(
      1,
      Math.min(options.where.generatorCoreCount, options.connections),
    );
    const wrkArgs = [
      `-t${threads}`,
      `-c${options.connections}`,
      `-d${Math.max(1, Math.round(options.seconds))}s`,
      "--timeout",
      "10s",
      "-s",
      scriptPath,
      baseUrl,
    ];
    const command = options.where.generatorCores
      ? [
          "taskset",
          "-c",
          options.where.generatorCores.join(","),
          "wrk",
          ...wrkArgs,
        ]
      : ["wrk", ...wrkArgs];
    // bash's `times` reports the CPU its finished children used: wrk's own, all threads.
    const child = spawn(
      "bash",
      ["-c", '"$@"; status=$?; times >&2; exit $status', "bash", ...command],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout
      .setEncoding("utf8")
      .on("data", (chunk: string) => (stdout += chunk));
    child.stderr
      .setEncoding("utf8")
      .on("data", (chunk: string) => (stderr += chunk));
    const started = performance.now();
    const code = await new Promise<number | null>((done) =>
      child.once("exit", done),
    );
    const wallSeconds = (performance.now() - started) / 1000;
    const line = /WRK-RESULT (\{.*\})/.exec(stdout)?.[1];
    if (code !== 0 || !line)
      throw new Error(`wrk failed (exit ${code}):\n${stdout}\n${stderr}`);
    const figures = JSON.parse(line) as {
      requests: number;
      durationUs: number;
      bytes: number;
      errors: number;
      p50Us: number;
      p99Us: number;
      sent?: number;
      accepted?: number;
    };
    return {
      sent: figures.sent,
      accepted: figures.accepted,
      requests: figures.requests,
      durationSeconds: figures.durationUs / 1e6,
      bytes: figures.bytes,
      errors: figures.errors,
      latencyP50Ms: figures.p50Us / 1000,
      latencyP99Ms: figures.p99Us / 1000,
      generatorCores: childCpuSeconds(stderr) / wallSeconds,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

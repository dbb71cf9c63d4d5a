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
 * Pins a process (the benchmark's own: its memory sampling and autocannon) to the generator's
 * cores, so the servers' core is theirs alone while they are measured.
 */
export function pinGenerator(pid: number, where: Placement): void {
  if (!where.generatorCores) return;
  execFileSync(
    "taskset",
    ["-a", "-p", "-c", where.generatorCores.join(","), String(pid)],
    { stdio: "ignore" },
  );
}

/** A Lua script for wrk: the requests in turn, and one JSON line of figures at the end. */
function script(paths: string[], headers: Record<string, string>): string {
  const luaString = (text: string) => JSON.stringify(text);
  const headerTable = Object.entries(headers)
    .map(([name, value]) => `[${luaString(name)}] = ${luaString(value)}`)
    .join(", ");
  return `local paths = { ${paths.map(luaString).join(", ")} }
local headers = { ${headerTable} }
local next = 0
request = function()
  next = next % #paths + 1
  return wrk.format("GET", paths[next], headers)
end
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '\\nWRK-RESULT {"requests":%d,"durationUs":%d,"bytes":%d,"errors":%d,"p50Us":%d,"p99Us":%d}\\n',
    summary.requests, summary.duration, summary.bytes,
    errors.connect + errors.read + errors.write + errors.timeout + errors.status,
    latency:percentile(50), latency:percentile(99)))
end
`;
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

/** Runs wrk against `baseUrl` for `seconds`, on the generator's cores. */
export async function runWrk(
  baseUrl: string,
  paths: string[],
  options: {
    connections: number;
    seconds: number;
    headers?: Record<string, string>;
    where: Placement;
  },
): Promise<WrkResult> {
  const folder = mkdtempSync(join(tmpdir(), "lookout-wrk-"));
  try {
    const scriptPath = join(folder, "requests.lua");
    writeFileSync(scriptPath, script(paths, options.headers ?? {}));
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
    };
    return {
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

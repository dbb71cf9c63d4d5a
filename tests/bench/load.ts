import {
  cpuSeconds,
  processTree,
  sampleMemory,
  type MemoryPeak,
} from "./memory";
import { runWrk, type Placement, type WrkLoad, type WrkResult } from "./wrk";

export type LoadSettings = {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
};

export type Measurement = {
  /** Requests in flight at once. */
  connections: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  /** Over several rounds, the median of their p99s, each round's listed in `latencyP99RoundsMs`. */
  latencyP99Ms: number;
  latencyP99RoundsMs?: number[];
  requests: number;
  /** Connection errors, timeouts and answers other than 2xx and 3xx. */
  errors: number;
  /** Bytes read per response, headers included. */
  bytesPerResponse: number;
  /** Null when the server is not ours to sample (nginx). */
  memory: MemoryPeak | null;
  /**
   * The CPU time, user and system, the server's processes used over the measured run, per
   * answer, in microseconds: what an answer costs the server whatever limited the rate (the
   * generator, when it was saturated). Null when the server's process was not given.
   */
  serverCpuUsPerAnswer: number | null;
  /** wrk, a process of its own, for every scenario. */
  generator: "wrk";
  /** The generator's CPU use over the run (its busiest round): 1.0 is one core busy all along. */
  generatorCores: number;
  /** POSTs only: what the measured run sent and what the server accepted. */
  sent?: number;
  accepted?: number;
};

/** The middle value (the lower of the two middle ones for an even count), 0 for none. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
}

/**
 * Loads the server with wrk for the configured time after a warm-up whose figures are thrown
 * away, sampling the server's memory meanwhile. `load` is called for each run (POSTs number
 * their bodies afresh in each). With `rounds`, the measured run is repeated: a p99 of one run
 * on a shared machine can be one pause's, and the median of several is the server's.
 */
export async function measure(
  baseUrl: string,
  load: (run: "warm-up" | "measured") => WrkLoad,
  settings: LoadSettings,
  options: {
    serverPid?: number;
    /** Not ours to sample (nginx): its CPU is counted, its memory is not a target. */
    skipMemory?: boolean;
    where: Placement;
    rounds?: number;
  },
): Promise<Measurement> {
  const run = (kind: "warm-up" | "measured", seconds: number) =>
    runWrk(baseUrl, load(kind), {
      connections: settings.connections,
      seconds,
      where: options.where,
    });
  if (settings.warmupSeconds > 0) await run("warm-up", settings.warmupSeconds);
  const memory =
    options.serverPid === undefined || options.skipMemory
      ? null
      : sampleMemory(options.serverPid);
  const serverPids =
    options.serverPid === undefined ? [] : processTree(options.serverPid);
  const cpuBefore = cpuSeconds(serverPids);
  const rounds: WrkResult[] = [];
  for (let round = 0; round < (options.rounds ?? 1); round += 1)
    rounds.push(await run("measured", settings.durationSeconds));
  const serverCpu = cpuSeconds(serverPids) - cpuBefore;
  const peak = memory?.stop() ?? null;
  const total = (
    field:
      "requests" | "durationSeconds" | "bytes" | "errors" | "sent" | "accepted",
  ) => rounds.reduce((sum, round) => sum + (round[field] ?? 0), 0);
  const requests = total("requests");
  const p99s = rounds.map((round) => round.latencyP99Ms);
  return {
    connections: settings.connections,
    requestsPerSecond: requests / total("durationSeconds"),
    latencyP50Ms: median(rounds.map((round) => round.latencyP50Ms)),
    latencyP99Ms: median(p99s),
    latencyP99RoundsMs: rounds.length > 1 ? p99s : undefined,
    requests,
    errors: total("errors"),
    bytesPerResponse:
      requests === 0 ? 0 : Math.round(total("bytes") / requests),
    memory: peak,
    serverCpuUsPerAnswer:
      serverPids.length === 0 || requests === 0
        ? null
        : (serverCpu * 1e6) / requests,
    generator: "wrk",
    generatorCores: Math.max(...rounds.map((round) => round.generatorCores)),
    sent: rounds[0]!.sent === undefined ? undefined : total("sent"),
    accepted: rounds[0]!.accepted === undefined ? undefined : total("accepted"),
  };
}

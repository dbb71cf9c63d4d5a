import {
  cpuSeconds,
  processTree,
  sampleMemory,
  type MemoryPeak,
} from "./memory";
import { runWrk, type Placement, type WrkLoad } from "./wrk";

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
  latencyP99Ms: number;
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
  /** The generator's CPU use over the run: 1.0 is one core busy all along. */
  generatorCores: number;
  /** POSTs only: what the measured run sent and what the server accepted. */
  sent?: number;
  accepted?: number;
};

/**
 * Loads the server with wrk for the configured time after a warm-up whose figures are thrown
 * away, sampling the server's memory meanwhile. `load` is called for each of the two runs
 * (POSTs number their bodies afresh in each).
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
  const result = await run("measured", settings.durationSeconds);
  const serverCpu = cpuSeconds(serverPids) - cpuBefore;
  const peak = memory?.stop() ?? null;
  return {
    connections: settings.connections,
    requestsPerSecond: result.requests / result.durationSeconds,
    latencyP50Ms: result.latencyP50Ms,
    latencyP99Ms: result.latencyP99Ms,
    requests: result.requests,
    errors: result.errors,
    bytesPerResponse:
      result.requests === 0 ? 0 : Math.round(result.bytes / result.requests),
    memory: peak,
    serverCpuUsPerAnswer:
      serverPids.length === 0 || result.requests === 0
        ? null
        : (serverCpu * 1e6) / result.requests,
    generator: "wrk",
    generatorCores: result.generatorCores,
    sent: result.sent,
    accepted: result.accepted,
  };
}

import { sampleMemory, type MemoryPeak } from "./memory";
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
  options: { serverPid?: number; where: Placement },
): Promise<Measurement> {
  const run = (kind: "warm-up" | "measured", seconds: number) =>
    runWrk(baseUrl, load(kind), {
      connections: settings.connections,
      seconds,
      where: options.where,
    });
  if (settings.warmupSeconds > 0) await run("warm-up", settings.warmupSeconds);
  const memory =
    options.serverPid === undefined ? null : sampleMemory(options.serverPid);
  const result = await run("measured", settings.durationSeconds);
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
    generator: "wrk",
    generatorCores: result.generatorCores,
    sent: result.sent,
    accepted: result.accepted,
  };
}

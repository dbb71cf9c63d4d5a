import {
  cpuSeconds,
  processTree,
  sampleMemory,
  type MemoryPeak,
} from "./memory";
import { addCoreTimeBetween, readCoreTimes, stealShare } from "./steal";
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
  /**
   * The share of the cores' time the virtual machine's host took over the measured rounds
   * (steal), on the servers' cores and on wrk's; null where Linux does not count it.
   */
  steal: { server: number | null; generator: number | null };
  /** POSTs only: what the measured run sent and what the server accepted. */
  sent?: number;
  accepted?: number;
};

/** The middle value (the lower of the two middle ones for an even count), 0 for none. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
}

/** One server's share of a measurement: where it listens, what to send it, whose CPU to count. */
export type LoadTarget = {
  baseUrl: string;
  /** Called for each run (POSTs number their bodies afresh in each). */
  load: (run: "warm-up" | "measured") => WrkLoad;
  serverPid?: number;
  /** Not ours to sample (nginx): its CPU is counted, its memory is not a target. */
  skipMemory?: boolean;
};

/** What runs one load against one server: wrk, unless a test stands in for it. */
export type RoundRunner = (
  baseUrl: string,
  load: WrkLoad,
  options: { connections: number; seconds: number; where: Placement },
) => Promise<WrkResult>;

/**
 * Loads the server with wrk for the configured time after a warm-up whose figures are thrown
 * away, sampling the server's memory meanwhile. With `rounds`, the measured run is repeated: a
 * p99 of one run on a shared machine can be one pause's, and the median of several is the
 * server's.
 */
export async function measure(
  baseUrl: string,
  load: LoadTarget["load"],
  settings: LoadSettings,
  options: Omit<LoadTarget, "baseUrl" | "load"> & {
    where: Placement;
    rounds?: number;
  },
): Promise<Measurement> {
  const { where, rounds, ...server } = options;
  const [measurement] = await measureSideBySide(
    [{ baseUrl, load, ...server }],
    settings,
    { where, rounds },
  );
  return measurement!;
}

/**
 * Several servers measured as `measure` measures one, their rounds taken in turn (the first's
 * first round, the second's, …, then each one's second): a slow minute on a shared machine then
 * falls on all of them alike, and a ratio between their figures compares servers, not minutes
 * (decision 086). Each server's CPU is counted over its own rounds only.
 */
export async function measureSideBySide(
  targets: LoadTarget[],
  settings: LoadSettings,
  options: { where: Placement; rounds?: number },
  runRound: RoundRunner = runWrk,
): Promise<Measurement[]> {
  const run = (
    target: LoadTarget,
    kind: "warm-up" | "measured",
    seconds: number,
  ) =>
    runRound(target.baseUrl, target.load(kind), {
      connections: settings.connections,
      seconds,
      where: options.where,
    });
  if (settings.warmupSeconds > 0)
    for (const target of targets)
      await run(target, "warm-up", settings.warmupSeconds);
  const watched = targets.map((target) => ({
    target,
    memory:
      target.serverPid === undefined || target.skipMemory
        ? null
        : sampleMemory(target.serverPid),
    pids: target.serverPid === undefined ? [] : processTree(target.serverPid),
    cpuSeconds: 0,
    rounds: [] as WrkResult[],
    serverCores: { steal: 0, total: 0 },
    generatorCores: { steal: 0, total: 0 },
  }));
  for (let round = 0; round < (options.rounds ?? 1); round += 1)
    for (const server of watched) {
      const cpuBefore = cpuSeconds(server.pids);
      const coresBefore = readCoreTimes();
      server.rounds.push(
        await run(server.target, "measured", settings.durationSeconds),
      );
      const coresAfter = readCoreTimes();
      server.cpuSeconds += cpuSeconds(server.pids) - cpuBefore;
      addCoreTimeBetween(
        server.serverCores,
        coresBefore,
        coresAfter,
        options.where.serverCores,
      );
      addCoreTimeBetween(
        server.generatorCores,
        coresBefore,
        coresAfter,
        options.where.generatorCores,
      );
    }
  return watched.map((server) =>
    summary(server.rounds, {
      connections: settings.connections,
      memory: server.memory?.stop() ?? null,
      cpuSeconds: server.pids.length === 0 ? null : server.cpuSeconds,
      steal: {
        server: stealShare(server.serverCores),
        generator: stealShare(server.generatorCores),
      },
    }),
  );
}

/** One server's rounds as one measurement: rates over all of them, the median round's p99. */
function summary(
  rounds: WrkResult[],
  server: {
    connections: number;
    memory: MemoryPeak | null;
    cpuSeconds: number | null;
    steal: Measurement["steal"];
  },
): Measurement {
  const total = (
    field:
      "requests" | "durationSeconds" | "bytes" | "errors" | "sent" | "accepted",
  ) => rounds.reduce((sum, round) => sum + (round[field] ?? 0), 0);
  const requests = total("requests");
  const p99s = rounds.map((round) => round.latencyP99Ms);
  return {
    connections: server.connections,
    requestsPerSecond: requests / total("durationSeconds"),
    latencyP50Ms: median(rounds.map((round) => round.latencyP50Ms)),
    latencyP99Ms: median(p99s),
    latencyP99RoundsMs: rounds.length > 1 ? p99s : undefined,
    requests,
    errors: total("errors"),
    bytesPerResponse:
      requests === 0 ? 0 : Math.round(total("bytes") / requests),
    memory: server.memory,
    serverCpuUsPerAnswer:
      server.cpuSeconds === null || requests === 0
        ? null
        : (server.cpuSeconds * 1e6) / requests,
    generator: "wrk",
    generatorCores: Math.max(...rounds.map((round) => round.generatorCores)),
    steal: server.steal,
    sent: rounds[0]!.sent === undefined ? undefined : total("sent"),
    accepted: rounds[0]!.accepted === undefined ? undefined : total("accepted"),
  };
}

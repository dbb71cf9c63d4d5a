import autocannon from "autocannon";
import { sampleMemory, type MemoryPeak } from "./memory";
import { runWrk, type Placement } from "./wrk";

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
  /** Connection errors, timeouts and answers other than 2xx. */
  errors: number;
  /** Bytes read per response, headers included. */
  bytesPerResponse: number;
  /** Null when the server is not ours to sample (nginx). */
  memory: MemoryPeak | null;
  /** wrk for pages; autocannon, in this process, where each request needs a body of its own. */
  generator: "wrk" | "autocannon";
  /** The generator's CPU use over the run: 1.0 is one core busy all along. */
  generatorCores: number;
};

export type Request = {
  method?: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  /** Called before every request: a fresh body or headers for each one. */
  setupRequest?: (
    request: RequestShape,
    context: Record<string, unknown>,
  ) => RequestShape;
  onResponse?: (
    status: number,
    body: string,
    context: Record<string, unknown>,
  ) => void;
};

export type RequestShape = {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
};

/** autocannon in this process: its CPU use is this process's over the run. */
async function hammer(
  baseUrl: string,
  requests: Request[],
  headers: Record<string, string>,
  settings: LoadSettings,
  durationSeconds: number,
) {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await autocannon({
    url: baseUrl,
    connections: settings.connections,
    duration: durationSeconds,
    headers,
    // autocannon's own types lag behind its options: requests are passed as it documents them.
    requests: requests as never,
  });
  const cpu = process.cpuUsage(cpuBefore);
  const generatorCores =
    (cpu.user + cpu.system) / 1e6 / ((performance.now() - started) / 1000);
  return { ...result, generatorCores };
}

/** Plain GETs go to wrk: a process of its own, on cores of its own. */
async function measureWithWrk(
  baseUrl: string,
  requests: Request[],
  settings: LoadSettings,
  options: {
    headers: Record<string, string>;
    serverPid?: number;
    where: Placement;
  },
): Promise<Measurement> {
  const run = (seconds: number) =>
    runWrk(
      baseUrl,
      requests.map((request) => request.path),
      {
        connections: settings.connections,
        seconds,
        headers: options.headers,
        where: options.where,
      },
    );
  if (settings.warmupSeconds > 0) await run(settings.warmupSeconds);
  const memory =
    options.serverPid === undefined ? null : sampleMemory(options.serverPid);
  const result = await run(settings.durationSeconds);
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
  };
}

/**
 * Loads one address (or a rotation of requests) for the configured time after a warm-up whose
 * figures are thrown away, sampling the server's memory meanwhile.
 */
export async function measure(
  baseUrl: string,
  requests: Request[],
  settings: LoadSettings,
  options: {
    headers?: Record<string, string>;
    serverPid?: number;
    /** Called between the warm-up and the measured run. */
    beforeMeasuring?: () => void;
    /** Given for plain GETs: measured with wrk on these cores. */
    where?: Placement;
  } = {},
): Promise<Measurement> {
  const headers = options.headers ?? {};
  const plainGets = requests.every(
    (request) =>
      (request.method ?? "GET") === "GET" &&
      !request.setupRequest &&
      !request.onResponse &&
      !request.headers,
  );
  if (plainGets && options.where && !options.beforeMeasuring)
    return measureWithWrk(baseUrl, requests, settings, {
      headers,
      serverPid: options.serverPid,
      where: options.where,
    });
  if (settings.warmupSeconds > 0) {
    const warmup = await hammer(
      baseUrl,
      requests,
      headers,
      settings,
      settings.warmupSeconds,
    );
    if (
      warmup.errors + warmup.timeouts + warmup.non2xx > 0 &&
      !requests.some((r) => r.onResponse)
    )
      process.stderr.write(
        `  warm-up of ${requests[0]!.path}: ${warmup.non2xx} answers other than 2xx\n`,
      );
  }
  options.beforeMeasuring?.();
  const memory =
    options.serverPid === undefined ? null : sampleMemory(options.serverPid);
  const result = await hammer(
    baseUrl,
    requests,
    headers,
    settings,
    settings.durationSeconds,
  );
  const peak = memory?.stop() ?? null;
  return {
    connections: settings.connections,
    requestsPerSecond: result.requests.total / result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts + result.non2xx,
    bytesPerResponse:
      result.requests.total === 0
        ? 0
        : Math.round(result.throughput.total / result.requests.total),
    memory: peak,
    generator: "autocannon",
    generatorCores: result.generatorCores,
  };
}

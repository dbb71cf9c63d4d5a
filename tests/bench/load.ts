import autocannon from "autocannon";
import { sampleMemory, type MemoryPeak } from "./memory";

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

async function hammer(
  baseUrl: string,
  requests: Request[],
  headers: Record<string, string>,
  settings: LoadSettings,
  durationSeconds: number,
) {
  return autocannon({
    url: baseUrl,
    connections: settings.connections,
    duration: durationSeconds,
    headers,
    // autocannon's own types lag behind its options: requests are passed as it documents them.
    requests: requests as never,
  });
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
  } = {},
): Promise<Measurement> {
  const headers = options.headers ?? {};
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
  };
}

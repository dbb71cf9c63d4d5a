// The benchmark's verdict on a cached page against nginx's same bytes: by their rates, or,
// where wrk was the limit of either figure, by what an answer cost each server in CPU.
import { describe, expect, it } from "vitest";
import { complete, type BenchReport } from "../bench/report";

type Row = {
  id: string;
  server: "app" | "nginx";
  requestsPerSecond: number;
  cpuUs: number;
  generatorCores: number;
};

function reportOf(rows: Row[]): BenchReport {
  const scenarios = [
    // What wrk reaches against a two-byte answer: rates near it are wrk's.
    {
      id: "generator-ceiling",
      server: "nginx",
      requestsPerSecond: 100_000,
      cpuUs: 5,
      generatorCores: 0.99,
    },
    ...rows,
  ].map((row) => ({
    id: row.id,
    label: row.id,
    server: row.server,
    path: "/posts/long",
    connections: 16,
    requestsPerSecond: row.requestsPerSecond,
    latencyP50Ms: 0.5,
    latencyP99Ms: 1,
    requests: row.requestsPerSecond * 10,
    errors: 0,
    bytesPerResponse: 180_000,
    memory: null,
    serverCpuUsPerAnswer: row.cpuUs,
    generator: "wrk" as const,
    generatorCores: row.generatorCores,
    ratioToNginx: null,
  }));
  return {
    date: "2026-12-07T09:00:00.000Z",
    quick: false,
    nginxVersion: "nginx",
    placement: {
      serverCores: [0],
      generatorCores: [1],
      generatorCoreCount: 1,
    },
    scenarios,
    timings: { syncUnchangedMs: 10 },
  } as unknown as BenchReport;
}

function postTarget(rows: Row[]) {
  return complete(reportOf(rows)).scenarios.find(
    (result) => result.id === "post",
  )!.target!;
}

describe("the cached post's target against nginx", () => {
  it.each([
    // nginx within wrk's reach: the rates decide, whatever the CPU says.
    [20_000, 0.7, 17_000, 40, 30, true],
    [20_000, 0.7, 15_000, 30, 40, false],
    // wrk was nginx's limit: its rate says only that nginx is at least that fast.
    [25_000, 0.99, 24_000, 34, 30, true],
    [25_000, 0.99, 24_000, 40, 30, false],
  ])(
    "nginx %i/s (wrk at %f of its core), the app %i/s; CPU an answer: app %f µs, nginx %f µs: met %s",
    (nginxRate, nginxGenerator, appRate, appCpu, nginxCpu, met) => {
      const target = postTarget([
        {
          id: "nginx",
          server: "nginx",
          requestsPerSecond: nginxRate,
          cpuUs: nginxCpu,
          generatorCores: nginxGenerator,
        },
        {
          id: "post",
          server: "app",
          requestsPerSecond: appRate,
          cpuUs: appCpu,
          generatorCores: 0.8,
        },
      ]);
      expect(target.met).toBe(met);
      expect(target.text.includes("by CPU an answer")).toBe(
        nginxGenerator > 0.9,
      );
    },
  );
});

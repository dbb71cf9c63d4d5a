// The benchmark's verdict on a cached page against nginx's same bytes: by their rates, or,
// where wrk was the limit of either figure, by what an answer cost each server in CPU; and by
// their p99s at full load, or, where wrk was nginx's limit, at an equal steady rate.
import { describe, expect, it } from "vitest";
import { complete, type BenchReport } from "../bench/report";

type Row = {
  id: string;
  server: "app" | "nginx" | "node";
  requestsPerSecond: number;
  cpuUs: number;
  generatorCores: number;
  p99Ms?: number;
  pauseMs?: number;
};

function reportOf(rows: Row[]): BenchReport {
  // What wrk reaches against a two-byte answer: rates near it are wrk's.
  const ceiling: Row = {
    id: "generator-ceiling",
    server: "nginx",
    requestsPerSecond: 100_000,
    cpuUs: 5,
    generatorCores: 0.99,
  };
  const scenarios = [ceiling, ...rows].map((row) => ({
    id: row.id,
    label: row.id,
    server: row.server,
    path: "/posts/long",
    connections: 16,
    requestsPerSecond: row.requestsPerSecond,
    latencyP50Ms: 0.5,
    latencyP99Ms: row.p99Ms ?? 1,
    requests: row.requestsPerSecond * 10,
    errors: 0,
    bytesPerResponse: 180_000,
    memory: null,
    serverCpuUsPerAnswer: row.cpuUs,
    generator: "wrk" as const,
    generatorCores: row.generatorCores,
    ratioToNginx: null,
    pauseMs: row.pauseMs,
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
        // Equal p99s at an equal steady rate: the p99 half of the target is met in every case.
        ...(["nginx", "app"] as const).map((server) => ({
          id: server === "app" ? "post-steady" : "nginx-steady",
          server,
          requestsPerSecond: 14_000,
          cpuUs: 30,
          generatorCores: 0.5,
          pauseMs: 1,
        })),
      ]);
      expect(target.met).toBe(met);
      expect(target.text.includes("by CPU an answer")).toBe(
        nginxGenerator > 0.9,
      );
    },
  );

  it.each([
    // nginx within wrk's reach: Node's rate against nginx's.
    [
      0.7,
      20_000,
      60,
      "≥ 0.8 of nginx's req/s (Node's own server with the same bytes: 0.77)",
    ],
    // wrk was nginx's limit: Node's CPU an answer against nginx's, as for the app.
    [
      0.99,
      25_000,
      60,
      "≥ 0.8 of nginx's req/s (0.75 by CPU an answer, as wrk was the limit; Node's own server with the same bytes: 0.50)",
    ],
  ])(
    "names Node's own ratio to nginx beside the app's (wrk at %f of its core on nginx, Node at %i/s, %f µs an answer)",
    (nginxGenerator, nodeRate, nodeCpu, text) => {
      const server = (
        id: string,
        kind: Row["server"],
        requestsPerSecond: number,
        cpuUs: number,
      ): Row => ({
        id,
        server: kind,
        requestsPerSecond,
        cpuUs,
        generatorCores: kind === "nginx" ? nginxGenerator : 0.8,
      });
      const rows = [
        server("nginx", "nginx", 26_000, 30),
        server("post", "app", 15_000, 40),
      ];
      // Control: without Node's row there is nothing to name.
      expect(postTarget(rows).text).not.toContain("Node's own server");
      const target = postTarget([
        ...rows,
        server("node-buffer", "node", nodeRate, nodeCpu),
      ]);
      expect(target.text).toContain(text);
    },
  );
});

describe("the cached post's p99 against nginx's", () => {
  const row = (
    id: string,
    server: "app" | "nginx" | "node",
    requestsPerSecond: number,
    p99Ms: number,
    generatorCores: number,
    pauseMs?: number,
  ): Row => ({
    id,
    server,
    requestsPerSecond,
    // Equal CPU an answer: the rate half of the target is met in every case here.
    cpuUs: 30,
    generatorCores,
    p99Ms,
    pauseMs,
  });

  it.each([
    // nginx within wrk's reach: the p99s at full load decide, whatever the steady rows say.
    [0.7, 0.9, 0.5, 1.4, 0.5, 14_000, true],
    [0.7, 1.6, 0.5, 0.9, 0.5, 14_000, false],
    // wrk was nginx's limit: its full-load p99 left its queue out; the steady rows decide.
    [0.99, 2.4, 0.8, 1.4, 0.7, 14_000, true],
    [0.99, 1.2, 0.8, 1.6, 0.7, 14_000, false],
    // The app could not keep the steady rate up: its p99 is not measured at an equal rate.
    [0.99, 2.4, 0.8, 1.0, 0.7, 12_000, false],
  ])(
    "wrk at %f of its core on nginx; p99 at full load: app %f ms, nginx %f ms; steady: app %f ms, nginx %f ms, the app at %i/s against 14,000: met %s",
    (
      nginxGenerator,
      appP99,
      nginxP99,
      steadyAppP99,
      steadyNginxP99,
      steadyAppRate,
      met,
    ) => {
      const target = postTarget([
        row("nginx", "nginx", 25_000, nginxP99, nginxGenerator),
        row("post", "app", 24_000, appP99, 0.8),
        row("nginx-steady", "nginx", 14_000, steadyNginxP99, 0.5, 1),
        row("post-steady", "app", steadyAppRate, steadyAppP99, 0.5, 1),
      ]);
      expect(target.met).toBe(met);
      expect(target.text.includes("at an equal steady rate")).toBe(
        nginxGenerator > 0.9 && steadyAppRate === 14_000,
      );
    },
  );

  it.each([
    // 10 % apart is still an equal rate; 14 % is not, and the text says why nothing was compared.
    [12_600, true, undefined],
    [12_000, false, "14 %"],
    [16_000, false, "14 %"],
  ])(
    "says when the steady rates were too far apart to compare their p99s (the app at %i/s against 14,000)",
    (steadyAppRate, compared, apart) => {
      const target = postTarget([
        row("nginx", "nginx", 25_000, 0.8, 0.99),
        row("post", "app", 24_000, 1.0, 0.8),
        row("nginx-steady", "nginx", 14_000, 0.7, 0.5, 1),
        row("post-steady", "app", steadyAppRate, 0.9, 0.5, 1),
      ]);
      expect(target.met).toBe(compared);
      expect(target.text.includes("at an equal steady rate")).toBe(compared);
      if (apart)
        expect(target.text).toContain(
          `not compared: wrk was nginx's limit, and the steady rates were ${apart} apart (0.9 ms against 0.7 ms)`,
        );
      else expect(target.text).not.toContain("not compared");
    },
  );

  it.each([
    // nginx within wrk's reach: the full-load rows were compared, and so is Node's.
    [0.7, "1.0 ms"],
    // wrk was nginx's limit: the steady rows were compared, and so is Node's steady row.
    [0.99, "0.6 ms"],
  ])(
    "names Node's own p99 for the same bytes under the load compared (wrk at %f of its core on nginx)",
    (nginxGenerator, floorP99) => {
      const target = postTarget([
        row("nginx", "nginx", 25_000, 0.8, nginxGenerator),
        row("post", "app", 24_000, 1.4, 0.8),
        row("nginx-steady", "nginx", 14_000, 0.5, 0.5, 1),
        row("post-steady", "app", 14_000, 0.9, 0.5, 1),
        row("node-buffer", "node", 25_000, 1.0, 0.9),
        row("node-buffer-steady", "node", 14_000, 0.6, 0.5, 1),
      ]);
      expect(target.text).toContain(
        `Node's own server with the same bytes: ${floorP99}`,
      );
    },
  );

  it("is not met on steady rows alone when wrk was nginx's limit and the app has none", () => {
    const target = postTarget([
      row("nginx", "nginx", 25_000, 0.8, 0.99),
      row("post", "app", 24_000, 1.0, 0.8),
    ]);
    expect(target.met).toBe(false);
  });
});

import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/server";
import type { BenchReport } from "./report";

// Keeps `npm run bench` working: the quick scale end to end, checking what it reports, never
// how fast (the machine decides that).
const SCENARIOS = [
  "home",
  "post",
  "post-large",
  "tag",
  "search",
  "moderation",
  "home-steady",
  "post-steady",
  "home-uncached",
  "post-uncached",
  "post-large-uncached",
  "tag-uncached",
  "search-uncached",
  "moderation-uncached",
  "post-single",
  "post-large-single",
  "search-single",
  "moderation-single",
  "post-cold",
  "post-large-cold",
  "search-cold",
  "moderation-cold",
  "generator-ceiling",
  "nginx",
  "nginx-home",
  "nginx-steady",
  "nginx-home-steady",
  "express-buffer",
  "express-home",
  "node-buffer",
  "node-buffer-steady",
  "node-home",
  "node-home-steady",
  "comment-post",
  "comment-post-plain",
];

const out = mkdtempSync(join(tmpdir(), "lookout-bench-test-"));
let report: BenchReport;
let markdown: string;

function runQuickBench(): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(
      join(REPO_ROOT, "node_modules/.bin/tsx"),
      ["tests/bench/run.ts", "--quick", "--out", out],
      { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", fail);
    child.once("exit", (code) =>
      code === 0
        ? done()
        : fail(new Error(`the quick bench exited with ${code}:\n${output}`)),
    );
  });
}

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, "build/server/index.js")))
    throw new Error(
      "build/server/index.js is missing: run `npm run build` first",
    );
  await runQuickBench();
  report = JSON.parse(readFileSync(join(out, "benchmark.json"), "utf8"));
  markdown = readFileSync(join(out, "benchmark.md"), "utf8");
}, 300_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("npm run bench -- --quick", () => {
  it("measures every scenario, with figures and no errors", () => {
    expect(report.scenarios.map((result) => result.id).sort()).toEqual(
      [...SCENARIOS].sort(),
    );
    for (const result of report.scenarios) {
      const figures = [
        result.requestsPerSecond,
        result.latencyP50Ms,
        result.latencyP99Ms,
      ];
      expect(
        figures.every(Number.isFinite),
        `${result.id}: ${figures.join(", ")}`,
      ).toBe(true);
      expect(result.requests, result.id).toBeGreaterThan(0);
      expect(result.errors, result.id).toBe(0);
      if (result.server === "nginx") expect(result.ratioToNginx).toBeNull();
      else expect(result.ratioToNginx, result.id).toBeGreaterThan(0);
      if (result.server.startsWith("app"))
        expect(result.memory?.treeBytes, result.id).toBeGreaterThan(0);
    }
  });

  it("paces the app, nginx and Node's own server alike on the steady rows, and only there", () => {
    const pauseOf = (id: string) =>
      report.scenarios.find((result) => result.id === id)?.pauseMs;
    for (const [app, nginx, node] of [
      ["post-steady", "nginx-steady", "node-buffer-steady"],
      ["home-steady", "nginx-home-steady", "node-home-steady"],
    ] as const) {
      expect(pauseOf(app), app).toBeGreaterThanOrEqual(1);
      expect(pauseOf(nginx), nginx).toBe(pauseOf(app));
      expect(pauseOf(node), node).toBe(pauseOf(app));
    }
    const paced = report.scenarios.filter(
      (result) => result.pauseMs !== undefined,
    );
    expect(paced.map((result) => result.id).sort()).toEqual([
      "home-steady",
      "nginx-home-steady",
      "nginx-steady",
      "node-buffer-steady",
      "node-home-steady",
      "post-steady",
    ]);
    expect(markdown).toContain("at a steady rate (each connection waits");
  });

  it("measures the rows a p99 target reads in rounds and shows the median p99", () => {
    const inRounds = report.scenarios.filter(
      (result) => result.latencyP99RoundsMs !== undefined,
    );
    expect(inRounds.map((result) => result.id).sort()).toEqual([
      "home",
      "home-steady",
      "nginx",
      "nginx-home",
      "nginx-home-steady",
      "nginx-steady",
      "node-buffer",
      "node-buffer-steady",
      "node-home",
      "node-home-steady",
      "post",
      "post-steady",
    ]);
    for (const result of inRounds) {
      const rounds = [...result.latencyP99RoundsMs!].sort((a, b) => a - b);
      expect(rounds, result.id).toHaveLength(3);
      expect(result.latencyP99Ms, result.id).toBe(rounds[1]);
    }
    expect(markdown).toMatch(
      /ms \(median of [\d.]+ ms, [\d.]+ ms, [\d.]+ ms\)/,
    );
    // Each page's p99 target shows what the floor of the stack reached beside nginx.
    expect(markdown).toContain("Node's own server with the same bytes: ");
  });

  it("loads every scenario with wrk and says how busy the generator was", () => {
    for (const result of report.scenarios) {
      expect(result.generator, result.id).toBe("wrk");
      expect(result.generatorCores, result.id).toBeGreaterThan(0);
      expect(typeof result.generatorBound, result.id).toBe("boolean");
      // Every server's process is known, nginx's and the floors' too.
      expect(result.serverCpuUsPerAnswer, result.id).toBeGreaterThan(0);
      // Linux counts what the host took from the cores, on a virtual machine or not.
      for (const cores of ["server", "generator"] as const) {
        expect(
          result.steal[cores],
          `${result.id} ${cores}`,
        ).toBeGreaterThanOrEqual(0);
        expect(
          result.steal[cores],
          `${result.id} ${cores}`,
        ).toBeLessThanOrEqual(1);
      }
    }
    expect(markdown).toContain("host's steal, servers' / wrk's cores");
    // Tenths of a percent: a small share is shown, not rounded away to "0 %".
    expect(markdown.match(/\|\s*\d+\.\d % \/ \d+\.\d %\s*\|/g)?.length).toBe(
      report.scenarios.length,
    );
    expect(markdown).toContain("generator, cores used");
    expect(markdown).toContain("server CPU an answer");
  });

  it("finds every acknowledged comment in the database, with and without JavaScript", () => {
    for (const id of ["comment-post", "comment-post-plain"]) {
      const comments = report.scenarios.find(
        (result) => result.id === id,
      )?.comments;
      expect(comments, id).toBeDefined();
      expect(comments!.acknowledged, id).toBeGreaterThan(0);
      expect(comments!.refused, id).toBe(0);
      expect(comments!.lost, id).toBe(0);
      expect(comments!.stored, id).toBeGreaterThanOrEqual(
        comments!.acknowledged,
      );
      // Every answer wrk counted was one of the requests it sent.
      expect(comments!.sent, id).toBeGreaterThanOrEqual(comments!.acknowledged);
      expect(comments!.storedPerSecond, id).toBeGreaterThan(0);
    }
  });

  it("times the start, the content sync and the client JavaScript", () => {
    const { timings } = report;
    for (const value of [
      timings.coldStartMs,
      timings.syncColdMs,
      timings.syncUnchangedMs,
    ])
      expect(value).toBeGreaterThan(0);
    expect(timings.clientJs.files).toBeGreaterThan(0);
    expect(timings.clientJs.gzipBytes).toBeGreaterThan(0);
    expect(timings.clientJs.gzipBytes).toBeLessThan(timings.clientJs.bytes);
    expect(timings.clientJs.perFile).toHaveLength(timings.clientJs.files);
    // Prettier pads the table's columns.
    expect(markdown).toMatch(/\| file +\| +as sent \| +gzipped \|/);
    // The import of the generated 10 MB, 5,000-comment export, timed in a process of its own.
    expect(timings.import.comments).toBe(5000);
    expect(timings.import.megabytes).toBeGreaterThan(9);
    expect(timings.import.seconds).toBeGreaterThan(0);
    expect(timings.import.peakRssMb).toBeGreaterThan(0);
    expect(markdown).toContain("MB WordPress export, 5,000 comments");
  });

  it("writes a Markdown table with a row for each scenario", () => {
    for (const result of report.scenarios)
      expect(markdown).toContain(`| ${result.label}`);
    expect(markdown).toContain("Cold start to first response");
  });
});

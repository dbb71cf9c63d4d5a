import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { format, resolveConfig } from "prettier";
import type { ClientJavaScript } from "./client-js";
import type { LoadSettings, Measurement } from "./load";
import type { SeededSite, SeedScale } from "./seed";
import type { Placement } from "./wrk";

export type ScenarioResult = Measurement & {
  id: string;
  label: string;
  server:
    | "app"
    | "app, no page cache"
    | "app, nothing kept"
    | "nginx"
    | "express"
    | "node";
  path: string;
  /** This scenario's requests per second over nginx's for the same bytes. */
  ratioToNginx: number | null;
  /**
   * The figure may be the load generator's: it used (nearly) all of its cores, or came near what
   * it reaches against a two-byte answer.
   */
  generatorBound?: boolean;
  target?: Target;
  /** The comment POST scenarios: what was sent, taken and found in the database afterwards. */
  comments?: CommentCounts;
  /**
   * Set on the rows measured at a steady rate: how long each connection waited after each
   * answer. Such a row is compared with nginx's at the same pause, never with a full load.
   */
  pauseMs?: number;
};

export type CommentCounts = {
  /** Requests of the measured run, some still unanswered when it ended. */
  sent: number;
  /** Answered "published" or "held": the poster was told the comment was taken. */
  acknowledged: number;
  /** Answered with anything else (refused, invalid, an error). */
  refused: number;
  /** Rows of the measured run in the database afterwards, found by their numbers. */
  stored: number;
  /** Acknowledged but not in the database. */
  lost: number;
  /** Acknowledged and stored, per second of the measured run. */
  storedPerSecond: number;
};

export type Target = { text: string; met: boolean };

/** tests/bench/import.ts: a generated WordPress export read and written into a fresh site. */
export type ImportTiming = {
  megabytes: number;
  posts: number;
  comments: number;
  seconds: number;
  readSeconds: number;
  writeSeconds: number;
  /** The importing process's peak resident memory. */
  peakRssMb: number;
};

export type BenchReport = {
  date: string;
  machine?: string;
  quick: boolean;
  scale: SeedScale & LoadSettings;
  site: SeededSite["counts"];
  nginxVersion: string;
  placement?: Placement;
  scenarios: ScenarioResult[];
  timings: SeededSite["timings"] & {
    coldStartMs: number;
    /** The median over every server start of the run (one per scenario). */
    startMedianMs: number;
    clientJs: ClientJavaScript;
    import: ImportTiming;
  };
  peakServerRssMb?: number;
  targets?: {
    rss: Target;
    syncUnchanged: Target;
  };
};

const MB = 1024 * 1024;

/**
 * WordPress 6.1's wp-comments-post.php on this machine, comments stored a second, measured with
 * wrk at 16 connections and rows counted afterwards: what the comment POST targets are set against.
 */
const WORDPRESS_COMMENTS_PER_SECOND = 125;

// The issue's goals: reported next to the figures, never asserted (the machine decides too much).
function scenarioTarget(
  result: ScenarioResult,
  report: BenchReport,
): Target | undefined {
  // A scenario that completed no request has a latency of 0: that meets nothing.
  const p50Below = (limit: number): Target => ({
    text: `p50 < ${limit} ms`,
    met: result.requests > 0 && result.latencyP50Ms < limit,
  });
  switch (result.id) {
    case "post":
    case "home": {
      const share = result.id === "post" ? 0.8 : 0.5;
      const nginx = sameBytesFromNginx(result, report.scenarios);
      const byCpu = nginx && ratioByCpu(result, nginx);
      const ratio = byCpu ?? result.ratioToNginx ?? 0;
      const latency = nginx && latencyVerdict(result, nginx, report.scenarios);
      const rateNotes = [
        ...(byCpu === undefined
          ? []
          : [`${number(byCpu, 2)} by CPU an answer, as wrk was the limit`]),
        ...floorRatioNote(result, nginx, report.scenarios),
      ];
      return {
        text: [
          `≥ ${share} of nginx's req/s${rateNotes.length === 0 ? "" : ` (${rateNotes.join("; ")})`}`,
          `p99 ≤ 2 × nginx's${latency ? latencyNote(latency) : ""}`,
        ].join(", "),
        met: ratio >= share && latency !== undefined && latency.met,
      };
    }
    // "The same page uncached (first render after a change)": the time of one render.
    case "post-single":
      return p50Below(10);
    case "post-large-single":
      return p50Below(100);
    case "search":
    case "search-uncached":
    case "search-single":
    case "moderation":
    case "moderation-uncached":
    case "moderation-single":
      return p50Below(30);
    case "comment-post":
    case "comment-post-plain": {
      const least = 3 * WORDPRESS_COMMENTS_PER_SECOND;
      return {
        text: `≥ ${least} stored/s (3 × WordPress), none lost`,
        met:
          result.comments !== undefined &&
          result.comments.storedPerSecond >= least &&
          result.comments.lost === 0,
      };
    }
    default:
      return undefined;
  }
}

/**
 * When wrk was the limit of either figure, its rates say only that the server was at least that
 * fast: the two are then compared by what an answer cost each server's process in CPU, which is
 * its rate once it has its core to itself (a cached page waits on nothing else).
 */
function ratioByCpu(
  result: ScenarioResult,
  nginx: ScenarioResult,
): number | undefined {
  if (!result.generatorBound && !nginx.generatorBound) return undefined;
  if (!result.serverCpuUsPerAnswer || !nginx.serverCpuUsPerAnswer)
    return undefined;
  return nginx.serverCpuUsPerAnswer / result.serverCpuUsPerAnswer;
}

/**
 * What Node's own server reached against nginx with the same bytes under the same load, by the
 * same measure: the floor of the stack, so a slow hour for Node (which does not slow nginx) shows
 * beside the app's ratio instead of passing for the app's own cost.
 */
function floorRatioNote(
  result: ScenarioResult,
  nginx: ScenarioResult | undefined,
  scenarios: ScenarioResult[],
): string[] {
  const node = sameBytesFromNode(result, scenarios);
  const ratio = node && nginx && (ratioByCpu(node, nginx) ?? node.ratioToNginx);
  return typeof ratio === "number"
    ? [`Node's own server with the same bytes: ${number(ratio, 2)}`]
    : [];
}

type LatencyVerdict = {
  met: boolean;
  /**
   * The steady rows' p99s, when wrk was nginx's limit; with how far apart their rates were (a
   * share of nginx's) when that was too far for the p99s to be compared.
   */
  steady?: { app: number; nginx: number; ratesApart?: number };
  /** Node's own server's p99 for the same bytes under the load compared. */
  floorMs?: number;
};

/**
 * Whether the page's p99 is within twice nginx's. At full load each server's p99 is mostly the
 * wait in its own queue; when wrk was nginx's limit, nginx's queue was inside wrk, where wrk
 * does not time it. The two are then compared at an equal, steady rate both take with room to
 * spare (the rows with a pause), which must really be equal: within a tenth of each other.
 */
function latencyVerdict(
  result: ScenarioResult,
  nginx: ScenarioResult,
  scenarios: ScenarioResult[],
): LatencyVerdict {
  if (!nginx.generatorBound)
    return {
      met: result.latencyP99Ms <= 2 * nginx.latencyP99Ms,
      floorMs: sameBytesFromNode(result, scenarios)?.latencyP99Ms,
    };
  const steadyApp = scenarios.find(
    (other) => other.id === `${result.id}-steady`,
  );
  const steadyNginx = steadyApp && sameBytesFromNginx(steadyApp, scenarios);
  // nginx answered nothing at the steady rate: there is no rate to be equal to.
  if (!steadyApp || !steadyNginx || steadyNginx.requestsPerSecond === 0)
    return { met: false };
  const ratesApart =
    Math.abs(steadyApp.requestsPerSecond - steadyNginx.requestsPerSecond) /
    steadyNginx.requestsPerSecond;
  const equalRates = ratesApart <= 0.1;
  return {
    met:
      equalRates &&
      steadyApp.requests > 0 &&
      steadyApp.latencyP99Ms <= 2 * steadyNginx.latencyP99Ms,
    steady: {
      app: steadyApp.latencyP99Ms,
      nginx: steadyNginx.latencyP99Ms,
      ...(equalRates ? {} : { ratesApart }),
    },
    floorMs: sameBytesFromNode(steadyApp, scenarios)?.latencyP99Ms,
  };
}

/**
 * The p99s the verdict compared, when they were the steady rows, and what Node's own server
 * reached with the same bytes under the same load: the floor of the stack, so the reader sees
 * how much of the distance to nginx is the app's.
 */
function latencyNote({ steady, floorMs }: LatencyVerdict): string {
  const notes = [
    ...(steady
      ? [
          steady.ratesApart === undefined
            ? `at an equal steady rate, as wrk was nginx's limit: ${ms(steady.app)} against ${ms(steady.nginx)}`
            : `not compared: wrk was nginx's limit, and the steady rates were ${Math.round(100 * steady.ratesApart)} % apart (${ms(steady.app)} against ${ms(steady.nginx)})`,
        ]
      : []),
    ...(floorMs === undefined
      ? []
      : [`Node's own server with the same bytes: ${ms(floorMs)}`]),
  ];
  return notes.length === 0 ? "" : ` (${notes.join("; ")})`;
}

/** Node's own server answering this scenario's page, under the same load. */
function sameBytesFromNode(
  result: ScenarioResult,
  scenarios: ScenarioResult[],
): ScenarioResult | undefined {
  return sameLoadRows("node", result, scenarios).find(
    (other) => other.path === result.path,
  );
}

/**
 * A server's rows under the scenario's load: at the same pause when the scenario had one, at
 * full load when it had none (wrk's ceiling aside).
 */
function sameLoadRows(
  server: ScenarioResult["server"],
  result: ScenarioResult,
  scenarios: ScenarioResult[],
): ScenarioResult[] {
  return scenarios.filter(
    (other) =>
      other.server === server &&
      other.id !== "generator-ceiling" &&
      other.pauseMs === result.pauseMs,
  );
}

function machine(): string {
  const cores = cpus();
  return `${cores[0]?.model.trim() ?? "unknown CPU"}, ${cores.length} cores, ${Math.round(totalmem() / 1024 ** 3)} GB RAM, Node ${process.version}`;
}

/**
 * nginx serving this scenario's page, or the post page when nginx did not serve this one, under
 * the same load.
 */
function sameBytesFromNginx(
  result: ScenarioResult,
  scenarios: ScenarioResult[],
): ScenarioResult | undefined {
  const nginx = sameLoadRows("nginx", result, scenarios);
  return (
    nginx.find((other) => other.path === result.path) ??
    nginx.find((other) => other.id === "nginx" || other.id === "nginx-steady")
  );
}

/** Near the generator's limits: 90 % of its cores, or 90 % of its rate against a trivial answer. */
function generatorBound(
  result: ScenarioResult,
  report: BenchReport,
  ceiling: ScenarioResult | undefined,
): boolean {
  if (result.id === "generator-ceiling") return false;
  const cores = report.placement?.generatorCoreCount ?? cpus().length;
  return (
    result.generatorCores >= 0.9 * cores ||
    (ceiling !== undefined &&
      result.requestsPerSecond >= 0.9 * ceiling.requestsPerSecond)
  );
}

/** Fills in the ratios to nginx, the targets, the generator's verdicts and the machine. */
export function complete(report: BenchReport): BenchReport {
  const ceiling = report.scenarios.find(
    (result) => result.id === "generator-ceiling",
  );
  const scenarios = report.scenarios.map((result) => {
    const nginx = sameBytesFromNginx(result, report.scenarios);
    return {
      ...result,
      ratioToNginx:
        nginx && result.server !== "nginx" && nginx.requestsPerSecond > 0
          ? result.requestsPerSecond / nginx.requestsPerSecond
          : null,
      generatorBound: generatorBound(result, report, ceiling),
    };
  });
  const withRatios = { ...report, scenarios };
  const peakServerRssMb =
    Math.max(0, ...scenarios.map((result) => result.memory?.treeBytes ?? 0)) /
    MB;
  return {
    ...withRatios,
    machine: machine(),
    scenarios: scenarios.map((result) => ({
      ...result,
      target: scenarioTarget(result, withRatios),
    })),
    peakServerRssMb,
    targets: {
      rss: { text: "< 200 MB", met: peakServerRssMb < 200 },
      syncUnchanged: {
        text: "< 1 s",
        met: report.timings.syncUnchangedMs < 1000,
      },
    },
  };
}

const number = (value: number, digits = 0) =>
  value.toLocaleString("en-GB", {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });
const ms = (value: number) => `${number(value, value < 10 ? 1 : 0)} ms`;
const latency = (value: number, requests: number) =>
  requests === 0 ? "none done" : ms(value);
// One decimal: a share of a few tenths of a percent is not "0 %".
const share = (value: number | null) =>
  value === null ? "n/a" : `${number(100 * value, 1)} %`;
const met = (target: Target | undefined) =>
  target ? (target.met ? "yes" : "**no**") : "";

export function markdownTable(report: BenchReport): string {
  const rows = report.scenarios.map((result) =>
    [
      result.label,
      result.server,
      number(result.connections),
      number(result.requestsPerSecond),
      latency(result.latencyP50Ms, result.requests),
      result.latencyP99RoundsMs
        ? `${latency(result.latencyP99Ms, result.requests)} (median of ${result.latencyP99RoundsMs.map(ms).join(", ")})`
        : latency(result.latencyP99Ms, result.requests),
      number(result.errors),
      result.ratioToNginx === null ? "" : number(result.ratioToNginx, 2),
      `${result.generator} ${number(result.generatorCores, 2)}${result.generatorBound ? " **saturated**" : ""}`,
      result.serverCpuUsPerAnswer === null
        ? ""
        : `${number(result.serverCpuUsPerAnswer, result.serverCpuUsPerAnswer < 100 ? 1 : 0)} µs`,
      result.memory ? `${number(result.memory.treeBytes / MB)} MB` : "",
      `${share(result.steal.server)} / ${share(result.steal.generator)}`,
      result.target?.text ?? "",
      met(result.target),
    ].join(" | "),
  );
  const { timings, targets } = report;
  const oneOff = [
    [
      "Cold start to first response",
      `${ms(timings.coldStartMs)} (median of all starts ${ms(timings.startMedianMs)})`,
      "",
      "",
    ],
    [
      `Content sync, ${number(report.site.posts)} new files`,
      ms(timings.syncColdMs),
      "",
      "",
    ],
    [
      `Content sync, ${number(report.site.posts)} unchanged files`,
      ms(timings.syncUnchangedMs),
      targets?.syncUnchanged.text ?? "",
      met(targets?.syncUnchanged),
    ],
    [
      "Client JavaScript of a post page",
      `${timings.clientJs.files} files, ${number(timings.clientJs.gzipBytes / 1024, 1)} kB gzipped (${number(timings.clientJs.bytes / 1024, 1)} kB)`,
      "",
      "",
    ],
    [
      `Import of a ${number(timings.import.megabytes, 1)} MB WordPress export, ${number(timings.import.comments)} comments`,
      `${number(timings.import.seconds, 2)} s (reading ${number(timings.import.readSeconds, 2)} s, writing ${number(timings.import.writeSeconds, 2)} s), peak RSS ${number(timings.import.peakRssMb)} MB`,
      "under 10 s",
      met({ text: "under 10 s", met: timings.import.seconds < 10 }),
    ],
    ...report.scenarios
      .filter((result) => result.comments)
      .map(({ label, comments }) => [
        label,
        `${number(comments!.storedPerSecond)} stored/s; of ${number(comments!.sent)} sent, ${number(comments!.acknowledged)} acknowledged, ${number(comments!.refused)} refused, ${number(comments!.stored)} stored, ${number(comments!.lost)} lost`,
        "",
        "",
      ]),
    [
      "Server peak memory under load (RSS, worst scenario)",
      `${number(report.peakServerRssMb ?? 0)} MB`,
      targets?.rss.text ?? "",
      met(targets?.rss),
    ],
  ].map((row) => row.join(" | "));
  return [
    "| Scenario | server | connections | req/s | p50 | p99 | errors | ratio to nginx | generator, cores used | server CPU an answer | peak RSS | host's steal, servers' / wrk's cores | target | met? |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- | --- |",
    ...rows.map((row) => `| ${row} |`),
    "",
    "| Measure | result | target | met? |",
    "| --- | --- | --- | --- |",
    ...oneOff.map((row) => `| ${row} |`),
  ].join("\n");
}

function markdown(report: BenchReport): string {
  const { scale, site, placement } = report;
  const pinned = placement?.serverCores
    ? `Servers pinned to core ${placement.serverCores.join(",")}, wrk to core${placement.generatorCores!.length > 1 ? "s" : ""} ${placement.generatorCores!.join(",")} (taskset).`
    : "Servers and generator not pinned (one core, or no taskset): they share the machine's cores.";
  return [
    "# Benchmark",
    "",
    `Generated by \`npm run bench${report.quick ? " -- --quick" : ""}\` on ${report.date}.`,
    "",
    `Machine: ${report.machine}. Figures depend on what else the machine was doing at the time.`,
    "",
    `Data: ${number(site.posts)} posts, ${number(site.publishedComments)} published comments ` +
      `(threads up to ${site.deepestReply} replies deep), ${number(site.pendingComments)} held comments, ` +
      `${number(site.members)} members. Load: wrk (a process of its own; for the comment POST a fresh body ` +
      `and client address per request, rows counted afterwards), ${scale.connections} connections unless said, ` +
      `${scale.durationSeconds} s per scenario after ${scale.warmupSeconds} s of warm-up, on a fresh server each; pages ` +
      `signed out and uncompressed unless said; ${report.nginxVersion}, one worker, for the static pages.`,
    "",
    `${pinned} "generator, cores used" is the load generator's CPU time over the run (1.00 is one core busy ` +
      `all along); a figure is marked saturated when the generator used 90 % of its cores or came within 90 % ` +
      `of what it reaches against nginx's two-byte answer, and then the run fails. "server CPU an answer" is ` +
      `the CPU time, user and system, the server's processes used over the run, per answer: where wrk was the ` +
      `limit of a cached page's figure or of nginx's, the page's target compares the two by it instead of by ` +
      `their rates. At full load a p99 is mostly the wait in the server's own queue, and where wrk was nginx's ` +
      `limit, nginx's queue was in wrk, untimed: the p99s are then compared at an equal steady rate, about half ` +
      `the app's, the rows "at a steady rate". The rows a p99 target reads are measured in rounds, and their ` +
      `p99 is the median of the rounds' (each listed), as one pause on a shared machine can be one run's p99. ` +
      `Node's own http server answering the same bytes from memory is measured the same way, and its p99 is ` +
      `named beside each target: the floor of the stack, so the distance to nginx that is the app's own shows. ` +
      `For each of those pages the app, nginx and Node's server take their rounds in turn (the app's first, ` +
      `nginx's, Node's, then each one's second), so a slow minute of the machine falls on all three alike. ` +
      `"host's steal" is the share of the cores' time, over a row's measured rounds, that the host of this ` +
      `virtual machine ran something else instead (Linux's steal time): where it is high, every figure of ` +
      `the row is slower than the code.`,
    "",
    markdownTable(report),
    "",
    "The client JavaScript of the post page, file by file (a file's name says which module it holds; `components` is React and Remix):",
    "",
    "| file | as sent | gzipped |",
    "| --- | ---: | ---: |",
    ...report.timings.clientJs.perFile.map(
      (file) =>
        `| \`${file.address.replace(/^\/assets\//, "")}\` | ${number(file.bytes / 1024, 1)} kB | ${number(file.gzipBytes / 1024, 1)} kB |`,
    ),
    "",
  ].join("\n");
}

/** Writes benchmark.json and benchmark.md (formatted as `npm run lint` expects) into `folder`. */
export async function writeReport(
  raw: BenchReport,
  folder: string,
): Promise<BenchReport> {
  const report = complete(raw);
  const jsonPath = join(folder, "benchmark.json");
  writeFileSync(
    jsonPath,
    await format(JSON.stringify(report, null, 2), {
      ...(await resolveConfig(jsonPath)),
      filepath: jsonPath,
    }),
  );
  const path = join(folder, "benchmark.md");
  const text = await format(markdown(report), {
    ...(await resolveConfig(path)),
    filepath: path,
  });
  writeFileSync(path, text);
  process.stdout.write(`\n${text}\n`);
  return report;
}

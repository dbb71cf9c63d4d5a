/**
 * Scores the home page and a post with 200 comments with Lighthouse (default mobile emulation)
 * against the machine's own ceiling: in the same run, nginx serves a static copy of each page
 * (the same HTML, stylesheet and icons, its scripts removed), and each page and its copy are
 * audited in turn, LIGHTHOUSE_RUNS times each (5 by default), so whatever else the machine is
 * doing weighs on both alike. It prints a Markdown table of the medians, writes it to
 * docs/lighthouse.md, and exits non-zero when a page scores more than MAX_POINTS_BELOW_COPY below
 * its copy in any category, or its median total blocking time passes MAX_BLOCKING_MS. Run with
 * `npm run lighthouse` (it builds first; nginx is installed with apt-get when missing).
 *
 * Chromium comes from CHROMIUM_PATH, or Debian's /usr/bin/chromium. Set LIGHTHOUSE_JSON_DIR
 * to also keep each page's median run (JSON) in that folder.
 */
import Database from "better-sqlite3";
import { launch, type LaunchedChrome } from "chrome-launcher";
import lighthouse, { type Result } from "lighthouse";
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { format, resolveConfig } from "prettier";
import { ensureNginx, serveStatic, type StaticServer } from "../bench/nginx";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "../helpers/browser";
import {
  REPO_ROOT,
  setModerationPolicy,
  startServer,
  type RunningServer,
} from "../helpers/server";
import { median, staticCopy, type CopiedPage } from "./static-copy";

/** How far below its static copy a page may score, in points, in any category. */
const MAX_POINTS_BELOW_COPY = 1;
/** The most total blocking time a page may have (the median of its runs). */
const MAX_BLOCKING_MS = 100;
const POST_SLUG = "phone-and-courier-scams";
const POST = `/posts/${POST_SLUG}`;
const COMMENT_COUNT = 200;
const CATEGORIES = [
  "performance",
  "accessibility",
  "best-practices",
  "seo",
] as const;
const PAGES = [
  { name: "Home (`/`)", path: "/" },
  { name: `Post with ${COMMENT_COUNT} comments (\`${POST}\`)`, path: POST },
];
const RUNS = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS) || 5);
const CHROME_FLAGS = ["--headless=new", ...CHROMIUM_FLAGS];

type Category = (typeof CATEGORIES)[number];
/** The medians of one page's runs, as the site serves it or as its static copy. */
type Measured = {
  scores: Record<Category, number>;
  blockingMs: number;
  firstPaintMs: number;
  largestPaintMs: number;
  /** Each run's performance score, in the order they ran. */
  runs: number[];
};
type PageResult = {
  name: string;
  site: Measured;
  copy: Measured;
  /** Audits Lighthouse could not run (often a Chromium newer than Lighthouse knows). */
  errors: string[];
  /** Why the page fails the comparison; empty when it passes. */
  failures: string[];
  /** Titles of the site's audits scoring below 1, for each category below its copy. */
  failing: Partial<Record<Category, string[]>>;
};

async function postComment(
  server: RunningServer,
  fields: { name: string; body: string; parentId: string },
): Promise<void> {
  const response = await fetch(server.url + POST, {
    method: "POST",
    headers: {
      Origin: server.url,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ intent: "comment", ...fields }),
    redirect: "manual",
  });
  if (response.status >= 400) {
    throw new Error(
      `posting a comment failed with HTTP ${response.status}: ${(await response.text()).slice(0, 500)}`,
    );
  }
}

const NAMES = ["Priya", "Tom", "Sam", "Jo", "Alex", "", "Morgan", "Chris"];
const SENTENCES = [
  "Had one of these calls yesterday; they knew my bank's name, which made it sound real.",
  "Good reminder. I have put the bank's number on a sticky note by the phone.",
  "Hang up, wait five minutes, then ring the number on the back of your card.",
  "My neighbour was asked to hand her card to a courier. She said no, thankfully.",
  "Worth telling older relatives about this **before** they get a call.",
  "The police will never ask you to withdraw cash or buy gift cards.",
];

/** Seeds COMMENT_COUNT published comments: every third one a reply to an earlier top-level one. */
async function seedComments(server: RunningServer): Promise<void> {
  setModerationPolicy(server.databasePath, {
    // 1000 is the most the policy schema accepts; a larger value falls back to the defaults.
    floodLimit: 1000,
    // Two hundred comments in a minute is this seed's method, not a pile-on.
    pileOnPosters: 0,
    anonymous: "publish",
    named: "publish",
  });
  const database = new Database(server.databasePath, { readonly: true });
  const newestId = database.prepare(
    `select id, state from comments order by id desc limit 1`,
  );
  const topLevel: string[] = [];
  let lastId = 0;
  try {
    for (let index = 0; index < COMMENT_COUNT; index += 1) {
      const isReply = index % 3 === 2 && topLevel.length > 0;
      const parentId = isReply ? topLevel[(index * 7) % topLevel.length]! : "";
      await postComment(server, {
        name: NAMES[index % NAMES.length]!,
        body: `${SENTENCES[index % SENTENCES.length]} (comment ${index + 1})`,
        parentId,
      });
      const row = newestId.get() as { id: number; state: string } | undefined;
      if (row === undefined || row.id <= lastId) {
        throw new Error(`comment ${index + 1} was not stored`);
      }
      lastId = row.id;
      if (row.state !== "published") {
        throw new Error(
          `comment ${index + 1} was not published (state: ${row.state}); check the moderation policy`,
        );
      }
      if (!isReply) topLevel.push(String(row.id));
    }
    const { count } = database
      .prepare(
        `select count(*) as count from comments where state = 'published'`,
      )
      .get() as { count: number };
    if (count < COMMENT_COUNT) {
      throw new Error(
        `expected ${COMMENT_COUNT} published comments, found ${count}`,
      );
    }
  } finally {
    database.close();
  }
}

/**
 * Lighthouse's own errors that its message says to retry ("Please run Lighthouse again"): the
 * trace of one load came out unreadable, which says nothing of the page.
 */
const RETRIED_ERRORS = new Set(["NO_NAVSTART", "NO_FCP", "NO_LCP"]);
const ATTEMPTS = 3;

async function lighthouseRun(
  chrome: LaunchedChrome,
  url: string,
): Promise<Result> {
  for (let attempt = 1; ; attempt += 1) {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: [...CATEGORIES],
    });
    if (!result) throw new Error(`Lighthouse returned no result for ${url}`);
    const error = result.lhr.runtimeError;
    if (!error) return result.lhr;
    if (!RETRIED_ERRORS.has(error.code) || attempt === ATTEMPTS)
      throw new Error(
        `Lighthouse failed on ${url}${attempt > 1 ? ` (${attempt} attempts)` : ""}: ${error.code} ${error.message}`,
      );
    process.stderr.write(
      `${url}: Lighthouse's trace was unreadable (${error.code}), auditing again\n`,
    );
  }
}

function scoreOf(report: Result, id: Category): number {
  const category = report.categories[id];
  if (!category || category.score === null) {
    throw new Error(
      `Lighthouse gave no ${id} score for ${report.finalDisplayedUrl}`,
    );
  }
  return Math.round(category.score * 100);
}

function millisecondsOf(report: Result, audit: string): number {
  return report.audits[audit]?.numericValue ?? Number.NaN;
}

/** The median of each category's score and of the timings, over the runs. */
function summarize(runs: Result[]): Measured {
  const scores = {} as Record<Category, number>;
  for (const id of CATEGORIES)
    scores[id] = median(runs.map((run) => scoreOf(run, id)));
  return {
    scores,
    blockingMs: median(
      runs.map((run) => millisecondsOf(run, "total-blocking-time")),
    ),
    firstPaintMs: median(
      runs.map((run) => millisecondsOf(run, "first-contentful-paint")),
    ),
    largestPaintMs: median(
      runs.map((run) => millisecondsOf(run, "largest-contentful-paint")),
    ),
    runs: runs.map((run) => scoreOf(run, "performance")),
  };
}

/** The run whose performance score is the median: its audits explain the page's score. */
function medianRun(runs: Result[]): Result {
  const performance = (report: Result) =>
    report.categories.performance?.score ?? 0;
  return [...runs].sort((a, b) => performance(a) - performance(b))[
    Math.floor((runs.length - 1) / 2)
  ]!;
}

/** The audits of a category scoring below 1, with their weights and values. */
function belowOne(report: Result, id: Category): string[] {
  return (report.categories[id]?.auditRefs ?? [])
    .map((ref) => ({ ref, audit: report.audits[ref.id] }))
    .filter(({ audit }) => audit && audit.score !== null && audit.score < 1)
    .map(({ ref, audit }) => {
      const detail = audit!.displayValue ? ` — ${audit!.displayValue}` : "";
      return `${audit!.title} (\`${ref.id}\`, score ${Math.round(audit!.score! * 100)}, weight ${ref.weight})${detail}`;
    });
}

function erroredAudits(report: Result): string[] {
  const weights = new Map(
    CATEGORIES.flatMap((id) =>
      (report.categories[id]?.auditRefs ?? []).map(
        (ref) => [ref.id, ref.weight] as const,
      ),
    ),
  );
  return Object.values(report.audits)
    .filter(
      (audit) => audit.scoreDisplayMode === "error" && weights.has(audit.id),
    )
    .map(
      (audit) =>
        `${audit.title} (\`${audit.id}\`, weight ${weights.get(audit.id) ?? 0}): ${audit.errorMessage}`,
    );
}

function keepReport(report: Result, url: string, suffix: string): void {
  const reportDir = process.env.LIGHTHOUSE_JSON_DIR;
  if (!reportDir) return;
  mkdirSync(reportDir, { recursive: true });
  const name =
    new URL(url).pathname.replace(/\W+/g, "-").replace(/^-|-$/g, "") || "home";
  writeFileSync(
    join(reportDir, `${name}${suffix}.json`),
    JSON.stringify(report, null, 2),
  );
}

/**
 * Audits each page and its static copy in turn, RUNS times: a burst of other work on the machine
 * then falls on both rather than on one.
 */
async function auditPages(
  chrome: LaunchedChrome,
  server: RunningServer,
  copies: StaticServer,
): Promise<PageResult[]> {
  const results: PageResult[] = [];
  for (const page of PAGES) {
    const siteUrl = server.url + page.path;
    const copyUrl = copies.url + page.path;
    const siteRuns: Result[] = [];
    const copyRuns: Result[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      siteRuns.push(await lighthouseRun(chrome, siteUrl));
      copyRuns.push(await lighthouseRun(chrome, copyUrl));
      process.stdout.write(
        `${page.path}: run ${run + 1} of ${RUNS}, site ${scoreOf(siteRuns.at(-1)!, "performance")}, copy ${scoreOf(copyRuns.at(-1)!, "performance")}\n`,
      );
    }
    const site = summarize(siteRuns);
    const copy = summarize(copyRuns);
    const failures: string[] = [];
    const failing: PageResult["failing"] = {};
    const representative = medianRun(siteRuns);
    for (const id of CATEGORIES) {
      if (site.scores[id] < copy.scores[id] - MAX_POINTS_BELOW_COPY) {
        failures.push(
          `${id} ${site.scores[id]} is more than ${MAX_POINTS_BELOW_COPY} below the static copy's ${copy.scores[id]}`,
        );
        failing[id] = belowOne(representative, id);
      }
    }
    if (site.blockingMs > MAX_BLOCKING_MS) {
      failures.push(
        `total blocking time ${Math.round(site.blockingMs)} ms passes ${MAX_BLOCKING_MS} ms`,
      );
      failing.performance ??= belowOne(representative, "performance");
    }
    keepReport(representative, siteUrl, "");
    keepReport(medianRun(copyRuns), siteUrl, "-static-copy");
    results.push({
      name: page.name,
      site,
      copy,
      errors: erroredAudits(representative),
      failures,
      failing,
    });
  }
  return results;
}

function chromiumVersion(): string {
  try {
    return execFileSync(CHROMIUM_PATH, ["--version"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return CHROMIUM_PATH;
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function table(results: PageResult[]): string {
  const header = `| Page | served by | ${CATEGORIES.join(" | ")} | total blocking time | first contentful paint | largest contentful paint | performance, each run |`;
  const rule = `| --- | --- | ${CATEGORIES.map(() => "---:").join(" | ")} | ---: | ---: | ---: | --- |`;
  const row = (name: string, by: string, measured: Measured) =>
    `| ${name} | ${by} | ${CATEGORIES.map((id) => measured.scores[id]).join(" | ")} | ${Math.round(measured.blockingMs)} ms | ${seconds(measured.firstPaintMs)} | ${seconds(measured.largestPaintMs)} | ${measured.runs.join(", ")} |`;
  const rows = results.flatMap((result) => [
    row(result.name, "the site", result.site),
    row("", "nginx, static copy without scripts", result.copy),
  ]);
  return [header, rule, ...rows].join("\n");
}

function verdicts(results: PageResult[]): string {
  return results
    .map((result) =>
      result.failures.length === 0
        ? `- ${result.name}: passes.`
        : `- ${result.name}: **fails**: ${result.failures.join("; ")}.`,
    )
    .join("\n");
}

function failingList(results: PageResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    for (const [category, titles] of Object.entries(result.failing)) {
      lines.push(`- ${result.name}, ${category}:`);
      for (const title of titles) lines.push(`  - ${title}`);
    }
  }
  return lines.join("\n");
}

async function main(): Promise<number> {
  const started = Date.now();
  let server: RunningServer | undefined;
  let copies: StaticServer | undefined;
  let chrome: LaunchedChrome | undefined;
  try {
    const nginx = ensureNginx();
    server = await startServer();
    await seedComments(server);
    const pages: CopiedPage[] = [];
    for (const page of PAGES)
      pages.push(await staticCopy(server.url, page.path));
    // Each stylesheet and icon once, under the address the pages ask for.
    const files = new Map<string, Buffer>();
    for (const page of pages) {
      files.set(page.path, page.html);
      for (const asset of page.assets) files.set(asset.path, asset.body);
    }
    copies = await serveStatic(
      nginx,
      [...files].map(([path, body]) => ({ path, body })),
      { gzip: true },
    );
    chrome = await launch({
      chromePath: CHROMIUM_PATH,
      chromeFlags: CHROME_FLAGS,
    });

    const results = await auditPages(chrome, server, copies);

    const errors = [...new Set(results.flatMap((result) => result.errors))].map(
      (line) => `- ${line}`,
    );
    if (errors.length > 0) {
      console.warn(
        `Lighthouse could not run these audits (an errored audit with weight 0 does not change a score):\n${errors.join("\n")}`,
      );
    }
    const markdown = table(results);
    const verdict = verdicts(results);
    const failures = failingList(results);
    console.log(`\n${markdown}\n\n${verdict}\n`);
    if (failures) {
      console.log("Audits scoring below 1 where a page falls short:");
      console.log(failures);
    }

    const lighthouseVersion = (
      (await import("lighthouse/package.json", { with: { type: "json" } })) as {
        default: { version: string };
      }
    ).default.version;
    const machine = `${cpus().length} CPU cores, Node ${process.version}, ${chromiumVersion()}, Lighthouse ${lighthouseVersion}, ${copies.version}`;
    const document = [
      "# Lighthouse scores",
      "",
      `Generated by \`npm run lighthouse\` on ${new Date().toISOString()}.`,
      "",
      `Machine: ${machine}. Default mobile emulation (simulated throttling), production build served locally. Each page and its static copy (the same HTML, stylesheet and icons served by nginx, with the page's scripts removed) were audited in turn, ${RUNS} ${RUNS === 1 ? "time" : "times"} each; every figure is the median of its runs. See [Lighthouse](performance.md#lighthouse) for what the comparison means.`,
      "",
      markdown,
      "",
      `A page passes when it scores no more than ${MAX_POINTS_BELOW_COPY} point below its static copy in every category and its total blocking time is at most ${MAX_BLOCKING_MS} ms.`,
      "",
      verdict,
      ...(errors.length > 0
        ? [
            "",
            "Audits Lighthouse could not run (with this Chromium):",
            "",
            ...errors,
          ]
        : []),
      ...(failures
        ? [
            "",
            "Audits of the median run scoring below 1, where a page falls short:",
            "",
            failures,
          ]
        : []),
      "",
    ].join("\n");
    mkdirSync(join(REPO_ROOT, "docs"), { recursive: true });
    const docPath = join(REPO_ROOT, "docs/lighthouse.md");
    // Formatted as `npm run lint` (prettier --check .) expects.
    writeFileSync(
      docPath,
      await format(document, {
        ...(await resolveConfig(docPath)),
        filepath: docPath,
      }),
    );
    console.log(
      `Wrote docs/lighthouse.md in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );

    const failed = results.some((result) => result.failures.length > 0);
    if (failed) console.error("A page falls short of its static copy.");
    return failed ? 1 : 0;
  } finally {
    if (chrome) {
      try {
        chrome.kill();
      } catch (error) {
        console.error("could not stop Chromium:", error);
      }
    }
    await copies?.stop();
    await server?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

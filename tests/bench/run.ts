/**
 * The benchmark: seeds a board at a chosen scale, starts the production server on a loopback
 * port and loads it with wrk (a process of its own, on cores of its own), scenario by scenario,
 * against nginx serving the same bytes as a static file, and Express alone and Node's http server
 * alone answering them from memory (tests/bench/floor.ts). Writes <out>/benchmark.json and
 * <out>/benchmark.md. Run with `npm run bench`
 * (it builds first); `--quick` for a small scale that only checks the bench still works,
 * `--out DIR` to write elsewhere than docs/.
 *
 * Nothing here asserts a speed: targets are reported, never enforced.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import {
  freePort,
  REPO_ROOT,
  START_SCRIPT_NODE_OPTIONS,
  startServer,
  type RunningServer,
} from "../helpers/server";
import { clientJavaScript } from "./client-js";
import {
  measure,
  measureSideBySide,
  median,
  type LoadSettings,
  type LoadTarget,
  type Measurement,
} from "./load";
import { ensureNginx, serveStatic, TRIVIAL_PATH } from "./nginx";
import {
  ensureWrk,
  pinGenerator,
  pinServer,
  placement,
  type Placement,
  type PostLoad,
} from "./wrk";
import {
  writeReport,
  type BenchReport,
  type ImportTiming,
  type ScenarioResult,
} from "./report";
import { seedSite, type SeededSite, type SeedScale } from "./seed";
import { SEARCH_QUERIES, commentBody, seededRandom } from "./words";

type Scale = SeedScale & LoadSettings;

const FULL: Scale = {
  posts: 1_000,
  comments: 100_000,
  mediumThread: 200,
  largeThread: 2_000,
  pending: 10_000,
  members: 1_000,
  connections: 16,
  durationSeconds: 10,
  warmupSeconds: 2,
};

// Enough of everything for every scenario to do real work, in well under a minute.
const QUICK: Scale = {
  posts: 20,
  comments: 600,
  mediumThread: 20,
  largeThread: 100,
  pending: 100,
  members: 20,
  // Fewer connections: with 16, a slow shared machine can finish no page in so short a run.
  connections: 4,
  // wrk counts in whole seconds.
  durationSeconds: 1,
  warmupSeconds: 1,
};

function parseArgs(argv: string[]): { quick: boolean; out: string } {
  let quick = false;
  let out = "docs";
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    if (arg === "--quick") quick = true;
    else if (arg === "--out" && argv[index + 1]) out = argv[++index]!;
    else
      throw new Error(
        `unknown argument ${arg}; usage: run.ts [--quick] [--out DIR]`,
      );
  }
  return { quick, out: resolve(out) };
}

/** GETs a path and fails loudly unless it answers 200: a scenario of error pages measures nothing. */
async function expectPage(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ body: Buffer; headers: Headers }> {
  const response = await fetch(url, { headers, redirect: "manual" });
  const body = Buffer.from(await response.arrayBuffer());
  if (response.status !== 200)
    throw new Error(
      `${url} answered ${response.status}: ${body.toString("utf8").slice(0, 300)}`,
    );
  return { body, headers: response.headers };
}

/** Signs the moderator in over HTTP, as a browser would, and returns the cookies to send back. */
async function signIn(
  server: RunningServer,
  site: SeededSite,
): Promise<string> {
  const response = await fetch(`${server.url}/sign-in`, {
    method: "POST",
    headers: {
      Origin: server.url,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ ...site.moderator, redirectTo: "/moderation" }),
    redirect: "manual",
  });
  const cookies = response.headers
    .getSetCookie()
    .map((header) => header.split(";")[0]!);
  if (response.status >= 400 || cookies.length === 0)
    throw new Error(
      `signing the moderator in failed with HTTP ${response.status}`,
    );
  return cookies.join("; ");
}

const where: Placement = placement();

async function start(
  workDir: string,
  extraEnv: Record<string, string>,
): Promise<{ server: RunningServer; coldStartMs: number }> {
  const started = performance.now();
  const server = await startServer({
    contentDir: join(workDir, "content"),
    env: {
      DATABASE_PATH: join(workDir, "bench.db"),
      SESSION_SECRET: process.env.SESSION_SECRET!,
      // Each comment of the POST scenario comes from its own address, as behind a reverse proxy.
      TRUST_PROXY: "loopback",
      ...extraEnv,
    },
    // Its log line a request goes to a file: read from a pipe, it took the generator's CPU.
    logFile: join(workDir, "server.log"),
  });
  await expectPage(`${server.url}/`);
  const coldStartMs = performance.now() - started;
  pinServer(server.pid, where);
  return { server, coldStartMs };
}

type PageScenario = {
  id: string;
  label: string;
  requests: { path: string }[];
  moderator?: boolean;
  /** Also measured uncached with one connection: a target is the latency of a single render. */
  singleRender?: boolean;
};

function pageScenarios(site: SeededSite, scale: Scale): PageScenario[] {
  return [
    { id: "home", label: "Home page", requests: [{ path: "/" }] },
    {
      id: "post",
      label: `Post with ${scale.mediumThread.toLocaleString("en-GB")} comments (first page)`,
      requests: [{ path: site.paths.mediumPost }],
      singleRender: true,
    },
    {
      id: "post-large",
      label: `Post with ${scale.largeThread.toLocaleString("en-GB")} comments (first page)`,
      requests: [{ path: site.paths.largePost }],
      singleRender: true,
    },
    { id: "tag", label: "Tag page", requests: [{ path: site.paths.tag }] },
    {
      id: "search",
      label: `Search (${SEARCH_QUERIES.length} queries in turn)`,
      requests: SEARCH_QUERIES.map((query) => ({
        path: `/search?q=${encodeURIComponent(query)}`,
      })),
      singleRender: true,
    },
    {
      id: "moderation",
      label: `Moderation queue (${scale.pending.toLocaleString("en-GB")} held), as a moderator`,
      requests: [{ path: "/moderation" }],
      moderator: true,
      singleRender: true,
    },
  ];
}

function toResult(
  id: string,
  label: string,
  server: ScenarioResult["server"],
  path: string,
  measurement: Measurement,
  pauseMs?: number,
): ScenarioResult {
  return {
    id,
    label:
      pauseMs === undefined
        ? label
        : `${label}, at a steady rate (each connection waits ${pauseMs} ms after an answer)`,
    server,
    path,
    ...measurement,
    ratioToNginx: null,
    pauseMs,
  };
}

/**
 * The cached pages whose p99 a target reads: measured in rounds, and compared with nginx's at
 * an equal, steady rate too.
 */
const P99_PAGES = new Set(["post", "home"]);

/**
 * Rounds of the rows a p99 target reads, the app's and nginx's: on a shared virtual machine one
 * pause of a few milliseconds in a run can be its p99, on either server (decision 079).
 */
const P99_ROUNDS = 3;

/**
 * A pause for each connection after each answer that holds the load near half of what the app
 * served flat out: a rate the app and nginx both take with room to spare, so that their p99s
 * compare answers and not queues. In whole milliseconds, as wrk counts.
 */
function steadyPauseMs(appRate: number, connections: number): number {
  return Math.max(1, Math.round((2 * connections * 1000) / appRate));
}

async function measurePage(
  server: RunningServer,
  scenario: PageScenario,
  settings: LoadSettings,
  cookie: string,
  kind: ScenarioResult["server"],
  suffix: string,
): Promise<ScenarioResult> {
  const headers: Record<string, string> = scenario.moderator
    ? { Cookie: cookie }
    : {};
  for (const request of scenario.requests)
    await expectPage(server.url + request.path, headers);
  process.stderr.write(
    `Loading ${scenario.label} (${kind}, ${settings.connections === 1 ? "1 connection" : `${settings.connections} connections`})…\n`,
  );
  const paths = scenario.requests.map((request) => request.path);
  const measurement = await measure(
    server.url,
    () => ({ paths, headers }),
    settings,
    { serverPid: server.pid, where },
  );
  return toResult(
    scenario.id + suffix,
    scenario.label,
    kind,
    scenario.requests[0]!.path,
    measurement,
  );
}

/** A baseline server's row for the bytes of a cached page the targets read: its id and label. */
function baselineRow(
  kind: "nginx" | "node" | "express",
  pageId: string,
  scale: Scale,
): { id: string; label: string } {
  const isPost = pageId === "post";
  const what = isPost
    ? `the ${scale.mediumThread}-comment post page`
    : "the home page";
  switch (kind) {
    case "nginx":
      return {
        id: isPost ? "nginx" : "nginx-home",
        label: `nginx: ${what} as a static file`,
      };
    case "node":
      return {
        id: isPost ? "node-buffer" : "node-home",
        label: `Node's http server: ${what}'s bytes and headers from memory`,
      };
    case "express":
      return {
        id: isPost ? "express-buffer" : "express-home",
        label: `Express: ${what}'s bytes and headers from memory`,
      };
  }
}

/**
 * A cached page from the app beside nginx and Node's own server answering the same bytes, their
 * rounds taken in turn (measureSideBySide): at full load, then at the app's steady rate. Each
 * list holds a row for each server, in the order given.
 */
async function cachedPageBesideBaselines(
  scenario: PageScenario,
  servers: { kind: "app" | "nginx" | "node"; url: string; pid: number }[],
  scale: Scale,
): Promise<{ full: ScenarioResult[]; steady: ScenarioResult[] }> {
  const path = scenario.requests[0]!.path;
  for (const server of servers) await expectPage(server.url + path);
  const targets = (pauseMs?: number): LoadTarget[] =>
    servers.map((server) => ({
      baseUrl: server.url,
      load: () => ({ paths: [path], pauseMs }),
      serverPid: server.pid,
      skipMemory: server.kind !== "app",
    }));
  const rows = (measurements: Measurement[], pauseMs?: number) =>
    measurements.map((measurement, index) => {
      const kind = servers[index]!.kind;
      const { id, label } =
        kind === "app"
          ? { id: scenario.id, label: scenario.label }
          : baselineRow(kind, scenario.id, scale);
      return toResult(
        pauseMs === undefined ? id : `${id}-steady`,
        label,
        kind,
        path,
        measurement,
        pauseMs,
      );
    });
  const rounds = { where, rounds: P99_ROUNDS };
  const servedBy = servers.map((server) => server.kind).join(", ");
  process.stderr.write(`Loading ${scenario.label} (${servedBy} in turn)…\n`);
  const full = await measureSideBySide(targets(), scale, rounds);
  const pauseMs = steadyPauseMs(full[0]!.requestsPerSecond, scale.connections);
  process.stderr.write(
    `Loading ${scenario.label} (${servedBy} in turn) at the app's steady rate…\n`,
  );
  const steady = await measureSideBySide(targets(pauseMs), scale, rounds);
  return { full: rows(full), steady: rows(steady, pauseMs) };
}

/**
 * The import of a generated 10 MB WordPress export with 5,000 comments (tests/bench/import.ts),
 * in a process of its own so its peak memory is the import's alone; it must end in 120 s.
 */
function importTiming(): Promise<ImportTiming> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "tests/bench/import.ts", "--json"],
      { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "inherit"] },
    );
    const timer = setTimeout(() => {
      child.kill();
      fail(new Error("the import timing did not end in 120 s"));
    }, 120_000);
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", fail);
    child.once("exit", (code) => {
      clearTimeout(timer);
      const last = output.trim().split("\n").at(-1) ?? "";
      if (code === 0 && last.startsWith("{"))
        done(JSON.parse(last) as ImportTiming);
      else fail(new Error(`the import timing exited with ${code}:\n${output}`));
    });
  });
}

/** A page as the page cache answers it: its bytes and the headers that describe them. */
type StoredPage = { path: string; body: Buffer; headers: [string, string][] };

// Set per connection or per answer by whichever server sends the page.
const CONNECTION_HEADERS = new Set([
  "date",
  "connection",
  "keep-alive",
  "content-length",
  "transfer-encoding",
]);

/**
 * GETs the page twice (the second from the page cache) and keeps that second answer, asked
 * for uncompressed as wrk asks: its headers then describe the bytes kept.
 */
async function storedPage(baseUrl: string, path: string): Promise<StoredPage> {
  const asWrkAsks = { "Accept-Encoding": "identity" };
  await expectPage(baseUrl + path, asWrkAsks);
  const { body, headers } = await expectPage(baseUrl + path, asWrkAsks);
  return {
    path,
    body,
    headers: [...headers].filter(([name]) => !CONNECTION_HEADERS.has(name)),
  };
}

/**
 * The floor of tests/bench/floor.ts, on Express or on Node's http server, answering each
 * page's bytes and headers at its path.
 */
async function floorServer(
  workDir: string,
  floor: "express" | "node",
  pages: StoredPage[],
): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const pagesFile = join(workDir, "floor-pages.json");
  writeFileSync(
    pagesFile,
    JSON.stringify(
      pages.map((page, index) => {
        const bodyFile = join(workDir, `floor-page-${index}.html`);
        writeFileSync(bodyFile, page.body);
        return { path: page.path, bodyFile, headers: page.headers };
      }),
    ),
  );
  const port = await freePort();
  // With the app's own node options (its young generation's size among them): the floors
  // differ from the app by what the app does, not by how V8 was set up.
  const child = spawn(
    process.execPath,
    [...START_SCRIPT_NODE_OPTIONS, "--import", "tsx", "tests/bench/floor.ts"],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        FLOOR: floor,
        PAGES_FILE: pagesFile,
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`the ${floor} floor did not start in 30 s`)),
      30_000,
    );
    child.stdout.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("listening")) {
        clearTimeout(timer);
        ready();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`the ${floor} floor exited with ${code}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: async () => {
      const exit = new Promise((done) => child.once("exit", done));
      child.kill("SIGTERM");
      await exit;
    },
  };
}

/** A number no other comment carries, at the end of each body, to find it in the database. */
const MARKER = /\(ref\. (\d+)\)$/;

/** How a resident's browser posts the comment form. */
type CommentWay = {
  id: string;
  label: string;
  /** The action's address: the fetcher's `.data`, or the page itself. */
  path: (post: string) => string;
  headers: Record<string, string>;
  accepted: PostLoad["accepted"];
  /**
   * Answered with a redirect whatever happened: the outcome rows left for the page it leads
   * to say which comments were refused.
   */
  refusalsInOutcomeRows: boolean;
};

const COMMENT_WAYS: CommentWay[] = [
  {
    id: "comment-post",
    label: "Comment POST, with JavaScript (the form's fetcher, `.data`)",
    path: (post) => `${post}.data`,
    headers: {},
    // The action's single-fetch answer: the status is a plain string in its turbo-stream.
    accepted: { status: 200, bodyContains: ['"published"', '"held"'] },
    refusalsInOutcomeRows: false,
  },
  {
    id: "comment-post-plain",
    label: "Comment POST, without JavaScript (a plain form post)",
    path: (post) => post,
    // What a browser's own form submission carries: the server answers it with a redirect.
    headers: {
      "Sec-Fetch-Mode": "navigate",
      "Sec-Fetch-Site": "same-origin",
      "Sec-Fetch-Dest": "document",
    },
    accepted: { status: 303 },
    refusalsInOutcomeRows: true,
  },
];

/**
 * Form bodies as many residents would send them (named or anonymous, some replies), each ending
 * with its comment's text, which wrk numbers.
 */
function commentBodies(parents: number[], count: number): string[] {
  const random = seededRandom(7);
  return Array.from({ length: count }, (_, index) =>
    new URLSearchParams({
      intent: "comment",
      name: index % 3 === 0 ? "" : `Resident ${index}`,
      email: "",
      parentId:
        index % 4 === 0 && parents.length > 0
          ? String(random.pick(parents))
          : "",
      website: "",
      body: commentBody(random),
    }).toString(),
  );
}

/**
 * Posts comments as many residents behind a proxy would (a new address and text each time),
 * with wrk, then counts the rows: every comment the server said it took must be in the
 * database. `firstMarker` keeps each run's numbers apart from every other run's.
 */
async function runComments(
  server: RunningServer,
  way: CommentWay,
  site: SeededSite,
  scale: Scale,
  databasePath: string,
  firstMarker: number,
): Promise<ScenarioResult> {
  const database = new Database(databasePath, { readonly: true });
  try {
    const post = database
      .prepare(`select id from posts where slug = ?`)
      .get(site.paths.commentPost.replace("/posts/", "")) as { id: number };
    const parents = (
      database
        .prepare(
          `select id from comments where post_id = ? and state = 'published'`,
        )
        .all(post.id) as { id: number }[]
    ).map((row) => row.id);
    // A plain post's answer is a redirect whatever happened; the outcome row waiting for the
    // page it leads to says what did.
    const refusedOutcomes = database
      .prepare<[], number>(
        `select count(*) from form_outcomes
         where json_extract(payload, '$.status') not in ('published', 'held')`,
      )
      .pluck();
    const refusedBefore = refusedOutcomes.get()!;
    const bodies = commentBodies(parents, 2_000);
    const runs = { "warm-up": firstMarker, measured: firstMarker + 10_000_000 };
    process.stderr.write(`Loading ${way.label}…\n`);
    const measurement = await measure(
      server.url,
      (run) => ({
        post: {
          path: way.path(site.paths.commentPost),
          headers: {
            ...way.headers,
            Origin: server.url,
            "Content-Type": "application/x-www-form-urlencoded",
          },
          bodies,
          firstMarker: runs[run],
          accepted: way.accepted,
        },
      }),
      scale,
      { serverPid: server.pid, where },
    );

    const measured = runs.measured;
    const stored = (
      database
        .prepare(`select body_markdown as body from comments where post_id = ?`)
        .all(post.id) as { body: string }[]
    )
      .map((row) => Number(MARKER.exec(row.body)?.[1] ?? 0))
      .filter(
        (marker) => marker > measured && marker < measured + 10_000_000,
      ).length;
    const acknowledged = measurement.accepted ?? 0;
    return {
      ...toResult(
        way.id,
        way.label,
        "app",
        way.path(site.paths.commentPost),
        measurement,
      ),
      comments: {
        sent: measurement.sent ?? 0,
        acknowledged,
        refused: way.refusalsInOutcomeRows
          ? refusedOutcomes.get()! - refusedBefore
          : measurement.requests - acknowledged,
        // Rows found afterwards; a few more than acknowledged were still in flight at the end.
        stored,
        lost: Math.max(0, acknowledged - stored),
        storedPerSecond: Math.min(stored, acknowledged) / scale.durationSeconds,
      },
    };
  } finally {
    database.close();
  }
}

async function main(): Promise<void> {
  const { quick, out } = parseArgs(process.argv.slice(2));
  const scale = quick ? QUICK : FULL;
  const workDir = mkdtempSync(join(tmpdir(), "lookout-bench-"));
  // The seed and the servers must share the database, the content and the secret that keys addresses.
  process.env.DATABASE_PATH = join(workDir, "bench.db");
  process.env.CONTENT_DIR = join(workDir, "content");
  process.env.SESSION_SECRET = randomBytes(32).toString("hex");
  try {
    const site = await seedSite(scale);
    const nginxBinary = ensureNginx();
    ensureWrk();
    // This process samples memory and starts wrk: on the generator's side, not the servers'.
    pinGenerator(process.pid, where);

    // A fresh server for each scenario: its memory and its cache owe nothing to the one before.
    const startTimes: number[] = [];
    const withServer = async <T>(
      extraEnv: Record<string, string>,
      use: (server: RunningServer) => Promise<T>,
    ): Promise<T> => {
      const { server, coldStartMs } = await start(workDir, extraEnv);
      startTimes.push(coldStartMs);
      try {
        return await use(server);
      } finally {
        await server.stop();
      }
    };
    // Sessions live in the database: one sign-in serves every server started on it.
    let cookie: string | undefined;
    const runPages = async (
      scenarios: PageScenario[],
      settings: LoadSettings,
      extraEnv: Record<string, string>,
      kind: ScenarioResult["server"],
      suffix: string,
    ): Promise<ScenarioResult[]> => {
      const results: ScenarioResult[] = [];
      for (const scenario of scenarios) {
        results.push(
          await withServer(extraEnv, async (server) => {
            cookie ??= await signIn(server, site);
            return measurePage(
              server,
              scenario,
              settings,
              cookie,
              kind,
              suffix,
            );
          }),
        );
      }
      return results;
    };

    const scenarios = pageScenarios(site, scale);
    const noCache = { PAGE_CACHE_MB: "0" };
    // Without the page cache first, so the comments posted at the end change nothing it measures.
    const uncachedResults = await runPages(
      scenarios,
      scale,
      noCache,
      "app, no page cache",
      "-uncached",
    );
    // One connection: how long a single render takes (the first after a change, whose other
    // discussions' markup is kept from before). With many connections the renders queue behind
    // each other in the one process, as the rows above show.
    const singleRenderResults = await runPages(
      scenarios.filter((scenario) => scenario.singleRender),
      { ...scale, connections: 1 },
      noCache,
      "app, no page cache",
      "-single",
    );
    // The same with no discussion's markup kept from before either (decision 078): a render of
    // a post no reader asked for since the server started.
    const nothingKeptResults = await runPages(
      scenarios.filter((scenario) => scenario.singleRender),
      { ...scale, connections: 1 },
      { ...noCache, DRAWN_PARTS_MB: "0" },
      "app, nothing kept",
      "-cold",
    );
    // The cached pages the targets compare with nginx are measured below, beside nginx.
    const otherResults = await runPages(
      scenarios.filter((scenario) => !P99_PAGES.has(scenario.id)),
      scale,
      {},
      "app",
      "",
    );
    const { post, home, clientJs } = await withServer({}, async (server) => ({
      post: await storedPage(server.url, site.paths.mediumPost),
      home: await storedPage(server.url, "/"),
      clientJs: await clientJavaScript(server.url, site.paths.mediumPost),
    }));
    const samePages = [post, home];
    const nginx = await serveStatic(
      nginxBinary,
      samePages.map((page) => ({ path: page.path, body: page.body })),
    );
    const nodeFloor = await floorServer(workDir, "node", samePages);
    const cachedResults: ScenarioResult[] = [];
    const steadyResults: ScenarioResult[] = [];
    const baseline: ScenarioResult[] = [];
    try {
      pinServer(nginx.pid, where);
      pinServer(nodeFloor.pid, where);
      // First what wrk reaches when the server costs nothing: a figure near it is wrk's, not the server's.
      process.stderr.write("Loading a two-byte answer from nginx…\n");
      baseline.push(
        toResult(
          "generator-ceiling",
          "nginx: a two-byte answer (the load generator's ceiling)",
          "nginx",
          TRIVIAL_PATH,
          await measure(nginx.url, () => ({ paths: [TRIVIAL_PATH] }), scale, {
            serverPid: nginx.pid,
            skipMemory: true,
            where,
          }),
        ),
      );
      for (const scenario of scenarios.filter((page) => P99_PAGES.has(page.id)))
        await withServer({}, async (app) => {
          const rows = await cachedPageBesideBaselines(
            scenario,
            [
              { kind: "app", url: app.url, pid: app.pid },
              { kind: "nginx", url: nginx.url, pid: nginx.pid },
              { kind: "node", url: nodeFloor.url, pid: nodeFloor.pid },
            ],
            scale,
          );
          cachedResults.push(rows.full[0]!);
          steadyResults.push(rows.steady[0]!);
          baseline.push(...rows.full.slice(1), ...rows.steady.slice(1));
        });
    } finally {
      await nginx.stop();
      await nodeFloor.stop();
    }
    // The same bytes and headers from Express: what its router adds to Node's own server.
    const express = await floorServer(workDir, "express", samePages);
    try {
      pinServer(express.pid, where);
      for (const [pageId, page] of [
        ["post", post],
        ["home", home],
      ] as const) {
        const { id, label } = baselineRow("express", pageId, scale);
        process.stderr.write(`Loading ${label}…\n`);
        baseline.push(
          toResult(
            id,
            label,
            "express",
            page.path,
            await measure(express.url, () => ({ paths: [page.path] }), scale, {
              serverPid: express.pid,
              skipMemory: true,
              where,
            }),
          ),
        );
      }
    } finally {
      await express.stop();
    }
    const comments: ScenarioResult[] = [];
    for (const [index, way] of COMMENT_WAYS.entries())
      comments.push(
        await withServer({}, (server) =>
          runComments(
            server,
            way,
            site,
            scale,
            join(workDir, "bench.db"),
            (index + 1) * 100_000_000,
          ),
        ),
      );
    // Last, with no server running: the import has the machine to itself.
    process.stderr.write(
      "Timing the import of a 10 MB, 5,000-comment export…\n",
    );
    const imported = await importTiming();

    const report: BenchReport = {
      date: new Date().toISOString(),
      quick,
      scale,
      site: site.counts,
      nginxVersion: nginx.version,
      placement: where,
      scenarios: [
        ...cachedResults,
        ...otherResults,
        ...steadyResults,
        ...uncachedResults,
        ...singleRenderResults,
        ...nothingKeptResults,
        ...baseline,
        ...comments,
      ],
      timings: {
        // The first start follows the seeding: nothing of the app is in memory yet.
        coldStartMs: startTimes[0]!,
        startMedianMs: median(startTimes),
        ...site.timings,
        clientJs,
        import: imported,
      },
    };
    mkdirSync(out, { recursive: true });
    const written = await writeReport(report, out);
    const saturated = written.scenarios.filter(
      (result) => result.generatorBound,
    );
    // A scenario that finished nothing in its time (every request outlasted wrk's timeout)
    // has no figures at all: that is a failure, not a rate of zero.
    const idle = written.scenarios.filter((result) => result.requests === 0);
    if (idle.length > 0)
      throw new Error(
        `NO REQUEST FINISHED IN ${idle.map((result) => result.id).join(", ")}: see their rows in ${out}/benchmark.md.`,
      );
    if (saturated.length > 0) {
      const names = saturated.map((result) => result.id).join(", ");
      const message = `THE LOAD GENERATOR WAS SATURATED (${names}): those figures are the generator's, not the server's.`;
      // A quick run only checks that the bench works, on whatever machine runs the tests.
      if (quick) process.stderr.write(`warning: ${message}\n`);
      else throw new Error(message);
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

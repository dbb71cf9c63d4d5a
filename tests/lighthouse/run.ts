/**
 * Scores the home page and a post with 200 comments with Lighthouse (default mobile
 * emulation), prints a Markdown table, writes it to docs/lighthouse.md, and exits non-zero
 * when any score is below MIN_SCORE. Run with `npm run lighthouse` (it builds first).
 *
 * Chromium comes from CHROMIUM_PATH, or Debian's /usr/bin/chromium. Set LIGHTHOUSE_JSON_DIR
 * to also keep each page's full Lighthouse report (JSON) in that folder, and LIGHTHOUSE_RUNS=n to
 * run each page n times and keep the median run (by performance score).
 */
import Database from "better-sqlite3";
import { launch, type LaunchedChrome } from "chrome-launcher";
import lighthouse, { type Result } from "lighthouse";
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { format, resolveConfig } from "prettier";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "../helpers/browser";
import {
  REPO_ROOT,
  setModerationPolicy,
  startServer,
  type RunningServer,
} from "../helpers/server";

const MIN_SCORE = 95;
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
const RUNS = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS) || 1);
const CHROME_FLAGS = ["--headless=new", ...CHROMIUM_FLAGS];

type Category = (typeof CATEGORIES)[number];
type PageResult = {
  name: string;
  scores: Record<Category, number>;
  /** Audits Lighthouse could not run (often a Chromium newer than Lighthouse knows). */
  errors: string[];
  /** Titles of the audits scoring below 1, for each category under MIN_SCORE. */
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

async function audit(
  chrome: LaunchedChrome,
  url: string,
  name: string,
): Promise<PageResult> {
  // Performance varies from run to run: with LIGHTHOUSE_RUNS=n, keep the run with the median score.
  const runs: Result[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: [...CATEGORIES],
    });
    if (!result) throw new Error(`Lighthouse returned no result for ${url}`);
    runs.push(result.lhr);
  }
  const performance = (report: Result) =>
    report.categories.performance?.score ?? 0;
  const lhr = [...runs].sort((a, b) => performance(a) - performance(b))[
    Math.floor((runs.length - 1) / 2)
  ]!;
  const reportDir = process.env.LIGHTHOUSE_JSON_DIR;
  if (reportDir) {
    mkdirSync(reportDir, { recursive: true });
    const file = join(
      reportDir,
      `${new URL(url).pathname.replace(/\W+/g, "-").replace(/^-|-$/g, "") || "home"}.json`,
    );
    writeFileSync(file, JSON.stringify(lhr, null, 2));
  }
  if (lhr.runtimeError) {
    throw new Error(
      `Lighthouse failed on ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`,
    );
  }
  const scores = {} as Record<Category, number>;
  const failing: PageResult["failing"] = {};
  for (const id of CATEGORIES) {
    const category = lhr.categories[id];
    if (!category || category.score === null) {
      throw new Error(`Lighthouse gave no ${id} score for ${url}`);
    }
    const score = Math.round(category.score * 100);
    scores[id] = score;
    if (score < MIN_SCORE) {
      failing[id] = category.auditRefs
        .map((ref) => ({ ref, audit: lhr.audits[ref.id] }))
        .filter(({ audit }) => audit && audit.score !== null && audit.score < 1)
        .map(({ ref, audit }) => {
          const detail = audit!.displayValue ? ` — ${audit!.displayValue}` : "";
          return `${audit!.title} (\`${ref.id}\`, score ${Math.round(audit!.score! * 100)}, weight ${ref.weight})${detail}`;
        });
    }
  }
  const weights = new Map(
    CATEGORIES.flatMap((id) =>
      (lhr.categories[id]?.auditRefs ?? []).map(
        (ref) => [ref.id, ref.weight] as const,
      ),
    ),
  );
  const errors = Object.values(lhr.audits)
    .filter(
      (audit) => audit.scoreDisplayMode === "error" && weights.has(audit.id),
    )
    .map(
      (audit) =>
        `${audit.title} (\`${audit.id}\`, weight ${weights.get(audit.id) ?? 0}): ${audit.errorMessage}`,
    );
  return { name, scores, failing, errors };
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

function table(results: PageResult[]): string {
  const header = `| Page | ${CATEGORIES.join(" | ")} |`;
  const rule = `| --- | ${CATEGORIES.map(() => "---:").join(" | ")} |`;
  const rows = results.map(
    (result) =>
      `| ${result.name} | ${CATEGORIES.map((id) => result.scores[id]).join(" | ")} |`,
  );
  return [header, rule, ...rows].join("\n");
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
  let chrome: LaunchedChrome | undefined;
  try {
    server = await startServer();
    await seedComments(server);
    chrome = await launch({
      chromePath: CHROMIUM_PATH,
      chromeFlags: CHROME_FLAGS,
    });

    const results: PageResult[] = [];
    for (const page of PAGES) {
      results.push(await audit(chrome, server.url + page.path, page.name));
    }

    const errors = [...new Set(results.flatMap((result) => result.errors))].map(
      (line) => `- ${line}`,
    );
    if (errors.length > 0) {
      console.warn(
        `Lighthouse could not run these audits (an errored audit with weight 0 does not change a score):\n${errors.join("\n")}`,
      );
    }
    const markdown = table(results);
    const failures = failingList(results);
    console.log(`\n${markdown}\n`);
    if (failures) {
      console.log(`Audits scoring below 1 in categories under ${MIN_SCORE}:`);
      console.log(failures);
    }

    const lighthouseVersion = (
      (await import("lighthouse/package.json", { with: { type: "json" } })) as {
        default: { version: string };
      }
    ).default.version;
    const machine = `${cpus().length} CPU cores, Node ${process.version}, ${chromiumVersion()}, Lighthouse ${lighthouseVersion}`;
    const document = [
      "# Lighthouse scores",
      "",
      `Generated by \`npm run lighthouse\` on ${new Date().toISOString()}.`,
      "",
      `Machine: ${machine}. Default mobile emulation (simulated throttling), production build served locally${RUNS > 1 ? `, median of ${RUNS} runs by performance score` : ", one run per page"}.`,
      "",
      markdown,
      "",
      `Threshold: every score must be at least ${MIN_SCORE}.`,
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
            `Audits scoring below 1 in categories under ${MIN_SCORE}:`,
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

    const low = results.some((result) =>
      CATEGORIES.some((id) => result.scores[id] < MIN_SCORE),
    );
    if (low) console.error(`Some scores are below ${MIN_SCORE}.`);
    return low ? 1 : 0;
  } finally {
    if (chrome) {
      try {
        chrome.kill();
      } catch (error) {
        console.error("could not stop Chromium:", error);
      }
    }
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

/**
 * What the post page with 200 comments carries, and where its uncached render spends its time.
 * Seeds a small board with the benchmark's seed (the same 200-comment thread as `npm run bench`),
 * starts the production server without its page cache, and prints:
 *
 * - the page's bytes as sent and gzipped, and how many of them are the data serialized for
 *   hydration (the inline scripts);
 * - each script the page loads, as sent and gzipped;
 * - the median time of 60 uncached renders in turn over one connection (`--renders N`).
 *
 * With `--profile DIR`, the server runs under `node --cpu-prof` and writes its profile to DIR,
 * and the functions with the most self time are printed. Run with
 * `npx tsx tests/bench/page-weight.ts [--profile DIR]` after `npm run build`.
 */
import { randomBytes } from "node:crypto";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { startServer } from "../helpers/server";
import { clientJavaScript } from "./client-js";
import { seedSite } from "./seed";

/** Uncached renders timed (and profiled) in turn; `--renders N` for another count. */
const DEFAULT_RENDERS = 60;

type Sizes = { bytes: number; gzipBytes: number };

function sizes(body: Buffer | string): Sizes {
  const buffer = Buffer.isBuffer(body) ? body : Buffer.from(body);
  return { bytes: buffer.length, gzipBytes: gzipSync(buffer).length };
}

/** The inline scripts of a page: what Remix serializes for hydration, and its small glue. */
export function inlineScripts(html: string): string {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
    .filter((match) => !/\bsrc=/.test(match[1]!))
    .map((match) => match[2]!)
    .join("");
}

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
};
type Profile = {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
};

/** Where a profile's self time went, by package (or the app's bundle, Node's internals, GC). */
export function selfTimeByPart(
  profile: Profile,
): { part: string; share: number }[] {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const parts = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const frame = byNode.get(id)?.callFrame;
    const delta = profile.timeDeltas[index] ?? 0;
    if (
      !frame ||
      frame.functionName === "(idle)" ||
      frame.functionName === "(program)"
    )
      return;
    total += delta;
    const packageName = /\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(
      frame.url,
    )?.[1];
    const part =
      frame.functionName === "(garbage collector)"
        ? "garbage collector"
        : packageName
          ? packageName
          : /\/build\//.test(frame.url)
            ? "the app (build/)"
            : frame.url.startsWith("node:") || frame.url === ""
              ? "Node itself (I/O, zlib, modules)"
              : frame.url;
    parts.set(part, (parts.get(part) ?? 0) + delta);
  });
  return [...parts]
    .map(([part, us]) => ({ part, share: total === 0 ? 0 : us / total }))
    .sort((a, b) => b.share - a.share);
}

/** The functions with the most self time in a `--cpu-prof` profile, with their share. */
export function topSelfTime(
  profile: Profile,
  count: number,
): { name: string; where: string; ms: number; share: number }[] {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, { name: string; where: string; us: number }>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const node = byNode.get(id);
    const delta = profile.timeDeltas[index] ?? 0;
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === "(idle)" || functionName === "(program)") return;
    total += delta;
    const file = url
      .replace(/^.*\/node_modules\//, "")
      .replace(/^file:\/\/.*\/build\//, "build/");
    const key = `${functionName}@${file}:${lineNumber}`;
    const entry = self.get(key) ?? {
      name: functionName || "(anonymous)",
      where: file ? `${file}:${lineNumber + 1}` : "",
      us: 0,
    };
    entry.us += delta;
    self.set(key, entry);
  });
  return [...self.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, count)
    .map(({ name, where, us }) => ({
      name,
      where,
      ms: us / 1000,
      share: total === 0 ? 0 : us / total,
    }));
}

async function main(): Promise<void> {
  const profileAt = process.argv.indexOf("--profile");
  const profileDir =
    profileAt === -1
      ? undefined
      : resolve(process.argv[profileAt + 1] ?? "profile");
  const rendersAt = process.argv.indexOf("--renders");
  const RENDERS =
    rendersAt === -1
      ? DEFAULT_RENDERS
      : Math.max(1, Number(process.argv[rendersAt + 1]) || DEFAULT_RENDERS);
  const workDir = mkdtempSync(join(tmpdir(), "lookout-page-weight-"));
  process.env.DATABASE_PATH = join(workDir, "bench.db");
  process.env.CONTENT_DIR = join(workDir, "content");
  process.env.SESSION_SECRET = randomBytes(32).toString("hex");
  try {
    const site = await seedSite({
      posts: 20,
      comments: 600,
      mediumThread: 200,
      largeThread: 300,
      pending: 20,
      members: 20,
    });
    if (profileDir) mkdirSync(profileDir, { recursive: true });
    const server = await startServer({
      contentDir: process.env.CONTENT_DIR,
      env: {
        DATABASE_PATH: process.env.DATABASE_PATH,
        SESSION_SECRET: process.env.SESSION_SECRET,
        PAGE_CACHE_MB: "0",
      },
      nodeOptions: profileDir
        ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`]
        : [],
    });
    const path = site.paths.mediumPost;
    try {
      const html = await (await fetch(server.url + path)).text();
      const page = sizes(html);
      const data = sizes(inlineScripts(html));
      console.log(`Page ${path}, first page of its discussion:`);
      console.log(
        `  HTML ${page.bytes} bytes, ${page.gzipBytes} gzipped; inline scripts (hydration data) ${data.bytes} bytes, ${data.gzipBytes} gzipped`,
      );
      const scripts = await clientJavaScript(server.url, path);
      console.log("Scripts (as sent, gzipped):");
      for (const file of scripts.perFile)
        console.log(`  ${file.address}  ${file.bytes}  ${file.gzipBytes}`);
      console.log(
        `  ${scripts.files} files, ${scripts.bytes} bytes, ${scripts.gzipBytes} gzipped`,
      );
      const times: number[] = [];
      for (let index = 0; index < RENDERS; index += 1) {
        const started = performance.now();
        const response = await fetch(server.url + path);
        await response.arrayBuffer();
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      console.log(
        `Uncached render, ${RENDERS} in turn: p50 ${times[Math.floor(RENDERS / 2)]!.toFixed(1)} ms, fastest ${times[0]!.toFixed(1)} ms`,
      );
    } finally {
      await server.stop();
    }
    if (profileDir) {
      const file = readdirSync(profileDir)
        .filter((name) => name.endsWith(".cpuprofile"))
        .sort()
        .at(-1);
      if (!file) throw new Error(`no profile was written to ${profileDir}`);
      const profile = JSON.parse(
        readFileSync(join(profileDir, file), "utf8"),
      ) as Profile;
      console.log(`Self time by part (${file}):`);
      for (const { part, share } of selfTimeByPart(profile).slice(0, 12))
        console.log(`  ${(share * 100).toFixed(1).padStart(5)} %  ${part}`);
      console.log("Most self time:");
      for (const entry of topSelfTime(profile, 25))
        console.log(
          `  ${(entry.share * 100).toFixed(1).padStart(5)} %  ${entry.ms.toFixed(0).padStart(6)} ms  ${entry.name}  ${entry.where}`,
        );
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

// The README promises Node 20.19 (and 22 from 22.12, the first 22 most hosts ship). npm only
// warns (EBADENGINE) when a package wants a newer Node, so a dependency bump could quietly break
// that promise: this test reads the lock file and names every installed package that would.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import semver from "semver";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/server";

/** The oldest Node of each release line the README promises. */
const PROMISED_NODES = ["20.19.0", "22.12.0"];

type LockPackage = { version?: string; engines?: { node?: string } | string[] };
type Lock = { packages: Record<string, LockPackage> };

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(join(REPO_ROOT, file), "utf8")) as T;
}

/** "node_modules/a/node_modules/b@1.2.3 wants >=22 (not 20.19.0)" for each package that excludes a promised Node. */
function packagesExcluding(lock: Lock, nodes: string[]): string[] {
  const found: string[] = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    // An old-style engines array, or none at all, promises nothing.
    const range = Array.isArray(entry.engines)
      ? undefined
      : entry.engines?.node;
    if (path === "" || range === undefined) continue;
    for (const node of nodes) {
      if (!semver.satisfies(node, range)) {
        found.push(
          `${path}@${entry.version ?? "?"} wants ${range} (not ${node})`,
        );
      }
    }
  }
  return found;
}

describe("engines", () => {
  it("package.json promises the Node versions this test checks", () => {
    const range = readJson<{ engines: { node: string } }>("package.json")
      .engines.node;
    for (const node of PROMISED_NODES)
      expect(semver.satisfies(node, range)).toBe(true);
  });

  it("every package in package-lock.json runs on every promised Node", () => {
    const lock = readJson<Lock>("package-lock.json");
    expect(Object.keys(lock.packages).length).toBeGreaterThan(100);
    expect(packagesExcluding(lock, PROMISED_NODES)).toEqual([]);
  });

  it("names a package that needs a newer Node (the control)", () => {
    const lock: Lock = {
      packages: {
        "": { engines: { node: ">=20.19 <21 || >=22" } },
        "node_modules/sanitize-html": {
          version: "2.18.1",
          engines: { node: ">=22.12.0" },
        },
        "node_modules/old-style": {
          version: "1.0.0",
          engines: ["node >= 0.8"],
        },
        "node_modules/fine": { version: "1.0.0", engines: { node: ">=18" } },
      },
    };
    expect(packagesExcluding(lock, PROMISED_NODES)).toEqual([
      "node_modules/sanitize-html@2.18.1 wants >=22.12.0 (not 20.19.0)",
    ]);
  });
});

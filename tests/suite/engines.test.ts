// package.json and the README promise the Node versions the site runs on. Every installed
// package must accept the oldest of each: one that declares a newer Node makes `npm ci` warn
// EBADENGINE on a supported machine, and may use what that Node lacks.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import semver from "semver";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/server";

/** The oldest release of each Node line the README promises. */
const OLDEST_SUPPORTED = ["20.19.0", "22.12.0"];

type LockedPackage = { version?: string; engines?: unknown };

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(join(REPO_ROOT, file), "utf8"));
}

/** A package's declared Node range, or undefined when it declares none. */
function nodeRange(engines: unknown): string | undefined {
  if (typeof engines !== "object" || engines === null) return undefined;
  // Old packages wrote engines as a list of strings ("node >= 0.8").
  if (Array.isArray(engines)) {
    const entry = engines.find(
      (item): item is string =>
        typeof item === "string" && item.startsWith("node"),
    );
    return entry?.replace(/^node\s*/, "");
  }
  const node: unknown = (engines as Record<string, unknown>).node;
  return typeof node === "string" ? node : undefined;
}

/** "name@version needs node RANGE" for each package that refuses one of `versions`. */
function packagesRefusing(
  packages: Record<string, LockedPackage>,
  versions: readonly string[],
): string[] {
  const problems: string[] = [];
  for (const [path, locked] of Object.entries(packages)) {
    const range = nodeRange(locked.engines);
    if (path === "" || range === undefined) continue;
    const refused = versions.filter(
      (version) =>
        !semver.satisfies(version, range, { includePrerelease: true }),
    );
    if (refused.length > 0) {
      const name = path.replace(/^.*node_modules\//, "");
      problems.push(
        `${name}@${locked.version} needs node ${range} (refuses ${refused.join(", ")})`,
      );
    }
  }
  return problems;
}

describe("declared Node versions", () => {
  it("package.json promises the lines checked here", () => {
    const manifest = readJson("package.json") as { engines: { node: string } };
    for (const version of OLDEST_SUPPORTED) {
      expect(semver.satisfies(version, manifest.engines.node)).toBe(true);
    }
  });

  it("finds a package that needs a newer Node (the check can fail)", () => {
    expect(
      packagesRefusing(
        {
          "": { version: "1.0.0" },
          "node_modules/old-enough": {
            version: "1.0.0",
            engines: { node: ">=18" },
          },
          "node_modules/too-new": {
            version: "2.0.0",
            engines: { node: ">=22.12.0" },
          },
          "node_modules/listed": { version: "0.1.0", engines: ["node >= 21"] },
        },
        OLDEST_SUPPORTED,
      ),
    ).toEqual([
      "too-new@2.0.0 needs node >=22.12.0 (refuses 20.19.0)",
      "listed@0.1.0 needs node >= 21 (refuses 20.19.0)",
    ]);
  });

  it("every locked package accepts Node 20.19.0 and 22.12.0", () => {
    const lock = readJson("package-lock.json") as {
      packages: Record<string, LockedPackage>;
    };
    expect(Object.keys(lock.packages).length).toBeGreaterThan(100);
    expect(packagesRefusing(lock.packages, OLDEST_SUPPORTED)).toEqual([]);
  });
});

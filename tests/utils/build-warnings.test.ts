import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isNoiseWarning } from "../../vite.warnings";
import { REPO_ROOT } from "../helpers/server";

describe("the build's warnings", () => {
  it.each([
    [
      {
        code: "EMPTY_BUNDLE",
        message: 'Generated an empty chunk: "feed_.xml_".',
      },
      true,
    ],
    [
      {
        code: "INVALID_ANNOTATION",
        message:
          "A comment contains an annotation that Rollup cannot interpret",
        id: "/site/node_modules/zod/v4/core/util.js",
      },
      true,
    ],
    // Ours, and every other kind, still show.
    [
      {
        code: "INVALID_ANNOTATION",
        message:
          "A comment contains an annotation that Rollup cannot interpret",
        id: "/site/app/domain/slug.ts",
      },
      false,
    ],
    [{ code: "CIRCULAR_DEPENDENCY", message: "Circular dependency" }, false],
    [{ code: "MISSING_EXPORT", message: '"x" is not exported' }, false],
  ])("%j → hidden: %s", (warning, hidden) => {
    expect(isNoiseWarning(warning)).toBe(hidden);
  });

  it("npm start builds with the asset table and progress lines left out", () => {
    const scripts = JSON.parse(
      readFileSync(join(REPO_ROOT, "package.json"), "utf8"),
    ).scripts as Record<string, string>;
    expect(scripts.start).toMatch(
      /^LOOKOUT_QUIET_BUILD=1 npm run --silent build && /,
    );
    const config = readFileSync(join(REPO_ROOT, "vite.config.ts"), "utf8");
    expect(config).toContain(
      'process.env.LOOKOUT_QUIET_BUILD === "1" ? "warn" : "info"',
    );
  });
});

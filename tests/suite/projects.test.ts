// Every test file runs in exactly one project, and in the right kind: a file that drives a
// browser in a browser project, one that starts the built server in a project that builds it
// first. `npm test` runs the projects of vitest.config.ts; vitest.scripts.config.ts holds the
// runs kept out of it (the quick benchmark and the screenshots).
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/server";

type Listed = { file: string; projectName: string };

const CONFIGS = ["vitest.config.ts", "vitest.scripts.config.ts"];
const PROJECTS = [
  "unit",
  "integration",
  "http",
  "browser",
  "bench",
  "screenshots",
];
/** Projects whose script builds the server first. */
const BUILT_SERVER_PROJECTS = ["http", "browser", "bench", "screenshots"];
const BROWSER_PROJECTS = ["browser", "screenshots"];
const DRIVES_A_BROWSER = /from "(\.\.\/)+helpers\/browser"/;
const STARTS_THE_SERVER =
  /import \{[^}]*\bstartServer\b[^}]*\} from "(\.\.\/)+helpers\/server"/;

async function listed(config: string): Promise<Listed[]> {
  const { stdout } = await promisify(execFile)(
    join(REPO_ROOT, "node_modules/.bin/vitest"),
    ["list", "--filesOnly", "--json", "--config", config],
    { cwd: REPO_ROOT, timeout: 60_000 },
  );
  return (JSON.parse(stdout) as Listed[]).map(({ file, projectName }) => ({
    file: relative(REPO_ROOT, file),
    projectName,
  }));
}

function testFilesOnDisk(): string[] {
  return readdirSync(join(REPO_ROOT, "tests"), { recursive: true })
    .map(String)
    .filter((path) => /\.test\.tsx?$/.test(path))
    .map((path) => join("tests", path))
    .sort();
}

/** What is wrong with how the files are shared out, one line each. */
function membershipProblems(
  files: string[],
  projectsOf: Listed[],
  sourceOf: (file: string) => string,
): string[] {
  const problems: string[] = [];
  for (const file of files) {
    const projects = projectsOf
      .filter((entry) => entry.file === file)
      .map((entry) => entry.projectName);
    if (projects.length !== 1) {
      problems.push(
        `${file} is in ${projects.length} projects (${projects.join(", ")})`,
      );
      continue;
    }
    const [project] = projects as [string];
    const source = sourceOf(file);
    if (DRIVES_A_BROWSER.test(source) && !BROWSER_PROJECTS.includes(project))
      problems.push(`${file} drives a browser but is in ${project}`);
    if (
      STARTS_THE_SERVER.test(source) &&
      !BUILT_SERVER_PROJECTS.includes(project)
    )
      problems.push(`${file} starts the built server but is in ${project}`);
  }
  for (const { file } of projectsOf)
    if (!files.includes(file)) problems.push(`${file} is listed but missing`);
  return problems;
}

let projectsOf: Listed[];
const files = testFilesOnDisk();
const read = (file: string) => readFileSync(join(REPO_ROOT, file), "utf8");

beforeAll(async () => {
  projectsOf = (await Promise.all(CONFIGS.map(listed))).flat();
}, 120_000);

describe("the test projects", () => {
  it("put every test file in exactly one project, of the right kind", () => {
    expect(files.length).toBeGreaterThan(50);
    expect(membershipProblems(files, projectsOf, read)).toEqual([]);
  });

  it("each hold some files", () => {
    for (const project of PROJECTS)
      expect(
        projectsOf.filter((entry) => entry.projectName === project).length,
        project,
      ).toBeGreaterThan(0);
  });

  it("keep the benchmark and the screenshots out of `npm test`", () => {
    const inSuite = projectsOf.filter(({ projectName }) =>
      ["unit", "integration", "http", "browser"].includes(projectName),
    );
    expect(
      inSuite.filter(({ file }) => /^tests\/(bench|screenshots)\//.test(file)),
    ).toEqual([]);
  });

  it("would name a file listed twice, one left out, and one in the wrong kind", () => {
    const fakeFiles = [
      "tests/e2e/twice.test.ts",
      "tests/routes/nowhere.test.ts",
      "tests/routes/clicks.test.ts",
      "tests/routes/serves.test.ts",
    ];
    const fakeListing: Listed[] = [
      { file: "tests/e2e/twice.test.ts", projectName: "http" },
      { file: "tests/e2e/twice.test.ts", projectName: "browser" },
      { file: "tests/routes/clicks.test.ts", projectName: "integration" },
      { file: "tests/routes/serves.test.ts", projectName: "integration" },
    ];
    const sources: Record<string, string> = {
      "tests/routes/clicks.test.ts":
        // In pieces, so that this file's own source does not match.
        ["import { launchBrowser } from", '"../helpers/browser";'].join(" "),
      "tests/routes/serves.test.ts": [
        "import { REPO_ROOT, startServer } from",
        '"../helpers/server";',
      ].join(" "),
    };
    expect(
      membershipProblems(fakeFiles, fakeListing, (file) => sources[file] ?? ""),
    ).toEqual([
      "tests/e2e/twice.test.ts is in 2 projects (http, browser)",
      "tests/routes/nowhere.test.ts is in 0 projects ()",
      "tests/routes/clicks.test.ts drives a browser but is in integration",
      "tests/routes/serves.test.ts starts the built server but is in integration",
    ]);
  });
});

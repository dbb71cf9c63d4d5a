// The README and docs/ point at things that exist: every relative link reaches a file (and its
// heading, when it names one), and every `npm run` command is a script of package.json.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/server";

const DOCUMENTS = [
  "README.md",
  ...readdirSync(join(REPO_ROOT, "docs"), { recursive: true })
    .map(String)
    .filter((path) => path.endsWith(".md"))
    .map((path) => join("docs", path)),
];

/** GitHub's anchor for a heading. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\w\- ]/g, "")
    .replace(/ /g, "-");
}

/** The anchors of a Markdown file's headings, outside code blocks. */
function anchorsIn(text: string): Set<string> {
  const anchors = new Set<string>();
  let inCode = false;
  for (const line of text.split("\n")) {
    if (line.startsWith("```")) inCode = !inCode;
    const heading = /^#{1,6} (.*)$/.exec(line);
    if (!inCode && heading) anchors.add(anchorOf(heading[1]!));
  }
  return anchors;
}

/** What is wrong with the relative links of one document, one line each. */
function brokenLinks(
  document: string,
  text: string,
  read: (path: string) => string | undefined,
): string[] {
  const problems: string[] = [];
  // Examples in code blocks are not links.
  const prose = text.replace(/^```[\s\S]*?^```/gm, "");
  for (const [, target] of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/.test(target!)) continue;
    const [path, anchor] = target!.split("#") as [string, string | undefined];
    const file = path ? relative(".", join(dirname(document), path)) : document;
    const linked = read(file);
    if (linked === undefined) {
      problems.push(`${document}: ${target} names no file`);
      continue;
    }
    if (anchor && file.endsWith(".md") && !anchorsIn(linked).has(anchor))
      problems.push(`${document}: ${target} names no heading of ${file}`);
  }
  return problems;
}

/** A file's text ("" for a folder), or undefined when there is no such path. */
function readFromRepo(path: string): string | undefined {
  const full = join(REPO_ROOT, path);
  if (!existsSync(full)) return undefined;
  return statSync(full).isDirectory() ? "" : readFileSync(full, "utf8");
}

describe("the README and docs/", () => {
  it("link only to files and headings that exist", () => {
    const problems = DOCUMENTS.flatMap((document) =>
      brokenLinks(document, readFromRepo(document)!, readFromRepo),
    );
    expect(problems).toEqual([]);
  });

  it("would name a missing file and a missing heading (the control)", () => {
    const files: Record<string, string> = {
      "docs/a.md": "# A title\n",
    };
    expect(
      brokenLinks(
        "README.md",
        "[one](docs/a.md#a-title) [two](docs/b.md) [three](docs/a.md#no-such) [four](#here)\n## Here\n```\n![five](docs/c.png)\n```\n",
        (path) => (path === "README.md" ? "## Here\n" : files[path]),
      ),
    ).toEqual([
      "README.md: docs/b.md names no file",
      "README.md: docs/a.md#no-such names no heading of docs/a.md",
    ]);
  });

  it("name only npm scripts that package.json has", () => {
    const { scripts } = JSON.parse(
      readFileSync(join(REPO_ROOT, "package.json"), "utf8"),
    ) as { scripts: Record<string, string> };
    const named = DOCUMENTS.flatMap((document) =>
      [
        ...readFromRepo(document)!.matchAll(
          /npm run (?:-s |--silent )?([a-z][\w:-]*)/g,
        ),
      ].map(([, name]) => ({ document, name: name! })),
    );
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter(({ name }) => !(name in scripts))).toEqual([]);
  });
});

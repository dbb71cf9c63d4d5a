import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LABELLED_LOG_ACTIONS, logActionLabel } from "~/domain/log-labels";

const APP = new URL("../../app", import.meta.url).pathname;

/** Every log code the app's source writes, e.g. "comment.marked-spam". */
function codesInSource(): string[] {
  const files = readdirSync(APP, { recursive: true, encoding: "utf8" }).filter(
    (file) => /\.tsx?$/.test(file) && !file.endsWith("log-labels.ts"),
  );
  const codes = new Set<string>();
  for (const file of files) {
    const text = readFileSync(join(APP, file), "utf8");
    for (const match of text.matchAll(
      /["`]((?:comment|ban|reports|member|settings|post)\.[a-z-]+)["`]/g,
    )) {
      codes.add(match[1]!);
    }
  }
  return [...codes].sort();
}

describe("the log's labels", () => {
  it.each([
    ["comment.marked-spam", "Comment marked as spam"],
    ["comment.held", "Comment held for a moderator"],
    ["member.role", "Member's role changed"],
    ["ban.created", "Ban made"],
    ["future.some-thing", "Future some thing"],
  ])("%s → %s", (code, label) => {
    expect(logActionLabel(code)).toBe(label);
  });

  it("has a label for every code the app writes", () => {
    const codes = codesInSource();
    // The control: the scan finds the codes it is meant to check.
    expect(codes).toContain("comment.marked-spam");
    expect(codes).toContain("post.unpublished");
    expect(
      codes.filter((code) => !LABELLED_LOG_ACTIONS.includes(code)),
    ).toEqual([]);
  });
});

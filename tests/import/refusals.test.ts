import { beforeEach, describe, expect, it, vi } from "vitest";
import { ImportFileError } from "~/features/import/import.server";
import * as moderation from "~/features/moderation/moderation.server";
import {
  contentEntries,
  contentFiles,
  countRows,
  fixture,
  importFixture,
  resetSite,
} from "../helpers/imports";
import { useTempSite } from "../helpers/temp-site";

const site = useTempSite();

beforeEach(() => resetSite(site));

const refusal = async (path: string) => {
  const error = await importFixture(site, path).then(
    () => null,
    (problem: unknown) => problem,
  );
  expect(error).toBeInstanceOf(ImportFileError);
  return (error as ImportFileError).message;
};

describe("a file that cannot be imported", () => {
  it.each([
    [
      "wxr-malformed.xml",
      "the file is not well-formed XML at line 90: unmatched closing tag: channel",
    ],
    [
      "wxr-crazy-cdata.xml",
      'the file is not well-formed XML at line 18, inside <content:encoded>: the string "]]>" is disallowed in char data',
    ],
    [
      "not-an-export.xml",
      "the file is not a Blogger, WordPress or Disqus export: its first element is <html> (http://www.w3.org/1999/xhtml) at line 2",
    ],
    [
      "disqus-sample.xml",
      'the file is not an export Lookout can read: it starts with "`" where an XML export (Blogger, WordPress, Disqus) starts with "<" and a Lookout JSON export with "{"',
    ],
  ])(
    "refuses %s, naming the place, and imports nothing",
    async (name, message) => {
      expect(await refusal(fixture(name))).toBe(message);
      expect(countRows(site)).toEqual({
        posts: 0,
        comments: 0,
        log: 0,
        origins: 0,
        oldAddresses: 0,
      });
      expect(contentFiles(site)).toEqual([]);
      // No half-made folder is left behind either.
      expect(contentEntries(site)).toEqual(["posts"]);
    },
  );

  it("refuses a broken file even when the posts before the break were fine", async () => {
    // Control: the first 80 lines of the malformed file hold well-formed items.
    const message = await refusal(fixture("wxr-malformed.xml"));
    expect(message).toContain("line 90");
    const good = await importFixture(site, fixture("wxr-1.1.xml"));
    expect(good.postsAdded).toHaveLength(2);
  });

  it("refuses an empty file", async () => {
    site.writeContent("empty.xml", "");
    expect(await refusal(`${site.contentDir}/empty.xml`)).toContain(
      'it starts with "nothing"',
    );
  });

  it("leaves nothing behind when writing fails halfway", async () => {
    const logDecision = moderation.logDecision;
    let calls = 0;
    const spy = vi
      .spyOn(moderation, "logDecision")
      .mockImplementation((...args) => {
        calls += 1;
        if (calls === 5) throw new Error("disk full");
        return logDecision(...args);
      });
    try {
      await expect(
        importFixture(site, fixture("wxr-1.2-https.xml")),
      ).rejects.toThrow("disk full");
    } finally {
      spy.mockRestore();
    }
    expect(calls).toBe(5);
    expect(countRows(site)).toEqual({
      posts: 0,
      comments: 0,
      log: 0,
      origins: 0,
      oldAddresses: 0,
    });
    expect(contentEntries(site)).toEqual(["posts"]);
    expect(contentFiles(site)).toEqual([]);
    // Control: the same file imports once nothing fails.
    expect(
      (await importFixture(site, fixture("wxr-1.2-https.xml"))).commentsAdded,
    ).toBe(11);
  });

  it("refuses a Lookout export with a comment whose date is not a date", async () => {
    const exported = {
      format: "lookout-export",
      version: 1,
      board: "https://board.example",
      posts: [],
      comments: [
        {
          id: 1,
          postId: 1,
          parentId: null,
          number: 1,
          state: "published",
          authorName: null,
          bodyMarkdown: "x",
          createdAt: "yesterday",
        },
      ],
    };
    site.writeContent("board.json", JSON.stringify(exported));
    expect(await refusal(`${site.contentDir}/board.json`)).toMatch(
      /^the file is not a Lookout export: comments\.0\.createdAt: /,
    );
    expect(countRows(site)).toMatchObject({ comments: 0 });
  });
});

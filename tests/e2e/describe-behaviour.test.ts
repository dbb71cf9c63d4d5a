// "Describe behaviour, not people" in a real Chromium: the comment form of a sightings post asks
// for what people did, and a description of looks alone comes back held with the reason, with
// JavaScript and without. A post with other tags is the control.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { axeViolationIds } from "../helpers/axe";
import { launchBrowser, waitForHydration } from "../helpers/browser";
import { REPO_ROOT, startServer, type RunningServer } from "../helpers/server";

const WAIT = { timeout: 15_000 };
const GUIDANCE =
  "Describe what they did, where and when, not what they look like.";
const SIGHTINGS = "/posts/van-seen-on-mill-lane";
const CONTROL = "/posts/phone-and-courier-scams";
let contentDir: string;
let server: RunningServer;

beforeAll(async () => {
  contentDir = mkdtempSync(join(tmpdir(), "lookout-behaviour-"));
  cpSync(join(REPO_ROOT, "content"), contentDir, { recursive: true });
  writeFileSync(
    join(contentDir, "posts/van-seen-on-mill-lane.md"),
    [
      "---",
      'title: "Van seen on Mill Lane"',
      "date: 2026-11-30",
      "author: Daniel Hughes",
      "tags: [Sightings]",
      "area: South Vale",
      'summary: "A van seen late at night on Mill Lane."',
      "comments: open",
      "---",
      "",
      "Has anyone else seen it?",
      "",
    ].join("\n"),
  );
  server = await startServer({ contentDir });
});

afterAll(async () => {
  await server?.stop();
  if (contentDir) rmSync(contentDir, { recursive: true, force: true });
});

describe.each([
  { javaScriptEnabled: true, mode: "with JavaScript" },
  { javaScriptEnabled: false, mode: "without JavaScript" },
])("the comment form of a sightings post $mode", ({ javaScriptEnabled }) => {
  test("asks for behaviour, and holds a description of looks alone saying why", async () => {
    const browser = await launchBrowser({
      javaScriptEnabled,
      bypassCSP: true,
    });
    try {
      const page = await browser.context.newPage();
      // Control: a post with other tags shows no guidance.
      await page.goto(server.url + CONTROL);
      expect(await page.locator("form#new").count()).toBe(1);
      expect(await page.locator(".behaviour-guidance").count()).toBe(0);

      const response = await page.goto(server.url + SIGHTINGS);
      expect(response?.status()).toBe(200);
      if (javaScriptEnabled) await waitForHydration(page);
      const form = page.locator("form#new");
      expect(await form.locator(".behaviour-guidance").textContent()).toBe(
        GUIDANCE,
      );
      const field = form.getByLabel("Comment", { exact: true });
      // The guidance is part of the field's description, so screen readers say it too.
      const describedBy = (await field.getAttribute("aria-describedby")) ?? "";
      const hints = await Promise.all(
        describedBy
          .split(" ")
          .filter(Boolean)
          .map((id) => page.locator(`[id="${id}"]`).textContent()),
      );
      expect(hints.join(" ")).toContain(GUIDANCE);
      if (javaScriptEnabled) expect(await axeViolationIds(page)).toEqual([]);

      await field.fill(
        `Two black lads hanging about (${javaScriptEnabled ? "js" : "no js"})`,
      );
      await form.getByLabel("Name (optional)").fill("Sam");
      await form.getByRole("button", { name: "Post comment" }).click();
      await page
        .locator(".form-message", {
          hasText:
            /^Held for a moderator because: .*it describes what someone looks like but not what they did/,
        })
        .waitFor(WAIT);
    } finally {
      await browser.close();
    }
  });
});

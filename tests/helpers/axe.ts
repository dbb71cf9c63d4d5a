// axe-core run inside a page, for browser tests of views that must have no accessibility violations.
import { join } from "node:path";
import type { AxeResults } from "axe-core";
import type { Page } from "playwright-core";
import { REPO_ROOT } from "./server";

const AXE_PATH = join(REPO_ROOT, "node_modules/axe-core/axe.min.js");

/** The ids of the rules axe-core finds violated on the page; it throws when axe ran no rule at all. */
export async function axeViolationIds(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async () => {
    const { axe } = window as unknown as {
      axe: { run(): Promise<AxeResults> };
    };
    const results = await axe.run();
    if (results.passes.length === 0) throw new Error("axe-core ran no rules");
    return results.violations.map((violation) => violation.id);
  });
}

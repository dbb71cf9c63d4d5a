import { statSync } from "node:fs";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { writeGeneratedExport } from "../helpers/generated-export";
import { importFixture } from "../helpers/imports";
import { useTempSite } from "../helpers/temp-site";

const site = useTempSite();

// The time it takes is measured by `npm run bench:import`, not asserted here.
describe("a 10 MB export with 5,000 comments", () => {
  it(
    "imports completely, every comment in its thread",
    { timeout: 120_000 },
    async () => {
      const path = `${site.contentDir}/../generated.xml`;
      await writeGeneratedExport(path);
      expect(statSync(path).size).toBeGreaterThan(9_500_000);
      const summary = await importFixture(site, path);
      expect(summary).toMatchObject({
        postsAdded: expect.any(Array),
        commentsAdded: 5000,
        byState: { published: 5000 },
        byClass: { anonymous: 1000, named: 4000 },
      });
      expect(summary.postsAdded).toHaveLength(50);
      const replies = site
        .db()
        .get<{ n: number }>(
          sql`select count(*) as n from comments where parent_id is not null`,
        )!.n;
      expect(replies).toBe(50 * 33);
    },
  );
});

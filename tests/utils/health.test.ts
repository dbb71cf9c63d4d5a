import { describe, expect, it } from "vitest";
import { migrateToLatest } from "../../db/client.server";
import { checkHealth } from "~/utils/health.server";
import {
  committedMigrationTags,
  migrationsFolder,
} from "../helpers/migrations";
import { useTempSite } from "../helpers/temp-site";

// A database one migration behind the running release, as when the newest could not be applied.
const tags = committedMigrationTags();
const site = useTempSite({
  migrationsFolder: migrationsFolder({ keep: tags.length - 1 }),
});

describe("the health check", () => {
  it("is unavailable while a migration of this release is missing, and ok once applied", () => {
    const databasePath = process.env.DATABASE_PATH!;
    expect(checkHealth(databasePath)).toEqual({
      status: "unavailable",
      problem: `migrations not applied: ${tags.at(-1)}`,
    });

    migrateToLatest(site.db());

    expect(checkHealth(databasePath)).toEqual({
      status: "ok",
      migration: tags.at(-1),
    });
  });
});

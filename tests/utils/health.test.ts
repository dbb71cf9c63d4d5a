import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { migrateToLatest } from "../../db/client.server";
import { LOW_DISK_SPACE_BYTES } from "~/platform/disk-space.server";
import { checkHealth } from "~/server/health.server";
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

  it("is unavailable when the database's disk is all but full, and ok with room (the control)", () => {
    const databasePath = process.env.DATABASE_PATH!;
    const asked: string[] = [];
    const free = (bytes: number) => (folder: string) => {
      asked.push(folder);
      return bytes;
    };
    expect(
      checkHealth(databasePath, undefined, free(LOW_DISK_SPACE_BYTES - 1)),
    ).toEqual({
      status: "unavailable",
      problem:
        "disk full: 63 MB free where the database is, below the 64 MB it needs to store comments",
    });
    expect(asked).toEqual([dirname(databasePath)]);
    expect(
      checkHealth(databasePath, undefined, free(LOW_DISK_SPACE_BYTES)),
    ).toEqual({
      status: "ok",
      migration: tags.at(-1),
    });
    // The real file system of the test's folder has room.
    expect(checkHealth(databasePath).status).toBe("ok");
  });
});

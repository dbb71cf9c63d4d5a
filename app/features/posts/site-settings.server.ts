import { eq } from "drizzle-orm";
import { settings } from "../../../db/schema";
import {
  DEFAULT_SITE_SETTINGS,
  type SiteSettings,
} from "../../domain/site-defaults";
import { SITE_SETTINGS_KEY } from "./content-sync.server";
import { db } from "../../platform/db.server";

/** The site settings last synced from content/site.yml, or the defaults before any sync. */
export function getSiteSettings(): SiteSettings {
  const row = db()
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, SITE_SETTINGS_KEY))
    .get();
  return {
    ...DEFAULT_SITE_SETTINGS,
    ...(row?.value as Partial<SiteSettings> | undefined),
  };
}

import { eq } from "drizzle-orm";
import { settings } from "../../../db/schema";
import {
  DEFAULT_POLICY,
  policySettingsSchema,
  type PolicySettings,
} from "../../domain/moderation-policy";
import { db } from "../../platform/db.server";
import { logDecision, type Actor } from "./moderation.server";

export const POLICY_SETTINGS_KEY = "moderation";

/** The moderation policy in force: stored settings over the defaults. Read once per request. */
export function getPolicySettings(): PolicySettings {
  const row = db()
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, POLICY_SETTINGS_KEY))
    .get();
  const parsed = policySettingsSchema.safeParse({
    ...DEFAULT_POLICY,
    ...(row?.value as object | undefined),
  });
  return parsed.success ? parsed.data : DEFAULT_POLICY;
}

/** Stores changed settings (validated by the caller) and logs who changed what. */
export function savePolicySettings(
  value: PolicySettings,
  now: Date,
  actor: Actor = {
    name: "system",
    userId: null,
  },
): void {
  const before = getPolicySettings();
  const changed = (Object.keys(value) as (keyof PolicySettings)[]).filter(
    (key) => JSON.stringify(before[key]) !== JSON.stringify(value[key]),
  );
  db().transaction((tx) => {
    tx.insert(settings)
      .values({ key: POLICY_SETTINGS_KEY, value, updatedAt: now })
      .onConflictDoUpdate({
        target: settings.key,
        set: { value, updatedAt: now },
      })
      .run();
    logDecision(tx, actor, now, {
      action: "settings.changed",
      note:
        changed.length > 0
          ? changed
              .map((key) => `${key}: ${JSON.stringify(value[key])}`)
              .join("; ")
          : "no change",
    });
  });
}

import { eq, sql } from "drizzle-orm";
import { preparedOnce } from "../../../db/client.server";
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
  const text = storedPolicy(db()).get()?.text ?? null;
  if (lastRead?.text !== text) lastRead = { text, policy: parsePolicy(text) };
  return lastRead.policy;
}

// The stored text as it is, so an unchanged policy is not parsed and checked again: that was
// a third of a comment POST's time outside its transaction.
const storedPolicy = preparedOnce((database) =>
  database
    .select({ text: sql<string>`${settings.value}` })
    .from(settings)
    .where(eq(settings.key, POLICY_SETTINGS_KEY))
    .prepare(),
);

let lastRead: { text: string | null; policy: PolicySettings } | undefined;

function parsePolicy(text: string | null): PolicySettings {
  let stored: unknown = {};
  try {
    stored = text === null ? {} : JSON.parse(text);
  } catch {
    return DEFAULT_POLICY;
  }
  const parsed = policySettingsSchema.safeParse({
    ...DEFAULT_POLICY,
    ...(stored as object),
  });
  // Frozen: every request shares it, and none may change it for the others.
  return Object.freeze(parsed.success ? parsed.data : DEFAULT_POLICY);
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

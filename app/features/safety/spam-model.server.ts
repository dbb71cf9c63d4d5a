// The spam model as stored: one JSON document in the settings table, changed only in the
// transaction of a moderator's decision, so it learns only from decided comments.
import { eq } from "drizzle-orm";
import { preparedOnce, type Runner, type Tx } from "../../../db/client.server";
import { settings } from "../../../db/schema";
import {
  emptyModel,
  train,
  untrain,
  type SpamLabel,
  type SpamModel,
} from "~/domain/spam-score";

export const SPAM_MODEL_KEY = "spam-model";

function isModel(value: unknown): value is SpamModel {
  if (typeof value !== "object" || value === null) return false;
  const docs = (value as { docs?: unknown }).docs;
  const tokens = (value as { tokens?: unknown }).tokens;
  return (
    typeof docs === "object" &&
    docs !== null &&
    typeof (docs as { ham?: unknown }).ham === "number" &&
    typeof (docs as { spam?: unknown }).spam === "number" &&
    typeof tokens === "object" &&
    tokens !== null
  );
}

/** The model learned so far; empty on a new board. One query. */
export function loadSpamModel(database: Runner): SpamModel {
  const row = storedModel(database).get();
  return isModel(row?.value) ? row.value : emptyModel();
}

const storedModel = preparedOnce((database) =>
  database
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, SPAM_MODEL_KEY))
    .prepare(),
);

/** Learns from moderators' decisions, inside the transaction that records them. */
export function learnFromDecisions(
  tx: Tx,
  decided: readonly { text: string; label: SpamLabel }[],
  now: Date,
): void {
  changeModel(tx, decided, now, train);
}

/** Forgets decisions that were undone, inside the transaction that undoes them. */
export function forgetDecisions(
  tx: Tx,
  undone: readonly { text: string; label: SpamLabel }[],
  now: Date,
): void {
  changeModel(tx, undone, now, untrain);
}

function changeModel(
  tx: Tx,
  items: readonly { text: string; label: SpamLabel }[],
  now: Date,
  step: typeof train,
): void {
  if (items.length === 0) return;
  const value = items.reduce(
    (model, item) => step(model, item.text, item.label),
    loadSpamModel(tx),
  );
  tx.insert(settings)
    .values({ key: SPAM_MODEL_KEY, value, updatedAt: now })
    .onConflictDoUpdate({
      target: settings.key,
      set: { value, updatedAt: now },
    })
    .run();
}

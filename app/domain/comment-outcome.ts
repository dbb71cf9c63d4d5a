import type { CommentFormField } from "./comment-fields";
import type { Outcome, Reason, ReasonCode } from "./moderation-policy";

/** The sentence a poster reads after submitting: what happened, and why. */
export function outcomeMessage(
  outcome: Outcome,
  reasons: readonly Reason[],
): string {
  const because = reasons.map((reason) => reason.message).join("; ");
  switch (outcome) {
    case "publish":
      return "Published.";
    case "hold":
      return `Held for a moderator because: ${because}. Only you can see it until it is approved.`;
    case "reject":
      return `Not accepted because: ${because}.`;
  }
}

const FIELD_OF_REASON: Partial<Record<ReasonCode, CommentFormField>> = {
  "anonymous-refused": "name",
  "too-short": "body",
  "too-long": "body",
  "blocked-word": "body",
  duplicate: "body",
};

/** Refusals that concern one field, to show beside it as well. */
export function reasonsByField(
  reasons: readonly Reason[],
): Partial<Record<CommentFormField, string>> {
  const errors: Partial<Record<CommentFormField, string>> = {};
  for (const reason of reasons) {
    const field = FIELD_OF_REASON[reason.code];
    if (field) errors[field] = capitalize(reason.message) + ".";
  }
  return errors;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The hint under the name field: what leaving it empty means under the current policy. */
export function anonymousHint(rule: "publish" | "hold" | "reject"): string {
  switch (rule) {
    case "publish":
      return "Leave it empty to comment anonymously.";
    case "hold":
      return "Leave it empty to comment anonymously: a moderator checks anonymous comments before they appear.";
    case "reject":
      return "A name is needed: anonymous comments are not accepted here.";
  }
}

/** How the name field reads under the policy in force: optional only where anonymity is allowed. */
export type NameField = { label: string; hint: string; required: boolean };

export function nameField(rule: "publish" | "hold" | "reject"): NameField {
  return {
    label: rule === "reject" ? "Name" : "Name (optional)",
    hint: anonymousHint(rule),
    required: rule === "reject",
  };
}

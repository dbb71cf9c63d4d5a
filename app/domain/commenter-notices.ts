/**
 * Who gets which message about their own comment. Pure: the caller passes the change of state
 * and what it knows of the subscriber, and is told what to queue and whether the subscription
 * (and with it the address) ends.
 */
import type { CommentState } from "./comment-states";

export type OutcomeNoticeKind = "approved" | "rejected" | "removed";

export type OutcomeNotice = {
  /** The message to send, or null for none. */
  send: OutcomeNoticeKind | null;
  /** Whether the comment-outcome subscription is deleted: its one message is sent or moot. */
  end: boolean;
};

/** The outcomes a poster is told of, from the state the comment was in to the one it is in. */
const TOLD: {
  from: CommentState;
  to: CommentState;
  send: OutcomeNoticeKind;
}[] = [
  // A held comment (new, or held again by readers' reports) that a moderator approved.
  { from: "pending", to: "published", send: "approved" },
  { from: "pending", to: "rejected", send: "rejected" },
  { from: "published", to: "removed", send: "removed" },
];

/**
 * What a change of state means for the poster who asked to be told. Spam is never answered
 * (telling a spammer only helps them) and a comment its author deleted needs no message: both
 * end the subscription silently. An address that was never confirmed is not mailed: the
 * subscription ends with the outcome all the same, so its address is not kept for nothing.
 */
export function outcomeNotice(
  change: { from: CommentState; to: CommentState },
  subscriber: { confirmed: boolean },
): OutcomeNotice {
  const told = TOLD.find(
    (rule) => rule.from === change.from && rule.to === change.to,
  );
  if (told) return { send: subscriber.confirmed ? told.send : null, end: true };
  if (change.to === "spam" || change.to === "deleted")
    return { send: null, end: true };
  return { send: null, end: false };
}

/** The comment form's checkbox asking to be told what happens to the comment. */
export const OUTCOME_NOTICE_FIELD = "tellMe";

/**
 * The form's refusal when the checkbox is ticked but there is nowhere to write to: a guest who
 * gave no email. A member is written to at their account's address.
 */
export function outcomeNoticeError(input: {
  tellMe: boolean;
  email: string | null;
  member: boolean;
}): string | null {
  if (!input.tellMe || input.member || input.email !== null) return null;
  return "Give your email to be told what happens to your comment, or untick the box.";
}

/**
 * What the poster is told, after the comment's own outcome, about the confirmation of their
 * address: what became of requestAddressConfirmation, or null when they asked for nothing.
 */
export function confirmationMessage(
  request: "confirmed" | "sent" | "pending" | "limited" | null,
): string | null {
  switch (request) {
    case "sent":
    case "pending":
      return "To be told what happens to it, follow the link we emailed you: until then we send nothing else.";
    case "limited":
      return "We could not email you a link to confirm your address just now, so you will not be told what happens to it.";
    default:
      return null;
  }
}

/**
 * Reasons a moderator can choose (or type their own) when rejecting or removing a comment: the
 * one a poster who asked reads, and the note the log keeps.
 */
export const DECISION_REASONS = [
  "It could identify a person or a home.",
  "It is not about this post.",
  "It is not civil.",
  "It describes how someone looks rather than what they did.",
  "It repeats what has already been said.",
] as const;

/** The longest reason a moderator may give (the desk form's note). */
export const DECISION_REASON_LIMIT = 500;

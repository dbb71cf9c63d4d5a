import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import {
  MODERATION_ACTION_NAMES,
  MODERATION_ACTIONS,
} from "~/domain/comment-states";
import { dismissReports } from "~/features/moderation/reports.server";
import { DECISION_REASON_LIMIT } from "~/domain/commenter-notices";
import {
  decideAndTellPosters,
  undoAndTakeBackNotices,
} from "~/features/notify/comment-outcome.server";
import { encodeUndoTicket, parseUndoTicket, undoNotice } from "~/domain/undo";
import {
  readForm,
  readSignedParam,
  safeRedirectPath,
  withNotice,
  withoutParams,
  withSignedParam,
} from "~/platform/http.server";
import { requireDesk } from "~/features/accounts/desk.server";

const commentIds = z
  .array(z.coerce.number().int().positive())
  .min(1, { error: "Choose at least one comment." })
  .max(500, { error: "At most 500 comments can be acted on at once." });

const moderationSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("moderate"),
    action: z.enum(
      MODERATION_ACTION_NAMES as [keyof typeof MODERATION_ACTIONS],
    ),
    commentIds,
    note: z.string().trim().max(DECISION_REASON_LIMIT).optional(),
  }),
  z.object({ intent: z.literal("dismiss-reports"), commentIds }),
  z.object({ intent: z.literal("undo") }),
]);

// Only the desk's forms post here; an address typed or followed here gets the queue.
export function loader() {
  return redirect("/moderation");
}

/**
 * Every desk decision on comments posts here: approve, reject, spam, remove, restore, dismiss
 * reports, and the Undo a Reject, Spam or Remove offers afterwards.
 */
export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireDesk(request);
  const form = await readForm(request);
  // The notice and Undo of an earlier decision do not outlive the next one.
  const redirectTo = withoutParams(
    safeRedirectPath(form.get("redirectTo"), "/moderation"),
    ["notice", "noticeKey", "undo", "undoKey"],
  );
  const parsed = moderationSchema.safeParse({
    intent: form.get("intent"),
    action: form.get("action") ?? undefined,
    note: form.get("note") ?? undefined,
    commentIds: form.get("intent") === "undo" ? [] : form.getAll("commentId"),
  });
  if (!parsed.success) {
    throw redirect(
      withNotice(
        redirectTo,
        parsed.error.issues[0]?.message ?? "Nothing was changed.",
      ),
    );
  }
  const now = new Date();
  const decision = parsed.data;
  if (decision.intent === "undo") {
    const ticket = parseUndoTicket(readSignedParam(form, "undo"));
    if (ticket === null) {
      return redirect(withNotice(redirectTo, "Nothing was undone."));
    }
    const outcome = undoAndTakeBackNotices(ticket, actor, now);
    return redirect(withNotice(redirectTo, undoNotice(ticket.action, outcome)));
  }
  if (decision.intent === "dismiss-reports") {
    const dismissed = decision.commentIds.reduce(
      (sum, id) => sum + dismissReports(id, actor, now),
      0,
    );
    return redirect(
      withNotice(
        redirectTo,
        `Dismissed ${dismissed} report${dismissed === 1 ? "" : "s"}.`,
      ),
    );
  }
  // The note is logged and, for a rejection or a removal, told to the poster who asked.
  const note = decision.note || null;
  const givesReason =
    decision.action === "reject" || decision.action === "remove";
  const { moved, undo, outranked } = decideAndTellPosters(
    decision.commentIds,
    decision.action,
    actor,
    { note, reason: givesReason ? note : null },
    now,
  );
  const skipped = decision.commentIds.length - moved - outranked;
  const done = `${pastTense[decision.action]} ${moved} comment${moved === 1 ? "" : "s"}.`;
  const noticed = withNotice(
    redirectTo,
    [
      done,
      skipped > 0
        ? `${skipped} had already been dealt with, so were left as they are.`
        : null,
      outranked > 0
        ? `${outranked} ${outranked === 1 ? "was" : "were"} left as they are: written by someone whose role is the same as yours or higher. Ask an admin.`
        : null,
    ]
      .filter((part) => part !== null)
      .join(" "),
  );
  // The desk's pages draw the Undo under their notice; a post page does not (decision 054).
  const onDesk =
    redirectTo === "/moderation" ||
    redirectTo.startsWith("/moderation/") ||
    redirectTo.startsWith("/moderation?");
  return redirect(
    undo === null || !onDesk
      ? noticed
      : withSignedParam(noticed, "undo", encodeUndoTicket(undo)),
  );
}

const pastTense = {
  approve: "Approved",
  reject: "Rejected",
  spam: "Marked as spam",
  remove: "Removed",
  restore: "Restored",
} as const;

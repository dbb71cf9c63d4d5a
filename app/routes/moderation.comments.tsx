import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import {
  MODERATION_ACTION_NAMES,
  MODERATION_ACTIONS,
} from "~/domain/comment-states";
import { dismissReports } from "~/features/moderation/reports.server";
import { moderateComments } from "~/features/moderation/state-changes.server";
import { queueCommentFollowMail } from "~/features/notify/follows.server";
import { readForm, safeRedirectPath, withNotice } from "~/platform/http.server";
import { requireDesk } from "~/features/accounts/desk.server";

const commentIds = z
  .array(z.coerce.number().int().positive())
  .min(1, { error: "Choose at least one comment." })
  .max(500);

const moderationSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("moderate"),
    action: z.enum(
      MODERATION_ACTION_NAMES as [keyof typeof MODERATION_ACTIONS],
    ),
    commentIds,
    note: z.string().trim().max(500).optional(),
  }),
  z.object({ intent: z.literal("dismiss-reports"), commentIds }),
]);

// Only the desk's forms post here; an address typed or followed here gets the queue.
export function loader() {
  return redirect("/moderation");
}

/** Every desk decision on comments posts here: approve, reject, spam, remove, restore, dismiss reports. */
export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireDesk(request);
  const form = await readForm(request);
  const redirectTo = safeRedirectPath(form.get("redirectTo"), "/moderation");
  const parsed = moderationSchema.safeParse({
    intent: form.get("intent"),
    action: form.get("action") ?? undefined,
    note: form.get("note") ?? undefined,
    commentIds: form.getAll("commentId"),
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
  const moved = moderateComments(
    decision.commentIds,
    decision.action,
    actor,
    decision.note || null,
    now,
    { firstPublished: queueCommentFollowMail },
  );
  const skipped = decision.commentIds.length - moved;
  const done = `${pastTense[decision.action]} ${moved} comment${moved === 1 ? "" : "s"}.`;
  return redirect(
    withNotice(
      redirectTo,
      skipped > 0
        ? `${done} ${skipped} had already been dealt with, so were left as they are.`
        : done,
    ),
  );
}

const pastTense = {
  approve: "Approved",
  reject: "Rejected",
  spam: "Marked as spam",
  remove: "Removed",
  restore: "Restored",
} as const;

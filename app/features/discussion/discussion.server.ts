import { queueModeratorAlerts } from "~/features/notify/moderator-alerts.server";
import { fieldErrors } from "~/domain/account-forms";
import { data, type AppLoadContext } from "@remix-run/node";
import {
  commentFormId,
  type CommentActionResult,
} from "~/domain/comment-fields";
import { formValues, parseCommentForm } from "~/domain/comment-form";
import { outcomeMessage, reasonsByField } from "~/domain/comment-outcome";
import {
  confirmationMessage,
  outcomeNoticeError,
} from "~/domain/commenter-notices";
import { wakeMailWorker } from "~/features/mail/worker.server";
import { reportFormSchema } from "~/domain/report-form";
import { reporterNetwork } from "~/domain/report-rules";
import {
  buildThread,
  commentAnchor,
  discussionQuery,
  findInDiscussion,
} from "~/domain/thread";
import {
  listThreadPlaces,
  type ThreadPlace,
  type ThreadViewer,
} from "~/features/discussion/thread.server";
import { reportComment } from "~/features/moderation/reports.server";
import {
  submitComment,
  type SubmitResult,
} from "~/features/discussion/submit.server";
import { getPolicySettings } from "~/features/moderation/policy.server";
import { getSiteSettings } from "~/features/posts/site-settings.server";
import {
  DISK_FULL_RETRY_SECONDS,
  isOutOfSpace,
} from "../../platform/disk-space.server";
import {
  guestCookieHeader,
  newGuestKey,
  readGuestKey,
} from "../accounts/guest.server";
import { notFound } from "../../platform/http.server";
import { renderCommentMarkdown } from "../../platform/markdown.server";
import { log } from "../../platform/log.server";
import { identifyPoster } from "./poster.server";
import { addressKey } from "../../platform/secrets.server";
import { getSessionUser } from "../accounts/session.server";
import { memberAddress } from "../notify/follows.server";
import type { ConfirmationRequest } from "../notify/address-confirmation.server";
import { db } from "../../platform/db.server";

const DISK_FULL_MESSAGE =
  "The site cannot take comments right now: its storage is full. Nothing was posted; your text is still here to send again later.";

const REPLIES_NEED_EMAIL =
  "Give your email to be told of replies, or untick the box.";

function repliesAddress(
  form: { notifyReplies: boolean; email: string | null },
  userId: number | null,
): { address: string } | null | "no-address" {
  if (!form.notifyReplies) return null;
  if (userId !== null) return { address: memberAddress(db(), userId) };
  return form.email ? { address: form.email } : "no-address";
}

/**
 * What the comment's answer adds when replies were asked for. A guest is told the same whatever
 * became of the address, so nobody learns from it whether someone else's address is confirmed.
 */
function followRepliesMessage(
  confirmation: ConfirmationRequest | undefined,
  member: boolean,
): string {
  if (confirmation === undefined) return "";
  if (!member)
    return " To be told of replies, follow the link we sent to your email, unless you have confirmed it here before: nothing else is sent to it until then.";
  switch (confirmation) {
    case "confirmed":
      return " We will email you when someone replies.";
    case "sent":
    case "pending":
      return " To be told of replies, follow the link we sent to your account's email.";
    case "limited":
      return " We could not send the link to confirm your email just now; tick the box again on a later comment.";
  }
}

const POST_GONE =
  "There is no post at this address. It may have been taken down.";

/**
 * The address that shows `viewer` the first comment `matches` finds in a post's discussion: its
 * page and anchor, wherever later comments have moved it; the start of the discussion when the
 * comment is not shown to them.
 */
export function addressInDiscussion(
  post: { id: number; slug: string },
  viewer: ThreadViewer,
  matches: (place: ThreadPlace) => boolean,
): string {
  const found = findInDiscussion(
    buildThread(
      listThreadPlaces(post.id, viewer),
      getPolicySettings().maxDepth,
    ),
    (place) => !place.placeholder && matches(place),
    getSiteSettings().discussionsPerPage,
  );
  const postPath = `/posts/${post.slug}`;
  return found === null
    ? `${postPath}#comments`
    : `${postPath}${discussionQuery(found.page)}#${commentAnchor(found.comment)}`;
}

/** The comment form's two intents: preview it, or post it through the policy. */
export async function handleCommentForm(
  request: Request,
  context: AppLoadContext,
  postSlug: string,
  fields: Record<string, unknown>,
) {
  const values = formValues(fields);
  const formId = commentFormId(
    /^\d+$/.test(values.parentId) ? Number(values.parentId) : null,
  );
  const parsed = parseCommentForm(fields);
  if (!parsed.ok) {
    return data<CommentActionResult>(
      {
        form: "comment",
        status: "invalid",
        formId,
        message: "Please check the form: nothing was posted yet.",
        errors: parsed.errors,
        values,
      },
      { status: 400 },
    );
  }
  const { form } = parsed;
  if (form.intent === "preview") {
    return data<CommentActionResult>({
      form: "comment",
      status: "preview",
      formId,
      previewHtml: renderCommentMarkdown(form.body),
      values,
    });
  }

  const poster = await identifyPoster(request, context, form);
  const noticeError = outcomeNoticeError({
    tellMe: form.tellMe,
    email: form.email,
    member: poster.userId !== null,
  });
  // "Email me when someone replies": to the member's address, or to the one a guest typed.
  const followReplies = repliesAddress(form, poster.userId);
  const emailError =
    noticeError ?? (followReplies === "no-address" ? REPLIES_NEED_EMAIL : null);
  if (emailError !== null) {
    return data<CommentActionResult>(
      {
        form: "comment",
        status: "invalid",
        formId,
        message: "Please check the form: nothing was posted yet.",
        errors: { email: emailError },
        values,
      },
      { status: 400 },
    );
  }
  let result: SubmitResult;
  try {
    result = await submitComment(
      {
        postSlug,
        parentId: form.parentId,
        body: form.body,
        poster,
        outcomeNotice: form.tellMe ? { email: form.email } : null,
        followReplies: followReplies === "no-address" ? null : followReplies,
      },
      getPolicySettings(),
      new Date(),
    );
  } catch (error) {
    if (!isOutOfSpace(error)) throw error;
    log("error", "a comment could not be stored: the disk is full");
    return data<CommentActionResult>(
      {
        form: "comment",
        status: "unavailable",
        formId,
        message: DISK_FULL_MESSAGE,
        errors: {},
        values,
      },
      {
        status: 503,
        headers: { "Retry-After": String(DISK_FULL_RETRY_SECONDS) },
      },
    );
  }
  const headers = {
    "Set-Cookie": await guestCookieHeader(poster.guestKey, request),
  };
  if (result.kind === "post-not-found") throw notFound(POST_GONE);
  if (result.kind === "parent-unavailable") {
    return data<CommentActionResult>(
      {
        form: "comment",
        status: "invalid",
        formId,
        message: result.message,
        errors: {},
        values,
      },
      { status: 409, headers },
    );
  }
  const { decision, comment } = result;
  // Set only when prompted, so other answers stay as they were.
  const call999 = result.nowPhrases.length > 0 ? { call999: true } : {};
  // Moderators' details (which word matched) stay on the server.
  const reasons = decision.reasons.map(({ code, message }) => ({
    code,
    message,
  }));
  // Only a refused comment is not stored.
  if (decision.outcome === "reject" || comment === null) {
    return data<CommentActionResult>(
      {
        form: "comment",
        status: "rejected",
        formId,
        ...call999,
        message: outcomeMessage("reject", reasons),
        errors: reasonsByField(reasons),
        values,
      },
      { status: 422, headers },
    );
  }
  if (result.confirmation === "sent") wakeMailWorker();
  const confirmation = confirmationMessage(result.confirmation);
  return data<CommentActionResult>(
    {
      form: "comment",
      status: decision.outcome === "publish" ? "published" : "held",
      formId,
      ...call999,
      message:
        outcomeMessage(decision.outcome, reasons) +
        (confirmation === null ? "" : ` ${confirmation}`) +
        followRepliesMessage(result.followReplies, poster.userId !== null),
      comment,
    },
    { headers },
  );
}

export type ReportActionResult = {
  form: "report";
  status: "reported" | "invalid";
  formId: string;
  message: string;
  errors: { reason?: string; note?: string };
  values: { reason: string; note: string };
};

/** A reader's report of a comment: one per reporter (account, browser or address) and comment. */
export async function handleReportForm(
  request: Request,
  context: AppLoadContext,
  fields: Record<string, unknown>,
) {
  const text = (key: string) =>
    typeof fields[key] === "string" ? (fields[key] as string) : "";
  const formId = `report-${text("commentId")}`;
  const values = { reason: text("reason"), note: text("note") };
  const parsed = reportFormSchema.safeParse(fields);
  if (!parsed.success) {
    const errors: ReportActionResult["errors"] = fieldErrors(
      parsed.error.issues,
      { fields: ["reason", "note"], otherwise: "reason" },
    );
    return data<ReportActionResult>(
      {
        form: "report",
        status: "invalid",
        formId,
        message: "Please check the report: it was not sent yet.",
        errors,
        values,
      },
      { status: 400 },
    );
  }
  const user = await getSessionUser(request);
  const guestKey = (await readGuestKey(request)) ?? newGuestKey();
  const now = new Date();
  const outcome = reportComment(
    {
      ...parsed.data,
      // Account, browser and keyed address together: changing one does not make a new reporter.
      reporter: {
        userId: user?.id ?? null,
        guestKey,
        addressKey: addressKey(reporterNetwork(context.clientAddress)),
      },
    },
    getPolicySettings().reportThreshold,
    now,
    (tx, event) => queueModeratorAlerts(tx, { kind: "report", ...event }, now),
  );
  const headers = { "Set-Cookie": await guestCookieHeader(guestKey, request) };
  if (outcome.kind === "rate-limited") {
    return data<ReportActionResult>(
      {
        form: "report",
        status: "invalid",
        formId,
        message: outcome.message,
        errors: {},
        values,
      },
      {
        status: 429,
        headers: {
          ...headers,
          "Retry-After": String(outcome.retryAfterSeconds),
        },
      },
    );
  }
  const messages = {
    reported: "Thank you: a moderator will look at this comment.",
    "already-reported":
      "You have already reported this comment: a moderator will look at it.",
    "not-reportable":
      "This comment cannot be reported any more: it may already have been taken down.",
  } as const;
  return data<ReportActionResult>(
    {
      form: "report",
      status: outcome.kind === "not-reportable" ? "invalid" : "reported",
      formId,
      message: messages[outcome.kind],
      errors: {},
      values,
    },
    { status: outcome.kind === "not-reportable" ? 409 : 200, headers },
  );
}

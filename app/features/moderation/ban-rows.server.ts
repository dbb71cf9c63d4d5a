import { BAN_SCOPES, type BanScope } from "../../domain/ban-form";
import { emailKey } from "../../platform/secrets.server";
import type { NewBan } from "./ban.server";
import type { findDeskComment } from "./moderation.server";

/** A comment as the desk bans for it: with the keys of its account, email, browser and address. */
export type BannableComment = NonNullable<ReturnType<typeof findDeskComment>>;

/** What every ban of one form submission shares. */
export type BanTerms = Pick<NewBan, "reason" | "expiresAt">;

const KIND_OF_SCOPE = {
  account: "user",
  email: "email",
  browser: "guest",
  address: "address",
} as const satisfies Record<BanScope, NewBan["kind"]>;

/** What can be banned for a comment: its account, email and browser when it has them, always its address. */
export function banScopesOf(comment: BannableComment): BanScope[] {
  return BAN_SCOPES.filter((scope) =>
    scope === "account"
      ? comment.userId !== null
      : scope === "email"
        ? comment.keys.emailKey !== null
        : scope === "browser"
          ? comment.keys.guestKey !== null
          : true,
  );
}

/** The bans for the posters of `comments`, one per chosen scope each comment has. */
export function bansForComments(
  comments: readonly BannableComment[],
  chosen: readonly BanScope[],
  terms: BanTerms,
): NewBan[] {
  return comments.flatMap((comment) => {
    const label = `${comment.authorName ?? "Anonymous"}, comment #${comment.id} on “${comment.post.title}”`;
    const applicable = banScopesOf(comment);
    return chosen
      .filter((scope) => applicable.includes(scope))
      .map((scope) => ({
        ...terms,
        kind: KIND_OF_SCOPE[scope],
        value:
          scope === "account"
            ? String(comment.userId)
            : scope === "email"
              ? comment.keys.emailKey!
              : scope === "browser"
                ? comment.keys.guestKey!
                : comment.keys.addressKey,
        label,
        subjectUserId: comment.userId,
      }));
  });
}

/**
 * The bans for an email address. A member's email bans their account too; the email itself is
 * kept only as a key.
 */
export function bansForEmail(
  email: string,
  member: { id: number; displayName: string } | null,
  terms: BanTerms,
): NewBan[] {
  const emailBan: NewBan = {
    ...terms,
    kind: "email",
    value: emailKey(email),
    label: member ? `email of ${member.displayName}` : "a guest's email",
    subjectUserId: member?.id ?? null,
  };
  if (!member) return [emailBan];
  return [
    {
      ...terms,
      kind: "user",
      value: String(member.id),
      label: `member ${member.displayName}`,
      subjectUserId: member.id,
    },
    emailBan,
  ];
}

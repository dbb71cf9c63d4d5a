import type { RoleName } from "./permissions";

export type MemberChange =
  { intent: "verify"; verified: boolean } | { intent: "role"; role: RoleName };

const WITH_ARTICLE: Record<RoleName, string> = {
  member: "a member",
  editor: "an editor",
  moderator: "a moderator",
  admin: "an admin",
};

/** What the Members page tells the moderator after a change, naming the member. */
export function memberChangeNotice(
  displayName: string,
  change: MemberChange,
): string {
  if (change.intent === "verify") {
    return change.verified
      ? `${displayName} is now a verified resident.`
      : `${displayName} is no longer verified.`;
  }
  // A change of role ends the member's sessions (see the Members route).
  return `${displayName} is now ${WITH_ARTICLE[change.role]}. They were signed out everywhere and sign in again with the new role.`;
}

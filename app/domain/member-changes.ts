import type { RoleName } from "./permissions";

export type MemberChange =
  { intent: "verify"; verified: boolean } | { intent: "role"; role: RoleName };

const WITH_ARTICLE: Record<RoleName, string> = {
  member: "a member",
  editor: "an editor",
  moderator: "a moderator",
  admin: "an admin",
};

export type MemberChangeResult =
  | { kind: "changed"; name: string }
  | { kind: "missing" }
  /** The member's role is the actor's or higher: nothing was changed. */
  | { kind: "outranked"; name: string };

/** What the Members page tells the moderator after a change, naming the member. */
export function memberChangeOutcome(
  result: MemberChangeResult,
  change: MemberChange,
): string {
  if (result.kind === "missing") return "That member no longer exists.";
  if (result.kind === "outranked")
    return change.intent === "role"
      ? `${result.name} was left as they are: nobody changes someone whose role is the same as theirs or higher. Another admin's role is changed on the server with npm run member:role.`
      : `${result.name} was left as they are: nobody changes someone whose role is the same as theirs or higher.`;
  const displayName = result.name;
  if (change.intent === "verify") {
    return change.verified
      ? `${displayName} is now a verified resident.`
      : `${displayName} is no longer verified.`;
  }
  // A change of role ends the member's sessions (see the Members route).
  return `${displayName} is now ${WITH_ARTICLE[change.role]}. They were signed out everywhere and sign in again with the new role.`;
}

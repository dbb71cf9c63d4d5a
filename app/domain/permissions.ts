import type { PosterClass } from "./moderation-policy";

export const ROLE_NAMES = ["member", "moderator", "admin"] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

/** What each role may do; admins may do everything moderators may. */
const PERMISSIONS = {
  moderate: ["moderator", "admin"],
  verifyMembers: ["moderator", "admin"],
  editSettings: ["admin"],
  assignRoles: ["admin"],
  // The sign-up page promises that only admins see a member's email.
  seeMemberEmails: ["admin"],
} as const satisfies Record<string, readonly RoleName[]>;

export type Permission = keyof typeof PERMISSIONS;

/** Higher acts on lower: a role's rank against another's. */
const ROLE_RANK: Record<RoleName, number> = {
  member: 0,
  moderator: 1,
  admin: 2,
};

/**
 * Whether someone of role `actor` may act on (ban, end the sessions of) someone of role
 * `target`: only on a lower role, so a rogue moderator cannot silence another moderator or an
 * admin, and an admin cannot lock out a fellow admin.
 */
export function mayActOn(actor: RoleName, target: RoleName): boolean {
  return ROLE_RANK[actor] > ROLE_RANK[target];
}

export function hasPermission(
  role: RoleName | null | undefined,
  permission: Permission,
): boolean {
  return (
    role != null &&
    (PERMISSIONS[permission] as readonly RoleName[]).includes(role)
  );
}

/**
 * How the moderation policy sees a signed-in member. Until they confirm their email, anyone
 * could have typed it: they post as a named guest would.
 */
export function posterClassOf(user: {
  role: RoleName;
  verified: boolean;
  emailConfirmed: boolean;
}): PosterClass {
  if (!user.emailConfirmed) return "named";
  if (user.role !== "member") return "staff";
  return user.verified ? "verified" : "member";
}

/** What the Members page says after a change, naming the person: "Margaret Okafor is now a verified resident." */
export function memberChangeNotice(
  name: string,
  change: { verified: boolean } | { role: RoleName },
): string {
  if ("verified" in change) {
    return change.verified
      ? `${name} is now a verified resident.`
      : `${name} is no longer a verified resident.`;
  }
  const role = {
    member: "a member",
    moderator: "a moderator",
    admin: "an admin",
  }[change.role];
  return `${name} is now ${role}.`;
}

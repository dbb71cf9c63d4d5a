import type { PosterClass } from "./moderation-policy";

export const ROLE_NAMES = ["member", "editor", "moderator", "admin"] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

/**
 * What each role may do; admins may do everything. An editor stands beside a moderator, not
 * above or below: they write and publish posts, and moderate nothing (decision 046).
 */
const PERMISSIONS = {
  moderate: ["moderator", "admin"],
  verifyMembers: ["moderator", "admin"],
  editSettings: ["admin"],
  assignRoles: ["admin"],
  // The sign-up page promises that only admins see a member's email.
  seeMemberEmails: ["admin"],
  // The writing desk: write, schedule, publish, unpublish and restore posts.
  writePosts: ["editor", "admin"],
} as const satisfies Record<string, readonly RoleName[]>;

export type Permission = keyof typeof PERMISSIONS;

/**
 * Higher acts on lower: a role's rank against another's. An editor ranks with a moderator, so
 * a moderator cannot ban the people who write the site's posts (only an admin can); acting on
 * anyone also needs the `moderate` permission, which an editor does not hold.
 */
const ROLE_RANK: Record<RoleName, number> = {
  member: 0,
  editor: 1,
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
  // Staff comments carry a "Moderator" badge: an editor is trusted with posts, not with that,
  // so their comments are treated as any member's (verified or not).
  if (user.role === "moderator" || user.role === "admin") return "staff";
  return user.verified ? "verified" : "member";
}

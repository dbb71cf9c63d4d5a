import type { PosterClass } from "./moderation-policy";

export const ROLE_NAMES = ["member", "moderator", "admin"] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

/** What each role may do; admins may do everything moderators may. */
const PERMISSIONS = {
  moderate: ["moderator", "admin"],
  verifyMembers: ["moderator", "admin"],
  editSettings: ["admin"],
  assignRoles: ["admin"],
} as const satisfies Record<string, readonly RoleName[]>;

export type Permission = keyof typeof PERMISSIONS;

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

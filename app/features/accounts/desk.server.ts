import type { Permission } from "~/domain/permissions";
import type { BanActor } from "../moderation/ban.server";
import { requirePermission, type SessionUser } from "./session.server";

/**
 * Who is at the moderation desk: their account, and the actor their decisions are logged as,
 * with the role the rank checks compare (nobody acts on someone of equal or higher rank).
 */
export type DeskAccess = { user: SessionUser; actor: BanActor };

/** The desk's door: signed in and holding `permission`, or a 403 (or the sign-in page). */
export async function requireDesk(
  request: Request,
  permission: Permission = "moderate",
): Promise<DeskAccess> {
  const user = await requirePermission(request, permission);
  return {
    user,
    actor: { name: user.displayName, userId: user.id, role: user.role },
  };
}

import { describe, expect, it } from "vitest";
import {
  hasPermission,
  mayActOn,
  memberChangeNotice,
  ROLE_NAMES,
  type Permission,
  type RoleName,
} from "~/domain/permissions";

// The whole table, written out: a change to who may do what has to change this test too.
const PERMISSION_TABLE: Record<Permission, readonly RoleName[]> = {
  moderate: ["moderator", "admin"],
  verifyMembers: ["moderator", "admin"],
  editSettings: ["admin"],
  assignRoles: ["admin"],
  seeMemberEmails: ["admin"],
};

describe("the permission table", () => {
  const rows = (Object.keys(PERMISSION_TABLE) as Permission[]).flatMap(
    (permission) =>
      [...ROLE_NAMES, null, undefined].map(
        (role) => [permission, role] as const,
      ),
  );
  it.each(rows)("%s, held by %s", (permission, role) => {
    expect(hasPermission(role, permission)).toBe(
      role != null && PERMISSION_TABLE[permission].includes(role),
    );
  });
});

describe("who may act on whom (ban, end the sessions of)", () => {
  // Only on someone of a lower role: never on an equal, never upward.
  const MAY_ACT_ON: Record<RoleName, readonly RoleName[]> = {
    member: [],
    moderator: ["member"],
    admin: ["member", "moderator"],
  };
  const pairs = ROLE_NAMES.flatMap((actor) =>
    ROLE_NAMES.map((target) => [actor, target] as const),
  );
  it.each(pairs)("a %s acting on a %s", (actor, target) => {
    expect(mayActOn(actor, target)).toBe(MAY_ACT_ON[actor].includes(target));
  });

  it("never lets anyone act on someone of their own role", () => {
    for (const role of ROLE_NAMES) expect(mayActOn(role, role)).toBe(false);
  });
});

describe("memberChangeNotice", () => {
  it.each([
    [{ verified: true }, "Margaret Okafor is now a verified resident."],
    [{ verified: false }, "Margaret Okafor is no longer a verified resident."],
    [{ role: "moderator" }, "Margaret Okafor is now a moderator."],
    [{ role: "admin" }, "Margaret Okafor is now an admin."],
    [{ role: "member" }, "Margaret Okafor is now a member."],
  ] as const)("%j", (change, notice) => {
    expect(memberChangeNotice("Margaret Okafor", change)).toBe(notice);
  });
});

// npm run member:role -- --email them@example.org --role member
// Changes anyone's role, admins included: at the desk no admin may change another, so this is
// how a group removes an admin who should no longer be one. Their sessions end with the change.
import { parseArgs } from "node:util";
import { migrateToLatest } from "../../db/client.server";
import { ROLE_NAMES, type RoleName } from "../domain/permissions";
import {
  findUserByEmail,
  setRoleFromCommandLine,
} from "../features/accounts/user.server";
import { endAllSessions } from "../features/accounts/session.server";
import { closeDb, db } from "../platform/db.server";

const USAGE = `Usage: npm run member:role -- --email them@example.org --role ${ROLE_NAMES.join("|")}`;

const { values } = parseArgs({
  options: { email: { type: "string" }, role: { type: "string" } },
});

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(1);
}

const isRole = (value: string | undefined): value is RoleName =>
  (ROLE_NAMES as readonly string[]).includes(value ?? "");

if (!values.email) fail("Give the member's email with --email.");
if (!isRole(values.role))
  fail(`Give a role with --role: ${ROLE_NAMES.join(", ")}.`);

migrateToLatest(db());
const member = findUserByEmail(values.email);
if (!member) fail(`No member has the email ${values.email}.`);
const result = setRoleFromCommandLine(member.id, values.role, new Date());
if (result.kind === "changed") endAllSessions(member.id);
console.log(
  result.kind === "changed"
    ? `${result.name} is now ${values.role}; they were signed out everywhere.`
    : "That member no longer exists.",
);
closeDb();

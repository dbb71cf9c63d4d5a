// npm run admin:create -- --email you@example.org --name "Your Name"
// Makes (or promotes) an admin account. The password is read from the terminal without echo,
// or from ADMIN_PASSWORD for automation.
import { parseArgs } from "node:util";
import { migrateToLatest } from "../../db/client.server";
import { signUpSchema } from "../domain/account-forms";
import {
  createUser,
  findUserByEmail,
  setPassword,
  setRoleFromCommandLine,
} from "../features/accounts/user.server";
import { closeDb, db } from "../platform/db.server";
import { endAllSessions } from "../features/accounts/session.server";

const { values } = parseArgs({
  options: { email: { type: "string" }, name: { type: "string" } },
});

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function readPassword(prompt: string): Promise<string> {
  if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD;
  if (!process.stdin.isTTY)
    fail("No terminal to read the password from: set ADMIN_PASSWORD.");
  process.stdout.write(prompt);
  process.stdin.setRawMode(true);
  process.stdin.resume();
  process.stdin.setEncoding("utf8");
  let password = "";
  return new Promise((resolve) => {
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === "\r" || char === "\n") {
          process.stdin.setRawMode(false);
          process.stdin.pause();
          process.stdin.off("data", onData);
          process.stdout.write("\n");
          resolve(password);
          return;
        }
        if (char === "\u0003") fail("\nCancelled.");
        if (char === "\u007f") password = password.slice(0, -1);
        else password += char;
      }
    };
    process.stdin.on("data", onData);
  });
}

const password = await readPassword(
  "Password (at least 10 characters, not shown): ",
);
const parsed = signUpSchema.safeParse({
  email: values.email,
  displayName: values.name,
  password,
});
if (!parsed.success) {
  fail(
    parsed.error.issues
      .map((issue) => `${String(issue.path[0])}: ${issue.message}`)
      .join("\n") +
      '\nUsage: npm run admin:create -- --email you@example.org --name "Your Name"',
  );
}

migrateToLatest(db());
const now = new Date();
const existing = findUserByEmail(parsed.data.email);
if (existing) {
  await setPassword(existing.id, parsed.data.password, now);
  setRoleFromCommandLine(existing.id, "admin", now);
  endAllSessions(existing.id);
  console.log(
    `${existing.displayName} is now an admin; their password was changed.`,
  );
} else {
  const user = await createUser({ ...parsed.data, role: "admin" }, now);
  console.log(
    `Admin account created for ${user?.displayName}. Sign in at /sign-in.`,
  );
}
closeDb();

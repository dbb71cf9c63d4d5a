import Database from "better-sqlite3";
import { expect } from "vitest";
import {
  postCommentForm,
  setModerationPolicy,
  type RunningServer,
} from "./server";

/** The post that gets a published thread, and the one whose comments wait in the queue. */
export const THREAD_POST = "/posts/phone-and-courier-scams";
export const HELD_POST = "/posts/mark-and-register-your-bike";

export const THREAD_FIRST_COMMENT =
  "Had one of these calls yesterday. They knew my bank's name, which made it sound real.";
export const HELD_COMMENT =
  "Does the marking kit work on carbon frames as well?";

async function postComment(
  server: RunningServer,
  path: string,
  fields: { name: string; body: string; parentId?: string },
) {
  const response = await postCommentForm(server, path, fields);
  expect(response.status).toBeLessThan(400);
}

/** The id of the newest comment with this body, straight from the server's database. */
function commentId(server: RunningServer, body: string): string {
  const database = new Database(server.databasePath, { readonly: true });
  const row = database
    .prepare(
      `select id from comments where body_markdown = ? order by id desc limit 1`,
    )
    .get(body) as { id: number } | undefined;
  database.close();
  expect(row).toBeDefined();
  return String(row!.id);
}

/**
 * Gives the sample site a discussion to look at: a published thread of two comments and a reply
 * under THREAD_POST, and two comments held for the moderation desk under HELD_POST.
 */
export async function seedSampleDiscussion(
  server: RunningServer,
): Promise<void> {
  const setPolicy = (policy: Record<string, unknown>) =>
    setModerationPolicy(server.databasePath, policy);
  // Named guests are held until approved by default, so they are published here too.
  setPolicy({ floodLimit: 1000, anonymous: "publish", named: "publish" });
  await postComment(server, THREAD_POST, {
    name: "Priya",
    body: THREAD_FIRST_COMMENT,
  });
  await postComment(server, THREAD_POST, {
    name: "Tom",
    body: "Good reminder. I have put the bank's number on a sticky note by the phone.",
  });
  await postComment(server, THREAD_POST, {
    name: "Sam",
    body: "Same here. Hang up, wait five minutes, then ring the number on your card.",
    parentId: commentId(server, THREAD_FIRST_COMMENT),
  });

  setPolicy({ floodLimit: 1000 });
  await postComment(server, HELD_POST, { name: "Jo", body: HELD_COMMENT });
  await postComment(server, HELD_POST, {
    name: "",
    body: "Is the registration free, or is there a charge for each bike?",
  });
}

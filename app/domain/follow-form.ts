// The Follow form's schema, apart from the rules the browser runs (follow-mail.ts): zod stays
// out of a reader's scripts (decision 068).
import { z } from "zod";
import { emailSchema } from "./account-forms";
import { POST_FOLLOW_CADENCES } from "./follow-mail";

/** A Follow form: a guest types the address to mail; a member's account address is used. */
export function followFormSchema(guest: boolean) {
  return z.object({
    email: guest ? emailSchema : z.string().optional(),
    cadence: z
      .enum(POST_FOLLOW_CADENCES, {
        error: "Choose each new post or a weekly digest.",
      })
      .default("immediate"),
  });
}

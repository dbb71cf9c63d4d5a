import { z } from "zod";
import { BODY_HARD_LIMIT } from "./comment-fields";
import { groupedDigits } from "./numbers";

// Apart from the rules of comment-edits.ts, which the thread draws in the browser: a schema built
// at a module's top level keeps zod in every bundle that imports the module (decision 068).

// U+FFFD stands where the browser sent bytes that were not UTF-8 (as in the comment form).
const UNSTORABLE = /[\u0000\uFFFD]/;

/** The edit and delete forms of one's own comment. */
export const authorChangeFormSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("edit"),
    commentId: z.coerce.number().int().positive(),
    body: z
      .string({ error: "The comment is missing from the form." })
      .max(BODY_HARD_LIMIT, {
        error: `A comment can be at most ${groupedDigits(BODY_HARD_LIMIT)} characters.`,
      })
      .refine((text) => !UNSTORABLE.test(text), {
        error:
          "The comment contains characters that cannot be stored (a NUL byte or text that is not UTF-8)",
      }),
  }),
  z.object({
    intent: z.literal("delete"),
    commentId: z.coerce.number().int().positive(),
  }),
]);

export type AuthorChangeForm = z.output<typeof authorChangeFormSchema>;

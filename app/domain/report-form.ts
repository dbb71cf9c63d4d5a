import { z } from "zod";
import { REPORT_NOTE_MAX, REPORT_REASONS } from "./report-reasons";

export const reportFormSchema = z
  .object({
    commentId: z.coerce
      .number({ error: "The report was sent for an unknown comment." })
      .int()
      .positive(),
    reason: z.enum(REPORT_REASONS, { error: "Please choose a reason." }),
    note: z
      .string()
      .trim()
      .max(REPORT_NOTE_MAX, {
        error: `Please keep the note under ${REPORT_NOTE_MAX} characters.`,
      })
      .refine((note) => !/[\u0000\uFFFD]/.test(note), {
        error: "The note contains characters that cannot be stored.",
      })
      .optional()
      .transform((note) => note || null),
  })
  .refine((report) => report.reason !== "other" || report.note !== null, {
    error: "Please say what is wrong with the comment.",
    path: ["note"],
  });

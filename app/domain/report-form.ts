import { z } from "zod";

export const REPORT_REASONS = [
  "spam",
  "abuse",
  "personal-information",
  "off-topic",
  "other",
] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

export const REPORT_REASON_LABELS: Record<
  (typeof REPORT_REASONS)[number],
  string
> = {
  spam: "Spam or advertising",
  abuse: "Abusive or hateful",
  "personal-information": "Shares someone's personal information",
  "off-topic": "Off-topic",
  other: "Something else (please say what)",
};

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
      .max(500, { error: "Please keep the note under 500 characters." })
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

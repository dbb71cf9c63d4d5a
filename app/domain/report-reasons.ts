// The reasons a reader can give for a report; kept apart from the form's validation for the browser.

/** The longest note a reporter can add. */
export const REPORT_NOTE_MAX = 500;

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

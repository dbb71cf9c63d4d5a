/** A date from an export: ISO 8601, or WordPress's "2010-10-17 09:54:00" (read as UTC). */
export function parseDate(text: string): Date | null {
  const trimmed = text.trim();
  if (trimmed === "" || trimmed.startsWith("0000-00-00")) return null;
  const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(trimmed)
    ? `${trimmed.replace(" ", "T")}Z`
    : trimmed;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The calendar day a date was written on ("2016-05-03T23:10:00-07:00" → 2016-05-03). */
export function calendarDay(value: string | Date | null): string | null {
  if (value === null) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(value.trim());
  return match && match[1] !== "0000-00-00" ? match[1]! : null;
}

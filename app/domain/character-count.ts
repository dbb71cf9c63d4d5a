import { groupedDigits } from "./numbers";

/**
 * Characters as the moderation policy counts them (decide: code points of the trimmed text), so
 * the counter and the server agree on an emoji or an accented letter.
 */
export function characterCount(text: string): number {
  return [...text.trim()].length;
}

/** How near the limit a text is; the counter speaks only when this changes. */
export type CountBand = "room" | "near" | "over";

/** Within this share of the limit, the counter says how many characters are left. */
const NEAR_SHARE = 0.1;

export function countBand(count: number, limit: number): CountBand {
  if (count > limit) return "over";
  return limit - count <= Math.max(1, Math.floor(limit * NEAR_SHARE))
    ? "near"
    : "room";
}

/** What the counter shows under the field. */
export function counterText(count: number, limit: number): string {
  if (count > limit)
    return `${groupedDigits(count - limit)} character${count - limit === 1 ? "" : "s"} over the limit of ${groupedDigits(limit)}`;
  return `${groupedDigits(count)} of ${groupedDigits(limit)} characters`;
}

/**
 * What a screen reader is told, politely, when the band changes: nothing while there is room, so
 * typing is not talked over at every key.
 */
export function bandAnnouncement(
  band: CountBand,
  count: number,
  limit: number,
): string {
  switch (band) {
    case "room":
      return "";
    case "near":
      return `${groupedDigits(limit - count)} character${limit - count === 1 ? "" : "s"} left of ${groupedDigits(limit)}.`;
    case "over":
      return `Over the limit of ${groupedDigits(limit)} characters: the comment will not be accepted until it is shorter.`;
  }
}

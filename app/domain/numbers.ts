/**
 * A whole number as British English writes a count: 20000 as "20,000". Written by hand, not with
 * Intl: the first Intl formatter a browser makes costs it about 25 ms while its locale data
 * loads, and counts are drawn in the browser as a page hydrates (a comment form's counter).
 */
export function groupedDigits(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+$)/g, ",");
}

/** One line of a diff: kept in both texts, only in the earlier one, or only in the later one. */
export type DiffLine = { kind: "same" | "removed" | "added"; text: string };

/** Past this many lines on each side, a diff is given as "all removed, all added". */
const MAX_LINES = 2_000;

/**
 * The lines that changed from `before` to `after`, in reading order: a longest common
 * subsequence of lines, with removals written before the additions that replace them, as
 * `diff -u` shows them. Texts longer than a post ever is are compared as wholes.
 */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  // Lines shared at both ends need no table.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start])
    start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const head = a.slice(0, start).map(same);
  const tail = a.slice(endA).map(same);
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  if (midA.length > MAX_LINES || midB.length > MAX_LINES) {
    return [...head, ...midA.map(removed), ...midB.map(added), ...tail];
  }
  // lengths[i][j]: the longest common subsequence of midA[i..] and midB[j..].
  const width = midB.length + 1;
  const lengths = new Uint16Array((midA.length + 1) * width);
  for (let i = midA.length - 1; i >= 0; i -= 1) {
    for (let j = midB.length - 1; j >= 0; j -= 1) {
      lengths[i * width + j] =
        midA[i] === midB[j]
          ? lengths[(i + 1) * width + j + 1]! + 1
          : Math.max(
              lengths[(i + 1) * width + j]!,
              lengths[i * width + j + 1]!,
            );
    }
  }
  const middle: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < midA.length && j < midB.length) {
    if (midA[i] === midB[j]) {
      middle.push(same(midA[i]!));
      i += 1;
      j += 1;
    } else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) {
      middle.push(removed(midA[i]!));
      i += 1;
    } else {
      middle.push(added(midB[j]!));
      j += 1;
    }
  }
  while (i < midA.length) middle.push(removed(midA[i++]!));
  while (j < midB.length) middle.push(added(midB[j++]!));
  return [...head, ...middle, ...tail];
}

/** How many lines a diff adds and removes, for a history list. */
export function diffCounts(diff: readonly DiffLine[]): {
  added: number;
  removed: number;
} {
  let added = 0;
  let removed = 0;
  for (const line of diff) {
    if (line.kind === "added") added += 1;
    if (line.kind === "removed") removed += 1;
  }
  return { added, removed };
}

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  // A final line end does not start another line.
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

const same = (text: string): DiffLine => ({ kind: "same", text });
const removed = (text: string): DiffLine => ({ kind: "removed", text });
const added = (text: string): DiffLine => ({ kind: "added", text });

import { hash } from "node:crypto";

/**
 * Markup the server drew for parts of pages (decision 078), kept by what it was drawn from: a
 * part is drawn again only when something it shows changed. The key a part is kept under is
 * the whole of what its markup depends on, written out by its caller, so a kept part can never
 * be out of date; only its digest is kept. The least recently used parts go first once the
 * budget (counted in characters of markup) is spent.
 */
export class DrawnParts {
  private readonly parts = new Map<string, string>();
  private chars = 0;

  constructor(private readonly maxChars: number) {}

  /** The markup drawn from `source`: kept from before, or drawn now (and kept). */
  draw(source: string, drawPart: () => string): string {
    if (this.maxChars === 0) return drawPart();
    // One call, not a Hash object per part: a page draws dozens of parts.
    const key = hash("sha256", source, "base64");
    const kept = this.parts.get(key);
    if (kept !== undefined) {
      // Most recently used last: the first parts are the ones to let go.
      this.parts.delete(key);
      this.parts.set(key, kept);
      return kept;
    }
    const drawn = drawPart();
    if (drawn.length > this.maxChars / 4) return drawn;
    // React's string is a rope of thousands of pieces, which V8 would walk again each time a
    // page holding it is written out; the copy kept is one piece.
    const markup = Buffer.from(drawn).toString();
    this.parts.set(key, markup);
    this.chars += markup.length;
    for (const [oldest, part] of this.parts) {
      if (this.chars <= this.maxChars) break;
      this.parts.delete(oldest);
      this.chars -= part.length;
    }
    return markup;
  }

  /** How many parts are kept, and their characters of markup: for tests and the benchmark. */
  get size(): { parts: number; chars: number } {
    return { parts: this.parts.size, chars: this.chars };
  }
}

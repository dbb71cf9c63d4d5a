import { quoteMarkdown } from "~/domain/quote";
import { commentMarkdown } from "./author-changes.server";
import type { ThreadComment } from "./thread.server";

/**
 * `?replyTo=<id>&quote=1`: the published comment replied to, quoted in Markdown, to start the
 * reply with (the Quote link without JavaScript). One query at most; null otherwise.
 */
export function replyQuote(
  search: URLSearchParams,
  shown: ReadonlyMap<number, ThreadComment>,
): string | null {
  if (search.get("quote") !== "1") return null;
  const id = Number(search.get("replyTo"));
  const comment = Number.isSafeInteger(id) ? shown.get(id) : undefined;
  if (!comment || comment.state !== "published") return null;
  const text = commentMarkdown(comment.id);
  return text === null ? null : quoteMarkdown(text) || null;
}

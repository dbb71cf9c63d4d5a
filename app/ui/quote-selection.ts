import { quoteMarkdown } from "~/domain/quote";

/**
 * With JavaScript, "Quote" quotes the passage the reader selected in that comment, or the whole
 * comment. The selection is read as the link is pressed, before the click clears it, and handed
 * to the reply form when it opens (or put straight into it when it is open already).
 */
let pending: { commentId: number; text: string } | null = null;

/** The passage selected inside the comment of this Quote link, remembered for its reply form. */
export function rememberSelection(link: Element): void {
  pending = null;
  const commentId = Number(link.getAttribute("data-quote"));
  const body = link.closest("article")?.querySelector(".comment-body");
  const selection = window.getSelection();
  if (!body || !selection || selection.isCollapsed) return;
  if (
    !body.contains(selection.anchorNode) ||
    !body.contains(selection.focusNode)
  )
    return;
  const text = selection.toString();
  if (text.trim() !== "") pending = { commentId, text };
}

/** The quote waiting for the reply form to comment `commentId`, taken once. */
export function takePendingQuote(commentId: number | null): string | null {
  if (commentId === null || pending?.commentId !== commentId) return null;
  const { text } = pending;
  pending = null;
  return quoteMarkdown(text) || null;
}

/**
 * When the reply form to this comment is open already, adds the quote (the selection, or the
 * comment's text) at the end of what is typed and returns true; the link then need not navigate.
 */
export function quoteIntoOpenForm(link: Element): boolean {
  const commentId = Number(link.getAttribute("data-quote"));
  const field = document.querySelector<HTMLTextAreaElement>(
    `form#reply-${commentId} textarea[name="body"]`,
  );
  if (!field) return false;
  const whole = link.closest("article")?.querySelector(".comment-body");
  const quote =
    takePendingQuote(commentId) ?? quoteMarkdown(whole?.textContent ?? "");
  field.value =
    field.value.trim() === "" ? quote : `${field.value.trimEnd()}\n\n${quote}`;
  field.dispatchEvent(new Event("input", { bubbles: true }));
  field.focus();
  return true;
}

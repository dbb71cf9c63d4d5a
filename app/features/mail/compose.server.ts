import sanitizeHtml from "sanitize-html";
import { escapeHtml } from "../../domain/html";
import type { SiteSettings } from "../../domain/site-defaults";

/**
 * What one message says. A new kind of message is a function that returns this (see
 * messages.server.ts) and a call to queueMail in the transaction of the change that causes it.
 */
export type MailContent = {
  subject: string;
  /** Plain sentences, the first saying what happened. Never another person's email. */
  paragraphs: string[];
  /** The one thing to do, as a link (a page whose form acts, never a link that acts itself). */
  action?: { label: string; url: string };
  /** Why this person is getting the message, shown at its foot. */
  reason: string;
};

export type ComposedMail = { subject: string; text: string; html: string };

// A few plain tags, read the same by every mail client; anything else is dropped.
const MAIL_SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ["html", "body", "p", "a", "hr", "small", "strong"],
  allowedAttributes: { a: ["href"] },
  allowedSchemes: ["https", "http"],
  allowProtocolRelative: false,
};

/** The text and HTML parts of a message, each with the site's name, the reason and the notice. */
export function composeMail(
  content: MailContent,
  site: Pick<SiteSettings, "name" | "notice">,
): ComposedMail {
  const text = [
    site.name,
    "",
    ...content.paragraphs.flatMap((paragraph) => [paragraph, ""]),
    ...(content.action
      ? [`${content.action.label}:`, content.action.url, ""]
      : []),
    "--",
    content.reason,
    "",
    site.notice,
    "",
  ].join("\n");
  const paragraphsHtml = content.paragraphs
    .map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`)
    .join("\n");
  const actionHtml = content.action
    ? `<p><a href="${escapeHtml(content.action.url)}">${escapeHtml(content.action.label)}</a></p>\n<p><small>${escapeHtml(content.action.url)}</small></p>`
    : "";
  const html = sanitizeHtml(
    [
      "<html><body>",
      `<p><strong>${escapeHtml(site.name)}</strong></p>`,
      paragraphsHtml,
      actionHtml,
      "<hr>",
      `<p><small>${escapeHtml(content.reason)}</small></p>`,
      `<p><small>${escapeHtml(site.notice)}</small></p>`,
      "</body></html>",
    ].join("\n"),
    MAIL_SANITIZE_OPTIONS,
  );
  return { subject: `${content.subject} · ${site.name}`, text, html };
}

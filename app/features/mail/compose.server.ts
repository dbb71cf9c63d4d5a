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
  /**
   * Items of a message about several things (a moderator's alert: one per comment), each with
   * its own sentences, an optional quotation of sanitized HTML, and its own links.
   */
  sections?: MailSection[];
  /** The one thing to do, as a link (a page whose form acts, never a link that acts itself). */
  action?: { label: string; url: string };
  /** Why this person is getting the message, shown at its foot. */
  reason: string;
  /** Links under the reason: how to stop these messages, what this address follows. */
  footLinks?: { label: string; url: string }[];
};

export type MailSection = {
  paragraphs: string[];
  /** Already sanitized HTML (a comment as it appears), quoted; its text in the plain part. */
  quoteHtml?: string;
  links: { label: string; url: string }[];
};

export type ComposedMail = { subject: string; text: string; html: string };

// A few plain tags, read the same by every mail client; anything else is dropped.
const MAIL_SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    "html",
    "body",
    "p",
    "a",
    "hr",
    "small",
    "strong",
    // A quoted comment keeps its simple formatting.
    "blockquote",
    "em",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "br",
  ],
  allowedAttributes: { a: ["href"] },
  allowedSchemes: ["https", "http"],
  allowProtocolRelative: false,
};

/** The text and HTML parts of a message, each with the site's name, the reason and the notice. */
export function composeMail(
  content: MailContent,
  site: Pick<SiteSettings, "name" | "notice">,
): ComposedMail {
  const sections = content.sections ?? [];
  const text = [
    site.name,
    "",
    ...content.paragraphs.flatMap((paragraph) => [paragraph, ""]),
    ...sections.flatMap((section) => [
      "----",
      ...section.paragraphs.flatMap((paragraph) => [paragraph, ""]),
      ...(section.quoteHtml === undefined
        ? []
        : [quoteText(section.quoteHtml), ""]),
      ...section.links.flatMap((link) => [`${link.label}:`, link.url, ""]),
    ]),
    ...(content.action
      ? [`${content.action.label}:`, content.action.url, ""]
      : []),
    "--",
    content.reason,
    "",
    ...(content.footLinks ?? []).flatMap((link) => [
      `${link.label}:`,
      link.url,
      "",
    ]),
    site.notice,
    "",
  ].join("\n");
  const paragraphsHtml = content.paragraphs
    .map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`)
    .join("\n");
  const sectionsHtml = sections
    .map((section) =>
      [
        "<hr>",
        ...section.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
        section.quoteHtml === undefined
          ? ""
          : `<blockquote>${section.quoteHtml}</blockquote>`,
        ...section.links.map(
          (link) =>
            `<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></p>`,
        ),
      ].join("\n"),
    )
    .join("\n");
  const actionHtml = content.action
    ? `<p><a href="${escapeHtml(content.action.url)}">${escapeHtml(content.action.label)}</a></p>\n<p><small>${escapeHtml(content.action.url)}</small></p>`
    : "";
  const html = sanitizeHtml(
    [
      "<html><body>",
      `<p><strong>${escapeHtml(site.name)}</strong></p>`,
      paragraphsHtml,
      sectionsHtml,
      actionHtml,
      "<hr>",
      `<p><small>${escapeHtml(content.reason)}</small></p>`,
      ...(content.footLinks ?? []).map(
        (link) =>
          `<p><small><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></small></p>`,
      ),
      `<p><small>${escapeHtml(site.notice)}</small></p>`,
      "</body></html>",
    ].join("\n"),
    MAIL_SANITIZE_OPTIONS,
  );
  return { subject: `${content.subject} · ${site.name}`, text, html };
}

/** The text of a quoted HTML fragment, each line marked as quoted. */
function quoteText(html: string): string {
  const plain = sanitizeHtml(
    html.replace(/<\/(p|li|pre|blockquote)>|<br\s*\/?>/gi, "$&\n"),
    { allowedTags: [], allowedAttributes: {} },
  )
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
  return plain
    .split("\n")
    .map((line) => line.trim())
    .filter((line, i, all) => line !== "" || (i > 0 && all[i - 1] !== ""))
    .map((line) => `> ${line}`)
    .join("\n")
    .trim();
}

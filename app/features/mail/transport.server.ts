import { randomBytes } from "node:crypto";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import nodemailer from "nodemailer";
import { env } from "../../platform/env.server";

export type OutgoingMail = {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** A notice's one-click unsubscribe link: see listUnsubscribeHeaders. */
  unsubscribeUrl?: string;
};

/** The bare address of a sender such as `"Lookout" <noreply@example.org>`. */
export function bareAddress(from: string): string {
  return /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from.trim();
}

/**
 * The mailto: alternative of an unsubscribe link, for mail clients that only write: a message to
 * the sender naming the link, for the site's operator to act on (the site reads no mail).
 */
export function unsubscribeMailto(
  from: string,
  unsubscribeUrl: string,
): string {
  return `mailto:${bareAddress(from)}?subject=${encodeURIComponent("Unsubscribe")}&body=${encodeURIComponent(unsubscribeUrl)}`;
}

/**
 * The headers of every message: automatic (no out-of-office replies), and for a notice the
 * unsubscribe link a mail client shows as its own button, which POSTs to it (RFC 2369, RFC 8058).
 */
export function mailHeaders(mail: OutgoingMail): Record<string, string> {
  const headers: Record<string, string> = {
    "Auto-Submitted": "auto-generated",
  };
  if (mail.unsubscribeUrl) {
    headers["List-Unsubscribe"] =
      `<${mail.unsubscribeUrl}>, <${unsubscribeMailto(mail.from, mail.unsubscribeUrl)}>`;
    headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
  }
  return headers;
}

function nodemailerMessage(mail: OutgoingMail) {
  const { from, to, subject, text, html, messageId } = mail;
  return {
    from,
    to,
    subject,
    text,
    html,
    messageId,
    headers: mailHeaders(mail),
  };
}

/** Where mail goes: a mail server, or files. */
export type MailTransport = {
  /**
   * Resolves once the message is accepted (with the file it was written to, for files);
   * throws what the mail server answered otherwise.
   */
  send(mail: OutgoingMail): Promise<{ file?: string }>;
  close(): void;
};

/** Sends through the mail server at an smtp:// or smtps:// URL. */
export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    async send(mail) {
      await transporter.sendMail(nodemailerMessage(mail));
      return {};
    },
    close: () => transporter.close(),
  };
}

/**
 * Writes each message as a standard .eml file (RFC 822, what a mail client opens) into a
 * folder, for a site without a mail server. The file appears whole or not at all.
 */
export function fileTransport(folder: string): MailTransport {
  const builder = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: "unix",
  });
  return {
    async send(mail) {
      const { message } = await builder.sendMail(nodemailerMessage(mail));
      mkdirSync(folder, { recursive: true });
      // Sorted by time; the name says nothing about who it is for.
      const name = `${new Date().toISOString().replace(/[:.]/g, "-")}-${randomBytes(3).toString("hex")}.eml`;
      const partial = join(folder, `.${name}.partial`);
      writeFileSync(partial, message as Buffer, { mode: 0o600 });
      const file = join(folder, name);
      renameSync(partial, file);
      return { file };
    },
    close() {},
  };
}

/** The folder for mail written to files: `mail/` beside the database. */
export function mailFolder(): string {
  const databasePath = env().DATABASE_PATH;
  return join(
    databasePath === ":memory:" ? resolve("data") : dirname(databasePath),
    "mail",
  );
}

/** Whether this site writes mail to files instead of sending it (no SMTP_URL). */
export function writesMailToFiles(): boolean {
  return env().SMTP_URL === undefined;
}

/** The sender of every message: MAIL_FROM, or the site's name at its own host. */
export function mailFrom(siteName: string): string {
  const configured = env().MAIL_FROM;
  if (configured) return configured;
  const host = new URL(env().SITE_URL).hostname;
  const name = siteName.replace(/["\\\r\n]/g, "");
  return `"${name}" <noreply@${host.includes(".") ? host : `${host}.localdomain`}>`;
}

export function transportFromEnv(): MailTransport {
  const url = env().SMTP_URL;
  return url ? smtpTransport(url) : fileTransport(mailFolder());
}

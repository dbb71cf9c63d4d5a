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
};

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
      await transporter.sendMail({
        ...mail,
        headers: { "Auto-Submitted": "auto-generated" },
      });
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
      const { message } = await builder.sendMail({
        ...mail,
        headers: { "Auto-Submitted": "auto-generated" },
      });
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

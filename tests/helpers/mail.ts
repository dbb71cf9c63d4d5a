import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export const SMTP_USER = "lookout";
export const SMTP_PASSWORD = "s3cret-smtp-password";

export type TestMailServer = {
  port: number;
  url: string;
  /** Every message accepted so far, parsed, in order of arrival. */
  received: ParsedMail[];
  /** Answers RCPT TO for matching recipients with this SMTP code instead of accepting. */
  refuse(code: number | null): void;
  /** Stops listening (the port then refuses connections, as a mail server that is down). */
  stop(): Promise<void>;
};

/**
 * A real SMTP server on a loopback port, with password authentication, that keeps what it
 * receives. Given a port, it listens there again (a mail server coming back up).
 */
export async function startMailServer(port = 0): Promise<TestMailServer> {
  const received: ParsedMail[] = [];
  let refusal: number | null = null;
  const pending = new Set<Promise<void>>();
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD)
        callback(null, { user: auth.username });
      else callback(new Error("Invalid username or password"));
    },
    onRcptTo(_address, _session, callback) {
      if (refusal === null) return callback();
      const error = Object.assign(new Error(`refused with ${refusal}`), {
        responseCode: refusal,
      });
      callback(error);
    },
    onData(stream, _session, callback) {
      const parsing = simpleParser(stream).then((mail) => {
        received.push(mail);
        callback();
      }, callback);
      pending.add(parsing);
      void parsing.finally(() => pending.delete(parsing));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.server.address();
  const actualPort =
    typeof address === "object" && address ? address.port : port;
  return {
    port: actualPort,
    url: `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${actualPort}`,
    received,
    refuse(code) {
      refusal = code;
    },
    async stop() {
      await Promise.all(pending);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The .eml files in a folder, oldest first, parsed. */
export async function readMailFolder(folder: string): Promise<ParsedMail[]> {
  let names: string[];
  try {
    names = readdirSync(folder).filter((name) => name.endsWith(".eml"));
  } catch {
    return [];
  }
  return Promise.all(
    names.sort().map((name) => simpleParser(readFileSync(join(folder, name)))),
  );
}

/** The first link to this site in a message's text part. */
export function linkIn(mail: ParsedMail, base: string): string {
  const match = (mail.text ?? "").match(
    new RegExp(`${base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/\\S+`),
  );
  if (!match) throw new Error(`no link to ${base} in:\n${mail.text}`);
  return match[0];
}

/** Who a parsed message is addressed to. */
export function recipientsOf(mail: ParsedMail): string[] {
  const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
  return to.flatMap((group) => group.value.map((entry) => entry.address ?? ""));
}

/**
 * Waits until a folder holds `count` .eml files (the server's worker writes them a moment after
 * the request that queued them), then returns them parsed, oldest first.
 */
export async function waitForMailFiles(
  folder: string,
  count: number,
  deadlineMs = 15_000,
): Promise<ParsedMail[]> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const mails = await readMailFolder(folder);
    if (mails.length >= count) return mails;
    if (Date.now() > deadline)
      throw new Error(
        `expected ${count} messages in ${folder} within ${deadlineMs} ms, found ${mails.length}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

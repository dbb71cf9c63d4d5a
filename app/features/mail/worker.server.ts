import type { Db } from "../../../db/client.server";
import { getSiteSettings } from "../posts/site-settings.server";
import { serverNow } from "../../platform/clock.server";
import { env } from "../../platform/env.server";
import { log, logError } from "../../platform/log.server";
import {
  claimNextMail,
  pendingMailCount,
  pruneOutbox,
  recordFailure,
  recordSent,
} from "./outbox.server";
import {
  mailFolder,
  mailFrom,
  transportFromEnv,
  writesMailToFiles,
  type MailTransport,
} from "./transport.server";

export type DeliveryOptions = {
  database: Db;
  transport: MailTransport;
  from: string;
  giveUpAfterMs: number;
  now: () => Date;
};

/**
 * Sends every message that is due, one at a time, until none is left; returns how many were
 * sent. A failure schedules a retry (or gives up) and the next message is tried.
 */
export async function deliverDueMail(
  options: DeliveryOptions,
): Promise<number> {
  const { database, transport } = options;
  let sent = 0;
  for (;;) {
    const row = claimNextMail(database, options.now());
    if (!row) return sent;
    try {
      const where = await transport.send({
        from: options.from,
        to: row.toAddress,
        subject: row.subject,
        text: row.textBody,
        html: row.htmlBody,
        unsubscribeUrl: row.unsubscribeUrl ?? undefined,
        // The same id at every attempt: a client that got a message twice shows it once.
        messageId: `<lookout-${row.id}-${row.createdAt.getTime()}@${new URL(env().SITE_URL).hostname}>`,
      });
      recordSent(database, row.id, options.now());
      sent += 1;
      log("info", where.file ? "mail written" : "mail sent", {
        mailId: row.id,
        kind: row.kind,
        file: where.file,
      });
    } catch (error) {
      recordFailure(database, row, error, options.now(), options.giveUpAfterMs);
    }
  }
}

export type MailWorker = {
  /** Looks for due mail now instead of at the next tick (after queueing a message). */
  wake(): void;
  /** Stops looking and waits for the message being sent, if any. */
  stop(): Promise<void>;
};

const POLL_MS = 2_000;

// The server bundle and the Remix build each have a copy of this module: the worker the server
// starts is found by the routes' copy through globalThis.
const WORKER = Symbol.for("lookout.mailWorker");
const holder = globalThis as typeof globalThis & { [WORKER]?: MailWorker };

/** Sends queued mail in the background of the server, every couple of seconds. */
export function startMailWorker(database: Db, pollMs = POLL_MS): MailWorker {
  const transport = transportFromEnv();
  if (writesMailToFiles()) {
    log(
      "info",
      `No SMTP_URL: mail is written as .eml files to ${mailFolder()} instead of being sent`,
    );
  }
  const pending = pendingMailCount(database);
  if (pending > 0) log("info", "queued mail to send", { count: pending });
  const options: DeliveryOptions = {
    database,
    transport,
    from: mailFrom(getSiteSettings().name),
    giveUpAfterMs: env().MAIL_GIVE_UP_HOURS * 60 * 60_000,
    // The server's clock, which a browser test can move past a notice's wait (docs/testing.md).
    now: serverNow,
  };
  let stopped = false;
  let wanted = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  const tick = () => {
    if (stopped) return;
    if (inFlight) {
      wanted = true;
      return;
    }
    clearTimeout(timer);
    inFlight = (async () => {
      do {
        wanted = false;
        try {
          await deliverDueMail(options);
          pruneOutbox(database, options.now());
        } catch (error) {
          logError("the mail worker failed; it tries again shortly", error);
        }
      } while (wanted && !stopped);
      inFlight = undefined;
      if (!stopped) timer = setTimeout(tick, pollMs);
    })();
  };
  const worker: MailWorker = {
    wake: tick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
      transport.close();
      if (holder[WORKER] === worker) holder[WORKER] = undefined;
    },
  };
  holder[WORKER] = worker;
  tick();
  return worker;
}

/** Asks this process's worker, if one runs, to send what was just queued now. */
export function wakeMailWorker(): void {
  holder[WORKER]?.wake();
}

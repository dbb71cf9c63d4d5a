import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  afterAll,
  afterEach,
  beforeEach,
  describe,
  expect,
  it,
  vi,
} from "vitest";
import { openDatabase } from "../../db/client.server";
import { outbox } from "../../db/schema";
import type { MailContent } from "~/features/mail/compose.server";
import {
  claimNextMail,
  queueMail,
  SENDING_LEASE_MS,
} from "~/features/mail/outbox.server";
import { fileTransport, smtpTransport } from "~/features/mail/transport.server";
import {
  deliverDueMail,
  type DeliveryOptions,
} from "~/features/mail/worker.server";
import {
  readMailFolder,
  recipientsOf,
  startMailServer,
  type TestMailServer,
} from "../helpers/mail";
import { useTempSite } from "../helpers/temp-site";

const site = useTempSite();
const t0 = new Date("2026-05-01T10:00:00Z");
const later = (ms: number) => new Date(t0.getTime() + ms);
const FROM = '"Lookout" <noreply@lookout.example.org>';
const DAY_MS = 24 * 60 * 60_000;

const content = (subject: string): MailContent => ({
  subject,
  paragraphs: ["Someone asked to reset the password of your account."],
  action: {
    label: "Choose a new password",
    url: "http://localhost:3000/reset-password/abc",
  },
  reason: "You are getting this email because of a request on the site.",
});

let counter = 0;
/** A message for a new address, queued in its own transaction. */
function queueOne(now = t0, to = `resident${++counter}@example.org`) {
  site.db().transaction((tx) => {
    expect(
      queueMail(tx, { kind: "test", to, content: content(`Hello ${to}`) }, now),
    ).toBe(true);
  });
  return to;
}

const rows = () => site.db().select().from(outbox).all();

let server: TestMailServer;
let stdout: string[];
beforeEach(async () => {
  site.db().delete(outbox).run();
  server = await startMailServer();
  stdout = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    stdout.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    stdout.push(String(chunk));
    return true;
  });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await server.stop().catch(() => {});
});

function delivery(
  url: string,
  now: Date,
  overrides: Partial<DeliveryOptions> = {},
): DeliveryOptions {
  return {
    database: site.db(),
    transport: smtpTransport(url),
    from: FROM,
    giveUpAfterMs: DAY_MS,
    now: () => now,
    ...overrides,
  };
}

describe("the outbox, sending through a real SMTP server", () => {
  it("delivers a queued message with both parts, the site's name, the reason and the notice", async () => {
    const to = queueOne();
    expect(await deliverDueMail(delivery(server.url, t0))).toBe(1);
    expect(server.received).toHaveLength(1);
    const mail = server.received[0]!;
    expect(recipientsOf(mail)).toEqual([to]);
    expect(mail.from?.value[0]).toMatchObject({
      name: "Lookout",
      address: "noreply@lookout.example.org",
    });
    expect(mail.subject).toBe(`Hello ${to} · Lookout`);
    expect(mail.headers.get("auto-submitted")).toBe("auto-generated");
    expect(mail.messageId).toMatch(/^<lookout-\d+-\d+@localhost>$/);
    for (const part of [mail.text!, mail.html as string]) {
      expect(part).toContain("Lookout");
      expect(part).toContain("Someone asked to reset the password");
      expect(part).toContain("http://localhost:3000/reset-password/abc");
      expect(part).toContain("You are getting this email because");
      expect(part).toContain("In an emergency call 999");
      expect(part).toContain("call 101");
    }
    expect(mail.html).toContain(
      '<a href="http://localhost:3000/reset-password/abc">Choose a new password</a>',
    );
    // Once sent, the row keeps no address and no text.
    expect(rows()).toMatchObject([
      { state: "sent", toAddress: "", textBody: "", htmlBody: "", sentAt: t0 },
    ]);
  });

  it("queues nothing when the change that causes the message rolls back", () => {
    expect(() =>
      site.db().transaction((tx) => {
        queueMail(
          tx,
          { kind: "test", to: "a@example.org", content: content("x") },
          t0,
        );
        throw new Error("the change failed");
      }),
    ).toThrow("the change failed");
    expect(rows()).toEqual([]);
    // Control: the same call in a transaction that commits queues it.
    queueOne();
    expect(rows()).toHaveLength(1);
  });

  it("keeps mail while the server is down and delivers each message once when it is back", async () => {
    const port = server.port;
    await server.stop();
    const addresses = [queueOne(), queueOne(), queueOne()];
    expect(await deliverDueMail(delivery(server.url, t0))).toBe(0);
    expect(rows().map((row) => [row.state, row.attempts])).toEqual([
      ["queued", 1],
      ["queued", 1],
      ["queued", 1],
    ]);
    // Before the retry time nothing is tried.
    expect(await deliverDueMail(delivery(server.url, later(30_000)))).toBe(0);
    expect(rows().every((row) => row.attempts === 1)).toBe(true);
    // Still down at the first retry: the wait doubles.
    expect(await deliverDueMail(delivery(server.url, later(60_000)))).toBe(0);
    expect(rows().map((row) => row.nextAttemptAt)).toEqual(
      Array(3).fill(later(60_000 + 120_000)),
    );

    server = await startMailServer(port);
    expect(await deliverDueMail(delivery(server.url, later(180_000)))).toBe(3);
    expect(await deliverDueMail(delivery(server.url, later(DAY_MS)))).toBe(0);
    expect(server.received.flatMap(recipientsOf).sort()).toEqual(
      addresses.sort(),
    );
    expect(rows().every((row) => row.state === "sent")).toBe(true);
    // The logs say what happened without naming anyone.
    const logs = stdout.join("");
    expect(logs).toContain("mail not sent, will try again");
    for (const address of addresses) expect(logs).not.toContain(address);
  });

  it("retries a temporary refusal and gives up on a permanent one, logging it", async () => {
    const to = queueOne();
    server.refuse(451);
    expect(await deliverDueMail(delivery(server.url, t0))).toBe(0);
    expect(rows()[0]).toMatchObject({ state: "queued", attempts: 1 });
    server.refuse(550);
    expect(await deliverDueMail(delivery(server.url, later(60_000)))).toBe(0);
    expect(rows()[0]).toMatchObject({
      state: "failed",
      attempts: 2,
      toAddress: "",
    });
    const logs = stdout.join("");
    expect(logs).toContain('"message":"mail given up"');
    expect(logs).toContain("refused by the mail server");
    expect(logs).not.toContain(to);
    expect(server.received).toEqual([]);
  });

  it("gives up after the configured time, however temporary the failure", async () => {
    queueOne();
    server.refuse(421);
    const hour = 60 * 60_000;
    const options = { giveUpAfterMs: hour };
    expect(await deliverDueMail(delivery(server.url, t0, options))).toBe(0);
    expect(rows()[0]!.state).toBe("queued");
    expect(
      await deliverDueMail(delivery(server.url, later(hour - 30_000), options)),
    ).toBe(0);
    expect(rows()[0]!.state).toBe("failed");
    expect(stdout.join("")).toContain("still failing at the give-up time");
  });

  it("never sends one message twice from two processes", async () => {
    const second = openDatabase(process.env.DATABASE_PATH!);
    try {
      const addresses = Array.from({ length: 6 }, () => queueOne());
      const [a, b] = await Promise.all([
        deliverDueMail(delivery(server.url, t0)),
        deliverDueMail(delivery(server.url, t0, { database: second })),
      ]);
      expect(a + b).toBe(6);
      expect(a).toBeGreaterThan(0);
      expect(b).toBeGreaterThan(0);
      expect(server.received.flatMap(recipientsOf).sort()).toEqual(
        addresses.sort(),
      );
    } finally {
      second.$client.close();
    }
  });

  it("takes over a message whose sender died once its lease has run out", async () => {
    queueOne();
    expect(claimNextMail(site.db(), t0)).toBeDefined(); // and then the process died
    expect(
      await deliverDueMail(delivery(server.url, later(SENDING_LEASE_MS - 1))),
    ).toBe(0);
    expect(server.received).toHaveLength(0);
    expect(
      await deliverDueMail(delivery(server.url, later(SENDING_LEASE_MS + 1))),
    ).toBe(1);
    expect(server.received).toHaveLength(1);
  });

  it("limits how much mail one address gets, whatever asks for it", () => {
    const to = "flooded@example.org";
    for (let i = 0; i < 5; i++) queueOne(later(i * 1000), to);
    site.db().transaction((tx) => {
      expect(
        queueMail(
          tx,
          { kind: "test", to: "FLOODED@example.org ", content: content("6") },
          later(10_000),
        ),
      ).toBe(false);
      // Control: another address is not affected.
      expect(
        queueMail(
          tx,
          { kind: "test", to: "other@example.org", content: content("7") },
          later(10_000),
        ),
      ).toBe(true);
    });
    expect(stdout.join("")).toContain("mail not queued");
    expect(stdout.join("")).not.toContain("flooded");
    // An hour later the address may get mail again.
    site.db().transaction((tx) => {
      expect(
        queueMail(
          tx,
          { kind: "test", to, content: content("8") },
          later(60 * 60_000 + 1000),
        ),
      ).toBe(true);
    });
  });
});

describe("the embedded default: mail written to .eml files", () => {
  const folder = mkdtempSync(join(tmpdir(), "lookout-mail-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("writes each message as a standard message file a mail client can open", async () => {
    const to = queueOne();
    const sent = await deliverDueMail(
      delivery(server.url, t0, { transport: fileTransport(folder) }),
    );
    expect(sent).toBe(1);
    expect(server.received).toEqual([]);
    const [mail, ...others] = await readMailFolder(folder);
    expect(others).toEqual([]);
    expect(recipientsOf(mail!)).toEqual([to]);
    expect(mail!.subject).toBe(`Hello ${to} · Lookout`);
    expect(mail!.text).toContain("call 101");
    expect(mail!.html).toContain("Choose a new password</a>");
    const logs = stdout.join("");
    expect(logs).toContain('"message":"mail written"');
    expect(logs).toContain(folder);
    expect(logs).not.toContain(to);
    expect(rows()[0]!.state).toBe("sent");
    // The row is marked sent: a second round writes nothing more.
    expect(
      await deliverDueMail(
        delivery(server.url, later(DAY_MS), {
          transport: fileTransport(folder),
        }),
      ),
    ).toBe(0);
    expect(await readMailFolder(folder)).toHaveLength(1);
  });
});

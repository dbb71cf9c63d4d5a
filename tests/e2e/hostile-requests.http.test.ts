// Hostile requests against the running server, over real HTTP. Oversized bodies are refused with
// 413 before any route reads them, whether the size is declared or the body is chunked, and the
// server goes on serving everyone else; malformed requests get a generic page, the detail going
// to the server's log only.
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  BODY_TOO_LARGE_MESSAGE,
  MAX_REQUEST_BODY_BYTES,
} from "~/server/body-limit.server";
import { LEGACY_DATA_MESSAGE } from "~/server/legacy-data.server";
import { CROSS_SITE_MESSAGE } from "~/server/same-origin.server";
import { commentFields } from "../helpers/comments";
import { startServer, type RunningServer } from "../helpers/server";

const POST = "/posts/how-to-use-this-board";
const TEN_MB = 10 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, "a");

let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
});

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => {
    console.log(`server output:\n${server?.logs().slice(-4000)}`);
  });
});

afterAll(async () => {
  await server?.stop();
});

type Answer = {
  status: number;
  connection: string | undefined;
  body: string;
};

/**
 * Sends a form POST and resolves with the answer as soon as it arrives, whatever is still being
 * sent: `send` writes the body and may stop writing once `answered()` is true.
 */
function post(
  headers: Record<string, string>,
  send: (
    write: (chunk: Buffer) => Promise<void>,
    answered: () => boolean,
  ) => Promise<void>,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let answer: Answer | null = null;
    const outgoing = httpRequest(server.url + POST, {
      method: "POST",
      headers: {
        Origin: server.url,
        "Content-Type": "application/x-www-form-urlencoded",
        ...headers,
      },
    });
    outgoing.on("response", (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (text: string) => (body += text));
      response.on("end", () => {
        answer = {
          status: response.statusCode ?? 0,
          connection: response.headers.connection,
          body,
        };
        resolve(answer);
      });
    });
    // The server closes the connection after its answer: writing on may then fail, which is fine.
    outgoing.on("error", (error) => {
      if (answer === null) reject(error);
    });
    const write = (chunk: Buffer) =>
      new Promise<void>((written) => {
        if (answer !== null || outgoing.destroyed) return written();
        if (outgoing.write(chunk)) written();
        else outgoing.once("drain", written);
      });
    void send(write, () => answer !== null).then(() => {
      if (answer === null && !outgoing.destroyed) outgoing.end();
    });
  });
}

/** Writes up to `bytes` of filler in chunks, stopping early once the server has answered. */
async function sendFiller(
  bytes: number,
  write: (chunk: Buffer) => Promise<void>,
  answered: () => boolean,
): Promise<void> {
  await write(Buffer.from("intent=preview&body="));
  for (let sent = 0; sent < bytes && !answered(); sent += CHUNK.length)
    await write(CHUNK);
}

function expectRefused(answer: Answer) {
  expect(answer.status).toBe(413);
  expect(answer.body).toBe(BODY_TOO_LARGE_MESSAGE);
  expect(answer.connection).toBe("close");
}

/** A comment preview, the cheapest form that reads its whole body and answers with it. */
async function previewStillWorks(): Promise<void> {
  const home = await fetch(server.url + "/");
  expect(home.status).toBe(200);
  const preview = await fetch(server.url + POST, {
    method: "POST",
    headers: { Origin: server.url },
    body: new URLSearchParams(
      commentFields({ intent: "preview", body: "Still **here**" }),
    ),
  });
  expect(preview.status).toBe(200);
  expect(await preview.text()).toContain("<strong>here</strong>");
}

/**
 * Sends only the headers of a form POST that declares `length` bytes and asks before sending
 * them, over a bare connection; resolves with what the server said in its first answer.
 */
function askFirst(length: number): Promise<string> {
  const { port, host } = new URL(server.url);
  const socket = connect(Number(port), "127.0.0.1");
  socket.setEncoding("utf8");
  return new Promise((resolve, reject) => {
    socket.once("data", (text: string) => {
      socket.destroy();
      resolve(text);
    });
    socket.once("error", reject);
    socket.write(
      [
        `POST ${POST} HTTP/1.1`,
        `Host: ${host}`,
        `Origin: ${server.url}`,
        "Content-Type: application/x-www-form-urlencoded",
        `Content-Length: ${length}`,
        "Expect: 100-continue",
        "",
        "",
      ].join("\r\n"),
    );
  });
}

describe("a request body over the limit", () => {
  it("is refused with 413 when a 10 MB body declares its length", async () => {
    const answer = await post(
      { "Content-Length": String(TEN_MB) },
      (write, answered) => sendFiller(TEN_MB, write, answered),
    );
    expectRefused(answer);
    await previewStillWorks();
  });

  it("is refused before the body arrives, and the connection closed", async () => {
    // Only the headers and a few bytes are ever sent, over a bare connection that stays open on
    // this side: a server that waited for the body would never answer, nor ever close it.
    const { port } = new URL(server.url);
    const socket = connect(Number(port), "127.0.0.1");
    let received = "";
    socket.setEncoding("utf8");
    socket.on("data", (text: string) => (received += text));
    const closedByServer = new Promise<void>((closed) =>
      socket.once("end", closed),
    );
    socket.write(
      [
        `POST ${POST} HTTP/1.1`,
        `Host: ${new URL(server.url).host}`,
        `Origin: ${server.url}`,
        "Content-Type: application/x-www-form-urlencoded",
        `Content-Length: ${TEN_MB}`,
        "",
        "intent=preview&body=x",
      ].join("\r\n"),
    );
    await closedByServer;
    socket.destroy();
    expect(received).toMatch(/^HTTP\/1\.1 413 /);
    expect(received).toMatch(/\r\nConnection: close\r\n/i);
    expect(received.endsWith(`\r\n\r\n${BODY_TOO_LARGE_MESSAGE}`)).toBe(true);
  });

  it("is refused without being invited when the client asks first (Expect: 100-continue)", async () => {
    const answer = await askFirst(TEN_MB);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).not.toContain("100 Continue");
  });

  it("is refused with 413 when a 10 MB body comes chunked, without a length", async () => {
    const answer = await post(
      { "Transfer-Encoding": "chunked" },
      (write, answered) => sendFiller(TEN_MB, write, answered),
    );
    expectRefused(answer);
    await previewStillWorks();
  });

  it("leaves the server healthy after several at once, with nothing alarming in its log", async () => {
    const answers = await Promise.all(
      Array.from({ length: 4 }, (_, index) =>
        post(
          index % 2 === 0
            ? { "Content-Length": String(TEN_MB) }
            : { "Transfer-Encoding": "chunked" },
          (write, answered) => sendFiller(TEN_MB, write, answered),
        ),
      ),
    );
    for (const answer of answers) expectRefused(answer);
    await previewStillWorks();
    expect(server.logs()).not.toMatch(/error/i);
  });
});

describe("a request body within the limit", () => {
  it("is invited when the client asks first (Expect: 100-continue)", async () => {
    expect(await askFirst(2_000)).toMatch(/^HTTP\/1\.1 100 Continue\r\n/);
  });

  it("reaches the route whole when it comes chunked", async () => {
    const body = "A long comment. ".repeat(2_000);
    const answer = await post(
      { "Transfer-Encoding": "chunked" },
      async (write) => {
        const form = new URLSearchParams(
          commentFields({ intent: "preview", body }),
        ).toString();
        // In small pieces, so the body is put back together from many chunks.
        for (let start = 0; start < form.length; start += 1_000)
          await write(Buffer.from(form.slice(start, start + 1_000)));
      },
    );
    expect(answer.status).toBe(200);
    expect(
      answer.body.split("A long comment.").length - 1,
    ).toBeGreaterThanOrEqual(2_000);
  });

  it("is accepted up to the limit itself", async () => {
    // Just under the limit: the route reads it and refuses it for its own reason, not for size.
    const field = "intent=preview&body=";
    const filler = "a".repeat(MAX_REQUEST_BODY_BYTES - field.length);
    const response = await fetch(server.url + POST, {
      method: "POST",
      headers: {
        Origin: server.url,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: field + filler,
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("A comment can be at most");
  });
});

describe("a malformed request", () => {
  /** What a page must never show: the error's own words, or where in the code it happened. */
  const expectGeneric = (page: string) => {
    expect(page).not.toMatch(/node_modules|\.js:\d+|\.ts:\d+|\n\s+at /);
    expect(page).not.toMatch(/URIError|TypeError|FormData|decode/);
  };

  it("gets a generic page for an address that cannot be decoded", async () => {
    const response = await fetch(`${server.url}/posts/%E0%A4%A`);
    expect(response.status).toBe(400);
    expectGeneric(await response.text());
    // The detail is for the operator, in the server's log.
    await expect
      .poll(() => server.logs(), { timeout: 5_000 })
      .toContain("Failed to decode param");
  });

  it("gets a 400 and a generic page for a form body that cannot be parsed", async () => {
    const response = await fetch(server.url + POST, {
      method: "POST",
      headers: {
        Origin: server.url,
        "Content-Type": "multipart/form-data; boundary=broken",
      },
      body: '--broken\r\nContent-Disposition: form-data; name="intent"\r\n\r\nco',
    });
    // The sender's mistake, not the server's: no error in the log, no error page's reference.
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain("This request could not be handled");
    expect(page).not.toContain("data-request-id");
    expectGeneric(page);
  });

  it.each(["/sign-in", "/sign-up"])(
    "gets a 400 for a form body that cannot be parsed, posted to %s",
    async (path) => {
      const response = await fetch(server.url + path, {
        method: "POST",
        headers: {
          Origin: server.url,
          "Content-Type": "multipart/form-data",
        },
        body: "not a form",
      });
      expect(response.status).toBe(400);
      expectGeneric(await response.text());
    },
  );
});

// The server's own stack, not a test worker's: a line of ">" overflowed it and answered 500.
// Each body is within the default length limit; the policy runs after the rendering.
describe("a comment nested deeper than Markdown allows", () => {
  const SHAPES: [string, string][] = [
    ["quote markers", ">".repeat(4000)],
    ["spaced quote markers", "> ".repeat(2000)],
    ["list markers", "- ".repeat(2000)],
    ["strong around words", `${"**a ".repeat(600)}x${" a**".repeat(600)}`],
  ];
  // Previews of every shape; comments of two, as the flood limit allows five a minute.
  it.each(
    SHAPES.flatMap(([shape, markup], index) =>
      (index < 2 ? ["preview", "comment"] : ["preview"]).flatMap((intent) =>
        ["", ".data"].map((data) => [shape, intent, data, markup]),
      ),
    ),
  )(
    "of %s is answered for intent %s (%s), not with a 500",
    async (shape, intent, data, markup) => {
      const response = await fetch(`${server.url}${POST}${data}`, {
        method: "POST",
        headers: { Origin: server.url },
        body: new URLSearchParams(
          commentFields({
            intent,
            body: `${markup} ${shape} ${intent} ${data}`,
          }),
        ),
      });
      const text = await response.text();
      expect(response.status, text.slice(0, 300)).toBe(200);
      expect(text).not.toContain("Unexpected Server Error");
    },
  );
});

/** A request with headers fetch will not send as given (Host), over node:http. */
function rawRequest(
  path: string,
  {
    method = "GET",
    headers = {},
    body = "",
  }: { method?: string; headers?: Record<string, string>; body?: string },
): Promise<{
  status: number;
  location: string | undefined;
  requestId: string;
  body: string;
}> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(server.url + path, { method, headers });
    outgoing.on("response", (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          location: response.headers.location,
          requestId: String(response.headers["x-request-id"]),
          body: text,
        }),
      );
    });
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

/**
 * Signs up a fresh account through the real form; resolves with its email. The account can
 * sign in before its email is confirmed.
 */
async function signUpThroughTheForm(password: string): Promise<string> {
  const email = `e2e.${Date.now().toString(36)}.${Math.random().toString(36).slice(2)}@example.org`;
  const answer = await fetch(server.url + "/sign-up", {
    method: "POST",
    headers: { Origin: server.url },
    body: new URLSearchParams({ email, displayName: "Guess Target", password }),
    redirect: "manual",
  });
  expect(answer.status).toBe(200);
  expect(await answer.text()).toContain("Check your email");
  return email;
}

const signInOverHttp = (fields: Record<string, string>) =>
  fetch(server.url + "/sign-in", {
    method: "POST",
    headers: { Origin: server.url },
    body: new URLSearchParams(fields),
    redirect: "manual",
  }).then(async (answer) => {
    await answer.body?.cancel();
    return answer;
  });

describe("simultaneous sign-in guesses", () => {
  it("are evaluated five at most, the right password among the rest refused", async () => {
    const password = "the real long password";
    const email = await signUpThroughTheForm(password);
    const guesses = Array.from({ length: 80 }, (_, index) =>
      index === 79 ? password : `guess number ${index}`,
    );
    const answers = await Promise.all(
      guesses.map((guess) => signInOverHttp({ email, password: guess })),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status !== 429)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(75);
    expect(answers[79]!.status).toBe(429);
    expect(answers[79]!.headers.get("set-cookie")).toBeNull();
    for (const answer of answers.filter((answer) => answer.status === 429))
      expect(Number(answer.headers.get("retry-after"))).toBeGreaterThan(0);
    // Control: another account signs in from the same address.
    const other = await signUpThroughTheForm(password);
    expect((await signInOverHttp({ email: other, password })).status).toBe(302);
  });
});

describe("signing in through the real form", () => {
  it.each(["/.//evil.example", "/%2e%2e//evil.example", "//evil.example"])(
    "never ends on another site, given the return address %j",
    async (redirectTo) => {
      const password = "the real long password";
      const email = await signUpThroughTheForm(password);
      const answer = await signInOverHttp({ email, password, redirectTo });
      expect(answer.status).toBe(302);
      expect(answer.headers.get("location")).toBe("/");
    },
  );
});

describe("a GET to an address that only takes forms", () => {
  it("is sent to the moderation queue, not answered with an error", async () => {
    const answer = await rawRequest("/moderation/comments", {});
    expect(answer.status).toBe(302);
    expect(answer.location).toBe("/moderation");
    // Control: the queue itself sends a signed-out browser to sign in.
    const queue = await rawRequest("/moderation", {});
    expect(queue.status).toBe(302);
    expect(queue.location).toMatch(/^\/sign-in\?redirectTo=/);
  });

  it("for sign-out goes home", async () => {
    const answer = await rawRequest("/sign-out", {});
    expect(answer).toMatchObject({ status: 302, location: "/" });
  });
});

describe("a ?_data= request (the data protocol this site does not use)", () => {
  it.each([
    "/sign-in?_data=",
    "/sign-up?_data=",
    "/sign-in?_data=routes/sign-in",
    "/?_data=root",
    "/search?q=x&_data=routes/search",
    "/posts/how-to-use-this-board?_data=routes%2Fposts.%24slug",
  ])("is answered 400 with one short log line: %s", async (path) => {
    const before = server.logs().length;
    const answer = await rawRequest(path, {});
    expect(answer.status).toBe(400);
    expect(answer.body).toBe(LEGACY_DATA_MESSAGE);
    const linesOfIt = () =>
      server
        .logs()
        .split("\n")
        .filter((line) => line.includes(answer.requestId));
    await expect
      .poll(linesOfIt, { timeout: 5_000 })
      .toEqual([expect.stringContaining('"status":400')]);
    expect(linesOfIt()[0]!.length).toBeLessThan(300);
    // Nothing else: no warning from Remix, no stack.
    expect(server.logs().slice(before)).not.toMatch(
      /_data|Single fetch|\n\s+at /,
    );
  });

  it("leaves the same pages working without it", async () => {
    expect((await rawRequest("/sign-in", {})).status).toBe(200);
    expect((await rawRequest("/search?q=x&data=1", {})).status).toBe(200);
  });
});

describe("a form sent through another host name (DNS rebinding)", () => {
  it("is refused even when its Origin matches the Host it was sent to", async () => {
    const { port } = new URL(server.url);
    const rebound = `http://evil.example:${port}`;
    const answer = await rawRequest(POST, {
      method: "POST",
      headers: {
        Host: `evil.example:${port}`,
        Origin: rebound,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams(
        commentFields({ intent: "preview", body: "Rebound" }),
      ).toString(),
    });
    expect(answer.status).toBe(403);
    expect(answer.body).toBe(CROSS_SITE_MESSAGE);
    // Control: the same form from the site's own address is taken.
    const own = await rawRequest(POST, {
      method: "POST",
      headers: {
        Origin: server.url,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams(
        commentFields({ intent: "preview", body: "Own" }),
      ).toString(),
    });
    expect(own.status).toBe(200);
  });
});

describe("a form from the site's origin sent with another Host", () => {
  // Remix refuses an action whose Host differs from its Origin by throwing: a 500 until the
  // pipeline answered it first.
  it("is refused with 403 and the site's words, not a 500", async () => {
    const { port } = new URL(server.url);
    const answer = await rawRequest(POST, {
      method: "POST",
      headers: {
        Host: `localhost:${port}`,
        Origin: server.url,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams(
        commentFields({ intent: "preview", body: "Other host" }),
      ).toString(),
    });
    expect(answer.status).toBe(403);
    expect(answer.body).toBe(CROSS_SITE_MESSAGE);
  });
});

describe("a form sent to a page that takes none", () => {
  it.each(["/", "/search", "/moderation/log"])(
    "is answered 405 with only its request's log line: %s",
    async (path) => {
      const answer = await rawRequest(path, {
        method: "POST",
        headers: {
          Origin: server.url,
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: "intent=comment",
      });
      expect(answer.status).toBe(405);
      const linesOfIt = () =>
        server
          .logs()
          .split("\n")
          .filter((line) => line.includes(answer.requestId));
      await expect
        .poll(linesOfIt, { timeout: 5_000 })
        .toContainEqual(expect.stringContaining('"status":405'));
      expect(linesOfIt()).toHaveLength(1);
    },
  );
});

// POST /write/images: an editor's image upload, answered as JSON to the form's script and as a
// small page without JavaScript. Only editors and admins may upload; nothing a client sends
// makes it fail with a 500.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import {
  IMAGE_MESSAGES,
  MAX_IMAGE_UPLOAD_BODY_BYTES,
  type ImageUploadAnswer,
} from "~/domain/image-upload";
import { action, loader } from "~/routes/write.images";
import {
  answerOf,
  makeUser,
  sessionCookieFor,
  type Kind,
} from "../helpers/accounts";
import { useTempSite } from "../helpers/temp-site";

const site = useTempSite();
const cookies: Partial<Record<Kind, string>> = {};

beforeAll(async () => {
  for (const kind of ["member", "editor", "moderator", "admin"] as const)
    cookies[kind] = await sessionCookieFor((await makeUser(kind)).id);
});

const jpegWithGps = () =>
  sharp({
    create: { width: 2400, height: 1200, channels: 3, background: "#2255aa" },
  })
    .jpeg()
    .withExif({
      IFD0: { Make: "LookoutTestCam" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "51/1 30/1 2620/100" },
    })
    .toBuffer();

const png = () =>
  sharp({
    create: { width: 30, height: 20, channels: 3, background: "#aa5522" },
  })
    .png()
    .toBuffer();

type Upload = {
  cookie?: string | null;
  file?: { bytes: Uint8Array; name: string; type: string } | null;
  alt?: string;
  json?: boolean;
  search?: string;
  headers?: Record<string, string>;
};

function uploadRequest({
  cookie = cookies.editor!,
  file = null,
  alt,
  json = true,
  search = "",
  headers = {},
}: Upload): Request {
  const form = new FormData();
  if (file)
    form.append(
      "image",
      new File([Buffer.from(file.bytes)], file.name, { type: file.type }),
    );
  else form.append("image", new File([], ""));
  if (alt !== undefined) form.append("alt", alt);
  const sent = new Headers({ Origin: "http://localhost", ...headers });
  if (cookie) sent.set("Cookie", cookie);
  if (json) sent.set("Accept", "application/json");
  return new Request(`http://localhost/write/images${search}`, {
    method: "POST",
    headers: sent,
    body: form,
  });
}

const post = (upload: Upload) =>
  answerOf(() =>
    action({
      request: uploadRequest(upload),
      params: {},
      context: { clientAddress: "127.0.0.1" },
    }),
  );

/** The response itself, for its body. */
async function respond(upload: Upload): Promise<Response> {
  const response = await action({
    request: uploadRequest(upload),
    params: {},
    context: { clientAddress: "127.0.0.1" },
  });
  if (!(response instanceof Response)) throw new Error("expected a Response");
  return response;
}

describe("who may upload", () => {
  it.each(["member", "moderator"] as const)(
    "a %s gets 403, and nothing is stored",
    async (kind) => {
      const answer = await post({
        cookie: cookies[kind]!,
        file: { bytes: await png(), name: "map.png", type: "image/png" },
        alt: "A map",
      });
      expect(answer).toMatchObject({ status: 403, thrown: true });
    },
  );

  it("someone signed out is sent to sign in first", async () => {
    const answer = await post({
      cookie: null,
      file: { bytes: await png(), name: "map.png", type: "image/png" },
      alt: "A map",
    });
    expect(answer.status).toBe(302);
    expect(answer.location).toMatch(/^\/sign-in\?redirectTo=/);
  });

  it.each(["editor", "admin"] as const)(
    "an %s may (the control)",
    async (kind) => {
      const response = await respond({
        cookie: cookies[kind]!,
        file: { bytes: await png(), name: "map.png", type: "image/png" },
        alt: "A map",
      });
      expect(response.status).toBe(200);
    },
  );

  it("a member cannot open the upload page either", async () => {
    const request = (cookie: string) =>
      new Request("http://localhost/write/images", {
        headers: { Cookie: cookie },
      });
    const refused = await answerOf(() =>
      loader({
        request: request(cookies.member!),
        params: {},
        context: { clientAddress: "127.0.0.1" },
      }),
    );
    expect(refused.status).toBe(403);
    const page = await loader({
      request: request(cookies.editor!),
      params: {},
      context: { clientAddress: "127.0.0.1" },
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/enctype="multipart\/form-data"/i);
    expect(html).toContain('name="alt"');
  });
});

describe("with JavaScript: JSON", () => {
  it("stores a photo without its GPS, resized, and answers the Markdown to insert", async () => {
    const response = await respond({
      file: {
        bytes: await jpegWithGps(),
        name: "IMG_0042.JPG",
        type: "image/jpeg",
      },
      alt: "The alley behind Station Road",
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const answer = (await response.json()) as ImageUploadAnswer;
    if (!answer.ok) throw new Error(JSON.stringify(answer));
    expect(answer.path).toMatch(
      /^images\/the-alley-behind-station-road-[0-9a-f]{12}\.jpg$/,
    );
    expect(answer.markdown).toBe(
      `![The alley behind Station Road](${answer.path})`,
    );
    expect([answer.width, answer.height]).toEqual([1600, 800]);
    const stored = readFileSync(join(site.contentDir, "posts", answer.path));
    const metadata = await sharp(stored).metadata();
    expect(metadata.exif).toBeUndefined();
    expect(stored.includes("LookoutTestCam")).toBe(false);
  });

  it("accepts a PNG named .jpg and claimed as a JPEG, as the PNG it is", async () => {
    const response = await respond({
      file: { bytes: await png(), name: "photo.jpg", type: "image/jpeg" },
      alt: "A map",
    });
    const answer = (await response.json()) as ImageUploadAnswer;
    expect(answer).toMatchObject({
      ok: true,
      path: expect.stringMatching(/\.png$/),
    });
  });

  it.each([
    [
      "a program renamed .png",
      {
        bytes: Buffer.from("\x7fELF\x02\x01\x01\0"),
        name: "cat.png",
        type: "image/png",
      },
      "A cat",
      { image: IMAGE_MESSAGES.notAnImage },
    ],
    [
      "a text file renamed .png",
      { bytes: Buffer.from("hello\n"), name: "notes.png", type: "image/png" },
      "Notes",
      { image: IMAGE_MESSAGES.notAnImage },
    ],
    ["no file", null, "A map", { image: IMAGE_MESSAGES.missing }],
  ])(
    "refuses %s with 400 and the message for its field",
    async (_, file, alt, errors) => {
      const response = await respond({ file, alt });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ ok: false, errors });
    },
  );

  it.each([
    ["no alt text", undefined],
    ["empty alt text", ""],
    ["alt text of spaces", "   "],
  ])("refuses %s with 400", async (_, alt) => {
    const response = await respond({
      file: { bytes: await png(), name: "map.png", type: "image/png" },
      alt,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      ok: false,
      errors: { alt: IMAGE_MESSAGES.altMissing },
    });
  });

  it("refuses a body larger than an upload may be with 413, before reading it", async () => {
    const response = await respond({
      file: { bytes: await png(), name: "map.png", type: "image/png" },
      alt: "A map",
      headers: { "Content-Length": String(MAX_IMAGE_UPLOAD_BODY_BYTES + 1) },
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      ok: false,
      errors: { image: IMAGE_MESSAGES.tooLarge },
    });
  });

  it("refuses a body that is not a multipart form with 400, not a 500", async () => {
    const response = await action({
      request: new Request("http://localhost/write/images", {
        method: "POST",
        headers: {
          Cookie: cookies.editor!,
          Accept: "application/json",
          "Content-Type": "application/json",
        },
        body: '{"image": "x"}',
      }),
      params: {},
      context: { clientAddress: "127.0.0.1" },
    });
    expect(response.status).toBe(400);
  });

  it("refuses a multipart body that breaks off with 400, not a 500", async () => {
    const answer = await answerOf(() =>
      action({
        request: new Request("http://localhost/write/images", {
          method: "POST",
          headers: {
            Cookie: cookies.editor!,
            Accept: "application/json",
            "Content-Type": "multipart/form-data; boundary=xyz",
          },
          body: '--xyz\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\n\r\nabc',
        }),
        params: {},
        context: { clientAddress: "127.0.0.1" },
      }),
    );
    expect(answer.status).toBe(400);
  });
});

describe("without JavaScript: a page", () => {
  it("shows the Markdown to paste, and links back to the page it came from", async () => {
    const response = await respond({
      json: false,
      search: "?return=%2Fwrite%2Fshed-security",
      file: { bytes: await png(), name: "map.png", type: "image/png" },
      alt: "A map of the <north> end",
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toMatch(
      /<textarea[^>]*readonly[^>]*>!\[A map of the &lt;north&gt; end\]\(images\/a-map-of-the-north-end-[0-9a-f]{12}\.png\)<\/textarea>/,
    );
    expect(html).toContain(
      '<a href="/write/shed-security">Back to writing</a>',
    );
  });

  it("links back to the writing desk, not another site, whatever `return` says", async () => {
    const response = await respond({
      json: false,
      search: "?return=https%3A%2F%2Fevil.example%2F",
      file: { bytes: await png(), name: "map.png", type: "image/png" },
      alt: "A map",
    });
    const html = await response.text();
    expect(html).toContain('<a href="/write">Back to writing</a>');
    expect(html).not.toContain("evil.example");
  });

  it("draws a refusal as the form again, with the alt text typed and the message beside the file", async () => {
    const response = await respond({
      json: false,
      file: {
        bytes: Buffer.from("MZ\x90\0"),
        name: "shed.png",
        type: "image/png",
      },
      alt: "The shed door",
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('value="The shed door"');
    expect(html).toMatch(
      /<input[^>]*aria-invalid="true"[^>]*aria-describedby="image-upload-file-error[^"]*"[^>]*type="file"/,
    );
    expect(html).toContain(
      `<p class="field-error" id="image-upload-file-error">${IMAGE_MESSAGES.notAnImage}</p>`,
    );
  });
});

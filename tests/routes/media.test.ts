// /media serves the images posts reference, from content/posts/. A symbolic link in there must
// not make it serve a file from anywhere else on the machine.
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loader as mediaLoader } from "~/routes/media.$";
import { answerOf } from "../helpers/accounts";
import { useTempSite } from "../helpers/temp-site";

const site = useTempSite();
const PICTURE = "<svg xmlns='http://www.w3.org/2000/svg'/>";
const SECRET = "not a picture for readers";

beforeAll(() => {
  site.writeContent("posts/images/lock.svg", PICTURE);
  // Outside the posts folder, beside it: what a link must not reach.
  const outside = join(dirname(site.contentDir), "outside");
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(outside, "secret.png"), SECRET);
  const images = join(site.contentDir, "posts/images");
  symlinkSync(join(outside, "secret.png"), join(images, "absolute.png"));
  symlinkSync("../../../outside/secret.png", join(images, "relative.png"));
  symlinkSync(outside, join(images, "folder"));
  symlinkSync("/etc/hostname", join(images, "system.png"));
  // A link that stays inside the posts folder is an ordinary file of the site.
  symlinkSync("lock.svg", join(images, "alias.svg"));
});

const get = (path: string) =>
  answerOf(async () => {
    const response = await mediaLoader({
      request: new Request(`http://localhost/media/${path}`),
      params: { "*": path },
      context: { clientAddress: "203.0.113.9" },
    });
    return response;
  });

describe("an image under /media", () => {
  it.each([
    "images/absolute.png",
    "images/relative.png",
    "images/folder/secret.png",
    "images/system.png",
  ])(
    "is not served through a link leading out of the posts folder: %s",
    async (path) => {
      const answer = await get(path);
      expect(answer).toMatchObject({ status: 404, thrown: true });
    },
  );

  it.each(["images/lock.svg", "images/alias.svg"])(
    "is served when it is, or links to, a file in the posts folder: %s",
    async (path) => {
      const response = await mediaLoader({
        request: new Request(`http://localhost/media/${path}`),
        params: { "*": path },
        context: { clientAddress: "203.0.113.9" },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("Content-Type")).toBe("image/svg+xml");
      expect(await response.text()).toBe(PICTURE);
    },
  );
});

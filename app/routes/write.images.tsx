// A resource route: it answers JSON to the upload's script and draws its own small page for a
// browser without JavaScript, so it has no page component of its own.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { renderToStaticMarkup } from "react-dom/server";
import { z } from "zod";
import {
  IMAGE_MESSAGES,
  MAX_IMAGE_UPLOAD_BODY_BYTES,
  type ImageUploadAnswer,
  type ImageUploadErrors,
} from "~/domain/image-upload";
import { requireDesk } from "~/features/accounts/desk.server";
import { getSiteSettings } from "~/features/posts/site-settings.server";
import { storePostImage } from "~/features/writing/images.server";
import { readForm, safeRedirectPath } from "~/platform/http.server";
import stylesHref from "~/styles/app.css?url";
import { Field } from "~/ui/field";
import { ImageUpload, ImageUploadForm } from "~/ui/image-upload";

/** Where the answer page leads back to when the form named no page of its own. */
const WRITING_DESK = "/write";

const uploadFields = z.object({
  // Its length is the feature's to check, so that it can say so beside the field.
  alt: z.string().catch(""),
});

const NO_STORE = { "Cache-Control": "no-store" };

function wantsJson(request: Request): boolean {
  return (request.headers.get("Accept") ?? "").includes("application/json");
}

function json(answer: ImageUploadAnswer, status: number): Response {
  return Response.json(answer, { status, headers: NO_STORE });
}

type PageState =
  | { kind: "form"; alt: string; errors: ImageUploadErrors }
  | { kind: "stored"; markdown: string; path: string };

/** The small page a browser without JavaScript gets: the form, or the Markdown to paste. */
function page(
  state: PageState,
  returnTo: string,
  status: number,
  request: Request,
): Response {
  const siteName = getSiteSettings().name;
  const back = new URL(request.url).searchParams.get("return");
  const title = state.kind === "stored" ? "Image uploaded" : "Upload an image";
  const body = renderToStaticMarkup(
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${title} · ${siteName}`}</title>
        <link rel="stylesheet" href={stylesHref} />
      </head>
      <body>
        <main id="main" className="wrap narrow">
          <h1 className="page-title">{title}</h1>
          {state.kind === "stored" ? (
            <>
              <p role="status">
                The image is saved, without its location or camera details. Copy
                this line into the post&rsquo;s body where the image goes, on a
                line of its own:
              </p>
              <Field
                id="image-markdown"
                label="Markdown for the image"
                control={(props) => (
                  <textarea
                    {...props}
                    readOnly
                    rows={2}
                    defaultValue={state.markdown}
                  />
                )}
              />
              <p>
                <img
                  src={`/media/${state.path}`}
                  alt=""
                  className="image-upload-result"
                />
              </p>
              <p>
                If this page opened in a new tab, close it to go back to the
                post. <a href={returnTo}>Back to writing</a>
              </p>
            </>
          ) : (
            <>
              <ImageUploadForm
                returnTo={back === null ? undefined : returnTo}
                newTab={false}
              />
              <ImageUpload alt={state.alt} errors={state.errors} />
              <p>
                <a href={returnTo}>Back to writing</a>
              </p>
            </>
          )}
        </main>
      </body>
    </html>,
  );
  return new Response(`<!DOCTYPE html>${body}`, {
    status,
    headers: { "Content-Type": "text/html; charset=utf-8", ...NO_STORE },
  });
}

/** The upload form on a page of its own (where the post form's answer page leads back). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireDesk(request, "writePosts");
  const returnTo = safeRedirectPath(
    new URL(request.url).searchParams.get("return"),
    WRITING_DESK,
  );
  return page({ kind: "form", alt: "", errors: {} }, returnTo, 200, request);
}

/**
 * Stores an uploaded image for a post (editors and admins; anyone else gets 403) and answers
 * the Markdown that shows it: as JSON to a script that asks for it (`Accept: application/json`),
 * otherwise as a page. A refusal is 400 with a message for each field at fault; a body larger
 * than an image may be is 413, as the server's own limit answers it.
 */
export async function action({ request }: ActionFunctionArgs) {
  await requireDesk(request, "writePosts");
  const asJson = wantsJson(request);
  const returnTo = safeRedirectPath(
    new URL(request.url).searchParams.get("return"),
    WRITING_DESK,
  );
  const refuse = (errors: ImageUploadErrors, alt: string, status = 400) =>
    asJson
      ? json({ ok: false, errors }, status)
      : page({ kind: "form", alt, errors }, returnTo, status, request);

  if (
    Number(request.headers.get("Content-Length")) > MAX_IMAGE_UPLOAD_BODY_BYTES
  )
    return refuse({ image: IMAGE_MESSAGES.tooLarge }, "", 413);
  if (
    !(request.headers.get("Content-Type") ?? "").startsWith(
      "multipart/form-data",
    )
  )
    return refuse({ form: "Choose an image with the upload form." }, "");
  const form = await readForm(request);
  const { alt } = uploadFields.parse({ alt: form.get("alt") ?? "" });
  const file = form.get("image");
  // A browser sends an empty, nameless part when no file was chosen.
  const chosen = file instanceof File && (file.size > 0 || file.name !== "");
  const outcome = await storePostImage({
    bytes: chosen ? new Uint8Array(await file.arrayBuffer()) : null,
    alt,
  });
  if (!outcome.ok) {
    if (outcome.retryAfterSeconds === undefined)
      return refuse(outcome.errors, alt);
    const unavailable = refuse(outcome.errors, alt, 503);
    unavailable.headers.set("Retry-After", String(outcome.retryAfterSeconds));
    return unavailable;
  }
  const { markdown, path, width, height } = outcome.image;
  return asJson
    ? json({ ok: true, markdown, path, width, height }, 200)
    : page({ kind: "stored", markdown, path }, returnTo, 200, request);
}

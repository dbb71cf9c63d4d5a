import { useEffect, useState } from "react";
import {
  MAX_PREVIEW_CHARACTERS,
  PREVIEW_PATH,
  PREVIEW_TOO_LONG,
  type PreviewAnswer,
} from "~/domain/post-preview";
import { textareaById } from "./textarea-edit";

/** How long typing must pause before the preview is asked for again. */
export const PREVIEW_DELAY_MS = 300;

const UNAVAILABLE =
  "The preview could not be updated just now. The Preview button still shows the post.";

function formWith(body: string): FormData {
  const form = new FormData();
  form.append("body", body);
  return form;
}

function isAnswer(value: unknown): value is PreviewAnswer {
  return (
    typeof value === "object" &&
    value !== null &&
    (typeof (value as { html?: unknown }).html === "string" ||
      typeof (value as { error?: unknown }).error === "string")
  );
}

/**
 * The post as readers will see it, beside the textarea whose id is `target`, kept up to date
 * while the editor types: once typing pauses for `delayMs`, the body is posted to /write/preview,
 * which renders it with the site's own renderer and sanitizer (so the HTML shown here is safe to
 * insert). Only the latest answer is shown; an earlier request still under way is cancelled.
 *
 * Without JavaScript it draws nothing: the post form's own Preview button does that job. Mount
 * it after the textarea: `<LivePreview target="post-body" />`.
 */
export function LivePreview({
  target,
  heading = "Live preview",
  delayMs = PREVIEW_DELAY_MS,
}: {
  target: string;
  heading?: string;
  delayMs?: number;
}) {
  const [hydrated, setHydrated] = useState(false);
  const [html, setHtml] = useState("");
  const [problem, setProblem] = useState("");
  useEffect(() => setHydrated(true), []);

  useEffect(() => {
    if (!hydrated) return;
    const textarea = textareaById(target);
    if (!textarea) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let running: AbortController | undefined;

    async function update(textarea: HTMLTextAreaElement) {
      running?.abort();
      const body = textarea.value;
      if (body.length > MAX_PREVIEW_CHARACTERS) {
        setProblem(PREVIEW_TOO_LONG);
        return;
      }
      const controller = new AbortController();
      running = controller;
      try {
        const response = await fetch(PREVIEW_PATH, {
          method: "POST",
          // Multipart, so the text goes as UTF-8 as it is (URL-encoding would triple it).
          body: formWith(body),
          headers: { Accept: "application/json" },
          credentials: "same-origin",
          signal: controller.signal,
        });
        const answer: unknown = await response.json().catch(() => null);
        if (controller.signal.aborted) return;
        if (isAnswer(answer) && "html" in answer) {
          setHtml(answer.html);
          setProblem("");
        } else {
          setProblem(
            isAnswer(answer) && "error" in answer ? answer.error : UNAVAILABLE,
          );
        }
      } catch {
        if (!controller.signal.aborted) setProblem(UNAVAILABLE);
      }
    }

    const onInput = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void update(textarea), delayMs);
    };
    textarea.addEventListener("input", onInput);
    void update(textarea);
    return () => {
      textarea.removeEventListener("input", onInput);
      clearTimeout(timer);
      running?.abort();
    };
  }, [hydrated, target, delayMs]);

  if (!hydrated) return null;
  const headingId = `${target}-live-preview`;
  return (
    <section className="live-preview" aria-labelledby={headingId}>
      <h2 id={headingId}>{heading}</h2>
      {problem ? (
        <p className="hint" role="status">
          {problem}
        </p>
      ) : null}
      {/* HTML from /write/preview: rendered and sanitized by the server, as a post is. */}
      <div
        className="prose preview"
        aria-live="polite"
        dangerouslySetInnerHTML={{ __html: html }}
      />
    </section>
  );
}

import { useEffect, useState, type RefObject } from "react";
import { CALL_999_PROMPT, happeningNowPhrases } from "~/domain/happening-now";

/**
 * Under the comment field: "If this is happening now, call 999…". With JavaScript it appears as
 * the poster types a phrase of `phrases`; without it, the server's answer sets `shownByServer`
 * after the comment was posted. It never stops anyone posting. `phrases` empty turns it off.
 */
export function HappeningNowPrompt({
  fieldRef,
  phrases,
  shownByServer,
  id,
}: {
  fieldRef: RefObject<HTMLTextAreaElement | null>;
  phrases: readonly string[];
  shownByServer: boolean;
  id: string;
}) {
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    const field = fieldRef.current;
    if (!field || phrases.length === 0) return;
    const update = () => setText(field.value);
    update();
    field.addEventListener("input", update);
    return () => field.removeEventListener("input", update);
  }, [fieldRef, phrases]);
  // Before the scripts run (or without them) only the server's answer counts.
  const shown =
    text === null
      ? shownByServer
      : happeningNowPhrases(text, phrases).length > 0;
  if (text === null && !shownByServer) return null;
  return (
    <p className="call-999" id={id} role="status">
      {shown ? CALL_999_PROMPT : ""}
    </p>
  );
}

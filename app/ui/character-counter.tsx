import { useEffect, useState, type RefObject } from "react";
import {
  bandAnnouncement,
  characterCount,
  countBand,
  counterText,
} from "~/domain/character-count";

/**
 * Under a text field, with JavaScript: how many characters it holds of the policy's limit. The
 * visible count follows every key; screen readers hear only when the text comes near the limit
 * or goes over it (a polite live region), not at every key. Without JavaScript there is nothing
 * here, and the field's maxLength and the server's answer say the same.
 */
export function CharacterCounter({
  fieldRef,
  limit,
  id,
}: {
  fieldRef: RefObject<HTMLTextAreaElement | null>;
  limit: number;
  id: string;
}) {
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    const field = fieldRef.current;
    if (!field) return;
    const update = () => setCount(characterCount(field.value));
    update();
    field.addEventListener("input", update);
    return () => field.removeEventListener("input", update);
  }, [fieldRef]);
  if (count === null) return null;
  const band = countBand(count, limit);
  return (
    <>
      <p
        className={`character-count${band === "over" ? " over" : ""}`}
        id={id}
        aria-hidden="true"
      >
        {counterText(count, limit)}
      </p>
      <p className="visually-hidden" aria-live="polite">
        {bandAnnouncement(band, count, limit)}
      </p>
    </>
  );
}

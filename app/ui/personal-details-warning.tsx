import { useEffect, useState, type RefObject } from "react";
import {
  PERSONAL_DETAIL_KINDS,
  PERSONAL_DETAIL_LABELS,
  findPersonalDetails,
  type PersonalDetailOptions,
} from "~/domain/personal-details";

/**
 * Under the comment field, with JavaScript: as the poster types, says when the text may identify
 * a person or a home, so they can take the detail out before posting. Without JavaScript the
 * server's answer gives the same reason. `options` is null when the board does not hold them.
 */
export function PersonalDetailsWarning({
  fieldRef,
  options,
  id,
}: {
  fieldRef: RefObject<HTMLTextAreaElement | null>;
  options: PersonalDetailOptions | null;
  id: string;
}) {
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    const field = fieldRef.current;
    if (!field || !options) return;
    const update = () => setText(field.value);
    update();
    field.addEventListener("input", update);
    return () => field.removeEventListener("input", update);
  }, [fieldRef, options]);
  if (text === null || !options) return null;
  const details = findPersonalDetails(text, options);
  const kinds = PERSONAL_DETAIL_KINDS.filter((kind) =>
    details.some((detail) => detail.kind === kind),
  );
  return (
    <p className="safety-warning" id={id} role="status">
      {kinds.length > 0
        ? `This may identify a person or a home (${kinds.map((kind) => PERSONAL_DETAIL_LABELS[kind]).join(", ")}). A moderator will read it before it appears: take the detail out if you can.`
        : ""}
    </p>
  );
}
